/**
 * OCI image-spec and Docker schema2 types and constants.
 *
 * Reference: https://github.com/opencontainers/image-spec (descriptor.md, manifest.md,
 * image-index.md, config.md, image-layout.md, annotations.md)
 */

/** Media types of the OCI image-spec and Docker's schema2 (stored as they are, never converted). */
export const MediaType = {
  Descriptor: 'application/vnd.oci.descriptor.v1+json',
  LayoutHeader: 'application/vnd.oci.layout.header.v1+json',
  ImageIndex: 'application/vnd.oci.image.index.v1+json',
  ImageManifest: 'application/vnd.oci.image.manifest.v1+json',
  ImageConfig: 'application/vnd.oci.image.config.v1+json',
  Empty: 'application/vnd.oci.empty.v1+json',
  Layer: 'application/vnd.oci.image.layer.v1.tar',
  LayerGzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
  LayerZstd: 'application/vnd.oci.image.layer.v1.tar+zstd',
  LayerNonDistributable: 'application/vnd.oci.image.layer.nondistributable.v1.tar',
  LayerNonDistributableGzip: 'application/vnd.oci.image.layer.nondistributable.v1.tar+gzip',
  LayerNonDistributableZstd: 'application/vnd.oci.image.layer.nondistributable.v1.tar+zstd',
  DockerManifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  DockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  DockerConfig: 'application/vnd.docker.container.image.v1+json',
  DockerLayer: 'application/vnd.docker.image.rootfs.diff.tar',
  DockerLayerGzip: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
  DockerForeignLayerGzip: 'application/vnd.docker.image.rootfs.foreign.diff.tar.gzip',
  DockerForeignLayer: 'application/vnd.docker.image.rootfs.foreign.diff.tar',
  /** Not in Docker's schema2 document; containers/image reads and writes it for zstd layers. */
  DockerLayerZstd: 'application/vnd.docker.image.rootfs.diff.tar.zstd',
  DockerSchema1Manifest: 'application/vnd.docker.distribution.manifest.v1+json',
  DockerSchema1SignedManifest: 'application/vnd.docker.distribution.manifest.v1+prettyjws',
} as const;

/** Media types that are image indexes (OCI index or Docker manifest list). */
export const INDEX_MEDIA_TYPES: ReadonlySet<string> = new Set([MediaType.ImageIndex, MediaType.DockerManifestList]);

/** Media types that are image manifests (OCI or Docker schema2). */
export const MANIFEST_MEDIA_TYPES: ReadonlySet<string> = new Set([
  MediaType.ImageManifest,
  MediaType.DockerManifest,
]);

/** Docker schema1 manifests: refused everywhere with a clear error. */
export const SCHEMA1_MEDIA_TYPES: ReadonlySet<string> = new Set([
  MediaType.DockerSchema1Manifest,
  MediaType.DockerSchema1SignedManifest,
]);

/**
 * Docker schema2 media types and the OCI type each is interchangeable with: the bytes are
 * the same, only the label differs, so a descriptor relabelled this way keeps its digest.
 * Foreign layers map to the non-distributable types (deprecated in image-spec 1.1, yet the
 * matrix's answer and what containers/image's conversion writes).
 *
 * Reference: https://github.com/opencontainers/image-spec/blob/main/media-types.md#compatibility-matrix
 */
const DOCKER_TO_OCI: ReadonlyMap<string, string> = new Map([
  [MediaType.DockerManifest, MediaType.ImageManifest],
  [MediaType.DockerManifestList, MediaType.ImageIndex],
  [MediaType.DockerConfig, MediaType.ImageConfig],
  [MediaType.DockerLayer, MediaType.Layer],
  [MediaType.DockerLayerGzip, MediaType.LayerGzip],
  [MediaType.DockerLayerZstd, MediaType.LayerZstd],
  [MediaType.DockerForeignLayer, MediaType.LayerNonDistributable],
  [MediaType.DockerForeignLayerGzip, MediaType.LayerNonDistributableGzip],
]);

/** True for a Docker schema2 media type (manifest, list, config or layer). */
export function isDockerMediaType(mediaType: string | undefined): boolean {
  return mediaType !== undefined && DOCKER_TO_OCI.has(mediaType);
}

/** The OCI media type interchangeable with a Docker schema2 one; any other type as it is. */
export function ociMediaType(mediaType: string): string {
  return DOCKER_TO_OCI.get(mediaType) ?? mediaType;
}

/**
 * A descriptor as an OCI manifest may carry it: a Docker media type relabelled (digest,
 * size, urls and annotations kept). An OCI manifest that lists Docker layer types is
 * refused by podman push and skopeo's format conversion ("unsupported MIME type for
 * compression").
 */
export function ociDescriptor<D extends Descriptor>(d: D): D {
  const mediaType = ociMediaType(d.mediaType);
  return mediaType === d.mediaType ? d : { ...d, mediaType };
}

/** Pre-defined annotation keys (annotations.md). */
export const Annotation = {
  RefName: 'org.opencontainers.image.ref.name',
  Title: 'org.opencontainers.image.title',
  Created: 'org.opencontainers.image.created',
  Source: 'org.opencontainers.image.source',
  Revision: 'org.opencontainers.image.revision',
  Description: 'org.opencontainers.image.description',
  BaseImageName: 'org.opencontainers.image.base.name',
  BaseImageDigest: 'org.opencontainers.image.base.digest',
} as const;

/** Platform of an image (image-index.md "platform"). */
export interface Platform {
  architecture: string;
  os: string;
  'os.version'?: string;
  'os.features'?: string[];
  variant?: string;
  features?: string[];
}

/** A content descriptor (descriptor.md). `size` is a JS number: exact up to 2^53. */
export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  urls?: string[];
  annotations?: Record<string, string>;
  data?: string;
  platform?: Platform;
  artifactType?: string;
}

/** An image manifest (manifest.md), OCI or Docker schema2. */
export interface Manifest {
  schemaVersion: 2;
  mediaType?: string;
  artifactType?: string;
  config: Descriptor;
  layers: Descriptor[];
  subject?: Descriptor;
  annotations?: Record<string, string>;
}

/** An image index (image-index.md) or Docker manifest list. */
export interface ImageIndex {
  schemaVersion: 2;
  mediaType?: string;
  artifactType?: string;
  manifests: Descriptor[];
  subject?: Descriptor;
  annotations?: Record<string, string>;
}

/** The `config` section of an image configuration (config.md). */
export interface ContainerConfig {
  User?: string;
  ExposedPorts?: Record<string, object>;
  Env?: string[];
  Entrypoint?: string[] | null;
  Cmd?: string[] | null;
  Volumes?: Record<string, object>;
  WorkingDir?: string;
  Labels?: Record<string, string>;
  StopSignal?: string;
  [key: string]: unknown;
}

/** One history entry of an image configuration. */
export interface History {
  created?: string;
  author?: string;
  created_by?: string;
  comment?: string;
  empty_layer?: boolean;
}

/** An image configuration (config.md). Unknown fields of a base image are kept. */
export interface ImageConfig {
  created?: string;
  author?: string;
  architecture: string;
  os: string;
  'os.version'?: string;
  'os.features'?: string[];
  variant?: string;
  config?: ContainerConfig;
  rootfs: { type: 'layers'; diff_ids: string[] };
  history?: History[];
  [key: string]: unknown;
}

/** The `oci-layout` file (image-layout.md). */
export interface ImageLayout {
  imageLayoutVersion: string;
}

/** The only layout version this store writes and reads. */
export const IMAGE_LAYOUT_VERSION = '1.0.0';

/** The empty JSON blob `{}` used as the config of artifacts (manifest.md "Guidance for an Empty Descriptor"). */
export const EMPTY_JSON_DESCRIPTOR: Descriptor = Object.freeze({
  mediaType: MediaType.Empty,
  digest: 'sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a',
  size: 2,
  data: 'e30=',
}) as Descriptor;

/** A parsed manifest or index, tagged by what it is. */
export type Node =
  | { kind: 'manifest'; descriptor: Descriptor; manifest: Manifest }
  | { kind: 'index'; descriptor: Descriptor; index: ImageIndex };

/** True when a media type names an index. */
export function isIndexMediaType(mediaType: string | undefined): boolean {
  return mediaType !== undefined && INDEX_MEDIA_TYPES.has(mediaType);
}

/** True when a media type names a manifest. */
export function isManifestMediaType(mediaType: string | undefined): boolean {
  return mediaType !== undefined && MANIFEST_MEDIA_TYPES.has(mediaType);
}

/** Format a platform as `os/arch[/variant]`. */
export function formatPlatform(p: Pick<Platform, 'os' | 'architecture' | 'variant'>): string {
  return p.variant ? `${p.os}/${p.architecture}/${p.variant}` : `${p.os}/${p.architecture}`;
}
