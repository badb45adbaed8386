/**
 * The runner cache (DESIGN.md §3) end to end: the compiled action's main and post steps
 * in child processes, the real @actions/cache library, a local Twirp cache service and
 * Azurite behind its signed URLs.
 */
import { describe, expect, test, beforeAll, afterAll } from '@jest/globals';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CacheService, freePort, startAzurite, type Azurite } from '../harness/cache-service.js';
import { errors, Job, warnings } from '../harness/action.js';
import { startRegistry, type TestRegistry } from '../harness/registry.js';

const KEY = 'test-cache';
let azurite: Azurite;
let service: CacheService;
let registry: TestRegistry;
let base: string;
let runId = 1000;

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'oci-store-cache-test-'));
  azurite = await startAzurite(join(base, 'azurite'));
  service = await CacheService.start(azurite);
  registry = await startRegistry({ auth: 'none' });
});

afterAll(async () => {
  await service?.stop();
  await azurite?.stop();
  await registry?.stop();
  await rm(base, { recursive: true, force: true });
});

/** A workspace with a store path inside it; the same paths across "runs" (the cache version hashes them). */
async function workspace(name: string): Promise<{ ws: string; store: string }> {
  const ws = join(base, name);
  await mkdir(ws, { recursive: true });
  return { ws, store: join(ws, '.store') };
}

function jobEnv(ws: string, extra: Record<string, string> = {}): Record<string, string> {
  return { ...service.env(), GITHUB_WORKSPACE: ws, ...extra };
}

/** Every file under `dir`, relative path → contents. */
async function tree(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const walk = async (d: string, rel: string): Promise<void> => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) await walk(p, `${rel}${e.name}/`);
      else if (e.isFile()) out.set(`${rel}${e.name}`, (await readFile(p)).toString('base64'));
    }
  };
  await walk(dir, '');
  return out;
}

const isBlobKey = (k: string): boolean => k.includes('-blob-');
const isIndexKey = (k: string): boolean => k.includes('-index-');
const createdKeys = (): string[] => service.calls.filter((c) => c.method === 'CreateCacheEntry' && c.status === 200).map((c) => c.key);

function expectClean(step: { code: number | null; stdout: string }): void {
  expect(errors(step as never)).toEqual([]);
  expect(step.code).toBe(0);
}

describe('save and lazy restore', () => {
  test('run 1 ingests and saves; run 2 restores only the index entry and unpack fetches just the blobs it needs', async () => {
    const { ws, store } = await workspace('lazy');
    await mkdir(join(ws, 'big'), { recursive: true });
    await mkdir(join(ws, 'small'), { recursive: true });
    await mkdir(join(ws, 'other'), { recursive: true });
    await writeFile(join(ws, 'big', 'data.bin'), randomBytes(1_300_000));
    await writeFile(join(ws, 'small', 'hello.txt'), 'hello\n');
    await writeFile(join(ws, 'other', 'more.bin'), randomBytes(1_200_000));
    service.resetCounters();

    // Run 1: two uses in one job; only the first use's post (run last) saves.
    const job1 = await Job.start(++runId, jobEnv(ws));
    const a = await job1.use({ layers: 'big:/big\nsmall:/small', tags: 'app:1', store, 'cache-key': KEY });
    expectClean(a);
    expect(a.outputs['cache-hit']).toBe('false');
    const b = await job1.use({ layers: 'other:/other', tags: 'other:1', store, 'cache-key': KEY });
    expectClean(b);
    expect(service.calls.filter((c) => c.method === 'GetCacheEntryDownloadURL')).toHaveLength(1); // the second use joined
    const posts1 = await job1.finish();
    for (const p of posts1) expectClean(p);
    const saved = createdKeys();
    expect(saved.filter(isIndexKey)).toEqual([`${KEY}-index-${runId}-1`]);
    expect(saved.filter(isBlobKey)).toHaveLength(2); // the two large layers; the small one rides in the index entry
    expect(posts1[1]!.summary).toContain('Runner cache');

    // Run 2: a fresh runner (empty store), a new run id.
    await rm(store, { recursive: true, force: true });
    service.resetCounters();
    const job2 = await Job.start(++runId, jobEnv(ws));
    const out = join(ws, 'out');
    const u = await job2.use({ command: 'unpack', ref: 'app:1', path: out, store, 'cache-key': KEY });
    expectClean(u);
    expect(u.outputs['cache-hit']).toBe('true');
    const restored = service.transfers.filter((t) => t.direction === 'download').map((t) => t.key);
    expect(restored.filter(isIndexKey)).toHaveLength(1);
    const bigLayer = JSON.parse(a.outputs['metadata']!).layers.find((l: { size: number }) => l.size > 1_000_000);
    expect(restored.filter(isBlobKey)).toEqual([`${KEY}-blob-${bigLayer.digest.replace(':', '-')}`]);
    const expected = new Map([
      ['big/data.bin', (await readFile(join(ws, 'big', 'data.bin'))).toString('base64')],
      ['small/hello.txt', Buffer.from('hello\n').toString('base64')],
    ]);
    expect(await tree(out)).toEqual(expected);
    const posts2 = await job2.finish();
    for (const p of posts2) expectClean(p);
    // Nothing changed: nothing saved.
    expect(createdKeys()).toEqual([]);
  });

  test('incremental: change 1 of 10 layers → one blob entry and the index entry uploaded', async () => {
    const { ws, store } = await workspace('incremental');
    const layers: string[] = [];
    for (let i = 0; i < 10; i++) {
      await mkdir(join(ws, `l${i}`), { recursive: true });
      await writeFile(join(ws, `l${i}`, 'f.bin'), randomBytes(1_100_000));
      layers.push(`l${i}:/l${i}`);
    }
    const job1 = await Job.start(++runId, jobEnv(ws));
    expectClean(await job1.use({ layers: layers.join('\n'), tags: 'ten:1', store, 'cache-key': KEY, compression: 'none' }));
    await job1.finish();

    await rm(store, { recursive: true, force: true });
    await writeFile(join(ws, 'l3', 'f.bin'), randomBytes(1_100_000));
    service.resetCounters();
    const job2 = await Job.start(++runId, jobEnv(ws));
    const r = await job2.use({ layers: layers.join('\n'), tags: 'ten:2', store, 'cache-key': KEY, compression: 'none' });
    expectClean(r);
    const posts = await job2.finish();
    for (const p of posts) expectClean(p);
    const changed = JSON.parse(r.outputs['metadata']!).layers[3] as { digest: string; size: number };
    expect(createdKeys().filter(isBlobKey)).toEqual([`${KEY}-blob-${changed.digest.replace(':', '-')}`]);
    const indexBytes = service.bytes('upload', isIndexKey);
    expect(indexBytes).toBeGreaterThan(0);
    expect(service.bytes('upload')).toBeLessThanOrEqual(1.1 * changed.size + indexBytes);
    // No layer was restored: ingest rebuilt them and the ledger knew nine were cached.
    expect(service.bytes('download', isBlobKey)).toBe(0);
  });
});

describe('blobs the registry already has', () => {
  test('a job that only pushes an image the registry already has restores 0 layer bytes', async () => {
    const { ws, store } = await workspace('push-only');
    await mkdir(join(ws, 'big'), { recursive: true });
    await writeFile(join(ws, 'big', 'data.bin'), randomBytes(1_500_000));
    const target = `${registry.host}/push-only/app:1`;
    const job1 = await Job.start(++runId, jobEnv(ws));
    expectClean(await job1.use({ layers: 'big:/big', tags: 'app:1', store, 'cache-key': `${KEY}-push` }));
    expectClean(await job1.use({ command: 'push', ref: 'app:1', tags: target, store, 'cache-key': `${KEY}-push` }));
    await job1.finish();

    await rm(store, { recursive: true, force: true });
    service.resetCounters();
    const job2 = await Job.start(++runId, jobEnv(ws));
    const p = await job2.use({ command: 'push', ref: 'app:1', tags: target, store, 'cache-key': `${KEY}-push` });
    expectClean(p);
    const pushed = JSON.parse(p.outputs['metadata']!).pushed as Array<{ uploaded: number; skipped: number }>;
    expect(pushed[0]!.uploaded).toBe(0);
    expect(service.bytes('download', isIndexKey)).toBeGreaterThan(0);
    expect(service.bytes('download', isBlobKey)).toBe(0);
    for (const post of await job2.finish()) expectClean(post);
  });
});

describe('serve', () => {
  test('a served store restores blobs lazily for its clients; post stops the registry, then saves', async () => {
    const { ws, store } = await workspace('serve');
    await mkdir(join(ws, 'big'), { recursive: true });
    await writeFile(join(ws, 'big', 'data.bin'), randomBytes(1_100_000));
    const key = `${KEY}-serve`;
    const job1 = await Job.start(++runId, jobEnv(ws));
    expectClean(await job1.use({ layers: 'big:/big', tags: 'served:1', store, 'cache-key': key }));
    await job1.finish();

    await rm(store, { recursive: true, force: true });
    service.resetCounters();
    const job2 = await Job.start(++runId, jobEnv(ws));
    const port = await freePort();
    const s = await job2.use({ command: 'serve', port: String(port), store, 'cache-key': key });
    expectClean(s);
    expect(s.outputs['registry']).toBe(`127.0.0.1:${port}`);
    const pid = Number(JSON.parse(s.state['oci-store']!).serve.pid);
    try {
      // A client pulls through the local registry: the layer comes from the runner cache.
      const copy = join(ws, 'copy');
      await promisify(execFile)('skopeo', ['copy', '--src-tls-verify=false', `docker://127.0.0.1:${port}/served:1`, `oci:${copy}:served`], { timeout: 60_000 });
      expect(service.bytes('download', isBlobKey)).toBeGreaterThan(1_000_000);
    } finally {
      const posts = await job2.finish();
      for (const p of posts) expectClean(p);
      const out = posts[0]!.stdout;
      expect(out.indexOf('Stopped the local registry')).toBeGreaterThanOrEqual(0);
      expect(out.indexOf('::group::Save the store')).toBeGreaterThan(out.indexOf('Stopped the local registry'));
    }
    // Gone, or a zombie waiting for a reaper (containers without an init).
    const state = await readFile(`/proc/${pid}/stat`, 'utf8').then((t) => t.slice(t.lastIndexOf(')') + 2, t.lastIndexOf(')') + 3), () => 'gone');
    expect(['gone', 'Z', 'X']).toContain(state);
  });
});

describe('evicted blob entries', () => {
  test('a blob evicted from the cache is re-fetched from the registry its tag names, and saved again', async () => {
    const { ws, store } = await workspace('evicted-remote');
    await mkdir(join(ws, 'big'), { recursive: true });
    await writeFile(join(ws, 'big', 'data.bin'), randomBytes(1_200_000));
    const tag = `${registry.host}/evicted/web:1`;
    const key = `${KEY}-evr`;
    const job1 = await Job.start(++runId, jobEnv(ws));
    expectClean(await job1.use({ layers: 'big:/big', tags: tag, push: 'true', store, 'cache-key': key }));
    await job1.finish();
    expect(service.evict((k) => k.startsWith(`${key}-blob-`))).toBe(1);

    await rm(store, { recursive: true, force: true });
    service.resetCounters();
    const job2 = await Job.start(++runId, jobEnv(ws));
    const out = join(ws, 'out');
    const u = await job2.use({ command: 'unpack', ref: tag, path: out, store, 'cache-key': key });
    expectClean(u);
    expect(warnings(u).join('\n')).toMatch(/no longer in the runner cache/);
    expect(u.stdout).toMatch(/re-fetched sha256:[0-9a-f]{64} from /);
    expect(await readFile(join(out, 'big', 'data.bin'))).toEqual(await readFile(join(ws, 'big', 'data.bin')));
    for (const post of await job2.finish()) expectClean(post);
    expect(createdKeys().filter(isBlobKey)).toHaveLength(1);
  });

  test('a tag whose blob was evicted is reported incomplete — a clear error, no crash — and left out of the next save', async () => {
    const { ws, store } = await workspace('evicted');
    await mkdir(join(ws, 'big'), { recursive: true });
    await writeFile(join(ws, 'big', 'data.bin'), randomBytes(1_200_000));
    const job1 = await Job.start(++runId, jobEnv(ws));
    expectClean(await job1.use({ layers: 'big:/big', tags: 'gone:1', store, 'cache-key': `${KEY}-ev` }));
    await job1.finish();
    expect(service.evict((k) => k.startsWith(`${KEY}-ev-blob-`))).toBe(1);

    await rm(store, { recursive: true, force: true });
    const job2 = await Job.start(++runId, jobEnv(ws));
    const u = await job2.use({ command: 'unpack', ref: 'gone:1', path: join(ws, 'out'), store, 'cache-key': `${KEY}-ev` });
    expect(u.code).toBe(1);
    expect(errors(u)).toHaveLength(1);
    expect(u.stdout + u.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/); // no stack trace
    expect(warnings(u).join('\n')).toMatch(/gone:1 is incomplete/);
    const posts = await job2.finish();
    for (const p of posts) expect(p.code).toBe(0);
    expect(warnings(posts[0]!).join('\n')).toMatch(/gone:1 is incomplete.*left out of the saved cache/);
  });
});

describe('cache service failures never fail the job', () => {
  test.each([
    ['down', {}],
    ['429', {}],
    // The library retries a 500 five times over ~30 s; the per-call deadline cuts that short.
    ['500', { OCI_STORE_CACHE_TIMEOUT: '2' }],
  ] as const)('service %s → warnings, the step succeeds', async (fault, extra) => {
    const { ws, store } = await workspace(`fault-${fault}`);
    await mkdir(join(ws, 'big'), { recursive: true });
    await writeFile(join(ws, 'big', 'data.bin'), randomBytes(1_100_000));
    await service.setFault(fault);
    try {
      const job = await Job.start(++runId, jobEnv(ws, extra));
      const r = await job.use({ layers: 'big:/big', tags: 'f:1', store, 'cache-key': `${KEY}-${fault}` });
      expectClean(r);
      expect(r.outputs['digest']).toMatch(/^sha256:/);
      expect(warnings(r).length).toBeGreaterThan(0);
      const posts = await job.finish(extra);
      for (const p of posts) expectClean(p);
      expect(warnings(posts[0]!).length).toBeGreaterThan(0);
    } finally {
      await service.setFault(undefined);
    }
  });
});

describe('no cache service', () => {
  test('a local run: the cache is off with one info line, nothing else changes', async () => {
    const { ws, store } = await workspace('local');
    await mkdir(join(ws, 'site'), { recursive: true });
    await writeFile(join(ws, 'site', 'index.html'), '<h1>hi</h1>\n');
    const job = await Job.start(++runId, { GITHUB_WORKSPACE: ws });
    const r = await job.use({ layers: 'site:/srv', tags: 'site:1', store });
    expectClean(r);
    expect(r.stdout.split('\n').filter((l) => l.startsWith('Runner cache: off'))).toHaveLength(1);
    expect(warnings(r)).toEqual([]);
    const posts = await job.finish();
    expectClean(posts[0]!);
    expect(await readdir(store)).not.toContain('.oci-store-cache');
  });
});
