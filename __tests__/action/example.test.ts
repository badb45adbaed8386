/**
 * The README's first command (example/run.sh) works from a clone: it runs the action's
 * entry point three times on example/site with no registry and no cache service. Here it
 * runs the compiled entry point, or the bundle with OCI_STORE_TEST_BUNDLE=1.
 */
import { describe, expect, test, afterAll } from '@jest/globals';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NODE, ROOT } from '../harness/build.js';
import { baseEnv, stepScript } from '../harness/action.js';

let dir: string | undefined;
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('example/run.sh', () => {
  test('ingests, inspects and unpacks example/site; the unpacked tree equals the source', async () => {
    dir = await mkdtemp(join(tmpdir(), 'oci-store-example-'));
    const env = { ...baseEnv(), STORE: join(dir, 'store'), MAIN: stepScript('main'), NODE };
    const { code, stdout } = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
      // Its own process group, so a deadline kills the script and the step it runs.
      const child = spawn('sh', [join(ROOT, 'example', 'run.sh')], { env, stdio: ['ignore', 'pipe', 'inherit'], detached: true });
      const deadline = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 60_000);
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.on('close', (c) => {
        clearTimeout(deadline);
        resolve({ code: c, stdout: out });
      });
    });
    expect(code).toBe(0);
    expect(stdout).toMatch(/^digest: sha256:[0-9a-f]{64}$/m);
    expect(stdout).toContain('== the unpacked tree equals example/site');
    expect(stdout).not.toContain('::error::');
  });
});
