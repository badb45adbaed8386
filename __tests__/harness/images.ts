/**
 * Small test images written straight into a Store: random layers, a config, a manifest
 * (OCI or Docker schema 2), and multi-platform indexes.
 */
import { randomBytes } from 'node:crypto';
import type { Store } from '../../src/core/layout.js';
import { MediaType, type Descriptor, type ImageIndex, type Manifest, type Platform } from '../../src/core/types/oci.js';
import { sha256 } from '../../src/core/digest.js';

/** Options of makeImage. */
export interface ImageSpec {
  /** Layer contents (default: two random layers of 1 KiB and 3 KiB). */
  layers?: Buffer[];
  platform?: Platform;
  /** Docker schema 2 media types instead of OCI. */
  docker?: boolean;
  /** Extra manifest fields (subject, artifactType, annotations). */
  extra?: Partial<Manifest>;
  /** Config media type (artifacts). */
  configMediaType?: string;
  tag?: string;
}

/** Write an image into `store`; returns the manifest descriptor (with its platform). */
export async function makeImage(store: Store, spec: ImageSpec = {}): Promise<Descriptor> {
  const platform = spec.platform ?? { os: 'linux', architecture: 'amd64' };
  const layers = spec.layers ?? [randomBytes(1024), randomBytes(3072)];
  const layerType = spec.docker ? MediaType.DockerLayerGzip : MediaType.LayerGzip;
  const layerDescs: Descriptor[] = [];
  for (const l of layers) layerDescs.push(await store.pushBytes(l, layerType));
  const config = {
    architecture: platform.architecture,
    os: platform.os,
    ...(platform.variant ? { variant: platform.variant } : {}),
    config: { Env: ['PATH=/usr/bin'] },
    rootfs: { type: 'layers', diff_ids: layers.map((l) => sha256(l)) },
  };
  const configDesc = await store.pushJSON(config, spec.configMediaType ?? (spec.docker ? MediaType.DockerConfig : MediaType.ImageConfig));
  const manifest: Manifest = {
    schemaVersion: 2,
    mediaType: spec.docker ? MediaType.DockerManifest : MediaType.ImageManifest,
    config: configDesc,
    layers: layerDescs,
    ...spec.extra,
  };
  const desc = await store.pushJSON(manifest, manifest.mediaType!);
  const out: Descriptor = { ...desc, platform };
  if (spec.tag) await store.tag({ mediaType: desc.mediaType, digest: desc.digest, size: desc.size }, spec.tag);
  return out;
}

/** Write an index over `manifests` (descriptors with platforms); returns its descriptor. */
export async function makeIndex(store: Store, manifests: Descriptor[], options: { docker?: boolean; tag?: string } = {}): Promise<Descriptor> {
  const index: ImageIndex = {
    schemaVersion: 2,
    mediaType: options.docker ? MediaType.DockerManifestList : MediaType.ImageIndex,
    manifests,
  };
  const desc = await store.pushJSON(index, index.mediaType!);
  if (options.tag) await store.tag(desc, options.tag);
  return desc;
}
