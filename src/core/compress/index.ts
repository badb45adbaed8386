/**
 * Layer compression and decompression: gzip (block-parallel both ways, see gzip.ts), zstd
 * (Node's zlib) and none. Every function works on async iterables of buffers so callers
 * compose them with hashing and storage in one streaming pass.
 */
import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { OciError } from '../errors.js';
import type { Compression } from '../types/oci.js';
import { collectGarbage } from '../memory.js';
import { defaultConcurrency, gunzipStream, gzipStream } from './gzip.js';

export { gzipStream, gunzipStream, defaultConcurrency, type GzipOptions } from './gzip.js';

/**
 * Default gzip level. Chosen by measurement (bench/ingest.bench.mjs): with block-parallel
 * deflate on two cores, level 3 is faster than `umoci insert` while its layers stay within
 * a few percent of umoci's size; level 6 is about twice as slow per core.
 */
export const DEFAULT_GZIP_LEVEL = 3;

/**
 * Default zstd level. Chosen by measurement (bench/ingest.bench.mjs, two cores): level 2
 * compresses a few hundred MB of shared libraries in ~25% less time than zstd's default
 * level 3, for layers ~5% larger — still 5–15% smaller than gzip's. Level 1 is no faster
 * here and larger than gzip on binaries.
 */
export const DEFAULT_ZSTD_LEVEL = 2;

/** Options of compress. */
export interface CompressOptions {
  /** Level for the chosen compression (defaults above). */
  level?: number;
  /** gzip block size (bytes). */
  blockSize?: number;
  /** gzip blocks in flight. */
  concurrency?: number;
}

/** Compress an async stream of buffers. */
export function compress(source: AsyncIterable<Uint8Array>, compression: Compression, options: CompressOptions = {}): AsyncIterable<Buffer> {
  switch (compression) {
    case 'gzip': {
      const opts: Parameters<typeof gzipStream>[1] = { level: options.level ?? DEFAULT_GZIP_LEVEL };
      if (options.blockSize !== undefined) opts.blockSize = options.blockSize;
      if (options.concurrency !== undefined) opts.concurrency = options.concurrency;
      return gzipStream(source, opts);
    }
    case 'zstd':
      return zstdStream(source, options.level ?? DEFAULT_ZSTD_LEVEL, options.concurrency);
    case 'none':
      return source as AsyncIterable<Buffer>;
  }
}

/** zstd block size: big enough that independent frames cost well under 1% of ratio. */
const ZSTD_BLOCK = 4 * 1024 * 1024;

/** Room for any compressed block (ZSTD_compressBound of 4 MiB is 4 MiB + 16 KiB). */
const ZSTD_OUT = ZSTD_BLOCK + ZSTD_BLOCK / 64;

/**
 * Compress one block into one zstd frame on the thread pool, in a single call.
 *
 * `zlib.zstdCompress` feeds its input with ZSTD_e_continue and ends the frame in a second
 * call: zstd then buffers the input and compresses it through its streaming window (the
 * slower "extDict" match finder), and with the default 16 KiB output buffer every 16 KiB
 * of output is a round trip to the main thread. One write with ZSTD_e_end, the size
 * pledged and an output buffer that holds the whole frame lets zstd compress the block
 * in one pass, as `zstd(1)` does. Measured on a tree of small files: ~20% less CPU than
 * the streaming call at the same level. The stream is never ended (ending it would append
 * an empty frame): its output is collected and the stream closed.
 */
function zstdFrame(data: Buffer, params: Record<number, number>): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const z = zlib.createZstdCompress({
      chunkSize: ZSTD_OUT,
      flush: zlib.constants.ZSTD_e_end,
      pledgedSrcSize: data.length,
      params,
    });
    const parts: Buffer[] = [];
    z.on('data', (c: Buffer) => parts.push(c));
    z.once('error', reject);
    z.write(data, (err) => {
      // The frame's output was pushed before this callback; a 'data' event deferred to a
      // later tick has been delivered by the time setImmediate runs.
      setImmediate(() => {
        z.close();
        if (err) reject(err);
        else if (parts.length === 0) reject(new Error('zstd returned no frame'));
        else resolve(parts.length === 1 ? parts[0]! : Buffer.concat(parts));
      });
    });
  });
}

/**
 * zstd, block-parallel: the input is cut into fixed 4 MiB blocks by byte offset, each
 * compressed into its own frame on the thread pool; the frames are concatenated, which
 * RFC 8878 §3 defines as one zstd stream (every decoder — zstd(1), containerd's, Node's —
 * reads concatenated frames). Node's bundled zstd has no worker threads of its own.
 * Deterministic: the output depends only on the bytes and the level.
 */
async function* zstdStream(source: AsyncIterable<Uint8Array>, level: number, concurrency = defaultConcurrency()): AsyncGenerator<Buffer> {
  const params = { [zlib.constants.ZSTD_c_compressionLevel]: level, [zlib.constants.ZSTD_c_checksumFlag]: 0 };
  // Input blocks are recycled once compressed (zstd is done with its input when its
  // promise settles): 4 MiB of fresh external memory per block was most of the churn
  // that took a small-files ingest to 215 MB peak RSS.
  const inflight: Array<{ out: Promise<Buffer>; input: Buffer }> = [];
  const free: Buffer[] = [];
  let block: Buffer = Buffer.allocUnsafe(ZSTD_BLOCK);
  let used = 0;
  let blocks = 0;
  const submit = (data: Buffer): void => {
    const p = zstdFrame(data, params);
    p.catch(() => {});
    inflight.push({ out: p, input: data });
  };
  const next = async (): Promise<Buffer> => {
    const b = inflight.shift()!;
    const out = await b.out;
    if (b.input.length === ZSTD_BLOCK) free.push(b.input);
    return out;
  };
  for await (const chunk of source) {
    let off = 0;
    while (off < chunk.length) {
      const n = Math.min(ZSTD_BLOCK - used, chunk.length - off);
      block.set(chunk.subarray(off, off + n), used);
      used += n;
      off += n;
      if (used === ZSTD_BLOCK) {
        submit(block);
        used = 0;
        blocks++;
        collectGarbage(); // see collectGarbage: external memory
        while (inflight.length >= concurrency) yield await next();
        block = free.pop() ?? Buffer.allocUnsafe(ZSTD_BLOCK);
      }
    }
  }
  // A last frame for leftovers, or one empty frame for an empty input — never an extra
  // empty frame that would make the bytes depend on the concurrency.
  if (used > 0 || blocks === 0) submit(block.subarray(0, used));
  while (inflight.length > 0) yield await next();
}

/** Feed `source` through a zlib transform and yield its output; errors on either side propagate. */
async function* pump(source: AsyncIterable<Uint8Array>, z: NodeJS.ReadWriteStream & { destroy(e?: Error): void }): AsyncGenerator<Buffer> {
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
 * Decompress an async stream of buffers. Errors of the decoder (truncated input, bad
 * data) become INVALID_LAYER.
 */
export async function* decompress(source: AsyncIterable<Uint8Array>, compression: Compression): AsyncGenerator<Buffer> {
  if (compression === 'none') {
    for await (const c of source) yield Buffer.isBuffer(c) ? c : Buffer.from(c);
    return;
  }
  try {
    if (compression === 'gzip') yield* gunzipStream(source);
    else yield* pump(source, zlib.createZstdDecompress({ chunkSize: 256 * 1024 }));
  } catch (e) {
    if (e instanceof OciError) throw e;
    throw new OciError('INVALID_LAYER', `cannot decompress the ${compression} layer: ${(e as Error).message}`, {
      hint: 'the layer blob is truncated or corrupt; re-pull or rebuild the image',
      cause: e,
    });
  }
}
