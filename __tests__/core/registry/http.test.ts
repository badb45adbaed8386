/**
 * The HTTP transport against small local servers: which statuses and failures are
 * retried and how often, Retry-After, stall detection, replayed bodies, redirects without
 * credentials, and the scheme rule (HTTPS unless loopback or insecure).
 */
import { describe, expect, test, afterEach } from '@jest/globals';
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import type net from 'node:net';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { HttpClient, parseRetryAfter, readBody, isRetryableStatus } from '../../../src/core/registry/http.js';
import { isOciError } from '../../../src/core/errors.js';
import { closeServer, freePort } from '../../harness/registry.js';
import { built, NODE } from '../../harness/build.js';

const servers: http.Server[] = [];
const clients: HttpClient[] = [];

async function serve(handler: http.RequestListener): Promise<string> {
  const server = http.createServer(handler);
  servers.push(server);
  const port = await new Promise<number>((r) => server.listen(0, '127.0.0.1', () => r((server.address() as net.AddressInfo).port)));
  return `http://127.0.0.1:${port}`;
}

function client(options: ConstructorParameters<typeof HttpClient>[0] = {}): HttpClient {
  const c = new HttpClient({ retry: { retries: 3, baseDelayMs: 5, maxDelayMs: 20 }, ...options });
  clients.push(c);
  return c;
}

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  for (const s of servers.splice(0)) await closeServer(s);
});

describe('retries', () => {
  test('retryable statuses are retried until success, and counted', async () => {
    let n = 0;
    const url = await serve((_req, res) => {
      n++;
      res.writeHead(n < 3 ? 503 : 200);
      res.end(n < 3 ? 'busy' : 'ok');
    });
    const c = client();
    const res = await c.send({ method: 'GET', url: new URL(url) });
    expect(res.status).toBe(200);
    expect((await readBody(res)).toString()).toBe('ok');
    expect(c.stats).toEqual({ requests: 3, retries: 2 });
  });

  test('retries are bounded: the last answer is returned', async () => {
    let n = 0;
    const url = await serve((_req, res) => {
      n++;
      res.writeHead(502);
      res.end();
    });
    const res = await client().send({ method: 'GET', url: new URL(url) });
    expect(res.status).toBe(502);
    expect(n).toBe(4); // first try + 3 retries
  });

  test.each([
    [400, false],
    [401, false],
    [404, false],
    [408, true],
    [429, true],
    [500, true],
    [501, false],
    [503, true],
  ])('status %i retryable: %s', (status, retryable) => {
    expect(isRetryableStatus(status)).toBe(retryable);
  });

  test('Retry-After is honoured (seconds), up to the cap', async () => {
    let n = 0;
    const url = await serve((_req, res) => {
      n++;
      res.writeHead(n === 1 ? 429 : 200, n === 1 ? { 'retry-after': '1' } : {});
      res.end();
    });
    const t0 = Date.now();
    expect((await client({ retry: { retries: 2, baseDelayMs: 1, maxRetryAfterMs: 5000 } }).send({ method: 'GET', url: new URL(url) })).status).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(950);
    n = 0;
    const t1 = Date.now();
    expect((await client({ retry: { retries: 2, baseDelayMs: 1, maxRetryAfterMs: 50 } }).send({ method: 'GET', url: new URL(url) })).status).toBe(200);
    expect(Date.now() - t1).toBeLessThan(900);
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter(new Date(Date.now() + 5000).toUTCString())).toBeGreaterThan(3000);
    expect(parseRetryAfter('soon')).toBeUndefined();
  });

  test('a reset connection is retried and the body sent again, byte for byte', async () => {
    const body = randomBytes(200_000);
    const want = createHash('sha256').update(body).digest('hex');
    const seen: string[] = [];
    let n = 0;
    const url = await serve((req, res) => {
      n++;
      const h = createHash('sha256');
      let got = 0;
      req.on('data', (c: Buffer) => {
        got += c.length;
        h.update(c);
        if (n === 1 && got > 50_000) req.socket.destroy(); // cut the first upload mid-way
      });
      req.on('end', () => {
        seen.push(h.digest('hex'));
        res.writeHead(201);
        res.end();
      });
    });
    let opens = 0;
    const c = client();
    const res = await c.send({
      method: 'PUT',
      url: new URL(url),
      body: {
        size: body.length,
        open: async () => {
          opens++;
          return Readable.from([body.subarray(0, 100_000), body.subarray(100_000)]);
        },
      },
    });
    expect(res.status).toBe(201);
    expect(opens).toBe(2);
    expect(seen).toEqual([want]);
    expect(c.stats.retries).toBe(1);
  });

  test('a stalled response is abandoned after the stall timeout and retried', async () => {
    let n = 0;
    const url = await serve((_req, res) => {
      n++;
      res.writeHead(200, { 'content-length': '4' });
      if (n === 1) res.write('ab'); // …and never more
      else res.end('abcd');
    });
    const c = client({ stallTimeoutMs: 100 });
    const text = await c.retrying(new URL(url), async () => (await readBody(await c.send({ method: 'GET', url: new URL(url) }))).toString());
    expect(text).toBe('abcd');
    expect(n).toBe(2);
  });

  test('a slow reader is not a stall', async () => {
    const payload = randomBytes(4 * 1024 * 1024);
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'content-length': String(payload.length) });
      res.end(payload);
    });
    const c = client({ stallTimeoutMs: 100 });
    const res = await c.send({ method: 'GET', url: new URL(url) });
    let n = 0;
    for await (const chunk of res.body) {
      n += (chunk as Buffer).length;
      if (n < 300_000) await new Promise((r) => setTimeout(r, 60)); // consumer pauses, server is fine
    }
    expect(n).toBe(payload.length);
    expect(c.stats.retries).toBe(0);
  });

  test('an unreachable host is one NETWORK error naming it, after a bounded wait', async () => {
    const port = await freePort();
    const t0 = Date.now();
    const err = await client({ retry: { retries: 6, baseDelayMs: 20 } })
      .send({ method: 'GET', url: new URL(`http://127.0.0.1:${port}/v2/`) })
      .catch((e: unknown) => e);
    expect(isOciError(err, 'NETWORK')).toBe(true);
    expect((err as Error).message).toContain(`127.0.0.1:${port}`);
    expect((err as { hint?: string }).hint).toMatch(/insecure/);
    expect(Date.now() - t0).toBeLessThan(2000);
  });
});

describe('redirects', () => {
  test('followed for GET; Authorization is dropped across origins', async () => {
    const seen: Array<string | undefined> = [];
    const storage = await serve((req, res) => {
      seen.push(req.headers.authorization);
      res.end('blob');
    });
    const registry = await serve((req, res) => {
      seen.push(req.headers.authorization);
      res.writeHead(307, { location: `${storage}/bucket/x` });
      res.end();
    });
    const res = await client().send({ method: 'GET', url: new URL(`${registry}/v2/a/blobs/x`), headers: { authorization: 'Bearer secret' } });
    expect((await readBody(res)).toString()).toBe('blob');
    expect(seen).toEqual(['Bearer secret', undefined]);
  });
});

describe('scheme', () => {
  test('HTTPS unless loopback or listed as insecure', () => {
    const c = client({ insecure: ['my.registry:5000', 'plain.example'] });
    expect(c.scheme('ghcr.io')).toBe('https');
    expect(c.scheme('127.0.0.1:5000')).toBe('http');
    expect(c.scheme('localhost:5000')).toBe('http');
    expect(c.scheme('[::1]:5000')).toBe('http');
    expect(c.scheme('my.registry:5000')).toBe('http');
    expect(c.scheme('my.registry:6000')).toBe('https');
    expect(c.scheme('plain.example:8080')).toBe('http');
    expect(c.scheme('10.0.0.1:5000')).toBe('https');
  });
});

// Start-up cost: an ES import of node:http reads its lazy WebSocket/CloseEvent/MessageEvent
// exports, which load Node's bundled fetch (undici, ~30 ms at every pull on Node 24). The
// transport takes node:http without that, and still speaks plain HTTP through it.
describe('start-up', () => {
  test("a pull's modules and a plain-HTTP request never load Node's fetch (undici)", async () => {
    const url = await serve((_req, res) => res.end('plain'));
    const script = `await import(${JSON.stringify(built('src/core/commands/pull.js'))});
const { RegistryClient } = await import(${JSON.stringify(built('src/core/registry/client.js'))});
const { readBody } = await import(${JSON.stringify(built('src/core/registry/http.js'))});
const client = new RegistryClient({ env: {} });
const res = await client.http.send({ method: 'GET', url: new URL(${JSON.stringify(url + '/v2/')}) });
const body = (await readBody(res)).toString();
client.close();
console.log(JSON.stringify({ status: res.status, body, loaded: process.moduleLoadList.filter((m) => /undici/.test(m)) }));`;
    const { stdout } = await promisify(execFile)(NODE, ['--input-type=module', '-e', script], { env: { PATH: process.env['PATH'] ?? '' } });
    expect(JSON.parse(stdout)).toEqual({ status: 200, body: 'plain', loaded: [] });
  });
});
