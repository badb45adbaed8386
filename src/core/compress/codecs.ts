/**
 * The layer codecs, in one table: each codec's name (the `compression` input), how layer
 * media types spell it, and its compressor and decompressor. The input's choices, the
 * `Compression` type, the media type a layer is written with and the compression a media
 * type is read with all derive from it: a new codec is one entry here.
 *
 * Reference: image-spec media-types.md (`+gzip`, `+zstd` on the layer types) and its
 * compatibility matrix (Docker schema2's layer types).
 */
import { MediaType } from '../types/oci.js';

// The codecs' code is loaded on first use: the `compression` input is checked against this
// table at every start, while most commands never compress (cold start, DESIGN.md §6).

/** Options of a compressor. */
export interface CompressOptions {
  /**
   * Level for the chosen compression; absent: each codec's default (gzip's depends on each
   * block's content, see gzip.ts GZIP_LEVEL_BY_KIND).
   */
  level?: number;
  /** gzip block size (bytes). */
  blockSize?: number;
  /** Blocks compressed at once. */
  concurrency?: number;
}

/** One layer codec. */
export interface Codec {
  /**
   * Suffix of its OCI layer media types (`application/vnd.oci.image.layer.v1.tar+gzip`,
   * the non-distributable one likewise); empty for uncompressed tar.
   */
  readonly suffix: string;
  /** Docker schema2 layer media types of the same bytes (Docker's names follow no suffix rule). */
  readonly docker: readonly string[];
  /** Compress a stream; absent: the bytes pass through. */
  readonly compress?: (source: AsyncIterable<Uint8Array>, options: CompressOptions) => AsyncIterable<Buffer>;
  /** Decompress a stream, throwing the decoder's errors as they are; absent: the bytes pass through. */
  readonly decompress?: (source: AsyncIterable<Uint8Array>) => AsyncIterable<Buffer>;
}

/** Every codec by name, in the order the `compression` input lists them. */
export const CODECS = {
  gzip: {
    suffix: '+gzip',
    docker: [MediaType.DockerLayerGzip, MediaType.DockerForeignLayerGzip],
    async *compress(source, o) {
      // No level asked for: each block's level by its content (gzip.ts GZIP_LEVEL_BY_KIND).
      yield* (await import('./gzip.js')).gzipStream(source, o);
    },
    async *decompress(source) {
      yield* (await import('./gzip.js')).gunzipStream(source);
    },
  },
  zstd: {
    suffix: '+zstd',
    docker: [MediaType.DockerLayerZstd],
    async *compress(source, o) {
      yield* (await import('./zstd.js')).zstdStream(source, o);
    },
    async *decompress(source) {
      yield* (await import('./zstd.js')).unzstdStream(source);
    },
  },
  none: {
    suffix: '',
    docker: [MediaType.DockerLayer, MediaType.DockerForeignLayer],
  },
} as const satisfies Record<string, Codec>;

/** Compression of a layer blob (the `compression` input), derived from its media type. */
export type Compression = keyof typeof CODECS;

/** Every compression, in the order the input's help lists them. */
export const COMPRESSIONS = Object.keys(CODECS) as readonly Compression[];

/** The codec of a compression. */
export function codec(compression: Compression): Codec {
  return CODECS[compression];
}

/** Layer media type → compression: the OCI types (suffixed) and Docker's, for every codec. */
const BY_MEDIA_TYPE: ReadonlyMap<string, Compression> = new Map(
  COMPRESSIONS.flatMap((name) => {
    const c: Codec = CODECS[name];
    return [MediaType.Layer + c.suffix, MediaType.LayerNonDistributable + c.suffix, ...c.docker].map((t) => [t, name] as const);
  }),
);

/**
 * The compression a layer media type implies, or undefined when the media type is not a
 * layer we know how to read.
 */
export function layerCompression(mediaType: string): Compression | undefined {
  return BY_MEDIA_TYPE.get(mediaType);
}

/** The OCI layer media type for a compression. */
export function layerMediaType(compression: Compression): string {
  return MediaType.Layer + CODECS[compression].suffix;
}
