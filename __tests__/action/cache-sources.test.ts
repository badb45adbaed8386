/**
 * The record of where pushed blobs went (core/sources.ts) travels in the runner cache's
 * index entry, so a push in a later run mounts what an earlier run pushed. The cache
 * library is faked (a boundary: entries are directories copied aside); the store, the
 * record and the save/restore code are real.
 */
import { afterAll, describe, expect, test } from '@jest/globals';
import { cp, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunnerCache, type CacheLibrary } from '../../src/action/cache.js';
import { Store } from '../../src/core/layout.js';
import { BlobSources } from '../../src/core/sources.js';
import type { Manifest } from '../../src/core/types/oci.js';
import { makeImage } from '../harness/images.js';

const temps: string[] = [];
afterAll(async () => {
  for (const d of temps) await rm(d, { recursive: true, force: true });
});

async function temp(prefix: string): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), prefix));
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
        await rm(paths[0]!, { recursive: true, force: true });
        await cp(join(dir, String(saved.indexOf(key))), paths[0]!, { recursive: true });
      }
      return key;
    },
    saveCache: async (paths, key) => {
      if (saved.includes(key)) return -1;
      await cp(paths[0]!, join(dir, String(saved.length)), { recursive: true });
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

describe('where pushed blobs went, across runs', () => {
  test('the record saved by one run is restored by the next, and a record that changed alone is saved', async () => {
    const root = join(await temp('oci-sources-run-'), 'store');
    const { library, saved } = await fakeCache();

    // Run 1: an image is built and pushed to team/app.
    await mkdir(root, { recursive: true });
    const run1 = new RunnerCache({ root, keyPrefix: 'k', env: runEnv('1', await temp('oci-rt-')), logger, library });
    await run1.begin(() => Store.open(root));
    const store1 = await Store.open(root);
    const image = await makeImage(store1, { layers: [Buffer.from('layer one')], tag: 'app:1' });
    const manifest = await store1.readJSON<Manifest>(image);
    const blobs = [manifest.config.digest, ...manifest.layers.map((l) => l.digest)];
    await (await BlobSources.load(root)).record('registry.test:5000', 'team/app', blobs);
    await run1.save(store1);
    expect(saved).toHaveLength(1);

    // Run 2, on a fresh runner: the record comes back with the store.
    await rm(root, { recursive: true, force: true });
    await mkdir(root, { recursive: true });
    const run2 = new RunnerCache({ root, keyPrefix: 'k', env: runEnv('2', await temp('oci-rt-')), logger, library });
    await run2.begin(() => Store.open(root));
    const restored = await BlobSources.load(root);
    for (const d of blobs) expect(restored.repositories('registry.test:5000', d)).toEqual(['team/app']);

    // Only the record changes (a push of the same image elsewhere): the entry is saved again.
    await restored.record('registry.test:5000', 'other/app', blobs);
    await run2.save(await Store.open(root));
    expect(saved).toHaveLength(2);

    // Run 3 sees both repositories; saving with nothing changed saves nothing.
    await rm(root, { recursive: true, force: true });
    await mkdir(root, { recursive: true });
    const run3 = new RunnerCache({ root, keyPrefix: 'k', env: runEnv('3', await temp('oci-rt-')), logger, library });
    await run3.begin(() => Store.open(root));
    expect((await BlobSources.load(root)).repositories('registry.test:5000', blobs[0]!)).toEqual(['other/app', 'team/app']);
    await run3.save(await Store.open(root));
    expect(saved).toHaveLength(2);
  });
});
