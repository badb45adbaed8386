/**
 * gc and verify when a live root cannot be read (issue 10, item 7). A tagged manifest or
 * index whose bytes are damaged, that is not JSON, or whose child manifest is missing hides
 * what it references: gc must then delete no blob it cannot prove unreferenced, and say so
 * visibly, naming the tag.
 */
import { afterAll, describe, expect, test } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from '../../src/core/content.js';
import { Store, OMITTED_ANNOTATION } from '../../src/core/layout.js';
import { Annotation, MediaType, type Descriptor } from '../../src/core/types/oci.js';
import { makeImage, makeIndex } from '../harness/images.js';

const temps: string[] = [];
afterAll(async () => {
  for (const d of temps) await rm(d, { recursive: true, force: true });
});

function recording(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  return { warnings, debug: () => {}, info: () => {}, warning: (m) => void warnings.push(m) };
}

async function storeWith(logger: Logger): Promise<Store> {
  const d = await mkdtemp(join(tmpdir(), 'oci-gc-unreadable-'));
  temps.push(d);
  return Store.open(d, { logger });
}

/** Replace a blob file's bytes (blobs are 0444). */
async function rewrite(store: Store, digest: string, change: (b: Buffer) => Buffer): Promise<void> {
  const p = store.blobs.blobPath(digest);
  await chmod(p, 0o644);
  await writeFile(p, change(await readFile(p)));
}

async function graphOf(store: Store, manifest: Descriptor): Promise<string[]> {
  const m = JSON.parse((await readFile(store.blobs.blobPath(manifest.digest))).toString('utf8').replace(/\s+$/, ''));
  return [m.config.digest, ...m.layers.map((l: Descriptor) => l.digest)];
}

async function present(store: Store, digests: string[]): Promise<boolean[]> {
  return Promise.all(digests.map((d) => store.blobs.has(d)));
}

describe('gc with a live root that cannot be read', () => {
  test('one byte appended to a tagged manifest: its config and 2 MB layer stay, gc warns naming the tag', async () => {
    const logger = recording();
    const store = await storeWith(logger);
    const image = await makeImage(store, { layers: [randomBytes(2 * 1024 * 1024)], tag: 'app:1' });
    const junk = await store.pushBytes(randomBytes(500), MediaType.Layer); // unreferenced
    const children = await graphOf(store, image);
    await rewrite(store, image.digest, (b) => Buffer.concat([b, Buffer.from('\n')]));

    const report = await store.gc();
    expect(await present(store, [image.digest, ...children])).toEqual([true, true, true]);
    // Nothing can be proven unreferenced while app:1's manifest is unreadable.
    expect(await store.blobs.has(junk.digest)).toBe(true);
    expect(report.removedBlobs).toBe(0);
    expect(report.unreadable).toEqual([expect.objectContaining({ ref: 'app:1', digest: image.digest })]);
    expect(report.keptBlobs).toBe(3); // its config and layer (unreachable through it) and the junk
    expect(logger.warnings).toHaveLength(1);
    expect(logger.warnings[0]).toMatch(/app:1/);
    expect(logger.warnings[0]).toMatch(/no blob was removed/i);
    expect(logger.warnings[0]).toMatch(/verify/);
  });

  test.each([
    ['a byte changed in place (same size, bad digest)', async (store: Store, m: Descriptor) => rewrite(store, m.digest, (b) => Buffer.from(b.toString('utf8').replace('"schemaVersion":2', '"schemaVersion":3')))],
    ['the manifest file removed (missing root)', async (store: Store, m: Descriptor) => store.blobs.delete(m.digest)],
  ])('%s: the image stays whole and the tag is named', async (_name, damage) => {
    const logger = recording();
    const store = await storeWith(logger);
    const image = await makeImage(store, { tag: 'ghcr.io/o/app:7' });
    const children = await graphOf(store, image);
    await damage(store, image);
    const report = await store.gc();
    expect(report.removedBlobs).toBe(0);
    expect(await present(store, children)).toEqual([true, true, true]);
    expect(report.unreadable?.map((u) => u.ref)).toEqual(['ghcr.io/o/app:7']);
    expect(logger.warnings.join('\n')).toMatch(/ghcr\.io\/o\/app:7/);
  });

  test('a tagged "manifest" that is not JSON keeps everything', async () => {
    const logger = recording();
    const store = await storeWith(logger);
    const other = await makeImage(store); // untagged: would be swept by a healthy gc
    const bogus = await store.pushBytes(Buffer.from('not json {'), MediaType.ImageManifest);
    await store.tag(bogus, 'bogus:1');
    const report = await store.gc();
    expect(report.removedBlobs).toBe(0);
    expect(await present(store, [other.digest, ...(await graphOf(store, other))])).toEqual([true, true, true, true]);
    expect(report.unreadable).toEqual([expect.objectContaining({ ref: 'bogus:1', digest: bogus.digest })]);
    expect(logger.warnings.join('\n')).toMatch(/bogus:1.*not valid JSON/);
  });

  test('an index whose child manifest is missing keeps that child’s config and layers', async () => {
    const logger = recording();
    const store = await storeWith(logger);
    const amd = await makeImage(store, { platform: { os: 'linux', architecture: 'amd64' } });
    const arm = await makeImage(store, { platform: { os: 'linux', architecture: 'arm64' } });
    await makeIndex(store, [amd, arm], { tag: 'multi:1' });
    const armChildren = await graphOf(store, arm);
    await store.blobs.delete(arm.digest);
    const report = await store.gc();
    expect(report.removedBlobs).toBe(0);
    expect(await present(store, armChildren)).toEqual([true, true, true]);
    expect(report.unreadable?.map((u) => [u.ref, u.digest])).toEqual([['multi:1', arm.digest]]);
    expect(logger.warnings.join('\n')).toMatch(/multi:1/);
  });

  test('every tag that reaches the unreadable manifest is named, once each', async () => {
    const logger = recording();
    const store = await storeWith(logger);
    const image = await makeImage(store, { tag: 'a:1' });
    await store.tag({ mediaType: image.mediaType, digest: image.digest, size: image.size }, 'b:1');
    await makeIndex(store, [image], { tag: 'c:1' });
    await rewrite(store, image.digest, (b) => Buffer.concat([b, Buffer.from(' ')]));
    const report = await store.gc();
    expect(report.unreadable?.map((u) => u.ref).sort()).toEqual(['a:1', 'b:1', 'c:1']);
    expect(logger.warnings).toHaveLength(3);
  });

  test('children a partial pull left out on purpose are not unreadable: gc sweeps as usual', async () => {
    const logger = recording();
    const store = await storeWith(logger);
    const amd = await makeImage(store, { platform: { os: 'linux', architecture: 'amd64' } });
    const arm = await makeImage(store, { platform: { os: 'linux', architecture: 'arm64' } });
    const ix = await makeIndex(store, [amd, arm]);
    for (const d of [arm.digest, ...(await graphOf(store, arm))]) await store.blobs.delete(d);
    await store.updateIndex((index) => {
      index.manifests.push({ ...ix, annotations: { [Annotation.RefName]: 'partial:1', [OMITTED_ANNOTATION]: arm.digest } });
    });
    const junk = await store.pushBytes(randomBytes(300), MediaType.Layer);
    const report = await store.gc();
    expect(report).toEqual({ removedBlobs: 1, bytesFreed: 300, removedIngests: 0 });
    expect(await store.blobs.has(junk.digest)).toBe(false);
    expect(logger.warnings).toEqual([]);
  });

  test('once the image is repaired, the next gc sweeps again', async () => {
    const logger = recording();
    const store = await storeWith(logger);
    const image = await makeImage(store, { tag: 'app:1' });
    const junk = await store.pushBytes(randomBytes(300), MediaType.Layer);
    const original = await readFile(store.blobs.blobPath(image.digest));
    await rewrite(store, image.digest, (b) => Buffer.concat([b, Buffer.from('x')]));
    expect((await store.gc()).removedBlobs).toBe(0);
    await rewrite(store, image.digest, () => original);
    expect(await store.gc()).toEqual({ removedBlobs: 1, bytesFreed: 300, removedIngests: 0 });
    expect(await store.blobs.has(junk.digest)).toBe(false);
  });
});

describe('verify names the tag of a damaged root', () => {
  test('a manifest changed in place (same size) is reported under its tag', async () => {
    const store = await storeWith(recording());
    const image = await makeImage(store, { tag: 'app:1' });
    await rewrite(store, image.digest, (b) => Buffer.from(b.toString('utf8').replace('"schemaVersion":2', '"schemaVersion":3')));
    const report = await store.verify();
    expect(report.ok).toBe(false);
    expect(report.problems).toContainEqual(expect.objectContaining({ code: 'DIGEST_MISMATCH', ref: 'app:1', digest: image.digest }));
  });

  test('one byte appended to a manifest is reported under its tag', async () => {
    const store = await storeWith(recording());
    const image = await makeImage(store, { tag: 'app:1' });
    await rewrite(store, image.digest, (b) => Buffer.concat([b, Buffer.from('\n')]));
    const report = await store.verify();
    expect(report.problems.filter((p) => p.ref === 'app:1').map((p) => p.code)).toContain('SIZE_MISMATCH');
  });
});
