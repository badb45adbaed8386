/**
 * What the store's roots (index.json, tagged or not) reach: used before a DELETE so the
 * registry never removes content a remaining manifest needs.
 */
import type { Descriptor } from '../types/oci.js';
import { isIndexMediaType, isManifestMediaType } from '../types/oci.js';
import type { ServeContext } from './context.js';

/** Digests reachable from the store's roots, optionally leaving out some roots. */
export async function reachableDigests(ctx: ServeContext, skipRoot?: (d: Descriptor) => boolean): Promise<Set<string>> {
  const index = await ctx.index();
  const seen = new Set<string>();
  const stack: Descriptor[] = (index.manifests ?? []).filter((d) => !skipRoot?.(d));
  while (stack.length > 0) {
    const d = stack.pop()!;
    if (seen.has(d.digest)) continue;
    seen.add(d.digest);
    if (!isIndexMediaType(d.mediaType) && !isManifestMediaType(d.mediaType)) continue;
    try {
      stack.push(...(await ctx.store.successors(d)));
    } catch (e) {
      // A root whose manifest is missing reaches nothing more; verify reports it.
      ctx.logger.debug(`walking ${d.digest}: ${(e as Error).message}`);
    }
  }
  return seen;
}
