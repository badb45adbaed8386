/**
 * What the store's roots (index.json, tagged or not) reach: used before a DELETE so the
 * registry never removes content a remaining manifest needs.
 */
import type { Descriptor } from '../types/oci.js';
import { walk } from '../walk.js';
import type { ServeContext } from './context.js';

/** Digests reachable from the store's roots (subjects too), optionally leaving out some roots. */
export async function reachableDigests(ctx: ServeContext, skipRoot?: (d: Descriptor) => boolean): Promise<Set<string>> {
  const index = await ctx.index();
  const seen = new Set<string>();
  await walk(
    ctx.store,
    (index.manifests ?? []).filter((d) => !skipRoot?.(d)),
    ({ descriptor }) => void seen.add(descriptor.digest),
    {
      subject: true,
      // A root whose manifest is missing reaches nothing more; verify reports it.
      onError: (e) => ctx.logger.debug(`walking ${e.descriptor.digest}: ${(e.cause as Error)?.message ?? String(e.cause)}`),
    },
  );
  return seen;
}
