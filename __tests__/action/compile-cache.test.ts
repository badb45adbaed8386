/**
 * Node's compile cache at the entry points (src/action/compile-cache.ts): where it lives
 * (NODE_COMPILE_CACHE, else $RUNNER_TEMP/node-compile-cache), that a directory that cannot
 * be written is never an error, and that the action's steps and the CLI turn it on before
 * they load the rest of the program. Each case runs in a child: enabling the cache is
 * process-wide and must not touch the test runner.
 */
import { describe, expect, test, beforeAll, afterAll } from '@jest/globals';
import { execFile, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { baseEnv, runStep } from '../harness/action.js';
import { built, NODE } from '../harness/build.js';

let tmp: string;

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'oci-store-compile-cache-'));
});

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

/** Files under `dir`, recursively (none when it does not exist). */
async function files(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
  } catch {
    return [];
  }
}

/**
 * Run enableCompileCache in a child with `env`, then load a module, as an entry does;
 * returns what it answered and the child's stderr.
 */
async function enableIn(env: Record<string, string>): Promise<{ result: { status: string; directory?: string }; stderr: string }> {
  const script = `const { enableCompileCache } = await import(${JSON.stringify(join(process.cwd(), 'src/action/compile-cache.ts'))});
const result = enableCompileCache();
await import(${JSON.stringify(join(process.cwd(), 'src/core/errors.ts'))});
console.log(JSON.stringify(result));`;
  const { stdout, stderr } = await promisify(execFile)(NODE, ['--input-type=module', '-e', script], { env: { ...baseEnv(), ...env } });
  return { result: JSON.parse(stdout) as { status: string; directory?: string }, stderr };
}

describe('where the compile cache lives', () => {
  test('on a runner: $RUNNER_TEMP/node-compile-cache, filled with the code of the modules loaded after the call', async () => {
    const runnerTemp = join(tmp, 'runner-temp');
    await mkdir(runnerTemp);
    const { result, stderr } = await enableIn({ RUNNER_TEMP: runnerTemp });
    expect(result).toEqual({ status: 'ENABLED', directory: join(runnerTemp, 'node-compile-cache') });
    expect(stderr).toBe('');
    expect((await files(join(runnerTemp, 'node-compile-cache'))).length).toBeGreaterThan(0);
  });

  test('NODE_COMPILE_CACHE, when set, wins over RUNNER_TEMP (Node enabled it at start-up)', async () => {
    const chosen = join(tmp, 'chosen');
    const runnerTemp = join(tmp, 'runner-temp-unused');
    await mkdir(runnerTemp);
    const { result } = await enableIn({ NODE_COMPILE_CACHE: chosen, RUNNER_TEMP: runnerTemp });
    expect(result.status).toBe('ALREADY_ENABLED');
    expect(result.directory?.startsWith(chosen)).toBe(true);
    expect(await files(runnerTemp)).toEqual([]);
  });

  test('NODE_DISABLE_COMPILE_CACHE=1 turns it off: nothing is written', async () => {
    const runnerTemp = join(tmp, 'runner-temp-disabled');
    await mkdir(runnerTemp);
    const { result } = await enableIn({ RUNNER_TEMP: runnerTemp, NODE_DISABLE_COMPILE_CACHE: '1' });
    expect(result.status).toBe('DISABLED');
    expect(await files(runnerTemp)).toEqual([]);
  });

  test('a directory that cannot be created is no error: the program runs, nothing printed', async () => {
    const notADirectory = join(tmp, 'a-file');
    await writeFile(notADirectory, 'not a directory');
    const { result, stderr } = await enableIn({ RUNNER_TEMP: notADirectory });
    expect(result.status).toBe('FAILED');
    expect(stderr).toBe('');
  });
});

describe('the entry points enable it before the program loads its commands', () => {
  test("the action's main step fills $RUNNER_TEMP/node-compile-cache, and a second step runs from it", async () => {
    const runnerTemp = join(tmp, 'step-temp');
    await mkdir(runnerTemp);
    const store = join(tmp, 'step-store');
    const step = () => runStep('main', { inputs: { command: 'inspect', store, cache: 'false' }, env: { RUNNER_TEMP: runnerTemp } });
    const first = await step();
    expect(first.code).toBe(0);
    // What the step loads on demand (the command's modules; in the bundle, its chunks).
    expect((await files(join(runnerTemp, 'node-compile-cache'))).length).toBeGreaterThan(0);
    const second = await step();
    expect(second.code).toBe(0);
    expect(second.outputs['store']).toBe(first.outputs['store']);
  });

  // Node reports each module it compiles with the cache on (NODE_DEBUG_NATIVE=COMPILE_CACHE).
  // The program (run.ts and all it imports, @actions/core's HTTP client among them) must be
  // one of them: imported statically by the entry, it was compiled before the cache was on.
  test.each(['main', 'post'] as const)('the %s step compiles the program (run.ts) with the cache on', async (entry) => {
    const runnerTemp = join(tmp, `program-${entry}`);
    await mkdir(runnerTemp);
    const store = join(tmp, `program-${entry}-store`);
    const r = await runStep(entry, {
      inputs: { command: 'inspect', store, cache: 'false' },
      env: { RUNNER_TEMP: runnerTemp, NODE_DEBUG_NATIVE: 'COMPILE_CACHE' },
    });
    expect(r.code).toBe(0);
    const compiled = r.stderr.split('\n').filter((l) => l.startsWith('[compile cache]') && /for ESM file:/.test(l));
    expect(compiled.some((l) => /\/src\/action\/run\.js\b/.test(l))).toBe(true);
    expect(compiled.some((l) => new RegExp(`/src/action/${entry}-step\\.js\\b`).test(l))).toBe(true);
  });

  test('the CLI fills the cache directory too', async () => {
    const runnerTemp = join(tmp, 'cli-temp');
    await mkdir(runnerTemp);
    const store = join(tmp, 'cli-store');
    const child = spawn(NODE, [built('src/cli.js'), 'inspect', '--store', store], { env: { ...baseEnv(), RUNNER_TEMP: runnerTemp }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    expect(JSON.parse(stdout).store).toBe(store);
    expect((await files(join(runnerTemp, 'node-compile-cache'))).length).toBeGreaterThan(10);
  });
});
