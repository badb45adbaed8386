/**
 * `tag`: point more refs at an image — promote/retag (DESIGN.md §1 use 4). With
 * `push: true`, the dispatcher then pushes to every ref in `tags`.
 */
import { toOCI } from '../convert.js';
import { Store } from '../layout.js';
import { resolveThrough } from './pullthrough.js';
import { describeImage } from './metadata.js';
import type { CommandFn } from './types.js';

/** `tag`: resolve `ref` (store first, then its registry), record every ref in `tags`. */
export const tag: CommandFn = async (options, ctx) => {
  const store = await Store.open(options.store, { logger: ctx.logger, fallback: ctx.fallback });
  const source = await resolveThrough(store, options.ref!, options, ctx, 'ref');
  // format: oci — a new OCI manifest for Docker-format content; the source keeps its digest.
  const desc = options.format === 'oci' ? await toOCI(store, source) : source;
  if (desc !== source) ctx.logger.info(`converted ${source.digest} (Docker format) to OCI ${desc.digest}`);
  await store.tagMany(desc, options.tags);
  ctx.logger.info(`tagged ${desc.digest} as ${options.tags.join(', ')}`);
  return {
    digest: desc.digest,
    tags: [...options.tags],
    metadata: await describeImage(store, desc),
    store: store.root,
  };
};
