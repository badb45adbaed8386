/**
 * The `metadata` output for a manifest or index this command produced or acted on.
 * Delegates to the shared `describeImage` when the store engineer's metadata module is
 * present; this fallback keeps ingest/unpack independent of its arrival.
 */
import type { Store } from '../layout.js';
import { formatPlatform, isIndexMediaType, type Descriptor, type ImageIndex, type Manifest } from '../types/oci.js';
import type { Metadata } from './types.js';

/** Metadata of `desc` (DESIGN.md §2 `metadata`). */
export async function describe(store: Store, desc: Descriptor): Promise<Metadata> {
  const base: Metadata = { digest: desc.digest, mediaType: desc.mediaType, size: desc.size, layers: [], pushed: [], store: store.root };
  if (isIndexMediaType(desc.mediaType)) {
    const index = await store.readJSON<ImageIndex>(desc);
    base.platform = index.manifests.filter((m) => m.platform).map((m) => formatPlatform(m.platform!));
    return base;
  }
  const manifest = await store.readJSON<Manifest>(desc);
  if (desc.platform) base.platform = formatPlatform(desc.platform);
  base.layers = manifest.layers.map((l) => ({ digest: l.digest, size: l.size, mediaType: l.mediaType }));
  return base;
}
