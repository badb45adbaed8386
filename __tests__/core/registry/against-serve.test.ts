/**
 * The registry client against our own distribution-spec 1.1 server (src/core/serve), for
 * the two paths docker-registry 2.8 cannot exercise:
 *
 * - resuming a broken chunked upload from the server's `Range` (GET upload status, then
 *   PATCH from that offset) — the fault proxy cuts one PATCH body half way;
 * - the referrers API: a manifest PUT with `subject` answered with `OCI-Subject` (so no
 *   `sha256-<hex>` fallback tag is written) and `GET /v2/<name>/referrers/<digest>`.
 */
import { describe, expect, test, beforeAll, afterAll } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { Store } from '../../../src/core/layout.js';
import { RegistryServer } from '../../../src/core/serve/server.js';
import { copyGraph } from '../../../src/core/copy.js';
import type { RegistryClient } from '../../../src/core/registry/client.js';
import { registryClient } from '../../../src/core/commands/registry.js';
import { Repository } from '../../../src/core/registry/repository.js';
import { parseOptions } from '../../../src/core/commands/options.js';
import { silentLogger } from '../../../src/core/content.js';
import { sha256 } from '../../../src/core/digest.js';
import { MediaType, type Descriptor } from '../../../src/core/types/oci.js';
import { startFaultProxy, seeded, type FaultProxy } from '../../harness/fault-proxy.js';
import { makeImage } from '../../harness/images.js';

const KiB = 1024;
const CHUNK_THRESHOLD = 64 * KiB;
const CHUNK_SIZE = 256 * KiB;
/** The first PATCH is cut after this many body bytes. */
const CUT_AFTER = 100 * KiB;

let tmp: string;
let served: Store;
let server: RegistryServer;
let proxy: FaultProxy;
let src: Store;

/** A client as a `push` run builds it: chunking tuned through the environment. */
function client(ref: string): RegistryClient {
  const env = { OCI_STORE_CHUNK_THRESHOLD: String(CHUNK_THRESHOLD), OCI_STORE_CHUNK_SIZE: String(CHUNK_SIZE), HOME: tmp, DOCKER_CONFIG: join(tmp, 'docker') };
  const options = parseOptions({ command: 'push', ref }, { cwd: tmp, home: tmp });
  return registryClient(
    options,
    { logger: silentLogger, env, workspace: tmp },
    { retry: { retries: 4, baseDelayMs: 5, maxDelayMs: 20 }, stallTimeoutMs: 5_000, random: seeded(7) },
  );
}

/** Record the Content-Range of every PATCH the client sends (the proxy logs no headers). */
function spyPatches(c: RegistryClient): string[] {
  const seen: string[] = [];
  const http = c.http as unknown as { send: (req: { method: string; headers?: Record<string, string | undefined> }) => Promise<unknown> };
  const original = http.send.bind(c.http);
  http.send = (req) => {
    if (req.method === 'PATCH') seen.push(req.headers?.['content-range'] ?? '');
    return original(req);
  };
  return seen;
}

const plain = (d: Descriptor): Descriptor => ({ mediaType: d.mediaType, digest: d.digest, size: d.size });

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'oci-store-against-serve-'));
  served = await Store.open(join(tmp, 'served'));
  src = await Store.open(join(tmp, 'src'));
  server = await RegistryServer.start(served, { port: 0, host: '127.0.0.1', logger: silentLogger });
  proxy = await startFaultProxy(
    { host: '127.0.0.1', port: server.port },
    { rate: 0, cutRequestBody: { method: 'PATCH', afterBytes: CUT_AFTER, times: 1 } },
  );
  // The proxy passes the client's Host through; the registry accepts only names it knows.
  server.allowHost(proxy.host);
});

afterAll(async () => {
  await proxy?.stop();
  await server?.close(500);
  await rm(tmp, { recursive: true, force: true });
});

describe('chunked upload resumed from the server', () => {
  test('a PATCH cut half way resumes at the Range the server reports', async () => {
    const c = client(`${proxy.host}/resume/blob`);
    try {
      expect(c.tuning.chunkThreshold).toBe(CHUNK_THRESHOLD);
      expect(c.tuning.chunkSize).toBe(CHUNK_SIZE);
      const ranges = spyPatches(c);
      const layer = randomBytes(1024 * KiB + 123); // 5 chunks
      const image = await makeImage(src, { layers: [layer] });
      const repo = c.repository(`${proxy.host}/resume/blob`, { push: true });
      const report = await copyGraph(src, repo, image, { tags: ['v1'] });
      expect(report.uploaded).toBe(3);

      // The cut happened, on the first PATCH, and the client asked where the upload stood …
      expect(proxy.stats.cuts).toBe(1);
      const log = proxy.log;
      const firstPatch = log.findIndex((l) => l.startsWith('PATCH /v2/resume/blob/blobs/uploads/'));
      expect(firstPatch).toBeGreaterThan(-1);
      const after = log.slice(firstPatch + 1);
      const status = after.findIndex((l) => l.startsWith('GET /v2/resume/blob/blobs/uploads/'));
      expect(status).toBeGreaterThan(-1);
      // … and continued the same session: one POST for the layer's upload, never a second.
      const uploadPosts = log.filter((l) => l === 'POST /v2/resume/blob/blobs/uploads/');
      expect(uploadPosts.length).toBe(2); // config (monolithic) + layer (chunked), no restart
      expect(after.slice(0, status).some((l) => l.startsWith('POST '))).toBe(false);
      expect(after.slice(status).some((l) => l.startsWith('POST '))).toBe(false);
      // Every PATCH went to one session.
      const sessions = new Set(log.filter((l) => l.startsWith('PATCH ')).map((l) => l.split('/').pop()));
      expect(sessions.size).toBe(1);
      // The cut PATCH started at 0; the next one at the server's non-zero offset, and the
      // rest followed on from there in whole chunks.
      expect(ranges[0]).toBe(`0-${CHUNK_SIZE - 1}`);
      const resumedAt = Number(ranges[1]!.split('-')[0]);
      expect(resumedAt).toBeGreaterThan(0);
      expect(resumedAt).toBeLessThanOrEqual(CUT_AFTER);
      expect(ranges.length).toBe(1 + Math.ceil((layer.length - resumedAt) / CHUNK_SIZE));
      expect(ranges.at(-1)).toMatch(new RegExp(`-${layer.length - 1}$`));
      expect(log.filter((l) => l.startsWith('PATCH ')).length).toBe(ranges.length);
      expect(c.http.stats.retries).toBeGreaterThanOrEqual(1);

      // The served store holds the right bytes.
      const digest = sha256(layer);
      expect(await served.exists({ mediaType: MediaType.LayerGzip, digest, size: layer.length })).toBe(true);
      const back = await served.blobs.get(digest, 4 * 1024 * KiB);
      expect(back.length).toBe(layer.length);
      expect(sha256(back)).toBe(digest);
      expect((await served.resolve('resume/blob:v1')).digest).toBe(image.digest);
      const report2 = await served.verify();
      expect(report2.problems).toEqual([]);
      expect(report2.ok).toBe(true);
    } finally {
      c.close();
    }
  });

  test('pushBlob resumes a cut PATCH at the server\'s offset, in the same session', async () => {
    // Repository.pushBlob directly (a replayable in-memory source), through a fresh proxy.
    const second = await startFaultProxy({ host: '127.0.0.1', port: server.port }, { rate: 0, cutRequestBody: { method: 'PATCH', afterBytes: CUT_AFTER } });
    server.allowHost(second.host);
    const c = client(`${second.host}/resume/again`);
    try {
      const seen = spyPatches(c);
      const layer = randomBytes(300 * KiB);
      const desc: Descriptor = { mediaType: MediaType.LayerGzip, digest: sha256(layer), size: layer.length };
      const repo = c.repository(`${second.host}/resume/again`, { push: true });
      const source = { open: async (start: number, end?: number) => Readable.from([layer.subarray(start, end === undefined ? undefined : end + 1)]) };
      const result = await repo.pushBlob(desc, source);
      expect(result.outcome).toBe('uploaded');
      expect(second.stats.cuts).toBe(1);
      // First PATCH 0-…, cut; the next one starts where the server said it stood (> 0, ≤ the cut point).
      expect(seen[0]).toBe(`0-${CHUNK_SIZE - 1}`);
      const resumedAt = Number(seen[1]!.split('-')[0]);
      expect(resumedAt).toBeGreaterThan(0);
      expect(resumedAt).toBeLessThanOrEqual(CUT_AFTER);
      expect(second.log.filter((l) => l.startsWith('POST ')).length).toBe(1);
      expect(second.log.some((l) => l.startsWith('GET /v2/resume/again/blobs/uploads/'))).toBe(true);
      expect(sha256(await served.blobs.get(desc.digest, 1024 * KiB))).toBe(desc.digest);
      expect((await served.verify()).problems).toEqual([]);
    } finally {
      c.close();
      await second.stop();
    }
  });

  test('a PATCH cut after one byte resumes too (Range 0-0 is 0 or 1 bytes; the 416 settles it)', async () => {
    const third = await startFaultProxy({ host: '127.0.0.1', port: server.port }, { rate: 0, cutRequestBody: { method: 'PATCH', afterBytes: 1 } });
    server.allowHost(third.host);
    const c = client(`${third.host}/resume/one`);
    try {
      const seen = spyPatches(c);
      const layer = randomBytes(300 * KiB);
      const desc: Descriptor = { mediaType: MediaType.LayerGzip, digest: sha256(layer), size: layer.length };
      const repo = c.repository(`${third.host}/resume/one`, { push: true });
      const source = { open: async (start: number, end?: number) => Readable.from([layer.subarray(start, end === undefined ? undefined : end + 1)]) };
      expect((await repo.pushBlob(desc, source)).outcome).toBe('uploaded');
      expect(third.stats.cuts).toBe(1);
      // cut at 0; status "0-0" → retried from 0. When the server kept the byte it refuses
      // (416: the upload holds 1 byte) → from 1; when the cut came before the server read
      // anything (the session's ingest is created by this first PATCH) → the retry is taken.
      const starts = seen.slice(0, 3).map((r) => Number(r.split('-')[0]));
      expect([[0, 0, 1], [0, 0, CHUNK_SIZE]]).toContainEqual(starts);
      expect(third.log.filter((l) => l.startsWith('POST ')).length).toBe(1);
      expect(sha256(await served.blobs.get(desc.digest, 1024 * KiB))).toBe(desc.digest);
      expect((await served.verify()).problems).toEqual([]);
    } finally {
      c.close();
      await third.stop();
    }
  });
});

describe('referrers API', () => {
  const SBOM = 'application/vnd.example.sbom+json';
  const SIG = 'application/vnd.example.signature';

  test('a manifest with subject is answered with OCI-Subject and listed by referrers()', async () => {
    const c = client(`${proxy.host}/art/app`);
    try {
      const repo = c.repository(`${proxy.host}/art/app`, { push: true });
      const image = await makeImage(src, { tag: 'app:1' });
      await copyGraph(src, repo, image, { tags: ['1'] });
      const subject = plain(image);

      const sbom = await makeImage(src, { layers: [Buffer.from('{"sbom":true}')], extra: { subject, artifactType: SBOM } });
      const sig = await makeImage(src, { layers: [Buffer.from('signature')], extra: { subject, artifactType: SIG } });
      await copyGraph(src, repo, sbom);
      // the registry told the client it indexed the subject
      expect(c.referrersSupport.get(repo.registry)).toBe(true);
      // pushManifest itself reports OCI-Subject
      const sigBytes = await src.blobs.get(sig.digest, 1 << 20);
      for (const blob of [...(await src.successors(sig))]) {
        if (blob.digest !== subject.digest) await repo.pushBlob(blob, { open: async () => src.fetch(blob) });
      }
      const pushed = await repo.pushManifest(plain(sig), sigBytes);
      expect(pushed.subjectProcessed).toBe(true);

      // no referrers fallback tag was written, in the registry or in the served store
      const fallback = Repository.referrersTag(subject.digest);
      expect(fallback).toMatch(/^sha256-[a-f0-9]{64}$/);
      expect(await repo.listTags()).toEqual(['1']);
      const tags = (await served.listTags()).map((t) => t.ref);
      expect(tags.some((t) => t.includes('sha256-'))).toBe(false);
      expect(tags).toContain('art/app:1');

      // referrers() uses the API
      const all = await repo.referrers(subject);
      expect(all.map((d) => d.digest).sort()).toEqual([sbom.digest, sig.digest].sort());
      expect(all.find((d) => d.digest === sbom.digest)?.artifactType).toBe(SBOM);
      expect(proxy.log).toContain(`GET /v2/art/app/referrers/${subject.digest}`);
      expect(proxy.log.some((l) => l.startsWith(`GET /v2/art/app/manifests/${fallback}`))).toBe(false);

      // the artifactType filter
      const sboms = await repo.referrers(subject, SBOM);
      expect(sboms.map((d) => d.digest)).toEqual([sbom.digest]);
      expect((await repo.referrers(subject, SIG)).map((d) => d.digest)).toEqual([sig.digest]);
      expect(await repo.referrers(subject, 'application/vnd.example.none')).toEqual([]);
      // an unknown subject: the API answers an empty list
      expect(await repo.referrers({ ...subject, digest: sha256(Buffer.from('nothing')) })).toEqual([]);

      // the served store agrees
      expect((await served.referrers(subject)).map((d) => d.digest).sort()).toEqual([sbom.digest, sig.digest].sort());
      expect((await served.verify()).problems).toEqual([]);
    } finally {
      c.close();
    }
  });
});
