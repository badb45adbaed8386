/**
 * `command: index` — an image index assembled from the images `ref` lists (`docker buildx
 * imagetools create` without Docker): store tags, remote refs pulled through, digests
 * pushed by matrix jobs; an index among them contributes its manifests; one image per
 * platform; index-level annotations; `push: true`. Against the real docker-registry; the
 * pushed index read back with `skopeo inspect --raw`.
 */
import { describe, expect, test, beforeAll, afterAll } from '@jest/globals';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseArgv } from '../../../src/cli.js';
import { execute } from '../../../src/core/commands/index.js';
import { isOciError, type OciError } from '../../../src/core/errors.js';
import { Store } from '../../../src/core/layout.js';
import { sha256 } from '../../../src/core/digest.js';
import type { RawInputs } from '../../../src/core/commands/options.js';
import type { Descriptor, ImageIndex, Platform } from '../../../src/core/types/oci.js';
import { withRegistry } from '../../harness/registry-fixture.js';
import { makeImage, makeIndex } from '../../harness/images.js';
import { context, options, recordingLogger, temps } from './helpers.js';

const exec = promisify(execFile);
const dirs = temps();
const registry = withRegistry();
let home: string;

const amd64: Platform = { os: 'linux', architecture: 'amd64' };
const arm64: Platform = { os: 'linux', architecture: 'arm64' };

beforeAll(async () => {
  home = await dirs.make();
});

afterAll(async () => {
  await dirs.cleanup();
});

function run(raw: RawInputs, env: Record<string, string> = {}) {
  return execute(options(raw), { ...context(recordingLogger()), env: { HOME: home, ...env } });
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

/** The index as the registry serves it, checked against `digest`. */
async function skopeoIndex(ref: string, digest: string): Promise<ImageIndex> {
  const { stdout } = await exec('skopeo', ['inspect', '--tls-verify=false', '--raw', `docker://${ref}`]);
  expect(sha256(Buffer.from(stdout))).toBe(digest);
  return JSON.parse(stdout) as ImageIndex;
}

function platforms(index: ImageIndex): string[] {
  return index.manifests.map((m) => `${m.platform?.os}/${m.platform?.architecture}`).sort();
}

/** Push one image by digest from its own store (a matrix job); returns the pinned ref. */
async function matrixJob(repository: string, platform: Platform): Promise<{ ref: string; image: Descriptor }> {
  const storeDir = join(await dirs.make(), 'store');
  const image = await makeImage(await Store.open(storeDir), { platform, tag: 'leg:1' });
  const r = await run({ command: 'push', store: storeDir, ref: 'leg:1', tags: repository });
  return { ref: r.metadata!.pushed[0]!.ref, image };
}

describe('index from store tags', () => {
  test('two platforms: child descriptors carry the platform from the config; pushed, skopeo lists both', async () => {
    const storeDir = join(await dirs.make(), 'store');
    const store = await Store.open(storeDir);
    // Tagged without platform in index.json: the command must read it from each config.
    const a = await makeImage(store, { platform: amd64, tag: 'app:amd64' });
    const b = await makeImage(store, { platform: arm64, tag: 'app:arm64' });
    const target = `${registry.host}/idx/app:1`;
    const r = await run({ command: 'index', store: storeDir, ref: 'app:amd64\napp:arm64', tags: target, push: 'true' });
    expect(r.metadata!.mediaType).toBe('application/vnd.oci.image.index.v1+json');
    expect(r.metadata!.platform).toEqual(['linux/amd64', 'linux/arm64']);
    expect(r.tags).toEqual([target]);
    const index = await skopeoIndex(target, r.digest!);
    expect(index.manifests.map((m) => [m.digest, m.platform])).toEqual([
      [a.digest, amd64],
      [b.digest, arm64],
    ]);
    expect((await store.resolve(target)).digest).toBe(r.digest);
    // skopeo fetches each platform's image through the index
    for (const arch of ['amd64', 'arm64']) {
      const { stdout } = await exec('skopeo', ['inspect', '--tls-verify=false', '--override-arch', arch, '--format', '{{.Architecture}}', `docker://${target}`]);
      expect(stdout.trim()).toBe(arch);
    }
  });

  test('the same inputs give the same index (digest), annotations at index and descriptor level', async () => {
    const storeDir = join(await dirs.make(), 'store');
    const store = await Store.open(storeDir);
    await makeImage(store, { platform: amd64, tag: 'a:1' });
    await makeImage(store, { platform: arm64, tag: 'b:1' });
    const annotations = 'index:org.opencontainers.image.description=two platforms\norg.example.plain=yes\nmanifest-descriptor:org.example.leg=matrix';
    const first = await run({ command: 'index', store: storeDir, ref: 'a:1,b:1', tags: 'multi:1', annotations });
    const again = await run({ command: 'index', store: storeDir, ref: 'a:1\nb:1', tags: 'multi:2', annotations });
    expect(again.digest).toBe(first.digest);
    const index = await store.readJSON<ImageIndex>(await store.resolve('multi:1'));
    expect(index.annotations).toMatchObject({ 'org.opencontainers.image.description': 'two platforms', 'org.example.plain': 'yes' });
    for (const m of index.manifests) expect(m.annotations).toEqual({ 'org.example.leg': 'matrix' });
  });
});

describe('fan-in of a matrix', () => {
  test('digests pushed by matrix jobs and a multi-platform index, assembled in a fresh store and pushed', async () => {
    const repository = `${registry.host}/fan/app`;
    const legA = await matrixJob(repository, amd64);
    const legB = await matrixJob(repository, arm64);
    // An existing multi-platform image elsewhere on the registry contributes its manifests.
    const seedDir = join(await dirs.make(), 'seed');
    const seed = await Store.open(seedDir);
    const riscv = await makeImage(seed, { platform: { os: 'linux', architecture: 'riscv64' } });
    const s390x = await makeImage(seed, { platform: { os: 'linux', architecture: 's390x' } });
    await makeIndex(seed, [riscv, s390x], { tag: 'base:multi' });
    await run({ command: 'push', store: seedDir, ref: 'base:multi', tags: `${registry.host}/fan/base:multi` });

    const fanIn = join(await dirs.make(), 'store');
    const target = `${repository}:1`;
    const r = await run({
      command: 'index',
      store: fanIn,
      ref: `${legA.ref}\n${legB.ref}\n${registry.host}/fan/base:multi`,
      tags: target,
      push: 'true',
    });
    const index = await skopeoIndex(target, r.digest!);
    expect(platforms(index)).toEqual(['linux/amd64', 'linux/arm64', 'linux/riscv64', 'linux/s390x']);
    expect(index.manifests.slice(0, 2).map((m) => m.digest)).toEqual([legA.image.digest, legB.image.digest]);
    // The legs' manifests were already in the repository; the base's came by mount or upload.
    expect(r.metadata!.pushed[0]).toMatchObject({ ref: target, digest: r.digest });
    for (const m of index.manifests) {
      const { stdout } = await exec('skopeo', ['inspect', '--tls-verify=false', '--raw', `docker://${repository}@${m.digest}`]);
      expect(sha256(Buffer.from(stdout))).toBe(m.digest);
    }
  });
});

describe('refused', () => {
  test('two different images for one platform: one error naming both, the store as it was', async () => {
    const storeDir = join(await dirs.make(), 'store');
    const store = await Store.open(storeDir);
    const one = await makeImage(store, { platform: amd64, tag: 'one:1' });
    const two = await makeImage(store, { platform: amd64, tag: 'two:1' });
    const before = await store.readIndex();
    const e = await caught(run({ command: 'index', store: storeDir, ref: 'one:1\ntwo:1', tags: 'both:1' }));
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.input).toBe('ref');
    expect(e.message).toContain(one.digest);
    expect(e.message).toContain(two.digest);
    expect(e.message).toContain('linux/amd64');
    expect(await (await Store.open(storeDir)).readIndex()).toEqual(before);
  });

  test('the same image listed twice (by tag and by digest) is kept once', async () => {
    const storeDir = join(await dirs.make(), 'store');
    const store = await Store.open(storeDir);
    const one = await makeImage(store, { platform: amd64, tag: 'one:1' });
    const r = await run({ command: 'index', store: storeDir, ref: `one:1\none@${one.digest}`, tags: 'once:1' });
    const index = await store.readJSON<ImageIndex>(await store.resolve('once:1'));
    expect(index.manifests.map((m) => m.digest)).toEqual([one.digest]);
    expect(r.metadata!.platform).toEqual(['linux/amd64']);
  });

  test.each([
    ['no ref', { tags: 'x:1' }, 'ref', 'INVALID_INPUT'],
    ['no tags', { ref: 'a:1' }, 'tags', 'INVALID_INPUT'],
    ['a malformed ref line', { ref: 'a:1\nNot A Ref', tags: 'x:1' }, 'ref', 'INVALID_REFERENCE'],
    ['a digest the store lacks', { ref: `sha256:${'c'.repeat(64)}`, tags: 'x:1' }, 'ref', 'NOT_FOUND'],
  ] as Array<[string, RawInputs, string, string]>)('%s: one coded error naming the input', async (_name, raw, input, code) => {
    const storeDir = join(await dirs.make(), 'store');
    await Store.open(storeDir);
    const e = await caught((async () => run({ command: 'index', store: storeDir, ...raw }))());
    expect(e.code).toBe(code);
    expect(e.input).toBe(input);
  });
});

describe('CLI', () => {
  test('--ref repeats for index (one ref per flag), and only there', () => {
    expect(parseArgv(['index', '--ref', 'a:1', '--ref', 'b:1', '--tags', 'x:1']).raw.ref).toBe('a:1\nb:1');
    let err: unknown;
    try {
      parseArgv(['push', '--ref', 'a:1', '--ref', 'b:1']);
    } catch (e) {
      err = e;
    }
    expect(isOciError(err, 'INVALID_INPUT')).toBe(true);
    expect((err as OciError).input).toBe('ref');
  });
});
