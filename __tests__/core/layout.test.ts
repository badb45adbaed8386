import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { BlobFallback, ContentStore } from '../../src/core/content.js';
import { sha256 } from '../../src/core/digest.js';
import { isOciError } from '../../src/core/errors.js';
import { Store } from '../../src/core/layout.js';
import { CONTAINERD_NAME_ANNOTATION } from '../../src/core/layout.js';
import { execute } from '../../src/core/commands/index.js';
import { parseOptions } from '../../src/core/commands/options.js';
import { Annotation, MediaType, type Descriptor, type ImageIndex } from '../../src/core/types/oci.js';

const temps: string[] = [];
async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'oci-layout-'));
  temps.push(d);
  return d;
}
afterAll(async () => {
  for (const d of temps) await rm(d, { recursive: true, force: true });
});

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (isOciError(e)) return e.code;
    throw e;
  }
  throw new Error('expected a rejection');
}

async function readAll(s: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of s) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** A small image: one layer, a config, a manifest (optionally with a subject). */
async function image(store: Store, seed = randomBytes(8).toString('hex'), extra: { subject?: Descriptor; artifactType?: string } = {}) {
  const layer = await store.pushBytes(Buffer.from(`layer ${seed}`), MediaType.Layer);
  const config = await store.pushJSON(
    { architecture: 'arm64', os: 'linux', variant: 'v8', rootfs: { type: 'layers', diff_ids: [layer.digest] } },
    MediaType.ImageConfig,
  );
  const manifest = await store.pushJSON(
    { schemaVersion: 2, mediaType: MediaType.ImageManifest, config, layers: [layer], ...extra },
    MediaType.ImageManifest,
  );
  return { layer, config, manifest };
}

async function rootFiles(root: string): Promise<string[]> {
  return (await readdir(root)).sort();
}

describe('opening a layout', () => {
  test('creates oci-layout, index.json and blobs/ in a new directory', async () => {
    const root = join(await tempDir(), 'store');
    const store = await Store.open(root);
    expect(store.root).toBe(root);
    expect(JSON.parse(await readFile(join(root, 'oci-layout'), 'utf8'))).toEqual({ imageLayoutVersion: '1.0.0' });
    expect(JSON.parse(await readFile(join(root, 'index.json'), 'utf8'))).toMatchObject({ schemaVersion: 2, manifests: [] });
    expect((await stat(join(root, 'blobs', 'sha256'))).isDirectory()).toBe(true);
    await Store.open(root); // reopens
  });

  test('create: false on a missing layout is NOT_FOUND and creates nothing', async () => {
    const root = join(await tempDir(), 'absent');
    expect(await codeOf(Store.open(root, { create: false }))).toBe('NOT_FOUND');
    await expect(stat(root)).rejects.toThrow();
  });

  const bad: Array<[string, (root: string) => Promise<void>, string]> = [
    ['oci-layout of another version', (r) => writeFile(join(r, 'oci-layout'), '{"imageLayoutVersion":"2.0.0"}'), 'UNSUPPORTED_LAYOUT'],
    ['oci-layout not JSON', (r) => writeFile(join(r, 'oci-layout'), 'imageLayoutVersion=1'), 'UNSUPPORTED_LAYOUT'],
    ['oci-layout without a version', (r) => writeFile(join(r, 'oci-layout'), '{}'), 'UNSUPPORTED_LAYOUT'],
    ['index.json without oci-layout', (r) => writeFile(join(r, 'index.json'), '{"schemaVersion":2,"manifests":[]}'), 'UNSUPPORTED_LAYOUT'],
    ['blobs/ without oci-layout', async (r) => void (await mkdir(join(r, 'blobs', 'sha256'), { recursive: true })), 'UNSUPPORTED_LAYOUT'],
    [
      'index.json missing beside blobs',
      async (r) => {
        await writeFile(join(r, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
        await mkdir(join(r, 'blobs', 'sha256'), { recursive: true });
        await writeFile(join(r, 'blobs', 'sha256', 'a'.repeat(64)), 'x');
      },
      'CORRUPT_INDEX',
    ],
    ...(
      [
        ['not JSON', '{"schemaVersion":2,"manifests":['],
        ['an array', '[]'],
        ['schemaVersion 1', '{"schemaVersion":1,"manifests":[]}'],
        ['no manifests', '{"schemaVersion":2}'],
        ['a bad digest', '{"schemaVersion":2,"manifests":[{"mediaType":"x","digest":"sha256:zz","size":1}]}'],
        ['a bad size', `{"schemaVersion":2,"manifests":[{"mediaType":"x","digest":"${sha256('a')}","size":-1}]}`],
      ] as const
    ).map(
      ([why, text]) =>
        [
          `index.json ${why}`,
          async (r: string) => {
            await writeFile(join(r, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
            await writeFile(join(r, 'index.json'), text);
          },
          'CORRUPT_INDEX',
        ] as [string, (root: string) => Promise<void>, string],
    ),
  ];
  test.each(bad)('%s → %s, nothing rewritten', async (_name, setup, code) => {
    const root = await tempDir();
    await setup(root);
    const before = await snapshot(root);
    const e = await Store.open(root).catch((x: unknown) => x);
    expect(isOciError(e, code as never)).toBe(true);
    expect((e as { input?: string }).input).toBe('store');
    expect((e as { hint?: string }).hint).toBeTruthy();
    expect(await snapshot(root)).toEqual(before);
  });

  test('a store path that is a file is refused', async () => {
    const f = join(await tempDir(), 'file');
    await writeFile(f, 'x');
    expect(await codeOf(Store.open(f))).toBe('UNSUPPORTED_LAYOUT');
  });

  test('index.json corrupted after open: tag fails with CORRUPT_INDEX naming the file; the file is left as it was', async () => {
    const root = await tempDir();
    const store = await Store.open(root);
    const { manifest } = await image(store);
    await writeFile(join(root, 'index.json'), '{"schemaVersion":2,"manifests":[{');
    const e = await store.tag(manifest, 'app:1').catch((x: unknown) => x);
    expect(isOciError(e, 'CORRUPT_INDEX')).toBe(true);
    expect((e as Error).message).toContain(join(root, 'index.json'));
    expect(await readFile(join(root, 'index.json'), 'utf8')).toBe('{"schemaVersion":2,"manifests":[{');
    expect(await codeOf(store.resolve('app:1'))).toBe('CORRUPT_INDEX');
    expect(await codeOf(store.gc())).toBe('CORRUPT_INDEX');
  });
});

async function snapshot(root: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const e of await readdir(root, { withFileTypes: true, recursive: true })) {
    const p = join(e.parentPath, e.name);
    out[p.slice(root.length)] = e.isFile() ? await readFile(p, 'utf8') : 'dir';
  }
  return out;
}

describe('tags', () => {
  let root: string;
  let store: Store;
  let img: Awaited<ReturnType<typeof image>>;
  let other: Awaited<ReturnType<typeof image>>;
  beforeAll(async () => {
    root = await tempDir();
    store = await Store.open(root);
    img = await image(store, 'one');
    other = await image(store, 'two');
  });

  test('a tag is recorded as written in index.json and resolves to the plain descriptor', async () => {
    await store.tag(img.manifest, 'app:1');
    const index = JSON.parse(await readFile(join(root, 'index.json'), 'utf8')) as ImageIndex;
    expect(index.manifests).toContainEqual({ ...img.manifest, annotations: { [Annotation.RefName]: 'app:1' } });
    expect(await store.resolve('app:1')).toEqual(img.manifest);
  });

  test('lookups try the normalised form both ways', async () => {
    expect((await store.resolve('docker.io/library/app:1')).digest).toBe(img.manifest.digest);
    expect((await store.resolve('index.docker.io/library/app:1')).digest).toBe(img.manifest.digest);
    await store.tag(other.manifest, 'docker.io/library/base:2');
    expect((await store.resolve('base:2')).digest).toBe(other.manifest.digest);
    expect(await codeOf(store.resolve('app:2'))).toBe('NOT_FOUND');
    expect(await codeOf(store.resolve('ghcr.io/library/app:1'))).toBe('NOT_FOUND');
  });

  test('a bare tag (as umoci and skopeo write) resolves', async () => {
    await store.tag(img.manifest, 'latest');
    expect((await store.resolve('latest')).digest).toBe(img.manifest.digest);
  });

  test('name@digest and a bare digest resolve, also for manifests not in index.json', async () => {
    expect(await store.resolve(`app@${img.manifest.digest}`)).toEqual(img.manifest);
    expect(await store.resolve(img.manifest.digest)).toEqual(img.manifest);
    const child = await image(store, 'untagged');
    expect(await store.resolve(`whatever:9@${child.manifest.digest}`)).toEqual({ ...child.manifest });
    expect(await codeOf(store.resolve(img.layer.digest))).toBe('INVALID_MANIFEST');
    expect(await codeOf(store.resolve(sha256('absent')))).toBe('NOT_FOUND');
  });

  test('retagging replaces the earlier target; tagMany writes several at once', async () => {
    await store.tag(other.manifest, 'app:1');
    expect((await store.resolve('app:1')).digest).toBe(other.manifest.digest);
    await store.tagMany(img.manifest, ['app:1', 'ghcr.io/o/r:t', 'localhost:5000/x/y:z']);
    const tags = await store.listTags();
    expect(tags.filter((t) => t.ref === 'app:1')).toHaveLength(1);
    expect(tags.find((t) => t.ref === 'ghcr.io/o/r:t')?.descriptor.digest).toBe(img.manifest.digest);
    expect(tags.every((t) => t.descriptor.annotations?.[Annotation.RefName] === undefined)).toBe(true);
  });

  test('untag removes as written, else by normalised form', async () => {
    await store.tag(img.manifest, 'gone:1');
    expect(await store.untag('gone:1')).toBe(true);
    expect(await store.untag('gone:1')).toBe(false);
    await store.tag(img.manifest, 'docker.io/library/gone:2');
    expect(await store.untag('gone:2')).toBe(true);
    expect(await codeOf(store.resolve('gone:2'))).toBe('NOT_FOUND');
    expect(await store.exists(img.manifest)).toBe(true); // content stays until gc
  });

  test('bad refs and descriptors get coded errors and change nothing', async () => {
    const before = await readFile(join(root, 'index.json'), 'utf8');
    expect(await codeOf(store.tag(img.manifest, 'app/UPPER:1'))).toBe('INVALID_REFERENCE');
    expect(await codeOf(store.tag(img.manifest, `app@${img.manifest.digest}`))).toBe('INVALID_REFERENCE');
    expect(await codeOf(store.tag(img.manifest, 'app:bad tag'))).toBe('INVALID_REFERENCE');
    expect(await codeOf(store.tag(img.manifest, ''))).toBe('INVALID_REFERENCE');
    expect(await codeOf(store.tag({ ...img.manifest, digest: 'sha256:123' }, 'app:x'))).toBe('INVALID_DIGEST');
    expect(await codeOf(store.tag({ ...img.manifest, size: -1 }, 'app:x'))).toBe('INVALID_INPUT');
    expect(await codeOf(store.tag({ ...img.manifest, digest: sha256('nothing') }, 'app:x'))).toBe('NOT_FOUND');
    expect(await codeOf(store.resolve('app:bad tag'))).toBe('INVALID_REFERENCE');
    expect(await codeOf(store.resolve('app@sha256:abc'))).toBe('INVALID_REFERENCE');
    expect(await readFile(join(root, 'index.json'), 'utf8')).toBe(before);
  });

  test('index.json is replaced atomically: no temp or lock files remain', async () => {
    await Promise.all(Array.from({ length: 30 }, (_, i) => store.tag(img.manifest, `burst:${i}`)));
    const names = await rootFiles(root);
    expect(names).toEqual(['blobs', 'index.json', 'ingest', 'oci-layout'].filter((n) => names.includes(n)));
    expect((await store.listTags()).filter((t) => t.ref.startsWith('burst:'))).toHaveLength(30);
  });

  test('two Store instances on one directory see each other’s tags and lose none', async () => {
    const second = await Store.open(root);
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? store : second).tag(img.manifest, `pair:${i}`)),
    );
    for (const s of [store, second]) expect((await s.listTags()).filter((t) => t.ref.startsWith('pair:'))).toHaveLength(20);
  });
});

describe('index.json lock', () => {
  test('a lock held by a live process makes updates wait, then LOCKED naming the holder', async () => {
    const root = await tempDir();
    const store = await Store.open(root, { lockWaitMs: 300 });
    const { manifest } = await image(store);
    const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    try {
      await writeFile(join(root, 'index.json.lock'), JSON.stringify({ pid: sleeper.pid, host: hostname(), since: new Date().toISOString() }));
      const started = Date.now();
      const e = await store.tag(manifest, 'app:1').catch((x: unknown) => x);
      expect(isOciError(e, 'LOCKED')).toBe(true);
      expect((e as Error).message).toContain(`pid ${sleeper.pid}`);
      expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    } finally {
      sleeper.kill('SIGKILL');
    }
  });

  test('a lock left by a dead process is recovered', async () => {
    const root = await tempDir();
    const warnings: string[] = [];
    const store = await Store.open(root, { logger: { debug() {}, info() {}, warning: (m) => warnings.push(m) } });
    const { manifest } = await image(store);
    const child = spawn(process.execPath, ['-e', '0']);
    await new Promise((r) => child.on('exit', r));
    await writeFile(join(root, 'index.json.lock'), JSON.stringify({ pid: child.pid, host: hostname(), since: new Date().toISOString() }));
    await store.tag(manifest, 'app:1');
    expect((await store.resolve('app:1')).digest).toBe(manifest.digest);
    expect(warnings.join('\n')).toMatch(/stale index.json lock/);
    // An empty lock file (killed between create and write) is stale after a grace period.
    await writeFile(join(root, 'index.json.lock'), '');
    const past = new Date(Date.now() - 10_000);
    await utimes(join(root, 'index.json.lock'), past, past);
    await store.tag(manifest, 'app:2');
    expect(await rootFiles(root)).not.toContain('index.json.lock');
  });
});

describe('blobs through the store', () => {
  let store: Store;
  beforeAll(async () => {
    store = await Store.open(await tempDir());
  });

  test('push verifies size and digest before publishing', async () => {
    const data = randomBytes(50_000);
    const desc = { mediaType: MediaType.Layer, digest: sha256(data), size: data.length };
    expect(await codeOf(store.push({ ...desc, digest: sha256('x') }, Readable.from([data])))).toBe('DIGEST_MISMATCH');
    expect(await codeOf(store.push({ ...desc, size: 10 }, Readable.from([data])))).toBe('SIZE_MISMATCH');
    expect(await store.exists(desc)).toBe(false);
    await store.push(desc, Readable.from([data.subarray(0, 10), data.subarray(10)]));
    expect((await readAll(await store.fetch(desc))).equals(data)).toBe(true);
    // Present: drained, kept, still verified.
    await store.push(desc, Readable.from([data]));
    expect(await codeOf(store.push(desc, Readable.from([randomBytes(50_000)])))).toBe('DIGEST_MISMATCH');
    expect((await store.blobs.listStatuses()).length).toBe(0);
  });

  test('fetch checks the descriptor size; readJSON caps size and needs JSON', async () => {
    const d = await store.pushJSON({ a: 1 }, 'application/json');
    expect(await store.readJSON(d)).toEqual({ a: 1 });
    expect(await codeOf(store.fetch({ ...d, size: d.size + 1 }))).toBe('SIZE_MISMATCH');
    expect(await codeOf(store.readJSON(d, 3))).toBe('TOO_LARGE');
    const raw = await store.pushBytes(Buffer.from('not json'), 'application/json');
    expect(await codeOf(store.readJSON(raw))).toBe('INVALID_MANIFEST');
    expect(await codeOf(store.fetch({ ...d, digest: sha256('absent') }))).toBe('NOT_FOUND');
  });

  test('pushJSON stores JSON.stringify bytes and merges extra fields', async () => {
    const d = await store.pushJSON({ b: [1, 2] }, 'application/json', { annotations: { k: 'v' } });
    expect(d).toEqual({ mediaType: 'application/json', digest: sha256('{"b":[1,2]}'), size: 11, annotations: { k: 'v' } });
  });

  test('successors of manifests and indexes', async () => {
    const a = await image(store, 'a');
    const b = await image(store, 'b', { subject: a.manifest });
    expect(await store.successors(a.manifest)).toEqual([a.config, a.layer]);
    expect(await store.successors(b.manifest)).toEqual([b.config, b.layer, a.manifest]);
    const ix = await store.pushJSON({ schemaVersion: 2, mediaType: MediaType.ImageIndex, manifests: [a.manifest, b.manifest] }, MediaType.ImageIndex);
    expect(await store.successors(ix)).toEqual([a.manifest, b.manifest]);
    expect(await store.successors(a.layer)).toEqual([]);
  });

  test('referrers: manifests whose subject is the given one, filtered by artifactType', async () => {
    const subject = await image(store, 'subject');
    const sig = await image(store, 'sig', { subject: subject.manifest, artifactType: 'application/vnd.example.sig' });
    const sbom = await image(store, 'sbom', { subject: subject.manifest });
    const all = await store.referrers(subject.manifest);
    expect(all.map((d) => d.digest).sort()).toEqual([sig.manifest.digest, sbom.manifest.digest].sort());
    expect(all.find((d) => d.digest === sig.manifest.digest)?.artifactType).toBe('application/vnd.example.sig');
    // An image manifest without artifactType reports its config media type.
    expect(all.find((d) => d.digest === sbom.manifest.digest)?.artifactType).toBe(MediaType.ImageConfig);
    const only = await store.referrers(subject.manifest, 'application/vnd.example.sig');
    expect(only.map((d) => d.digest)).toEqual([sig.manifest.digest]);
    expect(await store.referrers(sig.manifest)).toEqual([]);
  });
});

/** A fallback holding blobs in memory, like the runner cache's ledger + restore. */
function memoryFallback(): BlobFallback & { blobs: Map<string, Buffer>; fetched: string[] } {
  const blobs = new Map<string, Buffer>();
  const fetched: string[] = [];
  return {
    blobs,
    fetched,
    has: (d) => blobs.has(d),
    size: (d) => blobs.get(d)?.length,
    async fetchInto(d: string, _size: number | undefined, target: ContentStore) {
      const data = blobs.get(d);
      if (!data) return false;
      fetched.push(d);
      await target.put(data, d);
      return true;
    },
  };
}

describe('fallback (lazy runner-cache source)', () => {
  test('exists counts the fallback; fetch and readJSON restore on a local miss; verify reports not-local; gc ignores', async () => {
    const root = await tempDir();
    const store = await Store.open(root);
    const fb = memoryFallback();
    const img = await image(store, 'lazy');
    await store.tag(img.manifest, 'app:1');
    // Move the layer and the config out to the "cache".
    for (const d of [img.layer, img.config]) {
      fb.blobs.set(d.digest, await store.blobs.get(d.digest));
      await store.blobs.delete(d.digest);
    }
    expect(await store.exists(img.layer)).toBe(false);
    store.fallback = fb;
    expect(await store.exists(img.layer)).toBe(true);
    const report = await store.verify();
    expect(report.ok).toBe(true);
    expect(report.notLocal.map((n) => n.digest).sort()).toEqual([img.layer.digest, img.config.digest].sort());
    expect(await store.gc()).toMatchObject({ removedBlobs: 0 });
    expect(fb.fetched).toEqual([]);
    expect(await store.readJSON(img.config)).toMatchObject({ os: 'linux' });
    expect((await readAll(await store.fetch(img.layer))).toString()).toBe('layer lazy');
    expect(fb.fetched.sort()).toEqual([img.layer.digest, img.config.digest].sort());
    expect(await store.blobs.has(img.layer.digest)).toBe(true);
    // Tagging content only the fallback holds is allowed; unknown content is not.
    const cachedOnly = await store.pushJSON({ schemaVersion: 2, mediaType: MediaType.ImageManifest, config: img.config, layers: [] }, MediaType.ImageManifest);
    fb.blobs.set(cachedOnly.digest, await store.blobs.get(cachedOnly.digest));
    await store.blobs.delete(cachedOnly.digest);
    await store.tag(cachedOnly, 'cached:1');
    expect((await store.resolve(cachedOnly.digest)).mediaType).toBe(MediaType.ImageManifest);
  });
});

describe('gc', () => {
  test('removes what no index.json entry reaches; keeps referrers of live manifests and untagged entries', async () => {
    const root = await tempDir();
    const store = await Store.open(root);
    const live = await image(store, 'live');
    const dead = await image(store, 'dead');
    const sig = await image(store, 'sig', { subject: live.manifest });
    const sigOfSig = await image(store, 'sigsig', { subject: sig.manifest });
    const orphanSig = await image(store, 'orphan', { subject: dead.manifest });
    const untagged = await image(store, 'untagged');
    const ix = await store.pushJSON({ schemaVersion: 2, mediaType: MediaType.ImageIndex, manifests: [live.manifest] }, MediaType.ImageIndex);
    await store.tag(ix, 'multi:1');
    await store.updateIndex((index) => {
      index.manifests.push(untagged.manifest); // skopeo writes untagged entries like this
    });
    const junk = await store.pushBytes(randomBytes(1000), MediaType.Layer);
    // A stale ingest (old, unlocked) and a live one.
    const stale = await store.blobs.writer('stale');
    await stale.write(Buffer.from('s'));
    await stale.close();
    const past = new Date(Date.now() - 2 * 3600_000);
    for (const f of ['data', 'meta.json']) await utimes(join(store.blobs.ingestPath('stale'), f), past, past);
    const held = await store.blobs.writer('held');
    await held.write(Buffer.from('h'));

    const sizeOf = (...ds: Descriptor[]) => ds.reduce((n, d) => n + d.size, 0);
    const deadBytes =
      sizeOf(dead.manifest, dead.layer, orphanSig.manifest, orphanSig.layer, junk) +
      // configs are distinct per seed except none shared here
      sizeOf(dead.config, orphanSig.config);
    const report = await store.gc();
    expect(report).toEqual({ removedBlobs: 7, bytesFreed: deadBytes, removedIngests: 1 });
    for (const d of [live, sig, sigOfSig, untagged].flatMap((i) => [i.manifest, i.config, i.layer])) expect(await store.blobs.has(d.digest)).toBe(true);
    expect(await store.blobs.has(ix.digest)).toBe(true);
    for (const d of [dead.manifest, orphanSig.manifest, junk]) expect(await store.blobs.has(d.digest)).toBe(false);
    expect((await store.blobs.listStatuses()).map((s) => s.ref)).toEqual(['held']);
    await held.cancel();
    expect((await store.verify()).ok).toBe(true);
    expect(await store.gc()).toEqual({ removedBlobs: 0, bytesFreed: 0, removedIngests: 0 });
  });
});

describe('verify', () => {
  test('reports corrupt blobs, missing blobs, size mismatches and stray files, each with its tag', async () => {
    const root = await tempDir();
    const store = await Store.open(root);
    const a = await image(store, 'a');
    const b = await image(store, 'b');
    const c = await image(store, 'c');
    await store.tag(a.manifest, 'a:1');
    await store.tag(b.manifest, 'b:1');
    await store.tag(c.manifest, 'c:1');
    expect(await store.verify()).toMatchObject({ ok: true, checkedBlobs: 9, problems: [] });

    // a: a blob whose bytes do not match its name.
    const p = store.blobs.blobPath(a.layer.digest);
    await chmod(p, 0o644);
    await writeFile(p, 'tampered');
    // b: a layer missing.
    await store.blobs.delete(b.layer.digest);
    // c: index entry with the wrong size.
    await store.updateIndex((ix) => {
      const e = ix.manifests.find((m) => m.annotations?.[Annotation.RefName] === 'c:1')!;
      e.size += 1;
    });
    await writeFile(join(root, 'blobs', 'sha256', 'partial.tmp'), 'x');

    const report = await store.verify();
    expect(report.ok).toBe(false);
    const codes = report.problems.map((x) => [x.code, x.ref, x.digest].filter((v) => v !== undefined).join(' '));
    expect(codes).toContain(`DIGEST_MISMATCH ${a.layer.digest}`);
    expect(codes).toContain(`SIZE_MISMATCH a:1 ${a.layer.digest}`);
    expect(codes).toContain(`INCOMPLETE b:1 ${b.layer.digest}`);
    expect(codes).toContain(`SIZE_MISMATCH c:1 ${c.manifest.digest}`);
    expect(report.problems.some((x) => x.code === 'INVALID_DIGEST' && x.message.includes('partial.tmp'))).toBe(true);
    // The corrupt blob is caught when read too.
    expect(await codeOf(store.fetch(a.layer))).toBe('SIZE_MISMATCH');
  });
});

describe('containerd-exported layouts (io.containerd.image.name)', () => {
  /**
   * Replace `root`'s index.json the way `ctr image export` writes it (containerd
   * core/images/archive/exporter.go): each entry carries the full name in
   * io.containerd.image.name and only the tag in ref.name (`ociReferenceName`), the pull's
   * source in containerd.io/distribution.source.<registry>; the index has no mediaType;
   * a Docker-compatible manifest.json lies beside it.
   */
  async function containerdExport(root: string, entries: Array<{ desc: Descriptor; name: string; source?: string }>): Promise<void> {
    const manifests = entries.map(({ desc, name, source }) => {
      const annotations: Record<string, string> = { [CONTAINERD_NAME_ANNOTATION]: name, [Annotation.RefName]: name.slice(name.lastIndexOf(':') + 1) };
      if (source !== undefined) annotations[`containerd.io/distribution.source.${name.split('/')[0]}`] = source;
      return { mediaType: desc.mediaType, digest: desc.digest, size: desc.size, annotations };
    });
    await writeFile(join(root, 'index.json'), JSON.stringify({ schemaVersion: 2, manifests }));
    await writeFile(join(root, 'manifest.json'), JSON.stringify(entries.map(({ name }) => ({ Config: '', RepoTags: [name], Layers: [] }))));
  }

  test('a full name finds the entry whose ref.name holds only its tag', async () => {
    const root = await tempDir();
    const first = await Store.open(root);
    const rev = await image(first, 'ctr-rev');
    const a = await image(first, 'ctr-a');
    await containerdExport(root, [
      { desc: rev.manifest, name: 'docker.io/local/rev:rev' },
      { desc: a.manifest, name: 'docker.io/library/a:1', source: 'library/a' },
    ]);
    const store = await Store.open(root);
    for (const ref of ['local/rev:rev', 'docker.io/local/rev:rev', 'rev']) expect((await store.resolve(ref)).digest).toBe(rev.manifest.digest);
    for (const ref of ['a:1', 'library/a:1', 'docker.io/library/a:1', '1']) expect((await store.resolve(ref)).digest).toBe(a.manifest.digest);
    // A bare ref.name beside a full name is a tag, not the image `docker.io/library/rev`.
    expect(await codeOf(store.resolve('rev:latest'))).toBe('NOT_FOUND');
    expect(await codeOf(store.resolve('local/rev:other'))).toBe('NOT_FOUND');
  });

  test('a tag two images share is refused as ambiguous, naming both candidates', async () => {
    const root = await tempDir();
    const first = await Store.open(root);
    const a = await image(first, 'ctr-amb-a');
    const b = await image(first, 'ctr-amb-b');
    await containerdExport(root, [
      { desc: a.manifest, name: 'docker.io/library/a:1' },
      { desc: b.manifest, name: 'docker.io/library/b:1' },
    ]);
    const store = await Store.open(root);
    const err = await store.resolve('1').catch((e: unknown) => e);
    expect(isOciError(err, 'INVALID_REFERENCE')).toBe(true);
    const message = (err as Error).message;
    for (const s of ['ambiguous', 'docker.io/library/a:1', a.manifest.digest, 'docker.io/library/b:1', b.manifest.digest]) expect(message).toContain(s);
    expect((err as { hint?: string }).hint).toMatch(/full name .*or by its digest/);
    // Each is still reachable by its name or its digest.
    expect((await store.resolve('a:1')).digest).toBe(a.manifest.digest);
    expect((await store.resolve('b:1')).digest).toBe(b.manifest.digest);
    expect((await store.resolve(b.manifest.digest)).digest).toBe(b.manifest.digest);
  });

  test('one image recorded twice under a name is not ambiguous; two differing under one normalised name are', async () => {
    const store = await Store.open(await tempDir());
    const a = await image(store, 'twice-a');
    const b = await image(store, 'twice-b');
    await store.updateIndex((ix) => {
      ix.manifests.push({ ...a.manifest, annotations: { [Annotation.RefName]: 'latest' } }, { ...a.manifest, annotations: { [Annotation.RefName]: 'latest' } });
    });
    expect((await store.resolve('latest')).digest).toBe(a.manifest.digest);
    await store.tag(a.manifest, 'app:1');
    await store.tag(b.manifest, 'docker.io/library/app:1');
    // Each spelling as written is exact; a third spelling matches both.
    expect((await store.resolve('app:1')).digest).toBe(a.manifest.digest);
    expect((await store.resolve('docker.io/library/app:1')).digest).toBe(b.manifest.digest);
    expect(await codeOf(store.resolve('library/app:1'))).toBe('INVALID_REFERENCE');
  });

  test('unpack --ref local/rev:rev unpacks the local copy; --ref 1 fails on ref, listing the candidates', async () => {
    const root = await tempDir();
    const ws = await tempDir();
    await mkdir(join(ws, 'site'));
    const opts = (raw: Record<string, string>) => parseOptions({ store: root, ...raw }, { cwd: ws });
    const ctx = { logger: { debug: () => {}, info: () => {}, warning: () => {} }, env: {}, workspace: ws };
    const ingest = async (text: string): Promise<Descriptor> => {
      await writeFile(join(ws, 'site', 'index.html'), text);
      const r = await execute(opts({ command: 'ingest', layers: 'site:/srv' }), ctx);
      return { mediaType: r.metadata!.mediaType, digest: r.digest!, size: r.metadata!.size };
    };
    const rev = await ingest('rev\n');
    const other = await ingest('other\n');
    await containerdExport(root, [
      { desc: rev, name: 'docker.io/local/rev:rev' },
      { desc: rev, name: 'docker.io/library/a:1' },
      { desc: other, name: 'docker.io/library/b:1' },
    ]);
    const out = join(ws, 'out');
    const r = await execute(opts({ command: 'unpack', ref: 'local/rev:rev', path: out }), ctx);
    expect(r.digest).toBe(rev.digest);
    expect(await readFile(join(out, 'srv', 'index.html'), 'utf8')).toBe('rev\n');
    const before = await readFile(join(root, 'index.json'), 'utf8');
    const err = await execute(opts({ command: 'unpack', ref: '1', path: join(ws, 'out1') }), ctx).catch((e: unknown) => e);
    expect(isOciError(err, 'INVALID_REFERENCE')).toBe(true);
    expect((err as { input?: string }).input).toBe('ref');
    expect((err as Error).message).toContain('docker.io/library/b:1');
    expect(await readFile(join(root, 'index.json'), 'utf8')).toBe(before);
  });

  describe('listed, untagged and retagged by their full name', () => {
    async function exported() {
      const root = await tempDir();
      const first = await Store.open(root);
      const rev = await image(first, `list-rev-${root}`);
      const a = await image(first, `list-a-${root}`);
      const b = await image(first, `list-b-${root}`);
      await containerdExport(root, [
        { desc: rev.manifest, name: 'docker.io/local/rev:rev' },
        { desc: a.manifest, name: 'docker.io/library/a:1', source: 'library/a' },
        { desc: b.manifest, name: 'docker.io/library/b:1' },
      ]);
      return { root, store: await Store.open(root), rev, a, b };
    }

    test('listTags and inspect name each entry by io.containerd.image.name, not the bare tag (rev, 1)', async () => {
      const { root, store, rev, a, b } = await exported();
      await store.tag(a.manifest, 'app:2'); // a plain OCI tag beside them: as written
      expect((await store.listTags()).map((t) => [t.ref, t.descriptor.digest])).toEqual([
        ['docker.io/local/rev:rev', rev.manifest.digest],
        ['docker.io/library/a:1', a.manifest.digest],
        ['docker.io/library/b:1', b.manifest.digest],
        ['app:2', a.manifest.digest],
      ]);
      const ctx = { logger: { debug: () => {}, info: () => {}, warning: () => {} }, env: {}, workspace: root };
      const list = await execute(parseOptions({ command: 'inspect', store: root }, { cwd: root }), ctx);
      expect((list.details?.tags as Array<{ ref: string }>).map((t) => t.ref)).toEqual(['docker.io/local/rev:rev', 'docker.io/library/a:1', 'docker.io/library/b:1', 'app:2']);
      const one = await execute(parseOptions({ command: 'inspect', store: root, ref: 'a:1' }, { cwd: root }), ctx);
      expect(one.details?.tags).toEqual(['docker.io/library/a:1', 'app:2']);
    });

    test('untag by the full name (or a spelling that normalises to it) removes that entry only; the bare shared tag removes nothing', async () => {
      const { store, rev, b } = await exported();
      const before = (await store.readIndex()).manifests.length;
      expect(await store.untag('1')).toBe(false);
      expect((await store.readIndex()).manifests).toHaveLength(before);
      expect(await store.untag('docker.io/library/a:1')).toBe(true);
      expect(await store.untag('local/rev:rev')).toBe(true);
      expect((await store.listTags()).map((t) => [t.ref, t.descriptor.digest])).toEqual([['docker.io/library/b:1', b.manifest.digest]]);
      expect(await codeOf(store.resolve('docker.io/local/rev:rev'))).toBe('NOT_FOUND');
      expect((await store.resolve(rev.manifest.digest)).digest).toBe(rev.manifest.digest);
    });

    test('retagging the full name replaces that entry; a retag by a new name is listed as written', async () => {
      const { store, a, b } = await exported();
      await store.tag(b.manifest, 'docker.io/library/a:1');
      await store.tagMany(a.manifest, ['docker.io/library/a:2']);
      const listed = (await store.listTags()).map((t) => [t.ref, t.descriptor.digest]);
      expect(listed.filter(([ref]) => ref === 'docker.io/library/a:1')).toEqual([['docker.io/library/a:1', b.manifest.digest]]);
      expect(listed).toContainEqual(['docker.io/library/a:2', a.manifest.digest]);
      expect((await store.resolve('a:1')).digest).toBe(b.manifest.digest);
    });

    test('verify and gc name a damaged containerd entry by its full name', async () => {
      const { store, a } = await exported();
      await store.blobs.delete(a.layer.digest);
      const v = await store.verify();
      expect(v.problems.map((p) => p.ref)).toEqual(['docker.io/library/a:1']);
      await store.blobs.delete(a.manifest.digest);
      const g = await store.gc();
      expect(g.unreadable?.map((u) => u.ref)).toEqual(['docker.io/library/a:1']);
    });
  });
});
