/**
 * Repository against a real registry (docker-registry, no auth) and real peers (skopeo,
 * umoci): interop both ways, skip/mount/chunked uploads, referrers, Docker media types,
 * and the errors a user meets.
 */
import { describe, expect, test, beforeAll, afterAll } from '@jest/globals';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import http from 'node:http';
import type net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Store } from '../../../src/core/layout.js';
import { copyGraph } from '../../../src/core/copy.js';
import { Repository } from '../../../src/core/registry/repository.js';
import { formatError, isOciError, type OciError } from '../../../src/core/errors.js';
import { sha256 } from '../../../src/core/digest.js';
import { MediaType, type Descriptor } from '../../../src/core/types/oci.js';
import { isMounter, isRangeFetcher, isReferrerLister, isTagsPusher, type ProgressEvent } from '../../../src/core/content.js';
import { closeServer, freePort } from '../../harness/registry.js';
import { withClients, withRegistry } from '../../harness/registry-fixture.js';
import { startFaultProxy, type FaultProxy } from '../../harness/fault-proxy.js';
import { makeImage } from '../../harness/images.js';

const run = promisify(execFile);

const registry = withRegistry();
let tmp: string;
const client = withClients({ retry: { baseDelayMs: 5, maxDelayMs: 50, maxRetryAfterMs: 50 }, stallTimeoutMs: 2000 });

async function newStore(name: string): Promise<Store> {
  return Store.open(join(tmp, name));
}

async function skopeoDigest(ref: string): Promise<string> {
  const { stdout } = await run('skopeo', ['inspect', '--tls-verify=false', '--raw', `docker://${ref}`]);
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
  tmp = await mkdtemp(join(tmpdir(), 'oci-store-repo-test-'));
});

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('push', () => {
  test('skopeo inspect reports the digest we pushed; a re-push uploads nothing', async () => {
    const store = await newStore('push1');
    const image = await makeImage(store);
    const c = client();
    const repo = c.repository(`${registry.host}/push/one`, { push: true });
    const first = await copyGraph(store, repo, image, { tags: ['v1'] });
    expect(first.uploaded).toBe(4); // config, two layers, manifest
    expect(first.uploadedBytes).toBeGreaterThan(4096);
    expect(await skopeoDigest(`${registry.host}/push/one:v1`)).toBe(image.digest);
    const { stdout } = await run('skopeo', ['inspect', '--tls-verify=false', `docker://${registry.host}/push/one:v1`]);
    expect(JSON.parse(stdout).Digest).toBe(image.digest);

    const again = await copyGraph(store, repo, image, { tags: ['v1'] });
    expect(again.uploaded).toBe(0);
    expect(again.uploadedBytes).toBe(0);
    expect(again.skipped).toBe(4);
  });

  test('a second repository of the same registry gets its blobs by mount', async () => {
    const store = await newStore('mount');
    const image = await makeImage(store);
    const c = client();
    await copyGraph(store, c.repository(`${registry.host}/mount/a`, { push: true }), image, { tags: ['1'] });
    const b = c.repository(`${registry.host}/mount/b`, { push: true });
    const report = await copyGraph(store, b, image, { tags: ['1'], mountFrom: (d) => c.knownRepositories(registry.host, d, 'mount/b') });
    expect(report.mounted).toBe(3);
    expect(report.uploaded).toBe(1); // only the manifest
    expect(await skopeoDigest(`${registry.host}/mount/b:1`)).toBe(image.digest);
  });

  test('a blob over the chunk threshold goes up in PATCH chunks', async () => {
    const proxy = await startFaultProxy({ host: '127.0.0.1', port: registry.port }, { rate: 0 });
    try {
      const store = await newStore('chunked');
      const big = randomBytes(300 * 1024);
      const image = await makeImage(store, { layers: [big] });
      const c = client({ chunkThreshold: 64 * 1024, chunkSize: 100 * 1024 });
      await copyGraph(store, c.repository(`${proxy.host}/chunked/x`, { push: true }), image, { tags: ['1'] });
      const patches = proxy.log.filter((l) => l.startsWith('PATCH '));
      expect(patches.length).toBe(3); // 100 + 100 + 100 KiB (+ a little)… 300 KiB = 3 chunks
      expect(await skopeoDigest(`${registry.host}/chunked/x:1`)).toBe(image.digest);
      // the registry holds exactly our bytes
      const pulled = await newStore('chunked-back');
      await copyGraph(client().repository(`${registry.host}/chunked/x`), pulled, image, {});
      expect((await pulled.blobs.get(sha256(big), 1 << 20)).equals(big)).toBe(true);
    } finally {
      await proxy.stop();
    }
  });

  test('Docker schema 2 media types go up and come back as they are', async () => {
    const store = await newStore('docker');
    const image = await makeImage(store, { docker: true });
    const c = client();
    await copyGraph(store, c.repository(`${registry.host}/docker/img`, { push: true }), image, { tags: ['d'] });
    const back = await newStore('docker-back');
    const repo = c.repository(`${registry.host}/docker/img`);
    const root = await repo.resolve('d');
    expect(root.mediaType).toBe(MediaType.DockerManifest);
    expect(root.digest).toBe(image.digest);
    await copyGraph(repo, back, root, { tags: ['img:d'] });
    expect((await back.resolve('img:d')).digest).toBe(image.digest);
  });
});

describe('capabilities (content.ts) on a real registry', () => {
  test('Mounter, TagsPusher and RangeFetcher do what copy relies on', async () => {
    const store = await newStore('caps');
    const layer = randomBytes(5000);
    const image = await makeImage(store, { layers: [layer] });
    const layerDesc: Descriptor = { mediaType: MediaType.LayerGzip, digest: sha256(layer), size: layer.length };
    const c = client();
    await copyGraph(store, c.repository(`${registry.host}/caps/a`, { push: true }), image, { tags: ['1'] });
    const b = c.repository(`${registry.host}/caps/b`, { push: true });
    expect([isMounter(b), isTagsPusher(b), isRangeFetcher(b), isReferrerLister(b)]).toEqual([true, true, true, true]);

    // a mount never opens the source
    const unread = { open: async (): Promise<never> => Promise.reject(new Error('the source was read')) };
    expect(await b.mount(layerDesc, ['caps/a'], unread)).toEqual({ outcome: 'mounted', bytes: 0 });
    expect(await b.mount(layerDesc, ['caps/a'], unread)).toEqual({ outcome: 'skipped', bytes: 0 });
    expect(await b.exists(layerDesc)).toBe(true);

    // ranges as the registry serves them, and a whole blob into a sink
    const text = async (r: AsyncIterable<Buffer>): Promise<Buffer> => {
      const parts: Buffer[] = [];
      for await (const p of r) parts.push(Buffer.from(p));
      return Buffer.concat(parts);
    };
    expect((await text(await b.fetchRange(layerDesc, 100, 1099))).equals(layer.subarray(100, 1100))).toBe(true);
    expect((await text(await b.fetchRange(layerDesc, 4000))).equals(layer.subarray(4000))).toBe(true);
    const sunk: Buffer[] = [];
    await b.fetchResumable(layerDesc, (chunks) => void sunk.push(...chunks.map((x) => Buffer.from(x))));
    expect(sha256(Buffer.concat(sunk))).toBe(layerDesc.digest);

    // one manifest, two tags; where a tag points, and none for an absent one
    const config = (await store.readJSON<{ config: Descriptor }>(image)).config;
    await b.mount(config, ['caps/a'], unread);
    await b.pushReferences(image, await store.blobs.get(image.digest), ['x', 'y']);
    expect(await b.referenceDigest('x')).toBe(image.digest);
    expect(await b.referenceDigest('y')).toBe(image.digest);
    expect(await b.referenceDigest('absent')).toBeUndefined();
    expect(await skopeoDigest(`${registry.host}/caps/b:y`)).toBe(image.digest);
  });
});

describe('pull', () => {
  test('an image pushed by skopeo (layout made by umoci) pulls with identical manifest bytes', async () => {
    const layout = join(tmp, 'umoci-layout');
    const rootfs = join(tmp, 'umoci-src');
    await mkdir(join(rootfs, 'etc'), { recursive: true });
    await writeFile(join(rootfs, 'etc', 'hello.txt'), 'hello from umoci\n');
    await run('umoci', ['init', '--layout', layout]);
    await run('umoci', ['new', '--image', `${layout}:t`]);
    await run('umoci', ['insert', '--rootless', '--image', `${layout}:t`, rootfs, '/']);
    await run('skopeo', ['copy', '--dest-tls-verify=false', `oci:${layout}:t`, `docker://${registry.host}/fromskopeo/img:t`]);
    const { stdout: raw } = await run('skopeo', ['inspect', '--tls-verify=false', '--raw', `docker://${registry.host}/fromskopeo/img:t`], { encoding: 'buffer' });

    const store = await newStore('pull-skopeo');
    const repo = client().repository(`${registry.host}/fromskopeo/img:t`);
    const root = await repo.resolve('t');
    const report = await copyGraph(repo, store, root, { tags: [`${registry.host}/fromskopeo/img:t`] });
    expect(report.uploaded).toBe(3);
    const desc = await store.resolve(`${registry.host}/fromskopeo/img:t`);
    const bytes = await store.blobs.get(desc.digest);
    expect(bytes.equals(raw as Buffer)).toBe(true);
    // and a second pull fetches nothing
    const again = await copyGraph(repo, store, root, {});
    expect(again.uploaded).toBe(0);
  });

  test('a broken blob download resumes with Range; long transfers report progress', async () => {
    const store = await newStore('resume-src');
    const big = randomBytes(2 * 1024 * 1024);
    const image = await makeImage(store, { layers: [big] });
    const uploads: ProgressEvent[] = [];
    await copyGraph(store, client({ progress: (e) => uploads.push(e) }).repository(`${registry.host}/resume/x`, { push: true }), image, { tags: ['1'] });
    expect(uploads.at(-1)).toEqual({ digest: sha256(big), done: big.length, total: big.length, phase: 'upload' });
    // every GET of a blob is cut half-way through, once in two
    const proxy = await startFaultProxy({ host: '127.0.0.1', port: registry.port }, { rate: 0.5, kinds: ['reset'], seed: 7 });
    try {
      const events: ProgressEvent[] = [];
      const c = client({ progress: (e) => events.push(e) });
      const repo = c.repository(`${proxy.host}/resume/x`);
      const stream = await repo.fetchBlob({ mediaType: MediaType.LayerGzip, digest: sha256(big), size: big.length });
      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(chunk as Buffer);
      expect(Buffer.concat(chunks).equals(big)).toBe(true);
      // the download broke at least once and was resumed, not restarted by the caller
      expect(proxy.stats.faults.reset).toBeGreaterThan(0);
      expect(proxy.log.filter((l) => l.startsWith('GET /v2/resume/x/blobs/')).length).toBeGreaterThan(1);
      // progress of the long transfer, ending at the total
      expect(events.length).toBeGreaterThan(0);
      expect(events.every((e) => e.phase === 'download' && e.digest === sha256(big) && e.total === big.length)).toBe(true);
      expect(events.at(-1)!.done).toBe(big.length);
    } finally {
      await proxy.stop();
    }
  });
});

describe('names', () => {
  test('docker.io is served from registry-1.docker.io; short names live under library/', () => {
    const c = client();
    const repo = c.repository('alpine');
    expect(repo.registry).toBe('docker.io');
    expect(repo.name).toBe('library/alpine');
    expect(c.apiHost('docker.io')).toBe('registry-1.docker.io');
    expect(c.apiHost('ghcr.io')).toBe('ghcr.io');
    expect(String(c.repository('ghcr.io/o/r:1'))).toBe('ghcr.io/o/r');
    expect(Repository.referrersTag('sha256:' + 'ab'.repeat(32))).toBe('sha256-' + 'ab'.repeat(32));
  });
});

describe('referrers', () => {
  test('a manifest with subject is found through the fallback tag index', async () => {
    const store = await newStore('referrers');
    const image = await makeImage(store);
    const subject: Descriptor = { mediaType: image.mediaType, digest: image.digest, size: image.size };
    const sbom = await makeImage(store, {
      layers: [Buffer.from('{"sbom":true}')],
      configMediaType: MediaType.Empty,
      extra: { artifactType: 'application/vnd.example.sbom.v1', subject, annotations: { 'org.example': 'x' } },
    });
    const c = client();
    const repo = c.repository(`${registry.host}/ref/img`, { push: true });
    await copyGraph(store, repo, image, { tags: ['1'] });
    await copyGraph(store, repo, { mediaType: sbom.mediaType, digest: sbom.digest, size: sbom.size }, {});
    // distribution 2.8 has no referrers API: the fallback tag holds an index
    expect(c.referrersSupport.get(registry.host)).not.toBe(true);
    const tag = Repository.referrersTag(image.digest);
    expect(await skopeoDigest(`${registry.host}/ref/img:${tag}`)).toMatch(/^sha256:/);
    const found = await repo.referrers(subject);
    expect(found.map((d) => d.digest)).toEqual([sbom.digest]);
    expect(found[0]!.artifactType).toBe('application/vnd.example.sbom.v1');
    expect(found[0]!.annotations).toEqual({ 'org.example': 'x' });
    expect(await repo.referrers(subject, 'application/vnd.other')).toEqual([]);
    // pushing it again does not duplicate the entry
    await repo.pushManifest({ mediaType: sbom.mediaType, digest: sbom.digest, size: sbom.size }, await store.blobs.get(sbom.digest));
    expect((await repo.referrers(subject)).length).toBe(1);
  });
});

describe('errors', () => {
  test('unknown repository → NAME_UNKNOWN', async () => {
    const e = await caught(client().repository(`${registry.host}/no/such`).resolve('1'));
    expect(e.code).toBe('NAME_UNKNOWN');
    expect(formatError(e)).toContain(`${registry.host}/no/such`);
    expect(formatError(e).split('\n')).toHaveLength(1);
  });

  test('missing tag → NOT_FOUND listing the tags there are', async () => {
    const store = await newStore('tags');
    const image = await makeImage(store);
    const c = client();
    await copyGraph(store, c.repository(`${registry.host}/tags/x`, { push: true }), image, { tags: ['present'] });
    const e = await caught(c.repository(`${registry.host}/tags/x`).resolve('absent'));
    expect(e.code).toBe('NOT_FOUND');
    expect(formatError(e)).toContain('absent');
    expect(e.hint).toContain('present');
  });

  test('unreachable host → NETWORK naming the host', async () => {
    const port = await freePort();
    const e = await caught(client({ retry: { retries: 1, baseDelayMs: 1 } }).repository(`127.0.0.1:${port}/x/y`).resolve('1'));
    expect(e.code).toBe('NETWORK');
    expect(e.message).toContain(`127.0.0.1:${port}`);
  });

  test('a schema 1 manifest is refused with UNSUPPORTED_MEDIA_TYPE and a hint', async () => {
    const server = http.createServer((req, res) => {
      res.writeHead(200, { 'content-type': MediaType.DockerSchema1SignedManifest });
      res.end(req.method === 'HEAD' ? undefined : JSON.stringify({ schemaVersion: 1, name: 'old', tag: 'v1', fsLayers: [] }));
    });
    const port = await new Promise<number>((r) => server.listen(0, '127.0.0.1', () => r((server.address() as net.AddressInfo).port)));
    try {
      const repo = client().repository(`127.0.0.1:${port}/old/image`);
      const e = await caught(repo.resolve('v1'));
      expect(e.code).toBe('UNSUPPORTED_MEDIA_TYPE');
      expect(e.message).toMatch(/schema 1/);
      expect(e.hint).toMatch(/re-push/);
      const e2 = await caught(repo.fetchManifest('v1'));
      expect(e2.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    } finally {
      await closeServer(server);
    }
  });

  test('a manifest whose bytes do not match the digest asked for is refused', async () => {
    const body = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: MediaType.ImageManifest, config: {}, layers: [] }));
    const server = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': MediaType.ImageManifest });
      res.end(body);
    });
    const port = await new Promise<number>((r) => server.listen(0, '127.0.0.1', () => r((server.address() as net.AddressInfo).port)));
    try {
      const wrong = sha256('something else');
      const e = await caught(client().repository(`127.0.0.1:${port}/a/b`).fetchManifest(wrong));
      expect(e.code).toBe('DIGEST_MISMATCH');
    } finally {
      await closeServer(server);
    }
  });
});
