/**
 * The job summary, in the style of docker's actions: a heading, a table of what was
 * built/pulled/pushed, `<details>` for the long parts (layers, metadata), then the runner
 * cache's statistics.
 */
import { appendSummary, debug, html } from './workflow.js';
import type { Result } from '../core/commands/types.js';
import type { CacheStats } from './cache.js';
import { formatBytes, shortDigest } from './format.js';

/** The runner cache as the summary reports it. */
export interface CacheSummary {
  /** Why the cache is off, when it is. */
  off?: string;
  /** The store's index was restored from the cache. */
  hit?: boolean;
  /** This step's (main) or the job's (post) statistics. */
  stats?: CacheStats;
  /** `main` reports a step, `post` the job's totals. */
  scope: 'step' | 'job';
}

/** What one step did. */
export interface SummaryInput {
  command: string;
  result?: Result;
  cache?: CacheSummary;
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '&#124;');
const code = (s: string): string => `<code>${esc(s)}</code>`;

/** Render the summary as the HTML/Markdown that GITHUB_STEP_SUMMARY takes. */
export function renderSummary(input: SummaryInput): string {
  const parts: string[] = [];
  const r = input.result;
  if (r) {
    parts.push(html.heading(`oci-store ${esc(input.command)}`, 2));
    const m = r.metadata;
    const rows: string[][] = [];
    if (r.tags.length > 0) rows.push(['Tags', r.tags.map(code).join('<br>')]);
    if (r.digest) rows.push(['Digest', code(r.digest)]);
    if (m) {
      rows.push(['Media type', code(m.mediaType)]);
      if (m.platform !== undefined) rows.push(['Platform', (Array.isArray(m.platform) ? m.platform : [m.platform]).map(esc).join(', ')]);
      const layerBytes = m.layers.reduce((n, l) => n + l.size, 0);
      rows.push(['Size', `${formatBytes(layerBytes)} in ${m.layers.length} layer(s); manifest ${formatBytes(m.size)}`]);
    }
    if (r.registry) rows.push(['Registry', code(r.registry)]);
    rows.push(['Store', code(r.store)]);
    parts.push(html.table(rows.map(([k, v]) => [{ data: k!, header: true }, v!])));
    if (m && m.pushed.length > 0) {
      parts.push(html.heading('Pushed', 3));
      parts.push(
        html.table([
          ['Ref', 'Digest', 'Layers uploaded', 'Skipped (present)', 'Mounted', 'Bytes sent'].map((h) => ({ data: h, header: true })),
          ...m.pushed.map((p) => [
            code(p.ref),
            code(shortDigest(p.digest)),
            String(p.uploaded),
            String(p.skipped),
            String(p.mounted),
            p.uploadedBytes === undefined ? '' : formatBytes(p.uploadedBytes),
          ]),
        ]),
      );
    }
    if (m && m.layers.length > 0) {
      const table = [
        '<table><tr><th>#</th><th>Digest</th><th>Media type</th><th>Size</th></tr>',
        ...m.layers.map((l, i) => `<tr><td>${i + 1}</td><td>${code(l.digest)}</td><td>${code(l.mediaType)}</td><td>${formatBytes(l.size)}</td></tr>`),
        '</table>',
      ].join('');
      parts.push(html.details(`Layers (${m.layers.length})`, `\n\n${table}\n\n`));
    }
    if (m) parts.push(html.details('metadata output', `\n\n<pre lang="json"><code>${esc(JSON.stringify(m, null, 2))}</code></pre>\n\n`));
    else if (r.details && Object.keys(r.details).length > 0) {
      parts.push(html.details('Details', `\n\n<pre lang="json"><code>${esc(JSON.stringify(r.details, null, 2))}</code></pre>\n\n`));
    }
  }
  const c = input.cache;
  if (c) {
    parts.push(html.heading(c.scope === 'job' ? 'Runner cache (this job)' : 'Runner cache', 3));
    if (c.off) {
      parts.push(html.raw(`Off: ${esc(c.off)}.`));
    } else {
      const st = c.stats;
      if (st) {
        parts.push(
          html.table([
            ['Runner cache', 'Entries', 'Bytes'].map((h) => ({ data: h, header: true })),
            ['Restored', String(st.restoredEntries), formatBytes(st.restoredBytes)],
            ['Saved', String(st.savedEntries), formatBytes(st.savedBytes)],
          ]),
        );
      }
      const notes = [`cache-hit: <code>${c.hit ? 'true' : 'false'}</code>`];
      if (st && st.evicted > 0) notes.push(`${st.evicted} blob(s) had been evicted from the cache`);
      if (st && st.failures > 0) notes.push(`${st.failures} cache call(s) failed (warnings above; the job went on without the cache)`);
      parts.push(html.raw(notes.join(' · ')));
    }
  }
  return parts.join('');
}

/** Append to the job summary; a no-op outside a runner (no GITHUB_STEP_SUMMARY). Never throws. */
export async function writeSummary(text: string, env: Record<string, string | undefined> = process.env): Promise<void> {
  if (!env['GITHUB_STEP_SUMMARY'] || text.trim() === '') return;
  try {
    await appendSummary(text, env);
  } catch (err) {
    debug(`job summary not written: ${err instanceof Error ? err.message : String(err)}`);
  }
}
