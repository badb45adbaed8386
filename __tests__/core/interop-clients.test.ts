/**
 * Interop with real container clients (issue 14): containerd's `ctr` and podman pull from
 * and push to `serve` in OCI and Docker (schema2) formats, and their unpacked trees equal
 * ours; skopeo and umoci then read every OCI tag of the store those pushes filled.
 *
 * Regression tests, by name:
 * - "issue 14.1": an image built on a Docker-format base carries OCI layer types, so podman
 *   re-pushes it and `skopeo copy --format v2s2` converts it.
 * - "issue 14.2": Docker-format tags keep the digest the client pushed, `inspect` says they
 *   are Docker-format, and `tag` with `format: oci` writes an OCI copy that `oci:` readers see.
 */
import { describe, expect, test, beforeAll, afterAll } from '@jest/globals';
import { createHash, randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { chmod, link, mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execute } from '../../src/core/commands/index.js';
import { silentLogger } from '../../src/core/content.js';
import { toOCI } from '../../src/core/convert.js';
import { isOciError } from '../../src/core/errors.js';
import { Store } from '../../src/core/layout.js';
import { parseOptions, type RawInputs } from '../../src/core/commands/options.js';
import type { Descriptor, ImageIndex, Manifest } from '../../src/core/types/oci.js';
import { isDockerMediaType, MediaType, ociMediaType } from '../../src/core/types/oci.js';
import { podmanClient, runTool, startContainerd, type Containerd, type Podman } from '../harness/clients.js';
import { makeImage, makeIndex } from '../harness/images.js';
import { serveTemp, type Served } from './serve/helpers.js';
import { walk } from './tree-helpers.js';

let work: string;
let served: Served;
let registry: string;
let containerd: Containerd;
let podman: Podman;
/** Our unpack of `app:1`: the reference tree every client's must equal. */
let tree: Awaited<ReturnType<typeof walk>>;

async function run(raw: RawInputs): Promise<Awaited<ReturnType<typeof execute>>> {
  return execute(parseOptions({ store: served.dir, cache: 'false', ...raw }, { cwd: work }), { logger: silentLogger, env: {}, workspace: work });
}

/** Our unpack of a store tag, walked. */
async function ourTree(ref: string): Promise<Awaited<ReturnType<typeof walk>>> {
  const path = join(work, 'unpack', ref.replace(/[^A-Za-z0-9.-]/g, '_'));
  await rm(path, { recursive: true, force: true });
  await run({ command: 'unpack', ref, path });
  return walk(path);
}

function skopeo(args: string[]): Promise<string> {
  return runTool('skopeo', ['--insecure-policy', ...args]);
}

/** sha256 of the manifest bytes the registry serves for `ref`: what a client verifies. */
async function servedDigest(ref: string): Promise<string> {
  const raw = await runTool('skopeo', ['inspect', '--raw', '--tls-verify=false', `docker://${registry}/${ref}`]);
  return 'sha256:' + createHash('sha256').update(raw).digest('hex');
}

/** The index.json entry of a store tag. */
async function entry(ref: string): Promise<Descriptor> {
  const index = JSON.parse(await readFile(join(served.dir, 'index.json'), 'utf8')) as ImageIndex;
  const d = index.manifests.find((m) => m.annotations?.['org.opencontainers.image.ref.name'] === ref);
  if (!d) throw new Error(`index.json has no tag ${ref}`);
  return d;
}

/** Digests clients reported when pushing Docker-format tags; they must never change. */
const pushedDocker = new Map<string, string>();

beforeAll(async () => {
  // Lower case: podman names an image pulled from oci:<path> after the path.
  work = join(tmpdir(), `oci-store-interop-clients-${randomBytes(6).toString('hex')}`);
  await mkdir(work);
  // A tree with what unpackers get wrong: modes, a symlink, a hard link, an empty dir, and
  // a file larger than one 1 MiB gzip member.
  const app = join(work, 'src', 'app');
  await mkdir(join(app, 'sub', 'empty'), { recursive: true });
  await writeFile(join(app, 'hello.txt'), 'hello from oci-store\n');
  await writeFile(join(app, 'run.sh'), '#!/bin/sh\necho hi\n');
  await chmod(join(app, 'run.sh'), 0o755);
  await writeFile(join(app, 'sub', 'big.bin'), Buffer.from(Array.from({ length: 3 << 20 }, (_, i) => (i * 7919) % 251)));
  await symlink('hello.txt', join(app, 'link'));
  await link(join(app, 'hello.txt'), join(app, 'sub', 'hard.txt'));
  await writeFile(join(work, 'src', 'extra.txt'), 'added on a Docker-format base\n');

  const storeDir = join(work, 'store');
  await Store.open(storeDir);
  served = await serveTemp({}, storeDir);
  registry = served.server.registry;
  await run({ command: 'ingest', layers: 'src/app:/app', tags: 'app:1', platform: 'linux/amd64' });
  await run({ command: 'ingest', layers: 'src/app:/app', tags: 'multi:1', platform: 'linux/amd64,linux/arm64' });
  tree = await ourTree('app:1');
  expect(Object.keys(tree)).toEqual(expect.arrayContaining(['app/run.sh', 'app/link', 'app/sub/big.bin', 'app/sub/hard.txt', 'app/sub/empty']));

  // Docker-format sources: skopeo's conversion of our OCI image and of our index.
  await skopeo(['copy', '--format', 'v2s2', '--src-tls-verify=false', '--dest-tls-verify=false', `docker://${registry}/app:1`, `docker://${registry}/app:v2s2`]);
  await skopeo(['copy', '--all', '--format', 'v2s2', '--src-tls-verify=false', '--dest-tls-verify=false', `docker://${registry}/multi:1`, `docker://${registry}/multi:v2s2`]);
  pushedDocker.set('app:v2s2', await servedDigest('app:v2s2'));
  pushedDocker.set('multi:v2s2', await servedDigest('multi:v2s2'));

  [containerd, podman] = await Promise.all([startContainerd(), podmanClient()]);
}, 300_000);

afterAll(async () => {
  await Promise.all([containerd?.stop(), podman?.stop(), served?.stop()]);
  if (work) await rm(work, { recursive: true, force: true });
}, 60_000);

describe('containerd (ctr) against serve', () => {
  const ctrPull = (ref: string): Promise<string> => containerd.ctr(['images', 'pull', '--plain-http', '--platform', 'linux/amd64', `${registry}/${ref}`]);
  const ctrDigest = async (ref: string): Promise<string> => {
    const line = (await containerd.ctr(['images', 'ls'])).split('\n').find((l) => l.split(/\s+/)[0] === `${registry}/${ref}`);
    return line!.split(/\s+/)[2]!;
  };

  test.each([
    ['an OCI image made by our ingest', 'app:1', MediaType.ImageManifest],
    ['its Docker-format copy', 'app:v2s2', MediaType.DockerManifest],
    ['a Docker manifest list', 'multi:v2s2', MediaType.DockerManifestList],
  ])('ctr pulls %s and unpacks the same tree as ours', async (_what, ref, mediaType) => {
    expect((await entry(ref)).mediaType).toBe(mediaType);
    await ctrPull(ref);
    expect(await walk(await containerd.rootfs(`${registry}/${ref}`))).toEqual(tree);
  });

  test.each([
    ['OCI', 'app:1', 'app:ctr-oci', MediaType.ImageManifest],
    ['Docker', 'app:v2s2', 'app:ctr-docker', MediaType.DockerManifest],
  ])('ctr pushes an image back in %s format: the store records the digest ctr has, and our unpack matches', async (_f, from, to, mediaType) => {
    await ctrPull(from);
    await containerd.ctr(['images', 'tag', '--force', `${registry}/${from}`, `${registry}/${to}`]);
    await containerd.ctr(['images', 'push', '--plain-http', `${registry}/${to}`]);
    const d = await entry(to);
    expect(d.mediaType).toBe(mediaType);
    expect(d.digest).toBe(await ctrDigest(to));
    if (isDockerMediaType(mediaType)) pushedDocker.set(to, d.digest);
    expect(await ourTree(to)).toEqual(tree);
  });
});

describe('podman against serve', () => {
  test('podman pulls an OCI image from serve and its tree equals ours', async () => {
    await podman.podman(['pull', '--tls-verify=false', `${registry}/app:1`]);
    expect(await walk(await podman.rootfs(`${registry}/app:1`))).toEqual(tree);
  });

  test.each([
    ['oci', 'app:podman-oci', MediaType.ImageManifest],
    ['v2s2', 'app:podman-v2s2', MediaType.DockerManifest],
  ])('podman push --format %s: the store records the digest podman reports, and our unpack matches', async (format, to, mediaType) => {
    const digestFile = join(work, `digest-${format}`);
    await podman.podman(['pull', '--tls-verify=false', `${registry}/app:1`]);
    await podman.podman(['push', '--tls-verify=false', '--format', format, '--digestfile', digestFile, `${registry}/app:1`, `docker://${registry}/${to}`]);
    const d = await entry(to);
    expect(d.mediaType).toBe(mediaType);
    expect(d.digest).toBe((await readFile(digestFile, 'utf8')).trim());
    if (isDockerMediaType(mediaType)) pushedDocker.set(to, d.digest);
    expect(await ourTree(to)).toEqual(tree);
  });
});

describe('issue 14.1: an image built on a Docker-format base', () => {
  test('carries OCI layer types (same digests); podman re-pushes it and skopeo converts it to v2s2', async () => {
    const base = 'app:v2s2';
    const baseManifest = await served.store.readJSON<Manifest>(await served.store.resolve(base));
    expect(baseManifest.layers.every((l) => l.mediaType === MediaType.DockerLayerGzip)).toBe(true);
    await run({ command: 'ingest', base, layers: 'src/extra.txt:/extra.txt', tags: 'app:on-docker', platform: 'linux/amd64' });
    const m = await served.store.readJSON<Manifest>(await served.store.resolve('app:on-docker'));
    expect(m.mediaType).toBe(MediaType.ImageManifest);
    expect(m.config.mediaType).toBe(MediaType.ImageConfig);
    expect(m.layers.map((l) => l.mediaType)).toEqual([MediaType.LayerGzip, MediaType.LayerGzip]);
    // The base's layers are the same blobs, relabelled.
    expect(m.layers[0]!.digest).toBe(baseManifest.layers[0]!.digest);
    expect(m.layers[0]!.size).toBe(baseManifest.layers[0]!.size);

    const expected = await ourTree('app:on-docker');
    expect(expected['extra.txt']).toBeDefined();
    await podman.podman(['pull', '--tls-verify=false', `${registry}/app:on-docker`]);
    expect(await walk(await podman.rootfs(`${registry}/app:on-docker`))).toEqual(expected);
    // Was: "unsupported MIME type for compression: application/vnd.docker.image.rootfs.diff.tar.gzip".
    await podman.podman(['push', '--tls-verify=false', '--format', 'oci', `${registry}/app:on-docker`, `docker://${registry}/app:on-docker-podman`]);
    expect(await ourTree('app:on-docker-podman')).toEqual(expected);
    // Was: "Unknown media type during manifest conversion".
    await skopeo(['copy', '--format', 'v2s2', '--src-tls-verify=false', '--dest-tls-verify=false', `docker://${registry}/app:on-docker`, `docker://${registry}/app:on-docker-v2s2`]);
    expect((await entry('app:on-docker-v2s2')).mediaType).toBe(MediaType.DockerManifest);
    pushedDocker.set('app:on-docker-v2s2', (await entry('app:on-docker-v2s2')).digest);
    expect(await ourTree('app:on-docker-v2s2')).toEqual(expected);
  });
});

describe('issue 14.2: Docker-format tags', () => {
  test('keep the digest the client pushed; inspect says Docker-format; tag with format oci writes an OCI copy skopeo, podman and umoci read', async () => {
    const listed = (await run({ command: 'inspect' })).details as { tags: Array<{ ref: string; digest: string; mediaType: string; format?: string }> };
    const docker = listed.tags.filter((t) => t.format === 'docker').map((t) => t.ref).sort();
    // Every Docker-format push of the tests above (the list depends on which ran).
    expect(docker).toEqual([...pushedDocker.keys()].sort());
    expect(docker.length).toBeGreaterThanOrEqual(2);

    for (const ref of docker) {
      const inspected = await run({ command: 'inspect', ref });
      expect(inspected.details).toMatchObject({ format: 'docker', note: expect.stringContaining('format: oci') });
      // oci: readers cannot see it (what the README says).
      await expect(skopeo(['inspect', `oci:${served.dir}:${ref}`])).rejects.toThrow(/no descriptor found/);

      const converted = await run({ command: 'tag', ref, tags: `${ref}-oci`, format: 'oci' });
      expect(converted.digest).not.toBe(pushedDocker.get(ref));
      const d = await entry(`${ref}-oci`);
      expect(d.mediaType).toBe(ociMediaType((await entry(ref)).mediaType));
      expect((await run({ command: 'inspect', ref: `${ref}-oci` })).details).toMatchObject({ format: 'oci' });
      // The Docker tag is untouched: index.json and the registry give what the client pushed.
      expect((await entry(ref)).digest).toBe(pushedDocker.get(ref));
      expect(await servedDigest(ref)).toBe(pushedDocker.get(ref));
    }

    // A converted image has the same blobs under OCI types; nothing Docker is left in it.
    const conv = await served.store.readJSON<Manifest>(await served.store.resolve('app:v2s2-oci'));
    const orig = await served.store.readJSON<Manifest>(await served.store.resolve('app:v2s2'));
    expect(conv.config.digest).toBe(orig.config.digest);
    expect(conv.layers.map((l) => l.digest)).toEqual(orig.layers.map((l) => l.digest));
    expect([conv.mediaType, conv.config.mediaType, ...conv.layers.map((l) => l.mediaType)].some(isDockerMediaType)).toBe(false);

    // skopeo and umoci read every OCI tag of the store (podman too, through oci:).
    const oci = ((await run({ command: 'inspect' })).details as typeof listed).tags.filter((t) => t.format !== 'docker');
    expect(oci.map((t) => t.ref)).toEqual(expect.arrayContaining(docker.map((r) => `${r}-oci`)));
    for (const t of oci) {
      const out = JSON.parse(await skopeo(['inspect', `oci:${served.dir}:${t.ref}`])) as { Os: string; Architecture: string };
      expect(out.Os).toBe('linux');
      if (t.mediaType !== MediaType.ImageManifest) continue; // umoci unpacks manifests, not indexes
      const bundle = join(work, 'umoci', t.ref.replace(/[^A-Za-z0-9.-]/g, '_'));
      await runTool('umoci', ['unpack', '--rootless', '--image', `${served.dir}:${t.ref}`, bundle]);
      expect(await walk(join(bundle, 'rootfs'))).toEqual(await ourTree(t.ref));
    }
    // podman pull prints the image ID last.
    const id = (await podman.podman(['pull', `oci:${served.dir}:app:podman-v2s2-oci`])).trim().split('\n').pop()!;
    expect(await walk(await podman.rootfs(id))).toEqual(tree);
  });

  test('inspect lists a Docker-format tag as such; format oci is a no-op on OCI content and refused elsewhere', async () => {
    const store = await Store.open(join(work, 'unit'));
    const img = await makeImage(store, { docker: true, tag: 'd:1' });
    const list = await makeIndex(store, [img], { docker: true, tag: 'd:list' });
    const oci = await makeImage(store, { tag: 'o:1' });
    const unit = (raw: RawInputs) => execute(parseOptions({ store: store.root, cache: 'false', ...raw }, { cwd: work }), { logger: silentLogger, env: {}, workspace: work });
    expect(((await unit({ command: 'inspect', ref: 'd:list' })).details as { format: string }).format).toBe('docker');
    // An OCI image needs no conversion: same digest.
    expect((await unit({ command: 'tag', ref: 'o:1', tags: 'o:2', format: 'oci' })).digest).toBe(oci.digest);
    // A Docker list becomes an OCI index of converted manifests, platforms kept.
    const converted = await toOCI(store, list);
    expect(converted.mediaType).toBe(MediaType.ImageIndex);
    const ix = await store.readJSON<ImageIndex>(converted);
    expect(ix.manifests).toHaveLength(1);
    expect(ix.manifests[0]).toMatchObject({ mediaType: MediaType.ImageManifest, platform: img.platform });
    expect(ix.manifests[0]!.digest).toBe((await toOCI(store, img)).digest);
    for (const [raw, input] of [
      [{ command: 'tag', ref: 'd:1', tags: 'x:1', format: 'docker' }, 'format'],
      [{ command: 'push', ref: 'd:1', tags: 'x:1', format: 'oci' }, 'format'],
    ] as Array<[RawInputs, string]>) {
      let err: unknown;
      try {
        parseOptions({ store: store.root, ...raw }, { cwd: work });
      } catch (e) {
        err = e;
      }
      expect(isOciError(err, 'INVALID_INPUT')).toBe(true);
      expect((err as { input?: string }).input).toBe(input);
    }
  });
});
