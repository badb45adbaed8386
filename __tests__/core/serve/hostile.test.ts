/**
 * The registry under hostile or careless clients: one named regression test per finding
 * (node-tar style), each asserting on what the spec says or on counts — open descriptors,
 * sessions, a concurrency gauge — never on time.
 *
 * Reference: https://github.com/opencontainers/distribution-spec/blob/main/spec.md
 */
import { describe, expect, test, beforeAll, afterAll } from '@jest/globals';
import { readdirSync } from 'node:fs';
import http from 'node:http';
import { REGISTRY_ERRORS, toRegistryError } from '../../../src/core/serve/errors.js';
import { DRAIN_LIMIT } from '../../../src/core/serve/http.js';
import { MANIFEST_READS } from '../../../src/core/serve/context.js';
import { ingestRef } from '../../../src/core/serve/uploads.js';
import { MediaType } from '../../../src/core/types/oci.js';
import { codes, digest, http as request, image, pushBlob, pushImage, serveTemp, type Served } from './helpers.js';

/** The spec's list of error codes (spec.md "Error Codes", code-1 … code-14). */
const SPEC_CODES = [
  'BLOB_UNKNOWN',
  'BLOB_UPLOAD_INVALID',
  'BLOB_UPLOAD_UNKNOWN',
  'DIGEST_INVALID',
  'MANIFEST_BLOB_UNKNOWN',
  'MANIFEST_INVALID',
  'MANIFEST_UNKNOWN',
  'NAME_INVALID',
  'NAME_UNKNOWN',
  'SIZE_INVALID',
  'UNAUTHORIZED',
  'DENIED',
  'UNSUPPORTED',
  'TOOMANYREQUESTS',
];

let s: Served;
let base: string;

beforeAll(async () => {
  s = await serveTemp();
  base = s.base;
});

afterAll(async () => {
  await s?.stop();
});

/** One request with node:http (explicit Host, keep-alive agent); resolves with status, headers, body, and whether the socket was reused. */
function raw(
  port: number,
  method: string,
  path: string,
  options: { headers?: http.OutgoingHttpHeaders; body?: Buffer; agent?: http.Agent } = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer; reused: boolean }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path, headers: options.headers ?? {}, agent: options.agent ?? false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks), reused: req.reusedSocket }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/** Open descriptors of this process (the server runs in it). */
function openFds(): number {
  return readdirSync('/proc/self/fd').length;
}

/** Wait until `cond` holds, checking a bounded number of times. */
async function until(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (cond()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`never: ${what}`);
}

describe('finding 10: status codes and error bodies as the spec lists them', () => {
  test('10.1 GET/HEAD of an invalid tag is 404 MANIFEST_UNKNOWN, not 400 (conformance: .INVALID_MANIFEST_NAME)', async () => {
    for (const tag of ['.INVALID_MANIFEST_NAME', '-tag', 'x'.repeat(129)]) {
      const g = await request(base, 'GET', `/v2/app/manifests/${tag}`);
      expect(g.status).toBe(404);
      expect(codes(g)).toEqual(['MANIFEST_UNKNOWN']);
      expect((await request(base, 'HEAD', `/v2/app/manifests/${tag}`)).status).toBe(404);
      const del = await request(base, 'DELETE', `/v2/app/manifests/${tag}`);
      expect(del.status).toBe(404);
      expect(codes(del)).toEqual(['MANIFEST_UNKNOWN']);
    }
  });

  test('10.2 the error codes are exactly the spec’s list', () => {
    expect(Object.keys(REGISTRY_ERRORS).sort()).toEqual([...SPEC_CODES].sort());
  });

  test('10.3 every error body of a hostile request carries a code from the spec’s list', async () => {
    const blob = Buffer.from('a blob of 32 bytes, for ranges.\n');
    const d = (await pushBlob(base, 'codes', blob)).digest;
    const post = await request(base, 'POST', '/v2/codes/blobs/uploads/');
    const location = post.headers.get('location')!;
    await request(base, 'PATCH', location, { body: 'abc', headers: { 'Content-Range': '0-2' } });
    const cases: Array<[string, () => ReturnType<typeof request>, number]> = [
      ['unsatisfiable Range', () => request(base, 'GET', `/v2/codes/blobs/${d}`, { headers: { Range: 'bytes=100-200' } }), 416],
      ['chunk out of order', () => request(base, 'PATCH', location, { body: 'xyz', headers: { 'Content-Range': '10-12' } }), 416],
      ['malformed Content-Range', () => request(base, 'PATCH', location, { body: 'xyz', headers: { 'Content-Range': 'bogus' } }), 416],
      ['a page size that is no number', () => request(base, 'GET', '/v2/codes/tags/list?n=abc'), 400],
      ['_catalog with a negative page size', () => request(base, 'GET', '/v2/_catalog?n=-1'), 400],
      ['PUT under an invalid tag', () => request(base, 'PUT', '/v2/codes/manifests/-bad', { body: '{}', headers: { 'Content-Type': MediaType.ImageManifest } }), 400],
      ['PUT by digest with an invalid ?tag=', () => request(base, 'PUT', `/v2/codes/manifests/${digest('{}')}?tag=-bad`, { body: '{}', headers: { 'Content-Type': MediaType.ImageManifest } }), 400],
      ['an unknown upload', () => request(base, 'PATCH', '/v2/codes/blobs/uploads/not-a-uuid', { body: 'x' }), 404],
      ['a wrong method', () => request(base, 'POST', '/v2/codes/tags/list'), 405],
      ['an invalid name', () => request(base, 'GET', '/v2/Codes/tags/list'), 400],
    ];
    for (const [what, send, status] of cases) {
      const r = await send();
      expect({ what, status: r.status }).toEqual({ what, status });
      expect({ what, json: r.headers.get('content-type') }).toEqual({ what, json: 'application/json' });
      const got = codes(r);
      expect(got.length).toBeGreaterThan(0);
      for (const code of got) expect({ what, code, listed: SPEC_CODES.includes(code) }).toEqual({ what, code, listed: true });
    }
  });

  test('10.4 a server fault has no spec code: 500 with its message as plain text, never UNKNOWN', () => {
    const err = toRegistryError(new Error('disk on fire'));
    expect(err.status).toBe(500);
    expect(err.code).toBeUndefined();
    expect(err.body().errors).toEqual([]);
  });

  test('10.5 an error is answered after the body it interrupts: the client finishes writing, no EPIPE, the connection stays usable', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      // A chunk for an upload that does not exist, a manifest under an invalid tag, a blob
      // under an invalid name: each refused before its 3 MiB body is read.
      const body = Buffer.alloc(3 * 1024 * 1024, 0x61);
      const unknownUpload = `/v2/app/blobs/uploads/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}`;
      const refused: Array<[string, string, number, string]> = [
        ['PATCH', unknownUpload, 404, 'BLOB_UPLOAD_UNKNOWN'],
        ['PUT', '/v2/app/manifests/-bad', 400, 'MANIFEST_INVALID'],
        ['POST', `/v2/Bad/blobs/uploads/?digest=${digest(body)}`, 400, 'NAME_INVALID'],
      ];
      for (const [method, path, status, code] of refused) {
        const r = await raw(s.server.port, method, path, { agent, body, headers: { 'Content-Type': 'application/octet-stream', 'Content-Length': body.length } });
        expect({ method, status: r.status }).toEqual({ method, status });
        expect(JSON.parse(r.body.toString()).errors[0].code).toBe(code);
        expect(r.headers.connection).not.toBe('close');
      }
      const after = await raw(s.server.port, 'GET', '/v2/', { agent });
      expect(after.status).toBe(200);
      expect(after.reused).toBe(true); // one socket carried all four exchanges
    } finally {
      agent.destroy();
    }
  });

  test('10.6 a body larger than the drain bound is not read: the error goes out at once with Connection: close', async () => {
    // Headers only, announcing more than the bound: the answer must not wait for the body.
    const r = await new Promise<{ status: number; connection: string | undefined; body: string }>((resolve, reject) => {
      const req = http.request({
        host: '127.0.0.1',
        port: s.server.port,
        method: 'PUT',
        path: '/v2/app/manifests/-bad',
        agent: false,
        headers: { 'Content-Type': MediaType.ImageManifest, 'Content-Length': DRAIN_LIMIT + 1 },
      });
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          req.destroy();
          resolve({ status: res.statusCode!, connection: res.headers.connection, body: Buffer.concat(chunks).toString() });
        });
      });
      req.on('error', (e) => ((e as NodeJS.ErrnoException).code === 'ECONNRESET' ? undefined : reject(e)));
      req.flushHeaders();
    });
    expect(r.status).toBe(400);
    expect(r.connection).toBe('close');
    expect(JSON.parse(r.body).errors[0].code).toBe('MANIFEST_INVALID');
  });
});

describe('finding 11: resource bounds', () => {
  test('11.1 1,000 POSTs hold no descriptors: open fds of the server process stay flat, sessions stay bounded', async () => {
    const x = await serveTemp();
    const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
    try {
      await raw(x.server.port, 'GET', '/v2/', { agent }); // the agent's sockets exist before the baseline
      const before = openFds();
      const posts = 1000;
      let accepted = 0;
      for (let i = 0; i < posts; i += 4) {
        const rs = await Promise.all([0, 1, 2, 3].map(() => raw(x.server.port, 'POST', '/v2/many/blobs/uploads/', { agent })));
        accepted += rs.filter((r) => r.status === 202).length;
      }
      expect(accepted).toBe(posts);
      const after = openFds();
      // Four keep-alive connections are two descriptors each; nothing per session.
      expect(after - before).toBeLessThanOrEqual(16);
      expect(x.server.openUploads).toBe(0);
      expect(x.server.uploadSessions).toBeLessThanOrEqual(256);
      expect((await x.store.blobs.listStatuses()).length).toBe(0); // a POST alone writes nothing
    } finally {
      agent.destroy();
      await x.stop();
    }
  });

  test('11.2 sessions beyond the bound reclaim the least recently used idle one (its data too); when all are busy, 429 TOOMANYREQUESTS', async () => {
    const x = await serveTemp({ maxUploadSessions: 4 });
    try {
      const post = async (): Promise<string> => {
        const r = await request(x.base, 'POST', '/v2/few/blobs/uploads/');
        expect(r.status).toBe(202);
        return r.headers.get('location')!;
      };
      const [a, b, c, d] = [await post(), await post(), await post(), await post()];
      expect((await request(x.base, 'PATCH', a!, { body: 'aaa' })).status).toBe(202);
      expect((await request(x.base, 'PATCH', b!, { body: 'bbb' })).status).toBe(202);
      // Least recently used first: c, d (never written), then a, b.
      const e = await post();
      const f = await post();
      expect(x.server.uploadSessions).toBe(4);
      expect(codes(await request(x.base, 'GET', c!))).toEqual(['BLOB_UPLOAD_UNKNOWN']);
      expect(codes(await request(x.base, 'GET', d!))).toEqual(['BLOB_UPLOAD_UNKNOWN']);
      const idOf = (loc: string): string => loc.split('/').pop()!;
      const g = await post(); // reclaims a, which has data on disk: discarded
      let refs: string[] = [];
      await (async () => {
        for (let i = 0; i < 200; i++) {
          refs = (await x.store.blobs.listStatuses()).map((st) => st.ref);
          if (!refs.includes(ingestRef(idOf(a!)))) return;
          await new Promise((r) => setTimeout(r, 10));
        }
      })();
      expect(refs).not.toContain(ingestRef(idOf(a!)));
      expect(refs).toContain(ingestRef(idOf(b!)));
      expect(codes(await request(x.base, 'GET', a!))).toEqual(['BLOB_UPLOAD_UNKNOWN']);
      const st = await request(x.base, 'GET', b!);
      expect(st.status).toBe(204);
      expect(st.headers.get('range')).toBe('0-2');

      // Every known session in a request (a body that has not ended): no room, 429.
      const sessions = [b!, e, f, g];
      expect(x.server.uploadSessions).toBe(4);
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      async function* held(): AsyncGenerator<Uint8Array> {
        yield Buffer.from('x');
        await gate;
      }
      const busy = sessions.map((loc) => request(x.base, 'PATCH', loc, { body: held() }));
      await until(() => x.server.inFlight === 4, 'four PATCHes in progress');
      const refused = await request(x.base, 'POST', '/v2/few/blobs/uploads/');
      expect(refused.status).toBe(429);
      expect(codes(refused)).toEqual(['TOOMANYREQUESTS']);
      expect(refused.headers.get('retry-after')).toBe('1');
      release();
      for (const r of await Promise.all(busy)) expect(r.status).toBe(202);
      expect((await request(x.base, 'POST', '/v2/few/blobs/uploads/')).status).toBe(202);
    } finally {
      await x.stop();
    }
  });

  test('11.3 idle writers kept open are bounded; the sessions whose writer was closed still complete', async () => {
    const x = await serveTemp({ maxOpenUploads: 2 });
    try {
      const blobs = Array.from({ length: 6 }, (_, i) => Buffer.from(`blob ${i} `.repeat(1000)));
      const locations: string[] = [];
      for (const blob of blobs) {
        const r = await request(x.base, 'POST', '/v2/open/blobs/uploads/');
        const loc = r.headers.get('location')!;
        expect((await request(x.base, 'PATCH', loc, { body: blob })).status).toBe(202);
        expect(x.server.openUploads).toBeLessThanOrEqual(2);
        locations.push(loc);
      }
      for (const [i, loc] of locations.entries()) {
        expect((await request(x.base, 'PUT', `${loc}?digest=${digest(blobs[i]!)}`)).status).toBe(201);
        expect((await x.store.blobs.get(digest(blobs[i]!))).equals(blobs[i]!)).toBe(true);
      }
      expect(x.server.openUploads).toBe(0);
    } finally {
      await x.stop();
    }
  });

  test('11.4 manifest reads are bounded: 40 concurrent GETs of distinct 1 MiB manifests by digest read at most MANIFEST_READS at once', async () => {
    const x = await serveTemp();
    try {
      const images = Array.from({ length: 40 }, (_, i) => image('big', { annotations: { pad: `${i}`.padEnd(1024 * 1024, '.') } }));
      for (const img of images) expect((await pushImage(x.base, 'big', img.digest, img)).status).toBe(201);
      const before = x.server.manifestReads.runs;
      const rs = await Promise.all(images.map((img) => request(x.base, 'GET', `/v2/big/manifests/${img.digest}`, { headers: { Accept: MediaType.ImageManifest } })));
      for (const [i, r] of rs.entries()) {
        expect(r.status).toBe(200);
        expect(r.headers.get('content-type')).toBe(MediaType.ImageManifest);
        expect(r.body.equals(images[i]!.bytes)).toBe(true);
      }
      const g = x.server.manifestReads;
      expect(g.runs - before).toBe(40);
      expect(g.peak).toBeGreaterThanOrEqual(1);
      expect(g.peak).toBeLessThanOrEqual(MANIFEST_READS);
      expect(g.active).toBe(0);
    } finally {
      await x.stop();
    }
  });

  test('11.5 a manifest is decoded once per digest: 30 concurrent GET/HEADs of one share a single read', async () => {
    const x = await serveTemp();
    try {
      const img = image('once', { annotations: { pad: 'x'.repeat(512 * 1024) } });
      expect((await pushImage(x.base, 'once', 'v1', img)).status).toBe(201);
      const before = x.server.manifestReads.runs;
      const rs = await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          request(x.base, i % 2 ? 'HEAD' : 'GET', i % 3 ? `/v2/once/manifests/${img.digest}` : '/v2/once/manifests/v1'),
        ),
      );
      for (const r of rs) expect(r.status).toBe(200);
      // One read for the digest as root of index.json (tag and digest look it up alike).
      expect(x.server.manifestReads.runs - before).toBe(1);
    } finally {
      await x.stop();
    }
  });

  test('11.6 a layer asked for as a manifest is 404 without being read whole', async () => {
    const x = await serveTemp();
    try {
      const layer = Buffer.alloc(3 * 1024 * 1024, 0x1f);
      const d = (await pushBlob(x.base, 'layer', layer)).digest;
      const r = await request(x.base, 'GET', `/v2/layer/manifests/${d}`);
      expect(r.status).toBe(404);
      expect(codes(r)).toEqual(['MANIFEST_UNKNOWN']);
    } finally {
      await x.stop();
    }
  });
});

describe('finding 11: Host must name this registry (DNS rebinding)', () => {
  test.each(['127.0.0.1:PORT', 'localhost:PORT', 'LocalHost:PORT', '[::1]:PORT'])('Host %s is served', async (host) => {
    const r = await raw(s.server.port, 'GET', '/v2/', { headers: { Host: host.replace('PORT', String(s.server.port)) } });
    expect(r.status).toBe(200);
  });

  test.each(['evil.example:PORT', 'evil.example', '127.0.0.1.nip.io:PORT', '127.0.0.1:1', 'localhost', 'localhost.:PORT', '0.0.0.0:PORT'])(
    'Host %s is 403 DENIED with a spec body, and nothing is done',
    async (host) => {
      const value = host.replace('PORT', String(s.server.port));
      const r = await raw(s.server.port, 'POST', '/v2/rebound/blobs/uploads/', { headers: { Host: value } });
      expect(r.status).toBe(403);
      const body = JSON.parse(r.body.toString());
      expect(body.errors[0].code).toBe('DENIED');
      expect(body.errors[0].message).toContain(`127.0.0.1:${s.server.port}`);
      expect(r.headers.location).toBeUndefined();
    },
  );

  test('allowHost admits a proxy’s address', async () => {
    const x = await serveTemp();
    try {
      expect((await raw(x.server.port, 'GET', '/v2/', { headers: { Host: 'proxy.local:8080' } })).status).toBe(403);
      x.server.allowHost('proxy.local:8080');
      expect((await raw(x.server.port, 'GET', '/v2/', { headers: { Host: 'proxy.local:8080' } })).status).toBe(200);
    } finally {
      await x.stop();
    }
  });
});
