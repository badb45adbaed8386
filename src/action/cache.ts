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
 * - Post (of the first use in a job, which runs last) applies retention (retention.ts),
 *   runs GC, saves the blobs that are new, merges newer entries of other jobs, and saves
 *   the index entry when it changed.
 *
 * Every cache entry holds files at fixed paths inside `<store>/.oci-store-cache/`:
 * @actions/cache hashes the path list into the entry's version, so save and restore pass
 * the very same strings (entryPaths below is the one place they are made).
 *
 * Failure policy (actions/cache's): a cache failure is a warning and never fails the job.
 * After the first failure or timeout the cache is off for the rest of the step, so a
 * broken service costs one call, not one per blob.
 */
import { randomUUID } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { link, copyFile, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { isDigest } from '../core/digest.js';
import { formatError, isErrno } from '../core/errors.js';
import { hasRegistry } from '../core/reference.js';
import { writeFileAtomic } from '../core/storage.js';
import { BlobSources } from '../core/sources.js';
import { Annotation } from '../core/types/oci.js';
import type { BlobFallback, ContentStore, Logger } from '../core/content.js';
import { formatBytes } from './format.js';
import { mergeEntries, snapshot, type TagSnapshot } from './merge.js';
import { addStats, combinePolicies, emptyStats, type CacheStats, type SaveReport, type Session } from './cache/session.js';
import { readIndexEntry } from './cache/restore.js';
import { writeIndexEntry } from './cache/save.js';
import { localBlobs, restrictWalk, tagsHolding, walkStore, type StoreLike, type StoreWalk } from './cache/graph.js';
import { cacheServiceAvailability, DEFAULT_CALL_TIMEOUT_S, loadLibrary, runLibraryCall, type CacheLibrary, type CallOutcome } from './cache/library.js';
import { CACHE_DIR, cacheKeys, entryPaths, fingerprint, IndexKeys, Ledger, SMALL_BLOB_LIMIT, type CacheKeys } from './cache/keys.js';
import { blobCost, ENTRY_OVERHEAD, planRetention, TagUses, type RetentionPolicy, type RetentionTag } from './retention.js';
import type { Descriptor, ImageIndex } from '../core/types/oci.js';

export { CACHE_DIR, cacheKeys, entryPaths, fingerprint, Ledger, SMALL_BLOB_LIMIT, type CacheKeys };
export { cacheServiceAvailability, DEFAULT_CALL_TIMEOUT_S, type CacheLibrary };
export type { StoreLike };
export { addStats, combinePolicies, emptyStats, type CacheStats, type SaveReport };


async function readJSONFile<T>(file: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}


/** Options of a RunnerCache. */
export interface RunnerCacheOptions {
  /** Absolute store root. */
  root: string;
  /** The `cache-key` input. */
  keyPrefix: string;
  env: Record<string, string | undefined>;
  logger: Logger;
  /** Defaults to the real @actions/cache, loaded on first use. */
  library?: CacheLibrary;
  /** This use's retention inputs (main records them in the job's session; post applies them). */
  retention?: RetentionPolicy;
}

/**
 * Re-fetches a blob the cache lost from the registry its tag names (wired by the front
 * end to the registry client). Returns true when it placed the blob into `store`.
 */
export type OriginFetch = (ref: string, desc: Descriptor, store: ContentStore) => Promise<boolean>;

/**
 * The runner cache of one store, for one process (a main or post step). Cache calls are
 * made one at a time: the library's log lines are observed per call, and one slow call
 * cannot multiply into many.
 */
export class RunnerCache {
  readonly root: string;
  readonly keys: CacheKeys;
  readonly paths: ReturnType<typeof entryPaths>;
  readonly stats: CacheStats = emptyStats();
  /** True after a failed or timed-out call: no more calls in this process. */
  broken = false;
  /** True when some call was abandoned at its deadline and may still be running. */
  dangling = false;
  /** This use restored the store; its post saves it. */
  owner = false;
  cacheHit = false;
  /** Set by the front end: re-fetch an evicted blob from its registry. */
  originFetch: OriginFetch | undefined;

  readonly #opts: RunnerCacheOptions;
  readonly #logger: Logger;
  readonly #timeoutMs: number;
  #library: CacheLibrary | undefined;
  #ledger: Ledger | undefined;
  #queue: Promise<unknown> = Promise.resolve();
  readonly #inflight = new Map<string, Promise<boolean>>();
  /** How begin() opens the store: the fallback reads its index.json to name a lost blob's tags. */
  #openStore: (() => Promise<StoreLike>) | undefined;
  #ownerId = '';

  constructor(options: RunnerCacheOptions) {
    this.#opts = options;
    this.root = options.root;
    this.#logger = options.logger;
    this.keys = cacheKeys(options.keyPrefix, options.env);
    this.paths = entryPaths(options.root);
    this.#library = options.library;
    const t = Number(options.env['OCI_STORE_CACHE_TIMEOUT']);
    this.#timeoutMs = (Number.isFinite(t) && t > 0 ? t : DEFAULT_CALL_TIMEOUT_S) * 1000;
  }

  get #ledgerFile(): string {
    return join(this.paths.dir, 'ledger.json');
  }
  get #sessionFile(): string {
    return join(this.paths.dir, 'session.json');
  }
  get #usesFile(): string {
    return join(this.paths.dir, 'tags.json');
  }
  /** The tags of the index entry the store last matched (the fan-in merge's base). */
  get #baseFile(): string {
    return join(this.paths.dir, 'base.json');
  }
  get #indexKeys(): IndexKeys {
    return new IndexKeys(this.keys.index, this.keys.indexPrefix);
  }
  get #jobId(): string {
    const e = this.#opts.env;
    return `${e['GITHUB_RUN_ID'] || '0'}-${e['GITHUB_RUN_ATTEMPT'] || '1'}-${e['GITHUB_JOB'] || ''}`;
  }
  /** A file in RUNNER_TEMP (wiped between jobs) proving a session belongs to this very job. */
  #sentinel(owner: string): string | undefined {
    const temp = this.#opts.env['RUNNER_TEMP'];
    return temp ? join(temp, `oci-store-session-${owner}`) : undefined;
  }

  /** The ledger, loaded from the store on first use. */
  async ledger(): Promise<Ledger> {
    this.#ledger ??= await Ledger.load(this.#ledgerFile);
    return this.#ledger;
  }

  async #session(): Promise<Session | undefined> {
    const s = await readJSONFile<Session>(this.#sessionFile);
    if (!s || s.job !== this.#jobId) return undefined;
    const sentinel = this.#sentinel(s.owner);
    if (sentinel !== undefined && !existsSync(sentinel)) return undefined; // an earlier job on a persistent runner
    return s;
  }

  async #writeSession(s: Session): Promise<void> {
    await mkdir(this.paths.dir, { recursive: true });
    await writeFileAtomic(this.#sessionFile, JSON.stringify(s), this.paths.dir);
  }

  /**
   * Main: join this job's session, or start it by restoring the index entry (the first
   * use in a job). Never throws for a cache problem.
   */
  async begin(openStore: () => Promise<StoreLike>): Promise<void> {
    this.#openStore = openStore;
    await this.ledger();
    const session = await this.#session();
    if (session) {
      this.owner = false;
      this.cacheHit = session.cacheHit;
      this.#ownerId = session.owner;
      const policy = combinePolicies(session.policy, this.#opts.retention);
      if (policy) {
        session.policy = policy;
        await this.#writeSession(session).catch(() => undefined);
      }
      this.#logger.info(`Runner cache: the store was restored earlier in this job${session.restoredKey ? ` (${session.restoredKey})` : ''}; large blobs are restored as needed`);
      return;
    }
    this.owner = true;
    this.#ownerId = randomUUID();
    const sentinel = this.#sentinel(this.#ownerId);
    if (sentinel) await writeFile(sentinel, this.root).catch(() => undefined);
    const s: Session = { job: this.#jobId, owner: this.#ownerId, cacheHit: false, started: Date.now(), stats: emptyStats() };
    if (this.#opts.retention) s.policy = this.#opts.retention;
    try {
      const store = await openStore();
      const restored = await this.#restoreIndex(store);
      if (restored) {
        s.cacheHit = true;
        s.restoredKey = restored.key;
        s.baseKey = restored.key;
        s.fingerprint = restored.fingerprint;
      }
    } catch (err) {
      this.#fail(`could not restore the store: ${formatError(err)}`);
    }
    this.cacheHit = s.cacheHit;
    await this.#writeSession(s).catch((err) => this.#fail(`could not record the cache session: ${formatError(err)}`));
  }

  /** Main, at its end: add this step's statistics to the job's totals. */
  async end(): Promise<CacheStats> {
    const s = await this.#session();
    if (!s) return this.stats;
    s.stats = addStats(s.stats, this.stats);
    await this.#writeSession(s).catch(() => undefined);
    return s.stats;
  }

  /** The job's totals so far and whether its first use hit the cache (post reports them). */
  async jobSession(): Promise<{ stats: CacheStats; cacheHit: boolean } | undefined> {
    const s = await this.#session();
    return s ? { stats: s.stats, cacheHit: s.cacheHit } : undefined;
  }

  #fail(message: string): void {
    this.stats.failures++;
    this.broken = true;
    this.#logger.warning(`Runner cache: ${message}. Continuing without the cache.`);
  }

  /**
   * Run one library call (library.ts): serialised, so one slow call cannot multiply into
   * many and the library's output is observed per call. A failure or timeout turns the
   * cache off for the rest of the step.
   */
  async #call<T>(what: string, fn: (lib: CacheLibrary) => Promise<T>): Promise<CallOutcome<T>> {
    const run = async (): Promise<CallOutcome<T>> => {
      if (this.broken) return { ok: false, timedOut: false, message: 'the cache failed earlier in this step' };
      this.#library ??= await loadLibrary();
      const out = await runLibraryCall(this.#library, what, this.#timeoutMs, fn);
      if (!out.ok) {
        if (out.timedOut) this.dangling = true;
        this.#fail(out.message);
      }
      return out;
    };
    const p = this.#queue.then(run, run);
    this.#queue = p.catch(() => undefined);
    return p;
  }

  /** Restore the index entry into the store; undefined on a miss or failure. */
  async #restoreIndex(store: StoreLike): Promise<{ key: string; fingerprint: string } | undefined> {
    const dir = this.paths.index;
    await rm(dir, { recursive: true, force: true });
    // The newest entry by prefix, never an exact key: the last job of a run to save has
    // merged every other job's entry (merge.ts), and it is the newest.
    const out = await this.#call('restoring the store index', (lib) => lib.restoreCache([dir], this.keys.indexPrefix, [this.keys.indexPrefix]));
    if (!out.ok) return undefined;
    const key = out.value;
    if (key === undefined) {
      this.#logger.info(`Runner cache: no saved store under ${this.keys.indexPrefix}* yet; starting empty`);
      await rm(this.#baseFile, { force: true });
      return undefined;
    }
    try {
      const result = await this.#importIndex(store, dir);
      await writeFileAtomic(this.#baseFile, JSON.stringify({ key, tags: result.snapshot }), this.paths.dir);
      this.stats.restoredEntries++;
      this.stats.restoredBytes += result.bytes;
      this.#logger.info(
        `Runner cache: restored ${key} — ${result.tags} tag(s), ${result.blobs} small blob(s), ${result.ledger} large blob(s) restorable on demand`,
      );
      return { key, fingerprint: result.fingerprint };
    } catch (err) {
      this.#fail(`the restored entry ${key} is unusable: ${formatError(err)}`);
      return undefined;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  /**
   * Verify and import a restored index entry: blobs through the store's verifying put, the
   * ledger and tag uses merged, tags merged. Without `base` (main's restore) the restored
   * tags fill in beside local ones; with it (post's fan-in) a three-way merge: this job's
   * writes win, the other job's tags are kept (mergeEntries).
   */
  async #importIndex(
    store: StoreLike,
    dir: string,
    base?: TagSnapshot,
  ): Promise<{ bytes: number; tags: number; replaced: number; blobs: number; ledger: number; fingerprint: string; snapshot: TagSnapshot }> {
    const { index, indexText } = await readIndexEntry(dir);
    let bytes = indexText.length;
    const small: string[] = [];
    const blobDir = join(dir, 'blobs', 'sha256');
    const names = await readdir(blobDir).catch((err: unknown) => {
      if (isErrno(err, 'ENOENT')) return [] as string[];
      throw err;
    });
    for (const hex of names) {
      const digest = `sha256:${hex}`;
      if (!isDigest(digest)) continue;
      const data = await readFile(join(blobDir, hex));
      if (!(await store.blobs.has(digest))) await store.blobs.put(data, digest); // verifies
      small.push(digest);
      bytes += data.length;
    }
    const restoredLedger = await Ledger.load(join(dir, 'ledger.json'));
    const ledger = await this.ledger();
    for (const [d, size] of restoredLedger.blobs) ledger.blobs.set(d, size);
    await mkdir(this.paths.dir, { recursive: true });
    await ledger.save(this.#ledgerFile);
    const restoredUses = await TagUses.load(join(dir, 'tags.json'));
    const uses = await TagUses.load(this.#usesFile);
    uses.merge(restoredUses);
    await uses.save(this.#usesFile);
    // Where pushed blobs went (core/sources.ts): merged, so a later push mounts them. Each
    // record is read once: the restored one here, the store's under its lock.
    const restoredSources = await BlobSources.load(dir);
    await restoredSources.mergeInto(store.root);

    let tags = 0;
    let replaced = 0;
    const result = (): { bytes: number; tags: number; replaced: number; blobs: number; ledger: number; fingerprint: string; snapshot: TagSnapshot } => ({
      bytes,
      tags,
      replaced,
      blobs: small.length,
      ledger: restoredLedger.blobs.size,
      fingerprint: fingerprint(index, small, restoredLedger, restoredUses, restoredSources.canonical()),
      snapshot: snapshot(index.manifests),
    });
    if (base) {
      await store.updateIndex((local) => {
        const m = mergeEntries(local.manifests, index.manifests, base);
        tags = m.added.length;
        replaced = m.replaced.length;
        local.manifests = m.manifests;
        return local;
      });
      return result();
    }
    // Main's restore: the restored tags fill a fresh store; on a store that already has
    // content (a persistent runner), local tags win and restored ones are added beside them.
    await store.updateIndex((local) => {
      const have = new Set(local.manifests.map((m) => m.annotations?.[Annotation.RefName] ?? `@${m.digest}`));
      for (const m of index.manifests) {
        const name = m.annotations?.[Annotation.RefName] ?? `@${m.digest}`;
        if (!have.has(name)) {
          local.manifests.push(m);
          have.add(name);
          tags++;
        }
      }
      return local;
    });
    return result();
  }

  /**
   * Restore one large blob into `store` through a verifying writer. False when the cache
   * lacks it (evicted) or the cache failed; the ledger then forgets it, so it is not
   * asked for again in this job.
   */
  async restoreBlob(digest: string, size: number | undefined, blobs: ContentStore): Promise<boolean> {
    // Two readers of one blob share one restore (one cache call per blob).
    let p = this.#inflight.get(digest);
    if (!p) {
      p = this.#restoreBlob(digest, size, blobs).finally(() => this.#inflight.delete(digest));
      this.#inflight.set(digest, p);
    }
    return p;
  }

  async #restoreBlob(digest: string, size: number | undefined, blobs: ContentStore): Promise<boolean> {
    if (await blobs.has(digest)) return true;
    const ledger = await this.ledger();
    if (!ledger.has(digest) || this.broken) return false;
    const expectedSize = size ?? ledger.blobs.get(digest)!;
    const file = this.paths.blob(digest);
    await rm(file, { force: true });
    const started = Date.now();
    const out = await this.#call(`restoring ${digest}`, (lib) => lib.restoreCache([file], this.keys.blob(digest)));
    try {
      if (!out.ok || out.value === undefined) {
        if (out.ok) {
          this.stats.evicted++;
          this.#logger.warning(
            `Runner cache: blob ${digest} (${formatBytes(expectedSize)}) is no longer in the runner cache (evicted: unused for 7 days, or the repository's cache is over its size limit)`,
          );
        }
        ledger.blobs.delete(digest);
        await ledger.save(this.#ledgerFile).catch(() => undefined);
        return false;
      }
      const w = await blobs.writer(`runner-cache-${digest.replace(':', '-')}`, { total: expectedSize, expected: digest });
      try {
        await pipeline(createReadStream(file), w.stream());
      } catch (err) {
        await w.cancel().catch(() => undefined);
        throw err;
      }
      await w.commit(expectedSize, digest); // verifies size and digest
      this.stats.restoredEntries++;
      this.stats.restoredBytes += expectedSize;
      const secs = (Date.now() - started) / 1000;
      this.#logger.info(`Runner cache: restored ${digest} (${formatBytes(expectedSize)}) in ${secs.toFixed(1)} s`);
      return true;
    } catch (err) {
      this.#logger.warning(`Runner cache: the cached copy of ${digest} is unusable (${formatError(err)}); ignoring it`);
      ledger.blobs.delete(digest);
      await ledger.save(this.#ledgerFile).catch(() => undefined);
      return false;
    } finally {
      await rm(file, { force: true });
    }
  }

  /** The BlobFallback a store uses in this step: the ledger answers `has`, the cache (then the tag's registry) `fetchInto`. */
  fallback(): BlobFallback {
    // `has` must be synchronous: the ledger is loaded in begin(), before any store opens.
    const ledgerNow = (): Ledger | undefined => this.#ledger;
    return {
      has: (digest) => ledgerNow()?.has(digest) ?? false,
      size: (digest) => ledgerNow()?.blobs.get(digest),
      fetchInto: async (digest, size, store) => {
        // Only blobs the ledger names: any other miss is the store's plain NOT_FOUND.
        const known = (await this.ledger()).blobs.get(digest);
        if (known === undefined) return false;
        if (await this.restoreBlob(digest, size ?? known, store)) return true;
        return this.#fromOrigin(digest, size ?? known, store);
      },
    };
  }

  /**
   * The cache lost `digest`: find a tag whose graph holds it. A tag naming a registry is
   * re-fetched from there; otherwise the tag is reported incomplete.
   */
  async #fromOrigin(digest: string, size: number, store: ContentStore): Promise<boolean> {
    // An unreadable index.json names no tag (the store reports it on its own).
    const index = await this.#openStore?.().then((s) => s.readIndex()).catch(() => undefined);
    const owners = index ? await tagsHolding(index, store, digest) : [];
    const desc: Descriptor = { mediaType: 'application/octet-stream', digest, size };
    for (const ref of owners.filter((r) => hasRegistry(r))) {
      if (!this.originFetch) break;
      try {
        if (await this.originFetch(ref, desc, store)) {
          this.#logger.info(`Runner cache: re-fetched ${digest} from ${ref}`);
          return true;
        }
      } catch (err) {
        this.#logger.warning(`Could not re-fetch ${digest} from ${ref}: ${formatError(err)}`);
      }
    }
    if (owners.length > 0) {
      this.#logger.warning(
        `Tag ${owners.join(', ')} is incomplete: its blob ${digest} was evicted from the runner cache` +
          (owners.some((r) => hasRegistry(r)) ? ' and could not be re-fetched from its registry' : ' and the tag names no registry to fetch it from') +
          `. Re-run the job that built it (or push it to a registry).`,
      );
    }
    return false;
  }

  /** Record that a command wrote or read these tags now (retention's "last used"). Never throws. */
  async recordUse(names: readonly string[]): Promise<void> {
    if (names.length === 0) return;
    try {
      await mkdir(this.paths.dir, { recursive: true });
      const uses = await TagUses.load(this.#usesFile);
      uses.touch(names, Date.now());
      await uses.save(this.#usesFile);
    } catch (err) {
      this.#logger.debug(`Runner cache: could not record the use of ${names.join(', ')}: ${formatError(err)}`);
    }
  }

  /**
   * Post (owner only): retention, GC, save every large blob not yet cached, merge the
   * index entries other jobs saved meanwhile, then save the index entry if it changed.
   * Never throws for a cache problem.
   */
  async save(store: StoreLike): Promise<SaveReport> {
    const report: SaveReport = { dropped: [], merged: [] };
    this.#openStore ??= async () => store;
    if (this.broken) {
      this.#logger.warning('Runner cache: not saving — the cache failed earlier in this step');
      return report;
    }
    const ledger = await this.ledger();
    const session = await this.#session();
    const policy = session?.policy ?? this.#opts.retention;
    if (policy) report.policy = policy;
    const now = Date.now();
    const uses = await TagUses.load(this.#usesFile);

    // The one walk of every tag's graph: gc, retention's budget and what to save all come
    // from it. Walked again only for entries it has not seen (merged from another job), and
    // then without reading again what it read.
    let index = await store.readIndex();
    let walk = await walkStore(store, index, ledger);
    let small = new Set<string>();
    let largeLocal = new Map<string, number>();
    const refresh = async (): Promise<void> => {
      index = await store.readIndex();
      walk = restrictWalk(walk, index) ?? (await walkStore(store, index, ledger, walk.known));
      // After GC every local blob is live (tags, their graphs, referrers): small ones travel
      // in the index entry, large ones not yet cached get an entry each.
      ({ small, largeLocal } = await localBlobs(store));
    };
    const retain = async (): Promise<void> => {
      if (await this.#retain(store, ledger, uses, policy, now, session?.started ?? now, report, index, walk)) await refresh();
    };

    const gc = await store.gc({ known: walk.known });
    if (gc.removedBlobs > 0) this.#logger.info(`GC: removed ${gc.removedBlobs} unreferenced blob(s), ${formatBytes(gc.bytesFreed)}`);
    // Before any upload, so a tag retention drops costs no blob entry.
    await retain();
    await refresh();
    for (const w of walk.incomplete) {
      this.#logger.warning(
        `Tag ${w.name} is incomplete (blob ${w.missing} is neither in the store nor in the runner cache); it is left out of the saved cache. Re-run the job that built it.`,
      );
    }


    // Large blobs first: the index entry's ledger must only name blobs really saved.
    let saved = 0;
    for (const [digest, size] of largeLocal) {
      if (ledger.has(digest)) continue;
      if (this.broken) break;
      if (await this.#saveBlob(digest, size, ledger)) saved++;
    }
    if (this.broken) {
      this.#logger.warning('Runner cache: the index entry is not saved, since saving blobs failed');
      return report;
    }

    // Fan-in (merge.ts): merge what other jobs saved since this job's restore, then save
    // under the next key of the run; "key exists" means another job saved that very key
    // first — wait for its entry, merge it, and take the next number. Bounded.
    const keys = this.#indexKeys;
    const base = await this.#loadBase(session);
    const merged = new Set<string>(base.key !== undefined ? [base.key] : []);
    let known = { key: base.key, fingerprint: session?.fingerprint };
    let floor = 1;
    for (let round = 1; round <= MAX_SAVE_ROUNDS; round++) {
      const look = await this.#call('looking up the newest store index', (lib) =>
        lib.restoreCache([this.paths.index], keys.prefix, [keys.prefix], { lookupOnly: true }),
      );
      if (!look.ok) return report;
      const newest = look.value;
      if (newest !== undefined && !merged.has(newest)) {
        const fp = await this.#mergeFrom(store, newest, base.tags, report);
        if (fp === undefined) return report; // warned; saving now would hide the other job's tags
        merged.add(newest);
        known = { key: newest, fingerprint: fp };
        await refresh();
        await retain(); // the merged store may be over the budget
      }

      await refresh();
      // The ledger names only blobs that the saved tags still reference.
      for (const d of [...ledger.blobs.keys()]) if (!walk.largeReferenced.has(d) && !largeLocal.has(d)) ledger.blobs.delete(d);
      await ledger.save(this.#ledgerFile).catch(() => undefined);
      uses.retain(walk.complete.flatMap((m) => m.annotations?.[Annotation.RefName] ?? []));
      await uses.save(this.#usesFile).catch(() => undefined);

      const savedIndex: ImageIndex = { ...index, manifests: walk.complete };
      const fp = fingerprint(savedIndex, small, ledger, uses, (await BlobSources.load(store.root)).canonical());
      if (savedIndex.manifests.length === 0 && known.fingerprint === undefined) {
        this.#logger.info('Runner cache: the store holds no tags; nothing to save');
        return report;
      }
      if (known.fingerprint === fp) {
        this.#logger.info(`Runner cache: the store index is unchanged${saved ? '' : ' and no blob is new'}; not saving it`);
        await this.#rebase(session, known.key, fp, savedIndex);
        return report;
      }
      const key = keys.key(Math.max(keys.seq(newest) + 1, floor));
      const out = await this.#saveIndex(store, savedIndex, small, ledger, uses, key);
      if (out === 'saved') {
        report.savedKey = key;
        await this.#rebase(session, key, fp, savedIndex);
        return report;
      }
      if (out === 'failed') return report;
      // Another job of this run merged the same entry and saved `key` first.
      floor = keys.seq(key) + 1;
      this.#logger.info(`Runner cache: another job saved ${key} at the same moment; merging its tags and saving again`);
      const winner = await this.#waitFor(key);
      if (winner !== undefined && !merged.has(winner)) {
        const wfp = await this.#mergeFrom(store, winner, base.tags, report);
        if (wfp === undefined) return report;
        merged.add(winner);
        known = { key: winner, fingerprint: wfp };
        await refresh();
        await retain();
      }
    }
    this.#logger.warning(
      `Runner cache: the store index was not saved — ${MAX_SAVE_ROUNDS} other jobs saved at the same moment. Its large blobs are cached; the tags of this job come back when it runs again.`,
    );
    return report;
  }

  /** The fan-in base: the tags of the entry this job restored or last saved. */
  async #loadBase(session: Session | undefined): Promise<{ key?: string; tags: TagSnapshot }> {
    const b = await readJSONFile<{ key?: string; tags?: TagSnapshot }>(this.#baseFile);
    // A base file of another job (persistent runner) is not this job's base.
    if (!session?.baseKey || !b || b.key !== session.baseKey || !b.tags) return { tags: {} };
    return { key: b.key, tags: b.tags };
  }

  /** After a save (or finding the store equal to the newest entry): that entry is the base of any later merge. */
  async #rebase(session: Session | undefined, key: string | undefined, fp: string, index: ImageIndex): Promise<void> {
    if (!session || key === undefined) return;
    session.fingerprint = fp;
    session.baseKey = key;
    await writeFileAtomic(this.#baseFile, JSON.stringify({ key, tags: snapshot(index.manifests) }), this.paths.dir).catch(() => undefined);
    await this.#writeSession(session).catch(() => undefined);
  }

  /**
   * Restore another job's index entry `key` into the cache's scratch directory (never
   * over the store), verify it and merge it into the store. Its fingerprint, or undefined
   * when it could not be merged (warned).
   */
  async #mergeFrom(store: StoreLike, key: string, base: TagSnapshot, report: SaveReport): Promise<string | undefined> {
    const dir = this.paths.index;
    await rm(dir, { recursive: true, force: true });
    const out = await this.#call(`restoring ${key}`, (lib) => lib.restoreCache([dir], key, []));
    try {
      if (!out.ok) return undefined;
      if (out.value !== key) {
        this.#fail(`the index entry ${key} another job saved could not be restored`);
        return undefined;
      }
      const r = await this.#importIndex(store, dir, base);
      this.stats.restoredEntries++;
      this.stats.restoredBytes += r.bytes;
      report.merged.push(key);
      this.#logger.info(`Runner cache: merged ${key}, saved by another job since this one restored — ${r.tags} tag(s) added, ${r.replaced} updated`);
      return r.fingerprint;
    } catch (err) {
      this.#fail(`the index entry ${key} is unusable: ${formatError(err)}`);
      return undefined;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  /**
   * Wait for the entry another job is saving under `key` (created, not yet finalized).
   * Its key — or a later one of the run — once it is there; undefined if it never
   * appears (that job died while saving: nothing of it is lost that was ever saved).
   */
  async #waitFor(key: string): Promise<string | undefined> {
    const keys = this.#indexKeys;
    const deadline = Date.now() + Math.min(this.#timeoutMs, WAIT_FOR_WINNER_MS);
    for (let delay = 250; ; delay = Math.min(delay * 2, 8000)) {
      const look = await this.#call(`looking up ${key}`, (lib) => lib.restoreCache([this.paths.index], key, [], { lookupOnly: true }));
      if (!look.ok) return undefined;
      if (look.value !== undefined && keys.seq(look.value) >= keys.seq(key)) return look.value;
      if (Date.now() + delay > deadline) {
        this.#logger.warning(`Runner cache: ${key} was reserved by another job but never saved; saving under the next key`);
        return undefined;
      }
      await new Promise((r) => setTimeout(r, delay));
    }
  }

  /**
   * Drop the tags the retention policy says to (retention.ts), then GC — both from `walk`,
   * the walk of `index` (each tag's blob set; gc reads nothing again). Every tag gets a use
   * record (one without is first seen now). True when tags were dropped.
   */
  async #retain(
    store: StoreLike,
    ledger: Ledger,
    uses: TagUses,
    policy: RetentionPolicy | undefined,
    now: number,
    jobStart: number,
    report: SaveReport,
    index: ImageIndex,
    walk: StoreWalk,
  ): Promise<boolean> {
    const names = index.manifests.flatMap((m) => m.annotations?.[Annotation.RefName] ?? []);
    uses.touch(
      names.filter((n) => uses.get(n) === undefined),
      now,
    );
    if (!policy || (policy.days === 0 && policy.maxBytes === 0)) return false;
    // The index entry's own files: index.json, ledger, tag uses.
    const fixed = ENTRY_OVERHEAD + JSON.stringify(index).length + 100 * (ledger.blobs.size + names.length);
    if (policy.days === 0) {
      // Every blob the store has or the cache holds, each once: when even that fits, no tag
      // can be over the budget (the report says this bound).
      let bound = fixed;
      const local = new Set<string>();
      await store.blobs.walk((b) => {
        local.add(b.digest);
        bound += blobCost(b.size, SMALL_BLOB_LIMIT);
      });
      for (const [d, size] of ledger.blobs) if (!local.has(d)) bound += blobCost(size, SMALL_BLOB_LIMIT);
      if (bound <= policy.maxBytes) {
        report.bytes = bound;
        report.overBudget = false;
        return false;
      }
    }
    const tags: RetentionTag[] = walk.graphs.map((g) => ({ name: g.entry.annotations?.[Annotation.RefName] ?? `@${g.entry.digest}`, blobs: g.blobs }));
    const plan = planRetention(tags, uses, policy, now, jobStart, SMALL_BLOB_LIMIT, fixed);
    report.bytes = plan.bytes;
    report.overBudget = plan.overBudget;
    if (plan.dropped.length > 0) {
      const drop = new Map(plan.dropped.map((d) => [d.name, index.manifests.find((m) => m.annotations?.[Annotation.RefName] === d.name)?.digest]));
      await store.updateIndex((local) => {
        // Only entries still as planned: a tag rewritten meanwhile is in use.
        local.manifests = local.manifests.filter((m) => {
          const name = m.annotations?.[Annotation.RefName];
          return name === undefined || !drop.has(name) || drop.get(name) !== m.digest;
        });
        return local;
      });
      for (const d of plan.dropped) {
        const days = Math.floor((now - d.lastUsed) / 86_400_000);
        this.#logger.info(
          `Retention: dropped ${d.name} — ${d.reason === 'unused' ? `unused for ${days} day(s) (retention-days: ${policy.days})` : `least recently used, the store was over cache-max-size ${formatBytes(policy.maxBytes)}`}`,
        );
      }
      report.dropped.push(...plan.dropped);
      uses.retain(names.filter((n) => !drop.has(n)));
      const gc = await store.gc({ known: walk.known });
      if (gc.removedBlobs > 0) this.#logger.info(`GC: removed ${gc.removedBlobs} blob(s) of dropped tags, ${formatBytes(gc.bytesFreed)}`);
    }
    if (plan.overBudget) {
      this.#logger.warning(
        `Runner cache: the store needs ~${formatBytes(plan.bytes)}, over cache-max-size ${formatBytes(policy.maxBytes)}, with only pinned tags and tags this job used left. Raise cache-max-size or pin fewer tags.`,
      );
    }
    return plan.dropped.length > 0;
  }

  async #saveBlob(digest: string, size: number, ledger: Ledger): Promise<boolean> {
    const file = this.paths.blob(digest);
    const [alg, hex] = digest.split(':');
    await mkdir(join(file, '..'), { recursive: true });
    await rm(file, { force: true });
    // A hard link costs nothing; the library tars the file as it is.
    await link(join(this.root, 'blobs', alg!, hex!), file).catch(() => copyFile(join(this.root, 'blobs', alg!, hex!), file));
    try {
      const key = this.keys.blob(digest);
      const out = await this.#call(`saving ${digest}`, (lib) => lib.saveCache([file], key));
      if (!out.ok) return false;
      if (out.value === -1) {
        // -1 is also what a duplicate key gives (another job saved it first): then it is cached.
        const look = await this.#call(`looking up ${key}`, (lib) => lib.restoreCache([file], key, [], { lookupOnly: true }));
        if (look.ok && look.value === key) ledger.blobs.set(digest, size);
        return false;
      }
      ledger.blobs.set(digest, size);
      this.stats.savedEntries++;
      this.stats.savedBytes += size;
      this.#logger.info(`Runner cache: saved ${digest} (${formatBytes(size)}) as ${key}`);
      return true;
    } finally {
      await rm(file, { force: true });
    }
  }

  /** Save the index entry under `key`: `exists` when another job holds that key. */
  async #saveIndex(store: StoreLike, index: ImageIndex, small: Set<string>, ledger: Ledger, uses: TagUses, key: string): Promise<'saved' | 'exists' | 'failed'> {
    const dir = this.paths.index;
    await rm(dir, { recursive: true, force: true });
    await mkdir(join(dir, 'blobs', 'sha256'), { recursive: true });
    try {
      const bytes = await writeIndexEntry(dir, store.root, index, small, ledger, uses);
      const out = await this.#call(`saving the store index`, (lib) => lib.saveCache([dir], key));
      if (!out.ok) return 'failed';
      if (out.value === -1) {
        if (out.keyExists) return 'exists';
        this.#logger.warning(`Runner cache: the store index was not saved (${key})`);
        return 'failed';
      }
      this.stats.savedEntries++;
      this.stats.savedBytes += bytes;
      this.#logger.info(`Runner cache: saved the store index as ${key} (${index.manifests.length} tag(s), ${small.size} small blob(s), ${formatBytes(bytes)})`);
      return 'saved';
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
}

/** Attempts to save the index entry when other jobs keep saving the same key first. */
const MAX_SAVE_ROUNDS = 10;
/** How long to wait for another job's index entry whose key it reserved (an index entry is small). */
const WAIT_FOR_WINNER_MS = 60_000;
