/**
 * Layer compression and decompression: gzip (block-parallel both ways, see gzip.ts), zstd
 * (block-parallel, zstd.ts) and none. Every function works on async iterables of buffers
 * so callers compose them with hashing and storage in one streaming pass.
 */
import { OciError } from '../errors.js';
import type { Compression } from '../types/oci.js';
import { DEFAULT_GZIP_LEVEL, gunzipStream, gzipStream } from './gzip.js';
import { unzstdStream, zstdStream } from './zstd.js';

export { DEFAULT_GZIP_LEVEL, gzipStream, gunzipStream, type GunzipOptions, type GzipOptions } from './gzip.js';
export { DEFAULT_ZSTD_LEVEL, zstdStream, unzstdStream, type ZstdOptions } from './zstd.js';
export { blockParallel, defaultConcurrency, pump, type BlockPipelineOptions } from './pipeline.js';

/** Options of compress. */
export interface CompressOptions {
  /** Level for the chosen compression (each codec's default otherwise). */
  level?: number;
  /** gzip block size (bytes). */
  blockSize?: number;
  /** Blocks compressed at once. */
  concurrency?: number;
}

/** Compress an async stream of buffers. */
export function compress(source: AsyncIterable<Uint8Array>, compression: Compression, options: CompressOptions = {}): AsyncIterable<Buffer> {
  switch (compression) {
    case 'gzip':
      return gzipStream(source, { ...options, level: options.level ?? DEFAULT_GZIP_LEVEL });
    case 'zstd':
      return zstdStream(source, options);
    case 'none':
      return source as AsyncIterable<Buffer>;
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
    else yield* unzstdStream(source);
  } catch (e) {
    if (e instanceof OciError) throw e;
    throw new OciError('INVALID_LAYER', `cannot decompress the ${compression} layer: ${(e as Error).message}`, {
      hint: 'the layer blob is truncated or corrupt; re-pull or rebuild the image',
      cause: e,
    });
  }
}
