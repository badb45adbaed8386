/**
 * `command: push` and `push: true` end to end: several tags and repositories in one go,
 * mounts visible in metadata.pushed, re-push uploading nothing, mount sources remembered
 * across runs through the store's tags, and promote (tag + push) of a multi-platform
 * image pulled for one platform.
 */
import { describe, expect, test, beforeAll, afterAll } from '@jest/globals';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { execute } from '../../../src/core/commands/index.js';
import { pushResult } from '../../../src/core/commands/push.js';
import { isOciError, type OciError } from '../../../src/core/errors.js';
import { Store } from '../../../src/core/layout.js';
import { copyGraph } from '../../../src/core/copy.js';
import { RegistryClient } from '../../../src/core/registry/client.js';
import { sha256 } from '../../../src/core/digest.js';
import type { RawInputs } from '../../../src/core/commands/options.js';
import { withRegistry } from '../../harness/registry-fixture.js';
import { makeImage, makeIndex } from '../../harness/images.js';
import { context, options, recordingLogger, temps } from './helpers.js';

const exec = promisify(execFile);
const dirs = temps();
const registry = withRegistry();
let home: string;

function run(raw: RawInputs) {
  return execute(options(raw), { ...context(recordingLogger()), env: { HOME: home } });
}

async function skopeoDigest(ref: string): Promise<string> {
  const { stdout } = await exec('skopeo', ['inspect', '--tls-verify=false', '--raw', `docker://${ref}`]);
  return sha256(Buffer.from(stdout));
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

beforeAll(async () => {
  home = await dirs.make();
});

afterAll(async () => {
  await dirs.cleanup();
});

describe('push', () => {
  test('to several tags and repositories: uploads once, mounts into the second repository, skips the second tag', async () => {
    const storeDir = join(await dirs.make(), 'store');
    const store = await Store.open(storeDir);
    const image = await makeImage(store, { tag: 'app:1' });
    const a1 = `${registry.host}/team/app:1`;
    const a2 = `${registry.host}/team/app:latest`;
    const b1 = `${registry.host}/mirror/app:1`;
    const r = await run({ command: 'push', store: storeDir, ref: 'app:1', tags: `${a1}\n${a2}\n${b1}` });
    expect(r.digest).toBe(image.digest);
    expect(r.tags).toEqual([a1, a2, b1]);
    const pushed = r.metadata!.pushed;
    expect(pushed.map((p) => p.ref)).toEqual([a1, a2, b1]);
    expect(pushed[0]).toMatchObject({ digest: image.digest, uploaded: 4, mounted: 0, skipped: 0 });
    expect(pushed[0]!.uploadedBytes).toBeGreaterThan(4096);
    expect(pushed[1]).toMatchObject({ uploaded: 0, skipped: 4, mounted: 0 });
    expect(pushed[2]).toMatchObject({ uploaded: 1, mounted: 3, skipped: 0 });
    for (const ref of [a1, a2, b1]) expect(await skopeoDigest(ref)).toBe(image.digest);
    expect(r.metadata!.layers).toHaveLength(2);

    const again = await run({ command: 'push', store: storeDir, ref: 'app:1', tags: a1 });
    expect(again.metadata!.pushed[0]).toMatchObject({ uploaded: 0, uploadedBytes: 0, mounted: 0 });
  });

  test('without tags, a ref naming a registry is pushed to itself; a local ref is an error', async () => {
    const storeDir = join(await dirs.make(), 'store');
    const store = await Store.open(storeDir);
    const ref = `${registry.host}/self/app:7`;
    const image = await makeImage(store, { tag: ref });
    await makeImage(store, { tag: 'local:1' });
    const r = await run({ command: 'push', store: storeDir, ref });
    expect(r.metadata!.pushed[0]).toMatchObject({ ref, uploaded: 4 });
    expect(await skopeoDigest(ref)).toBe(image.digest);
    const e = await caught(run({ command: 'push', store: storeDir, ref: 'local:1' }));
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.input).toBe('tags');
    const missing = await caught(run({ command: 'push', store: storeDir, ref: 'absent:1', tags: ref }));
    expect(missing.code).toBe('NOT_FOUND');
    expect(missing.input).toBe('ref');
  });

  test('a later run mounts the layers of an image pulled from the same registry (store tags as mount hints)', async () => {
    const shared = randomBytes(4000);
    const seed = await Store.open(join(await dirs.make(), 'seed'));
    const base = await makeImage(seed, { layers: [shared] });
    const c = new RegistryClient();
    try {
      await copyGraph(seed, c.repository(`${registry.host}/base/os`, { push: true }), base, { tags: ['1'] });
    } finally {
      c.close();
    }
    const storeDir = join(await dirs.make(), 'store');
    await run({ command: 'pull', store: storeDir, ref: `${registry.host}/base/os:1` });
    const store = await Store.open(storeDir);
    const app = await makeImage(store, { layers: [shared, randomBytes(500)], tag: 'built:1' });
    const r = await run({ command: 'push', store: storeDir, ref: 'built:1', tags: `${registry.host}/apps/built:1` });
    expect(r.digest).toBe(app.digest);
    expect(r.metadata!.pushed[0]).toMatchObject({ mounted: 1, uploaded: 3 }); // new layer, config, manifest
  });
});

describe('push: true', () => {
  test('pushResult fills metadata.pushed for the digest a command produced', async () => {
    const storeDir = join(await dirs.make(), 'store');
    const store = await Store.open(storeDir);
    const image = await makeImage(store, { tag: 'made:1' });
    const ref = `${registry.host}/result/app:1`;
    const opts = options({ command: 'tag', store: storeDir, ref: 'made:1', tags: ref, push: 'true' });
    const r = await pushResult({ digest: image.digest, tags: [ref], store: storeDir }, opts, { ...context(), env: { HOME: home } });
    expect(r.metadata!.digest).toBe(image.digest);
    expect(r.metadata!.pushed).toEqual([expect.objectContaining({ ref, digest: image.digest, uploaded: 4 })]);
  });

  test('promote: tag a multi-platform image pulled for one platform, push it whole to another repository', async () => {
    const seed = await Store.open(join(await dirs.make(), 'seed'));
    const amd = await makeImage(seed);
    const arm = await makeImage(seed, { platform: { os: 'linux', architecture: 'arm64' } });
    const index = await makeIndex(seed, [amd, arm]);
    const c = new RegistryClient();
    try {
      await copyGraph(seed, c.repository(`${registry.host}/promote/src`, { push: true }), index, { tags: ['sha'] });
    } finally {
      c.close();
    }
    const storeDir = join(await dirs.make(), 'store');
    const stable = `${registry.host}/promote/prod:stable`;
    // ref is pulled through the store for the runner's platform only, then pushed whole
    const r = await run({ command: 'tag', store: storeDir, ref: `${registry.host}/promote/src:sha`, tags: stable, push: 'true', platform: 'linux/amd64' });
    expect(r.digest).toBe(index.digest);
    expect(await skopeoDigest(stable)).toBe(index.digest);
    const { stdout } = await exec('skopeo', ['inspect', '--tls-verify=false', '--raw', `docker://${registry.host}/promote/prod@${arm.digest}`]);
    expect(sha256(Buffer.from(stdout))).toBe(arm.digest);
    expect(r.metadata!.pushed[0]!.mounted).toBeGreaterThanOrEqual(3);
    const store = await Store.open(storeDir);
    expect(await store.blobs.has(arm.digest)).toBe(false); // the store still holds only what it pulled
  });
});
