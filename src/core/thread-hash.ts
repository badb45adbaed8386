/**
 * sha256 of a stream on a worker thread, fed through shared memory. Unpacking a layer
 * hashes its uncompressed tar (the diffID) while the main thread writes its files; on the
 * main thread the hash was ~10% of an unpack's critical path (measured: ~0.15 s of a
 * 190 MB small-files tar, ~0.2 s of a 300 MB one). Here the main thread only copies each
 * chunk into a free slot of a shared ring and posts its number; the worker hashes the slot
 * and hands it back. Order is kept: a worker handles its messages in the order sent.
 *
 * The worker can also write what it hashes (writeFile, closeFile): unpack hands it the
 * file bodies of each piece of the tar, already in the ring, so the main thread only
 * decodes and creates files (open O_EXCL|O_NOFOLLOW and every path check stay there) while
 * the copies into the files, their times and closes run beside it, as `tar -x` beside
 * `gzip -d`. The worker applies a piece's operations in order after hashing it, so a file
 * is complete once a later piece, or the digest, is acknowledged.
 *
 * A chunk whose memory is the caller's alone (our gzip members, inflated in parallel) is
 * handed over instead (give): its ArrayBuffer is transferred, not copied, and detached on
 * the worker once hashed, which frees it there and then, not at a garbage collection.
 *
 * The worker is a few lines of code evaluated from a string (no file to ship beside a
 * bundled action) and never keeps the process alive (unref).
 */
import { Worker } from 'node:worker_threads';

/** Bytes per slot, and slots in the ring: 2 MiB of lead over the worker. */
const SLOT = 256 * 1024;
const SLOTS = 8;
/**
 * Most bytes handed over by `give` and not hashed yet: eight of our 1 MiB gzip members, which
 * lets the main thread run ahead of a starting or briefly descheduled worker.
 */
const GIVEN_MAX = 8 * 1024 * 1024;
/** Numbers per file operation in a piece's `ops` (see ThreadHash.writeFile and closeFile). */
const OP = 7;
/**
 * Most files whose closing is left to the worker at once (each holds a descriptor until
 * then; Node raises the soft descriptor limit to the hard one, 4096 or more on Linux and
 * macOS). The ring's 2 MiB hold ~350 files of a small-files layer (6 KB each): at 256 a
 * lagging worker sent one file in eight back to the main thread, measured.
 */
const MAX_OPEN_FILES = 1024;

// process.getBuiltinModule, not require: eval'd code is read as ES module when the process
// runs with --input-type=module (a worker inherits execArgv), where require is undefined.
const WORKER_SOURCE = `
const { parentPort, workerData } = process.getBuiltinModule('node:worker_threads');
const { createHash } = process.getBuiltinModule('node:crypto');
const ring = Buffer.from(workerData);
let hash = createHash('sha256');
const fs = process.getBuiltinModule('node:fs');
/** Files whose write failed: their later writes are skipped, their close still done. */
const failed = new Set();
parentPort.on('message', (m) => {
  if (m === 'drain') {
    parentPort.postMessage({ drained: true });
    return;
  }
  if (m === 'digest') {
    parentPort.postMessage({ digest: 'sha256:' + hash.digest('hex') });
    hash = createHash('sha256');
    return;
  }
  if (m.given !== undefined) {
    hash.update(new Uint8Array(m.given, m.offset, m.length));
    m.given.transfer(0); // detached: its memory is freed now, not at a collection
    parentPort.postMessage({ hashed: m.length });
    return;
  }
  const start = m.slot * ${SLOT};
  if (m.slot !== undefined) hash.update(ring.subarray(start, start + m.length));
  if (m.ops === undefined) {
    parentPort.postMessage(m.slot);
    return;
  }
  const ops = m.ops;
  const closed = [];
  let error;
  const fail = (fd, e) => {
    error ??= { fd, code: e.code, syscall: e.syscall, message: e.message };
  };
  for (let i = 0; i < ops.length; i += ${OP}) {
    const fd = ops[i + 1];
    if (ops[i] === 0) {
      if (failed.has(fd)) continue;
      try {
        for (let off = start + ops[i + 2], end = off + ops[i + 3], pos = ops[i + 4]; off < end; ) {
          const n = fs.writeSync(fd, ring, off, end - off, pos);
          off += n;
          pos += n;
        }
      } catch (e) {
        failed.add(fd);
        fail(fd, e);
      }
      continue;
    }
    try {
      if (!failed.has(fd)) {
        if (ops[i + 2] >= 0) fs.fchownSync(fd, ops[i + 2], ops[i + 3]);
        if (ops[i + 4] >= 0) fs.fchmodSync(fd, ops[i + 4]);
        if (ops[i + 5] === ops[i + 5]) fs.futimesSync(fd, ops[i + 5], ops[i + 5]);
      }
    } catch (e) {
      fail(fd, e);
    }
    failed.delete(fd);
    try {
      fs.closeSync(fd);
    } catch (e) {
      fail(fd, e);
    }
    closed.push(fd);
  }
  parentPort.postMessage({ slot: m.slot, closed, error });
});
`;

/** A sha256 computed on a worker thread; one stream at a time (`update`… then `digest`). */
export class ThreadHash {
  readonly #worker: Worker;
  readonly #ring: Buffer;
  readonly #free: number[] = Array.from({ length: SLOTS }, (_, i) => i);
  #wake: (() => void) | undefined;
  #digest: ((d: string) => void) | undefined;
  #drained: (() => void) | undefined;
  #error: Error | undefined;
  /** The claimed piece: its slot, length and the file operations on its bytes. */
  #piece: { slot: number; length: number; ops: number[] } | undefined;
  /** Bytes handed over by `give` and not hashed yet. */
  #given = 0;
  /** Files handed to the worker and not yet closed by it, with their names for errors. */
  readonly #files = new Map<number, string>();
  /** The first failed write, chmod, times or close of a file on the worker. */
  #fileError: FileWriteError | undefined;

  readonly #maxOpenFiles: number;

  /** `maxOpenFiles`: most files left open to the worker at once (default 1024). */
  constructor(options: { maxOpenFiles?: number } = {}) {
    this.#maxOpenFiles = options.maxOpenFiles ?? MAX_OPEN_FILES;
    const memory = new SharedArrayBuffer(SLOT * SLOTS);
    this.#ring = Buffer.from(memory);
    // The files it closes were opened by the main thread: untracked, or each close warns.
    this.#worker = new Worker(WORKER_SOURCE, { eval: true, workerData: memory, trackUnmanagedFds: false });
    this.#worker.unref();
    this.#worker.on('message', (m: number | { digest: string } | PieceDone | { drained: true } | { hashed: number }) => {
      if (typeof m === 'number') {
        this.#free.push(m);
        this.#resume();
      } else if ('hashed' in m) {
        this.#given -= m.hashed;
        this.#resume();
      } else if ('closed' in m) {
        if (m.error !== undefined && this.#fileError === undefined) {
          this.#fileError = Object.assign(new Error(m.error.message), { code: m.error.code, syscall: m.error.syscall, entry: this.#files.get(m.error.fd) ?? '' });
        }
        for (const fd of m.closed) this.#files.delete(fd);
        if (m.slot !== undefined) this.#free.push(m.slot);
        this.#resume();
      } else if ('drained' in m) {
        const done = this.#drained;
        this.#drained = undefined;
        done?.();
      } else {
        const done = this.#digest;
        this.#digest = undefined;
        done?.(m.digest);
      }
    });
    this.#worker.on('error', (e) => this.#fail(e));
    this.#worker.on('exit', () => this.#fail(new Error('the hashing thread exited')));
  }

  #resume(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }

  #fail(e: Error): void {
    this.#error ??= e;
    this.#resume();
    this.#digest?.('');
    this.#drained?.();
  }

  /** Hash `data` next. It is copied: the caller may reuse it once this settles. */
  async update(data: Uint8Array): Promise<void> {
    for (let off = 0; off < data.length; ) {
      while (this.#free.length === 0 && this.#error === undefined) await new Promise<void>((r) => (this.#wake = r));
      if (this.#error) throw this.#error;
      const slot = this.#free.pop()!;
      const length = Math.min(SLOT, data.length - off);
      this.#ring.set(data.subarray(off, off + length), slot * SLOT);
      this.#worker.postMessage({ slot, length });
      off += length;
    }
  }

  /**
   * Hash `chunk` next without copying it: its memory is transferred to the worker, which
   * frees it once hashed. The caller must hold the only view of that memory (gunzip's
   * ownsItsMemory) and not use it again: the chunk reads as empty from now on. Waits while
   * more than GIVEN_MAX bytes handed over are not hashed yet.
   */
  async give(chunk: Uint8Array): Promise<void> {
    while (this.#given > GIVEN_MAX && this.#error === undefined) await new Promise<void>((r) => (this.#wake = r));
    if (this.#error) throw this.#error;
    this.#given += chunk.length;
    const memory = chunk.buffer as ArrayBuffer;
    this.#worker.postMessage({ given: memory, offset: chunk.byteOffset, length: chunk.length }, [memory]);
  }

  /** The digest (`sha256:…`) of everything hashed since the previous digest. */
  async digest(): Promise<string> {
    if (this.#error) throw this.#error;
    const d = await new Promise<string>((resolve) => {
      this.#digest = resolve;
      this.#worker.postMessage('digest');
    });
    if (this.#error) throw this.#error;
    return d;
  }

  /**
   * Claim the next slot of the ring for `data` (at most PIECE bytes), copied there; then
   * writeFile/closeFile on its bytes, and commit. Throws the first error a file met on the
   * worker (a FileWriteError naming the file).
   */
  async claim(data: Uint8Array): Promise<void> {
    if (data.length > ThreadHash.PIECE) throw new Error(`ThreadHash.claim: a piece of ${data.length} bytes, more than ${ThreadHash.PIECE}`);
    if (this.#piece !== undefined) throw new Error('ThreadHash.claim: the previous piece was not committed');
    while (this.#free.length === 0 && this.#error === undefined) await new Promise<void>((r) => (this.#wake = r));
    if (this.#error) throw this.#error;
    if (this.#fileError) throw this.#fileError;
    const slot = this.#free.pop()!;
    this.#ring.set(data, slot * SLOT);
    this.#piece = { slot, length: data.length, ops: [] };
  }

  /** True when one more file may be handed to the worker (each holds a descriptor until it is closed there). */
  get canTakeFile(): boolean {
    return this.#files.size < this.#maxOpenFiles;
  }

  /**
   * Hand the open file `fd` to the worker: from now on only writeFile and closeFile touch
   * it (the worker closes it). `name` names it in an error.
   */
  adoptFile(fd: number, name: string): void {
    this.#files.set(fd, name);
  }

  /** Write `length` bytes of the claimed piece, from `offset` in it, to `fd` at `position`. */
  writeFile(fd: number, offset: number, length: number, position: number): void {
    const p = this.#piece!;
    if (offset < 0 || offset + length > p.length) throw new Error('ThreadHash.writeFile: outside the claimed piece');
    p.ops.push(0, fd, offset, length, position, 0, 0);
  }

  /**
   * Finish and close `fd` after its writes: owner (when `uid` ≥ 0), then mode (when ≥ 0:
   * chown clears setuid/setgid), then times (when `mtime` is given).
   */
  closeFile(fd: number, meta: { uid?: number; gid?: number; mode?: number; mtime?: number } = {}): void {
    const op = [1, fd, meta.uid ?? -1, meta.gid ?? -1, meta.mode ?? -1, meta.mtime ?? NaN, 0];
    // Outside a piece (a failure between pieces): sent alone, still after the file's writes.
    if (this.#piece === undefined) this.#worker.postMessage({ ops: op });
    else this.#piece.ops.push(...op);
  }

  /** Send the claimed piece: hashed, then its file operations applied in order. */
  commit(): void {
    const p = this.#piece;
    if (p === undefined) return;
    this.#piece = undefined;
    this.#worker.postMessage({ slot: p.slot, length: p.length, ops: p.ops });
  }

  /**
   * Wait until the worker has applied every committed piece; throws the first error a file
   * met there. After it, every file handed over is written and closed.
   */
  async settle(): Promise<void> {
    this.commit();
    if (this.#error === undefined) {
      await new Promise<void>((resolve) => {
        this.#drained = resolve;
        this.#worker.postMessage('drain');
      });
    }
    if (this.#error) throw this.#error;
    if (this.#fileError) throw this.#fileError;
  }

  /** Stop the worker, once the files handed to it are closed. */
  async close(): Promise<void> {
    if (this.#files.size > 0 || this.#piece !== undefined) await this.settle().catch(() => {});
    this.#worker.removeAllListeners('exit');
    await this.#worker.terminate();
  }

  /** The most bytes `claim` takes at once. */
  static readonly PIECE = SLOT;
}

/** A write, chmod, times or close of a file that failed on the worker: the errno's code and the file's name. */
export interface FileWriteError extends Error {
  code: string;
  syscall: string;
  /** The name the file was adopted with. */
  entry: string;
}

/** The worker's answer to a piece with file operations. */
interface PieceDone {
  /** Undefined for operations sent outside a piece. */
  slot: number | undefined;
  closed: number[];
  error?: { fd: number; code: string; syscall: string; message: string };
}
