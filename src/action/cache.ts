/**
 * The store in the GitHub Actions runner cache (DESIGN.md §3).
 *
 * - Index entry: `oci-layout`, `index.json`, every blob < 1 MiB, `ledger.json` (the large
 *   blobs known to be cached) and `tags.json` (when each tag was last used), under key
 *   `<prefix>-index-<run_id>-<run_attempt>[-<n>]`, restored by the prefix
 *   `<prefix>-index-` (newest wins). Before saving, post merges any newer index entry
 *   another job saved since this job's restore (fan-in, merge.ts).
 * - Blob entries: one per blob ≥ 1 MiB, key `<prefix>-blob-sha256-<hex>`. Cache keys are
 *   immutable, so content addressing fits them exactly: an entry is saved once, ever.
 * - Lazy restore: main restores only the index entry; a large blob is restored the first
 *   time an operation reads it (the store asks its BlobFallback). Restored bytes go
 *   through the store's verifying writer; nothing unverified reaches `blobs/`.
 * - Post (of the first use in a job, which runs last) walks every tag once, applies GC and
 *   retention (retention.ts) from that walk, saves the blobs that are new, merges newer
 *   entries of other jobs, and saves the index entry when it changed.
 *
 * Every cache entry holds files at fixed paths inside `<store>/.oci-store-cache/`:
 * @actions/cache hashes the path list into the entry's version, so save and restore pass
 * the very same strings (entryPaths in cache/keys.ts is the one place they are made).
 *
 * Failure policy (actions/cache's): a cache failure is a warning and never fails the job
 * (cache/context.ts).
 */
import { mkdir } from 'node:fs/promises';
import { formatError } from '../core/errors.js';
import type { BlobFallback, ContentStore } from '../core/content.js';
import { CacheContext, type RunnerCacheOptions } from './cache/context.js';
import type { StoreLike } from './cache/graph.js';
import { cacheServiceAvailability, DEFAULT_CALL_TIMEOUT_S, type CacheLibrary } from './cache/library.js';
import { CACHE_DIR, cacheKeys, entryPaths, fingerprint, Ledger, SMALL_BLOB_LIMIT, type CacheKeys, type EntryPaths } from './cache/keys.js';
import { BlobRestorer, restoreIndex, type OriginFetch } from './cache/restore.js';
import { saveStore } from './cache/save.js';
import { addStats, beginSession, combinePolicies, emptyStats, endSession, readSession, type CacheStats, type SaveReport } from './cache/session.js';
import { TagUses } from './retention.js';

export { CACHE_DIR, cacheKeys, entryPaths, fingerprint, Ledger, SMALL_BLOB_LIMIT, type CacheKeys };
export { cacheServiceAvailability, DEFAULT_CALL_TIMEOUT_S, type CacheLibrary };
export type { OriginFetch, RunnerCacheOptions, StoreLike };
export { addStats, combinePolicies, emptyStats, type CacheStats, type SaveReport };

/**
 * The runner cache of one store, for one process (a main or post step): the front end's
 * one handle on it. The work is in cache/: session.ts (the job's session), restore.ts
 * (index entry, fan-in merge, lazy blobs), save.ts (retention, GC, blob and index
 * entries), over one CacheContext (keys, ledger, the serialised library calls).
 */
export class RunnerCache {
  /** This use restored the store; its post saves it. */
  owner = false;
  cacheHit = false;
  readonly #ctx: CacheContext;
  readonly #blobs: BlobRestorer;

  constructor(options: RunnerCacheOptions) {
    this.#ctx = new CacheContext(options);
    this.#blobs = new BlobRestorer(this.#ctx);
  }

  get root(): string {
    return this.#ctx.root;
  }
  get keys(): CacheKeys {
    return this.#ctx.keys;
  }
  get paths(): EntryPaths {
    return this.#ctx.paths;
  }
  get stats(): CacheStats {
    return this.#ctx.stats;
  }
  /** True after a failed or timed-out call: no more calls in this process. */
  get broken(): boolean {
    return this.#ctx.broken;
  }
  /** True when some call was abandoned at its deadline and may still be running. */
  get dangling(): boolean {
    return this.#ctx.dangling;
  }
  /** Set by the front end: re-fetch an evicted blob from its registry. */
  get originFetch(): OriginFetch | undefined {
    return this.#blobs.originFetch;
  }
  set originFetch(fetch: OriginFetch | undefined) {
    this.#blobs.originFetch = fetch;
  }

  /** The ledger, loaded from the store on first use. */
  ledger(): Promise<Ledger> {
    return this.#ctx.ledger();
  }

  /**
   * Main: join this job's session, or start it by restoring the index entry (the first
   * use in a job). Never throws for a cache problem.
   */
  async begin(openStore: () => Promise<StoreLike>): Promise<void> {
    this.#blobs.openStore = openStore;
    const s = await beginSession(this.#ctx, openStore, (store) => restoreIndex(this.#ctx, store));
    this.owner = s.owner;
    this.cacheHit = s.cacheHit;
  }

  /** Main, at its end: add this step's statistics to the job's totals. */
  end(): Promise<CacheStats> {
    return endSession(this.#ctx);
  }

  /** The job's totals so far and whether its first use hit the cache (post reports them). */
  async jobSession(): Promise<{ stats: CacheStats; cacheHit: boolean } | undefined> {
    const s = await readSession(this.#ctx);
    return s ? { stats: s.stats, cacheHit: s.cacheHit } : undefined;
  }

  /** Restore one large blob into `blobs` (one cache call per blob, however many readers). */
  restoreBlob(digest: string, size: number | undefined, blobs: ContentStore): Promise<boolean> {
    return this.#blobs.restoreBlob(digest, size, blobs);
  }

  /** The BlobFallback a store uses in this step: the ledger answers `has`, the cache (then the tag's registry) `fetchInto`. */
  fallback(): BlobFallback {
    return this.#blobs.fallback();
  }

  /** Record that a command wrote or read these tags now (retention's "last used"). Never throws. */
  async recordUse(names: readonly string[]): Promise<void> {
    if (names.length === 0) return;
    try {
      await mkdir(this.#ctx.paths.dir, { recursive: true });
      const uses = await TagUses.load(this.#ctx.paths.uses);
      uses.touch(names, Date.now());
      await uses.save(this.#ctx.paths.uses);
    } catch (err) {
      this.#ctx.logger.debug(`Runner cache: could not record the use of ${names.join(', ')}: ${formatError(err)}`);
    }
  }

  /**
   * Post (owner only): retention, GC, save every large blob not yet cached, merge the
   * index entries other jobs saved meanwhile, then save the index entry if it changed.
   * Never throws for a cache problem.
   */
  save(store: StoreLike): Promise<SaveReport> {
    this.#blobs.openStore ??= async () => store;
    return saveStore(this.#ctx, store);
  }
}
