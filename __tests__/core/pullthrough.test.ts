/**
 * Pull-through: the store first (no registry traffic on a hit), the registry on a miss
 * (tagged by the ref as written), and an index missing a wanted platform completed from
 * its registry.
 */
import { describe, expect, test, beforeAll, afterAll } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OMITTED_ANNOTATION, Store } from '../../src/core/layout.js';
import { copyGraph } from '../../src/core/copy.js';
import { resolveThrough } from '../../src/core/pullthrough.js';
import { RegistryClient } from '../../src/core/registry/client.js';
import { parseOptions, type RawInputs } from '../../src/core/commands/options.js';
import { isOciError } from '../../src/core/errors.js';
import { silentLogger } from '../../src/core/content.js';
import type { RunContext } from '../../src/core/commands/types.js';
import { withRegistry } from '../harness/registry-fixture.js';
import { startFaultProxy, type FaultProxy } from '../harness/fault-proxy.js';
import { makeImage, makeIndex } from '../harness/images.js';

let tmp: string;
const registry = withRegistry();
let counter: FaultProxy;
let amdDigest: string;
let armDigest: string;
let indexDigest: string;

const ctx = (): RunContext => ({ logger: silentLogger, env: { HOME: tmp }, workspace: tmp });
const opts = (raw: RawInputs) => parseOptions({ command: 'ingest', layers: 'x', ...raw }, { cwd: tmp, home: tmp, platform: 'linux', arch: 'x64' });

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'oci-store-pullthrough-'));
  counter = await startFaultProxy({ host: '127.0.0.1', port: registry.port }, { rate: 0 });
  const seed = await Store.open(join(tmp, 'seed'));
  const amd = await makeImage(seed);
  const arm = await makeImage(seed, { platform: { os: 'linux', architecture: 'arm64' } });
  const index = await makeIndex(seed, [amd, arm]);
  [amdDigest, armDigest, indexDigest] = [amd.digest, arm.digest, index.digest];
  const c = new RegistryClient();
  try {
    await copyGraph(seed, c.repository(`${registry.host}/base/img`, { push: true }), index, { tags: ['1'] });
  } finally {
    c.close();
  }
});

afterAll(async () => {
  await counter?.stop();
  await rm(tmp, { recursive: true, force: true });
});

describe('resolveThrough', () => {
  test('a miss pulls and tags the ref as written; a hit asks no registry', async () => {
    const store = await Store.open(join(tmp, 's1'));
    const ref = `${counter.host}/base/img:1`;
    const o = opts({ base: ref, platform: 'linux/amd64' });
    const d = await resolveThrough(store, ref, o, ctx(), 'base');
    expect(d.digest).toBe(indexDigest);
    expect((await store.resolve(ref)).digest).toBe(indexDigest);
    expect(await store.blobs.has(amdDigest)).toBe(true);
    expect(await store.blobs.has(armDigest)).toBe(false);
    const before = counter.stats.requests;
    expect((await resolveThrough(store, ref, o, ctx(), 'base')).digest).toBe(indexDigest);
    expect(counter.stats.requests).toBe(before);
  });

  test('an index lacking a wanted platform is completed from its registry', async () => {
    const store = await Store.open(join(tmp, 's2'));
    const ref = `${registry.host}/base/img:1`;
    await resolveThrough(store, ref, opts({ base: ref, platform: 'linux/amd64' }), ctx(), 'base');
    expect(await store.blobs.has(armDigest)).toBe(false);
    const partial = await store.verify();
    expect(partial.problems).toEqual([]);
    expect(partial.notPulled).toEqual([{ digest: armDigest, ref, platform: 'linux/arm64' }]);
    const d = await resolveThrough(store, ref, opts({ base: ref, platform: 'linux/amd64,linux/arm64' }), ctx(), 'base');
    expect(d.digest).toBe(indexDigest);
    expect(await store.blobs.has(armDigest)).toBe(true);
    const whole = await store.verify();
    expect(whole.problems).toEqual([]);
    // the completed tag no longer records arm64 as left out
    expect(whole.notPulled).toEqual([]);
    expect((await store.resolve(ref)).annotations?.[OMITTED_ANNOTATION]).toBeUndefined();
  });

  test('errors name the input', async () => {
    const store = await Store.open(join(tmp, 's3'));
    const err = await resolveThrough(store, `${registry.host}/base/none:1`, opts({}), ctx(), 'base').catch((e: unknown) => e);
    expect(isOciError(err, 'NAME_UNKNOWN')).toBe(true);
    expect((err as { input?: string }).input).toBe('base');
    const bare = await resolveThrough(store, 'sha256:' + 'b'.repeat(64), opts({}), ctx(), 'ref').catch((e: unknown) => e);
    expect(isOciError(bare, 'NOT_FOUND')).toBe(true);
    expect((await store.listTags()).length).toBe(0);
  });
});

describe('pull-through of a ref with a digest (base: name@sha256:…)', () => {
  test('a miss on name@sha256:… pulls it as an untagged root (no tag made of the digest ref) that survives gc; the next lookup asks no registry', async () => {
    const store = await Store.open(join(tmp, 's-digest'));
    const ref = `${counter.host}/base/img@${indexDigest}`;
    const o = opts({ base: ref, platform: 'linux/amd64' });
    expect((await resolveThrough(store, ref, o, ctx(), 'base')).digest).toBe(indexDigest);
    expect(await store.listTags()).toEqual([]);
    const entries = (await store.readIndex()).manifests;
    expect(entries.map((e) => [e.digest, e.annotations?.['org.opencontainers.image.ref.name']])).toEqual([[indexDigest, undefined]]);
    expect(entries[0]!.annotations?.[OMITTED_ANNOTATION]).toBe(armDigest);
    expect((await store.gc()).removedBlobs).toBe(0);
    expect(await store.blobs.has(amdDigest)).toBe(true);
    const v = await store.verify();
    expect(v.problems).toEqual([]);
    expect(v.notPulled).toEqual([{ digest: armDigest, platform: 'linux/arm64' }]);
    const before = counter.stats.requests;
    expect((await resolveThrough(store, ref, o, ctx(), 'base')).digest).toBe(indexDigest);
    expect(counter.stats.requests).toBe(before);
    // a second pull-through (all platforms) completes the index and keeps one entry
    await resolveThrough(store, ref, opts({ base: ref, platform: 'linux/amd64,linux/arm64' }), ctx(), 'base');
    const after = (await store.readIndex()).manifests;
    expect(after).toHaveLength(1);
    expect(after[0]!.annotations?.[OMITTED_ANNOTATION]).toBeUndefined();
  });
});
