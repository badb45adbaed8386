/**
 * The two ways bytes go through a codec: independent blocks compressed in parallel on the
 * thread pool and written in order (blockParallel: gzip members, zstd frames), or one zlib
 * stream in sequence (pump: any decoder).
 */
import { Readable } from 'node:stream';
import { collectGarbage } from '../memory.js';

/** Blocks in flight by default: the libuv pool size (UV_THREADPOOL_SIZE, default 4). */
export function defaultConcurrency(): number {
  const pool = Number(process.env.UV_THREADPOOL_SIZE) || 4;
  return Math.max(2, pool);
}

/** Options of blockParallel. */
export interface BlockPipelineOptions {
  /** Block size in bytes: the input is cut at multiples of it, whatever its chunking. */
  blockSize: number;
  /** Blocks being encoded at once (at least 1). */
  concurrency: number;
  /**
   * Encode one block into its output, in order. Called in input order; must be done with
   * `block` (which is then reused) when its promise settles, and read anything it needs
   * from it synchronously or before then.
   */
  encode: (block: Buffer) => Promise<readonly Buffer[]>;
}

/**
 * Cut `source` into fixed-size blocks by byte offset and encode up to `concurrency` of them
 * at once, yielding each block's output in input order. Memory stays bounded by about
 * `concurrency × blockSize` of input plus the same of output. The output depends only on
 * the bytes and `encode` — never on the source's chunking, timing or `concurrency` — so
 * layer digests are reproducible. A last block holds the leftovers; an empty input is one
 * empty block (never an extra empty block after full ones).
 */
export async function* blockParallel(source: AsyncIterable<Uint8Array>, options: BlockPipelineOptions): AsyncGenerator<Buffer> {
  const { blockSize, encode } = options;
  const concurrency = Math.max(1, options.concurrency);
  // Input blocks are recycled once encoded: fresh external memory per block was most of
  // the churn that took a small-files ingest to 215 MB peak RSS.
  const inflight: Array<{ out: Promise<readonly Buffer[]>; input: Buffer }> = [];
  const free: Buffer[] = [];
  let block: Buffer = Buffer.allocUnsafe(blockSize);
  let used = 0;
  let blocks = 0;
  const submit = (data: Buffer): void => {
    const out = encode(data);
    out.catch(() => {}); // surfaced in order when awaited
    inflight.push({ out, input: data });
    blocks++;
  };
  async function* next(): AsyncGenerator<Buffer> {
    const b = inflight.shift()!;
    const parts = await b.out;
    if (b.input.length === blockSize) free.push(b.input);
    collectGarbage(); // each block's codec buffers are external memory: see MemoryPolicy
    yield* parts;
  }
  for await (const chunk of source) {
    let off = 0;
    while (off < chunk.length) {
      const n = Math.min(blockSize - used, chunk.length - off);
      block.set(chunk.subarray(off, off + n), used);
      used += n;
      off += n;
      if (used === blockSize) {
        submit(block);
        used = 0;
        while (inflight.length >= concurrency) yield* next();
        block = free.pop() ?? Buffer.allocUnsafe(blockSize);
      }
    }
  }
  if (used > 0 || blocks === 0) submit(block.subarray(0, used));
  while (inflight.length > 0) yield* next();
}

/** Feed `source` through a zlib transform and yield its output; errors on either side propagate. */
export async function* pump(source: AsyncIterable<Uint8Array>, z: NodeJS.ReadWriteStream & { destroy(e?: Error): void }): AsyncGenerator<Buffer> {
  const input = Readable.from(source, { objectMode: false });
  input.on('error', (e) => z.destroy(e));
  input.pipe(z);
  try {
    for await (const c of z) yield c as Buffer;
  } finally {
    input.destroy();
    z.destroy();
  }
}

/**
 * Compress one whole block in one call of a stream created with a finishing flush
 * (Z_FINISH, ZSTD_e_end) and an output buffer that holds the result: the block is written
 * once, its output collected, and the stream closed, never ended (ending it would finish
 * it again). `what` names the codec in the error when nothing came out.
 */
export function compressWhole(z: NodeJS.ReadWriteStream & { close(): void }, data: Buffer, what: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    z.on('data', (c: Buffer) => parts.push(c));
    z.once('error', reject);
    z.write(data, (err) => {
      // The output was pushed before this callback; a 'data' event deferred to a later
      // tick has been delivered by the time setImmediate runs.
      setImmediate(() => {
        z.close();
        if (err) reject(err);
        else if (parts.length === 0) reject(new Error(`${what} returned no data`));
        else if (parts.length > 1) resolve(Buffer.concat(parts));
        else {
          // The stream's own output buffer, written no more once the stream is closed —
          // unless it came from Buffer's shared pool (a small block's: the pool is
          // Buffer.poolSize bytes, 64 KiB in Node 24, and serves sizes below half of that).
          const out = parts[0]!;
          const ab = out.buffer;
          if (out.byteOffset === 0 && ab instanceof ArrayBuffer && ab.byteLength >= OWNED_MIN && ab.byteLength > Buffer.poolSize) own(out);
          resolve(out);
        }
      });
    });
  });
}

/**
 * Memory that one codec output buffer alone views: compressWhole's blocks, gunzipStream's
 * members inflated in parallel (gzip.ts). Its consumer may free it (releaseOutput) or
 * transfer it to a worker (ownsItsMemory) once done with the chunk.
 */
const owned = new WeakSet<ArrayBufferLike>();

/** Record that `buf`, a codec's own output buffer (never Buffer's shared pool), is the only view of its memory. */
export function own(buf: Uint8Array): void {
  owned.add(buf.buffer);
}

/**
 * True when `chunk` is the only view of its memory (see own): once done with it, the
 * consumer may transfer that memory (a postMessage transfer list) to a worker that frees it
 * there, with no garbage collection. Holds for a member of ours inflated in parallel (one
 * buffer per member) and a compressed block; never for chunks of a sequential inflate,
 * slices of buffers zlib goes on writing.
 */
export function ownsItsMemory(chunk: Uint8Array): boolean {
  return chunk.byteOffset === 0 && owned.has(chunk.buffer);
}

/** Smaller outputs are left to the collector: little to gain. */
const OWNED_MIN = 64 * 1024;

/**
 * Free the memory of a chunk that gzip or zstd compression yielded, once its consumer is
 * done with it (has written and hashed it): a block's output is the only view of zlib's
 * output buffer, sized for the worst case (4 MiB + 64 KiB for a zstd frame, ~1.5 MB of it
 * used), which V8 would free only at a full collection — on a zstd ingest the memory
 * policy forced one every ~6 frames (collectGarbage), ~10 ms of the main thread each,
 * and V8 started more of its own. Detaching it (ArrayBuffer.prototype.transfer to 0
 * bytes) frees it at once. Any other chunk (`none`, a concatenation) is left alone.
 * Measured (ingest, 2 cores, 6 alternated runs): full collections of a small-files zstd
 * ingest 13–15 → 1–2; 300 MB of binaries, zstd: 1.46 → 1.31 s of CPU, peak RSS 134 →
 * 126 MB; a 1 GB gzip layer: peak RSS 96 → 86 MB.
 */
export function releaseOutput(chunk: Uint8Array): void {
  const ab = chunk.buffer;
  if (chunk.byteOffset !== 0 || !(ab instanceof ArrayBuffer) || !owned.delete(ab)) return;
  (ab as ArrayBuffer & { transfer(length: number): ArrayBuffer }).transfer(0);
}
