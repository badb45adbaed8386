/**
 * Content interfaces, one concern each (oras-go's `content` package, containerd's content
 * store). The layout store and a remote repository implement the same interfaces, so one
 * graph copy (copy.ts) is both pull and push.
 */
import type { Readable, Writable } from 'node:stream';
import type { Descriptor } from './types/oci.js';

/** A logger passed into the core; front ends map it to the runner log (workflow commands) or stderr. */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warning(message: string): void;
  /**
   * A credential the run came to know or obtained (a registry token): the front end masks
   * it (`::add-mask::`) and keeps it out of everything it prints. Optional.
   */
  secret?(value: string): void;
}

/** A logger that drops everything. */
export const silentLogger: Logger = { debug() {}, info() {}, warning() {} };

/** Progress of a long transfer: bytes done of total, for one blob. */
export interface ProgressEvent {
  digest: string;
  done: number;
  total: number;
  phase: 'upload' | 'download' | 'compress' | 'extract' | 'cache';
}

/** A sink for progress events. */
export type ProgressFn = (event: ProgressEvent) => void;

/** What is known of a stored blob. */
export interface BlobInfo {
  digest: string;
  size: number;
}

/** A byte range, both ends inclusive like HTTP's `Range: bytes=start-end`. */
export interface ByteRange {
  start: number;
  /** Inclusive; omitted = to the end. */
  end?: number;
}

/** Fetches content by descriptor. */
export interface Fetcher {
  /**
   * A stream of the blob's bytes. The whole-blob stream is verified against
   * `desc.digest`/`desc.size`: it errors with DIGEST_MISMATCH/SIZE_MISMATCH at its end
   * rather than ending cleanly on bad bytes. Throws NOT_FOUND when absent.
   */
  fetch(desc: Descriptor): Promise<Readable>;
}

/** Pushes content by descriptor. */
export interface Pusher {
  /**
   * Store `content`, verifying it against `desc` (size and digest) before it becomes
   * visible. Pushing content that already exists succeeds without rewriting it.
   */
  push(desc: Descriptor, content: Readable): Promise<void>;
}

/** Read access to content. */
export interface ReadOnlyStorage extends Fetcher {
  /** True when the blob is present (and, for a store, verified on write). */
  exists(desc: Descriptor): Promise<boolean>;
}

/** Read and write access to content. */
export interface Storage extends ReadOnlyStorage, Pusher {}

/** Resolves a reference (tag or digest) to a descriptor. */
export interface Resolver {
  /** Throws NOT_FOUND when the reference is unknown. */
  resolve(reference: string): Promise<Descriptor>;
}

/** Tags a descriptor. */
export interface Tagger {
  /** Point `reference` at `desc`, replacing an earlier target. */
  tag(desc: Descriptor, reference: string): Promise<void>;
}

/** Resolves and tags. */
export interface TagResolver extends Resolver, Tagger {}

/** Finds the referrers of a manifest (manifests whose `subject` is it). */
export interface ReferrerFinder {
  referrers(subject: Descriptor, artifactType?: string): Promise<Descriptor[]>;
}

/** What graph copy operates on: a store or a remote repository. */
export interface Target extends Storage, TagResolver {}

/**
 * Ingest status of a resumable write (containerd's `content.Status`).
 */
export interface IngestStatus {
  /** Caller-chosen key for the ingest (e.g. `upload-<uuid>` or a digest). */
  ref: string;
  /** Bytes written so far; `resume` continues from here. */
  offset: number;
  /** Expected total size, when known. */
  total?: number;
  /** Expected digest, when known. */
  expected?: string;
  startedAt: Date;
  updatedAt: Date;
}

/**
 * A resumable writer of one blob. Lifecycle: `writer(ref)` or `resume(ref)` → write
 * chunks (or pipe into `stream()`) → exactly one of `commit` (verify size and digest, then
 * atomically publish the blob), `close` (keep the partial data for a later `resume`) or
 * `cancel` (discard it). Every one of the three releases the ref's lock, also on error.
 */
export interface BlobWriter {
  readonly ref: string;
  /** Bytes written so far, including those before a resume. */
  readonly offset: number;
  /** Append a chunk. */
  write(chunk: Uint8Array): Promise<void>;
  /**
   * Digest of the bytes written so far (sha256 unless the writer was opened for another
   * algorithm), once every `write` has settled: a producer needs no hash of its own.
   */
  digest(): string;
  /** A Writable over `write`, for `stream/promises` pipeline. */
  stream(): Writable;
  /**
   * Verify that exactly `size` bytes with digest `expected` were written, then publish
   * the blob. Throws SIZE_MISMATCH/DIGEST_MISMATCH (and removes the ingest) otherwise.
   * Publishing a blob that already exists keeps the existing one.
   */
  commit(size: number, expected: string): Promise<BlobInfo>;
  /** Release the writer, keeping written data for `resume`. */
  close(): Promise<void>;
  /** Release the writer and discard written data. */
  cancel(): Promise<void>;
}

/** Options of a new ingest. */
export interface WriterOptions {
  total?: number;
  expected?: string;
}

/**
 * Blob storage with resumable ingests (containerd's content.Store). Implemented by the
 * layout store's `blobs` (storage.ts) and, where the protocol allows, by a remote
 * repository (upload sessions).
 */
export interface ContentStore {
  /** Size of a present blob; throws NOT_FOUND. */
  stat(digest: string): Promise<BlobInfo>;
  /** True when present. */
  has(digest: string): Promise<boolean>;
  /** The bytes of a small blob, verified; throws TOO_LARGE above `maxBytes` (default 4 MiB). */
  get(digest: string, maxBytes?: number): Promise<Buffer>;
  /**
   * A stream of the blob or a byte range of it. A whole-blob stream is verified (errors at
   * its end on mismatch); a range is served as stored.
   */
  open(digest: string, range?: ByteRange): Promise<Readable>;
  /** Store small bytes; verified against `expected` when given. Returns the blob's info. */
  put(data: Uint8Array, expected?: string): Promise<BlobInfo>;
  /** Start an ingest under `ref`; throws LOCKED while another writer holds `ref`. */
  writer(ref: string, options?: WriterOptions): Promise<BlobWriter>;
  /** Continue an interrupted ingest from its offset; throws NOT_FOUND without one. */
  resume(ref: string): Promise<BlobWriter>;
  /** Status of an ingest; throws NOT_FOUND. */
  status(ref: string): Promise<IngestStatus>;
  /** Every ingest in progress or interrupted. */
  listStatuses(): Promise<IngestStatus[]>;
  /** Discard an ingest (no-op when absent). */
  abort(ref: string): Promise<void>;
  /** Remove a blob; throws NOT_FOUND. */
  delete(digest: string): Promise<void>;
  /** Visit every blob. */
  walk(fn: (info: BlobInfo) => void | Promise<void>): Promise<void>;
}

/**
 * A source of blobs a store lacks locally: the runner cache in the action (lazy
 * restore), nothing in the CLI. Returns true when it placed the blob into the store.
 */
export interface BlobFallback {
  /** True when the source holds the blob (a ledger look-up; no I/O). */
  has(digest: string): boolean;
  /**
   * Size of a blob the source holds, when its ledger records it (no I/O). Lets the local
   * registry answer `HEAD` for a cached blob without restoring it; optional.
   */
  size?(digest: string): number | undefined;
  /** Place the blob into `store` (verified by the store's writer); false when the source lacks it. */
  fetchInto(digest: string, size: number | undefined, store: ContentStore): Promise<boolean>;
}
