/**
 * A remote repository's blobs as a ContentStore (containerd's content.Store over the
 * distribution API): HEAD for stat/has, GET (with Range) for get/open, upload sessions for
 * writers, DELETE for delete. What a registry cannot do is refused with NOT_IMPLEMENTED:
 * listing blobs (`walk`). Ingest statuses, `close` and `resume` are kept in memory for the
 * life of this object (a registry's upload session outlives a connection, not a process).
 *
 * Writers hash what they send and refuse to commit on a size or digest mismatch, so the
 * registry never publishes a blob under a wrong digest.
 */
import { Readable, Writable } from 'node:stream';
import { createHash, type Hash } from 'node:crypto';
import type { BlobInfo, BlobWriter, ByteRange, ContentStore, IngestStatus, WriterOptions } from '../content.js';
import { OciError } from '../errors.js';
import { digestOf, hasherFor, parseDigest } from '../digest.js';
import { readBody } from './http.js';
import type { Repository, UploadSession } from './repository.js';

interface Ingest {
  ref: string;
  session: UploadSession;
  hash: Hash;
  total?: number;
  expected?: string;
  startedAt: Date;
  updatedAt: Date;
  lockedSince?: Date;
}

const OCTET = 'application/octet-stream';

/** A remote repository's blobs as a ContentStore. */
export class RemoteContentStore implements ContentStore {
  readonly #repo: Repository;
  readonly #ingests = new Map<string, Ingest>();

  constructor(repo: Repository) {
    this.#repo = repo;
  }

  async stat(digest: string): Promise<BlobInfo> {
    const size = await this.#repo.statBlob(digest);
    if (size === undefined) throw new OciError('NOT_FOUND', `blob ${digest} not found in ${this.#repo}`, { hint: 'check the digest' });
    return { digest, size };
  }

  async has(digest: string): Promise<boolean> {
    return (await this.#repo.statBlob(digest)) !== undefined;
  }

  async get(digest: string, maxBytes = 4 * 1024 * 1024): Promise<Buffer> {
    const { size } = await this.stat(digest);
    if (size > maxBytes) throw new OciError('TOO_LARGE', `blob ${digest} has ${size} bytes, more than ${maxBytes}`, { hint: 'open it as a stream' });
    return readBody(await this.#repo.fetchBlob({ mediaType: OCTET, digest, size }), maxBytes);
  }

  async open(digest: string, range?: ByteRange): Promise<Readable> {
    const { size } = await this.stat(digest);
    if (range === undefined) return this.#repo.fetchBlob({ mediaType: OCTET, digest, size });
    const end = Math.min(range.end ?? size - 1, size - 1);
    if (!Number.isSafeInteger(range.start) || range.start < 0 || range.start >= size || end < range.start) {
      throw new OciError('INVALID_INPUT', `range ${range.start}-${range.end ?? ''} is outside blob ${digest} (${size} bytes)`, { hint: 'ask for a range inside the blob' });
    }
    return this.#repo.fetchBlobRange(digest, range.start, end);
  }

  async put(data: Uint8Array, expected?: string): Promise<BlobInfo> {
    const digest = digestOf(data, expected ? parseDigest(expected).algorithm : 'sha256');
    if (expected !== undefined && expected !== digest) {
      throw new OciError('DIGEST_MISMATCH', `content digest ${digest} does not match expected ${expected}`, { hint: 'the content is not what was announced' });
    }
    const bytes = Buffer.from(data);
    await this.#repo.pushBlob({ mediaType: OCTET, digest, size: bytes.length }, { open: async (s, e) => Readable.from([bytes.subarray(s, e === undefined ? undefined : e + 1)]) });
    return { digest, size: bytes.length };
  }

  #lock(ref: string, ingest: Ingest): void {
    if (ingest.lockedSince) {
      throw new OciError('LOCKED', `ingest ${ref} is locked since ${ingest.lockedSince.toISOString()}`, { hint: 'another writer holds it; wait or use another ref' });
    }
    ingest.lockedSince = new Date();
  }

  async writer(ref: string, options: WriterOptions = {}): Promise<BlobWriter> {
    const existing = this.#ingests.get(ref);
    if (existing) {
      this.#lock(ref, existing); // throws LOCKED when held
      await existing.session.cancel();
      this.#ingests.delete(ref);
    }
    const now = new Date();
    const ingest: Ingest = {
      ref,
      session: await this.#repo.openUpload(),
      hash: options.expected ? hasherFor(options.expected) : createHash('sha256'),
      startedAt: now,
      updatedAt: now,
      lockedSince: now,
    };
    if (options.total !== undefined) ingest.total = options.total;
    if (options.expected !== undefined) ingest.expected = options.expected;
    this.#ingests.set(ref, ingest);
    return this.#writerFor(ingest);
  }

  async resume(ref: string): Promise<BlobWriter> {
    const ingest = this.#ingests.get(ref);
    if (!ingest) throw new OciError('NOT_FOUND', `no ingest ${ref} to resume`, { hint: 'start a new writer' });
    this.#lock(ref, ingest);
    return this.#writerFor(ingest);
  }

  #writerFor(ingest: Ingest): BlobWriter {
    const ingests = this.#ingests;
    let done = false;
    const release = (discard: boolean): void => {
      done = true;
      delete ingest.lockedSince;
      if (discard) ingests.delete(ingest.ref);
    };
    const write = async (chunk: Uint8Array): Promise<void> => {
      if (done) throw new OciError('INVALID_INPUT', `writer ${ingest.ref} is closed`);
      if (ingest.total !== undefined && ingest.session.offset + chunk.length > ingest.total) {
        throw new OciError('SIZE_MISMATCH', `writing ${chunk.length} more bytes would pass the announced ${ingest.total}`, { hint: 'the source is larger than announced' });
      }
      await ingest.session.append(chunk);
      ingest.hash.update(chunk);
      ingest.updatedAt = new Date();
    };
    const w: BlobWriter = {
      ref: ingest.ref,
      get offset() {
        return ingest.session.offset;
      },
      write,
      digest: () => `${ingest.expected ? parseDigest(ingest.expected).algorithm : 'sha256'}:${ingest.hash.copy().digest('hex')}`,
      stream: () =>
        new Writable({
          write(chunk: Buffer, _e, cb) {
            write(chunk).then(() => cb(), cb);
          },
        }),
      commit: async (size: number, expected: string): Promise<BlobInfo> => {
        try {
          if (ingest.session.offset !== size) {
            throw new OciError('SIZE_MISMATCH', `ingest ${ingest.ref} has ${ingest.session.offset} bytes, expected ${size}`, { hint: 'the source was truncated or is corrupt' });
          }
          const actual = `${parseDigest(expected).algorithm}:${ingest.hash.copy().digest('hex')}`;
          if (actual !== expected) {
            throw new OciError('DIGEST_MISMATCH', `content digest ${actual} does not match expected ${expected}`, { hint: 'the source is corrupt or was modified' });
          }
          await ingest.session.finish(expected);
          return { digest: expected, size };
        } catch (e) {
          await ingest.session.cancel();
          throw e;
        } finally {
          release(true);
        }
      },
      close: async () => {
        release(false);
      },
      cancel: async () => {
        await ingest.session.cancel();
        release(true);
      },
    };
    return w;
  }

  async status(ref: string): Promise<IngestStatus> {
    const i = this.#ingests.get(ref);
    if (!i) throw new OciError('NOT_FOUND', `no ingest ${ref}`, { hint: 'start a writer first' });
    return this.#statusOf(i);
  }

  #statusOf(i: Ingest): IngestStatus {
    const s: IngestStatus = { ref: i.ref, offset: i.session.offset, startedAt: i.startedAt, updatedAt: i.updatedAt };
    if (i.total !== undefined) s.total = i.total;
    if (i.expected !== undefined) s.expected = i.expected;
    return s;
  }

  async listStatuses(): Promise<IngestStatus[]> {
    return [...this.#ingests.values()].map((i) => this.#statusOf(i));
  }

  async abort(ref: string): Promise<void> {
    const i = this.#ingests.get(ref);
    if (!i) return;
    this.#ingests.delete(ref);
    await i.session.cancel();
  }

  async delete(digest: string): Promise<void> {
    if (!(await this.has(digest))) throw new OciError('NOT_FOUND', `blob ${digest} not found in ${this.#repo}`, { hint: 'check the digest' });
    await this.#repo.deleteBlob(digest);
  }

  async walk(): Promise<void> {
    throw new OciError('NOT_IMPLEMENTED', 'a registry cannot list the blobs of a repository', { hint: 'walk the manifests instead' });
  }
}
