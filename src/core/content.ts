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

// ---- optional capabilities ----------------------------------------------------------
//
// What a Target can do beyond the interfaces above, asked for with a type guard (oras-go's
// `registry.Mounter`, `registry.ReferenceFetcher`, `registry.ReferrerLister`): a caller
// such as copy.ts takes the cheaper way when the target offers it and the plain Target way
// otherwise, and never asks which class the target is.

/** A replayable source of a blob's bytes, for uploads that retry or resume. */
export interface BlobSource {
  /** A stream of bytes `start..end` (inclusive; `end` omitted = to the last byte). */
  open(start: number, end?: number): Promise<Readable>;
  /**
   * The same bytes as lent chunks (each may be reused once the next is asked for), read
   * without an allocation per chunk; a whole blob is verified before its last chunk is given.
   */
  chunks?(start: number, end?: number): AsyncIterable<Uint8Array>;
}

/** How a blob reached its destination. */
export type PushOutcome = 'skipped' | 'mounted' | 'uploaded';

/** Result of a blob push through a {@link Mounter}. */
export interface BlobPushResult {
  outcome: PushOutcome;
  /** Bytes of content uploaded (the blob size when uploaded, else 0). */
  bytes: number;
}

/**
 * Pushes a blob the cheapest way the destination allows: present → skipped, mounted from
 * another repository of the same registry → mounted, else uploaded from `source`, which is
 * read only then (reading may restore the blob from the runner cache).
 *
 * Reference: distribution-spec spec.md "Mounting a blob from another repository".
 */
export interface Mounter {
  mount(desc: Descriptor, from: readonly string[], source: BlobSource): Promise<BlobPushResult>;
}

/**
 * Pushes a manifest under several references at once (oras-go's `TagN`), and tells where
 * a reference points now, so a re-push rewrites only the tags that moved. A destination that
 * is a TagsPusher holds a manifest only with all its children (registries check them on
 * PUT) and needs no separate `tag` after a copy.
 */
export interface TagsPusher {
  /** Push manifest bytes, verified against `desc`, to each of `references` (tags or its digest). */
  pushReferences(desc: Descriptor, bytes: Uint8Array, references: readonly string[]): Promise<void>;
  /** The digest `reference` points at now, or undefined when it points nowhere. */
  referenceDigest(reference: string): Promise<string | undefined>;
}

/** A consumer of lent chunks: each chunk may be reused once the returned promise settles. */
export type ChunkSink = (chunks: Buffer[]) => void | Promise<void>;

/**
 * Fetches part of a blob, and a whole blob into a sink, resuming a transfer that broke
 * from the bytes already received (HTTP `Range`).
 *
 * Reference: distribution-spec spec.md "Pulling blobs" (Range requests).
 */
export interface RangeFetcher {
  /** Bytes `start..end` (inclusive; `end` omitted = to the last byte) as served: a range has no digest to verify. */
  fetchRange(desc: Descriptor, start: number, end?: number): Promise<Readable>;
  /**
   * The whole blob into `sink`, unverified: the sink is a writer that verifies size and
   * digest before it publishes anything.
   */
  fetchResumable(desc: Descriptor, sink: ChunkSink): Promise<void>;
}

/** Lists referrers (oras-go's `ReferrerLister`): the referrers API or its fallback tag. */
export type ReferrerLister = ReferrerFinder;

const hasMethods = (x: unknown, ...names: string[]): boolean =>
  typeof x === 'object' && x !== null && names.every((n) => typeof (x as Record<string, unknown>)[n] === 'function');

/** True when `x` can push a blob by cross-repository mount. */
export function isMounter(x: unknown): x is Mounter {
  return hasMethods(x, 'mount');
}

/** True when `x` pushes a manifest to several references at once. */
export function isTagsPusher(x: unknown): x is TagsPusher {
  return hasMethods(x, 'pushReferences', 'referenceDigest');
}

/** True when `x` fetches byte ranges and resumes broken transfers. */
export function isRangeFetcher(x: unknown): x is RangeFetcher {
  return hasMethods(x, 'fetchRange', 'fetchResumable');
}

/** True when `x` lists the referrers of a manifest. */
export function isReferrerLister(x: unknown): x is ReferrerLister {
  return hasMethods(x, 'referrers');
}

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
