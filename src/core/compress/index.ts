/**
 * Layer compression and decompression by codec (codecs.ts): gzip (block-parallel both
 * ways, see gzip.ts), zstd (block-parallel, zstd.ts) and none. Every function works on
 * async iterables of buffers so callers compose them with hashing and storage in one
 * streaming pass.
 */
import { OciError } from '../errors.js';
import { codec, type Compression, type CompressOptions } from './codecs.js';
import { threadGunzip } from './gunzip-thread.js';

export { CODECS, COMPRESSIONS, codec, layerCompression, layerMediaType, type Codec, type Compression, type CompressOptions } from './codecs.js';
export { DEFAULT_GZIP_LEVEL, GZIP_LEVEL_BY_KIND, gzipStream, gunzipStream, isParallelGzip, type GunzipOptions, type GzipOptions } from './gzip.js';
export { DEFAULT_ZSTD_LEVEL, zstdConcurrency, zstdStream, unzstdStream, type ZstdOptions } from './zstd.js';
export { probeBlock, type BlockKind } from './probe.js';
export { blockParallel, defaultConcurrency, ownsItsMemory, pump, releaseOutput, type BlockPipelineOptions } from './pipeline.js';

/** Compress an async stream of buffers. */
export function compress(source: AsyncIterable<Uint8Array>, compression: Compression, options: CompressOptions = {}): AsyncIterable<Buffer> {
  const c = codec(compression).compress;
  return c ? c(source, options) : (source as AsyncIterable<Buffer>);
}

/**
 * Decompress an async stream of buffers. Errors of the decoder (truncated input, bad
 * data) become INVALID_LAYER. `thread`: gzip that is one deflate stream (not gzipStream's
 * members, see isParallelGzip) is inflated on a worker thread of its own (gunzip-thread.ts),
 * for a consumer that keeps the main thread busy.
 */
export async function* decompress(source: AsyncIterable<Uint8Array>, compression: Compression, options: { thread?: boolean } = {}): AsyncGenerator<Buffer> {
  const d = options.thread === true && compression === 'gzip' ? threadGunzip : codec(compression).decompress;
  if (!d) {
    for await (const c of source) yield Buffer.isBuffer(c) ? c : Buffer.from(c);
    return;
  }
  try {
    yield* d(source);
  } catch (e) {
    if (e instanceof OciError) throw e;
    throw new OciError('INVALID_LAYER', `cannot decompress the ${compression} layer: ${(e as Error).message}`, {
      hint: 'the layer blob is truncated or corrupt; re-pull or rebuild the image',
      cause: e,
    });
  }
}
