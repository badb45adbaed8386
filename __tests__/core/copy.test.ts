/**
 * Graph copy between Targets: children before parents, bounded concurrency, skip present,
 * platform selection on pull (index bytes kept as they are), never reading a blob the
 * registry already has, and a clear error for pushing a partial index.
 */
import { describe, expect, test, beforeAll, afterAll } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { OMITTED_ANNOTATION, Store } from '../../src/core/layout.js';
import { Limiter, copyGraph } from '../../src/core/copy.js';
import { RegistryClient } from '../../src/core/registry/client.js';
import { OciError, isOciError } from '../../src/core/errors.js';
import type { BlobFallback, BlobPushResult, BlobSource, ContentStore, Mounter, RangeFetcher, TagsPusher, Target } from '../../src/core/content.js';
import { MediaType, type Descriptor } from '../../src/core/types/oci.js';
import { sha256 } from '../../src/core/digest.js';
import { withRegistry } from '../harness/registry-fixture.js';
import { makeImage, makeIndex } from '../harness/images.js';

let tmp: string;
const registry = withRegistry();
let client: RegistryClient;
let n = 0;

async function store(): Promise<Store> {
  return Store.open(join(tmp, `s${++n}`));
}

/** An in-memory Target recording pushes and how many run at once. */
class MemoryTarget implements Target {
  readonly blobs = new Map<string, Buffer>();
  readonly order: string[] = [];
  active = 0;
  maxActive = 0;
  async exists(desc: Descriptor): Promise<boolean> {
    return this.blobs.has(desc.digest);
  }
  async fetch(desc: Descriptor): Promise<Readable> {
    const b = this.blobs.get(desc.digest);
    if (!b) throw new OciError('NOT_FOUND', `${desc.digest} not found`);
    return Readable.from([b]);
  }
  async push(desc: Descriptor, content: Readable): Promise<void> {
    this.active++;
    this.maxActive = Math.max(this.maxActive, this.active);
    try {
      const chunks: Buffer[] = [];
      for await (const c of content) chunks.push(c as Buffer);
      await new Promise((r) => setTimeout(r, 5));
      const data = Buffer.concat(chunks);
      expect(sha256(data)).toBe(desc.digest);
      this.blobs.set(desc.digest, data);
      this.order.push(desc.digest);
    } finally {
      this.active--;
    }
  }
  async resolve(): Promise<Descriptor> {
    throw new OciError('NOT_FOUND', 'no tags');
  }
  async tag(): Promise<void> {}
}

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'oci-store-copy-'));
  client = new RegistryClient({ retry: { retries: 2, baseDelayMs: 5 } });
});

afterAll(async () => {
  client?.close();
  await rm(tmp, { recursive: true, force: true });
});

describe('order and concurrency', () => {
  test('the limiter never runs more than n, even when a caller arrives as a slot is handed over', async () => {
    const limiter = new Limiter(1);
    let active = 0;
    let max = 0;
    const task = async (): Promise<void> => {
      active++;
      max = Math.max(max, active);
      await new Promise((r) => setImmediate(r));
      active--;
    };
    let release!: () => void;
    const first = limiter.run(() => new Promise<void>((r) => (release = r)));
    const waiting = limiter.run(task);
    release();
    // This caller arrives right after the first task let go and before the waiter woke up.
    let late!: Promise<void>;
    queueMicrotask(() => (late = limiter.run(task)));
    await first;
    await waiting;
    await late;
    expect(max).toBe(1);
  });

  test('children before parents; blob transfers bounded by concurrency', async () => {
    const src = await store();
    const layers = Array.from({ length: 10 }, () => randomBytes(2000));
    const amd = await makeImage(src, { layers });
    const arm = await makeImage(src, { layers: [randomBytes(100)], platform: { os: 'linux', architecture: 'arm64' } });
    const index = await makeIndex(src, [amd, arm]);
    const dst = new MemoryTarget();
    const report = await copyGraph(src, dst, index, { concurrency: 3 });
    expect(report.uploaded).toBe(10 + 1 + 1 + 1 + 1 + 1 + 1); // amd: 10 layers + config + manifest; arm: layer + config + manifest; index
    expect(dst.maxActive).toBeLessThanOrEqual(3);
    expect(dst.maxActive).toBeGreaterThan(1);
    const pos = (d: string): number => dst.order.indexOf(d);
    for (const l of layers) expect(pos(sha256(l))).toBeLessThan(pos(amd.digest));
    expect(pos(amd.digest)).toBeLessThan(pos(index.digest));
    expect(pos(arm.digest)).toBeLessThan(pos(index.digest));
    expect(dst.order.at(-1)).toBe(index.digest);
    // a second copy writes nothing
    const again = await copyGraph(src, dst, index, {});
    expect(again.uploaded).toBe(0);
  });
});

describe('platform selection on pull', () => {
  test.each([
    ['OCI index', false],
    ['Docker manifest list', true],
  ])('%s: a subset keeps the index bytes and stores only the selected children', async (_name, docker) => {
    const src = await store();
    const amd = await makeImage(src, { docker });
    const arm = await makeImage(src, { docker, platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } });
    const index = await makeIndex(src, [amd, arm], { docker });
    const repoName = `${registry.host}/multi/${docker ? 'docker' : 'oci'}`;
    await copyGraph(src, client.repository(repoName, { push: true }), index, { tags: ['1'] });

    const dst = await store();
    const repo = client.repository(repoName);
    const root = await repo.resolve('1');
    expect(root.digest).toBe(index.digest);
    const report = await copyGraph(repo, dst, root, { platforms: [{ os: 'linux', architecture: 'arm64' }], tags: ['multi:1'] });
    expect(report.omitted.map((d) => d.digest)).toEqual([amd.digest]);
    const tagged = await dst.resolve('multi:1');
    expect(tagged.digest).toBe(index.digest);
    expect((await dst.blobs.get(index.digest)).equals(await src.blobs.get(index.digest))).toBe(true);
    expect(await dst.blobs.has(arm.digest)).toBe(true);
    expect(await dst.blobs.has(amd.digest)).toBe(false);
    // the tag records the child left out on purpose: verify lists it as not pulled, no problem
    expect(tagged.annotations?.[OMITTED_ANNOTATION]).toBe(amd.digest);
    const v = await dst.verify();
    expect(v.problems).toEqual([]);
    expect(v.ok).toBe(true);
    expect(v.notPulled).toEqual([{ digest: amd.digest, ref: 'multi:1', platform: 'linux/amd64' }]);

    // `all` afterwards completes it, fetching only what is missing, and the record goes
    const all = await copyGraph(repo, dst, root, { platforms: 'all' });
    expect(all.uploaded).toBe(4); // amd manifest, config, two layers
    const after = await dst.verify();
    expect(after.problems).toEqual([]);
    expect(after.notPulled).toEqual([]);
    expect((await dst.resolve('multi:1')).annotations?.[OMITTED_ANNOTATION]).toBeUndefined();
    expect((await dst.resolve('multi:1')).digest).toBe(index.digest);
  });

  test('a selected child that goes missing is still INCOMPLETE; another pull of the rest clears the record', async () => {
    const src = await store();
    const amd = await makeImage(src);
    const arm = await makeImage(src, { platform: { os: 'linux', architecture: 'arm64' } });
    const riscv = await makeImage(src, { platform: { os: 'linux', architecture: 'riscv64' } });
    const index = await makeIndex(src, [amd, arm, riscv]);
    const repoName = `${registry.host}/multi/record`;
    await copyGraph(src, client.repository(repoName, { push: true }), index, { tags: ['1'] });
    const repo = client.repository(repoName);
    const dst = await store();
    await copyGraph(repo, dst, index, { platforms: [{ os: 'linux', architecture: 'arm64' }], tags: ['m:1', 'm:2'] });
    expect((await dst.verify()).notPulled.map((n) => [n.ref, n.platform])).toEqual(
      expect.arrayContaining([
        ['m:1', 'linux/amd64'],
        ['m:1', 'linux/riscv64'],
        ['m:2', 'linux/amd64'],
        ['m:2', 'linux/riscv64'],
      ]),
    );
    // the selected arm64 manifest lost: a problem, not "not pulled"
    await dst.blobs.delete(arm.digest);
    const broken = await dst.verify();
    expect(broken.ok).toBe(false);
    expect(broken.problems.map((p) => [p.code, p.ref, p.digest])).toEqual([
      ['INCOMPLETE', 'm:1', arm.digest],
      ['INCOMPLETE', 'm:2', arm.digest],
    ]);
    expect(broken.notPulled).toHaveLength(4);
    // pulling arm64 and amd64 (a new tag) brings both back and records only what is still absent
    await copyGraph(repo, dst, index, { platforms: [{ os: 'linux', architecture: 'arm64' }, { os: 'linux', architecture: 'amd64' }], tags: ['m:3'] });
    const v = await dst.verify();
    expect(v.problems).toEqual([]);
    // every entry of the index forgets amd64 (now here); riscv64 stays recorded on each
    expect(v.notPulled.map((n) => `${n.ref} ${n.platform}`).sort()).toEqual(['m:1 linux/riscv64', 'm:2 linux/riscv64', 'm:3 linux/riscv64']);
    for (const t of ['m:1', 'm:2', 'm:3']) expect((await dst.resolve(t)).annotations?.[OMITTED_ANNOTATION]).toBe(riscv.digest);
  });

  test('a platform the index lacks is PLATFORM_NOT_FOUND naming what it has', async () => {
    const src = await store();
    const amd = await makeImage(src);
    const index = await makeIndex(src, [amd]);
    const dst = await store();
    const err = await copyGraph(src, dst, index, { platforms: [{ os: 'linux', architecture: 's390x' }] }).catch((e: unknown) => e);
    expect(isOciError(err, 'PLATFORM_NOT_FOUND')).toBe(true);
    expect((err as OciError).hint).toContain('linux/amd64');
    expect(await dst.blobs.has(index.digest)).toBe(false);
  });
});

describe('push', () => {
  test('a blob the registry already has is never read from the store (no cache restore)', async () => {
    // the source store holds the layers only "in the runner cache": a fallback that records use
    const src = await store();
    const image = await makeImage(src, { layers: [randomBytes(5000), randomBytes(6000)] });
    await copyGraph(src, client.repository(`${registry.host}/lazy/a`, { push: true }), image, { tags: ['1'] });
    const manifest = JSON.parse((await src.blobs.get(image.digest)).toString()) as { layers: Descriptor[] };
    const lazy = new Set(manifest.layers.map((l) => l.digest));
    for (const d of lazy) await src.blobs.delete(d);
    const restores: string[] = [];
    const fallback: BlobFallback = {
      has: (d) => lazy.has(d),
      size: () => undefined,
      fetchInto: async (d: string, _s: number | undefined, _store: ContentStore) => {
        restores.push(d);
        return false;
      },
    };
    src.fallback = fallback;
    // same repository, new tag: HEADs find everything
    const same = await copyGraph(src, client.repository(`${registry.host}/lazy/a`, { push: true }), image, { tags: ['2'] });
    expect(same.uploaded).toBe(0);
    // another repository: the layers are mounted, not read
    const other = await copyGraph(src, client.repository(`${registry.host}/lazy/b`, { push: true }), image, {
      tags: ['1'],
      mountFrom: (d) => client.knownRepositories(registry.host, d, 'lazy/b'),
    });
    expect(other.mounted).toBe(3);
    expect(restores).toEqual([]);
  });

  test('pushing an index the store holds only partly: INCOMPLETE, unless the registry has the rest', async () => {
    const src = await store();
    const amd = await makeImage(src);
    const arm = await makeImage(src, { platform: { os: 'linux', architecture: 'arm64' } });
    const index = await makeIndex(src, [amd, arm]);
    await copyGraph(src, client.repository(`${registry.host}/partial/a`, { push: true }), index, { tags: ['1'] });
    const part = await store();
    await copyGraph(client.repository(`${registry.host}/partial/a`), part, index, { platforms: [{ os: 'linux', architecture: 'arm64' }] });
    // back to where the rest is: fine
    const ok = await copyGraph(part, client.repository(`${registry.host}/partial/a`, { push: true }), index, { tags: ['2'] });
    expect(ok.uploaded).toBe(0);
    // to a fresh registry repository on another host name (no mount): the amd64 child is missing
    const err = await copyGraph(part, client.repository(`localhost:${registry.port}/partial/fresh`, { push: true }), index, { tags: ['1'] }).catch((e: unknown) => e);
    expect(isOciError(err, 'INCOMPLETE')).toBe(true);
    expect((err as OciError).message).toContain(amd.digest);
    expect((err as OciError).message).toContain('linux/amd64');
    expect((err as OciError).hint).toMatch(/platform: all/);
  });

  test('an artifact with foreign, non-distributable layers skips them', async () => {
    const src = await store();
    const foreign: Descriptor = {
      mediaType: MediaType.DockerForeignLayerGzip,
      digest: sha256('not here'),
      size: 8,
      urls: ['https://example.invalid/layer.tar.gz'],
    };
    const image = await makeImage(src, { docker: true, layers: [randomBytes(10)] });
    const m = JSON.parse((await src.blobs.get(image.digest)).toString()) as { layers: Descriptor[] };
    m.layers.unshift(foreign);
    const desc = await src.pushJSON(m, MediaType.DockerManifest);
    const dst = new MemoryTarget();
    const report = await copyGraph(src, dst, desc, {});
    expect(dst.blobs.has(foreign.digest)).toBe(false);
    expect(report.skipped).toBe(1);
    expect(report.uploaded).toBe(3);
  });
});

describe('pull into a store: registry bytes go straight to a verifying writer', () => {
  /**
   * A registry on loopback serving `image` from `src`, where `serve` sends each blob (its
   * true bytes given; HEAD is answered before it). Runs `body` with a client of the
   * registry's repository `name`, then closes both.
   */
  async function withBlobServer(
    src: Awaited<ReturnType<typeof store>>,
    image: Descriptor,
    name: string,
    serve: (digest: string, body: Buffer, res: import('node:http').ServerResponse) => void,
    body: (repo: ReturnType<RegistryClient['repository']>) => Promise<void>,
  ): Promise<void> {
    const { default: http } = await import('node:http');
    const manifest = await src.blobs.get(image.digest);
    const server = http.createServer((req, res) => {
      const digest = /\/(sha256:[0-9a-f]{64})$/.exec(req.url ?? '')?.[1];
      if (req.url === '/v2/') return void res.end();
      if (req.url?.includes('/manifests/')) {
        res.writeHead(200, { 'content-type': image.mediaType, 'docker-content-digest': image.digest, 'content-length': manifest.length });
        return void res.end(req.method === 'HEAD' ? undefined : manifest);
      }
      if (!digest) return void res.writeHead(404).end();
      src.blobs.get(digest, 1 << 20).then((b) => {
        const bytes = Buffer.from(b);
        res.writeHead(200, { 'content-length': bytes.length });
        if (req.method === 'HEAD') return void res.end();
        serve(digest, bytes, res);
      });
    });
    const port = await new Promise<number>((r) => server.listen(0, '127.0.0.1', () => r((server.address() as import('node:net').AddressInfo).port)));
    const c = new RegistryClient({ retry: { retries: 0 } });
    try {
      await body(c.repository(`127.0.0.1:${port}/${name}`));
    } finally {
      c.close();
      await new Promise((r) => server.close(r));
      server.closeAllConnections();
    }
  }

  test('a layer a registry serves with other bytes fails DIGEST_MISMATCH and leaves nothing in blobs/ or ingest/', async () => {
    const { readdir } = await import('node:fs/promises');
    const src = await store();
    const good = randomBytes(300 * 1024);
    const image = await makeImage(src, { layers: [good] });
    const layer = sha256(good);
    // A registry that keeps the size but flips the last byte of the layer.
    const flipLayer = (digest: string, body: Buffer, res: import('node:http').ServerResponse): void => {
      if (digest === layer) body[body.length - 1] ^= 0xff;
      res.end(body);
    };
    await withBlobServer(src, image, 'bad/layer', flipLayer, async (repo) => {
      const dst = await store();
      const e = await copyGraph(repo, dst, await repo.resolve('1'), { tags: ['bad:1'] }).catch((x: unknown) => x);
      expect(isOciError(e, 'DIGEST_MISMATCH')).toBe(true);
      expect(await dst.blobs.has(layer)).toBe(false);
      expect(await dst.blobs.has(image.digest)).toBe(false);
      expect(await readdir(join(dst.root, 'ingest')).catch(() => [])).toEqual([]);
    });
  });

  test('a failed pull returns only once its other downloads have ended: no temp file is left being written in ingest/', async () => {
    const { readdir } = await import('node:fs/promises');
    const src = await store();
    const bad = randomBytes(64 * 1024);
    const slow = randomBytes(256 * 1024);
    const image = await makeImage(src, { layers: [bad, slow] });
    // The first layer comes at once with its last byte flipped; the second is sent half
    // now, half 300 ms later — still arriving when the first one's mismatch is found.
    const flipOneDelayOther = (digest: string, body: Buffer, res: import('node:http').ServerResponse): void => {
      if (digest === sha256(bad)) {
        body[body.length - 1] ^= 0xff;
        return void res.end(body);
      }
      if (digest !== sha256(slow)) return void res.end(body);
      res.write(body.subarray(0, body.length >> 1));
      setTimeout(() => res.end(body.subarray(body.length >> 1)), 300);
    };
    await withBlobServer(src, image, 'bad/sibling', flipOneDelayOther, async (repo) => {
      const dst = await store();
      const e = await copyGraph(repo, dst, await repo.resolve('1'), { tags: ['bad:1'] }).catch((x: unknown) => x);
      expect(isOciError(e, 'DIGEST_MISMATCH')).toBe(true);
      expect(await readdir(join(dst.root, 'ingest')).catch(() => [])).toEqual([]);
      expect(await dst.blobs.has(sha256(slow))).toBe(true); // ended, verified and kept: a retry skips it
      expect(await dst.blobs.has(sha256(bad))).toBe(false);
    });
  });

  test('a downloaded blob is committed (fsync, link) outside the transfer slot: the next download does not wait for it', async () => {
    const src = await store();
    const layers = [randomBytes(64 * 1024), randomBytes(64 * 1024), randomBytes(64 * 1024)];
    const image = await makeImage(src, { layers });
    const name = `${registry.host}/slots/img`;
    await copyGraph(src, client.repository(name, { push: true }), image, { tags: ['1'] });
    const dst = await store();
    // The store's real writers, with the first commit held until a second download has
    // begun (or 3 s have passed): with one transfer slot that happens only if the slot is
    // free while a blob is committed.
    const tempWriter = dst.blobs.tempWriter.bind(dst.blobs);
    let opened = 0;
    let secondOpened!: () => void;
    const second = new Promise<void>((r) => (secondOpened = r));
    const held: string[] = [];
    dst.blobs.tempWriter = async (options) => {
      const w = await tempWriter(options);
      if (++opened === 2) secondOpened();
      if (opened !== 1) return w;
      const commit = w.commit.bind(w);
      w.commit = async (size, expected) => {
        const timer = new Promise<string>((r) => setTimeout(() => r('timed out'), 3000).unref());
        held.push(await Promise.race([second.then(() => 'overlapped'), timer]));
        return commit(size, expected);
      };
      return w;
    };
    const repo = client.repository(name);
    const report = await copyGraph(repo, dst, await repo.resolve('1'), { concurrency: 1, tags: ['slots:1'] });
    expect(held).toEqual(['overlapped']);
    expect(report.uploaded).toBe(layers.length + 2); // layers, config, manifest
    for (const l of layers) expect(await dst.blobs.has(sha256(l))).toBe(true);
    expect((await dst.verify()).ok).toBe(true);
  });
});

describe('copy asks the targets for capabilities, not for their class', () => {
  /** A destination that is no Repository but mounts blobs and pushes a manifest to several tags. */
  class RegistryLikeTarget extends MemoryTarget implements Mounter, TagsPusher {
    /** Digests "another repository" holds: mounted, never read from the source. */
    readonly mountable = new Set<string>();
    readonly mounts: Array<{ digest: string; from: readonly string[] }> = [];
    readonly tags = new Map<string, string>();
    readonly tagCalls: string[] = [];
    readonly pushedRefs: string[][] = [];
    async mount(desc: Descriptor, from: readonly string[], source: BlobSource): Promise<BlobPushResult> {
      this.mounts.push({ digest: desc.digest, from });
      if (this.blobs.has(desc.digest)) return { outcome: 'skipped', bytes: 0 };
      if (this.mountable.has(desc.digest) && from.length > 0) {
        this.blobs.set(desc.digest, Buffer.alloc(0)); // stands for the registry's own copy
        return { outcome: 'mounted', bytes: 0 };
      }
      await this.push(desc, await source.open(0));
      return { outcome: 'uploaded', bytes: desc.size };
    }
    async pushReferences(desc: Descriptor, bytes: Uint8Array, references: readonly string[]): Promise<void> {
      expect(sha256(Buffer.from(bytes))).toBe(desc.digest);
      this.blobs.set(desc.digest, Buffer.from(bytes));
      this.pushedRefs.push([...references]);
      for (const r of references) if (r !== desc.digest) this.tags.set(r, desc.digest);
    }
    async referenceDigest(reference: string): Promise<string | undefined> {
      return this.tags.get(reference);
    }
    override async tag(...args: unknown[]): Promise<void> {
      this.tagCalls.push(String(args[1]));
    }
  }

  test('a Mounter destination gets its blobs through mount (mounted where it can), a TagsPusher its manifest and tags in one push', async () => {
    const src = await store();
    const shared = randomBytes(4000);
    const own = randomBytes(2000);
    const image = await makeImage(src, { layers: [shared, own] });
    const dst = new RegistryLikeTarget();
    dst.mountable.add(sha256(shared));
    const report = await copyGraph(src, dst, image, { tags: ['1', '2'], mountFrom: () => ['other/app'] });
    // config and both layers went through mount; the shared layer was mounted, not read
    expect(dst.mounts.map((m) => m.digest).sort()).toEqual([sha256(shared), sha256(own), (await src.readJSON<{ config: Descriptor }>(image)).config.digest].sort());
    expect(dst.mounts.every((m) => m.from.includes('other/app'))).toBe(true);
    expect(report.mounted).toBe(1);
    expect(report.uploaded).toBe(3); // own layer, config, manifest
    // the manifest went to both tags at once; no tag call afterwards
    expect(dst.pushedRefs).toEqual([['1', '2']]);
    expect(dst.tagCalls).toEqual([]);
    expect(dst.order).not.toContain(image.digest);

    // a re-copy after one tag moved pushes only that tag, and nothing else
    dst.tags.set('2', sha256('elsewhere'));
    const again = await copyGraph(src, dst, image, { tags: ['1', '2'] });
    expect(dst.pushedRefs).toEqual([['1', '2'], ['2']]);
    expect(again.uploaded).toBe(0);
    expect(dst.tagCalls).toEqual([]);
  });

  test('a RangeFetcher source writes straight into the store writer, which still verifies', async () => {
    const origin = await store();
    const image = await makeImage(origin, { layers: [randomBytes(70 * 1024), randomBytes(1000)] });
    const layerDigests = (await origin.readJSON<{ layers: Descriptor[] }>(image)).layers.map((l) => l.digest);
    /** A source that is no Repository: whole blobs through fetchResumable, in small lent chunks. */
    class RangedSource extends MemoryTarget implements RangeFetcher {
      readonly resumable: string[] = [];
      corrupt?: string;
      async fetchRange(desc: Descriptor, start: number, end?: number): Promise<Readable> {
        return Readable.from([this.blobs.get(desc.digest)!.subarray(start, end === undefined ? undefined : end + 1)]);
      }
      async fetchResumable(desc: Descriptor, sink: (chunks: Buffer[]) => void | Promise<void>): Promise<void> {
        this.resumable.push(desc.digest);
        const b = Buffer.from(this.blobs.get(desc.digest)!);
        if (desc.digest === this.corrupt) b[b.length - 1]! ^= 0xff;
        for (let i = 0; i < b.length; i += 16 * 1024) await sink([b.subarray(i, i + 16 * 1024)]);
      }
    }
    const src = new RangedSource();
    await copyGraph(origin, src, image, {});
    const dst = await store();
    const report = await copyGraph(src, dst, image, { tags: ['r:1'] });
    expect(report.uploaded).toBe(4);
    expect(src.resumable.sort()).toEqual([...layerDigests, (await origin.readJSON<{ config: Descriptor }>(image)).config.digest].sort());
    expect((await dst.resolve('r:1')).digest).toBe(image.digest);
    expect((await dst.verify()).problems).toEqual([]);

    // bad bytes from the source are refused by the store's writer
    src.corrupt = layerDigests[0]!;
    const other = await store();
    const e = await copyGraph(src, other, image, {}).catch((x: unknown) => x);
    expect(isOciError(e, 'DIGEST_MISMATCH')).toBe(true);
    expect(await other.blobs.has(layerDigests[0]!)).toBe(false);
  });
});
