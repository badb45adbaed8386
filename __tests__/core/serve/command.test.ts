/**
 * `command: serve` as a process: the detached child (started the way the action's main
 * starts it), readiness, a port in use, graceful stop with an upload in flight, and a kill
 * in the middle of a chunked upload — after which the store verifies clean and the upload
 * resumes.
 */
import { describe, expect, test, beforeAll, afterAll } from '@jest/globals';
import { createServer, type Server } from 'node:net';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { built } from '../../harness/build.js';
import { execute } from '../../../src/core/commands/index.js';
import { runServer } from '../../../src/core/commands/serve.js';
import { processRunning, SERVE_ENTRY_ENV, startDetached, stopServer, type DetachedServer } from '../../../src/core/serve/detached.js';
import { SERVE_CHILD_ENV, type ServeChildConfig } from '../../../src/core/serve/child.js';
import { silentLogger } from '../../../src/core/content.js';
import { isOciError } from '../../../src/core/errors.js';
import { Store } from '../../../src/core/layout.js';
import { parseOptions, type Options } from '../../../src/core/commands/options.js';
import { ingestRef } from '../../../src/core/serve/uploads.js';
import { digest, freePort, http, serveTemp, tempDir } from './helpers.js';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { baseEnv } from '../../harness/action.js';
import { skopeo } from '../../harness/peers.js';

const ENTRY = built('src/core/serve/entry.js');

let dir: string;
const started: number[] = [];

function options(store: string, port = 0): Options {
  // parseOptions refuses port 0 (a user always names one); tests want a free one.
  return { ...parseOptions({ command: 'serve', store }, { cwd: dir }), port };
}

async function start(store: string, extra: { graceMs?: number } = {}): Promise<DetachedServer> {
  const s = await startDetached(options(store), { entry: ENTRY, logFile: `${store}.log`, ...extra });
  started.push(s.pid);
  return s;
}

/** Running, not a zombie the test process has yet to reap. */
const alive = processRunning;

beforeAll(async () => {
  dir = await tempDir('command');
});

afterAll(async () => {
  for (const pid of started) if (alive(pid)) await stopServer(pid, 2_000);
  await rm(dir, { recursive: true, force: true });
});

describe('serve as a detached process', () => {
  test('serve (the command) returns once /v2/ answers, with registry and pid; stopServer stops it gracefully', async () => {
    const port = await freePort();
    const store = `${dir}/cmd`;
    const opts = parseOptions({ command: 'serve', store, port: String(port) }, { cwd: dir });
    const result = await execute(opts, { logger: silentLogger, env: { [SERVE_ENTRY_ENV]: ENTRY, RUNNER_TEMP: dir }, workspace: dir });
    const pid = result.details?.['pid'] as number;
    started.push(pid);
    expect(result.registry).toBe(`127.0.0.1:${port}`);
    expect(result.store).toBe(store);
    expect((await http(`http://${result.registry}`, 'GET', '/v2/')).status).toBe(200);
    const stop = await stopServer(pid, 5_000);
    expect(stop).toEqual({ stopped: true, forced: false, wasRunning: true });
    expect(alive(pid)).toBe(false);
    await expect(http(`http://${result.registry}`, 'GET', '/v2/')).rejects.toThrow();
    // Stopping again is a no-op.
    expect((await stopServer(pid, 1_000)).wasRunning).toBe(false);
  });

  test('the child is given the store, the port and the cache key prefix only: credentials stay in the parent', async () => {
    const secrets = { username: 'alice-never-in-child', password: 'pw-never-in-child', 'github-token': 'ghs_never_in_child' };
    const childConfig = async (raw: Record<string, string>): Promise<ServeChildConfig> => {
      const port = await freePort();
      const opts = parseOptions({ command: 'serve', store: `${dir}/narrow`, port: String(port), ...secrets, ...raw }, { cwd: dir });
      const result = await execute(opts, { logger: silentLogger, env: { [SERVE_ENTRY_ENV]: ENTRY, RUNNER_TEMP: dir }, workspace: dir });
      const pid = result.details?.['pid'] as number;
      started.push(pid);
      try {
        // The environment the child was started with: the config travels there.
        const environ = (await readFile(`/proc/${pid}/environ`, 'latin1')).split('\0');
        const raw = environ.find((kv) => kv.startsWith(`${SERVE_CHILD_ENV}=`))!.slice(SERVE_CHILD_ENV.length + 1);
        for (const v of Object.values(secrets)) expect(environ.join('\n')).not.toContain(v);
        return JSON.parse(raw) as ServeChildConfig;
      } finally {
        await stopServer(pid, 5_000);
      }
    };
    const cached = await childConfig({ 'cache-key': 'ck-test' });
    expect(cached.options).toEqual({ store: `${dir}/narrow`, port: cached.options.port, cacheKey: 'ck-test' });
    const uncached = await childConfig({ cache: 'false' });
    expect(uncached.options).toEqual({ store: `${dir}/narrow`, port: uncached.options.port });
  });

  test('a port in use is ADDRESS_IN_USE naming the port input — detached and in-process alike', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as { port: number }).port;
    try {
      const err = await startDetached(options(`${dir}/busy`, port), { entry: ENTRY, logFile: `${dir}/busy.log` }).catch((e: unknown) => e);
      expect(isOciError(err, 'ADDRESS_IN_USE')).toBe(true);
      expect((err as { input?: string }).input).toBe('port');
      expect((err as Error).message).toContain(String(port));
      const inProcess = await runServer(options(`${dir}/busy`, port), { logger: silentLogger, env: {}, workspace: dir }).catch((e: unknown) => e);
      expect(isOciError(inProcess, 'ADDRESS_IN_USE')).toBe(true);
    } finally {
      await new Promise((r) => blocker.close(r));
    }
  });

  test('runServer in the foreground serves until its signal aborts', async () => {
    const ac = new AbortController();
    let registry = '';
    const done = runServer(options(`${dir}/fg`), { logger: silentLogger, env: {}, workspace: dir, signal: ac.signal }, {
      onReady: (r) => {
        registry = r.registry!;
        void http(`http://${registry}`, 'GET', '/v2/').then((res) => {
          expect(res.status).toBe(200);
          ac.abort();
        });
      },
    });
    const result = await done;
    expect(result.registry).toBe(registry);
    await expect(http(`http://${registry}`, 'GET', '/v2/')).rejects.toThrow();
  });

  test('stop lets an upload in flight finish within the grace period', async () => {
    const store = `${dir}/grace`;
    const s = await start(store, { graceMs: 3_000 });
    const base = `http://${s.registry}`;
    const post = await http(base, 'POST', '/v2/g/blobs/uploads/');
    const location = post.headers.get('location')!;
    const data = Buffer.alloc(600_000, 9);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    async function* body(): AsyncGenerator<Uint8Array> {
      yield data.subarray(0, 300_000);
      await gate;
      yield data.subarray(300_000);
    }
    const patch = http(base, 'PATCH', location, { body: body() });
    // Wait until the first half is in the ingest, then stop while the request is open.
    const st = await Store.open(store, { create: false });
    const id = location.split('/').pop()!;
    for (let i = 0; i < 200 && (await st.blobs.status(ingestRef(id)).then((x) => x.offset, () => 0)) < 300_000; i++) await sleep(10);
    const stopping = stopServer(s.pid, 10_000);
    await sleep(200);
    release();
    const res = await patch;
    expect(res.status).toBe(202);
    expect(res.headers.get('range')).toBe(`0-${data.length - 1}`);
    expect(await stopping).toEqual({ stopped: true, forced: false, wasRunning: true });
    // The unfinished session stays resumable against the next server on this store.
    const next = await serveTemp({}, store);
    try {
      const status = await http(next.base, 'GET', location);
      expect(status.status).toBe(204);
      expect(status.headers.get('range')).toBe(`0-${data.length - 1}`);
      expect((await http(next.base, 'PUT', `${location}?digest=${digest(data)}`)).status).toBe(201);
    } finally {
      await next.server.close(500);
    }
  });
});

describe('serve from the command line', () => {
  const CLI = built('src/cli.js');

  /** The CLI as a user runs it, with its stdout and stderr collected. */
  function runCli(args: string[]): { child: ChildProcessWithoutNullStreams; out: { stdout: string; stderr: string }; exit: Promise<{ code: number | null; signal: string | null }> } {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: dir, env: baseEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
    const out = { stdout: '', stderr: '' };
    child.stdout.on('data', (d: Buffer) => (out.stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out.stderr += d.toString()));
    const exit = new Promise<{ code: number | null; signal: string | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
    return { child, out, exit };
  }

  /** Resolves once `text()` matches `re`, or rejects after 30 s (a hung server fails the test, it does not time it). */
  async function until(text: () => string, re: RegExp, exit: Promise<unknown>): Promise<RegExpMatchArray> {
    let exited = false;
    void exit.then(() => (exited = true));
    for (let i = 0; i < 3000; i++) {
      const m = re.exec(text());
      if (m) return m;
      if (exited) break;
      await sleep(10);
    }
    throw new Error(`never printed ${re}: ${text()}`);
  }

  test('serve runs in the foreground: address on stderr, JSON on stdout, skopeo pushes and pulls, SIGTERM exits 0 with the store intact', async () => {
    const port = await freePort();
    const store = `${dir}/cli-fg`;
    const src = `${dir}/cli-src`;
    await mkdir(`${dir}/cli-ws/site`, { recursive: true });
    await writeFile(`${dir}/cli-ws/site/index.html`, '<h1>served</h1>\n');
    const image = await execute(parseOptions({ command: 'ingest', store: src, layers: 'site:/srv', tags: 'app' }, { cwd: `${dir}/cli-ws` }), {
      logger: silentLogger,
      env: {},
      workspace: `${dir}/cli-ws`,
    });

    const run = runCli(['serve', '--port', String(port), '--store', store]);
    try {
      const json = await until(() => run.out.stdout, /^(\{.*\})\n/, run.exit);
      const result = JSON.parse(json[1]!) as { registry: string; store: string; details: { pid: number; port: number } };
      expect(result.registry).toBe(`127.0.0.1:${port}`);
      expect(result.store).toBe(store);
      expect(result.details.pid).toBe(run.child.pid);
      // One line on stderr, before anything else, names the address.
      expect(run.out.stderr.split('\n')[0]).toContain(`127.0.0.1:${port}`);
      // Still running after answering: it did not detach.
      expect((await http(`http://${result.registry}`, 'GET', '/v2/')).status).toBe(200);
      await skopeo(['copy', '--dest-tls-verify=false', `oci:${src}:app`, `docker://${result.registry}/pushed:1`]);
      await skopeo(['copy', '--src-tls-verify=false', `docker://${result.registry}/pushed:1`, `oci:${dir}/cli-back:b`]);
      expect(run.child.exitCode).toBeNull();

      run.child.kill('SIGTERM');
      const { code, signal } = await run.exit;
      expect({ code, signal }).toEqual({ code: 0, signal: null });
      expect(run.out.stdout.trim().split('\n')).toHaveLength(1);
      await expect(http(`http://${result.registry}`, 'GET', '/v2/')).rejects.toThrow();
      const after = await Store.open(store, { create: false });
      expect((await after.resolve('pushed:1')).digest).toBe(image.digest);
      expect(await after.verify()).toMatchObject({ ok: true, problems: [] });
      expect(await after.blobs.listStatuses()).toEqual([]);
      const back = await Store.open(`${dir}/cli-back`, { create: false });
      expect((await back.resolve('b')).digest).toBe(image.digest);
    } finally {
      if (run.child.exitCode === null) run.child.kill('SIGKILL');
    }
  });

  test('serve --detach returns at once with the pid of a registry that keeps running', async () => {
    const port = await freePort();
    const run = runCli(['serve', '--detach', '--port', String(port), '--store', `${dir}/cli-detached`]);
    const { code } = await run.exit;
    expect(code).toBe(0);
    const result = JSON.parse(run.out.stdout) as { registry: string; details: { pid: number } };
    const pid = result.details.pid;
    started.push(pid);
    expect(result.registry).toBe(`127.0.0.1:${port}`);
    expect(pid).not.toBe(run.child.pid);
    expect(alive(pid)).toBe(true);
    expect((await http(`http://${result.registry}`, 'GET', '/v2/')).status).toBe(200);
    expect(await stopServer(pid, 5_000)).toEqual({ stopped: true, forced: false, wasRunning: true });
  });
});

describe('killed in the middle of a chunked upload', () => {
  test('the store verifies clean, nothing half-written is a blob, and the upload resumes', async () => {
    const store = `${dir}/crash`;
    const s = await start(store);
    const base = `http://${s.registry}`;
    const data = Buffer.alloc(4 * 1024 * 1024);
    for (let i = 0; i < data.length; i += 4) data.writeUInt32LE(i * 2654435761 >>> 0, i);
    const d = digest(data);

    const post = await http(base, 'POST', '/v2/crash/blobs/uploads/');
    const location = post.headers.get('location')!;
    const id = post.headers.get('docker-upload-uuid')!;
    const first = 1024 * 1024;
    expect((await http(base, 'PATCH', location, { body: data.subarray(0, first), headers: { 'Content-Range': `0-${first - 1}` } })).status).toBe(202);

    // The second chunk is cut off by SIGKILL half way through.
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    async function* body(): AsyncGenerator<Uint8Array> {
      yield data.subarray(first, first + 1024 * 1024);
      await gate;
      yield data.subarray(first + 1024 * 1024);
    }
    const patch = http(base, 'PATCH', location, { body: body(), headers: { 'Content-Range': `${first}-${data.length - 1}` } }).catch((e: unknown) => e);
    const st = await Store.open(store, { create: false });
    for (let i = 0; i < 300 && (await st.blobs.status(ingestRef(id))).offset < first + 1024 * 1024; i++) await sleep(10);
    process.kill(s.pid, 'SIGKILL');
    for (let i = 0; i < 200 && alive(s.pid); i++) await sleep(10);
    expect(alive(s.pid)).toBe(false);
    release();
    // The client saw its request fail (no response), like any dropped connection.
    expect((await patch) as { status?: number }).not.toHaveProperty('status');

    const after = await Store.open(store, { create: false });
    const report = await after.verify();
    expect(report.problems).toEqual([]);
    expect(await after.blobs.has(d)).toBe(false);

    // A new server on the store: the session is there with what arrived, and resumes.
    const next = await serveTemp({}, store);
    try {
      const status = await http(next.base, 'GET', location);
      expect(status.status).toBe(204);
      const range = /^0-(\d+)$/.exec(status.headers.get('range')!)!;
      const offset = Number(range[1]) + 1;
      expect(offset).toBeGreaterThanOrEqual(first + 1024 * 1024);
      expect(offset).toBeLessThan(data.length);
      const rest = await http(next.base, 'PATCH', location, { body: data.subarray(offset), headers: { 'Content-Range': `${offset}-${data.length - 1}` } });
      expect(rest.status).toBe(202);
      const put = await http(next.base, 'PUT', `${location}?digest=${d}`);
      expect(put.status).toBe(201);
      expect(await next.store.blobs.hash(d)).toBe(d);
      expect((await next.store.verify()).ok).toBe(true);
      expect(await next.store.blobs.listStatuses()).toEqual([]);
    } finally {
      await next.server.close(500);
    }
  });

  test('or the session is cleanly gone when cancelled after the crash', async () => {
    const store = `${dir}/crash2`;
    const s = await start(store);
    const base = `http://${s.registry}`;
    const post = await http(base, 'POST', '/v2/crash/blobs/uploads/');
    const location = post.headers.get('location')!;
    await http(base, 'PATCH', location, { body: Buffer.alloc(100_000, 1) });
    process.kill(s.pid, 'SIGKILL');
    for (let i = 0; i < 200 && alive(s.pid); i++) await sleep(10);
    const next = await serveTemp({}, store);
    try {
      expect((await http(next.base, 'DELETE', location)).status).toBe(204);
      expect((await http(next.base, 'GET', location)).status).toBe(404);
      expect(await next.store.blobs.listStatuses()).toEqual([]);
      expect((await next.store.verify()).ok).toBe(true);
    } finally {
      await next.server.close(500);
    }
  });
});

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
