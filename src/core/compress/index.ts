/**
 * Layer compression and decompression: gzip (block-parallel, see gzip.ts), zstd (Node's
 * zlib) and none. Every function works on async iterables of buffers so callers compose
 * them with hashing and storage in one streaming pass.
 */
import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { OciError } from '../errors.js';
import type { Compression } from '../types/oci.js';
import { gzipStream } from './gzip.js';

export { gzipStream, defaultConcurrency, type GzipOptions } from './gzip.js';

/**
 * Default gzip level. Chosen by measurement (bench/ingest.bench.mjs): with block-parallel
 * deflate on two cores, level 3 is faster than `umoci insert` while its layers stay within
 * a few percent of umoci's size; level 6 is about twice as slow per core.
 */
export const DEFAULT_GZIP_LEVEL = 3;

/** Default zstd level (zstd's own default). */
export const DEFAULT_ZSTD_LEVEL = 3;

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
      return zstdStream(source, options.level ?? DEFAULT_ZSTD_LEVEL);
    case 'none':
      return source as AsyncIterable<Buffer>;
  }
}

/** zstd through Node's zlib binding (runs on the thread pool, off the main thread). */
async function* zstdStream(source: AsyncIterable<Uint8Array>, level: number): AsyncGenerator<Buffer> {
  const z = zlib.createZstdCompress({
        chunkSize: 256 * 1024,
        params: {
          [zlib.constants.ZSTD_c_compressionLevel]: level,
          // No content size in the frame header: the stream's length is not known up front,
          // and leaving it out keeps the bytes independent of how input was chunked.
          [zlib.constants.ZSTD_c_checksumFlag]: 0,
        },
  });
  yield* pump(source, z);
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
  const z =
    compression === 'gzip'
      ? zlib.createGunzip({ chunkSize: 256 * 1024 })
      : zlib.createZstdDecompress({ chunkSize: 256 * 1024 });
  try {
    yield* pump(source, z);
  } catch (e) {
    if (e instanceof OciError) throw e;
    throw new OciError('INVALID_LAYER', `cannot decompress the ${compression} layer: ${(e as Error).message}`, {
      hint: 'the layer blob is truncated or corrupt; re-pull or rebuild the image',
      cause: e,
    });
  }
}
