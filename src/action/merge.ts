/**
 * Fan-in across the jobs of a run (DESIGN.md §3, README "The runner cache"): the keys of
 * one run's index entries and the merge of another job's entry into this job's store.
 *
 * Keys. The first index entry of a run is `<prefix>-index-<run_id>-<run_attempt>`, the
 * n-th `<prefix>-index-<run_id>-<run_attempt>-<n>`. A job saves under the number after the
 * newest entry it has merged, so two jobs that merged the same entry ask for the same key
 * and the cache's immutability decides: one creates it, the other gets "key exists"
 * (HTTP 409), waits for the winner's entry, merges it and asks for the next number. The
 * numbers grow in creation order, so a restore by the prefix `<prefix>-index-` (newest
 * created first) finds the entry that merged all the others.
 */
import { Annotation } from '../core/types/oci.js';
import type { Descriptor } from '../core/types/oci.js';

/** The name an index.json entry is merged by: its tag, or `@digest` when untagged. */
export function entryName(d: Descriptor): string {
  return d.annotations?.[Annotation.RefName] ?? `@${d.digest}`;
}

/** Tag → digest, the part of an index a merge compares. */
export type TagSnapshot = Record<string, string>;

/** The snapshot of a list of index.json entries. */
export function snapshot(manifests: readonly Descriptor[]): TagSnapshot {
  const out: TagSnapshot = {};
  for (const m of manifests) out[entryName(m)] = m.digest;
  return out;
}

/**
 * Three-way merge of index.json entries: `ours` (this job's store), `theirs` (a newer
 * entry another job saved) and `base` (what this job restored).
 * - A tag this job wrote (its digest differs from base's) keeps this job's value.
 * - A tag this job dropped stays dropped, unless the other job wrote it anew (its digest
 *   differs from base's): a fresh write beats a retention drop.
 * - Every other tag takes the other job's value; a tag only one side has is kept.
 * Order: ours first, then their new tags, so index.json does not churn.
 */
export function mergeEntries(ours: readonly Descriptor[], theirs: readonly Descriptor[], base: TagSnapshot): { manifests: Descriptor[]; added: string[]; replaced: string[] } {
  const theirByName = new Map(theirs.map((d) => [entryName(d), d] as const));
  const ourNames = new Set(ours.map(entryName));
  const added: string[] = [];
  const replaced: string[] = [];
  const manifests: Descriptor[] = [];
  for (const d of ours) {
    const name = entryName(d);
    const t = theirByName.get(name);
    const oursChanged = d.digest !== base[name];
    if (!oursChanged && t !== undefined && t.digest !== d.digest) {
      manifests.push(t);
      replaced.push(name);
    } else {
      manifests.push(d);
    }
  }
  for (const t of theirs) {
    const name = entryName(t);
    if (ourNames.has(name)) continue;
    const droppedHere = base[name] !== undefined;
    if (droppedHere && t.digest === base[name]) continue;
    manifests.push(t);
    added.push(name);
    ourNames.add(name);
  }
  return { manifests, added, replaced };
}

/** The keys of one run's index entries. */
export class IndexKeys {
  /** `<prefix>-index-<run_id>-<run_attempt>`: this run's first key. */
  readonly first: string;
  /** `<prefix>-index-`: what a restore matches. */
  readonly prefix: string;

  constructor(first: string, prefix: string) {
    this.first = first;
    this.prefix = prefix;
  }

  /** The number of `key` in this run's sequence, or 0 when it belongs to another run (or is not an index key). */
  seq(key: string | undefined): number {
    if (key === undefined || !key.startsWith(this.first)) return 0;
    const rest = key.slice(this.first.length);
    if (rest === '') return 1;
    // `-<n>`, possibly followed by more; `…-1` must not read `…-12` (attempt 12) as ours.
    const m = /^-(\d+)(?:-|$)/.exec(rest);
    return m ? Number(m[1]) : 0;
  }

  /** The key of number `n` (n ≥ 1). */
  key(n: number): string {
    return n <= 1 ? this.first : `${this.first}-${n}`;
  }

  /** The key to save under after merging `newest` (or nothing). */
  next(newest: string | undefined): string {
    return this.key(this.seq(newest) + 1);
  }
}
