/**
 * A store kept for months: 100,000 tags on a few images (issue 13, "Scale"). Correctness at
 * that size, and the work each operation does counted — index.json parses, manifest reads,
 * blob hashes — never timed.
 */
import { afterAll, afterEach, beforeAll, describe, expect, jest, test } from '@jest/globals';
import { mkdtemp, open, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isOciError } from '../../src/core/errors.js';
import { Store } from '../../src/core/layout.js';
import { Annotation, MediaType, type Descriptor, type ImageIndex } from '../../src/core/types/oci.js';
import { makeImage } from '../harness/images.js';
import { peer, requirePeers, skopeo } from '../harness/peers.js';

const TAGS = 100_000;
const tagName = (i: number): string => `t-${String(i).padStart(6, '0')}`;

let root: string;
let images: Descriptor[];
/** index.json as generated: TAGS entries, tag i on images[i % 3], a few full names among them. */
let generated: ImageIndex;

/** A full name among the bare tags: what `resolve` must find by its normalised form too. */
const FULL = new Map<number, string>([
  [12_345, 'docker.io/library/web:1'],
  [54_321, 'ghcr.io/o/r:54321'],
]);

function nameOf(i: number): string {
  return FULL.get(i) ?? tagName(i);
}

/** Every tag in index.json on disk, in order. */
async function tagsOnDisk(): Promise<string[]> {
  const ix = JSON.parse(await readFile(join(root, 'index.json'), 'utf8')) as ImageIndex;
  return ix.manifests.map((d) => d.annotations?.[Annotation.RefName] ?? '');
}

/** Back-date index.json past the racy window, so an unchanged stat may be trusted. */
async function settle(): Promise<void> {
  const past = new Date(Date.now() - 60_000);
  await utimes(join(root, 'index.json'), past, past);
}

/** Count JSON.parse calls on index.json-sized texts (> 1 MB): how often the index is parsed. */
function countIndexParses(): { count: () => number } {
  const parse = JSON.parse;
  let n = 0;
  jest.spyOn(JSON, 'parse').mockImplementation((text: string, reviver?: Parameters<typeof JSON.parse>[1]) => {
    if (typeof text === 'string' && text.length > 1_000_000) n++;
    return parse(text, reviver);
  });
  return { count: () => n };
}

/** Count whole-file reads of index.json (FileHandle.readFile): how often the index is read. */
async function countIndexReads(): Promise<{ count: () => number }> {
  const fh = await open(join(root, 'index.json'), 'r');
  const proto = Object.getPrototypeOf(fh) as { readFile: (...a: unknown[]) => Promise<Buffer> };
  await fh.close();
  const readFile = proto.readFile;
  let n = 0;
  jest.spyOn(proto, 'readFile').mockImplementation(async function (this: unknown, ...a: unknown[]) {
    const data = await readFile.apply(this, a);
    if (Buffer.isBuffer(data) && data.length > 1_000_000) n++;
    return data;
  });
  return { count: () => n };
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'oci-scale-'));
  const store = await Store.open(root);
  images = [];
  for (let k = 0; k < 3; k++) images.push(await makeImage(store, { layers: [Buffer.from(`layer ${k}`)] }));
  const manifests: Descriptor[] = [];
  for (let i = 0; i < TAGS; i++) {
    const m = images[i % 3]!;
    manifests.push({ mediaType: m.mediaType, digest: m.digest, size: m.size, annotations: { [Annotation.RefName]: nameOf(i) } });
  }
  generated = { schemaVersion: 2, mediaType: MediaType.ImageIndex, manifests };
  // Written directly, as a store grown over months would look.
  await writeFile(join(root, 'index.json'), JSON.stringify(generated));
}, 120_000);

afterEach(() => {
  jest.restoreAllMocks();
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('a store with 100,000 tags', () => {
  test('lists every tag in order and resolves a tag among them, as written and normalised', async () => {
    const store = await Store.open(root, { create: false });
    const tags = await store.listTags();
    expect(tags).toHaveLength(TAGS);
    expect(tags.map((t) => t.ref)).toEqual(generated.manifests.map((d) => d.annotations![Annotation.RefName]));
    expect((await store.resolve(tagName(50_001))).digest).toBe(images[50_001 % 3]!.digest);
    expect((await store.resolve(tagName(99_999))).digest).toBe(images[99_999 % 3]!.digest);
    // docker's normalisation both ways: web:1 finds docker.io/library/web:1.
    expect((await store.resolve('web:1')).digest).toBe(images[12_345 % 3]!.digest);
    expect((await store.resolve('ghcr.io/o/r:54321')).digest).toBe(images[54_321 % 3]!.digest);
    // The tags of one image: a third of the store.
    const of0 = await store.listTags(images[0]!.digest);
    expect(of0).toHaveLength(Math.ceil(TAGS / 3));
    expect(of0.every((t) => t.descriptor.digest === images[0]!.digest)).toBe(true);
    let code = '';
    try {
      await store.resolve('t-100000');
    } catch (e) {
      code = isOciError(e) ? e.code : String(e);
    }
    expect(code).toBe('NOT_FOUND');
  }, 120_000);

  test('the tags of one image (inspect) are read from the scan: the same as listTags, no entry parsed', async () => {
    const store = await Store.open(root, { create: false });
    for (const image of images) {
      const listed = (await store.listTags(image.digest)).map((t) => t.ref);
      const parse = jest.spyOn(JSON, 'parse');
      const tags = await store.tagsOf(image.digest);
      expect(parse).not.toHaveBeenCalled();
      parse.mockRestore();
      expect(tags).toEqual(listed);
      expect(tags).toEqual(generated.manifests.filter((d) => d.digest === image.digest).map((d) => d.annotations![Annotation.RefName]));
    }
    expect(await store.tagsOf(`sha256:${'0'.repeat(64)}`)).toEqual([]);
  }, 120_000);

  test('a resolved descriptor is a copy: changing it changes no later lookup', async () => {
    const store = await Store.open(root, { create: false });
    const d = await store.resolve(tagName(7));
    d.digest = images[2]!.digest;
    d.annotations = { changed: 'yes' };
    const again = await store.resolve(tagName(7));
    expect(again.digest).toBe(images[7 % 3]!.digest);
    expect(again.annotations).toBeUndefined();
  }, 120_000);

  test('index.json is read once per version and never parsed whole: lookups and a tag reuse the read, another process’s write is seen', async () => {
    await settle();
    const parses = countIndexParses();
    const reads = await countIndexReads();
    const store = await Store.open(root, { create: false });
    expect(reads.count()).toBe(1);
    for (let i = 0; i < 5; i++) await store.resolve(tagName(i * 1000));
    await store.listTags(images[1]!.digest);
    expect(reads.count()).toBe(1);

    // A write by another Store (another process) replaces the file: same size (a digest for
    // a digest), new inode, and within the racy window — the next lookup must see it.
    const other = await Store.open(root, { create: false });
    const before = reads.count();
    const { mediaType, digest, size } = images[1]!;
    await other.tag({ mediaType, digest, size }, tagName(0)); // was images[0]
    expect((await store.resolve(tagName(0))).digest).toBe(images[1]!.digest);
    expect((await store.resolve(tagName(1))).digest).toBe(images[1]!.digest);
    // `other`'s tag reuses the read of its open under the lock; `store` reads the new
    // version once for both lookups although index.json is racy (just written).
    expect(reads.count() - before).toBe(1);
    // Lookups and a tag parse entries, never the whole index (issue 13).
    expect(parses.count()).toBe(0);
  }, 120_000);

  test('tag among 100,000 tags: appends a new tag, replaces an existing one in place, keeps every other tag in order', async () => {
    const store = await Store.open(root, { create: false });
    const expected = await tagsOnDisk();
    await store.tag(images[2]!, 'fresh:1');
    await store.tag(images[2]!, tagName(40_000));
    const after = await tagsOnDisk();
    expect(after).toEqual([...expected, 'fresh:1']);
    const ix = JSON.parse(await readFile(join(root, 'index.json'), 'utf8')) as ImageIndex;
    expect(ix.manifests[40_000]!.digest).toBe(images[2]!.digest);
    expect(ix.manifests[TAGS]!.digest).toBe(images[2]!.digest);
    expect(ix.manifests[40_001]!.digest).toBe(images[40_001 % 3]!.digest);
    const fresh = await Store.open(root, { create: false });
    expect((await fresh.resolve('fresh:1')).digest).toBe(images[2]!.digest);
  }, 120_000);

  test('skopeo reads a tag among 100,000 from the layout', async () => {
    await requirePeers('skopeo');
    const out = JSON.parse(await skopeo(['inspect', '--raw', `oci:${root}:${tagName(99_998)}`], { timeoutMs: 300_000 })) as { config?: Descriptor };
    const manifest = JSON.parse((await (await Store.open(root, { create: false })).blobs.get(images[99_998 % 3]!.digest)).toString('utf8')) as { config: Descriptor };
    expect(out.config?.digest).toBe(manifest.config.digest);
  }, 320_000);
});

describe('tag among 100,000 entries written by another tool', () => {
  test('every other entry keeps its bytes (whitespace, key order, escapes), and umoci and skopeo read the result', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'oci-scale-splice-'));
    try {
      const store = await Store.open(dir);
      const imgs: Descriptor[] = [];
      for (let k = 0; k < 2; k++) imgs.push(await makeImage(store, { layers: [Buffer.from(`splice ${k}`)] }));
      // Pretty-printed, annotations first, some names spelled with escapes: bytes a parse
      // and JSON.stringify of the whole index would not give back.
      const entries = Array.from({ length: TAGS }, (_, i) => {
        const m = imgs[i % 2]!;
        const name = i % 1000 === 7 ? `"t\\u002d${String(i).padStart(6, '0')}"` : JSON.stringify(tagName(i));
        return `    {\n      "annotations": { "${Annotation.RefName}": ${name} },\n      "digest": "${m.digest}",\n      "mediaType": "${m.mediaType}",\n      "size": ${m.size}\n    }`;
      });
      const head = `{\n  "schemaVersion": 2,\n  "manifests": [\n`;
      const tail = `\n  ],\n  "annotations": { "org.example": "caf\\u00e9" }\n}\n`;
      await writeFile(join(dir, 'index.json'), head + entries.join(',\n') + tail);
      const before = await readFile(join(dir, 'index.json'), 'utf8');

      const target = 40_000;
      await store.tag(imgs[1]!, tagName(target)); // replaces entry 40,000 (it was on imgs[0])
      await store.tag(imgs[0]!, 'spliced'); // appended
      const after = await readFile(join(dir, 'index.json'), 'utf8');

      const old = entries[target]!.trimStart(); // the entry's object; its indentation stays
      const cut = before.indexOf(entries[target]!) + entries[target]!.length - old.length;
      const rest = before.slice(cut + old.length, before.lastIndexOf(tail));
      const replaced = JSON.stringify({ ...imgs[1]!, annotations: { [Annotation.RefName]: tagName(target) } });
      const appended = JSON.stringify({ ...imgs[0]!, annotations: { [Annotation.RefName]: 'spliced' } });
      expect(after).toBe(before.slice(0, cut) + replaced + rest + ',' + appended + tail);

      const fresh = await Store.open(dir, { create: false });
      expect((await fresh.resolve('t-000007')).digest).toBe(imgs[1]!.digest); // the escaped name
      expect((await fresh.resolve(tagName(target))).digest).toBe(imgs[1]!.digest);
      await requirePeers('umoci', 'skopeo');
      const stat = await peer('umoci', ['stat', '--json', '--image', `${dir}:spliced`], { timeoutMs: 300_000 });
      expect(stat).toContain('history');
      const raw = JSON.parse(await skopeo(['inspect', '--raw', `oci:${dir}:${tagName(target)}`], { timeoutMs: 300_000 })) as { layers: Descriptor[] };
      const manifest = JSON.parse((await store.blobs.get(imgs[1]!.digest)).toString('utf8')) as { layers: Descriptor[] };
      expect(raw.layers[0]!.digest).toBe(manifest.layers[0]!.digest);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 600_000);
});

describe('verify at 100,000 tags', () => {
  /** Calls per digest of the store's manifest reads and blob hashes during one verify. */
  function instrument(store: Store): { reads: Map<string, number>; hashes: Map<string, number> } {
    const reads = new Map<string, number>();
    const hashes = new Map<string, number>();
    const readJSON = store.readJSON.bind(store);
    jest.spyOn(store, 'readJSON').mockImplementation((desc: Descriptor, max?: number) => {
      reads.set(desc.digest, (reads.get(desc.digest) ?? 0) + 1);
      return readJSON(desc, max);
    });
    const hash = store.blobs.hash.bind(store.blobs);
    jest.spyOn(store.blobs, 'hash').mockImplementation((digest: string) => {
      hashes.set(digest, (hashes.get(digest) ?? 0) + 1);
      return hash(digest);
    });
    return { reads, hashes };
  }

  test('hashes each blob once and reads each manifest once, whatever the number of tags', async () => {
    const store = await Store.open(root, { create: false });
    const { reads, hashes } = instrument(store);
    const report = await store.verify();
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.checkedEntries).toBeGreaterThanOrEqual(TAGS);
    expect(report.checkedBlobs).toBe(9);
    expect([...hashes.values()].every((n) => n === 1)).toBe(true);
    expect(hashes.size).toBe(9);
    expect(new Map([...reads].filter(([, n]) => n !== 1))).toEqual(new Map());
    expect([...reads.keys()].sort()).toEqual(images.map((m) => m.digest).sort());
  }, 300_000);

  test('parses no index.json entry whose graph is sound, nor the whole index', async () => {
    const parse = JSON.parse;
    let entryParses = 0;
    jest.spyOn(JSON, 'parse').mockImplementation((text: string, reviver?: Parameters<typeof JSON.parse>[1]) => {
      if (typeof text === 'string' && text.includes(Annotation.RefName)) entryParses++;
      return parse(text, reviver);
    });
    // Counted from the open on: a store opened earlier could hold a parse already.
    const store = await Store.open(root, { create: false });
    const report = await store.verify();
    expect(report.ok).toBe(true);
    expect(report.checkedEntries).toBeGreaterThanOrEqual(TAGS);
    expect(entryParses).toBe(0);
  }, 300_000);

  test('a missing layer is reported under every tag it breaks, still one read per manifest', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'oci-scale-broken-'));
    try {
      const store = await Store.open(dir);
      const a = await makeImage(store, { layers: [Buffer.from('a')] });
      const b = await makeImage(store, { layers: [Buffer.from('b')] });
      const n = 30_000;
      const manifests: Descriptor[] = [];
      for (let i = 0; i < n; i++) {
        const m = i % 2 === 0 ? a : b;
        manifests.push({ mediaType: m.mediaType, digest: m.digest, size: m.size, annotations: { [Annotation.RefName]: tagName(i) } });
      }
      await writeFile(join(dir, 'index.json'), JSON.stringify({ schemaVersion: 2, mediaType: MediaType.ImageIndex, manifests }));
      const manifestB = JSON.parse((await store.blobs.get(b.digest)).toString('utf8')) as { layers: Descriptor[] };
      await store.blobs.delete(manifestB.layers[0]!.digest);

      const { reads } = instrument(store);
      const report = await store.verify();
      expect(report.ok).toBe(false);
      const incomplete = report.problems.filter((p) => p.code === 'INCOMPLETE');
      expect(incomplete).toHaveLength(n / 2);
      expect(new Set(incomplete.map((p) => p.ref))).toEqual(new Set(manifests.filter((_, i) => i % 2 === 1).map((d) => d.annotations![Annotation.RefName])));
      expect(incomplete.every((p) => p.digest === manifestB.layers[0]!.digest && p.message.startsWith(`tag ${p.ref}: layer `))).toBe(true);
      expect(report.problems).toHaveLength(n / 2);
      expect([...reads.values()]).toEqual([1, 1]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 300_000);
});
