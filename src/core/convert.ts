/**
 * Docker schema2 → OCI: a new OCI manifest (or index) for Docker-format content, the way
 * `skopeo copy --format oci` converts. Config and layer blobs are shared, relabelled with
 * the OCI media types they are interchangeable with (same bytes, same digests); only the
 * manifest is new, so it has a new digest. The Docker manifest is left as it is: a digest
 * a client pushed never changes.
 *
 * Why a conversion and not a relabelled index.json entry: the readers of `oci:` layouts
 * (containers/image, umoci) only see index.json entries typed as OCI manifests or indexes,
 * and a Docker manifest described as OCI still names a Docker config, which they then
 * refuse ("unsupported image-specific operation on artifact", "config blob is not correct
 * mediatype"). image-spec descriptor.md: a descriptor's mediaType is the referenced
 * content's.
 *
 * Reference: https://github.com/opencontainers/image-spec/blob/main/media-types.md#compatibility-matrix
 */
import type { Descriptor, ImageIndex, Manifest } from './types/oci.js';
import { isDockerMediaType, isIndexMediaType, isManifestMediaType, MediaType, ociDescriptor } from './types/oci.js';
import { SKIP_CHILDREN, walk, type WalkAnswer } from './walk.js';

/** What conversion needs of a store: read a manifest, write one. */
export interface ConvertStore {
  readJSON<T>(desc: Descriptor): Promise<T>;
  pushJSON(value: unknown, mediaType: string, extra?: Partial<Descriptor>): Promise<Descriptor>;
  /** Whether a blob is present: children of an index pulled for some platforms are not. */
  exists?(desc: Descriptor): Promise<boolean>;
}

/**
 * True when a manifest or index is not plain OCI: Docker schema2 itself, or OCI that lists
 * Docker-typed content (a config, a layer or a child manifest).
 */
export async function needsOCIConversion(store: ConvertStore, desc: Descriptor): Promise<boolean> {
  let docker = false;
  // The one graph walk: every descriptor under `desc` once (config, layers, child manifests).
  await walk(store, [desc], async ({ descriptor: d, path }): Promise<WalkAnswer> => {
    if (docker) return SKIP_CHILDREN; // found: the rest of the queue is only let go
    if (isDockerMediaType(d.mediaType)) {
      docker = true;
      return SKIP_CHILDREN;
    }
    // A child a platform selection left out is judged by its descriptor alone (above).
    const container = isManifestMediaType(d.mediaType) || isIndexMediaType(d.mediaType);
    if (path.length > 0 && container && store.exists !== undefined && !(await store.exists(d))) return SKIP_CHILDREN;
    return undefined;
  });
  return docker;
}

/**
 * The OCI form of a manifest or index: `desc` itself when it is plain OCI already, else a
 * new OCI manifest/index written to the store (children converted the same way). The
 * returned descriptor keeps `desc`'s platform.
 */
export async function toOCI(store: ConvertStore, desc: Descriptor): Promise<Descriptor> {
  if (!(await needsOCIConversion(store, desc))) return desc;
  const extra: Partial<Descriptor> = desc.platform ? { platform: desc.platform } : {};
  if (isManifestMediaType(desc.mediaType)) {
    const m = await store.readJSON<Manifest>(desc);
    const out: Manifest = {
      schemaVersion: 2,
      mediaType: MediaType.ImageManifest,
      config: ociDescriptor(m.config),
      layers: (m.layers ?? []).map(ociDescriptor),
    };
    if (m.annotations) out.annotations = m.annotations;
    return store.pushJSON(out, MediaType.ImageManifest, extra);
  }
  const ix = await store.readJSON<ImageIndex>(desc);
  const manifests: Descriptor[] = [];
  for (const child of ix.manifests ?? []) {
    const converted = await toOCI(store, child);
    // The child's descriptor fields (platform, annotations) stay; digest, size and type are the new manifest's.
    manifests.push({ ...child, mediaType: converted.mediaType, digest: converted.digest, size: converted.size });
  }
  const out: ImageIndex = { schemaVersion: 2, mediaType: MediaType.ImageIndex, manifests };
  if (ix.annotations) out.annotations = ix.annotations;
  return store.pushJSON(out, MediaType.ImageIndex, extra);
}
