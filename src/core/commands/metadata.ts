/**
 * The `metadata` output (DESIGN.md §2): what an image in the store is, in one JSON object.
 */
import { isOciError } from '../errors.js';
import type { Store } from '../layout.js';
import {
  MediaType,
  formatPlatform,
  isIndexMediaType,
  isManifestMediaType,
  type Descriptor,
  type ImageConfig,
  type ImageIndex,
  type Manifest,
  type Platform,
} from '../types/oci.js';
import type { LayerMetadata, Metadata, PushedMetadata } from './types.js';

/** Config media types that describe a runnable image (and so carry a platform). */
const IMAGE_CONFIG_TYPES: ReadonlySet<string> = new Set([MediaType.ImageConfig, MediaType.DockerConfig]);

function layerOf(d: Descriptor): LayerMetadata {
  return { digest: d.digest, size: d.size, mediaType: d.mediaType };
}

/** `os/arch[/variant]` of a platform, skipping buildx's `unknown/unknown` attestation entries. */
function platformString(p: Platform | undefined): string | undefined {
  if (!p || typeof p.os !== 'string' || typeof p.architecture !== 'string') return undefined;
  if (p.os === 'unknown' && p.architecture === 'unknown') return undefined;
  return formatPlatform(p);
}

async function manifestPlatform(store: Store, manifest: Manifest): Promise<string | undefined> {
  if (!manifest.config || !IMAGE_CONFIG_TYPES.has(manifest.config.mediaType)) return undefined;
  try {
    const config = await store.readJSON<ImageConfig>(manifest.config);
    return platformString(config);
  } catch (e) {
    // A config that is not local (lazy cache) or damaged: metadata still describes the rest.
    if (isOciError(e)) return undefined;
    throw e;
  }
}

/**
 * Describe `desc` (a manifest or an index in `store`) as the `metadata` output:
 *
 * - manifest: its layers, and its platform from the descriptor or the image config;
 * - index: the platforms of its manifests (a list), and the layers of those manifests
 *   that are in the store (each digest once).
 */
export async function describeImage(store: Store, desc: Descriptor, pushed: PushedMetadata[] = []): Promise<Metadata> {
  const out: Metadata = { digest: desc.digest, mediaType: desc.mediaType, size: desc.size, layers: [], pushed, store: store.root };
  if (isManifestMediaType(desc.mediaType)) {
    const manifest = await store.readJSON<Manifest>(desc);
    out.layers = (manifest.layers ?? []).map(layerOf);
    const platform = platformString(desc.platform) ?? (await manifestPlatform(store, manifest));
    if (platform !== undefined) out.platform = platform;
    return out;
  }
  if (isIndexMediaType(desc.mediaType)) {
    const index = await store.readJSON<ImageIndex>(desc);
    const platforms: string[] = [];
    const seen = new Set<string>();
    for (const child of index.manifests ?? []) {
      let manifest: Manifest | undefined;
      if (isManifestMediaType(child.mediaType)) {
        try {
          manifest = await store.readJSON<Manifest>(child);
        } catch (e) {
          if (!isOciError(e)) throw e;
        }
      }
      const p = platformString(child.platform) ?? (manifest ? await manifestPlatform(store, manifest) : undefined);
      if (p !== undefined && !platforms.includes(p)) platforms.push(p);
      for (const l of manifest?.layers ?? []) {
        if (seen.has(l.digest)) continue;
        seen.add(l.digest);
        out.layers.push(layerOf(l));
      }
    }
    out.platform = platforms;
    return out;
  }
  return out;
}
