/**
 * Where pushed blobs went: for each blob, the repositories of each registry known to hold
 * it, so that a later push of the same blob to another repository of that registry mounts
 * it (distribution-spec "Mounting a blob from another repository") instead of uploading it
 * again — in another process, another step or another run.
 *
 * The record lives in the store, in `distribution-sources.json` beside `index.json`, so it
 * travels with the store (and the runner cache's index entry, which carries the store's
 * small files). It is a hint, never a fact: a mount the registry refuses falls back to an
 * upload, so a lost, stale or damaged record costs bytes, never a wrong result.
 *
 * - Bounded: at most MAX_REPOSITORIES repositories per blob and registry (most recent
 *   first) and MAX_BLOBS blobs (least recently pushed forgotten first).
 * - Written atomically under its own lock; concurrent pushes merge, none is lost.
 * - A failure to read or write it is a debug line: a push never fails because of it.
 *
 * Reference: docker's distribution metadata (`distribution/metadata/v2_metadata_service.go`,
 * digest → source repositories), containerd's `containerd.io/distribution.source.<registry>`
 * content labels.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from './content.js';
import { silentLogger } from './content.js';
import { isDigest } from './digest.js';
import { acquireLock } from './lock.js';
import { writeFileAtomic } from './storage.js';

/** File name of the record, in the store root. */
export const SOURCES_FILE = 'distribution-sources.json';
/** Repositories remembered per blob and registry (the push tries three mount sources). */
export const MAX_REPOSITORIES = 4;
/** Blobs remembered in all (~100 bytes each: the file stays well under 1 MiB). */
export const MAX_BLOBS = 5000;

const VERSION = 1;
const LOCK_WAIT_MS = 5000;

/** digest → registry → repositories, most recent first. */
type Record_ = Map<string, Map<string, string[]>>;

/** The file as written: `blobs` in least- to most-recently-recorded order. */
interface SourcesFile {
  version: number;
  blobs: Record<string, Record<string, string[]>>;
}

/** A repository path as a registry names it (`o/app`); anything else in the file is dropped. */
const REPOSITORY = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;

function parse(text: string): Record_ {
  const out: Record_ = new Map();
  const doc = JSON.parse(text) as Partial<SourcesFile>;
  if (doc.version !== VERSION || typeof doc.blobs !== 'object' || doc.blobs === null) return out;
  for (const [digest, byRegistry] of Object.entries(doc.blobs)) {
    if (!isDigest(digest) || typeof byRegistry !== 'object' || byRegistry === null) continue;
    const m = new Map<string, string[]>();
    for (const [registry, repos] of Object.entries(byRegistry)) {
      if (!Array.isArray(repos)) continue;
      const valid = repos.filter((r): r is string => typeof r === 'string' && REPOSITORY.test(r)).slice(0, MAX_REPOSITORIES);
      if (valid.length > 0) m.set(registry, valid);
    }
    if (m.size > 0) out.set(digest, m);
  }
  return out;
}

function serialize(record: Record_): string {
  const blobs: SourcesFile['blobs'] = {};
  for (const [digest, byRegistry] of record) blobs[digest] = Object.fromEntries(byRegistry);
  return JSON.stringify({ version: VERSION, blobs } satisfies SourcesFile);
}

/** Add `repository` of `registry` as the most recent holder of each digest, in `record`. */
function add(record: Record_, registry: string, repository: string, digests: Iterable<string>): void {
  for (const digest of digests) {
    const byRegistry = record.get(digest) ?? new Map<string, string[]>();
    const repos = [repository, ...(byRegistry.get(registry) ?? []).filter((r) => r !== repository)].slice(0, MAX_REPOSITORIES);
    byRegistry.set(registry, repos);
    // Re-inserted at the end: the map's order is recency, the oldest are dropped first.
    record.delete(digest);
    record.set(digest, byRegistry);
  }
  for (const digest of record.keys()) {
    if (record.size <= MAX_BLOBS) break;
    record.delete(digest);
  }
}

/** Whether add(record, registry, repository, digests) would change nothing: `digests` are the record's most recent blobs, in that order, each with `repository` first. */
function recordedLast(record: Record_, registry: string, repository: string, digests: string[]): boolean {
  if (record.size > MAX_BLOBS || digests.length > record.size || new Set(digests).size !== digests.length) return false;
  const last = [...record.keys()].slice(record.size - digests.length);
  return digests.every((d, i) => last[i] === d && record.get(d)?.get(registry)?.[0] === repository);
}

/**
 * Merge `older` under `newer`: for each blob and registry, `newer`'s repositories first;
 * blobs only in `older` keep their place before the others.
 */
function merge(older: Record_, newer: Record_): Record_ {
  const out: Record_ = new Map(older);
  for (const [digest, byRegistry] of newer) {
    for (const [registry, repos] of byRegistry) {
      // Oldest first, so the first of `repos` ends up most recent.
      for (const repo of [...repos].reverse()) add(out, registry, repo, [digest]);
    }
  }
  return out;
}

async function readRecord(path: string): Promise<Record_> {
  return parse(await readFile(path, 'utf8'));
}

/** The store's record of where its blobs were pushed. */
export class BlobSources {
  readonly #path: string;
  readonly #root: string;
  readonly #logger: Logger;
  #record: Record_;

  private constructor(root: string, record: Record_, logger: Logger) {
    this.#root = root;
    this.#path = join(root, SOURCES_FILE);
    this.#record = record;
    this.#logger = logger;
  }

  /** Load the record of the store at `root`; missing or unreadable means empty. */
  static async load(root: string, logger: Logger = silentLogger): Promise<BlobSources> {
    let record: Record_ = new Map();
    try {
      record = await readRecord(join(root, SOURCES_FILE));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') logger.debug(`${SOURCES_FILE} is unreadable, starting a new one: ${(e as Error).message}`);
    }
    return new BlobSources(root, record, logger);
  }

  /** Repositories of `registry` recorded as holding `digest`, most recent first. */
  repositories(registry: string, digest: string): string[] {
    return [...(this.#record.get(digest)?.get(registry) ?? [])];
  }

  /** Number of blobs remembered. */
  get size(): number {
    return this.#record.size;
  }

  /**
   * What the record holds, independent of its order (which only says what to forget
   * first): equal for two records that name the same repositories for the same blobs.
   */
  canonical(): string {
    const rows: string[] = [];
    for (const [digest, byRegistry] of this.#record) {
      for (const [registry, repos] of byRegistry) rows.push(`${digest}\t${registry}\t${[...repos].sort().join(',')}`);
    }
    return rows.sort().join('\n');
  }

  /**
   * Record that `repository` of `registry` now holds every blob of `digests`: merged with
   * what other processes recorded meanwhile, under the lock, written atomically. Never throws.
   */
  async record(registry: string, repository: string, digests: Iterable<string>): Promise<void> {
    const list = [...digests];
    // A re-push of what was pushed last finds the record as it would leave it: no lock, no
    // write and no two fsyncs on the push's path. Another process may have written since
    // this one read the file; it merged what was there, so these blobs are still recorded,
    // perhaps no longer as the most recent — a hint's order, never a wrong push.
    if (recordedLast(this.#record, registry, repository, list)) return;
    add(this.#record, registry, repository, list);
    await this.#update((onDisk) => {
      add(onDisk, registry, repository, list);
      return onDisk;
    });
  }

  /**
   * Merge the record in `file` (another copy of the store's, e.g. restored from a cache)
   * into this store's; this store's entries win the most-recent places. Never throws.
   */
  async mergeFrom(file: string): Promise<void> {
    let other: Record_;
    try {
      other = await readRecord(file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') this.#logger.debug(`${file} is unreadable, not merged: ${(e as Error).message}`);
      return;
    }
    this.#record = merge(other, this.#record);
    await this.#update((onDisk) => merge(other, onDisk));
  }

  /**
   * Merge this record (read once, e.g. from a restored cache entry) into the record of the
   * store at `root`, under that store's lock — its file is read once, there. Never throws.
   */
  async mergeInto(root: string): Promise<void> {
    const other = this.#record;
    await new BlobSources(root, new Map(), this.#logger).#update((onDisk) => merge(other, onDisk));
  }

  async #update(fn: (onDisk: Record_) => Record_): Promise<void> {
    try {
      const lock = await acquireLock(`${this.#path}.lock`, { what: SOURCES_FILE, waitMs: LOCK_WAIT_MS, staleMs: 60_000 });
      try {
        let onDisk: Record_ = new Map();
        try {
          onDisk = await readRecord(this.#path);
        } catch {
          // missing or damaged: replaced by what this process knows
        }
        const next = fn(onDisk);
        await writeFileAtomic(this.#path, serialize(next), this.#root);
        this.#record = next;
      } finally {
        await lock.release();
      }
    } catch (e) {
      this.#logger.debug(`could not update ${SOURCES_FILE}: ${(e as Error).message}`);
    }
  }
}
