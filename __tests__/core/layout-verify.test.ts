/**
 * verify over one store with every kind of damage it names, the whole report compared in
 * order: each problem with its code, tag and digest, the corrupt blob named under every tag
 * that needs it, a blob both config and layer named in each role, one descriptor of a blob
 * with the wrong size beside a right one, a child of a nested index, blobs only in the
 * fallback (notLocal), children a partial pull left out (notPulled) and a stray file.
 */
import { afterAll, describe, expect, test } from '@jest/globals';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BlobFallback } from '../../src/core/content.js';
import { OMITTED_ANNOTATION, Store } from '../../src/core/layout.js';
import { Annotation, MediaType, type Descriptor } from '../../src/core/types/oci.js';

const temps: string[] = [];
afterAll(async () => {
  for (const d of temps) await rm(d, { recursive: true, force: true });
});

async function damagedStore() {
  const dir = await mkdtemp(join(tmpdir(), 'oci-verify-'));
  temps.push(dir);
  const inFallback = new Set<string>();
  const fallback: BlobFallback = { has: (d) => inFallback.has(d), fetchInto: async () => false };
  const store = await Store.open(dir, { fallback });
  const blob = (s: string, t: string = MediaType.LayerGzip) => store.pushBytes(Buffer.from(s), t);
  const config = (s: string) => blob(JSON.stringify({ s }), MediaType.ImageConfig);
  const manifest = (c: Descriptor, layers: Descriptor[]) => store.pushJSON({ schemaVersion: 2, mediaType: MediaType.ImageManifest, config: c, layers }, MediaType.ImageManifest);
  const index = (manifests: Descriptor[]) => store.pushJSON({ schemaVersion: 2, mediaType: MediaType.ImageIndex, manifests }, MediaType.ImageIndex);
  const entries: Descriptor[] = [];
  const entry = (d: Descriptor, ref?: string, annotations: Record<string, string> = {}, change: Partial<Descriptor> = {}): void => {
    const all = ref === undefined ? annotations : { [Annotation.RefName]: ref, ...annotations };
    entries.push({ mediaType: d.mediaType, digest: d.digest, size: d.size, ...(Object.keys(all).length > 0 ? { annotations: all } : {}), ...change });
  };

  const shared = await blob('shared');
  const a = await manifest(await config('a'), [await blob('a1'), shared]);
  const b = await manifest(await config('b'), [shared, await blob('b1')]);
  const cLayer = await blob('c1');
  const c = await manifest(await config('c'), [cLayer]);
  const dLayer = await blob('d1');
  const d = await manifest(await config('d'), [dLayer]);
  const e = await manifest(await config('e'), [await blob('e1')]);
  const empty: Descriptor = { mediaType: MediaType.Empty, digest: 'sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a', size: 2 };
  const f = await manifest(empty, [empty]);
  const g = await manifest(await config('g'), [{ mediaType: MediaType.LayerGzip, digest: 'sha256:xyz', size: 1 }]);
  const h = await manifest(await config('h'), []);
  const notJSON = await blob('not json {', MediaType.ImageManifest);
  const noLayers = await store.pushJSON({ schemaVersion: 2, mediaType: MediaType.ImageManifest, config: await config('j') }, MediaType.ImageManifest);
  const k1 = await manifest(await config('k1'), [await blob('k1')]);
  const k2 = await manifest(await config('k2'), [await blob('k2')]);
  const k = await index([
    { ...k1, platform: { os: 'linux', architecture: 'amd64' } },
    { ...k2, platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } },
  ]);
  const n = await index([k, { ...a, size: a.size + 1 }]);

  entry(a, 'a:1');
  entry(a, 'a:2');
  entry(b, 'b:1');
  entry(c, 'c:1');
  entry(d, 'd:1');
  entry(e, 'e:1', {}, { size: e.size + 3 });
  entry(e, 'e:2');
  entry(f, 'f:1');
  entry(g, 'g:1');
  entry(h, 'h:1', {}, { mediaType: MediaType.ImageIndex });
  entry(notJSON, 'i:1');
  entry(noLayers, 'j:1');
  entry(k, 'k:1', { [OMITTED_ANNOTATION]: k2.digest });
  entry(k, 'k:2');
  entry(n, 'n:1', { [OMITTED_ANNOTATION]: k2.digest }); // the record is about n's own children only
  entry(cLayer, 'blob:1');
  entry(c);
  entry(b, undefined, { 'org.example': 'untagged' });
  await writeFile(join(dir, 'index.json'), JSON.stringify({ schemaVersion: 2, mediaType: MediaType.ImageIndex, manifests: entries }));

  const sharedPath = store.blobs.blobPath(shared.digest);
  await chmod(sharedPath, 0o644);
  await writeFile(sharedPath, 'sharex');
  await store.blobs.delete(cLayer.digest);
  await store.blobs.delete(dLayer.digest);
  inFallback.add(dLayer.digest);
  await store.blobs.delete(k2.digest);
  await writeFile(join(dir, 'blobs', 'sha256', 'partial.tmp'), 'x');
  return { store: await Store.open(dir, { create: false, fallback }), shared, a, c, cLayer, dLayer, e, empty, h, notJSON, noLayers, k2 };
}

describe('verify', () => {
  test('names every problem of every graph, under each tag it breaks, in index order', async () => {
    const { store, shared, a, c, cLayer, dLayer, e, empty, h, notJSON, noLayers, k2 } = await damagedStore();
    const report = await store.verify();
    expect(report.ok).toBe(false);
    expect(report.checkedEntries).toBe(18);
    const layer = (d: Descriptor) => `layer ${d.digest}`;
    expect(report.problems.map((p) => [p.code, p.ref, p.digest, p.message.replace(/^(tag \S+|index\.json entry \S+): /, '')])).toEqual([
      ['DIGEST_MISMATCH', 'a:1', shared.digest, expect.stringMatching(/^blob sha256:\w+ is corrupt: its file /)],
      ['INVALID_DIGEST', undefined, undefined, expect.stringMatching(/is not named by a valid digest$/)],
      ['DIGEST_MISMATCH', 'a:2', shared.digest, `${layer(shared)} is corrupt (its bytes no longer match its digest)`],
      ['DIGEST_MISMATCH', 'b:1', shared.digest, `${layer(shared)} is corrupt (its bytes no longer match its digest)`],
      ['INCOMPLETE', 'c:1', cLayer.digest, `${layer(cLayer)} is missing from the store`],
      ['SIZE_MISMATCH', 'e:1', e.digest, `${MediaType.ImageManifest} ${e.digest} has ${e.size} bytes, but its descriptor says ${e.size + 3}`],
      // The empty blob as layer and as config: one problem per role.
      ['INCOMPLETE', 'f:1', empty.digest, `layer ${empty.digest} is missing from the store`],
      ['INCOMPLETE', 'f:1', empty.digest, `config ${empty.digest} is missing from the store`],
      ['INVALID_DIGEST', 'g:1', 'sha256:xyz', 'layer has invalid digest "sha256:xyz"'],
      ['INVALID_MANIFEST', 'h:1', h.digest, `${h.digest} is described as ${MediaType.ImageIndex} but its content says "${MediaType.ImageManifest}"`],
      ['INVALID_MANIFEST', 'i:1', notJSON.digest, `blob ${notJSON.digest} (${MediaType.ImageManifest}) is not valid JSON`],
      ['INVALID_MANIFEST', 'j:1', noLayers.digest, `manifest ${noLayers.digest} lacks config or layers`],
      ['INCOMPLETE', 'k:2', k2.digest, `manifest ${k2.digest} is missing from the store`],
      ['SIZE_MISMATCH', 'n:1', a.digest, `manifest ${a.digest} has ${a.size} bytes, but its descriptor says ${a.size + 1}`],
      ['INCOMPLETE', 'n:1', k2.digest, `manifest ${k2.digest} is missing from the store`],
      ['INCOMPLETE', 'blob:1', cLayer.digest, `${MediaType.LayerGzip} ${cLayer.digest} is missing from the store`],
      ['INCOMPLETE', undefined, cLayer.digest, `${layer(cLayer)} is missing from the store`],
    ]);
    expect(report.problems.find((p) => p.ref === undefined && p.digest === cLayer.digest)!.message).toMatch(new RegExp(`^index\\.json entry ${c.digest}: `));
    expect(report.notLocal).toEqual([{ digest: dLayer.digest, ref: 'd:1' }]);
    expect(report.notPulled).toEqual([{ digest: k2.digest, ref: 'k:1', platform: 'linux/arm64/v8' }]);
  });

  test('a manifest with a layer that is no descriptor is INVALID_MANIFEST, and the other tags are still checked', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'oci-verify-null-'));
    temps.push(dir);
    const store = await Store.open(dir);
    const cfg = await store.pushBytes(Buffer.from('{}'), MediaType.ImageConfig);
    const bad = await store.pushJSON({ schemaVersion: 2, mediaType: MediaType.ImageManifest, config: cfg, layers: [null] }, MediaType.ImageManifest);
    const missing = await store.pushJSON({ schemaVersion: 2, mediaType: MediaType.ImageIndex, manifests: [{ mediaType: MediaType.ImageManifest, digest: `sha256:${'0'.repeat(64)}`, size: 9 }] }, MediaType.ImageIndex);
    await store.tag(bad, 'bad:1');
    await store.tag(missing, 'gone:1');
    const report = await store.verify();
    expect(report.problems.map((p) => [p.code, p.ref, p.digest])).toEqual([
      ['INVALID_MANIFEST', 'bad:1', bad.digest],
      ['INCOMPLETE', 'gone:1', `sha256:${'0'.repeat(64)}`],
    ]);
    expect(report.problems[0]!.message).toBe(`tag bad:1: manifest ${bad.digest} has a layer that is not a descriptor: null`);
  });
});
