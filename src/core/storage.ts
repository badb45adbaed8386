/**
 * Blob storage of an OCI image layout: `blobs/<alg>/<hex>`, and resumable ingests under
 * `ingest/` (containerd's local content store, oras-go's `content/oci/storage.go`).
 *
 * Invariant: nothing unverified ever appears under `blobs/`. Bytes are written to
 * `ingest/<sha256 of ref>/data` (for a download nothing resumes, one temp file
 * `ingest/blob-<pid>-<random>`: tempWriter), fsynced, checked for size and digest, made
 * read-only and only then hard-linked into place (a link, unlike a rename, never replaces
 * an existing blob).
 *
 * Durability: index.json is the commit point (a tag names a blob only once index.json says
 * so), and every read of a blob verifies it. So each blob file is fsynced once, before its
 * link; the links themselves are made durable by one fsync per blob directory right before
 * the store commits index.json (syncPublished), not one per blob. There is no flush during
 * the writes: it would only move the same writeback earlier, at the price of a journal
 * commit per flush — unless that writeback would otherwise be waited for at the end with
 * nothing else to do (FlushBehind: a large upload, an ingested layer).
 *
 * Reference: image-spec image-layout.md "Blobs"; containerd core/content/content.go.
 */
import { createHash, randomBytes, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import {
  chmod,
  link,
  mkdir,
  open,
  readdir,
  readFile,
  rename,
  rm,
  rmdir,
  stat,
  unlink,
  writeFile,
  type FileHandle,
} from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Writable, pipeline } from 'node:stream';
import type { BlobInfo, BlobWriter, ByteRange, ContentStore, IngestStatus, WriterOptions } from './content.js';
import { DigestStream, digestOf, parseDigest, type ParsedDigest } from './digest.js';
import { makeDirectory } from './dirs.js';
import { OciError, isErrno, withPath } from './errors.js';
import { acquireLock, type Lock } from './lock.js';

/** Default cap of `get`: manifests and configs are far smaller. */
export const DEFAULT_MAX_BYTES = 4 * 1024 * 1024;

/** Name of the ingest area under the store root. */
export const INGEST_DIR = 'ingest';

const META = 'meta.json';
const DATA = 'data';
const LOCK = 'lock';

/** What an ingest's meta.json holds (containerd keeps ref, startedat, updatedat, total). */
interface IngestMeta {
  ref: string;
  startedAt: string;
  updatedAt: string;
  total?: number;
  expected?: string;
}

function notFound(digest: string): OciError {
  return new OciError('NOT_FOUND', `blob ${digest} is not in the store`, {
    hint: 'pull or ingest the image again, or check the digest',
  });
}

/** fsync a directory so a rename/link/unlink in it survives a power loss. */
export async function fsyncDir(dir: string): Promise<void> {
  let fh: FileHandle | undefined;
  try {
    fh = await open(dir, 'r');
    await fh.sync();
  } catch (e) {
    // Some file systems refuse fsync on directories; the rename is still atomic.
    if (!isErrno(e, 'EINVAL', 'EISDIR', 'EPERM', 'ENOTSUP')) throw e;
  } finally {
    await fh?.close();
  }
}

/** Write a small file atomically: temp file, fsync, rename, fsync the directory. */
export async function writeFileAtomic(path: string, data: string | Uint8Array, dir: string): Promise<void> {
  const tmp = `${path}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  const fh = await open(tmp, 'wx', 0o644);
  try {
    try {
      await fh.writeFile(data);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
  } catch (e) {
    // A full disk fails the write: the temp file must not stay behind.
    await unlink(tmp).catch(() => {});
    throw withPath(e, path);
  }
  await fsyncDir(dir);
}

/** unlink, also of a 0444 file where the OS refuses that (Windows' read-only attribute). */
async function unlinkReadOnly(path: string): Promise<void> {
  try {
    await unlink(path);
  } catch (e) {
    if (!isErrno(e, 'EPERM', 'EACCES')) throw e;
    await chmod(path, 0o644);
    await unlink(path);
  }
}

function validateRef(ref: string): void {
  if (typeof ref !== 'string' || ref.length === 0 || ref.length > 1024) {
    throw new OciError('INVALID_INPUT', `invalid ingest ref ${JSON.stringify(ref)}`, {
      hint: 'an ingest ref is a non-empty string of at most 1024 characters',
    });
  }
}

function validateSize(size: number, what: string): void {
  if (!Number.isSafeInteger(size) || size < 0) {
    throw new OciError('INVALID_INPUT', `invalid ${what} ${String(size)}`, { hint: 'a size is a non-negative integer' });
  }
}

/**
 * The layout's blobs and ingests (containerd's content.Store over a directory).
 *
 * - Reads accept sha256 and sha512 digests; what we hash ourselves is sha256.
 * - A blob that already exists is never rewritten.
 * - Ingest refs are locked across processes; a second writer fails fast with LOCKED.
 */
export class BlobStorage implements ContentStore {
  /** Store root (the layout directory). */
  readonly root: string;
  readonly #blobs: string;
  readonly #ingest: string;
  #hashBuffer: Buffer | undefined;
  /** Directories that gained a link (or a new blob directory) since the last syncPublished. */
  readonly #unsynced = new Set<string>();
  /** blobs/ was fsynced once (its `sha256` entry may date from the store's creation). */
  #blobsSynced = false;
  /** blobs/<alg> directories this instance made or found: not made again per blob. */
  readonly #algDirs = new Set<string>();

  constructor(root: string) {
    this.root = root;
    this.#blobs = join(root, 'blobs');
    this.#ingest = join(root, INGEST_DIR);
  }

  /** Path of a blob's file (the digest is validated). */
  blobPath(digest: string): string {
    const { algorithm, hex } = parseDigest(digest);
    return join(this.#blobs, algorithm, hex);
  }

  /** Directory of an ingest: `ingest/<sha256 of ref>` (refs may hold any character). */
  ingestPath(ref: string): string {
    validateRef(ref);
    return join(this.#ingest, createHash('sha256').update(ref).digest('hex'));
  }

  async stat(digest: string): Promise<BlobInfo> {
    const path = this.blobPath(digest);
    try {
      const st = await stat(path);
      if (!st.isFile()) throw notFound(digest);
      return { digest, size: st.size };
    } catch (e) {
      if (isErrno(e, 'ENOENT', 'ENOTDIR')) throw notFound(digest);
      throw e;
    }
  }

  async has(digest: string): Promise<boolean> {
    try {
      await this.stat(digest);
      return true;
    } catch (e) {
      if (e instanceof OciError && e.code === 'NOT_FOUND') return false;
      throw e;
    }
  }

  async get(digest: string, maxBytes: number = DEFAULT_MAX_BYTES): Promise<Buffer> {
    const path = this.blobPath(digest);
    let fh: FileHandle;
    try {
      fh = await open(path, 'r');
    } catch (e) {
      if (isErrno(e, 'ENOENT', 'ENOTDIR', 'EISDIR')) throw notFound(digest);
      throw e;
    }
    try {
      const { size } = await fh.stat();
      if (size > maxBytes) {
        throw new OciError('TOO_LARGE', `blob ${digest} has ${size} bytes, more than the ${maxBytes} allowed here`, {
          hint: 'a manifest, index or config this large is not supported',
        });
      }
      const data = await fh.readFile();
      this.#checkStored(digest, data);
      return data;
    } finally {
      await fh.close();
    }
  }

  #checkStored(digest: string, data: Uint8Array): void {
    const actual = digestOf(data, parseDigest(digest).algorithm);
    if (actual !== digest) throw this.#corrupt(digest, actual);
  }

  #corrupt(digest: string, actual: string): OciError {
    return new OciError('DIGEST_MISMATCH', `blob ${digest} is corrupt: its file ${this.blobPath(digest)} has digest ${actual}`, {
      hint: 'delete the file and pull or ingest the image again (verify lists every corrupt blob)',
    });
  }

  /**
   * A blob as a stream: `range` unverified, else the whole blob verified at its end.
   * `readSize`: bytes per read of the whole blob (default 64 KiB, Node's), for a consumer
   * that keeps the thread pool busy between reads (see unpack's READ_SIZE).
   */
  async open(digest: string, range?: ByteRange, options: { readSize?: number } = {}): Promise<Readable> {
    const path = this.blobPath(digest);
    let fh: FileHandle;
    try {
      fh = await open(path, 'r');
    } catch (e) {
      if (isErrno(e, 'ENOENT', 'ENOTDIR', 'EISDIR')) throw notFound(digest);
      throw e;
    }
    let size: number;
    try {
      size = (await fh.stat()).size;
    } catch (e) {
      await fh.close();
      throw e;
    }
    if (range !== undefined) {
      const { start } = range;
      const end = range.end === undefined ? size - 1 : Math.min(range.end, size - 1);
      if (!Number.isSafeInteger(start) || start < 0 || (range.end !== undefined && (!Number.isSafeInteger(range.end) || range.end < start)) || (start >= size && size > 0) || (size === 0 && start > 0)) {
        await fh.close();
        throw new OciError('INVALID_INPUT', `byte range ${start}-${range.end ?? ''} is not satisfiable for blob ${digest} of ${size} bytes`, {
          hint: 'ask for a range inside the blob',
        });
      }
      if (end < start) {
        await fh.close();
        return Readable.from([]);
      }
      return fh.createReadStream({ start, end, autoClose: true });
    }
    const source = fh.createReadStream({ autoClose: true, ...(options.readSize !== undefined ? { highWaterMark: options.readSize } : {}) });
    const check = new DigestStream({ digest, size });
    // A verified whole-blob stream: errors at its end when the file was tampered with.
    pipeline(source, check, () => {});
    return check.on('error', (e) => {
      if (e instanceof OciError && e.code === 'DIGEST_MISMATCH') {
        (e as { message: string }).message = this.#corrupt(digest, check.digest).message;
      }
    });
  }

  /**
   * A blob's bytes `start..end` (inclusive) as lent chunks: each chunk lives in one of two
   * reused buffers and may be overwritten once the next is asked for, so a transfer
   * allocates nothing per chunk. A whole-blob read is verified — size up front against
   * `size` when given, digest before the last chunk is handed out — so a consumer never
   * sends the end of a blob that is not the one named (DIGEST_MISMATCH instead).
   */
  async *chunks(digest: string, options: { start?: number; end?: number; size?: number } = {}): AsyncGenerator<Uint8Array> {
    const { algorithm } = parseDigest(digest);
    let fh: FileHandle;
    try {
      fh = await open(this.blobPath(digest), 'r');
    } catch (e) {
      if (isErrno(e, 'ENOENT', 'ENOTDIR', 'EISDIR')) throw notFound(digest);
      throw e;
    }
    const buffers = [takeReadBuffer(), takeReadBuffer()];
    let reading: Promise<{ bytesRead: number }> | undefined;
    try {
      const size = (await fh.stat()).size;
      if (options.size !== undefined && options.size !== size) {
        throw new OciError('SIZE_MISMATCH', `blob ${digest} has ${size} bytes, but its descriptor says ${options.size}`, {
          hint: 'the manifest referring to it is wrong, or the blob file was replaced',
        });
      }
      const start = options.start ?? 0;
      const end = Math.min(options.end ?? size - 1, size - 1);
      if (!Number.isSafeInteger(start) || start < 0 || (start >= size && size > 0)) {
        throw new OciError('INVALID_INPUT', `byte range ${start}-${options.end ?? ''} is not satisfiable for blob ${digest} of ${size} bytes`, {
          hint: 'ask for a range inside the blob',
        });
      }
      const whole = start === 0 && end === size - 1;
      const hash = whole ? createHash(algorithm) : undefined;
      let pos = start;
      const read = (i: number, at: number) => fh.read(buffers[i]!, 0, Math.min(READ_BUFFER, end + 1 - at), at);
      for (let i = 0; pos <= end; i ^= 1) {
        const { bytesRead } = await (reading ?? read(i, pos));
        reading = undefined;
        if (bytesRead === 0) {
          throw new OciError('SIZE_MISMATCH', `blob ${digest} ended at byte ${pos} of ${size}: its file ${this.blobPath(digest)} changed while it was read`, {
            hint: 'run verify; delete the file and pull or ingest the image again',
          });
        }
        const chunk = buffers[i]!.subarray(0, bytesRead);
        pos += bytesRead;
        // The next read goes to the thread pool now, into the other buffer (the chunk lent
        // before this one is given back): it overlaps the hash and the consumer's send.
        if (pos <= end) {
          reading = read(i ^ 1, pos);
          reading.catch(() => {}); // awaited by the next turn or below; never unhandled
        }
        if (hash) {
          hash.update(chunk);
          if (pos > end) {
            const actual = `${algorithm}:${hash.digest('hex')}`;
            if (actual !== digest) throw this.#corrupt(digest, actual);
          }
        }
        yield chunk;
      }
    } finally {
      // A read still in flight (the consumer stopped early) must end before its buffer is reused.
      await reading?.catch(() => {});
      await fh.close();
      for (const b of buffers) giveReadBuffer(b);
    }
  }

  async put(data: Uint8Array, expected?: string): Promise<BlobInfo> {
    const algorithm: ParsedDigest['algorithm'] = expected ? parseDigest(expected).algorithm : 'sha256';
    const digest = digestOf(data, algorithm);
    if (expected !== undefined && digest !== expected) {
      throw new OciError('DIGEST_MISMATCH', `content digest ${digest} does not match expected ${expected}`, {
        hint: 'the source is corrupt or was modified',
      });
    }
    if (await this.has(digest)) return { digest, size: data.length };
    await makeDirectory(this.#ingest);
    const tmp = join(this.#ingest, `put-${process.pid}-${randomBytes(6).toString('hex')}`);
    const fh = await open(tmp, 'wx', 0o644);
    try {
      await fh.writeFile(data);
      await fh.sync();
    } catch (e) {
      await fh.close();
      await unlink(tmp).catch(() => {});
      throw e;
    }
    await fh.close();
    try {
      await this.publish(tmp, digest);
    } finally {
      await unlinkReadOnly(tmp).catch(() => {});
    }
    return { digest, size: data.length };
  }

  /**
   * Publish a verified, fsynced file as blob `digest`: chmod 0444, hard-link into
   * `blobs/<alg>/` (EEXIST keeps the existing blob). The caller removes `file` afterwards.
   * Falls back to rename where hard links are not supported. The link is durable after the
   * next syncPublished (the store calls it before committing index.json).
   */
  async publish(file: string, digest: string): Promise<void> {
    const target = this.blobPath(digest);
    const dir = join(this.#blobs, parseDigest(digest).algorithm);
    await chmod(file, 0o444);
    // blobs/<alg> once per instance, not per blob (a recursive mkdir of an existing
    // directory is a mkdir and a stat, one more trip through the thread pool per blob); a
    // link that finds it gone (removed by hand meanwhile) makes it again.
    if (!this.#algDirs.has(dir)) await this.#makeAlgDir(dir);
    try {
      await link(file, target).catch(async (e: unknown) => {
        if (!isErrno(e, 'ENOENT')) throw e;
        await this.#makeAlgDir(dir);
        await link(file, target);
      });
    } catch (e) {
      if (isErrno(e, 'EEXIST')) return;
      if (!isErrno(e, 'EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EMLINK')) throw e;
      if (await this.has(digest)) return;
      await rename(file, target);
    }
    this.#unsynced.add(dir);
  }

  async #makeAlgDir(dir: string): Promise<void> {
    // A new blobs/<alg> is itself an entry of blobs/ (blobs/ is one of the root, whose
    // fsync comes with the index.json commit).
    if ((await mkdir(dir, { recursive: true })) !== undefined) this.#unsynced.add(this.#blobs);
    this.#algDirs.add(dir);
  }

  /**
   * Make the blobs published so far durable: fsync each directory that gained a link since
   * the last call, once however many blobs it gained, and `blobs/sha256` always — another
   * process may have linked a blob this one is about to tag and not synced it yet (and
   * `blobs/` once per instance). A blob
   * file's data is fsynced before its link, so after this every blob a new index.json can
   * name survives a power loss. Reference: image-spec image-layout.md (index.json names
   * the roots; blobs are content-addressed).
   */
  async syncPublished(): Promise<void> {
    const dirs = new Set([join(this.#blobs, 'sha256'), ...this.#unsynced]);
    if (!this.#blobsSynced) dirs.add(this.#blobs);
    this.#unsynced.clear();
    // Deepest first: blobs/<alg> before blobs/.
    const ordered = [...dirs].sort((a, b) => b.length - a.length);
    try {
      for (const d of ordered) {
        try {
          await fsyncDir(d);
          if (d === this.#blobs) this.#blobsSynced = true;
        } catch (e) {
          if (!isErrno(e, 'ENOENT')) throw e; // no blob of that algorithm yet
        }
      }
    } catch (e) {
      for (const d of dirs) this.#unsynced.add(d); // still to do on the next commit
      throw e;
    }
  }

  /** Flushes behind the writes of `writer(ref)` to its data file, every `every` bytes (see FlushBehind). */
  flushBehind(ref: string, every: number): FlushBehind {
    return new FlushBehind(join(this.ingestPath(ref), DATA), every);
  }

  async writer(ref: string, options: WriterOptions = {}): Promise<BlobWriter> {
    const dir = this.ingestPath(ref);
    if (options.total !== undefined) validateSize(options.total, 'expected size');
    if (options.expected !== undefined) parseDigest(options.expected);
    let lock: Lock;
    try {
      lock = await this.#lock(ref, dir);
    } catch (e) {
      // Our fresh directory (empty unless another writer holds the ref) must not stay behind.
      await rmdir(dir).catch(() => {});
      throw e;
    }
    try {
      const now = new Date().toISOString();
      const meta: IngestMeta = { ref, startedAt: now, updatedAt: now };
      if (options.total !== undefined) meta.total = options.total;
      if (options.expected !== undefined) meta.expected = options.expected;
      const fh = await open(join(dir, DATA), 'w', 0o644);
      try {
        await writeFile(join(dir, META), JSON.stringify(meta));
      } catch (e) {
        await fh.close();
        throw e;
      }
      const algorithm = options.expected ? parseDigest(options.expected).algorithm : 'sha256';
      return new IngestWriter(this, lockedPlace(dir, lock), meta, fh, createHash(algorithm), algorithm, 0);
    } catch (e) {
      // A new writer starts over (its data file is truncated): nothing of it is worth keeping.
      await removeIngest(dir, lock).catch(() => lock.release());
      throw e;
    }
  }

  /**
   * A writer of one blob under a name no other writer knows, for a download that nothing
   * resumes by ref (pull, copy): one temp file `ingest/blob-<pid>-<random>` opened
   * O_EXCL. writer()'s directory, lock file and meta.json exist so that another process
   * can wait on or resume a ref; for a name nobody else can give they are ~14 more calls
   * on a path per blob, each a trip through the thread pool on the blob's critical path.
   * Measured on a 47-blob pull over loopback (strace -c -f): 15.9k system calls → 7.7k
   * (futex 9.0k → 4.1k); CPU (user+sys) 540 → 480 ms, median of 10 alternated runs, with
   * publish's cached blobs/<alg>. Verified and published as writer()'s are; `close`
   * discards the bytes (nothing could resume them); a crash leaves the file to gc
   * (pruneIngests, as `put`'s, after an hour without a write).
   */
  async tempWriter(options: WriterOptions = {}): Promise<BlobWriter> {
    if (options.total !== undefined) validateSize(options.total, 'expected size');
    const algorithm = options.expected ? parseDigest(options.expected).algorithm : 'sha256';
    const name = `blob-${process.pid}-${randomBytes(6).toString('hex')}`;
    const file = join(this.#ingest, name);
    let fh: FileHandle;
    try {
      fh = await open(file, 'wx', 0o644);
    } catch (e) {
      if (!isErrno(e, 'ENOENT')) throw e;
      await makeDirectory(this.#ingest); // the first ingest of this store
      fh = await open(file, 'wx', 0o644);
    }
    const now = new Date().toISOString();
    const meta: IngestMeta = { ref: name, startedAt: now, updatedAt: now };
    if (options.total !== undefined) meta.total = options.total;
    if (options.expected !== undefined) meta.expected = options.expected;
    return new IngestWriter(this, tempPlace(file), meta, fh, createHash(algorithm), algorithm, 0);
  }

  async resume(ref: string): Promise<BlobWriter> {
    const dir = this.ingestPath(ref);
    await this.#readMeta(ref, dir);
    let lock: Lock;
    try {
      lock = await this.#lock(ref, dir, false);
    } catch (e) {
      if (isErrno(e, 'ENOENT')) return this.resume(ref); // finished meanwhile: NOT_FOUND next
      throw e;
    }
    try {
      const meta = await this.#readMeta(ref, dir);
      let fh: FileHandle;
      try {
        fh = await open(join(dir, DATA), 'r+');
      } catch (e) {
        if (isErrno(e, 'ENOENT')) fh = await open(join(dir, DATA), 'w+', 0o644);
        else throw e;
      }
      try {
        // Re-hash what is on disk: the bytes are the truth, whatever was said before the crash.
        const algorithm = meta.expected ? parseDigest(meta.expected).algorithm : 'sha256';
        const hash = createHash(algorithm);
        let offset = 0;
        for await (const chunk of fh.createReadStream({ start: 0, autoClose: false })) {
          hash.update(chunk as Buffer);
          offset += (chunk as Buffer).length;
        }
        return new IngestWriter(this, lockedPlace(dir, lock), meta, fh, hash, algorithm, offset);
      } catch (e) {
        await fh.close();
        throw e;
      }
    } catch (e) {
      await lock.release();
      throw e;
    }
  }

  async #lock(ref: string, dir: string, create = true): Promise<Lock> {
    for (let attempt = 0; ; attempt++) {
      if (create) await makeDirectory(dir);
      try {
        return await acquireLock(join(dir, LOCK), {
          what: `ingest ref ${JSON.stringify(ref)}`,
          waitMs: 0,
          // A live writer may hold an ingest for a long upload; only a dead pid frees it early.
          staleMs: 24 * 3600_000,
          hint: 'another writer is ingesting under this ref; wait for it, or abort the ingest',
        });
      } catch (e) {
        // The directory was removed by a finishing writer between our mkdir and lock.
        if (!isErrno(e, 'ENOENT') || !create || attempt >= 5) throw e;
      }
    }
  }

  async #readMeta(ref: string, dir: string): Promise<IngestMeta> {
    try {
      const meta = JSON.parse(await readFile(join(dir, META), 'utf8')) as IngestMeta;
      if (meta.ref !== ref) throw new Error('ref differs');
      return meta;
    } catch (e) {
      if (isErrno(e, 'ENOENT', 'ENOTDIR')) {
        throw new OciError('NOT_FOUND', `no ingest in progress under ref ${JSON.stringify(ref)}`, {
          hint: 'start a new ingest with writer()',
        });
      }
      throw new OciError('NOT_FOUND', `the ingest under ref ${JSON.stringify(ref)} is damaged (${(e as Error).message})`, {
        hint: 'abort it and start again',
        cause: e,
      });
    }
  }

  async status(ref: string): Promise<IngestStatus> {
    const dir = this.ingestPath(ref);
    return this.#status(await this.#readMeta(ref, dir), dir);
  }

  async #status(meta: IngestMeta, dir: string): Promise<IngestStatus> {
    let offset = 0;
    let updated = Date.parse(meta.updatedAt);
    try {
      const st = await stat(join(dir, DATA));
      offset = st.size;
      updated = Math.max(updated, st.mtimeMs);
    } catch (e) {
      if (!isErrno(e, 'ENOENT')) throw e;
    }
    const s: IngestStatus = { ref: meta.ref, offset, startedAt: new Date(meta.startedAt), updatedAt: new Date(updated) };
    if (meta.total !== undefined) s.total = meta.total;
    if (meta.expected !== undefined) s.expected = meta.expected;
    return s;
  }

  async listStatuses(): Promise<IngestStatus[]> {
    const out: IngestStatus[] = [];
    for (const name of await this.#ingestEntries()) {
      const dir = join(this.#ingest, name);
      try {
        const meta = JSON.parse(await readFile(join(dir, META), 'utf8')) as IngestMeta;
        if (typeof meta.ref !== 'string') continue;
        out.push(await this.#status(meta, dir));
      } catch {
        continue; // not an ingest dir, or one torn by a crash: gc removes it
      }
    }
    return out.sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime());
  }

  async #ingestEntries(): Promise<string[]> {
    try {
      return (await readdir(this.#ingest)).sort();
    } catch (e) {
      if (isErrno(e, 'ENOENT')) return [];
      throw e;
    }
  }

  async abort(ref: string): Promise<void> {
    const dir = this.ingestPath(ref);
    try {
      await stat(dir);
    } catch (e) {
      if (isErrno(e, 'ENOENT')) return;
      throw e;
    }
    let lock: Lock;
    try {
      lock = await this.#lock(ref, dir, false);
    } catch (e) {
      if (isErrno(e, 'ENOENT')) return;
      throw e;
    }
    await removeIngest(dir, lock);
  }

  /**
   * Remove ingests that are not locked by a live writer and were last touched more than
   * `olderThanMs` ago, and torn temp files of `put`. Returns how many were removed.
   */
  async pruneIngests(olderThanMs: number): Promise<number> {
    let removed = 0;
    const now = Date.now();
    for (const name of await this.#ingestEntries()) {
      const path = join(this.#ingest, name);
      let st;
      try {
        st = await stat(path);
      } catch {
        continue;
      }
      if (!st.isDirectory()) {
        if (now - st.mtimeMs > olderThanMs) {
          await rm(path, { force: true });
          removed++;
        }
        continue;
      }
      // The directory's own mtime moves with every lock; the files say when bytes last came.
      let newest = -Infinity;
      for (const f of [DATA, META]) {
        try {
          newest = Math.max(newest, (await stat(join(path, f))).mtimeMs);
        } catch {
          /* absent */
        }
      }
      if (newest === -Infinity) newest = st.mtimeMs;
      if (now - newest <= olderThanMs) continue;
      let lock: Lock;
      try {
        lock = await acquireLock(join(path, LOCK), { what: `ingest ${name}`, waitMs: 0, staleMs: 24 * 3600_000 });
      } catch (e) {
        if (e instanceof OciError && e.code === 'LOCKED') continue;
        if (isErrno(e, 'ENOENT')) continue;
        throw e;
      }
      await removeIngest(path, lock);
      removed++;
    }
    return removed;
  }

  async delete(digest: string): Promise<void> {
    const path = this.blobPath(digest);
    try {
      await unlinkReadOnly(path);
    } catch (e) {
      if (isErrno(e, 'ENOENT', 'ENOTDIR')) throw notFound(digest);
      throw e;
    }
  }

  async walk(fn: (info: BlobInfo) => void | Promise<void>): Promise<void> {
    for (const algorithm of ['sha256', 'sha512'] as const) {
      const dir = join(this.#blobs, algorithm);
      let names: string[];
      try {
        names = (await readdir(dir)).sort();
      } catch (e) {
        if (isErrno(e, 'ENOENT')) continue;
        throw e;
      }
      for (const hex of names) {
        const digest = `${algorithm}:${hex}`;
        if (!isValidHex(algorithm, hex)) continue;
        let size: number;
        try {
          const st = await stat(join(dir, hex));
          if (!st.isFile()) continue;
          size = st.size;
        } catch (e) {
          if (isErrno(e, 'ENOENT')) continue; // removed meanwhile
          throw e;
        }
        await fn({ digest, size });
      }
    }
  }

  /** Names under `blobs/<alg>/` that are not digests (junk a verify reports). */
  async strayFiles(): Promise<string[]> {
    const out: string[] = [];
    let algs: string[];
    try {
      algs = (await readdir(this.#blobs)).sort();
    } catch (e) {
      if (isErrno(e, 'ENOENT')) return out;
      throw e;
    }
    for (const alg of algs) {
      let names: string[];
      try {
        names = (await readdir(join(this.#blobs, alg))).sort();
      } catch {
        out.push(join('blobs', alg));
        continue;
      }
      for (const n of names) if (!isValidHex(alg, n)) out.push(join('blobs', alg, n));
    }
    return out;
  }

  /** Re-hash a stored blob; returns its actual digest (same algorithm as `digest`). */
  async hash(digest: string): Promise<string> {
    const { algorithm } = parseDigest(digest);
    const h = createHash(algorithm);
    // One reused buffer: re-hashing a whole store allocates nothing per chunk (a
    // concurrent call gets its own).
    const shared = this.#hashBuffer;
    this.#hashBuffer = undefined;
    const buf = shared ?? Buffer.allocUnsafe(1 << 20);
    let fh: FileHandle;
    try {
      fh = await open(this.blobPath(digest), 'r');
    } catch (e) {
      this.#hashBuffer = buf;
      throw e;
    }
    try {
      for (;;) {
        const { bytesRead } = await fh.read(buf, 0, buf.length, null);
        if (bytesRead === 0) break;
        h.update(buf.subarray(0, bytesRead));
      }
    } finally {
      await fh.close();
      this.#hashBuffer = buf;
    }
    return `${algorithm}:${h.digest('hex')}`;
  }
}

/** Read buffers of `chunks`, reused across blobs: fresh memory costs a page fault per 4 KiB. */
const READ_BUFFER = 512 * 1024;
const freeReadBuffers: Buffer[] = [];

function takeReadBuffer(): Buffer {
  return freeReadBuffers.pop() ?? Buffer.allocUnsafeSlow(READ_BUFFER);
}

function giveReadBuffer(b: Buffer): void {
  if (freeReadBuffers.length < 16) freeReadBuffers.push(b);
}

function isValidHex(algorithm: string, hex: string): boolean {
  const len = algorithm === 'sha256' ? 64 : algorithm === 'sha512' ? 128 : -1;
  return hex.length === len && /^[0-9a-f]+$/.test(hex);
}

async function removeIngest(dir: string, lock: Lock): Promise<void> {
  // Everything but the lock first, then the lock, then the (empty) directory with rmdir:
  // a writer that locked the ref again meanwhile keeps its directory (ENOTEMPTY).
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    if (name !== LOCK) await rm(join(dir, name), { recursive: true, force: true });
  }
  await lock.release();
  await rmdir(dir).catch(() => {});
}

/** Where an IngestWriter's bytes live, and how the writer lets them go. */
interface IngestPlace {
  /** The data file. */
  readonly file: string;
  /** Remove the data and whatever else holds the ingest, releasing its lock. */
  remove(): Promise<void>;
  /** Keep the data for `resume` (close), with its meta.json; absent when nothing can resume it. */
  keep?(meta: IngestMeta): Promise<void>;
  /** Release the lock after `keep`. */
  release(): Promise<void>;
}

/** An ingest under `ingest/<sha256 of ref>/`: data, meta.json and the lock that `writer`/`resume` took. */
function lockedPlace(dir: string, lock: Lock): IngestPlace {
  return {
    file: join(dir, DATA),
    remove: () => removeIngest(dir, lock),
    keep: (meta) => writeFile(join(dir, META), JSON.stringify(meta)),
    release: () => lock.release(),
  };
}

/** A temp file no other writer can name (tempWriter): nothing to lock, nothing to resume. */
function tempPlace(file: string): IngestPlace {
  return {
    file,
    remove: async () => {
      try {
        await unlinkReadOnly(file);
      } catch (e) {
        if (!isErrno(e, 'ENOENT')) throw e;
      }
    },
    release: async () => {},
  };
}

/**
 * Flushes behind a large blob while it is written, so that the fsync of its writer's
 * commit finds little left to write: without it the kernel keeps the whole blob dirty in
 * memory until the commit, which then waits for the disk to take all of it. For writes
 * whose producer is busy meanwhile and waits for the commit — an upload arriving (serve),
 * a layer being compressed (ingest) — the writeback then overlaps the producer instead of
 * following it.
 *
 * One fdatasync per `every` bytes written (each one journal commit on ext4), never two at
 * once, never awaited by the writes. A blob smaller than `every` opens nothing and flushes
 * nothing: the commit's one fsync is all it costs.
 *
 * The flush uses its own read-only descriptor on the ingest's data file (fdatasync writes
 * the file's pages whichever descriptor asks). A write-back error is reported to every
 * open file description of the file (Linux errseq), so one seen here is still reported to
 * the commit's fsync on the writer's own descriptor; a flush that fails is ignored. Where
 * the file cannot be opened the writes go on without flushes behind.
 */
export class FlushBehind {
  readonly #file: string;
  readonly #every: number;
  #fh: FileHandle | undefined;
  #unavailable = false;
  #since = 0;
  #running: Promise<void> | undefined;

  constructor(file: string, every: number) {
    this.#file = file;
    this.#every = every;
  }

  /** `n` more bytes are written to the file: start a flush when `every` were written since the last. */
  written(n: number): void {
    this.#since += n;
    if (this.#since < this.#every || this.#running || this.#unavailable) return;
    this.#since = 0;
    this.#running = this.#flush().finally(() => {
      this.#running = undefined;
    });
  }

  async #flush(): Promise<void> {
    try {
      this.#fh ??= await open(this.#file, 'r');
      await this.#fh.datasync();
    } catch {
      // Not opened (the ingest went away) or not flushed: the commit's fsync is the one that counts.
      if (!this.#fh) this.#unavailable = true;
    }
  }

  /** Wait for a flush in progress, and close the descriptor. */
  async close(): Promise<void> {
    await this.#running;
    const fh = this.#fh;
    this.#fh = undefined;
    this.#unavailable = true;
    await fh?.close().catch(() => undefined);
  }
}

/** One ingest in progress (see BlobWriter for the lifecycle). */
class IngestWriter implements BlobWriter {
  readonly ref: string;
  #offset: number;
  #done = false;
  #pending: Promise<void> = Promise.resolve();
  readonly #storage: BlobStorage;
  readonly #place: IngestPlace;
  readonly #meta: IngestMeta;
  readonly #fh: FileHandle;
  #hash: Hash;
  readonly #algorithm: ParsedDigest['algorithm'];

  constructor(
    storage: BlobStorage,
    place: IngestPlace,
    meta: IngestMeta,
    fh: FileHandle,
    hash: Hash,
    algorithm: ParsedDigest['algorithm'],
    offset: number,
  ) {
    this.ref = meta.ref;
    this.#storage = storage;
    this.#place = place;
    this.#meta = meta;
    this.#fh = fh;
    this.#hash = hash;
    this.#algorithm = algorithm;
    this.#offset = offset;
  }

  get offset(): number {
    return this.#offset;
  }

  #assertOpen(): void {
    if (this.#done) throw new OciError('INVALID_INPUT', `the writer of ingest ${JSON.stringify(this.ref)} is closed`);
  }

  write(chunk: Uint8Array): Promise<void> {
    return this.#append([chunk]);
  }

  /** Append several chunks in one positioned write; they may be reused once this settles. */
  writev(chunks: Uint8Array[]): Promise<void> {
    return this.#append(chunks);
  }

  /**
   * Append chunks with one positioned write (pwritev): a stream's buffered chunks go to
   * disk in one trip to the thread pool instead of one per network-sized chunk.
   */
  #append(chunks: Uint8Array[]): Promise<void> {
    this.#assertOpen();
    const run = async (): Promise<void> => {
      let length = 0;
      for (const c of chunks) length += c.length;
      const total = this.#meta.total;
      if (total !== undefined && this.#offset + length > total) {
        throw new OciError('SIZE_MISMATCH', `ingest ${JSON.stringify(this.ref)} got more than the expected ${total} bytes`, {
          hint: 'the source changed or is corrupt',
        });
      }
      const writing = chunks.length === 1 ? this.#fh.write(chunks[0]!, 0, length, this.#offset) : this.#fh.writev(chunks, this.#offset);
      // Hash while the write is on the thread pool (the chunks are not changed until this
      // settles): disk and hash overlap instead of taking turns on the receiving thread.
      // A write that fails leaves the hash as it was, so a retried chunk is hashed once.
      const before = this.#hash.copy();
      for (const c of chunks) this.#hash.update(c);
      let done: number;
      try {
        done = (await writing).bytesWritten;
        if (done < length) {
          // A short write (rare; libuv retries most): the rest one piece at a time.
          const rest = Buffer.concat(chunks, length);
          while (done < length) done += (await this.#fh.write(rest, done, length - done, this.#offset + done)).bytesWritten;
        }
      } catch (e) {
        this.#hash = before;
        throw e;
      }
      this.#offset += length;
    };
    // Serialise writes: positions and the running hash depend on order.
    const p = this.#pending.then(run);
    this.#pending = p.catch(() => {});
    return p;
  }

  digest(): string {
    return `${this.#algorithm}:${this.#hash.copy().digest('hex')}`;
  }

  stream(): Writable {
    return new Writable({
      highWaterMark: 1 << 20,
      write: (chunk: Buffer, _enc, cb) => {
        this.write(chunk).then(() => cb(), cb);
      },
      // Chunks that arrived while the previous write was on disk, written together.
      writev: (chunks, cb) => {
        this.#append(chunks.map((c) => c.chunk as Buffer)).then(() => cb(), cb);
      },
    });
  }

  async commit(size: number, expected: string): Promise<BlobInfo> {
    this.#assertOpen();
    validateSize(size, 'size');
    const { algorithm } = parseDigest(expected);
    this.#done = true;
    try {
      await this.#pending;
      await this.#fh.sync();
      const st = await this.#fh.stat();
      await this.#fh.close();
      if (st.size !== size || this.#offset !== size) {
        throw new OciError('SIZE_MISMATCH', `ingest ${JSON.stringify(this.ref)} has ${st.size} bytes, expected ${size} (${expected})`, {
          hint: 'the source was truncated or is corrupt',
        });
      }
      let actual: string;
      if (algorithm === this.#algorithm) {
        actual = `${algorithm}:${this.#hash.digest('hex')}`;
      } else {
        const h = createHash(algorithm);
        for await (const c of createReadStream(this.#place.file)) h.update(c as Buffer);
        actual = `${algorithm}:${h.digest('hex')}`;
      }
      if (actual !== expected) {
        throw new OciError('DIGEST_MISMATCH', `content digest ${actual} does not match expected ${expected}`, {
          hint: 'the source is corrupt or was modified',
        });
      }
      await this.#storage.publish(this.#place.file, expected);
      await this.#place.remove();
      return { digest: expected, size };
    } catch (e) {
      await this.#fh.close().catch(() => {});
      await this.#place.remove().catch(() => {});
      throw e;
    }
  }

  async close(): Promise<void> {
    if (this.#done) return;
    // Nothing can resume a temp file's bytes (tempWriter): keeping them would only leave
    // work for gc.
    const keep = this.#place.keep;
    if (keep === undefined) return this.cancel();
    this.#done = true;
    try {
      await this.#pending;
      await this.#fh.sync().catch(() => {});
      await this.#fh.close();
      this.#meta.updatedAt = new Date().toISOString();
      await keep(this.#meta);
    } finally {
      await this.#place.release();
    }
  }

  async cancel(): Promise<void> {
    if (this.#done) return;
    this.#done = true;
    await this.#pending;
    await this.#fh.close().catch(() => {});
    await this.#place.remove();
  }
}
