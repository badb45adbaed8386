/**
 * `verify`: re-hash every blob and check every tag's graph; fail the step on any problem.
 */
import { OciError } from '../errors.js';
import { Store } from '../layout.js';
import type { CommandFn } from './types.js';

/**
 * `verify`: Store.verify. A clean store gives `details` = the report; problems are logged
 * one per line and fail the command with DIGEST_MISMATCH (corrupt blobs) or INCOMPLETE.
 */
export const verify: CommandFn = async (options, ctx) => {
  const store = await Store.open(options.store, { logger: ctx.logger, fallback: ctx.fallback });
  const report = await store.verify();
  if (report.notLocal.length > 0) {
    ctx.logger.info(`verify: ${report.notLocal.length} blob(s) are in the runner cache, not local (not checked)`);
  }
  if (report.notPulled.length > 0) {
    const what = [...new Set(report.notPulled.map((n) => n.platform ?? n.digest))].join(', ');
    ctx.logger.info(`verify: ${report.notPulled.length} child manifest(s) of partly pulled indexes were left out by the pull's platform selection (${what}); pull with platform: all to keep them`);
  }
  if (!report.ok) {
    for (const p of report.problems) ctx.logger.warning(`${p.code}: ${p.message}`);
    const corrupt = report.problems.some((p) => p.code === 'DIGEST_MISMATCH' || p.code === 'SIZE_MISMATCH');
    const first = report.problems[0]!;
    throw new OciError(
      corrupt ? 'DIGEST_MISMATCH' : 'INCOMPLETE',
      `verify found ${report.problems.length} problem(s) in ${store.root} (${report.checkedBlobs} blobs checked); first: ${first.message}`,
      {
        input: 'store',
        hint: 'pull or ingest the affected images again; delete corrupt blob files first (each is listed above)',
      },
    );
  }
  ctx.logger.info(`verify: ${report.checkedBlobs} blob(s) and ${report.checkedEntries} index entr${report.checkedEntries === 1 ? 'y' : 'ies'} are sound`);
  return { tags: [], store: store.root, details: { ...report } };
};
