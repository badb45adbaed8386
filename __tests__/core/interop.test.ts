/**
 * Interop with real OCI tools: layouts written by umoci and skopeo open and resolve in our
 * Store; images we write pass oci-image-tool's validation and skopeo reads them with the
 * same digest.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { sha256 } from '../../src/core/digest.js';
import { Store } from '../../src/core/layout.js';
import { MediaType, type Descriptor, type ImageIndex, type Manifest } from '../../src/core/types/oci.js';
import { peer, requirePeers, runPeer, skopeo } from '../harness/peers.js';

let work: string;
beforeAll(async () => {
  await requirePeers('umoci', 'skopeo', 'oci-image-tool', 'tar');
  work = await mkdtemp(join(tmpdir(), 'oci-interop-'));
});
afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

/** Our image: a real gzip tar layer made by `tar -cz`, a config with its diff_id, a manifest. */
async function ourImage(store: Store, name: string, tags: string[]): Promise<Descriptor> {
  const src = join(work, `src-${name}`);
  await mkdir(join(src, 'app'), { recursive: true });
  await writeFile(join(src, 'app', 'hello.txt'), `hello from ${name}\n`);
  const tgz = join(work, `${name}.tar.gz`);
  await peer('tar', ['-cz', '-f', tgz, '-C', src, 'app']);
  const bytes = await readFile(tgz);
  const layer = await store.pushBytes(bytes, MediaType.LayerGzip);
  const config = await store.pushJSON(
    {
      created: '2024-01-01T00:00:00Z',
      architecture: 'amd64',
      os: 'linux',
      config: { Cmd: ['/bin/sh'], Env: ['PATH=/usr/bin:/bin'] },
      rootfs: { type: 'layers', diff_ids: [sha256(gunzipSync(bytes))] },
      history: [{ created: '2024-01-01T00:00:00Z', created_by: 'tar -cz' }],
    },
    MediaType.ImageConfig,
  );
  const manifest = await store.pushJSON({ schemaVersion: 2, mediaType: MediaType.ImageManifest, config, layers: [layer] } satisfies Manifest, MediaType.ImageManifest);
  await store.tagMany(manifest, tags);
  return manifest;
}

describe('layouts written by umoci', () => {
  test('umoci init + new: the empty image opens and resolves by its bare tag', async () => {
    const dir = join(work, 'umoci-empty');
    await peer('umoci', ['init', '--layout', dir]);
    await peer('umoci', ['new', '--image', `${dir}:latest`]);
    const index = JSON.parse(await readFile(join(dir, 'index.json'), 'utf8')) as ImageIndex;
    const store = await Store.open(dir, { create: false });
    const desc = await store.resolve('latest');
    expect(desc.digest).toBe(index.manifests[0]!.digest);
    expect(desc.mediaType).toBe(MediaType.ImageManifest);
    expect((await store.listTags()).map((t) => t.ref)).toEqual(['latest']);
    expect((await store.verify()).ok).toBe(true);
  });

  test('umoci insert --rootless: a layer; the graph is complete and readable', async () => {
    const dir = join(work, 'umoci-layer');
    const content = join(work, 'umoci-content');
    await mkdir(join(content, 'etc'), { recursive: true });
    await writeFile(join(content, 'etc', 'motd'), 'hi\n');
    await peer('umoci', ['init', '--layout', dir]);
    await peer('umoci', ['new', '--image', `${dir}:v1`]);
    await peer('umoci', ['insert', '--rootless', '--image', `${dir}:v1`, join(content, 'etc'), '/etc']);
    const store = await Store.open(dir, { create: false });
    const desc = await store.resolve('v1');
    const manifest = await store.readJSON<Manifest>(desc);
    expect(manifest.layers).toHaveLength(1);
    expect(manifest.layers[0]!.mediaType).toBe(MediaType.LayerGzip);
    expect(await store.successors(desc)).toEqual([manifest.config, ...manifest.layers]);
    expect((await store.resolve(`v1@${desc.digest}`)).digest).toBe(desc.digest);
    expect((await store.verify()).ok).toBe(true);
    // Our tags added to umoci's layout, and umoci still reads it.
    await store.tag(desc, 'app:1');
    const ls = await peer('umoci', ['ls', '--layout', dir]);
    expect(ls.split('\n').filter(Boolean).sort()).toEqual(['app:1', 'v1']);
    expect(await peer('umoci', ['stat', '--image', `${dir}:v1`])).toContain('LAYER');
  });
});

describe('layouts written by skopeo', () => {
  test('skopeo copy oci:ours:t oci:theirs:t opens and resolves in our Store, same digest', async () => {
    const ours = join(work, 'ours-a');
    const store = await Store.open(ours);
    const m = await ourImage(store, 'a', ['t', 'app:1']);
    const theirs = join(work, 'theirs-a');
    await skopeo(['copy', `oci:${ours}:t`, `oci:${theirs}:t`]);
    const other = await Store.open(theirs, { create: false });
    expect((await other.resolve('t')).digest).toBe(m.digest);
    expect((await other.verify()).ok).toBe(true);
    expect(await other.readJSON<Manifest>(await other.resolve('t'))).toEqual(await store.readJSON<Manifest>(m));
  });

  test('skopeo writing into our store keeps our tags; both open and resolve', async () => {
    const ours = join(work, 'ours-b');
    const store = await Store.open(ours);
    const m = await ourImage(store, 'b', ['mine:1']);
    const src = join(work, 'umoci-src-b');
    await peer('umoci', ['init', '--layout', src]);
    await peer('umoci', ['new', '--image', `${src}:base`]);
    await skopeo(['copy', `oci:${src}:base`, `oci:${ours}:theirs`]);
    const reopened = await Store.open(ours, { create: false });
    expect((await reopened.resolve('mine:1')).digest).toBe(m.digest);
    expect((await reopened.resolve('theirs')).mediaType).toBe(MediaType.ImageManifest);
    expect((await reopened.verify()).ok).toBe(true);
  });
});

describe('our images in other tools', () => {
  let dir: string;
  let manifest: Descriptor;
  beforeAll(async () => {
    dir = join(work, 'ours-c');
    const store = await Store.open(dir);
    manifest = await ourImage(store, 'c', ['v1', 'app:2']);
  });

  test('oci-image-tool validate --type image --ref name=TAG passes', async () => {
    for (const tag of ['v1', 'app:2']) {
      const r = await runPeer('oci-image-tool', ['validate', '--type', 'image', '--ref', `name=${tag}`, dir]);
      expect({ tag, code: r.code, out: r.stdout + r.stderr }).toEqual({ tag, code: 0, out: expect.stringContaining('Validation succeeded') });
    }
    // The validator is not a rubber stamp: a tag on a manifest without config fails.
    const badDir = join(work, 'ours-bad');
    const bad = await Store.open(badDir);
    const broken = await bad.pushJSON({ schemaVersion: 2, mediaType: MediaType.ImageManifest, layers: [] }, MediaType.ImageManifest);
    await bad.tag(broken, 'bad');
    expect((await runPeer('oci-image-tool', ['validate', '--type', 'image', '--ref', 'name=bad', badDir])).code).not.toBe(0);
  });

  test('skopeo inspect oci:DIR:TAG reports our digest and config', async () => {
    for (const tag of ['v1', 'app:2']) {
      const info = JSON.parse(await skopeo(['inspect', `oci:${dir}:${tag}`])) as { Digest: string; Architecture: string; Os: string; Layers: string[] };
      expect(info.Digest).toBe(manifest.digest);
      expect(info.Os).toBe('linux');
      expect(info.Architecture).toBe('amd64');
      expect(info.Layers).toHaveLength(1);
    }
  });

  test('umoci unpacks our image', async () => {
    const bundle = join(work, 'bundle-c');
    await peer('umoci', ['unpack', '--rootless', '--image', `${dir}:v1`, bundle]);
    expect(await readFile(join(bundle, 'rootfs', 'app', 'hello.txt'), 'utf8')).toBe('hello from c\n');
  });
});
