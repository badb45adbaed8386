/**
 * What the runner cache reads of the store it saves: its blobs by size, and each tag's
 * graph — complete, or with the first blob that is neither local nor cached. index.json
 * is read through the Store (readIndex), never parsed here.
 */
import { SMALL_BLOB_LIMIT, type Ledger } from './keys.js';
import { Annotation, isIndexMediaType, isManifestMediaType } from '../../core/types/oci.js';
import type { ContentStore } from '../../core/content.js';
import type { Descriptor, ImageIndex, Manifest } from '../../core/types/oci.js';

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
  /** The current index.json, validated (a copy the caller owns). */
  readIndex(): Promise<ImageIndex>;
  updateIndex(fn: (index: ImageIndex) => ImageIndex | void): Promise<void>;
  gc(): Promise<{ removedBlobs: number; bytesFreed: number }>;
}

/** What post found walking every tag's graph. */
export interface StoreWalk {
  /** index.json entries whose graphs are complete (saved). */
  complete: Descriptor[];
  /** Entries left out, with the first missing blob. */
  incomplete: Array<{ name: string; missing: string }>;
  /** Every large blob of complete graphs. */
  largeReferenced: Set<string>;
  /** Each complete entry with every blob of its graph (digest → size), for retention. */
  graphs: Array<{ entry: Descriptor; blobs: Map<string, number> }>;
}

/**
 * Walk every index.json entry's graph: find graphs with a blob that is neither local nor
 * cached, and the large blobs the complete ones reference. A child manifest missing under an index is a platform that
 * was never pulled — not a hole (containerd's partial indexes).
 */
export async function walkStore(store: StoreLike, index: ImageIndex, ledger: Ledger): Promise<StoreWalk> {
  const w: StoreWalk = { complete: [], incomplete: [], largeReferenced: new Set(), graphs: [] };
  const status = new Map<string, string | null>(); // digest → first missing blob below it, or null when complete
  const visit = async (desc: Descriptor, optional: boolean, large: Set<string>, all: Map<string, number>): Promise<string | null> => {
    const known = status.get(desc.digest);
    if (known !== undefined) return known;
    const local = await store.blobs.has(desc.digest);
    const cached = ledger.has(desc.digest);
    if (!local && !(desc.size >= SMALL_BLOB_LIMIT && cached)) {
      const r = optional && (isManifestMediaType(desc.mediaType) || isIndexMediaType(desc.mediaType)) ? null : desc.digest;
      status.set(desc.digest, r);
      return r;
    }
    if (desc.size >= SMALL_BLOB_LIMIT) large.add(desc.digest);
    all.set(desc.digest, desc.size);
    let missing: string | null = null;
    if (isIndexMediaType(desc.mediaType) || isManifestMediaType(desc.mediaType)) {
      let children: Descriptor[] = [];
      try {
        children = await store.successors(desc);
      } catch {
        missing = desc.digest;
      }
      const isIndex = isIndexMediaType(desc.mediaType);
      for (const c of children) {
        const m = await visit(c, isIndex, large, all);
        if (m !== null && missing === null) missing = m;
      }
    }
    status.set(desc.digest, missing);
    return missing;
  };
  for (const m of index.manifests) {
    const large = new Set<string>();
    const all = new Map<string, number>();
    // Each top-level entry walks fresh so its own blob set is complete.
    status.clear();
    const missing = await visit(m, false, large, all);
    const name = m.annotations?.[Annotation.RefName] ?? m.digest;
    if (missing !== null) {
      w.incomplete.push({ name, missing });
      continue;
    }
    w.complete.push(m);
    w.graphs.push({ entry: m, blobs: all });
    for (const d of large) w.largeReferenced.add(d);
  }
  return w;
}

/**
 * Tags of `index` (the store's index.json) whose graph holds `digest`, walking only
 * manifests already in the store (no cache call, no recursion into the fallback).
 */
export async function tagsHolding(index: ImageIndex, blobs: ContentStore, digest: string): Promise<string[]> {
  const out: string[] = [];
  const holds = async (desc: Descriptor, depth: number): Promise<boolean> => {
    if (desc.digest === digest) return true;
    if (depth > 4 || !(isIndexMediaType(desc.mediaType) || isManifestMediaType(desc.mediaType))) return false;
    if (!(await blobs.has(desc.digest))) return false;
    let node: Partial<Manifest & ImageIndex>;
    try {
      node = JSON.parse((await blobs.get(desc.digest)).toString('utf8')) as Partial<Manifest & ImageIndex>;
    } catch {
      return false;
    }
    const children = [...(node.manifests ?? []), ...(node.config ? [node.config] : []), ...(node.layers ?? [])];
    for (const c of children) if (await holds(c, depth + 1)) return true;
    return false;
  };
  for (const m of index.manifests) {
    const name = m.annotations?.[Annotation.RefName];
    if (name && (await holds(m, 0))) out.push(name);
  }
  return out;
}
