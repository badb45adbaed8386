/**
 * `node bench/run.mjs --check`: the exit code and the table follow the results against
 * their targets and the required margin. The benches here are stand-ins that record
 * fixed results (no timing: the check's logic is what is under test).
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { NODE } from '../harness/build.js';

const RUN = resolve('bench', 'run.mjs');
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bench-check-'));
  // Records the results given in FAKE_RESULTS, as compare()/single()/bound() would.
  await writeFile(join(dir, 'fake.bench.mjs'), 'export default async function ({ results }) {\n  results.push(...JSON.parse(process.env.FAKE_RESULTS));\n}\n');
  await writeFile(join(dir, 'broken.bench.mjs'), "export default async function () {\n  throw new Error('the peer is not installed');\n}\n");
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A compare() result: `ratio` of ours over the peer's median time. */
const pair = (name: string, ratio: number, target: number, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  name,
  peer: 'skopeo',
  oursMs: 100 * ratio,
  peerMs: 100,
  ratio,
  spread: [ratio * 0.97, ratio * 1.04],
  runs: 3,
  target,
  oursRssMB: 90,
  peerRssMB: 20,
  rssLimitMB: 150,
  ok: ratio <= target,
  ...extra,
});

function check(results: unknown[], ...args: string[]): { code: number | null; out: string } {
  const r = spawnSync(NODE, [RUN, '--check', '--dir', dir, ...args, 'fake'], {
    env: { ...process.env, FAKE_RESULTS: JSON.stringify(results) },
    encoding: 'utf8',
  });
  return { code: r.status, out: r.stdout + r.stderr };
}

describe('run.mjs --check', () => {
  test('every target met with the margin: exit 0, one table with the conditions', () => {
    const { code, out } = check([pair('pull, umoci image', 0.7, 0.9), { name: 'cold start', oursMs: 150, spreadMs: [140, 170], runs: 9, targetMs: 300, oursRssMB: 60, ok: true }]);
    expect(code).toBe(0);
    expect(out).toMatch(/\d+ cores/);
    expect(out).toContain(`node ${process.version}`);
    expect(out).toMatch(/\| pull, umoci image \| skopeo \| 0\.70 \(70\/100 ms\) \| 0\.68–0\.73 \| ≤ 0\.9×, RSS ≤ 150 \| 22% \| 90 \| yes \|/);
    expect(out).toMatch(/\| cold start \|  \| 150 ms \| 140–170 ms \| ≤ 300 ms \| 50% \| 60 \| yes \|/);
    expect(out).toContain('every target met with at least 10% to spare');
  });

  test('a missed ratio: exit 1, the row marked MISS and named', () => {
    const { code, out } = check([pair('pull, umoci image', 0.7, 0.9), pair('push, skopeo image', 1.2, 0.9)]);
    expect(code).toBe(1);
    expect(out).toMatch(/\| push, skopeo image \|.*\| −33% \| 90 \| MISS \|/);
    expect(out).toContain('1 target(s) missed (margin < 10%): push, skopeo image');
  });

  test('met by less than the margin is missed; --margin 0 holds to the bare target', () => {
    const thin = [pair('unpack vs tar -xzf', 0.95, 1.0)];
    expect(check(thin).code).toBe(1);
    expect(check(thin, '--margin', '0.05').code).toBe(0);
    expect(check(thin, '--margin=0').code).toBe(0);
  });

  test('peak RSS over its ceiling fails a fast result', () => {
    const { code, out } = check([pair('pull 1 GB layer', 0.5, 1.0, { oursRssMB: 160 })]);
    expect(code).toBe(1);
    expect(out).toMatch(/\| pull 1 GB layer \|.*\| −7% \(RSS\) \| 160 \| MISS \|/);
  });

  test('a size bound (layer size vs umoci) must be met, with no margin (sizes are not noisy)', () => {
    const size = (value: number): Record<string, unknown> => ({ name: 'layer size gzip, binaries', peer: 'umoci', value, spread: [value, value], runs: 1, limit: 1.05, unit: '×', ok: value <= 1.05 });
    expect(check([size(1.08)]).code).toBe(1);
    expect(check([size(1.04)]).code).toBe(0);
  });

  test('a result without numbers (a failed measurement) never passes', () => {
    expect(check([pair('serve, 45 layers', Number.NaN, 1.0)]).code).toBe(1);
  });

  test('a bench that throws fails the check even when every recorded target is met', () => {
    const r = spawnSync(NODE, [RUN, '--check', '--dir', dir, 'fake', 'broken'], {
      env: { ...process.env, FAKE_RESULTS: JSON.stringify([pair('pull', 0.5, 1.0)]) },
      encoding: 'utf8',
    });
    expect(r.status).toBe(1);
    expect(r.stdout + r.stderr).toContain('the peer is not installed');
    expect(r.stdout).toContain('1 bench(es) failed to run');
  });

  test('a floor beside the target it bounds: out of reach when the target with the margin is under it; still a miss', () => {
    const floor = (name: string, ratio: number, bounds: string): Record<string, unknown> => ({ ...pair(name, ratio, 1), target: undefined, rssLimitMB: undefined, ok: true, bounds });
    const { code, out } = check([
      pair('push umoci image', 0.95, 0.9),
      floor('registry floor: curl -T of the layer', 0.88, 'push umoci image'),
      pair('pull skopeo image', 0.85, 0.9),
      floor('registry floor: curl of every blob', 0.45, 'pull skopeo image'),
    ]);
    expect(code).toBe(1);
    expect(out).toMatch(/\| registry floor: curl -T of the layer \| skopeo \| 0\.88 .*\|  \| 90 \| — \|/);
    expect(out).toContain('- push umoci image: asks ≤ 0.81× with the margin, at 0.95×; its floor (registry floor: curl -T of the layer) is 0.88×: out of reach here');
    expect(out).toContain('- pull skopeo image: asks ≤ 0.81× with the margin, at 0.85×; its floor (registry floor: curl of every blob) is 0.45×: within reach');
    expect(out).toContain('2 target(s) missed (margin < 10%): push umoci image; pull skopeo image');
    expect(out).toContain('1 of them under a floor no tool goes under here: push umoci image');
  });

  test('the scratch file system is named in the conditions; a bad --scratch is refused with the fix', () => {
    // A --dir run keeps the disk as it is (no mount): its line names the file system.
    expect(check([pair('pull', 0.5, 1.0)]).out).toMatch(/^- scratch: /m);
    const r = spawnSync(NODE, [RUN, '--check', '--scratch', 'tmpfs', '--dir', dir, 'fake'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--scratch tmpfs: give auto (a journaled ext4 where the disk has none) or disk');
  });

  test('a bad --margin is refused with the fix', () => {
    const r = spawnSync(NODE, [RUN, '--check', '--margin', '10', '--dir', dir, 'fake'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--margin 10: give a fraction between 0 and 1');
  });
});
