/**
 * What the runner cache reads of the store, counted: the post step walks every tag's graph
 * once — gc, retention's budget and the save all come from that one walk — and a restore
 * reads each record of where pushed blobs went (distribution-sources.json) once. The cache
 * library is faked (a boundary: entries are directories copied aside); the store, gc and
 * the cache code are real. Reads are counted by wrapping the real functions, which still
 * do the work.
 */
import { afterAll, describe, expect, jest, test } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import * as realFs from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { CacheLibrary } from '../../src/action/cache.js';

/** Every path readFile was asked for, in order. */
const readFiles: string[] = [];
jest.unstable_mockModule('node:fs/promises', () => ({
  ...realFs,
  default: realFs,
  readFile: (async (path: Parameters<typeof realFs.readFile>[0], ...rest: unknown[]) => {
    readFiles.push(String(path));
    return (realFs.readFile as (...a: unknown[]) => Promise<unknown>)(path, ...rest);
  }) as typeof realFs.readFile,
}));

const { RunnerCache } = await import('../../src/action/cache.js');
const { Store } = await import('../../src/core/layout.js');
const { BlobSources, SOURCES_FILE } = await import('../../src/core/sources.js');
const { makeImage, makeIndex } = await import('../harness/images.js');

const temps: string[] = [];
afterAll(async () => {
  for (const d of temps) await realFs.rm(d, { recursive: true, force: true });
});

async function temp(prefix: string): Promise<string> {
  const d = await realFs.mkdtemp(join(tmpdir(), prefix));
  temps.push(d);
  return d;
}

/** A cache service in a directory: each saved entry is a copy of the saved path. */
async function fakeCache(): Promise<{ library: CacheLibrary; saved: string[] }> {
  const dir = await temp('oci-fake-cache-');
  const saved: string[] = [];
  const library: CacheLibrary = {
    restoreCache: async (paths, primaryKey, restoreKeys = [], options) => {
      const exact = saved.includes(primaryKey) ? primaryKey : undefined;
      const byPrefix = [...saved].reverse().find((k) => restoreKeys.some((p) => k.startsWith(p)));
      const key = exact ?? byPrefix;
      if (key === undefined) return undefined;
      if (!options?.lookupOnly) {
        await realFs.rm(paths[0]!, { recursive: true, force: true });
        await realFs.cp(join(dir, String(saved.indexOf(key))), paths[0]!, { recursive: true });
      }
      return key;
    },
    saveCache: async (paths, key) => {
      if (saved.includes(key)) return -1;
      await realFs.cp(paths[0]!, join(dir, String(saved.length)), { recursive: true });
      saved.push(key);
      return saved.length;
    },
  };
  return { library, saved };
}

const logger = { debug: () => {}, info: () => {}, warning: () => {} };

function runEnv(run: string, runnerTemp: string): Record<string, string> {
  return { GITHUB_RUN_ID: run, GITHUB_RUN_ATTEMPT: '1', GITHUB_JOB: 'build', RUNNER_TEMP: runnerTemp };
}

describe('the post step walks every tag once', () => {
  test('gc, retention (a tag dropped) and the save read each manifest and index once', async () => {
    const root = join(await temp('oci-cache-reads-'), 'store');
    await realFs.mkdir(root, { recursive: true });
    const { library, saved } = await fakeCache();
    const cache = new RunnerCache({
      root,
      keyPrefix: 'k',
      env: runEnv('1', await temp('oci-rt-')),
      logger,
      library,
      retention: { days: 30, maxBytes: 0, pin: [] },
    });
    await cache.begin(() => Store.open(root));

    const store = await Store.open(root);
    const shared = randomBytes(2 * 1024 * 1024); // a large blob two tags share
    const amd = await makeImage(store, { layers: [shared, randomBytes(1024)], platform: { os: 'linux', architecture: 'amd64' } });
    const arm = await makeImage(store, { layers: [shared, randomBytes(1024)], platform: { os: 'linux', architecture: 'arm64' } });
    const multi = await makeIndex(store, [amd, arm], { tag: 'multi:1' });
    const app = await makeImage(store, { layers: [shared, randomBytes(2048)], tag: 'app:1' });
    const old = await makeImage(store, { layers: [randomBytes(3000)], tag: 'old:1' });
    await makeImage(store, { layers: [randomBytes(500)] }); // garbage: no tag
    // old:1 was last used long ago: retention-days drops it, and its blobs go with gc.
    const now = Date.now();
    await realFs.writeFile(
      join(root, '.oci-store-cache', 'tags.json'),
      JSON.stringify({ version: 1, tags: { 'docker.io/library/multi:1': now, 'docker.io/library/app:1': now, 'docker.io/library/old:1': now - 90 * 86_400_000 } }),
    );

    const reads = new Map<string, number>();
    const get = store.blobs.get.bind(store.blobs);
    store.blobs.get = (async (digest: string, ...rest: unknown[]) => {
      reads.set(digest, (reads.get(digest) ?? 0) + 1);
      return (get as (...a: unknown[]) => Promise<Buffer>)(digest, ...rest);
    }) as typeof store.blobs.get;

    const report = await cache.save(store);

    expect(report.dropped.map((d) => d.name)).toEqual(['old:1']);
    expect(saved.filter((k) => k.startsWith('k-index-'))).toHaveLength(1);
    expect(await store.blobs.has(old.digest)).toBe(false);
    // Every manifest and index of the kept tags: read once, by the one walk.
    for (const d of [multi, amd, arm, app]) expect([d.digest, reads.get(d.digest)]).toEqual([d.digest, 1]);
    // The dropped tag's manifest: read by the walk, then peeked once by gc as a possible referrer.
    expect(reads.get(old.digest)).toBeLessThanOrEqual(2);
  });
});

describe('a restore reads each record of where pushed blobs went once', () => {
  test('the restored entry’s distribution-sources.json and the store’s', async () => {
    const root = join(await temp('oci-cache-sources-'), 'store');
    await realFs.mkdir(root, { recursive: true });
    const { library } = await fakeCache();

    const run1 = new RunnerCache({ root, keyPrefix: 'k', env: runEnv('1', await temp('oci-rt-')), logger, library });
    await run1.begin(() => Store.open(root));
    const store1 = await Store.open(root);
    const image = await makeImage(store1, { tag: 'app:1' });
    await (await BlobSources.load(root)).record('registry.test:5000', 'team/app', [image.digest]);
    await run1.save(store1);

    // Run 2 on a fresh runner: the store has a record of its own (a push before the restore).
    await realFs.rm(root, { recursive: true, force: true });
    await realFs.mkdir(root, { recursive: true });
    await (await BlobSources.load(root)).record('registry.test:5000', 'other/app', [image.digest]);
    const run2 = new RunnerCache({ root, keyPrefix: 'k', env: runEnv('2', await temp('oci-rt-')), logger, library });
    readFiles.length = 0;
    await run2.begin(() => Store.open(root));
    const sourceReads = readFiles.filter((p) => basename(p) === SOURCES_FILE);

    // Both records are merged …
    expect((await BlobSources.load(root)).repositories('registry.test:5000', image.digest).sort()).toEqual(['other/app', 'team/app']);
    // … and each file was read once.
    expect(sourceReads.filter((p) => p === join(root, SOURCES_FILE))).toHaveLength(1);
    expect(sourceReads.filter((p) => p !== join(root, SOURCES_FILE))).toHaveLength(1);
  });
});

describe('a restored index entry is read through the Store', () => {
  test('an entry whose index.json is damaged is one warning naming it; the store keeps its own tags and the cache is off', async () => {
    const root = join(await temp('oci-cache-damaged-'), 'store');
    await realFs.mkdir(root, { recursive: true });
    const { library, saved } = await fakeCache();
    const run1 = new RunnerCache({ root, keyPrefix: 'k', env: runEnv('1', await temp('oci-rt-')), logger, library });
    await run1.begin(() => Store.open(root));
    const store1 = await Store.open(root);
    await makeImage(store1, { tag: 'theirs:1' });
    await run1.save(store1);
    expect(saved).toHaveLength(1);
    // The saved entry's index.json is cut short.
    const entry = join(root, '..', 'entry');
    await library.restoreCache([entry], saved[0]!, []);
    await realFs.writeFile(join(entry, 'index.json'), '{"schemaVersion":2,"manifests":[');
    await library.saveCache([entry], 'k-index-2-1');

    // A runner with a store of its own restores the damaged entry.
    const root2 = join(await temp('oci-cache-damaged-'), 'store');
    const own = await Store.open(root2);
    await makeImage(own, { tag: 'mine:1' });
    const before = await own.readIndex();
    const warnings: string[] = [];
    const run2 = new RunnerCache({
      root: root2,
      keyPrefix: 'k',
      env: runEnv('3', await temp('oci-rt-')),
      logger: { ...logger, warning: (m: string) => void warnings.push(m) },
      library,
    });
    await run2.begin(() => Store.open(root2));

    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/the restored entry k-index-2-1 is unusable: .*index\.json/);
    expect(run2.cacheHit).toBe(false);
    expect(run2.broken).toBe(true);
    expect(await (await Store.open(root2)).readIndex()).toEqual(before);
  });
});
