/**
 * The job summary, in the style of docker's actions: a heading, a table of what was
 * built/pulled/pushed, `<details>` for the long parts (layers, metadata), then the runner
 * cache's statistics.
 */
import { appendSummary, debug, html } from './workflow.js';
import type { Result } from '../core/commands/types.js';
import type { CacheStats, SaveReport } from './cache.js';
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
  /** Post: what retention dropped and which other jobs' entries were merged. */
  save?: SaveReport;
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
      if (c.save?.merged.length) notes.push(`merged ${c.save.merged.map(code).join(', ')} (saved by other jobs since this one restored)`);
      if (c.save?.savedKey) notes.push(`saved as ${code(c.save.savedKey)}`);
      parts.push(html.raw(notes.join(' · ')));
      if (c.save) parts.push(renderRetention(c.save));
    }
  }
  return parts.join('');
}

/** Retention: the budget, then every dropped tag with why. */
function renderRetention(r: SaveReport): string {
  const p = r.policy;
  if (!p) return '';
  const out: string[] = [];
  const budget = p.maxBytes > 0 ? `${r.bytes !== undefined ? `~${formatBytes(r.bytes)} of ` : ''}cache-max-size ${formatBytes(p.maxBytes)}` : 'no cache-max-size';
  const age = p.days > 0 ? `retention-days ${p.days}` : 'no retention-days';
  const pins = p.pin.length > 0 ? `pinned ${p.pin.map(code).join(', ')}` : 'nothing pinned';
  out.push(html.raw(`Retention: ${budget} · ${age} · ${pins}${r.overBudget ? ' · <b>over budget</b>: only pinned tags and tags this job used are left' : ''}`));
  if (r.dropped.length > 0) {
    const day = 86_400_000;
    out.push(
      html.table([
        ['Dropped tag', 'Last used', 'Why'].map((h) => ({ data: h, header: true })),
        ...r.dropped.map((d) => [
          code(d.name),
          esc(new Date(d.lastUsed).toISOString().replace(/\.\d{3}Z$/, 'Z')),
          d.reason === 'unused'
            ? `unused for ${Math.floor((Date.now() - d.lastUsed) / day)} day(s) (retention-days ${p.days})`
            : `least recently used while over cache-max-size ${formatBytes(p.maxBytes)}`,
        ]),
      ]),
    );
  }
  return out.join('');
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
