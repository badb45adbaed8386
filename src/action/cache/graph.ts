/**
 * What the runner cache reads of the store it saves: its blobs by size, and each tag's
 * graph — complete, or with the first blob that is neither local nor cached — from one
 * walk of the image graph (core/walk.ts). index.json is read through the Store
 * (readIndex), never parsed here.
 */
import { SMALL_BLOB_LIMIT, type Ledger } from './keys.js';
import { Annotation, isIndexMediaType, isManifestMediaType } from '../../core/types/oci.js';
import { childrenOf, SKIP_CHILDREN, walk, type ManifestFetcher } from '../../core/walk.js';
import type { ContentStore } from '../../core/content.js';
import type { Descriptor, ImageIndex } from '../../core/types/oci.js';

/** The store's blobs after GC: small ones (the index entry's) and large ones with sizes. */
export async function localBlobs(store: StoreLike): Promise<{ small: Set<string>; largeLocal: Map<string, number> }> {
  const small = new Set<string>();
  const largeLocal = new Map<string, number>();
  await store.blobs.walk((b) => {
    if (b.size < SMALL_BLOB_LIMIT) small.add(b.digest);
    else largeLocal.set(b.digest, b.size);
  });
  return { small, largeLocal };
}

/** The parts of the layout Store the cache uses (src/core/layout.ts). */
export interface StoreLike {
  readonly root: string;
  readonly blobs: ContentStore;
  successors(desc: Descriptor): Promise<Descriptor[]>;
  readJSON<T>(desc: Descriptor): Promise<T>;
  /** The current index.json, validated (a copy the caller owns). */
  readIndex(): Promise<ImageIndex>;
  updateIndex(fn: (index: ImageIndex) => ImageIndex | void): Promise<void>;
  /** `known`: what a walk already read of manifests and indexes (GcOptions.known). */
  gc(options?: { known?: ReadonlyMap<string, readonly Descriptor[]> }): Promise<{ removedBlobs: number; bytesFreed: number }>;
}

/** What post found walking every tag's graph. */
export interface StoreWalk {
  /** index.json entries whose graphs are complete (saved). */
  complete: Descriptor[];
  /** Entries left out, with the first missing blob. */
  incomplete: Array<{ name: string; missing: string; entry: Descriptor }>;
  /** Every large blob of complete graphs. */
  largeReferenced: Set<string>;
  /** Each complete entry with every blob of its graph (digest → size), for retention. */
  graphs: Array<{ entry: Descriptor; blobs: Map<string, number> }>;
  /** What each manifest or index read holds (`successors`): gc marks from it (GcOptions.known). */
  known: Map<string, Descriptor[]>;
}

/**
 * Walk every index.json entry's graph once (core/walk.ts): find graphs with a blob that is
 * neither local nor cached, the large blobs the complete ones reference, and each one's
 * blob set. Each manifest or index is read once — not again for a tag that shares it,
 * nor, given `known` from an earlier walk, at all. A child manifest missing under an index
 * is a platform that was never pulled — not a hole (containerd's partial indexes).
 */
export async function walkStore(store: StoreLike, index: ImageIndex, ledger: Ledger, known: Map<string, Descriptor[]> = new Map()): Promise<StoreWalk> {
  const w: StoreWalk = { complete: [], incomplete: [], largeReferenced: new Set(), graphs: [], known };
  // A blob is present when local, or large and in the cache (restorable on demand).
  const present = new Map<string, boolean>();
  const unreadable = new Set<string>();
  await walk(
    store,
    index.manifests,
    async ({ descriptor: d }) => {
      const here = (await store.blobs.has(d.digest)) || (d.size >= SMALL_BLOB_LIMIT && ledger.has(d.digest));
      present.set(d.digest, here);
      if (!here) return SKIP_CHILDREN;
    },
    {
      children: async (d) => {
        let children = known.get(d.digest);
        if (children === undefined) {
          children = await store.successors(d);
          known.set(d.digest, children);
        }
        return children;
      },
      onError: (e) => void unreadable.add(e.descriptor.digest),
    },
  );

  // Each entry's graph from what the walk found, in memory: the first missing blob (by the
  // order successors lists them), and every present blob.
  for (const m of index.manifests) {
    const status = new Map<string, string | null>(); // digest → first missing blob below it, or null
    const all = new Map<string, number>();
    const large = new Set<string>();
    const visit = (desc: Descriptor, optional: boolean): string | null => {
      const seen = status.get(desc.digest);
      if (seen !== undefined) return seen;
      if (!present.get(desc.digest)) {
        const r = optional && (isManifestMediaType(desc.mediaType) || isIndexMediaType(desc.mediaType)) ? null : desc.digest;
        status.set(desc.digest, r);
        return r;
      }
      status.set(desc.digest, null); // a cycle (a subject naming its referrer) ends here
      if (desc.size >= SMALL_BLOB_LIMIT) large.add(desc.digest);
      all.set(desc.digest, desc.size);
      let missing: string | null = unreadable.has(desc.digest) ? desc.digest : null;
      const isIndex = isIndexMediaType(desc.mediaType);
      for (const c of known.get(desc.digest) ?? []) {
        const r = visit(c, isIndex);
        if (r !== null && missing === null) missing = r;
      }
      status.set(desc.digest, missing);
      return missing;
    };
    const missing = visit(m, false);
    if (missing !== null) {
      w.incomplete.push({ name: m.annotations?.[Annotation.RefName] ?? m.digest, missing, entry: m });
      continue;
    }
    w.complete.push(m);
    w.graphs.push({ entry: m, blobs: all });
    for (const d of large) w.largeReferenced.add(d);
  }
  return w;
}

/**
 * The walk `w` for `index` when every entry of `index` was walked (tags only dropped
 * since, as retention does): its graphs are still what they were. Undefined when `index`
 * has an entry `w` has not seen (a merge, a tag written meanwhile): walk again.
 */
export function restrictWalk(w: StoreWalk, index: ImageIndex): StoreWalk | undefined {
  const key = (d: Descriptor): string => `${d.annotations?.[Annotation.RefName] ?? ''}\t${d.digest}`;
  const walked = new Set([...w.complete, ...w.incomplete.map((i) => i.entry)].map(key));
  const now = new Set(index.manifests.map(key));
  for (const k of now) if (!walked.has(k)) return undefined;
  if (now.size === walked.size) return w;
  const graphs = w.graphs.filter((g) => now.has(key(g.entry)));
  const largeReferenced = new Set<string>();
  for (const g of graphs) for (const [d, size] of g.blobs) if (size >= SMALL_BLOB_LIMIT) largeReferenced.add(d);
  const complete = new Set(graphs.map((g) => key(g.entry)));
  return {
    complete: index.manifests.filter((m) => complete.has(key(m))),
    incomplete: w.incomplete.filter((i) => now.has(key(i.entry))),
    largeReferenced,
    graphs,
    known: w.known,
  };
}

/**
 * Tags of `index` (the store's index.json) whose graph holds `digest`, walking only
 * manifests and indexes already in the store (no cache call, no recursion into the
 * fallback): one walk (core/walk.ts), then each tag's graph in memory.
 */
export async function tagsHolding(index: ImageIndex, blobs: ContentStore, digest: string): Promise<string[]> {
  const children = new Map<string, Descriptor[]>();
  const local: ManifestFetcher = {
    readJSON: async <T>(d: Descriptor): Promise<T> => JSON.parse((await blobs.get(d.digest)).toString('utf8')) as T,
  };
  await walk(
    local,
    index.manifests,
    async ({ descriptor: d }) => {
      if (d.digest === digest || !(isIndexMediaType(d.mediaType) || isManifestMediaType(d.mediaType))) return SKIP_CHILDREN;
      if (!(await blobs.has(d.digest))) return SKIP_CHILDREN;
    },
    {
      children: async (d) => {
        const c = await childrenOf(local, d);
        children.set(d.digest, c);
        return c;
      },
      onError: () => undefined, // unreadable: holds nothing we can name
    },
  );
  const holds = new Map<string, boolean>();
  const reaches = (d: Descriptor): boolean => {
    if (d.digest === digest) return true;
    const known = holds.get(d.digest);
    if (known !== undefined) return known;
    holds.set(d.digest, false); // a cycle ends here
    const r = (children.get(d.digest) ?? []).some(reaches);
    holds.set(d.digest, r);
    return r;
  };
  const out: string[] = [];
  for (const m of index.manifests) {
    const name = m.annotations?.[Annotation.RefName];
    if (name && reaches(m)) out.push(name);
  }
  return out;
}
