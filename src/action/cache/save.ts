/**
 * Post's side of the runner cache (DESIGN.md §3): retention and GC from one walk of the
 * store (graph.ts), a blob entry for every large blob not yet cached, the fan-in merge of
 * the index entries other jobs saved meanwhile (merge.ts), then the index entry — an OCI
 * layout with the small blobs, the ledger, the tag uses and where pushed blobs went —
 * when it changed.
 */
import { existsSync } from 'node:fs';
import { copyFile, link, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../../core/storage.js';
import { BlobSources, SOURCES_FILE } from '../../core/sources.js';
import { Annotation } from '../../core/types/oci.js';
import type { ImageIndex } from '../../core/types/oci.js';
import { formatBytes } from '../format.js';
import { snapshot, type TagSnapshot } from '../merge.js';
import { ENTRY_OVERHEAD, blobCost, planRetention, TagUses, type RetentionPolicy, type RetentionTag } from '../retention.js';
import type { CacheContext } from './context.js';
import { localBlobs, restrictWalk, walkStore, type StoreLike, type StoreWalk } from './graph.js';
import { fingerprint, SMALL_BLOB_LIMIT, type Ledger } from './keys.js';
import { mergeFrom } from './restore.js';
import { readSession, writeSession, type SaveReport, type Session } from './session.js';

/** Attempts to save the index entry when other jobs keep saving the same key first. */
const MAX_SAVE_ROUNDS = 10;
/** How long to wait for another job's index entry whose key it reserved (an index entry is small). */
const WAIT_FOR_WINNER_MS = 60_000;

/**
 * Write the index entry's files into `dir` (which exists with `blobs/sha256`), linking
 * the small blobs from the store at `root`. The entry's size in bytes.
 */
export async function writeIndexEntry(dir: string, root: string, index: ImageIndex, small: Iterable<string>, ledger: Ledger, uses: TagUses): Promise<number> {
  await writeFile(join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  const indexText = JSON.stringify(index);
  await writeFile(join(dir, 'index.json'), indexText);
  await ledger.save(join(dir, 'ledger.json'));
  await uses.save(join(dir, 'tags.json'));
  let bytes = indexText.length;
  const sources = join(root, SOURCES_FILE);
  if (existsSync(sources)) {
    await copyFile(sources, join(dir, SOURCES_FILE));
    bytes += (await stat(sources)).size;
  }
  for (const digest of small) {
    const [alg, hex] = digest.split(':');
    if (alg !== 'sha256') continue;
    const src = join(root, 'blobs', alg, hex!);
    const dst = join(dir, 'blobs', alg, hex!);
    await link(src, dst).catch(() => copyFile(src, dst));
    bytes += (await stat(dst)).size;
  }
  return bytes;
}

/**
 * Post (owner only): retention, GC, save every large blob not yet cached, merge the
 * index entries other jobs saved meanwhile, then save the index entry if it changed.
 * Never throws for a cache problem.
 */
export async function saveStore(ctx: CacheContext, store: StoreLike): Promise<SaveReport> {
  const report: SaveReport = { dropped: [], merged: [] };
  if (ctx.broken) {
    ctx.logger.warning('Runner cache: not saving — the cache failed earlier in this step');
    return report;
  }
  const ledger = await ctx.ledger();
  const session = await readSession(ctx);
  const policy = session?.policy ?? ctx.retention;
  if (policy) report.policy = policy;
  const now = Date.now();
  const uses = await TagUses.load(ctx.paths.uses);

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
    if (await applyRetention(ctx, store, ledger, uses, policy, now, session?.started ?? now, report, index, walk)) await refresh();
  };

  const gc = await store.gc({ known: walk.known });
  if (gc.removedBlobs > 0) ctx.logger.info(`GC: removed ${gc.removedBlobs} unreferenced blob(s), ${formatBytes(gc.bytesFreed)}`);
  // Before any upload, so a tag retention drops costs no blob entry.
  await retain();
  await refresh();
  for (const w of walk.incomplete) {
    ctx.logger.warning(
      `Tag ${w.name} is incomplete (blob ${w.missing} is neither in the store nor in the runner cache); it is left out of the saved cache. Re-run the job that built it.`,
    );
  }


  // Large blobs first: the index entry's ledger must only name blobs really saved.
  let saved = 0;
  for (const [digest, size] of largeLocal) {
    if (ledger.has(digest)) continue;
    if (ctx.broken) break;
    if (await saveBlob(ctx, digest, size, ledger)) saved++;
  }
  if (ctx.broken) {
    ctx.logger.warning('Runner cache: the index entry is not saved, since saving blobs failed');
    return report;
  }

  // Fan-in (merge.ts): merge what other jobs saved since this job's restore, then save
  // under the next key of the run; "key exists" means another job saved that very key
  // first — wait for its entry, merge it, and take the next number. Bounded.
  const keys = ctx.indexKeys;
  const base = await loadBase(ctx, session);
  const merged = new Set<string>(base.key !== undefined ? [base.key] : []);
  let known = { key: base.key, fingerprint: session?.fingerprint };
  let floor = 1;
  for (let round = 1; round <= MAX_SAVE_ROUNDS; round++) {
    const look = await ctx.call('looking up the newest store index', (lib) =>
      lib.restoreCache([ctx.paths.index], keys.prefix, [keys.prefix], { lookupOnly: true }),
    );
    if (!look.ok) return report;
    const newest = look.value;
    if (newest !== undefined && !merged.has(newest)) {
      const fp = await mergeFrom(ctx, store, newest, base.tags, report);
      if (fp === undefined) return report; // warned; saving now would hide the other job's tags
      merged.add(newest);
      known = { key: newest, fingerprint: fp };
      await refresh();
      await retain(); // the merged store may be over the budget
    }

    await refresh();
    // The ledger names only blobs that the saved tags still reference.
    for (const d of [...ledger.blobs.keys()]) if (!walk.largeReferenced.has(d) && !largeLocal.has(d)) ledger.blobs.delete(d);
    await ledger.save(ctx.paths.ledger).catch(() => undefined);
    uses.retain(walk.complete.flatMap((m) => m.annotations?.[Annotation.RefName] ?? []));
    await uses.save(ctx.paths.uses).catch(() => undefined);

    const savedIndex: ImageIndex = { ...index, manifests: walk.complete };
    const fp = fingerprint(savedIndex, small, ledger, uses, (await BlobSources.load(store.root)).canonical());
    if (savedIndex.manifests.length === 0 && known.fingerprint === undefined) {
      ctx.logger.info('Runner cache: the store holds no tags; nothing to save');
      return report;
    }
    if (known.fingerprint === fp) {
      ctx.logger.info(`Runner cache: the store index is unchanged${saved ? '' : ' and no blob is new'}; not saving it`);
      await rebase(ctx, session, known.key, fp, savedIndex);
      return report;
    }
    const key = keys.key(Math.max(keys.seq(newest) + 1, floor));
    const out = await saveIndex(ctx, store, savedIndex, small, ledger, uses, key);
    if (out === 'saved') {
      report.savedKey = key;
      await rebase(ctx, session, key, fp, savedIndex);
      return report;
    }
    if (out === 'failed') return report;
    // Another job of this run merged the same entry and saved `key` first.
    floor = keys.seq(key) + 1;
    ctx.logger.info(`Runner cache: another job saved ${key} at the same moment; merging its tags and saving again`);
    const winner = await waitFor(ctx, key);
    if (winner !== undefined && !merged.has(winner)) {
      const wfp = await mergeFrom(ctx, store, winner, base.tags, report);
      if (wfp === undefined) return report;
      merged.add(winner);
      known = { key: winner, fingerprint: wfp };
      await refresh();
      await retain();
    }
  }
  ctx.logger.warning(
    `Runner cache: the store index was not saved — ${MAX_SAVE_ROUNDS} other jobs saved at the same moment. Its large blobs are cached; the tags of this job come back when it runs again.`,
  );
  return report;
}

/** The fan-in base: the tags of the entry this job restored or last saved. */
async function loadBase(ctx: CacheContext, session: Session | undefined): Promise<{ key?: string; tags: TagSnapshot }> {
  let b: { key?: string; tags?: TagSnapshot } | undefined;
  try {
    b = JSON.parse(await readFile(ctx.paths.base, 'utf8')) as { key?: string; tags?: TagSnapshot };
  } catch {
    b = undefined;
  }
  // A base file of another job (persistent runner) is not this job's base.
  if (!session?.baseKey || !b || b.key !== session.baseKey || !b.tags) return { tags: {} };
  return { key: b.key, tags: b.tags };
}

/** After a save (or finding the store equal to the newest entry): that entry is the base of any later merge. */
async function rebase(ctx: CacheContext, session: Session | undefined, key: string | undefined, fp: string, index: ImageIndex): Promise<void> {
  if (!session || key === undefined) return;
  session.fingerprint = fp;
  session.baseKey = key;
  await writeFileAtomic(ctx.paths.base, JSON.stringify({ key, tags: snapshot(index.manifests) }), ctx.paths.dir).catch(() => undefined);
  await writeSession(ctx, session).catch(() => undefined);
}

/**
 * Wait for the entry another job is saving under `key` (created, not yet finalized).
 * Its key — or a later one of the run — once it is there; undefined if it never
 * appears (that job died while saving: nothing of it is lost that was ever saved).
 */
async function waitFor(ctx: CacheContext, key: string): Promise<string | undefined> {
  const keys = ctx.indexKeys;
  const deadline = Date.now() + Math.min(ctx.timeoutMs, WAIT_FOR_WINNER_MS);
  for (let delay = 250; ; delay = Math.min(delay * 2, 8000)) {
    const look = await ctx.call(`looking up ${key}`, (lib) => lib.restoreCache([ctx.paths.index], key, [], { lookupOnly: true }));
    if (!look.ok) return undefined;
    if (look.value !== undefined && keys.seq(look.value) >= keys.seq(key)) return look.value;
    if (Date.now() + delay > deadline) {
      ctx.logger.warning(`Runner cache: ${key} was reserved by another job but never saved; saving under the next key`);
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
async function applyRetention(
  ctx: CacheContext,
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
      ctx.logger.info(
        `Retention: dropped ${d.name} — ${d.reason === 'unused' ? `unused for ${days} day(s) (retention-days: ${policy.days})` : `least recently used, the store was over cache-max-size ${formatBytes(policy.maxBytes)}`}`,
      );
    }
    report.dropped.push(...plan.dropped);
    uses.retain(names.filter((n) => !drop.has(n)));
    const gc = await store.gc({ known: walk.known });
    if (gc.removedBlobs > 0) ctx.logger.info(`GC: removed ${gc.removedBlobs} blob(s) of dropped tags, ${formatBytes(gc.bytesFreed)}`);
  }
  if (plan.overBudget) {
    ctx.logger.warning(
      `Runner cache: the store needs ~${formatBytes(plan.bytes)}, over cache-max-size ${formatBytes(policy.maxBytes)}, with only pinned tags and tags this job used left. Raise cache-max-size or pin fewer tags.`,
    );
  }
  return plan.dropped.length > 0;
}

async function saveBlob(ctx: CacheContext, digest: string, size: number, ledger: Ledger): Promise<boolean> {
  const file = ctx.paths.blob(digest);
  const [alg, hex] = digest.split(':');
  await mkdir(join(file, '..'), { recursive: true });
  await rm(file, { force: true });
  // A hard link costs nothing; the library tars the file as it is.
  await link(join(ctx.root, 'blobs', alg!, hex!), file).catch(() => copyFile(join(ctx.root, 'blobs', alg!, hex!), file));
  try {
    const key = ctx.keys.blob(digest);
    const out = await ctx.call(`saving ${digest}`, (lib) => lib.saveCache([file], key));
    if (!out.ok) return false;
    if (out.value === -1) {
      // -1 is also what a duplicate key gives (another job saved it first): then it is cached.
      const look = await ctx.call(`looking up ${key}`, (lib) => lib.restoreCache([file], key, [], { lookupOnly: true }));
      if (look.ok && look.value === key) ledger.blobs.set(digest, size);
      return false;
    }
    ledger.blobs.set(digest, size);
    ctx.stats.savedEntries++;
    ctx.stats.savedBytes += size;
    ctx.logger.info(`Runner cache: saved ${digest} (${formatBytes(size)}) as ${key}`);
    return true;
  } finally {
    await rm(file, { force: true });
  }
}

/** Save the index entry under `key`: `exists` when another job holds that key. */
async function saveIndex(ctx: CacheContext, store: StoreLike, index: ImageIndex, small: Set<string>, ledger: Ledger, uses: TagUses, key: string): Promise<'saved' | 'exists' | 'failed'> {
  const dir = ctx.paths.index;
  await rm(dir, { recursive: true, force: true });
  await mkdir(join(dir, 'blobs', 'sha256'), { recursive: true });
  try {
    const bytes = await writeIndexEntry(dir, store.root, index, small, ledger, uses);
    const out = await ctx.call(`saving the store index`, (lib) => lib.saveCache([dir], key));
    if (!out.ok) return 'failed';
    if (out.value === -1) {
      if (out.keyExists) return 'exists';
      ctx.logger.warning(`Runner cache: the store index was not saved (${key})`);
      return 'failed';
    }
    ctx.stats.savedEntries++;
    ctx.stats.savedBytes += bytes;
    ctx.logger.info(`Runner cache: saved the store index as ${key} (${index.manifests.length} tag(s), ${small.size} small blob(s), ${formatBytes(bytes)})`);
    return 'saved';
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
