/**
 * `verify`: re-hash every blob and check every tag's graph; fail the step on any problem.
 */
import { sep } from 'node:path';
import { OciError } from '../errors.js';
import { Store, type VerifyProblem } from '../layout.js';
import type { CommandFn } from './types.js';

/** Problems the error message itself shows; the log has them all. */
const SHOWN_PROBLEMS = 3;
/** A shown problem's line is cut here (full digests and paths are in the log). */
const LINE_MAX = 160;

/**
 * The failure's message: the count, then the first problems one compact line each, so the
 * single error line a CI run shows says what is wrong without opening the log.
 */
export function summary(problems: readonly VerifyProblem[], root: string, checkedBlobs: number): string {
  const lines = problems.slice(0, SHOWN_PROBLEMS).map((p) => `- ${p.code}: ${compact(p.message, root)}`);
  const more = problems.length - SHOWN_PROBLEMS;
  if (more > 0) lines.push(`- and ${more} more (all listed in the log)`);
  return `verify found ${problems.length} problem(s) in ${root} (${checkedBlobs} blobs checked):\n${lines.join('\n')}`;
}

/** One short line: store paths relative, digests abbreviated, newlines folded, length capped. */
function compact(message: string, root: string): string {
  let s = message.split(`${root}${sep}`).join('').replace(/\b([0-9a-f]{12})[0-9a-f]{52,}\b/g, '$1…');
  s = s.replace(/\s+/g, ' ').trim();
  return s.length > LINE_MAX ? `${s.slice(0, LINE_MAX - 1)}…` : s;
}

/**
 * `verify`: Store.verify. A clean store gives `details` = the report; problems are logged
 * one per line and fail the command with DIGEST_MISMATCH (corrupt blobs) or INCOMPLETE,
 * whose message counts them and shows the first few.
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
    throw new OciError(corrupt ? 'DIGEST_MISMATCH' : 'INCOMPLETE', summary(report.problems, store.root, report.checkedBlobs), {
      input: 'store',
      hint: 'pull or ingest the affected images again; delete corrupt blob files first (the log lists every problem)',
    });
  }
  ctx.logger.info(`verify: ${report.checkedBlobs} blob(s) and ${report.checkedEntries} index entr${report.checkedEntries === 1 ? 'y' : 'ies'} are sound`);
  return { tags: [], store: store.root, details: { ...report } };
};
