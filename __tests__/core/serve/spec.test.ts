/**
 * The registry against the distribution-spec, endpoint by endpoint, with plain HTTP
 * requests: every endpoint of the spec's table, every error code we answer, and what each
 * does to the store underneath (nothing unverified in blobs/, tags as store tags).
 *
 * Reference: https://github.com/opencontainers/distribution-spec/blob/main/spec.md
 */
import { describe, expect, test, beforeAll, afterAll } from '@jest/globals';
import { Store } from '../../../src/core/layout.js';
import type { BlobFallback, ContentStore } from '../../../src/core/content.js';
import { Annotation, MediaType } from '../../../src/core/types/oci.js';
import { parseRoute } from '../../../src/core/serve/server.js';
import { ingestRef } from '../../../src/core/serve/uploads.js';
import { codes, digest, http, image, pushBlob, pushImage, serveTemp, type Served } from './helpers.js';

let s: Served;
let base: string;

beforeAll(async () => {
  s = await serveTemp();
  base = s.base;
});

afterAll(async () => {
  await s?.stop();
});

describe('routing', () => {
  test.each([
    ['/v2/', { kind: 'base' }],
    ['/v2', { kind: 'base' }],
    ['/v2/_catalog', { kind: 'catalog' }],
    ['/v2/a/b/blobs/uploads/', { kind: 'uploads', name: 'a/b' }],
    ['/v2/a/blobs/uploads/u-1', { kind: 'upload', name: 'a', id: 'u-1' }],
    ['/v2/blobs/blobs/sha256:x', { kind: 'blob', name: 'blobs', digest: 'sha256:x' }],
    ['/v2/a/manifests/sha256%3Aab', { kind: 'manifest', name: 'a', reference: 'sha256:ab' }],
    ['/v2/ghcr.io/o/r/tags/list', { kind: 'tags', name: 'ghcr.io/o/r' }],
    ['/v2/a/referrers/sha256:ab', { kind: 'referrers', name: 'a', digest: 'sha256:ab' }],
    ['/v1/a', undefined],
    ['/v2/a/other/x', undefined],
  ])('%s', (path, route) => {
    expect(parseRoute(path)).toEqual(route);
  });
});

describe('API version check (end-1)', () => {
  test('GET /v2/ answers 200 with Docker-Distribution-API-Version', async () => {
    const r = await http(base, 'GET', '/v2/');
    expect(r.status).toBe(200);
    expect(r.headers.get('docker-distribution-api-version')).toBe('registry/2.0');
  });

  test('an unknown path is 404, a wrong method 405 UNSUPPORTED with Allow', async () => {
    expect((await http(base, 'GET', '/v3/')).status).toBe(404);
    const r = await http(base, 'POST', '/v2/app/manifests/1');
    expect(r.status).toBe(405);
    expect(codes(r)).toEqual(['UNSUPPORTED']);
    expect(r.headers.get('allow')).toBe('GET, HEAD, PUT, DELETE');
  });
});

describe('repository names', () => {
  test.each(['Upper', 'a//b', '-a', 'a-', 'a_', 'a..b', 'a/.b', 'x'.repeat(256), 'localhost:5000/a'])(
    '%s is NAME_INVALID (400)',
    async (name) => {
      const r = await http(base, 'GET', `/v2/${name}/tags/list`);
      expect(r.status).toBe(400);
      expect(codes(r)).toEqual(['NAME_INVALID']);
    },
  );

  test.each(['a__b', 'a--b', 'a.b/c_d', 'ghcr.io/o/r', '127.0.0.1/x'])('%s is a valid name', async (name) => {
    const r = await http(base, 'POST', `/v2/${name}/blobs/uploads/`);
    expect(r.status).toBe(202);
    await http(base, 'DELETE', r.headers.get('location')!);
  });
});

describe('blobs: GET/HEAD (end-2), DELETE (end-10)', () => {
  const data = Buffer.from(Array.from({ length: 2048 }, (_, i) => i % 251));
  const d = digest(data);

  beforeAll(async () => {
    await pushBlob(base, 'blobs', data);
  });

  test('HEAD has Content-Length and Docker-Content-Digest, no body', async () => {
    const r = await http(base, 'HEAD', `/v2/blobs/blobs/${d}`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-length')).toBe('2048');
    expect(r.headers.get('docker-content-digest')).toBe(d);
    expect(r.body.length).toBe(0);
  });

  test('GET streams the exact bytes; any repository sees the store’s blobs', async () => {
    const r = await http(base, 'GET', `/v2/other/repo/blobs/${d}`);
    expect(r.status).toBe(200);
    expect(r.headers.get('docker-content-digest')).toBe(d);
    expect(r.body.equals(data)).toBe(true);
  });

  test('unknown blob: GET 404 BLOB_UNKNOWN, HEAD 404', async () => {
    const missing = digest('missing');
    const g = await http(base, 'GET', `/v2/blobs/blobs/${missing}`);
    expect(g.status).toBe(404);
    expect(codes(g)).toEqual(['BLOB_UNKNOWN']);
    expect((await http(base, 'HEAD', `/v2/blobs/blobs/${missing}`)).status).toBe(404);
  });

  test.each(['sha256:xyz', 'md5:d41d8cd98f00b204e9800998ecf8427e', 'sha256:' + 'A'.repeat(64), 'nodigest'])(
    'digest %s is DIGEST_INVALID (400)',
    async (bad) => {
      const r = await http(base, 'GET', `/v2/blobs/blobs/${bad}`);
      expect(r.status).toBe(400);
      expect(codes(r)).toEqual(['DIGEST_INVALID']);
    },
  );

  // The conformance suite's range cases (conformance/run.go "range requests").
  test.each([
    ['bytes=500-1499', 206, 500, 1500, 'bytes 500-1499/2048'],
    ['bytes=500-', 206, 500, 2048, 'bytes 500-2047/2048'],
    ['bytes=-500', 206, 1548, 2048, 'bytes 1548-2047/2048'],
    ['bytes=2000-5000', 206, 2000, 2048, 'bytes 2000-2047/2048'],
    ['bytes=500-0', 416, 0, 0, 'bytes */2048'],
    ['bytes=5000-10000', 416, 0, 0, 'bytes */2048'],
    ['bytes=0-0,5-9', 200, 0, 2048, null],
    ['items=0-5', 200, 0, 2048, null],
  ])('Range %s → %d', async (range, status, from, to, contentRange) => {
    const r = await http(base, 'GET', `/v2/blobs/blobs/${d}`, { headers: { Range: range } });
    expect(r.status).toBe(status);
    expect(r.headers.get('content-range')).toBe(contentRange);
    if (status === 416) expect(codes(r)).toEqual(['SIZE_INVALID']);
    else {
      expect(r.body.equals(data.subarray(from, to))).toBe(true);
      expect(r.headers.get('content-length')).toBe(String(to - from));
    }
  });

  test('DELETE removes an unreferenced blob (202), then it is 404; unknown is 404', async () => {
    const extra = await pushBlob(base, 'blobs', 'to be deleted');
    const r = await http(base, 'DELETE', `/v2/blobs/blobs/${extra.digest}`);
    expect(r.status).toBe(202);
    expect(await s.store.blobs.has(extra.digest)).toBe(false);
    expect((await http(base, 'HEAD', `/v2/blobs/blobs/${extra.digest}`)).status).toBe(404);
    const again = await http(base, 'DELETE', `/v2/blobs/blobs/${extra.digest}`);
    expect(again.status).toBe(404);
    expect(codes(again)).toEqual(['BLOB_UNKNOWN']);
  });

  test('DELETE of a blob a tagged manifest references is refused (405 UNSUPPORTED)', async () => {
    const img = image('delete-guard');
    expect((await pushImage(base, 'guard', '1', img)).status).toBe(201);
    const r = await http(base, 'DELETE', `/v2/guard/blobs/${digest(img.layer)}`);
    expect(r.status).toBe(405);
    expect(codes(r)).toEqual(['UNSUPPORTED']);
    expect(await s.store.blobs.has(digest(img.layer))).toBe(true);
  });
});

describe('uploads: POST (end-4a/4b/11), PATCH (end-5), PUT (end-6), GET (end-13), DELETE (end-14)', () => {
  const data = Buffer.from('0123456789abcdefghij'.repeat(1000)); // 20000 bytes
  const d = digest(data);

  async function start(name = 'up'): Promise<{ location: string; id: string }> {
    const r = await http(base, 'POST', `/v2/${name}/blobs/uploads/`);
    expect(r.status).toBe(202);
    expect(r.headers.get('range')).toBe('0-0');
    const location = r.headers.get('location')!;
    const id = r.headers.get('docker-upload-uuid')!;
    expect(location).toBe(`/v2/${name}/blobs/uploads/${id}`);
    return { location, id };
  }

  test('chunked: PATCH with Content-Range in order, status, PUT with the last chunk', async () => {
    const { location, id } = await start();
    const p1 = await http(base, 'PATCH', location, {
      body: data.subarray(0, 8000),
      headers: { 'Content-Range': '0-7999', 'Content-Type': 'application/octet-stream' },
    });
    expect(p1.status).toBe(202);
    expect(p1.headers.get('range')).toBe('0-7999');
    expect(p1.headers.get('location')).toBe(location);
    expect(p1.headers.get('docker-upload-uuid')).toBe(id);

    // Nothing unverified reaches blobs/: the bytes are an ingest of the store.
    expect(await s.store.blobs.has(d)).toBe(false);
    expect((await s.store.blobs.status(ingestRef(id))).offset).toBe(8000);

    const st = await http(base, 'GET', location);
    expect(st.status).toBe(204);
    expect(st.headers.get('range')).toBe('0-7999');

    const p2 = await http(base, 'PATCH', location, { body: data.subarray(8000, 15000), headers: { 'Content-Range': '8000-14999' } });
    expect(p2.status).toBe(202);
    expect(p2.headers.get('range')).toBe('0-14999');

    const put = await http(base, 'PUT', `${location}?digest=${d}`, { body: data.subarray(15000), headers: { 'Content-Range': '15000-19999' } });
    expect(put.status).toBe(201);
    expect(put.headers.get('location')).toBe(`/v2/up/blobs/${d}`);
    expect(put.headers.get('docker-content-digest')).toBe(d);
    expect((await s.store.blobs.get(d)).equals(data)).toBe(true);
    // The session is over and its ingest gone.
    expect((await http(base, 'GET', location)).status).toBe(404);
    await expect(s.store.blobs.status(ingestRef(id))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  test('streamed: one PATCH with a chunked body, PUT without a body', async () => {
    const big = Buffer.alloc(3 * 1024 * 1024 + 17, 7);
    const { location } = await start();
    async function* chunks(): AsyncGenerator<Uint8Array> {
      for (let i = 0; i < big.length; i += 256 * 1024) yield big.subarray(i, i + 256 * 1024);
    }
    const p = await http(base, 'PATCH', location, { body: chunks() });
    expect(p.status).toBe(202);
    expect(p.headers.get('range')).toBe(`0-${big.length - 1}`);
    const put = await http(base, 'PUT', `${location}?digest=${digest(big)}`);
    expect(put.status).toBe(201);
    expect((await s.store.blobs.stat(digest(big))).size).toBe(big.length);
  });

  test('a client that hangs up mid-chunk keeps every byte that arrived; the upload resumes from there', async () => {
    const { location } = await start();
    const part = Buffer.alloc(300_000, 5);
    async function* dropped(): AsyncGenerator<Uint8Array> {
      yield part;
      await new Promise((r) => setTimeout(r, 300));
      throw new Error('client gone');
    }
    await expect(http(base, 'PATCH', location, { body: dropped() })).rejects.toThrow();
    let range: string | null = null;
    for (let i = 0; i < 50 && range !== '0-299999'; i++) {
      range = (await http(base, 'GET', location)).headers.get('range');
      if (range !== '0-299999') await new Promise((r) => setTimeout(r, 20));
    }
    expect(range).toBe('0-299999');
    const rest = Buffer.alloc(1000, 6);
    expect((await http(base, 'PATCH', location, { body: rest, headers: { 'Content-Range': '300000-300999' } })).status).toBe(202);
    const whole = Buffer.concat([part, rest]);
    expect((await http(base, 'PUT', `${location}?digest=${digest(whole)}`)).status).toBe(201);
  });

  test('POST then PUT monolithic (the whole blob in the PUT)', async () => {
    const { location } = await start();
    const blob = Buffer.from('monolithic via PUT');
    const put = await http(base, 'PUT', `${location}?digest=${digest(blob)}`, { body: blob });
    expect(put.status).toBe(201);
    expect(await s.store.blobs.has(digest(blob))).toBe(true);
  });

  test('single POST ?digest= (end-4b): 201; a wrong digest is DIGEST_INVALID and stores nothing', async () => {
    const blob = Buffer.from('single post');
    const ok = await http(base, 'POST', `/v2/up/blobs/uploads/?digest=${digest(blob)}`, { body: blob });
    expect(ok.status).toBe(201);
    expect(ok.headers.get('location')).toBe(`/v2/up/blobs/${digest(blob)}`);
    const ingestsBefore = (await s.store.blobs.listStatuses()).length;
    const wrong = digest('something else');
    const bad = await http(base, 'POST', `/v2/up/blobs/uploads/?digest=${wrong}`, { body: 'not it' });
    expect(bad.status).toBe(400);
    expect(codes(bad)).toEqual(['DIGEST_INVALID']);
    expect(await s.store.blobs.has(wrong)).toBe(false);
    expect(await s.store.blobs.has(digest('not it'))).toBe(false);
    expect((await s.store.blobs.listStatuses()).length).toBe(ingestsBefore);
    const invalid = await http(base, 'POST', `/v2/up/blobs/uploads/?digest=sha256:nope`, { body: 'x' });
    expect(invalid.status).toBe(400);
    expect(codes(invalid)).toEqual(['DIGEST_INVALID']);
  });

  test('a chunk out of order is 416 BLOB_UPLOAD_INVALID with the current Range; the upload continues', async () => {
    const { location } = await start();
    await http(base, 'PATCH', location, { body: data.subarray(0, 100), headers: { 'Content-Range': '0-99' } });
    const gap = await http(base, 'PATCH', location, { body: data.subarray(200, 300), headers: { 'Content-Range': '200-299' } });
    expect(gap.status).toBe(416);
    expect(codes(gap)).toEqual(['BLOB_UPLOAD_INVALID']);
    expect(gap.headers.get('range')).toBe('0-99');
    const overlap = await http(base, 'PATCH', location, { body: data.subarray(50, 150), headers: { 'Content-Range': '50-149' } });
    expect(overlap.status).toBe(416);
    const malformed = await http(base, 'PATCH', location, { body: data.subarray(100, 200), headers: { 'Content-Range': 'bogus' } });
    expect(malformed.status).toBe(416);
    const lastOutOfOrder = await http(base, 'PUT', `${location}?digest=${d}`, { body: data.subarray(300), headers: { 'Content-Range': `300-${data.length - 1}` } });
    expect(lastOutOfOrder.status).toBe(416);
    const next = await http(base, 'PATCH', location, { body: data.subarray(100), headers: { 'Content-Range': `100-${data.length - 1}` } });
    expect(next.status).toBe(202);
    expect((await http(base, 'PUT', `${location}?digest=${d}`)).status).toBe(201);
  });

  test('Content-Length that disagrees with Content-Range is SIZE_INVALID', async () => {
    const { location } = await start();
    const r = await http(base, 'PATCH', location, { body: data.subarray(0, 10), headers: { 'Content-Range': '0-19' } });
    expect(r.status).toBe(400);
    expect(codes(r)).toEqual(['SIZE_INVALID']);
    await http(base, 'DELETE', location);
  });

  test('a streamed chunk that does not fill its Content-Range is BLOB_UPLOAD_INVALID, with the real Range', async () => {
    const { location } = await start();
    async function* short(): AsyncGenerator<Uint8Array> {
      yield data.subarray(0, 50);
    }
    const r = await http(base, 'PATCH', location, { body: short(), headers: { 'Content-Range': '0-99' } });
    expect(r.status).toBe(400);
    expect(codes(r)).toEqual(['BLOB_UPLOAD_INVALID']);
    expect(r.headers.get('range')).toBe('0-49');
    const next = await http(base, 'PATCH', location, { body: data.subarray(50, 100), headers: { 'Content-Range': '50-99' } });
    expect(next.status).toBe(202);
    expect(next.headers.get('range')).toBe('0-99');
    await http(base, 'DELETE', location);
  });

  test('a session another process is writing is BLOB_UPLOAD_INVALID (409) until it lets go', async () => {
    const x = await serveTemp({ idleUploadMs: 20 });
    try {
      const r = await http(x.base, 'POST', '/v2/locked/blobs/uploads/');
      const location = r.headers.get('location')!;
      const id = r.headers.get('docker-upload-uuid')!;
      // The first write creates the ingest (a POST alone creates nothing).
      expect((await http(x.base, 'PATCH', location, { body: 'abc' })).status).toBe(202);
      // Once the idle writer has let go, this test plays the other process.
      let holder: Awaited<ReturnType<typeof x.store.blobs.resume>> | undefined;
      for (let i = 0; i < 100 && !holder; i++) {
        holder = await x.store.blobs.resume(ingestRef(id)).catch(() => undefined);
        if (!holder) await new Promise((res) => setTimeout(res, 10));
      }
      if (!holder) throw new Error('the idle writer never let go of the session');
      const busy = await http(x.base, 'PATCH', location, { body: 'def' });
      expect(busy.status).toBe(409);
      expect(codes(busy)).toEqual(['BLOB_UPLOAD_INVALID']);
      await holder.close();
      const ok = await http(x.base, 'PATCH', location, { body: 'def' });
      expect(ok.status).toBe(202);
      expect(ok.headers.get('range')).toBe('0-5');
    } finally {
      await x.stop();
    }
  });

  test('PUT without a digest, or with a wrong one, is DIGEST_INVALID; a wrong one ends the session', async () => {
    const { location, id } = await start();
    await http(base, 'PATCH', location, { body: data.subarray(0, 100) });
    const none = await http(base, 'PUT', location);
    expect(none.status).toBe(400);
    expect(codes(none)).toEqual(['DIGEST_INVALID']);
    expect((await http(base, 'GET', location)).status).toBe(204);
    const wrong = await http(base, 'PUT', `${location}?digest=${d}`);
    expect(wrong.status).toBe(400);
    expect(codes(wrong)).toEqual(['DIGEST_INVALID']);
    expect(await s.store.blobs.has(digest(data.subarray(0, 100)))).toBe(false);
    const gone = await http(base, 'GET', location);
    expect(gone.status).toBe(404);
    expect(codes(gone)).toEqual(['BLOB_UPLOAD_UNKNOWN']);
    await expect(s.store.blobs.status(ingestRef(id))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  test('DELETE cancels (204) and discards the data; then the session is BLOB_UPLOAD_UNKNOWN', async () => {
    const { location, id } = await start();
    await http(base, 'PATCH', location, { body: data.subarray(0, 100) });
    const del = await http(base, 'DELETE', location);
    expect(del.status).toBe(204);
    await expect(s.store.blobs.status(ingestRef(id))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    for (const method of ['GET', 'PATCH', 'DELETE']) {
      const r = await http(base, method, location, method === 'PATCH' ? { body: 'x' } : {});
      expect(r.status).toBe(404);
      expect(codes(r)).toEqual(['BLOB_UPLOAD_UNKNOWN']);
    }
  });

  test.each(['00000000-0000-4000-8000-000000000000', 'not-a-uuid', '..%2F..%2Fetc'])('unknown session %s is BLOB_UPLOAD_UNKNOWN', async (id) => {
    const r = await http(base, 'GET', `/v2/up/blobs/uploads/${id}`);
    expect(r.status).toBe(404);
    expect(codes(r)).toEqual(['BLOB_UPLOAD_UNKNOWN']);
    const put = await http(base, 'PUT', `/v2/up/blobs/uploads/${id}?digest=${d}`, { body: 'x' });
    expect(put.status).toBe(404);
  });

  test('mount (end-11): 201 when the store has the blob, a new session otherwise', async () => {
    const blob = await pushBlob(base, 'source', 'mount me');
    const ok = await http(base, 'POST', `/v2/target/blobs/uploads/?mount=${blob.digest}&from=source`);
    expect(ok.status).toBe(201);
    expect(ok.headers.get('location')).toBe(`/v2/target/blobs/${blob.digest}`);
    expect(ok.headers.get('docker-content-digest')).toBe(blob.digest);
    const miss = await http(base, 'POST', `/v2/target/blobs/uploads/?mount=${digest('not here')}&from=source`);
    expect(miss.status).toBe(202);
    expect(miss.headers.get('docker-upload-uuid')).toBeTruthy();
    await http(base, 'DELETE', miss.headers.get('location')!);
    const bad = await http(base, 'POST', `/v2/target/blobs/uploads/?mount=sha256:bad&from=source`);
    expect(bad.status).toBe(400);
    expect(codes(bad)).toEqual(['DIGEST_INVALID']);
  });

  test('an idle writer is closed and the session resumes from the ingest on disk', async () => {
    const idle = await serveTemp({ idleUploadMs: 50 });
    try {
      const r = await http(idle.base, 'POST', '/v2/idle/blobs/uploads/');
      const location = r.headers.get('location')!;
      await http(idle.base, 'PATCH', location, { body: data.subarray(0, 5000), headers: { 'Content-Range': '0-4999' } });
      expect(idle.server.inFlight).toBe(0);
      const deadline = Date.now() + 2000;
      while (Date.now() < deadline && idleOpen(idle) > 0) await new Promise((res) => setTimeout(res, 20));
      expect(idleOpen(idle)).toBe(0);
      const st = await http(idle.base, 'GET', location);
      expect(st.headers.get('range')).toBe('0-4999');
      await http(idle.base, 'PATCH', location, { body: data.subarray(5000), headers: { 'Content-Range': `5000-${data.length - 1}` } });
      const put = await http(idle.base, 'PUT', `${location}?digest=${d}`);
      expect(put.status).toBe(201);
      expect((await idle.store.blobs.get(d)).equals(data)).toBe(true);
    } finally {
      await idle.stop();
    }
  });
});

/** Open writers of a served store's sessions. */
function idleOpen(x: Served): number {
  return x.server.openUploads;
}

describe('manifests: PUT (end-7), GET/HEAD (end-3), DELETE (end-9)', () => {
  test('PUT by tag: 201 with Location and Docker-Content-Digest; the store tag is <name>:<tag>', async () => {
    const img = image('tagged');
    const r = await pushImage(base, 'app', '1', img);
    expect(r.status).toBe(201);
    expect(r.headers.get('location')).toBe(`/v2/app/manifests/${img.digest}`);
    expect(r.headers.get('docker-content-digest')).toBe(img.digest);
    expect((await s.store.resolve('app:1')).digest).toBe(img.digest);
  });

  test('GET by tag and by digest serve the exact bytes with their media type; HEAD their length', async () => {
    const img = image('get-me');
    await pushImage(base, 'get', 'v1', img);
    for (const ref of ['v1', img.digest]) {
      const r = await http(base, 'GET', `/v2/get/manifests/${ref}`, { headers: { Accept: MediaType.ImageManifest } });
      expect(r.status).toBe(200);
      expect(r.body.equals(img.bytes)).toBe(true);
      expect(r.headers.get('content-type')).toBe(MediaType.ImageManifest);
      expect(r.headers.get('docker-content-digest')).toBe(img.digest);
      const h = await http(base, 'HEAD', `/v2/get/manifests/${ref}`);
      expect(h.status).toBe(200);
      expect(h.headers.get('content-length')).toBe(String(img.bytes.length));
      expect(h.headers.get('docker-content-digest')).toBe(img.digest);
    }
  });

  test('unknown tag or digest is 404 MANIFEST_UNKNOWN (HEAD too); a layer digest is no manifest', async () => {
    for (const ref of ['nope', digest('nope')]) {
      const r = await http(base, 'GET', `/v2/app/manifests/${ref}`);
      expect(r.status).toBe(404);
      expect(codes(r)).toEqual(['MANIFEST_UNKNOWN']);
      expect((await http(base, 'HEAD', `/v2/app/manifests/${ref}`)).status).toBe(404);
    }
    const layer = await pushBlob(base, 'app', 'a plain layer');
    expect(codes(await http(base, 'GET', `/v2/app/manifests/${layer.digest}`))).toEqual(['MANIFEST_UNKNOWN']);
  });

  test('PUT referencing missing blobs: 400 with one MANIFEST_BLOB_UNKNOWN per blob; nothing stored', async () => {
    const img = image('missing-blobs');
    const r = await http(base, 'PUT', '/v2/app/manifests/missing', { body: img.bytes, headers: { 'Content-Type': MediaType.ImageManifest } });
    expect(r.status).toBe(400);
    expect(codes(r)).toEqual(['MANIFEST_BLOB_UNKNOWN', 'MANIFEST_BLOB_UNKNOWN']);
    expect(r.json().errors.map((e: { detail: { digest: string } }) => e.detail.digest).sort()).toEqual([digest(img.config), digest(img.layer)].sort());
    expect(await s.store.blobs.has(img.digest)).toBe(false);
    await expect(s.store.resolve('app:missing')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  test('an index referencing a missing manifest is MANIFEST_BLOB_UNKNOWN', async () => {
    const idx = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: MediaType.ImageIndex, manifests: [{ mediaType: MediaType.ImageManifest, digest: digest('absent'), size: 6 }] }));
    const r = await http(base, 'PUT', '/v2/app/manifests/idx', { body: idx, headers: { 'Content-Type': MediaType.ImageIndex } });
    expect(r.status).toBe(400);
    expect(codes(r)).toEqual(['MANIFEST_BLOB_UNKNOWN']);
  });

  test('foreign layers (with urls) need not be present', async () => {
    const img = image('foreign');
    await pushBlob(base, 'app', img.config);
    const m = { ...img.manifest, layers: [{ mediaType: MediaType.DockerForeignLayerGzip, digest: digest('far away'), size: 8, urls: ['https://example.invalid/l'] }] };
    const bytes = Buffer.from(JSON.stringify(m));
    const r = await http(base, 'PUT', '/v2/app/manifests/foreign', { body: bytes, headers: { 'Content-Type': MediaType.ImageManifest } });
    expect(r.status).toBe(201);
    // The store's verify counts absent foreign layers as incomplete: keep the store clean.
    expect((await http(base, 'DELETE', '/v2/app/manifests/foreign')).status).toBe(202);
  });

  const valid = image('valid-for-invalid-cases');
  test.each<[string, () => { body: string | Buffer; type?: string; ref?: string }, number, string]>([
    ['not JSON', () => ({ body: '{nope' }), 400, 'MANIFEST_INVALID'],
    ['a JSON array', () => ({ body: '[]' }), 400, 'MANIFEST_INVALID'],
    ['schemaVersion 3', () => ({ body: JSON.stringify({ ...valid.manifest, schemaVersion: 3 }) }), 400, 'MANIFEST_INVALID'],
    ['mediaType ≠ Content-Type', () => ({ body: valid.bytes, type: MediaType.DockerManifest }), 400, 'MANIFEST_INVALID'],
    ['no layers array', () => ({ body: JSON.stringify({ ...valid.manifest, layers: undefined }) }), 400, 'MANIFEST_INVALID'],
    ['a layer with a bad digest', () => ({ body: JSON.stringify({ ...valid.manifest, layers: [{ mediaType: MediaType.LayerGzip, digest: 'sha256:zz', size: 1 }] }) }), 400, 'MANIFEST_INVALID'],
    ['a layer with a negative size', () => ({ body: JSON.stringify({ ...valid.manifest, layers: [{ mediaType: MediaType.LayerGzip, digest: digest('x'), size: -1 }] }) }), 400, 'MANIFEST_INVALID'],
    ['an index without manifests', () => ({ body: JSON.stringify({ schemaVersion: 2, mediaType: MediaType.ImageIndex }), type: MediaType.ImageIndex }), 400, 'MANIFEST_INVALID'],
    ['annotations that are not strings', () => ({ body: JSON.stringify({ ...valid.manifest, annotations: { a: 1 } }) }), 400, 'MANIFEST_INVALID'],
    ['Docker schema1', () => ({ body: JSON.stringify({ schemaVersion: 1, name: 'x', tag: 'y', fsLayers: [] }), type: MediaType.DockerSchema1SignedManifest }), 415, 'UNSUPPORTED'],
    ['an unknown media type', () => ({ body: JSON.stringify({ ...valid.manifest, mediaType: 'application/vnd.example+json' }), type: 'application/vnd.example+json' }), 415, 'UNSUPPORTED'],
    ['an invalid tag', () => ({ body: valid.bytes, ref: '-tag' }), 400, 'MANIFEST_INVALID'],
    ['a digest that does not match', () => ({ body: valid.bytes, ref: digest('other') }), 400, 'DIGEST_INVALID'],
    ['a malformed digest', () => ({ body: valid.bytes, ref: 'sha256:short' }), 400, 'DIGEST_INVALID'],
    ['more than 4 MiB', () => ({ body: JSON.stringify({ ...valid.manifest, annotations: { big: 'x'.repeat(4 * 1024 * 1024) } }) }), 413, 'SIZE_INVALID'],
  ])('PUT %s → %d %s', async (_what, make, status, code) => {
    await pushBlob(base, 'app', valid.config);
    await pushBlob(base, 'app', valid.layer);
    const c = make();
    const r = await http(base, 'PUT', `/v2/app/manifests/${c.ref ?? 'invalid'}`, { body: c.body, headers: { 'Content-Type': c.type ?? MediaType.ImageManifest } });
    expect(r.status).toBe(status);
    expect(codes(r)).toEqual([code]);
    await expect(s.store.resolve('app:invalid')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  test('PUT without a Content-Type takes the manifest’s own mediaType', async () => {
    const img = image('no-content-type');
    await pushBlob(base, 'ct', img.config);
    await pushBlob(base, 'ct', img.layer);
    const r = await http(base, 'PUT', '/v2/ct/manifests/1', { body: img.bytes, headers: { 'Content-Type': 'application/json' } });
    expect(r.status).toBe(201);
    const g = await http(base, 'GET', '/v2/ct/manifests/1');
    expect(g.headers.get('content-type')).toBe(MediaType.ImageManifest);
  });

  test('PUT by digest with ?tag= adds tags (OCI-Tag); by digest only, it stays as an untagged root until an index reaches it', async () => {
    const img = image('digest-tags');
    const r = await pushImage(base, 'dt', img.digest, img, '?tag=a&tag=b');
    expect(r.status).toBe(201);
    expect(r.headers.get('oci-tag')).toBe('a, b');
    expect((await s.store.resolve('dt:a')).digest).toBe(img.digest);
    expect((await s.store.resolve('dt:b')).digest).toBe(img.digest);

    const amd = image('child-amd64');
    const arm = image('child-arm64', {}, { architecture: 'arm64', os: 'linux' });
    for (const child of [amd, arm]) expect((await pushImage(base, 'multi', child.digest, child)).status).toBe(201);
    const untagged = async (): Promise<string[]> =>
      (await s.store.readIndex()).manifests.filter((m) => !m.annotations?.[Annotation.RefName]).map((m) => m.digest);
    expect(await untagged()).toEqual(expect.arrayContaining([amd.digest, arm.digest]));
    const index = {
      schemaVersion: 2,
      mediaType: MediaType.ImageIndex,
      manifests: [
        { mediaType: MediaType.ImageManifest, digest: amd.digest, size: amd.bytes.length, platform: { architecture: 'amd64', os: 'linux' } },
        { mediaType: MediaType.ImageManifest, digest: arm.digest, size: arm.bytes.length, platform: { architecture: 'arm64', os: 'linux' } },
      ],
    };
    const ib = Buffer.from(JSON.stringify(index));
    const put = await http(base, 'PUT', '/v2/multi/manifests/latest', { body: ib, headers: { 'Content-Type': MediaType.ImageIndex } });
    expect(put.status).toBe(201);
    expect(await untagged()).not.toEqual(expect.arrayContaining([amd.digest]));
    expect(await untagged()).not.toEqual(expect.arrayContaining([arm.digest]));

    // Content negotiation: the index as is when accepted; for a client without index
    // support, the linux/amd64 manifest; nothing acceptable → 404.
    const asIndex = await http(base, 'GET', '/v2/multi/manifests/latest', { headers: { Accept: `${MediaType.ImageIndex}, ${MediaType.ImageManifest}` } });
    expect(asIndex.headers.get('content-type')).toBe(MediaType.ImageIndex);
    expect(asIndex.body.equals(ib)).toBe(true);
    const single = await http(base, 'GET', '/v2/multi/manifests/latest', { headers: { Accept: MediaType.ImageManifest } });
    expect(single.status).toBe(200);
    expect(single.headers.get('docker-content-digest')).toBe(amd.digest);
    const none = await http(base, 'GET', '/v2/multi/manifests/latest', { headers: { Accept: MediaType.DockerManifest } });
    expect(none.status).toBe(404);
    expect(codes(none)).toEqual(['MANIFEST_UNKNOWN']);
    const wildcard = await http(base, 'GET', '/v2/multi/manifests/latest', { headers: { Accept: '*/*' } });
    expect(wildcard.headers.get('content-type')).toBe(MediaType.ImageIndex);
    expect((await s.store.verify()).ok).toBe(true);
  });

  test('Docker schema2 manifests and lists are stored and served as Docker types', async () => {
    const img = image('docker', { mediaType: MediaType.DockerManifest, config: undefined });
    const config = Buffer.from('{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]}}');
    const m = { ...img.manifest, config: { mediaType: MediaType.DockerConfig, digest: digest(config), size: config.length }, layers: [{ mediaType: MediaType.DockerLayerGzip, digest: digest(img.layer), size: img.layer.length }] };
    const bytes = Buffer.from(JSON.stringify(m));
    await pushBlob(base, 'docker', config);
    await pushBlob(base, 'docker', img.layer);
    expect((await http(base, 'PUT', `/v2/docker/manifests/${digest(bytes)}`, { body: bytes, headers: { 'Content-Type': MediaType.DockerManifest } })).status).toBe(201);
    const list = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: MediaType.DockerManifestList, manifests: [{ mediaType: MediaType.DockerManifest, digest: digest(bytes), size: bytes.length, platform: { architecture: 'amd64', os: 'linux' } }] }));
    expect((await http(base, 'PUT', '/v2/docker/manifests/list', { body: list, headers: { 'Content-Type': MediaType.DockerManifestList } })).status).toBe(201);
    const g = await http(base, 'GET', '/v2/docker/manifests/list', { headers: { Accept: `${MediaType.DockerManifestList}, ${MediaType.DockerManifest}` } });
    expect(g.headers.get('content-type')).toBe(MediaType.DockerManifestList);
    const old = await http(base, 'GET', '/v2/docker/manifests/list', { headers: { Accept: MediaType.DockerManifest } });
    expect(old.headers.get('content-type')).toBe(MediaType.DockerManifest);
    expect(old.body.equals(bytes)).toBe(true);
    const ociOnly = await http(base, 'GET', `/v2/docker/manifests/${digest(bytes)}`, { headers: { Accept: MediaType.ImageManifest } });
    expect(ociOnly.status).toBe(404);
  });

  test('DELETE by tag removes the tag (202); by digest removes the manifest (202); unknown is 404', async () => {
    const img = image('deletable');
    await pushImage(base, 'del', 't1', img);
    await http(base, 'PUT', '/v2/del/manifests/t2', { body: img.bytes, headers: { 'Content-Type': MediaType.ImageManifest } });
    expect((await http(base, 'DELETE', '/v2/del/manifests/t1')).status).toBe(202);
    expect((await http(base, 'GET', '/v2/del/manifests/t1')).status).toBe(404);
    expect((await http(base, 'GET', '/v2/del/manifests/t2')).status).toBe(200);
    expect((await http(base, 'DELETE', `/v2/del/manifests/${img.digest}`)).status).toBe(202);
    expect((await http(base, 'GET', '/v2/del/manifests/t2')).status).toBe(404);
    expect((await http(base, 'GET', `/v2/del/manifests/${img.digest}`)).status).toBe(404);
    expect(await s.store.blobs.has(img.digest)).toBe(false);
    const again = await http(base, 'DELETE', '/v2/del/manifests/t1');
    expect(again.status).toBe(404);
    expect(codes(again)).toEqual(['MANIFEST_UNKNOWN']);
    expect(codes(await http(base, 'DELETE', `/v2/del/manifests/${img.digest}`))).toEqual(['MANIFEST_UNKNOWN']);
    expect((await s.store.verify()).ok).toBe(true);
  });
});

describe('the store’s own tags as repositories', () => {
  test('a store tag app:1, a full ref ghcr.io/o/r:t and a bare name are served; a host with a port is not', async () => {
    const img = image('store-side');
    await pushImage(base, 'scratch', 'x', img);
    const desc = await s.store.resolve('scratch:x');
    await s.store.tagMany(desc, ['ingested:1', 'ghcr.io/o/r:t', 'bare', 'localhost:5000/hidden:1']);
    for (const [name, ref] of [['ingested', '1'], ['ghcr.io/o/r', 't'], ['bare', 'latest']]) {
      const r = await http(base, 'GET', `/v2/${name}/manifests/${ref}`);
      expect(r.status).toBe(200);
      expect(r.headers.get('docker-content-digest')).toBe(img.digest);
    }
    const cat = (await http(base, 'GET', '/v2/_catalog')).json().repositories as string[];
    expect(cat).toEqual(expect.arrayContaining(['ingested', 'ghcr.io/o/r', 'bare', 'scratch']));
    expect(cat.some((n) => n.includes('hidden'))).toBe(false);
    expect(cat).toEqual([...cat].sort());
  });
});

describe('tags/list (end-8a/8b) and _catalog', () => {
  const tags = ['b', 'a', 'c', 'A', '1.0', 'latest'];
  beforeAll(async () => {
    const img = image('listing');
    await pushImage(base, 'list', tags[0]!, img);
    for (const t of tags.slice(1)) await http(base, 'PUT', `/v2/list/manifests/${t}`, { body: img.bytes, headers: { 'Content-Type': MediaType.ImageManifest } });
  });

  test('all tags, in ASCII order', async () => {
    const r = await http(base, 'GET', '/v2/list/tags/list');
    expect(r.status).toBe(200);
    expect(r.json()).toEqual({ name: 'list', tags: [...tags].sort() });
    expect(r.headers.get('link')).toBeNull();
  });

  test('n and last page through with a Link header', async () => {
    const sorted = [...tags].sort();
    const seen: string[] = [];
    let path = '/v2/list/tags/list?n=2';
    for (let i = 0; i < 10 && path; i++) {
      const r = await http(base, 'GET', path);
      expect(r.status).toBe(200);
      seen.push(...(r.json().tags as string[]));
      const link = r.headers.get('link');
      path = link ? /^<([^>]+)>; rel="next"$/.exec(link)![1]! : '';
    }
    expect(seen).toEqual(sorted);
    const after = await http(base, 'GET', `/v2/list/tags/list?last=${sorted[3]}`);
    expect(after.json().tags).toEqual(sorted.slice(4));
  });

  test('n=0 is an empty list without Link; a bad n is 400', async () => {
    const zero = await http(base, 'GET', '/v2/list/tags/list?n=0');
    expect(zero.json().tags).toEqual([]);
    expect(zero.headers.get('link')).toBeNull();
    const bad = await http(base, 'GET', '/v2/list/tags/list?n=-1');
    expect(bad.status).toBe(400);
    expect(codes(bad)).toEqual(['UNSUPPORTED']);
  });

  test('an unknown repository is 404 NAME_UNKNOWN', async () => {
    const r = await http(base, 'GET', '/v2/never/pushed/tags/list');
    expect(r.status).toBe(404);
    expect(codes(r)).toEqual(['NAME_UNKNOWN']);
  });

  test('_catalog pages with n and Link', async () => {
    const all = (await http(base, 'GET', '/v2/_catalog')).json().repositories as string[];
    expect(all).toContain('list');
    const first = await http(base, 'GET', '/v2/_catalog?n=1');
    expect(first.json().repositories).toEqual([all[0]]);
    expect(first.headers.get('link')).toBe(`</v2/_catalog?n=1&last=${encodeURIComponent(all[0]!)}>; rel="next"`);
  });
});

describe('referrers (end-12a/12b) and OCI-Subject', () => {
  const subject = image('subject');
  const subjectDesc = { mediaType: MediaType.ImageManifest, digest: subject.digest, size: subject.bytes.length };
  const sbom = image('sbom', { artifactType: 'application/vnd.example.sbom.v1', annotations: { 'org.example.kind': 'sbom' }, subject: subjectDesc });
  const sig = image('sig', { subject: subjectDesc });

  beforeAll(async () => {
    await pushImage(base, 'ref', 'v1', subject);
  });

  test('PUT with a subject answers OCI-Subject, also when the subject is not (yet) present', async () => {
    for (const img of [sbom, sig]) {
      const r = await pushImage(base, 'ref', img.digest, img);
      expect(r.status).toBe(201);
      expect(r.headers.get('oci-subject')).toBe(subject.digest);
    }
    const orphan = image('orphan', { subject: { mediaType: MediaType.ImageManifest, digest: digest('no such subject'), size: 10 } });
    const r = await pushImage(base, 'ref', orphan.digest, orphan);
    expect(r.status).toBe(201);
    expect(r.headers.get('oci-subject')).toBe(digest('no such subject'));
  });

  test('GET referrers lists them as an OCI index with artifactType and annotations', async () => {
    const r = await http(base, 'GET', `/v2/ref/referrers/${subject.digest}`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe(MediaType.ImageIndex);
    expect(r.headers.get('oci-filters-applied')).toBeNull();
    const index = r.json();
    expect(index.schemaVersion).toBe(2);
    expect(index.mediaType).toBe(MediaType.ImageIndex);
    const byType = Object.fromEntries(index.manifests.map((m: { artifactType: string }) => [m.artifactType, m]));
    expect(Object.keys(byType).sort()).toEqual(['application/vnd.example.sbom.v1', MediaType.ImageConfig].sort());
    expect(byType['application/vnd.example.sbom.v1'].annotations).toEqual({ 'org.example.kind': 'sbom' });
    expect(byType['application/vnd.example.sbom.v1'].mediaType).toBe(MediaType.ImageManifest);
  });

  test('artifactType filters, with OCI-Filters-Applied', async () => {
    const r = await http(base, 'GET', `/v2/ref/referrers/${subject.digest}?artifactType=${encodeURIComponent('application/vnd.example.sbom.v1')}`);
    expect(r.headers.get('oci-filters-applied')).toBe('artifactType');
    expect(r.json().manifests.map((m: { artifactType: string }) => m.artifactType)).toEqual(['application/vnd.example.sbom.v1']);
  });

  test('no referrers is an empty index (never 404); a bad digest is 400 DIGEST_INVALID', async () => {
    const none = await http(base, 'GET', `/v2/ref/referrers/${digest('lonely')}`);
    expect(none.status).toBe(200);
    expect(none.json().manifests).toEqual([]);
    const bad = await http(base, 'GET', '/v2/ref/referrers/sha256:nope');
    expect(bad.status).toBe(400);
    expect(codes(bad)).toEqual(['DIGEST_INVALID']);
  });

  test('referrers survive gc with their subject, and leave no untagged roots', async () => {
    const roots = (await s.store.readIndex()).manifests.map((m) => m.digest);
    expect(roots).not.toContain(sbom.digest);
    expect(roots).not.toContain(sig.digest);
    await s.store.gc();
    const r = await http(base, 'GET', `/v2/ref/referrers/${subject.digest}`);
    expect(r.json().manifests).toHaveLength(2);
  });
});

describe('lazy restore from the runner cache (BlobFallback)', () => {
  /** A fallback holding blobs in memory, counting restores. */
  function memoryFallback(blobs: Map<string, Buffer>, withSizes: boolean): BlobFallback & { restores: string[] } {
    const restores: string[] = [];
    const fb: BlobFallback & { restores: string[] } = {
      restores,
      has: (d) => blobs.has(d),
      fetchInto: async (d, _size, store: ContentStore) => {
        const data = blobs.get(d);
        if (!data) return false;
        restores.push(d);
        const w = await store.writer(`cache-${d}`);
        await w.write(data);
        await w.commit(data.length, d);
        return true;
      },
    };
    if (withSizes) fb.size = (d) => blobs.get(d)?.length;
    return fb;
  }

  test('HEAD answers from the ledger, GET restores once, a manifest may reference cached blobs', async () => {
    const x = await serveTemp();
    try {
      const cached = Buffer.from('only in the runner cache'.repeat(100));
      const d = digest(cached);
      const fb = memoryFallback(new Map([[d, cached]]), true);
      x.store.fallback = fb;
      const h = await http(x.base, 'HEAD', `/v2/c/blobs/${d}`);
      expect(h.status).toBe(200);
      expect(h.headers.get('content-length')).toBe(String(cached.length));
      expect(fb.restores).toEqual([]);
      expect((await http(x.base, 'POST', `/v2/c/blobs/uploads/?mount=${d}&from=x`)).status).toBe(201);
      const [g1, g2] = await Promise.all([http(x.base, 'GET', `/v2/c/blobs/${d}`), http(x.base, 'GET', `/v2/c/blobs/${d}`)]);
      expect(g1.body.equals(cached)).toBe(true);
      expect(g2.body.equals(cached)).toBe(true);
      expect(fb.restores).toEqual([d]);
      expect(await x.store.blobs.has(d)).toBe(true);

      const img = image('cached-layer');
      const layer2 = Buffer.from('cached layer 2');
      fb.restores.length = 0;
      const fb2 = memoryFallback(new Map([[digest(img.layer), img.layer]]), false);
      x.store.fallback = fb2;
      await pushBlob(x.base, 'c', img.config);
      const put = await http(x.base, 'PUT', '/v2/c/manifests/1', { body: img.bytes, headers: { 'Content-Type': MediaType.ImageManifest } });
      expect(put.status).toBe(201);
      // Without a ledger size, HEAD restores to learn the length.
      const h2 = await http(x.base, 'HEAD', `/v2/c/blobs/${digest(img.layer)}`);
      expect(h2.headers.get('content-length')).toBe(String(img.layer.length));
      expect(fb2.restores).toEqual([digest(img.layer)]);
      expect((await http(x.base, 'HEAD', `/v2/c/blobs/${digest(layer2)}`)).status).toBe(404);
    } finally {
      await x.stop();
    }
  });
});

describe('the store after all of the above', () => {
  test('verify is clean and no ingest is left but open sessions', async () => {
    const report = await s.store.verify();
    expect(report.problems).toEqual([]);
    const reopened = await Store.open(s.dir, { create: false });
    expect((await reopened.listTags()).length).toBeGreaterThan(5);
    const hashes = (await s.store.blobs.listStatuses()).map((st) => st.ref);
    for (const ref of hashes) expect(ref.startsWith('upload-')).toBe(true);
  });
});

describe('a containerd-exported store (io.containerd.image.name) served by its full names', () => {
  let c: Served;
  const rev = image('ctr-served-rev');
  const a = image('ctr-served-a');
  const b = image('ctr-served-b');
  beforeAll(async () => {
    c = await serveTemp();
    for (const [img, t] of [[rev, 'rev'], [a, 'a'], [b, 'b']] as const) expect((await pushImage(c.base, 'seed', t, img)).status).toBe(201);
    // index.json as `ctr image export` writes it: the full name in io.containerd.image.name, only the tag in ref.name
    await c.store.updateIndex((ix) => {
      ix.manifests = [
        [rev, 'docker.io/local/rev:rev'],
        [a, 'docker.io/library/a:1'],
        [b, 'docker.io/library/b:1'],
      ].map(([img, name]) => ({
        mediaType: MediaType.ImageManifest,
        digest: (img as typeof a).digest,
        size: (img as typeof a).bytes.length,
        annotations: { 'io.containerd.image.name': name as string, [Annotation.RefName]: (name as string).slice((name as string).lastIndexOf(':') + 1) },
      }));
    });
  });
  afterAll(async () => {
    await c?.stop();
  });

  test('_catalog lists the repositories of the full names, not the bare tags (1, rev)', async () => {
    const cat = (await http(c.base, 'GET', '/v2/_catalog')).json().repositories as string[];
    expect(cat).toEqual(['docker.io/library/a', 'docker.io/library/b', 'docker.io/local/rev']);
  });

  test('tags/list and a GET by tag answer under the full name', async () => {
    expect((await http(c.base, 'GET', '/v2/docker.io/library/a/tags/list')).json()).toEqual({ name: 'docker.io/library/a', tags: ['1'] });
    expect((await http(c.base, 'GET', '/v2/docker.io/local/rev/tags/list')).json()).toEqual({ name: 'docker.io/local/rev', tags: ['rev'] });
    const r = await http(c.base, 'GET', '/v2/docker.io/local/rev/manifests/rev', { headers: { Accept: MediaType.ImageManifest } });
    expect(r.status).toBe(200);
    expect(r.headers.get('docker-content-digest')).toBe(rev.digest);
    expect((await http(c.base, 'GET', '/v2/1/tags/list')).status).toBe(404);
  });

  test('DELETE by tag and by digest remove that image’s entry only', async () => {
    expect((await http(c.base, 'DELETE', '/v2/docker.io/library/a/manifests/1')).status).toBe(202);
    expect((await http(c.base, 'GET', '/v2/docker.io/library/a/tags/list')).status).toBe(404);
    expect((await http(c.base, 'DELETE', `/v2/docker.io/library/b/manifests/${b.digest}`)).status).toBe(202);
    const left = (await c.store.readIndex()).manifests.map((d) => d.annotations?.['io.containerd.image.name']);
    expect(left).toEqual(['docker.io/local/rev:rev']);
  });
});
