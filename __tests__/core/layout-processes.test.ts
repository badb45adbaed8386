/**
 * The store across processes: SIGKILLed writers never leave it damaged, and parallel
 * writers never lose each other's tags.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Store } from '../../src/core/layout.js';
import { built, NODE } from '../harness/build.js';

const temps: string[] = [];
const children = new Set<ChildProcess>();
let CHILD: string;
beforeAll(() => {
  CHILD = built('__tests__/harness/store-child.js');
});
afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  for (const d of temps) await rm(d, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'oci-procs-'));
  temps.push(d);
  return d;
}

/** Run the child; `lines` fills with every complete stdout line. */
function startChild(args: string[]): { child: ChildProcess; lines: string[]; stderr: () => string; exit: Promise<{ code: number | null; signal: string | null }> } {
  const child = spawn(NODE, [CHILD, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  const lines: string[] = [];
  let partial = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => {
    partial += d;
    const parts = partial.split('\n');
    partial = parts.pop()!;
    lines.push(...parts);
  });
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exit = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    child.on('close', (code, signal) => {
      children.delete(child);
      resolve({ code, signal });
    }),
  );
  return { child, lines, stderr: () => err, exit };
}

async function waitFor(cond: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function allFiles(dir: string): Promise<string[]> {
  return (await readdir(dir, { withFileTypes: true, recursive: true })).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

describe('crash safety', () => {
  test('SIGKILL at random points, 24 times: verify is clean, no partial blob, every printed tag survives', async () => {
    const root = join(await tempDir(), 'store');
    const committed = new Map<string, string>();
    const KILLS = 24;
    const deadline = Date.now() + 60_000;
    let kills = 0;
    while (kills < KILLS && Date.now() < deadline) {
      const run = startChild(['crash', root]);
      try {
        await waitFor(() => run.lines.includes('READY'), 10_000);
      } catch {
        throw new Error(`child did not start: ${run.stderr()}`);
      }
      // Every other child is let commit once first, so the tags checked below are never
      // few however slow the machine; then random points: right after start, mid-ingest,
      // mid-index-update, mid-gc.
      if (kills % 2 === 1) await waitFor(() => run.lines.some((l) => l.startsWith('TAGGED ')), 10_000);
      await new Promise((r) => setTimeout(r, Math.random() * 300));
      run.child.kill('SIGKILL');
      const { signal, code } = await run.exit;
      // A child that failed on its own (not killed) is a store bug.
      expect(run.stderr()).toBe('');
      expect(signal ?? `exit ${code}`).toBe('SIGKILL');
      kills++;
      for (const l of run.lines) {
        const m = /^TAGGED (\S+) (\S+)$/.exec(l);
        if (m) committed.set(m[1]!, m[2]!);
      }
    }
    expect(kills).toBe(KILLS);
    expect(committed.size).toBeGreaterThanOrEqual(KILLS / 2);

    const store = await Store.open(root, { create: false });
    const report = await store.verify();
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    // Nothing but digest-named, verified blobs under blobs/.
    expect(await store.blobs.strayFiles()).toEqual([]);
    const names = (await allFiles(join(root, 'blobs'))).map((p) => p.slice(root.length + 1));
    expect(names.every((n) => /^blobs\/sha256\/[0-9a-f]{64}$/.test(n))).toBe(true);
    expect(names.length).toBe(report.checkedBlobs);
    for (const [ref, digest] of committed) expect((await store.resolve(ref)).digest).toBe(digest);
    // Whatever the kills left in ingest/ and the root is swept as stale.
    await store.gc({ staleIngestMs: 0 });
    expect(await store.blobs.listStatuses()).toEqual([]);
    expect((await readdir(root)).filter((n) => !['blobs', 'ingest', 'index.json', 'oci-layout'].includes(n))).toEqual([]);
    expect((await store.verify()).ok).toBe(true);
    for (const [ref, digest] of committed) expect((await store.resolve(ref)).digest).toBe(digest);
  }, 90_000);
});

describe('concurrency', () => {
  test('8 processes × 25 tag operations on one new store: all 200 tags present', async () => {
    const root = join(await tempDir(), 'store');
    const runs = Array.from({ length: 8 }, (_, id) => startChild(['tagger', root, String(id), '25']));
    const exits = await Promise.all(runs.map((r) => r.exit));
    for (const [i, e] of exits.entries()) expect({ id: i, code: e.code, stderr: runs[i]!.stderr() }).toEqual({ id: i, code: 0, stderr: '' });
    const expected = new Map<string, string>();
    for (const r of runs) {
      for (const l of r.lines) {
        const [, ref, digest] = l.split(' ');
        expected.set(ref!, digest!);
      }
    }
    expect(expected.size).toBe(200);
    const store = await Store.open(root, { create: false });
    const tags = await store.listTags();
    expect(tags).toHaveLength(200);
    for (const t of tags) expect(t.descriptor.digest).toBe(expected.get(t.ref));
    expect((await store.verify()).ok).toBe(true);
  }, 60_000);
});
