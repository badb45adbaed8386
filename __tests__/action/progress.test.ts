/** Progress lines: silent for quick transfers, periodic for slow ones, a last line when a slow one ends. */
import { describe, expect, test } from '@jest/globals';
import { progressReporter } from '../../src/action/progress.js';

describe('progressReporter', () => {
  const digest = `sha256:${'ab'.repeat(32)}`;

  test('a transfer done within the quiet period prints nothing', () => {
    let now = 0;
    const lines: string[] = [];
    const report = progressReporter({ write: (l) => lines.push(l), now: () => now });
    report({ digest, done: 0, total: 100, phase: 'upload' });
    now = 2000;
    report({ digest, done: 50, total: 100, phase: 'upload' });
    report({ digest, done: 100, total: 100, phase: 'upload' });
    expect(lines).toEqual([]);
  });

  test('a slow transfer prints after 3 s, then at most every 5 s, then once when done', () => {
    let now = 0;
    const lines: string[] = [];
    const report = progressReporter({ write: (l) => lines.push(l), now: () => now });
    const total = 10_000_000;
    for (let t = 0; t <= 12_000; t += 500) {
      now = t;
      report({ digest, done: Math.round((total * t) / 13_000), total, phase: 'download' });
    }
    now = 13_000;
    report({ digest, done: total, total, phase: 'download' });
    // At 3 s and 8 s (not 5 s apart yet at 12 s), then the last line.
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^Downloading sha256:abababababab: 23% 2\.31 MB \/ 10\.0 MB, 769 kB\/s$/);
    expect(lines[1]).toMatch(/: 61% /);
    expect(lines[lines.length - 1]).toMatch(/done, 10\.0 MB in 13\.0 s/);
  });

  test('transfers of different blobs and phases are tracked apart', () => {
    let now = 0;
    const lines: string[] = [];
    const report = progressReporter({ write: (l) => lines.push(l), now: () => now, delayMs: 1000, intervalMs: 1000 });
    report({ digest, done: 0, total: 10, phase: 'upload' });
    report({ digest, done: 0, total: 10, phase: 'compress' });
    now = 1500;
    report({ digest, done: 5, total: 10, phase: 'upload' });
    report({ digest, done: 5, total: 10, phase: 'compress' });
    expect(lines.map((l) => l.split(' ')[0])).toEqual(['Uploading', 'Compressing']);
  });
});
