/**
 * bench/ab.mjs, the before/after comparison of two builds, and the CPU time measure()
 * reports for it. Run on the real CLI bundle (dist/) as both builds, on the cheapest work
 * (a cold start), with one pair: what is under test is the comparison and its table, not
 * the numbers.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { NODE } from '../harness/build.js';

const AB = resolve('bench', 'ab.mjs');
const DIST = resolve('dist');
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bench-ab-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function ab(...args: string[]): { code: number | null; out: string } {
  const r = spawnSync(NODE, [AB, ...args], { encoding: 'utf8', env: { ...process.env, BENCH_RUNS: undefined } });
  return { code: r.status, out: r.stdout + r.stderr };
}

describe('measure()', () => {
  test('reports CPU time apart from wall time', async () => {
    const { measure } = (await import(pathToFileURL(resolve('bench/lib/measure.mjs')).href)) as {
      measure: (cmd: { argv: string[] }) => Promise<{ ms: number; cpuMs: number; rssMB: number }>;
    };
    // Asleep for 400 ms: wall time, hardly any CPU.
    const idle = await measure({ argv: [NODE, '-e', 'setTimeout(() => {}, 400)'] });
    expect(idle.ms).toBeGreaterThanOrEqual(400);
    expect(idle.cpuMs).toBeLessThan(idle.ms - 200);
    // Busy for 400 ms of its own CPU time: at least that much CPU, whatever the machine's load.
    const busy = await measure({ argv: [NODE, '-e', 'const t = process.cpuUsage(); while ((process.cpuUsage(t).user) < 400e3);'] });
    expect(busy.cpuMs).toBeGreaterThanOrEqual(390);
    expect(busy.rssMB).toBeGreaterThan(10);
  });
});

describe('cpuFloor()', () => {
  test("sums its parts' CPU time over the cores beside the peer's wall time, as a row without a target", async () => {
    const { cpuFloor } = (await import(pathToFileURL(resolve('bench/lib/measure.mjs')).href)) as {
      cpuFloor: (o: unknown) => Promise<{ oursMs: number; peerMs: number; ratio: number; partsCpuMs: number[]; target?: number; ok: boolean; peer: string }>;
    };
    const cores = cpus().length;
    const r = await cpuFloor({
      name: 'floor under test',
      peerName: 'sleep',
      parts: [
        // At least 300 ms of CPU, measured from outside (user + system of the process)...
        { cmd: { argv: [NODE, '-e', 'const t = process.cpuUsage(); while ((process.cpuUsage(t).user) < 300e3);'] } },
        // ...and 1000 ms as the part itself reports it.
        { cmd: { argv: [NODE, '-e', 'console.log(JSON.stringify({ cpuMs: 1000 }))'], quiet: false }, cpu: (x: { stdout: string }) => JSON.parse(x.stdout).cpuMs },
      ],
      peer: { argv: ['sleep', '0.5'] },
      runs: 1,
      warmup: false, // no page cache dropped by a test
    });
    expect(r.partsCpuMs[0]).toBeGreaterThanOrEqual(300);
    expect(r.partsCpuMs[1]).toBe(1000);
    expect(r.oursMs).toBeCloseTo((r.partsCpuMs[0]! + 1000) / cores, 6);
    expect(r.peerMs).toBeGreaterThanOrEqual(500);
    expect(r.ratio).toBeCloseTo(r.oursMs / r.peerMs, 6);
    expect(r.peer).toBe('sleep');
    expect(r.target).toBeUndefined();
    expect(r.ok).toBe(true);
  });
});

describe('bench/ab.mjs', () => {
  test('two builds, alternating pairs: one table row per work with both builds\' CPU medians and peak RSS', () => {
    const { code, out } = ab('--before', DIST, '--after', DIST, '--runs', '1', '--match', 'CLI cold start', 'coldstart');
    expect(out).toContain(`before: ${DIST}`);
    expect(out).toContain('| work | before CPU ms median (min–max) | after CPU ms median (min–max) | after/before | wall ms before / after | peak RSS MB before / after |');
    expect(out).toMatch(/\| CLI cold start: inspect, empty store \| \d+ \(\d+–\d+\) \| \d+ \(\d+–\d+\) \| \d+\.\d\d \| \d+ \/ \d+ \| \d+ \/ \d+ \|/);
    // --match left the action's cold start out.
    expect(out).not.toContain('| action cold start');
    expect(code).toBe(0);
  });

  test('a work the before build cannot run is skipped with the reason, not failed', async () => {
    // A build of a CLI that knows no 'inspect' and has no action entry.
    const old = join(dir, 'old');
    await mkdir(join(old, 'cli'), { recursive: true });
    await writeFile(join(old, 'cli', 'index.js'), "console.log('Commands: ingest, unpack\\nFlags: --store --layers');\n");
    const { code, out } = ab('--before', old, '--after', DIST, '--runs', '1', 'coldstart');
    expect(out).toContain("CLI cold start: inspect, empty store: skipped, before build has no 'inspect' command");
    expect(out).toContain('action cold start: skipped, the before build has no main/index.js');
    expect(out).not.toMatch(/^\| CLI cold start/m);
    expect(code).toBe(0);
  });

  test.each([
    [['--runs', '0'], /--runs 0: give a whole number of pairs, 1 or more/],
    [['--match', '('], /--match \(: not a regular expression/],
    [['--after', DIST, '--after-commit', 'HEAD'], /give --after or --after-commit, not both/],
    [['pushes'], /unknown argument pushes/],
    [['--before-commit', 'no-such-commit'], /--before-commit no-such-commit: not a commit of this repository \(find one with git log/],
    [['--before', join('/nonexistent', 'dist')], /before: \/nonexistent\/dist\/cli\/index\.js is missing \(give the dist\/ directory, holding cli\/ and main\/\)/],
  ])('refuses %j, naming the fix (exit 2)', (args, message) => {
    // An --after given, so that nothing is bundled before the check refuses.
    const { code, out } = ab(...args, ...(args.includes('--after') ? [] : ['--after', DIST]));
    expect(out).toMatch(message);
    expect(code).toBe(2);
  });
});
