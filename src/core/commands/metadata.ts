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
import { SKIP_CHILDREN, childrenOfDocument, walk, type WalkAnswer } from '../walk.js';
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
    const children = childrenOfDocument(desc, index);
    // Each child manifest (and its config, when its descriptor names no platform) is read
    // once, a few at a time, by the one graph walk; the output keeps the index's order.
    const read = new Map<string, { manifest?: Manifest; configPlatform?: string; configRead: boolean }>();
    await walk(store, children, async ({ descriptor: child }): Promise<WalkAnswer> => {
      const entry: { manifest?: Manifest; configPlatform?: string; configRead: boolean } = { configRead: false };
      if (isManifestMediaType(child.mediaType)) {
        try {
          entry.manifest = await store.readJSON<Manifest>(child);
        } catch (e) {
          if (!isOciError(e)) throw e;
        }
      }
      if (entry.manifest && platformString(child.platform) === undefined) {
        const p = await manifestPlatform(store, entry.manifest);
        if (p !== undefined) entry.configPlatform = p;
        entry.configRead = true;
      }
      read.set(child.digest, entry);
      return SKIP_CHILDREN; // layers are listed from the manifest; a nested index is not described
    });
    const platforms: string[] = [];
    const seen = new Set<string>();
    for (const child of children) {
      const { manifest, configPlatform, configRead } = read.get(child.digest)!;
      const p = platformString(child.platform) ?? (manifest ? (configRead ? configPlatform : await manifestPlatform(store, manifest)) : undefined);
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
