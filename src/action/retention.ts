/**
 * Retention of the store in the runner cache (issue 13, README "The runner cache"): when
 * each tag was last written or read, and which tags the post step drops before it saves.
 *
 * - A tag no job wrote or read for `retention-days` is dropped ("unused").
 * - When what the runner cache holds for the store's tags is over `cache-max-size`, tags
 *   are dropped least recently used first until it fits ("over budget"). Blobs that tags
 *   share count once, so dropping a tag frees only what no kept tag needs.
 * - A tag matching `pin` is never dropped; nor, for the budget, a tag this job used (a
 *   job's own build is never sacrificed to make room for older ones — it warns instead).
 *
 * Use times live in `<store>/.oci-store-cache/tags.json` and travel in the index entry, so
 * they survive save and restore; the layout itself stays a plain OCI image layout.
 */
import { randomUUID } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { normalizedString } from '../core/reference.js';
import type { Result } from '../core/commands/types.js';
import type { Options } from '../core/commands/options.js';

/** The retention inputs, parsed (src/core/commands/options.ts). */
export interface RetentionPolicy {
  /** Drop tags unused for this many days; 0 = never for age. */
  days: number;
  /** Byte budget of the store's runner-cache entries; 0 = none. */
  maxBytes: number;
  /** Glob patterns (`*`, `?`) of tags never dropped. */
  pin: string[];
}

const DAY_MS = 86_400_000;

/**
 * What one cache entry costs beyond its file bytes: a tar header per file and padding,
 * the end-of-archive blocks, tar's 10240-byte record, compression framing. An upper bound,
 * so that a store counted under budget is under it in the cache too.
 */
export const ENTRY_OVERHEAD = 12 * 1024;
/** Per file inside an entry: its tar header and the padding to 512 bytes. */
export const FILE_OVERHEAD = 1024;

/** The key uses are recorded under: the normalised name, so `app:1` and `docker.io/library/app:1` are one tag. */
export function useKey(name: string): string {
  try {
    return normalizedString(name);
  } catch {
    return name;
  }
}

/** When each tag was last written or read (ms since the epoch). */
export class TagUses {
  readonly #at = new Map<string, number>();

  /** Read `file`; missing or unreadable is empty (tags then count as first seen now). */
  static async load(file: string): Promise<TagUses> {
    const uses = new TagUses();
    try {
      const v = JSON.parse(await readFile(file, 'utf8')) as { version?: number; tags?: Record<string, unknown> };
      if (v.version === 1 && v.tags && typeof v.tags === 'object') {
        for (const [name, at] of Object.entries(v.tags)) if (typeof at === 'number' && Number.isFinite(at)) uses.#at.set(name, at);
      }
    } catch {
      /* absent or corrupt: start empty */
    }
    return uses;
  }

  /** Last use of `name`, undefined when never recorded. */
  get(name: string): number | undefined {
    return this.#at.get(useKey(name));
  }

  /** Record a use of every name at `now` (a later record is kept). */
  touch(names: Iterable<string>, now: number): void {
    for (const n of names) {
      const k = useKey(n);
      if ((this.#at.get(k) ?? -Infinity) < now) this.#at.set(k, now);
    }
  }

  /** Take the later use of each tag from `other` (another job's entry). */
  merge(other: TagUses): void {
    for (const [k, at] of other.#at) if ((this.#at.get(k) ?? -Infinity) < at) this.#at.set(k, at);
  }

  /** Keep only the records of `names` (tags gone from the store are forgotten). */
  retain(names: Iterable<string>): void {
    const keep = new Set([...names].map(useKey));
    for (const k of [...this.#at.keys()]) if (!keep.has(k)) this.#at.delete(k);
  }

  /**
   * Day of each tag's last use, for the index entry's fingerprint: a job that only reads
   * tags already used today saves nothing, one that reads a tag last used on an earlier
   * day saves the entry once (retention needs that read).
   */
  days(names: Iterable<string>): string[] {
    return [...new Set([...names].map(useKey))]
      .map((k) => `${k}\t${Math.floor((this.#at.get(k) ?? 0) / DAY_MS)}`)
      .sort();
  }

  toJSON(): { version: 1; tags: Record<string, number> } {
    return { version: 1, tags: Object.fromEntries([...this.#at.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) };
  }

  /** Write atomically. */
  async save(file: string): Promise<void> {
    const tmp = `${file}.${process.pid}.${randomUUID().slice(0, 8)}.tmp`;
    await writeFile(tmp, JSON.stringify(this.toJSON()));
    await rename(tmp, file);
  }
}

/** A `pin` pattern as a RegExp: `*` any run of characters, `?` one; the rest literal. */
function globToRegExp(pattern: string): RegExp {
  const body = [...pattern].map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('');
  return new RegExp(`^${body}$`);
}

/** Whether `name` matches a `pin` pattern: as written, normalised (`docker.io/library/app:1`) or familiar (`app:1`, docker's short form). */
export function isPinned(name: string, patterns: readonly string[]): boolean {
  if (patterns.length === 0) return false;
  const normal = useKey(name);
  const familiar = normal.replace(/^docker\.io\/(library\/(?=[^/]+$))?/, '');
  const forms = new Set([name, normal, familiar]);
  return patterns.some((p) => {
    const re = globToRegExp(p);
    return [...forms].some((f) => re.test(f));
  });
}

/** One tag as retention sees it: its name and every blob its graph holds (digest → bytes in the cache). */
export interface RetentionTag {
  name: string;
  blobs: Map<string, number>;
}

/** A tag retention drops, and why. */
export interface Dropped {
  name: string;
  reason: 'unused' | 'budget';
  /** Its last recorded use (ms). */
  lastUsed: number;
}

/** What a retention pass decided. */
export interface RetentionPlan {
  dropped: Dropped[];
  /** Estimated runner-cache bytes of the kept tags. */
  bytes: number;
  /** Estimated bytes before any drop. */
  bytesBefore: number;
  /** Still over the budget after every droppable tag went (pinned or this job's tags are kept). */
  overBudget: boolean;
}

/** Estimated cache bytes of one blob: large ones are entries of their own, small ones files in the index entry. */
export function blobCost(size: number, smallLimit: number): number {
  return size >= smallLimit ? size + ENTRY_OVERHEAD : size + FILE_OVERHEAD;
}

/**
 * Decide which tags to drop. Pure: the caller applies it. `jobStart` protects tags used
 * since (this job's own) from the budget; `fixedBytes` is what the store costs without
 * any tag (the index entry's own files). Ties in last use break by name, so the plan is
 * deterministic.
 */
export function planRetention(
  tags: readonly RetentionTag[],
  uses: TagUses,
  policy: RetentionPolicy,
  now: number,
  jobStart: number,
  smallLimit: number,
  fixedBytes = ENTRY_OVERHEAD,
): RetentionPlan {
  const lastUsed = (t: RetentionTag): number => uses.get(t.name) ?? now;
  const dropped: Dropped[] = [];
  const refs = new Map<string, { count: number; cost: number }>();
  for (const t of tags) {
    for (const [d, size] of t.blobs) {
      const r = refs.get(d);
      if (r) r.count++;
      else refs.set(d, { count: 1, cost: blobCost(size, smallLimit) });
    }
  }
  let bytes = fixedBytes;
  for (const r of refs.values()) bytes += r.cost;
  const bytesBefore = bytes;
  const drop = (t: RetentionTag, reason: Dropped['reason']): void => {
    dropped.push({ name: t.name, reason, lastUsed: lastUsed(t) });
    for (const d of t.blobs.keys()) {
      const r = refs.get(d)!;
      if (--r.count === 0) bytes -= r.cost;
    }
  };

  const candidates = tags
    .filter((t) => !isPinned(t.name, policy.pin))
    .sort((a, b) => lastUsed(a) - lastUsed(b) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const gone = new Set<RetentionTag>();
  if (policy.days > 0) {
    const cutoff = now - policy.days * DAY_MS;
    for (const t of candidates) {
      if (lastUsed(t) >= cutoff) break;
      drop(t, 'unused');
      gone.add(t);
    }
  }
  if (policy.maxBytes > 0) {
    for (const t of candidates) {
      if (bytes <= policy.maxBytes) break;
      if (gone.has(t) || lastUsed(t) >= jobStart) continue;
      drop(t, 'budget');
      gone.add(t);
    }
  }
  return { dropped, bytes, bytesBefore, overBudget: policy.maxBytes > 0 && bytes > policy.maxBytes };
}

/** The retention inputs of a use of the action. */
export function retentionPolicy(options: Pick<Options, 'retentionDays' | 'cacheMaxSize' | 'pin'>): RetentionPolicy {
  return { days: options.retentionDays, maxBytes: options.cacheMaxSize, pin: options.pin };
}

/**
 * The store tags a command wrote or read: the tags it applied, the `ref` (or refs) it
 * acted on and the `base` it built on. Digest references name no tag.
 */
export function tagsUsed(options: Pick<Options, 'ref' | 'refs' | 'base'>, result: Pick<Result, 'tags'>): string[] {
  const refs = [...result.tags, ...(options.refs ?? []), ...(options.ref !== undefined ? [options.ref] : []), ...(options.base !== undefined ? [options.base] : [])];
  return [...new Set(refs.filter((r) => !r.includes('@')))];
}
