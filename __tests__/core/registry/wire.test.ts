/**
 * The lean transport for blob bytes (`bulk` requests): bodies framed by Content-Length,
 * chunked coding or connection close, heads cut across reads, interim 100 answers,
 * keep-alive, read buffers reused instead of allocated per read, uploads from lent chunks,
 * stalls and early answers — against small local servers, raw sockets where framing matters.
 */
import { describe, expect, test, afterEach } from '@jest/globals';
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import { HttpClient, pumpBody, readBody } from '../../../src/core/registry/http.js';
import { closeServer } from '../../harness/registry.js';

const servers: Array<http.Server | net.Server> = [];
const clients: HttpClient[] = [];

async function listen(server: http.Server | net.Server): Promise<string> {
  servers.push(server);
  const port = await new Promise<number>((r) => server.listen(0, '127.0.0.1', () => r((server.address() as net.AddressInfo).port)));
  return `http://127.0.0.1:${port}/blob`;
}

/** A server that answers every request on a connection with `answer(requestHead)` written as given. */
async function raw(answer: (head: string, socket: net.Socket) => void): Promise<string> {
  const server = net.createServer((socket) => {
    let pending = '';
    socket.on('data', (d) => {
      pending += d.toString('latin1');
      let i;
      while ((i = pending.indexOf('\r\n\r\n')) >= 0) {
        const head = pending.slice(0, i);
        pending = pending.slice(i + 4);
        answer(head, socket);
      }
    });
    socket.on('error', () => {});
  });
  return listen(server);
}

function client(options: ConstructorParameters<typeof HttpClient>[0] = {}): HttpClient {
  const c = new HttpClient({ retry: { retries: 2, baseDelayMs: 5, maxDelayMs: 20 }, ...options });
  clients.push(c);
  return c;
}

/** Pump a bulk GET's body; returns the bytes (copied) and the distinct memory the sink was lent. */
async function pull(c: HttpClient, url: string): Promise<{ status: number; bytes: Buffer; buffers: number }> {
  const res = await c.send({ method: 'GET', url: new URL(url), bulk: true });
  const parts: Buffer[] = [];
  const memory = new Set<ArrayBufferLike>();
  await pumpBody(res, async (chunks) => {
    for (const ch of chunks) {
      memory.add(ch.buffer);
      parts.push(Buffer.from(ch));
    }
    await new Promise((r) => setImmediate(r));
  });
  return { status: res.status, bytes: Buffer.concat(parts), buffers: memory.size };
}

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  for (const s of servers.splice(0)) {
    if (s instanceof http.Server) await closeServer(s);
    else await new Promise((r) => s.close(r));
  }
});

describe('bodies', () => {
  test('a 24 MiB body arrives whole while the sink is lent a few reused buffers, not one per read', async () => {
    const body = randomBytes(24 << 20);
    const url = await listen(
      http.createServer((_q, r) => {
        r.writeHead(200, { 'content-length': body.length });
        r.end(body);
      }),
    );
    const got = await pull(client(), url);
    expect(got.status).toBe(200);
    expect(createHash('sha256').update(got.bytes).digest('hex')).toBe(createHash('sha256').update(body).digest('hex'));
    // node:http hands out a new buffer per socket read (hundreds for 24 MiB).
    expect(got.buffers).toBeLessThanOrEqual(40);
  });

  test('chunked transfer coding, with chunk sizes, extensions and trailers cut across reads', async () => {
    const url = await raw((_head, s) => {
      const wire = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n6\r\n, wire\r\n0\r\nX-Trailer: t\r\n\r\n';
      // one byte at a time: every state of the decoder sees a read boundary
      let i = 0;
      const next = (): void => {
        if (i < wire.length) s.write(wire[i++]!, () => setImmediate(next));
      };
      next();
    });
    const got = await pull(client(), url);
    expect(got.bytes.toString()).toBe('hello, wire');
  });

  test('a body delimited by the connection closing', async () => {
    const url = await raw((_head, s) => {
      s.end('HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nuntil the end');
    });
    expect((await pull(client(), url)).bytes.toString()).toBe('until the end');
  });

  test('an interim 100 Continue is skipped; the final answer counts', async () => {
    const url = await raw((_head, s) => {
      s.write('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 2\r\nLocation: /done\r\n\r\nok');
    });
    const res = await client().send({ method: 'GET', url: new URL(url), bulk: true });
    expect(res.status).toBe(201);
    expect(res.header('location')).toBe('/done');
    expect((await readBody(res)).toString()).toBe('ok');
  });

  test('a body cut short is an error, never a short success', async () => {
    const url = await raw((_head, s) => {
      s.end('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly this');
    });
    await expect(pull(client({ retry: { retries: 0 } }), url)).rejects.toMatchObject({ code: 'ECONNRESET' });
  });

  test('answers on one connection are kept apart (keep-alive), HEAD has no body', async () => {
    let connections = 0;
    const server = http.createServer((q, r) => {
      r.writeHead(200, { 'content-length': 3 });
      r.end(q.method === 'HEAD' ? undefined : 'abc');
    });
    server.on('connection', () => connections++);
    const url = await listen(server);
    const c = client();
    for (let i = 0; i < 3; i++) {
      const head = await c.send({ method: 'HEAD', url: new URL(url), bulk: true });
      expect(head.header('content-length')).toBe('3');
      await pumpBody(head, () => {
        throw new Error('HEAD has no body');
      });
      expect((await pull(c, url)).bytes.toString()).toBe('abc');
    }
    expect(connections).toBe(1);
  });
});

describe('uploads', () => {
  test('a body sent from lent chunks arrives whole, with progress', async () => {
    const body = randomBytes(3 << 20);
    let received = Buffer.alloc(0);
    const url = await listen(
      http.createServer(async (q, r) => {
        const parts: Buffer[] = [];
        for await (const d of q) parts.push(d as Buffer);
        received = Buffer.concat(parts);
        r.writeHead(201, { 'content-length': 0 });
        r.end();
      }),
    );
    const reused = Buffer.alloc(64 * 1024);
    let sent = 0;
    const res = await client().send({
      method: 'PUT',
      url: new URL(url),
      bulk: true,
      body: {
        size: body.length,
        open: async () => {
          throw new Error('the lent chunks are what a bulk request sends');
        },
        async *chunks() {
          for (let at = 0; at < body.length; at += reused.length) {
            const n = body.copy(reused, 0, at, at + reused.length);
            yield reused.subarray(0, n);
          }
        },
        onProgress: (n) => (sent = n),
      },
    });
    expect(res.status).toBe(201);
    expect(received.equals(body)).toBe(true);
    expect(sent).toBe(body.length);
  });

  test("a failing source ends the upload with the source's error, and the request is not completed", async () => {
    let completed = false;
    const url = await listen(
      http.createServer(async (q, r) => {
        q.on('end', () => (completed = true));
        q.resume();
        q.on('aborted', () => r.destroy());
      }),
    );
    const failure = Object.assign(new Error('digest mismatch at the end'), { code: 'DIGEST_MISMATCH' });
    const attempt = client({ retry: { retries: 0 } }).send({
      method: 'PUT',
      url: new URL(url),
      bulk: true,
      retry: false,
      body: {
        size: 10,
        open: async () => {
          throw new Error('unused');
        },
        async *chunks() {
          yield Buffer.from('12345');
          throw failure;
        },
      },
    });
    await expect(attempt).rejects.toBeDefined();
    await new Promise((r) => setTimeout(r, 50));
    expect(completed).toBe(false);
  });
});

describe('watchdog', () => {
  test('a server that stops sending mid-body is a stall, retried by the caller', async () => {
    const url = await raw((_head, s) => {
      s.write('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc'); // and nothing more
    });
    const c = client({ stallTimeoutMs: 100 });
    const res = await c.send({ method: 'GET', url: new URL(url), bulk: true });
    await expect(pumpBody(res, () => {})).rejects.toMatchObject({ code: 'STALLED' });
  });

  test('a slow consumer is not a stall', async () => {
    const body = randomBytes(8 << 20);
    const url = await listen(
      http.createServer((_q, r) => {
        r.writeHead(200, { 'content-length': body.length });
        r.end(body);
      }),
    );
    const c = client({ stallTimeoutMs: 100 });
    const res = await c.send({ method: 'GET', url: new URL(url), bulk: true });
    let n = 0;
    let first = true;
    await pumpBody(res, async (chunks) => {
      if (first) await new Promise((r) => setTimeout(r, 300));
      first = false;
      for (const ch of chunks) n += ch.length;
    });
    expect(n).toBe(body.length);
  });
});
