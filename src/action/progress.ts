/**
 * Progress lines for long transfers, shared by the action (log lines) and the CLI
 * (stderr). A transfer that ends within a few seconds prints nothing: logs stay short,
 * and a slow one still shows it is alive.
 */
import type { ProgressEvent, ProgressFn } from '../core/content.js';
import { formatBytes } from './format.js';

/** Options of a progress reporter. */
export interface ProgressOptions {
  /** Where a line goes. */
  write(line: string): void;
  /** Clock (ms); injectable for tests. */
  now?: () => number;
  /** Quiet period before the first line of a transfer (default 3 s). */
  delayMs?: number;
  /** Minimum time between two lines of one transfer (default 5 s). */
  intervalMs?: number;
}

interface Transfer {
  start: number;
  last: number;
  printed: boolean;
}

const VERBS: Record<ProgressEvent['phase'], string> = {
  upload: 'Uploading',
  download: 'Downloading',
  compress: 'Compressing',
  extract: 'Extracting',
  cache: 'Restoring from the runner cache',
};

/** A ProgressFn printing a line per slow transfer every few seconds, and a last line when it ends. */
export function progressReporter(options: ProgressOptions): ProgressFn {
  const now = options.now ?? Date.now;
  const delay = options.delayMs ?? 3000;
  const interval = options.intervalMs ?? 5000;
  const transfers = new Map<string, Transfer>();
  return (e) => {
    const key = `${e.phase} ${e.digest}`;
    const t = now();
    let tr = transfers.get(key);
    if (!tr) {
      tr = { start: t, last: t, printed: false };
      transfers.set(key, tr);
    }
    const finished = e.total > 0 && e.done >= e.total;
    const elapsed = t - tr.start;
    if (finished) {
      transfers.delete(key);
      if (tr.printed) options.write(line(e, elapsed, true));
      return;
    }
    if (elapsed >= delay && (!tr.printed || t - tr.last >= interval)) {
      tr.printed = true;
      tr.last = t;
      options.write(line(e, elapsed, false));
    }
  };
}

function line(e: ProgressEvent, elapsedMs: number, done: boolean): string {
  const short = e.digest.length > 19 ? e.digest.slice(0, 19) : e.digest;
  const rate = elapsedMs > 0 ? `${formatBytes(Math.round((e.done * 1000) / elapsedMs))}/s` : '';
  if (done) return `${VERBS[e.phase]} ${short}: done, ${formatBytes(e.done)} in ${(elapsedMs / 1000).toFixed(1)} s (${rate})`;
  const pct = e.total > 0 ? `${Math.floor((e.done * 100) / e.total)}% ` : '';
  const of = e.total > 0 ? ` / ${formatBytes(e.total)}` : '';
  return `${VERBS[e.phase]} ${short}: ${pct}${formatBytes(e.done)}${of}, ${rate}`;
}
