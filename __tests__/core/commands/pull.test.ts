/**
 * `command: pull` end to end against real registries: tags as written plus `tags`,
 * platform selection, metadata — and the four errors a user meets (wrong credentials,
 * unknown repository, missing tag, unreachable host), each one clear line with the store
 * left exactly as it was.
 */
import { describe, expect, test, beforeAll, afterAll } from '@jest/globals';
import { watch } from 'node:fs';
import { mkdir, readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { execute } from '../../../src/core/commands/index.js';
import { formatError, isOciError, type OciError } from '../../../src/core/errors.js';
import { Store } from '../../../src/core/layout.js';
import { copyGraph } from '../../../src/core/copy.js';
import { RegistryClient } from '../../../src/core/registry/client.js';
import type { RawInputs } from '../../../src/core/commands/options.js';
import { startRegistry, freePort } from '../../harness/registry.js';
import { withRegistries } from '../../harness/registry-fixture.js';
import { peer } from '../../harness/peers.js';
import { startFaultProxy } from '../../harness/fault-proxy.js';
import { makeImage, makeIndex } from '../../harness/images.js';
import { context, options, recordingLogger, temps } from './helpers.js';

const dirs = temps();
const [plain, guarded] = withRegistries({}, { auth: 'htpasswd' });
let home: string;
let amdDigest: string;
let indexDigest: string;

function run(raw: RawInputs, logger = recordingLogger()) {
  const ctx = { ...context(logger), env: { HOME: home } };
  return execute(options(raw), ctx);
}

async function caught(p: Promise<unknown>): Promise<OciError> {
  try {
    await p;
  } catch (e) {
    if (isOciError(e)) return e;
    throw e;
  }
  throw new Error('expected an OciError');
}

/** Every file under `dir` with its size, and index.json's text: what "unchanged" means. */
async function snapshot(dir: string): Promise<string> {
  const out: string[] = [];
  const walk = async (d: string): Promise<void> => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else out.push(`${relative(dir, p)} ${(await stat(p)).size}`);
    }
  };
  await walk(dir);
  return out.sort().join('\n') + '\n' + (await readFile(join(dir, 'index.json'), 'utf8'));
}

beforeAll(async () => {
  home = await dirs.make();
  // seed both registries with a two-platform index
  const seed = await Store.open(join(await dirs.make(), 'seed'));
  const amd = await makeImage(seed);
  const arm = await makeImage(seed, { platform: { os: 'linux', architecture: 'arm64' } });
  const index = await makeIndex(seed, [amd, arm]);
  amdDigest = amd.digest;
  indexDigest = index.digest;
  const c = new RegistryClient({ username: 'alice', password: guarded.users.alice! });
  try {
    await copyGraph(seed, c.repository(`${plain.host}/app/multi`, { push: true }), index, { tags: ['1'] });
    await copyGraph(seed, c.repository(`${guarded.host}/app/multi`, { push: true }), index, { tags: ['1'] });
  } finally {
    c.close();
  }
});

afterAll(async () => {
  await dirs.cleanup();
});

describe('pull', () => {
  test('tags the image by ref as written and every tags entry; keeps the runner platform', async () => {
    const store = join(await dirs.make(), 'store');
    const ref = `${plain.host}/app/multi:1`;
    const r = await run({ command: 'pull', store, ref, tags: 'multi:local, other:2', platform: 'linux/amd64' });
    expect(r.digest).toBe(indexDigest);
    expect(r.tags).toEqual([ref, 'multi:local', 'other:2']);
    expect(r.metadata?.platform).toEqual(['linux/amd64', 'linux/arm64']);
    expect(r.details).toMatchObject({ omittedPlatforms: 1 });
    const s = await Store.open(store);
    for (const t of r.tags) expect((await s.resolve(t)).digest).toBe(indexDigest);
    expect(await s.blobs.has(amdDigest)).toBe(true);
    // verify after a pull of one platform: sound, the other platform listed as not pulled
    const v = await run({ command: 'verify', store });
    expect(v.details).toMatchObject({ ok: true, problems: [], notPulled: [{ platform: 'linux/arm64', ref }, { platform: 'linux/arm64', ref: 'multi:local' }, { platform: 'linux/arm64', ref: 'other:2' }] });
    // pulling again fetches nothing
    const again = await run({ command: 'pull', store, ref, platform: 'linux/amd64' });
    expect(again.details).toMatchObject({ fetched: 0 });
  });

  test('each layer and config is downloaded into one temp file: no ingest directory, lock or meta.json (nothing resumes a download by ref)', async () => {
    const store = join(await dirs.make(), 'store');
    await Store.open(store);
    await mkdir(join(store, 'ingest'));
    // What the pull creates in ingest/, as the file system reports it (inotify on Linux).
    const made = new Set<string>();
    const watcher = watch(join(store, 'ingest'), (_event, name) => {
      if (name) made.add(name);
    });
    try {
      const r = await run({ command: 'pull', store, ref: `${plain.host}/app/multi:1`, platform: 'all' });
      expect(r.details).toMatchObject({ fetched: 9 });
      await new Promise((res) => setTimeout(res, 200)); // the last events
    } finally {
      watcher.close();
    }
    // The 6 layers and configs of the two images each through one temp file (blob-…);
    // the index and its 2 manifests, bytes in memory, are stored by Store.push.
    expect([...made].filter((n) => /^blob-\d+-[0-9a-f]{12}$/.test(n))).toHaveLength(6);
    expect(await readdir(join(store, 'ingest'))).toEqual([]);
    expect((await execute(options({ command: 'verify', store }), context(recordingLogger()))).details).toMatchObject({ ok: true });
  });

  test('the root manifest is read from the registry once: the copy reuses the bytes the tag was resolved with', async () => {
    const proxy = await startFaultProxy({ host: '127.0.0.1', port: plain.port }, { rate: 0 });
    try {
      const store = join(await dirs.make(), 'store');
      const r = await run({ command: 'pull', store, ref: `${proxy.host}/app/multi:1`, platform: 'all' });
      expect(r.digest).toBe(indexDigest);
      const manifestGets = proxy.log.filter((l) => l.startsWith('GET /v2/app/multi/manifests/'));
      // The index by its tag, then each of its two manifests: nothing fetched twice.
      expect(manifestGets).toHaveLength(3);
      expect(new Set(manifestGets).size).toBe(3);
      expect(manifestGets[0]).toBe('GET /v2/app/multi/manifests/1');
      expect(manifestGets).not.toContain(`GET /v2/app/multi/manifests/${indexDigest}`);
    } finally {
      await proxy.stop();
    }
  });

  test('platform: all keeps every platform; credentials from the inputs', async () => {
    const store = join(await dirs.make(), 'store');
    const r = await run({ command: 'pull', store, ref: `${guarded.host}/app/multi:1`, platform: 'all', username: 'alice', password: guarded.users.alice! });
    expect(r.digest).toBe(indexDigest);
    expect(r.details).toMatchObject({ omittedPlatforms: 0 });
    expect((await (await Store.open(store)).verify()).problems).toEqual([]);
  });

  test('a bare digest names no repository', async () => {
    const e = await caught(run({ command: 'pull', store: join(await dirs.make(), 's'), ref: indexDigest }));
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.input).toBe('ref');
  });
});

describe('errors leave the store exactly as it was', () => {
  let store: string;
  let before: string;
  beforeAll(async () => {
    store = join(await dirs.make(), 'store');
    await run({ command: 'pull', store, ref: `${plain.host}/app/multi:1`, platform: 'linux/amd64' });
    before = await snapshot(store);
  });

  test.each([
    ['wrong credentials', 'UNAUTHORIZED', 'username', () => ({ ref: `${guarded.host}/app/multi:1`, username: 'alice', password: 'wrong-password-123' })],
    ['unknown repository', 'NAME_UNKNOWN', 'ref', () => ({ ref: `${plain.host}/no/such:1` })],
    ['missing tag', 'NOT_FOUND', 'ref', () => ({ ref: `${plain.host}/app/multi:nope` })],
  ] as Array<[string, string, string, () => RawInputs]>)('%s → %s', async (_name, code, input, raw) => {
    const e = await caught(run({ command: 'pull', store, platform: 'linux/amd64', ...raw() }));
    expect(e.code).toBe(code);
    expect(e.input).toBe(input);
    const line = formatError(e);
    expect(line.split('\n')).toHaveLength(1);
    expect(line).not.toContain('wrong-password-123');
    expect(line).not.toMatch(/\n\s+at /);
    expect(await snapshot(store)).toBe(before);
  });

  test('unreachable host → NETWORK naming the host; a store that did not exist is not created', async () => {
    const port = await freePort();
    const fresh = join(await dirs.make(), 'never');
    const e = await caught(run({ command: 'pull', store: fresh, ref: `127.0.0.1:${port}/x/y:1` }));
    expect(e.code).toBe('NETWORK');
    expect(formatError(e)).toContain(`127.0.0.1:${port}`);
    await expect(stat(fresh)).rejects.toThrow();
    const e2 = await caught(run({ command: 'pull', store, ref: `127.0.0.1:${port}/x/y:1` }));
    expect(e2.code).toBe('NETWORK');
    expect(await snapshot(store)).toBe(before);
  });
});

describe('pull by digest (name@sha256:…)', () => {
  test('pull --ref name@sha256:… records an untagged root (no tag made of the digest ref) that survives gc and is found again by the same ref without the registry', async () => {
    // A registry of its own, stopped before the lookups: nothing below may reach it.
    const own = await startRegistry();
    const ref = `${own.host}/app/multi@${indexDigest}`;
    const store = join(await dirs.make(), 'store');
    try {
      const c = new RegistryClient();
      try {
        const from = c.repository(`${plain.host}/app/multi`);
        await copyGraph(from, c.repository(`${own.host}/app/multi`, { push: true }), await from.resolve('1'), { tags: ['1'] });
      } finally {
        c.close();
      }
      const r = await run({ command: 'pull', store, ref, platform: 'linux/amd64' });
      expect(r.digest).toBe(indexDigest);
      expect(r.tags).toEqual([]);
      // pulling again fetches nothing and adds no second entry
      const again = await run({ command: 'pull', store, ref, platform: 'linux/amd64' });
      expect(again.details).toMatchObject({ fetched: 0 });
    } finally {
      await own.stop();
    }
    const index = JSON.parse(await readFile(join(store, 'index.json'), 'utf8')) as { manifests: Array<{ digest: string; annotations?: Record<string, string> }> };
    expect(index.manifests).toHaveLength(1);
    expect(index.manifests[0]!.digest).toBe(indexDigest);
    expect(index.manifests[0]!.annotations?.['org.opencontainers.image.ref.name']).toBeUndefined();
    // gc keeps the pulled image; verify calls the left-out platform not pulled, not missing
    expect((await run({ command: 'gc', store })).details).toMatchObject({ removedBlobs: 0 });
    const v = await run({ command: 'verify', store });
    expect(v.details).toMatchObject({ ok: true, problems: [], notPulled: [{ platform: 'linux/arm64' }] });
    expect(await (await Store.open(store)).blobs.has(amdDigest)).toBe(true);
    // the same ref finds it in the store (the registry is gone)
    const found = await run({ command: 'inspect', store, ref });
    expect(found.digest).toBe(indexDigest);
    expect(found.details).toMatchObject({ tags: [] });
  });

  test('pull --ref name@sha256:… with tags applies the tags and still keeps the digest ref as an untagged root', async () => {
    const store = join(await dirs.make(), 'store');
    const ref = `${plain.host}/app/multi@${indexDigest}`;
    const r = await run({ command: 'pull', store, ref, tags: 'multi:pinned', platform: 'all' });
    expect(r.digest).toBe(indexDigest);
    expect(r.tags).toEqual(['multi:pinned']);
    const s = await Store.open(store);
    expect((await s.listTags()).map((t) => t.ref)).toEqual(['multi:pinned']);
    // oci: readers take the layout with its untagged entry; umoci's gc keeps that root too
    expect((await peer('umoci', ['ls', '--layout', store])).trim()).toBe('multi:pinned');
    await peer('umoci', ['gc', '--layout', store]);
    expect((await s.verify()).problems).toEqual([]);
    // dropping the tag leaves the image pulled by digest in place
    expect(await s.untag('multi:pinned')).toBe(true);
    expect((await s.gc()).removedBlobs).toBe(0);
    expect((await s.resolve(ref)).digest).toBe(indexDigest);
    expect((await s.verify()).problems).toEqual([]);
  });

  test('a ref with both a tag and a digest pulls by the digest and makes no tag of it', async () => {
    const store = join(await dirs.make(), 'store');
    const ref = `${plain.host}/app/multi:1@${indexDigest}`;
    const r = await run({ command: 'pull', store, ref, platform: 'linux/amd64' });
    expect(r.digest).toBe(indexDigest);
    expect(r.tags).toEqual([]);
    expect(await (await Store.open(store)).listTags()).toEqual([]);
  });
});
