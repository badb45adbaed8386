/**
 * An HTTP proxy in front of a test registry that injects faults into a share of the
 * requests, chosen by a seeded RNG (reproducible runs):
 *
 * - `500`: answered by the proxy, never forwarded;
 * - `429`: answered with `Retry-After`, never forwarded;
 * - `reset`: forwarded (the registry acts on it!), then the connection is cut half-way
 *   through the response body — or before the head when there is no body;
 * - `stall`: forwarded, then the proxy goes silent (after the head when there is a body)
 *   until the client gives up.
 *
 * Forwarded faults are the hard ones: an upload PUT committed or a PATCH applied whose
 * answer never arrives.
 */
import http from 'node:http';
import type net from 'node:net';
import { closeServer } from './registry.js';

/** The kinds of fault. */
export type FaultKind = '500' | '429' | 'reset' | 'stall';

/** Options of a fault proxy. */
export interface FaultProxyOptions {
  /** RNG seed (default 1). */
  seed?: number;
  /** Share of requests that fail (default 0.2). */
  rate?: number;
  kinds?: FaultKind[];
  /** Retry-After of 429 answers, in seconds (default 1). */
  retryAfterSeconds?: number;
  /**
   * Cut the connection in the middle of a request body: the first `times` (default 1)
   * requests of `method` whose body is longer than `afterBytes` get only their first
   * `afterBytes` bytes forwarded, then both connections are closed before any answer
   * (the registry keeps what arrived; the client sees a broken upload). Independent of
   * `rate`/`enabled`.
   */
  cutRequestBody?: { method: string; afterBytes: number; times?: number };
}

/** A running fault proxy. */
export interface FaultProxy {
  /** `127.0.0.1:<port>`. */
  host: string;
  port: number;
  /** Requests seen and faults injected, by kind. */
  stats: { requests: number; faults: Record<FaultKind, number>; /** Request bodies cut (cutRequestBody). */ cuts: number };
  /** `METHOD /path` of every request (query left out), for asserting what a client did. */
  log: string[];
  /** Turn injection on or off (forwarding continues). */
  enabled: boolean;
  stop(): Promise<void>;
}

/** mulberry32: a small seeded PRNG. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Start a fault proxy forwarding to `upstream` (`127.0.0.1:<port>`). */
export async function startFaultProxy(upstream: { host: string; port: number }, options: FaultProxyOptions = {}): Promise<FaultProxy> {
  const rng = seeded(options.seed ?? 1);
  const rate = options.rate ?? 0.2;
  const kinds = options.kinds ?? ['500', '429', 'reset', 'stall'];
  const stats = { requests: 0, faults: { '500': 0, '429': 0, reset: 0, stall: 0 } as Record<FaultKind, number>, cuts: 0 };
  let cutsLeft = options.cutRequestBody ? (options.cutRequestBody.times ?? 1) : 0;
  const sockets = new Set<net.Socket>();
  const log: string[] = [];
  const proxy: FaultProxy = { host: '', port: 0, stats, log, enabled: true, stop: async () => {} };

  const server = http.createServer((req, res) => {
    stats.requests++;
    log.push(`${req.method} ${(req.url ?? '').split('?')[0]}`);
    const draw = rng();
    const pick = rng();
    const fault = proxy.enabled && draw < rate ? kinds[Math.floor(pick * kinds.length)] : undefined;
    if (fault) stats.faults[fault]++;
    if (fault === '500' || fault === '429') {
      req.resume();
      const headers: http.OutgoingHttpHeaders = { 'content-type': 'application/json' };
      if (fault === '429') headers['retry-after'] = String(options.retryAfterSeconds ?? 1);
      res.writeHead(Number(fault), headers);
      res.end(JSON.stringify({ errors: [{ code: fault === '429' ? 'TOOMANYREQUESTS' : 'UNKNOWN', message: 'injected fault' }] }));
      return;
    }
    const up = http.request(
      { host: upstream.host, port: upstream.port, method: req.method, path: req.url, headers: req.headers, agent: false },
      (ur) => {
        const length = Number(ur.headers['content-length'] ?? (ur.headers['transfer-encoding'] ? 1 : 0));
        const hasBody = req.method !== 'HEAD' && length > 0;
        if (fault === 'reset') {
          if (!hasBody) {
            ur.resume();
            req.socket.destroy();
            return;
          }
          res.writeHead(ur.statusCode ?? 502, ur.headers);
          ur.once('data', (chunk: Buffer) => {
            res.write(chunk.subarray(0, Math.floor(chunk.length / 2)), () => res.socket?.destroy());
            ur.destroy();
          });
          return;
        }
        if (fault === 'stall') {
          if (hasBody) {
            res.writeHead(ur.statusCode ?? 502, ur.headers);
            res.flushHeaders();
          }
          ur.pause();
          res.once('close', () => ur.destroy());
          return;
        }
        res.writeHead(ur.statusCode ?? 502, ur.headers);
        ur.pipe(res);
      },
    );
    up.on('error', () => res.destroy());
    const cut = options.cutRequestBody;
    if (cut && cutsLeft > 0 && req.method === cut.method && Number(req.headers['content-length'] ?? Infinity) > cut.afterBytes) {
      cutsLeft--;
      let sent = 0;
      const onData = (chunk: Buffer): void => {
        const room = cut.afterBytes - sent;
        if (chunk.length < room) {
          sent += chunk.length;
          up.write(chunk);
          return;
        }
        req.off('data', onData);
        req.pause();
        stats.cuts++;
        // Let the forwarded part reach the registry before closing both sides.
        up.write(chunk.subarray(0, room), () =>
          setTimeout(() => {
            up.destroy();
            req.socket.destroy();
          }, 50),
        );
      };
      req.on('data', onData);
      return;
    }
    req.pipe(up);
  });
  server.on('connection', (s: net.Socket) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  const port = await new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)));
  proxy.port = port;
  proxy.host = `127.0.0.1:${port}`;
  proxy.stop = async () => {
    for (const s of sockets) s.destroy();
    await closeServer(server);
  };
  return proxy;
}
