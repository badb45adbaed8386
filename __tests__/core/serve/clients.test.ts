/**
 * Real clients against the served store: `skopeo copy` to and from it, with images made by
 * umoci, a multi-arch index, and an image made by our ingest — and the same copies through
 * Debian's docker-registry (the CNCF distribution registry) as the reference: every
 * digest must be identical.
 */
import { describe, expect, test, beforeAll, afterAll } from '@jest/globals';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { execute } from '../../../src/core/commands/index.js';
import { silentLogger } from '../../../src/core/content.js';
import { Store } from '../../../src/core/layout.js';
import { parseOptions } from '../../../src/core/commands/options.js';
import type { Descriptor, ImageConfig, ImageIndex, Manifest } from '../../../src/core/types/oci.js';
import { MediaType } from '../../../src/core/types/oci.js';
import { startRegistry, type TestRegistry } from '../../harness/registry.js';
import { serveTemp, tempDir, type Served } from './helpers.js';

const run = promisify(execFile);

async function skopeo(...args: string[]): Promise<string> {
  const { stdout } = await run('skopeo', ['--insecure-policy', ...args], { timeout: 60_000, maxBuffer: 16 << 20 });
  return stdout;
}

async function umoci(...args: string[]): Promise<void> {
  await run('umoci', args, { timeout: 60_000 });
}

/** sha256 of the manifest bytes a registry serves for `ref` (what a pull verifies). */
async function rawDigest(ref: string): Promise<string> {
  const { stdout } = await run('skopeo', ['inspect', '--raw', '--tls-verify=false', `docker://${ref}`], {
    timeout: 30_000,
    encoding: 'buffer',
    maxBuffer: 16 << 20,
  });
  return 'sha256:' + createHash('sha256').update(stdout).digest('hex');
}

async function copy(src: string, dest: string, all = false): Promise<void> {
  await skopeo('copy', ...(all ? ['--all'] : []), '--src-tls-verify=false', '--dest-tls-verify=false', src, dest);
}

let work: string;
let ours: Served;
let reference: TestRegistry;
let layout: string;

beforeAll(async () => {
  work = await tempDir('clients');
  [ours, reference] = await Promise.all([serveTemp(), startRegistry({ auth: 'none' })]);

  // An umoci layout: `base` (amd64) and `arm` (arm64) images, and `multi`, an index of both.
  layout = join(work, 'umoci');
  const rootfs = join(work, 'rootfs');
  await mkdir(join(rootfs, 'app', 'sub'), { recursive: true });
  await writeFile(join(rootfs, 'app', 'hello.txt'), 'hello from umoci\n');
  await writeFile(join(rootfs, 'app', 'sub', 'data.bin'), Buffer.alloc(300_000, 3));
  await umoci('init', '--layout', layout);
  await umoci('new', '--image', `${layout}:base`);
  await umoci('insert', '--rootless', '--image', `${layout}:base`, join(rootfs, 'app'), '/app');
  await umoci('config', '--image', `${layout}:base`, '--tag', 'arm', '--architecture', 'arm64', '--config.cmd', '/app/hello.txt');
  const store = await Store.open(layout, { create: false });
  const children: Descriptor[] = [];
  for (const tag of ['base', 'arm']) {
    const d = await store.resolve(tag);
    const m = await store.readJSON<Manifest>(d);
    const c = await store.readJSON<ImageConfig>(m.config);
    children.push({ mediaType: d.mediaType, digest: d.digest, size: d.size, platform: { architecture: c.architecture, os: c.os } });
  }
  const index: ImageIndex = { schemaVersion: 2, mediaType: MediaType.ImageIndex, manifests: children };
  await store.tag(await store.pushJSON(index, MediaType.ImageIndex), 'multi');
});

afterAll(async () => {
  await Promise.all([ours?.stop(), reference?.stop()]);
  if (work) await rm(work, { recursive: true, force: true });
});

describe('skopeo copy into the served store and into docker-registry', () => {
  test.each([
    ['an umoci image', 'base', false, 'umoci/app', '1'],
    ['a multi-arch index (--all)', 'multi', true, 'umoci/multi', 'v1'],
  ])('%s: same digests as the reference; visible as a store tag', async (_what, tag, all, repo, ref) => {
    const src = `oci:${layout}:${tag}`;
    await copy(src, `docker://${ours.server.registry}/${repo}:${ref}`, all);
    await copy(src, `docker://${reference.host}/${repo}:${ref}`, all);
    const expected = (await (await Store.open(layout, { create: false })).resolve(tag)).digest;
    expect(await rawDigest(`${ours.server.registry}/${repo}:${ref}`)).toBe(expected);
    expect(await rawDigest(`${reference.host}/${repo}:${ref}`)).toBe(expected);
    // What the client pushed is the store tag <name>:<tag>, for unpack and push.
    expect((await ours.store.resolve(`${repo}:${ref}`)).digest).toBe(expected);
    if (all) {
      const idx = await ours.store.readJSON<ImageIndex>(await ours.store.resolve(`${repo}:${ref}`));
      for (const m of idx.manifests) {
        expect(await rawDigest(`${ours.server.registry}/${repo}@${m.digest}`)).toBe(m.digest);
        expect(await rawDigest(`${reference.host}/${repo}@${m.digest}`)).toBe(m.digest);
      }
    }
  });

  test('skopeo copy back out of the served store gives the same index and manifests', async () => {
    const out = join(work, 'out');
    await copy(`docker://${ours.server.registry}/umoci/multi:v1`, `oci:${out}:back`, true);
    const back = await Store.open(out, { create: false });
    const original = await (await Store.open(layout, { create: false })).resolve('multi');
    expect((await back.resolve('back')).digest).toBe(original.digest);
    expect((await back.verify()).ok).toBe(true);
  });

  test('registry to registry both ways: ours → docker-registry → ours keeps every digest', async () => {
    await copy(`docker://${ours.server.registry}/umoci/multi:v1`, `docker://${reference.host}/relay/multi:2`, true);
    await copy(`docker://${reference.host}/relay/multi:2`, `docker://${ours.server.registry}/relay/multi:3`, true);
    const d = await rawDigest(`${ours.server.registry}/umoci/multi:v1`);
    expect(await rawDigest(`${reference.host}/relay/multi:2`)).toBe(d);
    expect(await rawDigest(`${ours.server.registry}/relay/multi:3`)).toBe(d);
  });

  test('skopeo list-tags and a second push of present blobs (HEAD/mount) agree with the reference', async () => {
    await copy(`oci:${layout}:base`, `docker://${ours.server.registry}/umoci/app:2`);
    await copy(`oci:${layout}:base`, `docker://${reference.host}/umoci/app:2`);
    const tags = async (registry: string): Promise<string[]> =>
      (JSON.parse(await skopeo('list-tags', '--tls-verify=false', `docker://${registry}/umoci/app`)) as { Tags: string[] }).Tags.sort();
    expect(await tags(ours.server.registry)).toEqual(['1', '2']);
    expect(await tags(reference.host)).toEqual(await tags(ours.server.registry));
  });
});

describe('an image made by our ingest, served straight from its store', () => {
  test('skopeo copies it to docker-registry and back with identical digests', async () => {
    const app = join(work, 'ingest-src');
    await mkdir(app, { recursive: true });
    await writeFile(join(app, 'main.js'), 'console.log("hi")\n');
    const store = join(work, 'ingest-store');
    const options = parseOptions(
      { command: 'ingest', store, layers: `${app}:/app`, tags: 'ingested:1', platform: 'linux/amd64,linux/arm64' },
      { cwd: work },
    );
    const result = await execute(options, { logger: silentLogger, env: {}, workspace: work });
    const served = await serveTemp({}, store);
    try {
      const registry = served.server.registry;
      expect(await rawDigest(`${registry}/ingested:1`)).toBe(result.digest);
      await copy(`docker://${registry}/ingested:1`, `docker://${reference.host}/ingested:1`, true);
      expect(await rawDigest(`${reference.host}/ingested:1`)).toBe(result.digest);
      await copy(`docker://${reference.host}/ingested:1`, `docker://${registry}/roundtrip:1`, true);
      expect((await served.store.resolve('roundtrip:1')).digest).toBe(result.digest);
      expect((await served.store.verify()).ok).toBe(true);
    } finally {
      await served.server.close(500);
    }
  });
});

describe('the served store afterwards', () => {
  test('verify is clean and every upload finished', async () => {
    const report = await ours.store.verify();
    expect(report.problems).toEqual([]);
    expect(await ours.store.blobs.listStatuses()).toEqual([]);
    // The layout is readable by umoci too.
    const { stdout } = await run('umoci', ['ls', '--layout', ours.dir], { timeout: 30_000 });
    expect(stdout.split('\n')).toEqual(expect.arrayContaining(['umoci/app:1', 'umoci/multi:v1']));
    expect(JSON.parse(await readFile(join(ours.dir, 'oci-layout'), 'utf8'))).toEqual({ imageLayoutVersion: '1.0.0' });
  });
});
