/**
 * The post step's save runs gc on the store before saving it (DESIGN.md §3): an image
 * whose manifest cannot be read must not lose its blobs there, and the step must say so
 * visibly. The cache library is faked (a boundary); the store and gc are real.
 */
import { afterAll, describe, expect, test } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { appendFile, chmod, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunnerCache, type CacheLibrary } from '../../src/action/cache.js';
import { Store } from '../../src/core/layout.js';
import { makeImage } from '../harness/images.js';

const temps: string[] = [];
afterAll(async () => {
  for (const d of temps) await rm(d, { recursive: true, force: true });
});

describe('post step save with an unreadable tagged manifest', () => {
  test('gc before the save keeps the image’s 2 MB layer and warns naming the tag', async () => {
    const root = await mkdtemp(join(tmpdir(), 'oci-cache-gc-'));
    temps.push(root);
    const store = await Store.open(root);
    const image = await makeImage(store, { layers: [randomBytes(2 * 1024 * 1024)], tag: 'app:1' });
    await chmod(store.blobs.blobPath(image.digest), 0o644);
    await appendFile(store.blobs.blobPath(image.digest), '\n'); // one byte appended
    const before = (await readdir(join(root, 'blobs', 'sha256'))).sort();

    const warnings: string[] = [];
    const logger = { debug: () => {}, info: () => {}, warning: (m: string) => void warnings.push(m) };
    const saved: string[] = [];
    const library: CacheLibrary = {
      restoreCache: async () => undefined,
      saveCache: async (_paths, key) => {
        saved.push(key);
        return 1;
      },
    };
    const cache = new RunnerCache({ root, keyPrefix: 'k', env: {}, logger, library });
    // As post does: the store opened with the action's logger, then save.
    await cache.save(await Store.open(root, { create: false, logger }));

    expect((await readdir(join(root, 'blobs', 'sha256'))).sort()).toEqual(before);
    expect(warnings.some((w) => /gc: tag app:1 cannot be read/.test(w) && /no blob was removed/i.test(w))).toBe(true);
  });
});
