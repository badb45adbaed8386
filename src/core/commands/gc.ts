/**
 * `gc`: remove blobs no tag reaches, and stale ingests; report what was freed.
 */
import { Store } from '../layout.js';
import type { CommandFn } from './types.js';

/** `gc`: mark and sweep the store (Store.gc); `details` is the report. */
export const gc: CommandFn = async (options, ctx) => {
  const store = await Store.open(options.store, { logger: ctx.logger, fallback: ctx.fallback });
  const report = await store.gc(); // warns itself, per tag, when a live image cannot be read
  const mib = (n: number): string => (n / 1048576).toFixed(1);
  ctx.logger.info(
    report.unreadable
      ? `gc: kept ${report.keptBlobs} unreferenced blob(s) (${mib(report.keptBytes ?? 0)} MiB): ${report.unreadable.length} image(s) cannot be read; removed ${report.removedIngests} stale ingest(s)`
      : `gc: removed ${report.removedBlobs} blob(s), ${mib(report.bytesFreed)} MiB freed, ${report.removedIngests} stale ingest(s)`,
  );
  return { tags: [], store: store.root, details: { ...report } };
};
