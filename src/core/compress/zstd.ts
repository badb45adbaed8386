/**
 * zstd with Node's zlib (RFC 8878), block-parallel: one frame per block, each compressed
 * in a single call on the thread pool (see zstdFrame), written in order by blockParallel.
 */
import { availableParallelism } from 'node:os';
import zlib from 'node:zlib';
import { blockParallel, compressWhole, defaultConcurrency, pump } from './pipeline.js';

/**
 * Default zstd level. Chosen by measurement (bench/ingest.bench.mjs, two cores): level 2
 * compresses a few hundred MB of shared libraries in ~25% less time than zstd's default
 * level 3, for layers ~5% larger — still 5–15% smaller than gzip's. Level 1 is no faster
 * here and larger than gzip on binaries.
 */
export const DEFAULT_ZSTD_LEVEL = 2;

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
  const z = zlib.createZstdCompress({
    chunkSize: ZSTD_OUT,
    flush: zlib.constants.ZSTD_e_end,
    pledgedSrcSize: data.length,
    params,
  });
  return compressWhole(z, data, 'zstd');
}

/**
 * zstd blocks compressing at once by default: the pool's threads, but no more than one
 * block per core and one waiting. Each block in flight holds 4 MiB of input and its frame;
 * past the cores, more blocks add memory, not speed. 300 MB of binaries on 2 cores (4
 * pool threads), 4 alternated pairs: 4 blocks 0.84-0.90 s, peak RSS 132-137 MB; 3 blocks
 * 0.78-0.95 s, 122-126 MB (30k small files: 129-136 -> 124-128 MB, 0.85-1.34 -> 0.86-0.99
 * s). The frames are the same whatever the count.
 */
export function zstdConcurrency(cores = availableParallelism()): number {
  return Math.max(2, Math.min(defaultConcurrency(), cores + 1));
}

/** Options of zstdStream. */
export interface ZstdOptions {
  /** zstd level (default DEFAULT_ZSTD_LEVEL). */
  level?: number;
  /** Blocks compressing at once (default: zstdConcurrency). */
  concurrency?: number;
}

/**
 * zstd, block-parallel: the input is cut into fixed 4 MiB blocks by byte offset, each
 * compressed into its own frame on the thread pool; the frames are concatenated, which
 * RFC 8878 §3 defines as one zstd stream (every decoder — zstd(1), containerd's, Node's —
 * reads concatenated frames). Node's bundled zstd has no worker threads of its own.
 * Deterministic: the output depends only on the bytes and the level.
 */
export function zstdStream(source: AsyncIterable<Uint8Array>, options: ZstdOptions = {}): AsyncGenerator<Buffer> {
  const params = {
    [zlib.constants.ZSTD_c_compressionLevel]: options.level ?? DEFAULT_ZSTD_LEVEL,
    [zlib.constants.ZSTD_c_checksumFlag]: 0,
  };
  return blockParallel(source, {
    blockSize: ZSTD_BLOCK,
    concurrency: options.concurrency ?? zstdConcurrency(),
    encode: async (block) => [await zstdFrame(block, params)],
  });
}

/** Decompress a zstd stream (any number of frames) with zlib. */
export function unzstdStream(source: AsyncIterable<Uint8Array>): AsyncGenerator<Buffer> {
  return pump(source, zlib.createZstdDecompress({ chunkSize: 256 * 1024 }));
}
