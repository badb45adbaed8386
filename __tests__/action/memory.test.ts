import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gcPolicy } from '../../src/action/memory.js';
import { baseEnv, runStep } from '../harness/action.js';
import { built, NODE } from '../harness/build.js';
import { cleanup, tempDir } from '../core/tree-helpers.js';

const { collectGarbage, releaseHeap } = gcPolicy;

const held = (): number => process.memoryUsage().arrayBuffers;
const MiB = 1024 * 1024;

describe("the front ends' memory policy", () => {
  // Catches a collectGarbage that never collects (no gc(), or a budget far above 16 MiB).
  // Whether the buffers were collected is read from WeakRefs, not from the ArrayBuffer
  // counter: V8 frees backing stores on a background thread, so right after a collection
  // that counter may still include them (seen on a loaded machine).
  test('collectGarbage frees buffers once more than its budget has piled up', async () => {
    collectGarbage(); // may collect what is left from before (and forget its baseline) …
    collectGarbage(); // … so the baseline is noted here
    let piled: Buffer[] | undefined = Array.from({ length: 64 }, () => Buffer.alloc(MiB, 1));
    const refs = piled.map((b) => new WeakRef(b));
    expect(held()).toBeGreaterThanOrEqual(64 * MiB);
    // A WeakRef keeps its target alive until the current job ends: let it end first.
    await new Promise((resolve) => setImmediate(resolve));
    piled = undefined;
    collectGarbage();
    expect(refs.filter((r) => r.deref() !== undefined)).toHaveLength(0);
  });

  // Catches a collectGarbage that collects on every call (budget check dropped, inverted,
  // or a budget of 0): each such call costs ~40 ms on a 30k-file heap. Read from WeakRefs
  // too: the ArrayBuffer counter may still fall right after the baseline is noted, as the
  // previous test's buffers are freed on V8's background thread (seen in CI: 93 → 35 MB).
  test('collectGarbage leaves buffers alone below its budget', async () => {
    collectGarbage(); // may collect what is left from before (and forget its baseline) …
    await new Promise((resolve) => setTimeout(resolve, 50)); // … let a background free end …
    collectGarbage(); // … so the baseline is noted here
    let piled: Buffer[] | undefined = Array.from({ length: 8 }, () => Buffer.alloc(MiB, 1));
    const refs = piled.map((b) => new WeakRef(b));
    await new Promise((resolve) => setImmediate(resolve));
    piled = undefined;
    collectGarbage();
    // Not collected: the 8 MiB are garbage but still held.
    expect(refs.filter((r) => r.deref() !== undefined)).toHaveLength(8);
  });

  // Catches a releaseHeap that does nothing (or has no gc() to call).
  test('releaseHeap shrinks a heap grown by short-lived objects', () => {
    const grown = (): number => {
      const junk: object[] = [];
      for (let i = 0; i < 300_000; i++) junk.push({ i, s: `entry ${i}` });
      return junk.length;
    };
    expect(grown()).toBe(300_000);
    const before = process.memoryUsage().heapTotal;
    releaseHeap();
    expect(process.memoryUsage().heapTotal).toBeLessThan(before);
  });
});

describe('the action and the CLI install it', () => {
  let dir: string;
  let preload: string;
  beforeAll(async () => {
    dir = await tempDir('oci-memory-');
    await mkdir(join(dir, 'ws', 'tree'), { recursive: true });
    // Over one gzip block: the ingest asks the policy to collect at least once.
    await writeFile(join(dir, 'ws', 'tree', 'blob'), randomBytes(3 * MiB));
    // Reports at exit whether V8's gc() was exposed in this process (by the policy alone:
    // nothing else in the program sets the flag).
    preload = join(dir, 'preload.mjs');
    await writeFile(
      preload,
      "import { runInNewContext } from 'node:vm';\nprocess.on('exit', () => process.stderr.write(`\\ngc=${runInNewContext('typeof gc')}\\n`));\n",
    );
  });
  afterAll(async () => cleanup(dir));

  const withPreload = (): Record<string, string> => ({ NODE_OPTIONS: `--import=${pathToFileURL(preload).href}` });
  const gcLine = (stderr: string): string | undefined => /^gc=(\w+)$/m.exec(stderr)?.[1];

  test('the CLI: an ingest collects through the installed policy', async () => {
    const ws = join(dir, 'ws');
    const r = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
      const child = spawn(NODE, [built('src/cli.js'), 'ingest', '--layers', 'tree:/t', '--store', join(dir, 'cli-store')], {
        cwd: ws,
        env: { ...baseEnv(), ...withPreload() },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stderr }));
    });
    expect(r.code).toBe(0);
    expect(gcLine(r.stderr)).toBe('function');
  });

  test("the action's main step: an ingest collects through the installed policy", async () => {
    const ws = join(dir, 'ws');
    const r = await runStep('main', {
      inputs: { command: 'ingest', layers: 'tree:/t', store: join(dir, 'action-store'), cache: 'false' },
      env: { GITHUB_WORKSPACE: ws, ...withPreload() },
      cwd: ws,
    });
    expect(r.code).toBe(0);
    expect(gcLine(r.stderr)).toBe('function');
  });
});
