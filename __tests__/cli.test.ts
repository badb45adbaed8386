/**
 * The CLI through its compiled entry point: every input a flag, outputs one JSON object
 * on stdout, errors one line on stderr, exit codes 0/1 (130 on Ctrl-C).
 */
import { describe, expect, test, beforeAll, afterAll } from '@jest/globals';
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { built, NODE } from './harness/build.js';
import { baseEnv } from './harness/action.js';
import { freePort } from './harness/cache-service.js';
import { parseArgv, resultJSON } from '../src/cli.js';
import { isOciError } from '../src/core/errors.js';
import { Store } from '../src/core/layout.js';
import { createServer, type AddressInfo, type Socket } from 'node:net';

let ws: string;

beforeAll(async () => {
  ws = await mkdtemp(join(tmpdir(), 'oci-store-cli-test-'));
  await mkdir(join(ws, 'site'), { recursive: true });
  await writeFile(join(ws, 'site', 'index.html'), '<h1>cli</h1>\n');
});

afterAll(async () => {
  await rm(ws, { recursive: true, force: true });
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(
  args: string[],
  env: Record<string, string> = {},
  onStderr?: (text: string, kill: (sig: NodeJS.Signals) => void) => void,
  onSpawn?: (kill: (sig: NodeJS.Signals) => void) => void,
): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(NODE, [built('src/cli.js'), ...args], { cwd: ws, env: { ...baseEnv(), ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    onSpawn?.((sig) => child.kill(sig));
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      onStderr?.(stderr, (sig) => child.kill(sig));
    });
    const t = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('close', (code) => {
      clearTimeout(t);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('argv', () => {
  test('a positional command, --flag value, --flag=value, repeated list flags, bare booleans', () => {
    const { raw } = parseArgv(['ingest', '--layers', 'a:/a', '--layers=b:/b', '--tags', 'x:1', '--tags', 'x:2', '--push', '--store', '/s']);
    expect(raw).toEqual({ command: 'ingest', layers: 'a:/a\nb:/b', tags: 'x:1\nx:2', push: 'true', store: '/s' });
  });

  test.each([
    [['ingest', '--nope', '1'], 'nope'],
    [['ingest', '--store'], 'store'],
    [['ingest', '--store', 'a', '--store', 'b'], 'store'],
    [['ingest', 'stray'], 'command'],
  ])('%j is refused, naming %s', (argv, input) => {
    let err: unknown;
    try {
      parseArgv(argv);
    } catch (e) {
      err = e;
    }
    expect(isOciError(err, 'INVALID_INPUT')).toBe(true);
    expect((err as { input?: string }).input).toBe(input);
  });

  test.each([
    [['ingest', '-x'], 'x'],
    [['ingest', '--store', '--push'], 'store'],
    [['ingest', '--command', 'pull'], 'command'],
    [['ingest', '--help=yes'], 'help'],
    [['inspect', '--detach'], 'detach'],
  ])('parseArgs (strict): %j is refused with one error naming %s', (argv, input) => {
    let err: unknown;
    try {
      parseArgv(argv);
    } catch (e) {
      err = e;
    }
    expect(isOciError(err, 'INVALID_INPUT')).toBe(true);
    expect((err as { input?: string }).input).toBe(input);
  });

  test('parseArgs: a value may start with - when written --flag=value; --push false keeps its value; serve takes --detach; help three ways', () => {
    expect(parseArgv(['ingest', '--cmd=--verbose', '--push', 'false', '--cache=false']).raw).toEqual({ command: 'ingest', cmd: '--verbose', push: 'false', cache: 'false' });
    expect(parseArgv(['ingest', '--push', '--cache']).raw).toEqual({ command: 'ingest', push: 'true', cache: 'true' });
    expect(parseArgv(['serve', '--detach', '--port', '5001'])).toEqual({ raw: { command: 'serve', port: '5001' }, help: false, detach: true });
    for (const argv of [['--help'], ['-h'], ['help'], ['ingest', '--help']]) expect(parseArgv(argv).help).toBe(true);
  });

  test('the JSON of a result holds the outputs and leaves out what is absent', () => {
    expect(resultJSON({ tags: ['a:1'], store: '/s' })).toEqual({ tags: ['a:1'], store: '/s' });
  });
});

describe('the command line', () => {
  test('--help prints the usage and every flag', async () => {
    const r = await cli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: oci-store <command>');
    for (const flag of ['--layers', '--github-token', '--cache-key', '--artifact-type']) expect(r.stdout).toContain(flag);
  });

  test('ingest → unpack → inspect: one JSON object on stdout each, logs on stderr', async () => {
    const store = join(ws, 'store');
    const ing = await cli(['ingest', '--layers', 'site:/srv', '--tags', 'site:1', '--store', store]);
    expect(ing.code).toBe(0);
    expect(ing.stdout.trim().split('\n')).toHaveLength(1);
    const out = JSON.parse(ing.stdout) as { digest: string; tags: string[]; metadata: { layers: unknown[] }; store: string };
    expect(out.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(out.tags).toEqual(['site:1']);
    expect(out.store).toBe(store);
    expect(out.metadata.layers).toHaveLength(1);

    const un = await cli(['unpack', '--ref', 'site:1', '--path', 'out', '--store', store]);
    expect(un.code).toBe(0);
    expect(JSON.parse(un.stdout).digest).toBe(out.digest);
    expect(await readFile(join(ws, 'out', 'srv', 'index.html'), 'utf8')).toBe('<h1>cli</h1>\n');

    const ins = await cli(['inspect', '--ref', 'site:1', '--store', store]);
    expect(ins.code).toBe(0);
    expect(JSON.parse(ins.stdout).digest).toBe(out.digest);
  });

  test.each([
    [['frob'], 'command'],
    [['ingest', '--layers', 'nothing-here:/x', '--store', 'store'], 'layers'],
    [['ingest', '--layers', 'site:/srv', '--push', '--store', 'store'], 'tags'],
    [['unpack', '--ref', 'Bad Ref', '--path', 'o'], 'ref'],
    [['ingest', '--bogus', 'x'], 'bogus'],
  ])('%j fails: one line on stderr naming %s, nothing on stdout, exit 1', async (args, input) => {
    const r = await cli(args);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines[lines.length - 1]).toMatch(new RegExp(`^oci-store: ${input}: .+\\. .+\\.$`));
    expect(r.stderr).not.toMatch(/^\s+at .+:\d+:\d+/m);
  });

  test('Ctrl-C stops a running command cleanly with exit code 130', async () => {
    // A registry that accepts connections and never answers: the pull is running, not done.
    const sockets: Socket[] = [];
    const silent = createServer((s) => sockets.push(s));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as AddressInfo).port;
    const store = join(ws, 'cancel-store');
    await Store.open(store);
    const before = await readFile(join(store, 'index.json'), 'utf8');
    let kill!: (sig: NodeJS.Signals) => void;
    let sent = false;
    silent.on('connection', () => {
      if (!sent) {
        sent = true;
        kill('SIGINT');
      }
    });
    try {
      const r = await cli(['pull', '--ref', `127.0.0.1:${port}/app:1`, '--store', store], {}, undefined, (k) => (kill = k));
      expect(sent).toBe(true);
      expect(r.code).toBe(130);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^oci-store: interrupted/m);
      expect(await readFile(join(store, 'index.json'), 'utf8')).toBe(before);
      expect((await (await Store.open(store, { create: false })).verify()).ok).toBe(true);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise((r) => silent.close(r));
    }
  });

  test('Ctrl-C stops serve, whose normal end it is: exit 0, its JSON printed once it listened', async () => {
    const port = await freePort();
    let sent = false;
    const r = await cli(['serve', '--port', String(port), '--store', join(ws, 'serve-store')], {}, (text, kill) => {
      if (!sent && text.includes(`127.0.0.1:${port}`)) {
        sent = true;
        kill('SIGINT');
      }
    });
    expect(sent).toBe(true);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ registry: `127.0.0.1:${port}`, store: join(ws, 'serve-store') });
    expect(r.stderr).not.toMatch(/^oci-store: /m);
  });
});
