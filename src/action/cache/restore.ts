/**
 * The restoring side of the runner cache (DESIGN.md §3): main restores the newest index
 * entry by prefix into the store; post merges the entries other jobs saved since
 * (merge.ts); a large blob is restored the first time an operation reads it (BlobRestorer).
 * Restored bytes go through the store's verifying writer; nothing unverified reaches
 * `blobs/`.
 */
import { createReadStream } from 'node:fs';
import { mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { isDigest } from '../../core/digest.js';
import { formatError, isErrno } from '../../core/errors.js';
import { Store } from '../../core/layout.js';
import { hasRegistry } from '../../core/reference.js';
import { writeFileAtomic } from '../../core/storage.js';
import { BlobSources } from '../../core/sources.js';
import { Annotation } from '../../core/types/oci.js';
import type { BlobFallback, ContentStore } from '../../core/content.js';
import type { Descriptor, ImageIndex } from '../../core/types/oci.js';
import { formatBytes } from '../format.js';
import { mergeEntries, snapshot, type TagSnapshot } from '../merge.js';
import { TagUses } from '../retention.js';
import type { CacheContext } from './context.js';
import { tagsHolding, type StoreLike } from './graph.js';
import { fingerprint, Ledger } from './keys.js';
import type { SaveReport } from './session.js';

/**
 * The restored entry's index.json, read through the Store like any layout (oci-layout
 * checked, index.json validated: UNSUPPORTED_LAYOUT, CORRUPT_INDEX), and its size in
 * bytes, counted in the restored bytes.
 */
export async function readIndexEntry(dir: string): Promise<{ index: ImageIndex; indexBytes: number }> {
  const entry = await Store.open(dir, { create: false });
  return { index: await entry.readIndex(), indexBytes: (await stat(join(dir, 'index.json'))).size };
}

/** Restore the index entry into the store; undefined on a miss or failure. */
export async function restoreIndex(ctx: CacheContext, store: StoreLike): Promise<{ key: string; fingerprint: string } | undefined> {
  const dir = ctx.paths.index;
  await rm(dir, { recursive: true, force: true });
  // The newest entry by prefix, never an exact key: the last job of a run to save has
  // merged every other job's entry (merge.ts), and it is the newest.
  const out = await ctx.call('restoring the store index', (lib) => lib.restoreCache([dir], ctx.keys.indexPrefix, [ctx.keys.indexPrefix]));
  if (!out.ok) return undefined;
  const key = out.value;
  if (key === undefined) {
    ctx.logger.info(`Runner cache: no saved store under ${ctx.keys.indexPrefix}* yet; starting empty`);
    await rm(ctx.paths.base, { force: true });
    return undefined;
  }
  try {
    const result = await importIndex(ctx, store, dir);
    await writeFileAtomic(ctx.paths.base, JSON.stringify({ key, tags: result.snapshot }), ctx.paths.dir);
    ctx.stats.restoredEntries++;
    ctx.stats.restoredBytes += result.bytes;
    ctx.logger.info(
      `Runner cache: restored ${key} — ${result.tags} tag(s), ${result.blobs} small blob(s), ${result.ledger} large blob(s) restorable on demand`,
    );
    return { key, fingerprint: result.fingerprint };
  } catch (err) {
    ctx.fail(`the restored entry ${key} is unusable: ${formatError(err)}`);
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
async function importIndex(
  ctx: CacheContext,
  store: StoreLike,
  dir: string,
  base?: TagSnapshot,
): Promise<{ bytes: number; tags: number; replaced: number; blobs: number; ledger: number; fingerprint: string; snapshot: TagSnapshot }> {
  const { index, indexBytes } = await readIndexEntry(dir);
  let bytes = indexBytes;
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
  const ledger = await ctx.ledger();
  for (const [d, size] of restoredLedger.blobs) ledger.blobs.set(d, size);
  await mkdir(ctx.paths.dir, { recursive: true });
  await ledger.save(ctx.paths.ledger);
  const restoredUses = await TagUses.load(join(dir, 'tags.json'));
  const uses = await TagUses.load(ctx.paths.uses);
  uses.merge(restoredUses);
  await uses.save(ctx.paths.uses);
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
 * Restore another job's index entry `key` into the cache's scratch directory (never
 * over the store), verify it and merge it into the store. Its fingerprint, or undefined
 * when it could not be merged (warned).
 */
export async function mergeFrom(ctx: CacheContext, store: StoreLike, key: string, base: TagSnapshot, report: SaveReport): Promise<string | undefined> {
  const dir = ctx.paths.index;
  await rm(dir, { recursive: true, force: true });
  const out = await ctx.call(`restoring ${key}`, (lib) => lib.restoreCache([dir], key, []));
  try {
    if (!out.ok) return undefined;
    if (out.value !== key) {
      ctx.fail(`the index entry ${key} another job saved could not be restored`);
      return undefined;
    }
    const r = await importIndex(ctx, store, dir, base);
    ctx.stats.restoredEntries++;
    ctx.stats.restoredBytes += r.bytes;
    report.merged.push(key);
    ctx.logger.info(`Runner cache: merged ${key}, saved by another job since this one restored — ${r.tags} tag(s) added, ${r.replaced} updated`);
    return r.fingerprint;
  } catch (err) {
    ctx.fail(`the index entry ${key} is unusable: ${formatError(err)}`);
    return undefined;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Re-fetches a blob the cache lost from the registry its tag names (wired by the front
 * end to the registry client). Returns true when it placed the blob into `store`.
 */
export type OriginFetch = (ref: string, desc: Descriptor, store: ContentStore) => Promise<boolean>;

/**
 * Lazy restore of large blobs (DESIGN.md §3): the BlobFallback a store uses in a step. A
 * blob is restored the first time an operation reads it, through the store's verifying
 * writer; one the cache lost is re-fetched from the registry a tag names, if any.
 */
export class BlobRestorer {
  /** Set by the front end: re-fetch an evicted blob from its registry. */
  originFetch: OriginFetch | undefined;
  /** How the store is opened: the fallback reads its index.json to name a lost blob's tags. */
  openStore: (() => Promise<StoreLike>) | undefined;
  readonly #ctx: CacheContext;
  readonly #inflight = new Map<string, Promise<boolean>>();

  constructor(ctx: CacheContext) {
    this.#ctx = ctx;
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
    const ledger = await this.#ctx.ledger();
    if (!ledger.has(digest) || this.#ctx.broken) return false;
    const expectedSize = size ?? ledger.blobs.get(digest)!;
    const file = this.#ctx.paths.blob(digest);
    await rm(file, { force: true });
    const started = Date.now();
    const out = await this.#ctx.call(`restoring ${digest}`, (lib) => lib.restoreCache([file], this.#ctx.keys.blob(digest)));
    try {
      if (!out.ok || out.value === undefined) {
        if (out.ok) {
          this.#ctx.stats.evicted++;
          this.#ctx.logger.warning(
            `Runner cache: blob ${digest} (${formatBytes(expectedSize)}) is no longer in the runner cache (evicted: unused for 7 days, or the repository's cache is over its size limit)`,
          );
        }
        ledger.blobs.delete(digest);
        await ledger.save(this.#ctx.paths.ledger).catch(() => undefined);
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
      this.#ctx.stats.restoredEntries++;
      this.#ctx.stats.restoredBytes += expectedSize;
      const secs = (Date.now() - started) / 1000;
      this.#ctx.logger.info(`Runner cache: restored ${digest} (${formatBytes(expectedSize)}) in ${secs.toFixed(1)} s`);
      return true;
    } catch (err) {
      this.#ctx.logger.warning(`Runner cache: the cached copy of ${digest} is unusable (${formatError(err)}); ignoring it`);
      ledger.blobs.delete(digest);
      await ledger.save(this.#ctx.paths.ledger).catch(() => undefined);
      return false;
    } finally {
      await rm(file, { force: true });
    }
  }

  /** The BlobFallback a store uses in this step: the ledger answers `has`, the cache (then the tag's registry) `fetchInto`. */
  fallback(): BlobFallback {
    // `has` must be synchronous: the ledger is loaded in begin(), before any store opens.
    const ledgerNow = (): Ledger | undefined => this.#ctx.loadedLedger;
    return {
      has: (digest) => ledgerNow()?.has(digest) ?? false,
      size: (digest) => ledgerNow()?.blobs.get(digest),
      fetchInto: async (digest, size, store) => {
        // Only blobs the ledger names: any other miss is the store's plain NOT_FOUND.
        const known = (await this.#ctx.ledger()).blobs.get(digest);
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
    const index = await this.openStore?.().then((s) => s.readIndex()).catch(() => undefined);
    const owners = index ? await tagsHolding(index, store, digest) : [];
    const desc: Descriptor = { mediaType: 'application/octet-stream', digest, size };
    for (const ref of owners.filter((r) => hasRegistry(r))) {
      if (!this.originFetch) break;
      try {
        if (await this.originFetch(ref, desc, store)) {
          this.#ctx.logger.info(`Runner cache: re-fetched ${digest} from ${ref}`);
          return true;
        }
      } catch (err) {
        this.#ctx.logger.warning(`Could not re-fetch ${digest} from ${ref}: ${formatError(err)}`);
      }
    }
    if (owners.length > 0) {
      this.#ctx.logger.warning(
        `Tag ${owners.join(', ')} is incomplete: its blob ${digest} was evicted from the runner cache` +
          (owners.some((r) => hasRegistry(r)) ? ' and could not be re-fetched from its registry' : ' and the tag names no registry to fetch it from') +
          `. Re-run the job that built it (or push it to a registry).`,
      );
    }
    return false;
  }
}
