import { afterAll, describe, expect, test } from '@jest/globals';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { execute } from '../../../src/core/commands/index.js';
import { isOciError } from '../../../src/core/errors.js';
import { Store } from '../../../src/core/layout.js';
import { MediaType } from '../../../src/core/types/oci.js';
import { makeImage, makeIndex } from '../../harness/images.js';
import { context, options, temps } from './helpers.js';

const tmp = temps();
afterAll(() => tmp.cleanup());

describe('inspect', () => {
  test('without ref: every tag with digest, mediaType and size', async () => {
    const root = await tmp.make();
    const store = await Store.open(root);
    const a = await makeImage(store, { platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } });
    await store.tagMany(a, ['app:1', 'ghcr.io/o/r:t']);
    const r = await execute(options({ command: 'inspect', store: root }), context());
    expect(r.store).toBe(root);
    expect(r.tags).toEqual([]);
    expect(r.details?.tags).toEqual([
      { ref: 'app:1', digest: a.digest, mediaType: MediaType.ImageManifest, size: a.size, ...(a.platform ? { platform: a.platform } : {}) },
      { ref: 'ghcr.io/o/r:t', digest: a.digest, mediaType: MediaType.ImageManifest, size: a.size, ...(a.platform ? { platform: a.platform } : {}) },
    ]);
  });

  test('without ref on a store that does not exist: an empty list, nothing created', async () => {
    const root = join(await tmp.make(), 'none');
    const r = await execute(options({ command: 'inspect', store: root }), context());
    expect(r.details?.tags).toEqual([]);
    await expect(readdir(root)).rejects.toThrow();
  });

  test('with ref: digest, metadata and a manifest/config summary', async () => {
    const root = await tmp.make();
    const store = await Store.open(root);
    const m = await makeImage(store, { platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } });
    await store.tag(m, 'app:1');
    const r = await execute(options({ command: 'inspect', store: root, ref: 'docker.io/library/app:1' }), context());
    expect(r.digest).toBe(m.digest);
    const manifest = await store.readJSON<{ layers: Array<{ digest: string; size: number; mediaType: string }> }>(m);
    expect(r.metadata).toEqual({
      digest: m.digest,
      mediaType: MediaType.ImageManifest,
      size: m.size,
      platform: 'linux/arm64/v8',
      layers: manifest.layers.map((l) => ({ digest: l.digest, size: l.size, mediaType: l.mediaType })),
      pushed: [],
      store: root,
    });
    expect(r.details).toMatchObject({
      ref: 'docker.io/library/app:1',
      tags: ['app:1'],
      manifest: { mediaType: MediaType.ImageManifest, layers: 2 },
      config: { os: 'linux', architecture: 'arm64', variant: 'v8', env: ['PATH=/usr/bin'] },
    });
  });

  test('an index: platform list, and its manifests in details', async () => {
    const root = await tmp.make();
    const store = await Store.open(root);
    const amd = await makeImage(store, { platform: { os: 'linux', architecture: 'amd64' } });
    const arm = await makeImage(store, { platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } });
    const ix = await makeIndex(store, [amd, arm], { tag: 'multi:1' });
    const r = await execute(options({ command: 'inspect', store: root, ref: 'multi:1' }), context());
    expect(r.digest).toBe(ix.digest);
    expect(r.metadata?.platform).toEqual(['linux/amd64', 'linux/arm64/v8']);
    expect(r.metadata?.layers).toHaveLength(4);
    expect((r.details?.index as { manifests: unknown[] }).manifests).toHaveLength(2);
  });

  test('an unknown ref: NOT_FOUND naming ref', async () => {
    const root = await tmp.make();
    await Store.open(root);
    const e = await execute(options({ command: 'inspect', store: root, ref: 'nope:1' }), context()).catch((x: unknown) => x);
    expect(isOciError(e, 'NOT_FOUND')).toBe(true);
    expect((e as { input?: string }).input).toBe('ref');
  });
});

describe('inspect of an index pulled for some platforms', () => {
  test('an index whose other platforms were left out is described (format oci), not NOT_FOUND for the absent child', async () => {
    const root = await tmp.make();
    const store = await Store.open(root);
    const amd = await makeImage(store);
    const arm = await makeImage(store, { platform: { os: 'linux', architecture: 'arm64' } });
    const index = await makeIndex(store, [amd, arm]);
    // what a pull of linux/amd64 leaves: the index, its amd64 child, no arm64 manifest
    await store.blobs.delete(arm.digest);
    await store.tagMany(index, ['ghcr.io/o/multi:1'], { omitted: [arm] });
    const r = await execute(options({ command: 'inspect', store: root, ref: 'ghcr.io/o/multi:1' }), context());
    expect(r.digest).toBe(index.digest);
    expect(r.details).toMatchObject({ format: 'oci', tags: ['ghcr.io/o/multi:1'] });
  });
});
