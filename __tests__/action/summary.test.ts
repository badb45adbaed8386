/** The job summary: heading, table, pushed refs, <details> for layers and metadata, cache statistics. */
import { describe, expect, test } from '@jest/globals';
import { renderSummary } from '../../src/action/summary.js';
import { emptyStats } from '../../src/action/cache.js';
import type { Result } from '../../src/core/commands/types.js';

const digest = `sha256:${'1'.repeat(64)}`;
const layer = `sha256:${'2'.repeat(64)}`;
const result: Result = {
  digest,
  tags: ['ghcr.io/o/app:1', 'app:<script>'],
  store: '/home/runner/.cache/oci-store',
  metadata: {
    digest,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    size: 512,
    platform: 'linux/amd64',
    layers: [{ digest: layer, size: 2_500_000, mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip' }],
    pushed: [{ ref: 'ghcr.io/o/app:1', digest, uploaded: 2, skipped: 1, mounted: 0, uploadedBytes: 2_500_900 }],
    store: '/home/runner/.cache/oci-store',
  },
};

describe('renderSummary', () => {
  test('what was built and pushed, in a heading, tables and details', () => {
    const html = renderSummary({ command: 'ingest', result });
    expect(html).toContain('<h2>oci-store ingest</h2>');
    expect(html).toContain(`<code>${digest}</code>`);
    expect(html).toContain('linux/amd64');
    expect(html).toContain('2.50 MB in 1 layer(s)');
    expect(html).toMatch(/<h3>Pushed<\/h3>/);
    expect(html).toMatch(/<td><code>ghcr.io\/o\/app:1<\/code><\/td><td><code>sha256:111111111111<\/code><\/td><td>2<\/td><td>1<\/td><td>0<\/td><td>2.50 MB<\/td>/);
    expect(html).toContain('<summary>Layers (1)</summary>');
    expect(html).toContain('<summary>metadata output</summary>');
    // Values are escaped.
    expect(html).toContain('app:&lt;script&gt;');
    expect(html).not.toContain('<script>');
  });

  test('cache statistics: restored and saved entries and bytes', () => {
    const stats = { ...emptyStats(), restoredEntries: 3, restoredBytes: 4_200_000, savedEntries: 1, savedBytes: 1_000, evicted: 1 };
    const html = renderSummary({ command: 'unpack', cache: { scope: 'job', hit: true, stats } });
    expect(html).toContain('<h3>Runner cache (this job)</h3>');
    expect(html).toMatch(/<td>Restored<\/td><td>3<\/td><td>4.20 MB<\/td>/);
    expect(html).toMatch(/<td>Saved<\/td><td>1<\/td><td>1.00 kB<\/td>/);
    expect(html).toContain('cache-hit: <code>true</code>');
    expect(html).toContain('1 blob(s) had been evicted');
  });

  test('a cache that is off says why', () => {
    expect(renderSummary({ command: 'inspect', cache: { scope: 'step', off: 'no cache service' } })).toContain('Off: no cache service.');
  });
});
