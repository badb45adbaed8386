/**
 * Names of the runner cache's entries and what the index entry records (DESIGN.md §3):
 * the cache keys, the fixed paths @actions/cache hashes into an entry's version, the
 * ledger of large blobs known to be cached, and the index entry's fingerprint.
 */
import { dirname, join } from 'node:path';
import { readFile } from 'node:fs/promises';
import { isDigest, sha256 } from '../../core/digest.js';
import { writeFileAtomic } from '../../core/storage.js';
import { Annotation } from '../../core/types/oci.js';
import type { ImageIndex } from '../../core/types/oci.js';
import type { TagUses } from '../retention.js';

export { IndexKeys } from '../merge.js';

/** Blobs below this size travel in the index entry; the others get an entry each. */
export const SMALL_BLOB_LIMIT = 1024 * 1024;

/** The cache's working directory inside the store. */
export const CACHE_DIR = '.oci-store-cache';

/** Cache keys of a store. */
export interface CacheKeys {
  /** `<prefix>-index-<run_id>-<run_attempt>`: the key this run saves its index entry under. */
  index: string;
  /** `<prefix>-index-`: what a restore matches (newest entry first). */
  indexPrefix: string;
  /** `<prefix>-blob-sha256-<hex>`. */
  blob(digest: string): string;
}

/** The cache keys for `prefix` in this run. */
export function cacheKeys(prefix: string, env: Record<string, string | undefined>): CacheKeys {
  const run = env['GITHUB_RUN_ID'] || '0';
  const attempt = env['GITHUB_RUN_ATTEMPT'] || '1';
  return {
    index: `${prefix}-index-${run}-${attempt}`,
    indexPrefix: `${prefix}-index-`,
    blob: (digest) => `${prefix}-blob-${digest.replace(':', '-')}`,
  };
}

/** Where the cache keeps its files inside the store. */
export interface EntryPaths {
  /** `<store>/.oci-store-cache`. */
  dir: string;
  /** Where an index entry is restored or assembled (an entry path). */
  index: string;
  /** Where a blob entry is restored or linked for saving (an entry path). */
  blob(digest: string): string;
  /** The ledger of large blobs known to be cached. */
  ledger: string;
  /** When each tag was last used (retention.ts). */
  uses: string;
  /** The job's session (session.ts). */
  session: string;
  /** The tags of the index entry the store last matched: the fan-in merge's base. */
  base: string;
}

/**
 * The paths of each kind of entry, and the cache's own files. @actions/cache hashes the
 * entry paths into the entry's version, so this is the only place they are built.
 */
export function entryPaths(root: string): EntryPaths {
  const dir = join(root, CACHE_DIR);
  return {
    dir,
    index: join(dir, 'index'),
    blob: (digest) => {
      const [alg, hex] = digest.split(':');
      return join(dir, 'blob', alg!, hex!);
    },
    ledger: join(dir, 'ledger.json'),
    uses: join(dir, 'tags.json'),
    session: join(dir, 'session.json'),
    base: join(dir, 'base.json'),
  };
}

/** The large blobs known to be in the cache: digest → size. Persisted in the store and in the index entry. */
export class Ledger {
  readonly blobs = new Map<string, number>();

  /** Read `file`; a missing or unreadable ledger is empty (the cost is re-saving, never a wrong result). */
  static async load(file: string): Promise<Ledger> {
    const ledger = new Ledger();
    try {
      const v = JSON.parse(await readFile(file, 'utf8')) as { version?: number; blobs?: Record<string, unknown> };
      if (v.version === 1 && v.blobs && typeof v.blobs === 'object') {
        for (const [d, size] of Object.entries(v.blobs)) {
          if (isDigest(d) && typeof size === 'number' && Number.isSafeInteger(size) && size >= 0) ledger.blobs.set(d, size);
        }
      }
    } catch {
      /* absent or corrupt: start empty */
    }
    return ledger;
  }

  has(digest: string): boolean {
    return this.blobs.has(digest);
  }

  /** The ledger as written to disk: sorted, so equal ledgers have equal bytes. */
  toJSON(): { version: 1; blobs: Record<string, number> } {
    return { version: 1, blobs: Object.fromEntries([...this.blobs.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) };
  }

  /** Write atomically (temp file, fsync, rename): a crash leaves the old ledger or the new one. */
  async save(file: string): Promise<void> {
    await writeFileAtomic(file, JSON.stringify(this.toJSON()), dirname(file));
  }
}

/**
 * Canonical fingerprint of what an index entry holds: tags, small blobs, ledger, the day
 * each tag was last used and where pushed blobs went (BlobSources.canonical).
 */
export function fingerprint(index: ImageIndex, smallBlobs: Iterable<string>, ledger: Ledger, uses?: TagUses, sources = ''): string {
  const entries = index.manifests
    .map((m) => `${m.annotations?.[Annotation.RefName] ?? ''}\t${m.digest}\t${m.mediaType}\t${m.size}`)
    .sort();
  const blobs = [...smallBlobs].sort();
  const days = uses ? uses.days(index.manifests.flatMap((m) => m.annotations?.[Annotation.RefName] ?? [])) : [];
  return sha256(JSON.stringify(sources === '' ? [entries, blobs, ledger.toJSON().blobs, days] : [entries, blobs, ledger.toJSON().blobs, days, sources]));
}
