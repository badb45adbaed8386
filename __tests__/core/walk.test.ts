/**
 * The one graph walk (walk.ts): children by media type, each digest once, the platform
 * filter, a handler's "skip children", bounded concurrency, and an unreadable manifest
 * reported with the root it was reached from. A small in-memory graph stands in for the
 * store (the fetcher is the boundary); one case walks a real Store.
 */
import { afterAll, describe, expect, test } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OciError, isOciError } from '../../src/core/errors.js';
import { Store } from '../../src/core/layout.js';
import { MediaType, type Descriptor, type Platform } from '../../src/core/types/oci.js';
import { SKIP_CHILDREN, WalkError, walk, type ManifestFetcher, type WalkOptions } from '../../src/core/walk.js';
import { makeImage, makeIndex } from '../harness/images.js';

const hex = (n: string): string => `sha256:${n.padEnd(64, '0')}`;
const blob = (n: string, mediaType: string = MediaType.LayerGzip): Descriptor => ({ mediaType, digest: hex(n), size: 1 });
const amd64: Platform = { os: 'linux', architecture: 'amd64' };
const arm64: Platform = { os: 'linux', architecture: 'arm64' };

/**
 * idx → m1 (amd64: c1, l1, shared), m2 (arm64: c2, l2, shared); ref → subject m1; m3 is
 * missing (an unreadable node).
 */
const docs = new Map<string, unknown>([
  [hex('a1'), { mediaType: MediaType.ImageManifest, config: blob('c1', MediaType.ImageConfig), layers: [blob('11'), blob('ff')] }],
  [hex('a2'), { mediaType: MediaType.ImageManifest, config: blob('c2', MediaType.ImageConfig), layers: [blob('12'), blob('ff')] }],
  [hex('b0'), { mediaType: MediaType.ImageManifest, config: blob('c3', MediaType.ImageConfig), layers: [], subject: blob('a1', MediaType.ImageManifest) }],
]);
const m1: Descriptor = { ...blob('a1', MediaType.ImageManifest), platform: amd64 };
const m2: Descriptor = { ...blob('a2', MediaType.ImageManifest), platform: arm64 };
const m3: Descriptor = blob('a3', MediaType.ImageManifest);
const referrer: Descriptor = blob('b0', MediaType.ImageManifest);
docs.set(hex('e0'), { mediaType: MediaType.ImageIndex, manifests: [m1, m2] });
docs.set(hex('e1'), { mediaType: MediaType.ImageIndex, manifests: [m1, m3] });
const idx: Descriptor = blob('e0', MediaType.ImageIndex);
const broken: Descriptor = blob('e1', MediaType.ImageIndex);

function fetcher(): ManifestFetcher & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    async readJSON<T>(d: Descriptor): Promise<T> {
      reads.push(d.digest);
      await new Promise((r) => setImmediate(r));
      const doc = docs.get(d.digest);
      if (doc === undefined) throw new OciError('NOT_FOUND', `${d.digest} is not in the store`);
      return doc as T;
    },
  };
}

const short = (d: Descriptor): string => d.digest.slice(7, 9);

describe('walk', () => {
  const cases: Array<{ name: string; roots: Descriptor[]; options?: WalkOptions; skip?: string[]; visits: string[] }> = [
    {
      name: 'index → manifests → config and layers, breadth first, a shared layer once',
      roots: [idx],
      visits: ['e0', 'a1', 'a2', 'c1', '11', 'ff', 'c2', '12'],
    },
    {
      name: 'two roots reaching the same manifest visit it once',
      roots: [idx, m1],
      visits: ['e0', 'a1', 'a2', 'c1', '11', 'ff', 'c2', '12'],
    },
    { name: 'platform filter keeps only the matching child', roots: [idx], options: { platforms: [arm64] }, visits: ['e0', 'a2', 'c2', '12', 'ff'] },
    { name: 'skip children: the node is seen, what it holds is not', roots: [idx], skip: ['a1'], visits: ['e0', 'a1', 'a2', 'c2', '12', 'ff'] },
    { name: 'subject not followed by default', roots: [referrer], visits: ['b0', 'c3'] },
    { name: 'subject followed when asked', roots: [referrer], options: { subject: true }, visits: ['b0', 'c3', 'a1', 'c1', '11', 'ff'] },
  ];
  test.each(cases)('$name', async ({ roots, options, skip, visits }) => {
    const seen: string[] = [];
    await walk(
      fetcher(),
      roots,
      ({ descriptor }) => {
        seen.push(short(descriptor));
        return skip?.includes(short(descriptor)) ? SKIP_CHILDREN : undefined;
      },
      { concurrency: 1, ...options },
    );
    expect(seen).toEqual(visits);
  });

  test('returning false also skips, and a skipped manifest is never read', async () => {
    const f = fetcher();
    await walk(f, [idx], ({ descriptor }) => descriptor.digest !== m2.digest);
    expect(f.reads.sort()).toEqual([idx.digest, m1.digest].sort());
  });

  test('paths run from the root to the parent', async () => {
    const paths = new Map<string, string[]>();
    await walk(fetcher(), [idx], ({ descriptor, path, root }) => {
      expect(root).toBe(idx);
      paths.set(short(descriptor), path.map(short));
    });
    expect(paths.get('e0')).toEqual([]);
    expect(paths.get('a2')).toEqual(['e0']);
    expect(paths.get('12')).toEqual(['e0', 'a2']);
  });

  test.each([1, 2, 3])('at most %i nodes are handled at once', async (concurrency) => {
    let now = 0;
    let peak = 0;
    const seen: string[] = [];
    await walk(
      fetcher(),
      [idx, referrer],
      async ({ descriptor }) => {
        now++;
        peak = Math.max(peak, now);
        seen.push(descriptor.digest);
        await new Promise((r) => setImmediate(r));
        now--;
      },
      { concurrency },
    );
    expect(peak).toBe(concurrency);
    expect(seen).toHaveLength(10);
    expect(new Set(seen).size).toBe(10);
  });

  test('an unreadable manifest stops the walk with its root and path', async () => {
    const err = await walk(fetcher(), [idx, broken], () => undefined).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WalkError);
    const w = err as WalkError;
    expect(isOciError(w, 'NOT_FOUND')).toBe(true);
    expect(w.root).toBe(broken);
    expect(w.descriptor).toBe(m3);
    expect(w.path.map(short)).toEqual(['e1']);
    expect(w.message).toContain(`${broken.digest} → ${m3.digest}`);
  });

  test('with onError the unreadable node is reported and the walk goes on', async () => {
    const errors: WalkError[] = [];
    const seen: string[] = [];
    await walk(fetcher(), [broken, idx], ({ descriptor }) => void seen.push(short(descriptor)), { onError: (e) => errors.push(e), concurrency: 1 });
    expect(errors.map((e) => [short(e.root), short(e.descriptor)])).toEqual([['e1', 'a3']]);
    expect(seen).toEqual(['e1', 'e0', 'a1', 'a3', 'a2', 'c1', '11', 'ff', 'c2', '12']);
  });

  test("a handler's error stops the walk as it is", async () => {
    const boom = new Error('boom');
    await expect(walk(fetcher(), [idx], ({ descriptor }) => {
      if (descriptor.digest === m2.digest) throw boom;
    })).rejects.toBe(boom);
  });

  test('a key other than the digest makes two descriptors of one blob two nodes', async () => {
    // m1 as the index says (size 1) and as a hand-written entry with a wrong size.
    const wrong: Descriptor = { ...m1, size: 7 };
    const sizes = async (options?: WalkOptions): Promise<number[]> => {
      const seen: number[] = [];
      await walk(fetcher(), [idx, wrong], ({ descriptor }) => void (descriptor.digest === m1.digest && seen.push(descriptor.size)), { concurrency: 1, ...options });
      return seen;
    };
    expect(await sizes()).toEqual([7]);
    expect(await sizes({ key: (d) => `${d.size} ${d.digest}` })).toEqual([7, 1]);
  });

  test('concurrency below 1 is refused', async () => {
    await expect(walk(fetcher(), [idx], () => undefined, { concurrency: 0 })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});

describe('walk over a real store', () => {
  const temps: string[] = [];
  afterAll(async () => {
    for (const d of temps) await rm(d, { recursive: true, force: true });
  });

  test('every blob of a two-platform index, each once', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'oci-walk-'));
    temps.push(dir);
    const store = await Store.open(dir);
    const a = await makeImage(store, { platform: amd64 });
    const b = await makeImage(store, { platform: arm64 });
    const index = await makeIndex(store, [a, b]);
    const seen: string[] = [];
    await walk(store, [index], ({ descriptor }) => void seen.push(descriptor.digest));
    const blobs: string[] = [];
    await store.blobs.walk((x) => void blobs.push(x.digest));
    expect(seen.sort()).toEqual(blobs.sort());
  });
});
