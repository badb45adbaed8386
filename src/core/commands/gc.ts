/**
 * `gc`: remove blobs no tag reaches, and stale ingests; report what was freed.
 */
import { Store } from '../layout.js';
import type { CommandFn } from './types.js';

/** `gc`: mark and sweep the store (Store.gc); `details` is the report. */
export const gc: CommandFn = async (options, ctx) => {
  const store = await Store.open(options.store, { logger: ctx.logger, fallback: ctx.fallback });
  const report = await store.gc();
  ctx.logger.info(
    `gc: removed ${report.removedBlobs} blob(s), ${(report.bytesFreed / 1048576).toFixed(1)} MiB freed, ${report.removedIngests} stale ingest(s)`,
  );
  return { tags: [], store: store.root, details: { ...report } };
};
