/**
 * A local GitHub Actions cache service (v2, Twirp) on loopback, for driving the real
 * @actions/cache library in tests. Blob storage behind the signed URLs is Azurite (the
 * Azure Storage emulator), so uploads and downloads run the same Azure SDK / HTTP path as
 * on GitHub. Signed URLs point at this service, which forwards them to Azurite: that is
 * where transfers are counted and faults injected.
 *
 * The protocol, as @actions/cache 6 speaks it (lib/internal/shared/cacheTwirpClient.js,
 * lib/generated/results/api/v1/cache.js):
 *   POST /twirp/github.actions.results.api.v1.CacheService/CreateCacheEntry
 *        {key, version} → {ok, signed_upload_url}          (HTTP 409 for a duplicate key+version)
 *   POST …/FinalizeCacheEntryUpload {key, version, size_bytes} → {ok, entry_id}
 *   POST …/GetCacheEntryDownloadURL {key, restore_keys, version}
 *        → {ok, signed_download_url, matched_key}          (ok: false on a miss)
 * Restore semantics follow GitHub's: an exact match of `key`, else the newest entry whose
 * key starts with `key`, else the same for each restore key in order — always with the
 * same version.
 *
 * Client env: ACTIONS_CACHE_SERVICE_V2=true, ACTIONS_RESULTS_URL=<url>/,
 * ACTIONS_RUNTIME_TOKEN=<anything> (see `env()`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac, randomUUID } from 'node:crypto';
import { request as httpRequest, createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect, type Socket } from 'node:net';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, NODE } from './build.js';

/** Azurite's well-known development account (public, documented by Microsoft). */
export const AZURITE_ACCOUNT = 'devstoreaccount1';
export const AZURITE_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
const SAS_VERSION = '2020-08-04';
const CONTAINER = 'actions-cache';
const SERVICE = 'github.actions.results.api.v1.CacheService';

/** A running Azurite blob service. */
export interface Azurite {
  port: number;
  stop(): Promise<void>;
}

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

async function waitForPort(port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`azurite exited with code ${child.exitCode}`);
    const ok = await new Promise<boolean>((resolve) => {
      const s: Socket = connect(port, '127.0.0.1');
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`azurite did not listen on ${port} within ${timeoutMs} ms`);
}

/** Start Azurite's blob service on a free loopback port, storing under `location`. */
export async function startAzurite(location: string): Promise<Azurite> {
  const port = await freePort();
  // ROOT is .test-build/ when this harness runs compiled: the package is one level up then.
  const main = [ROOT, join(ROOT, '..')].map((r) => join(r, 'node_modules', 'azurite', 'dist', 'src', 'blob', 'main.js')).find((p) => existsSync(p));
  if (!main) throw new Error('azurite is not installed: run npm ci');
  // --disableTelemetry: without it Azurite tries to reach the internet.
  const child = spawn(
    NODE,
    [main, '--blobHost', '127.0.0.1', '--blobPort', String(port), '--location', location, '--silent', '--loose', '--skipApiVersionCheck', '--disableTelemetry'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  try {
    // Azurite takes seconds to start; on a loaded 2-core machine, tens of seconds.
    await waitForPort(port, child, 90_000);
  } catch (err) {
    child.kill('SIGKILL');
    throw new Error(`${(err as Error).message}\n${stderr}`);
  }
  return {
    port,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(t);
    },
  };
}

/** `YYYY-MM-DDTHH:MM:SSZ`, as SAS tokens carry times. */
function sasTime(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function hmac(text: string): string {
  return createHmac('sha256', Buffer.from(AZURITE_KEY, 'base64')).update(text, 'utf8').digest('base64');
}

/**
 * A service SAS for one blob (Azure's string-to-sign for versions 2018-11-09 …
 * 2020-10-02: permissions, start, expiry, canonical resource, identifier, IP, protocol,
 * version, resource, snapshot time, then the five response-header overrides).
 */
export function blobSas(container: string, blob: string, permissions: string, expiresInS = 3600): string {
  const se = sasTime(new Date(Date.now() + expiresInS * 1000));
  const canonical = `/blob/${AZURITE_ACCOUNT}/${container}/${blob}`;
  const toSign = [permissions, '', se, canonical, '', '', '', SAS_VERSION, 'b', '', '', '', '', '', ''].join('\n');
  const q = new URLSearchParams({ sv: SAS_VERSION, sr: 'b', sp: permissions, se, sig: hmac(toSign) });
  return q.toString();
}

/** An account SAS (for creating the container). */
function accountSas(permissions: string): string {
  const se = sasTime(new Date(Date.now() + 3600_000));
  const toSign = [AZURITE_ACCOUNT, permissions, 'b', 'sco', '', se, '', '', SAS_VERSION, ''].join('\n');
  const q = new URLSearchParams({ sv: SAS_VERSION, ss: 'b', srt: 'sco', sp: permissions, se, sig: hmac(toSign) });
  return q.toString();
}

/** A fault the service can be switched into. */
export type Fault = 'down' | '429' | '500' | undefined;

/** One cache entry. */
export interface CacheEntry {
  key: string;
  version: string;
  blob: string;
  finalized: boolean;
  size: number;
  /** Creation order (newest wins a prefix match). */
  seq: number;
}

/** One transfer through the signed URLs. */
export interface Transfer {
  direction: 'upload' | 'download';
  key: string;
  bytes: number;
}

/** A running cache service. */
export class CacheService {
  readonly entries: CacheEntry[] = [];
  /** Twirp calls by method name, with the request's key. */
  readonly calls: Array<{ method: string; key: string; status: number }> = [];
  readonly transfers: Transfer[] = [];
  fault: Fault;
  #server: Server | undefined;
  #port = 0;
  #seq = 0;
  readonly #azurite: Azurite;
  readonly #sockets = new Set<Socket>();
  #gate: { match: (key: string) => boolean; count: number; waiting: Array<() => void>; timer: NodeJS.Timeout } | undefined;

  private constructor(azurite: Azurite) {
    this.#azurite = azurite;
  }

  /** Start on a free loopback port in front of a running Azurite; creates the container. */
  static async start(azurite: Azurite): Promise<CacheService> {
    const svc = new CacheService(azurite);
    await svc.#createContainer();
    svc.#port = await freePort();
    await svc.#listen();
    return svc;
  }

  /** Base URL (ACTIONS_RESULTS_URL). */
  get url(): string {
    return `http://127.0.0.1:${this.#port}/`;
  }

  /** The environment @actions/cache needs to talk to this service. */
  env(): Record<string, string> {
    return { ACTIONS_CACHE_SERVICE_V2: 'true', ACTIONS_RESULTS_URL: this.url, ACTIONS_RUNTIME_TOKEN: 'test-runtime-token' };
  }

  /** Switch a fault on (`down` stops listening: connection refused) or off. */
  async setFault(fault: Fault): Promise<void> {
    if (fault === this.fault) return;
    const wasDown = this.fault === 'down';
    this.fault = fault;
    if (fault === 'down') await this.#close();
    else if (wasDown) await this.#listen();
  }

  /**
   * Hold the next CreateCacheEntry requests whose key matches until `count` of them have
   * arrived, then answer them in arrival order: two jobs "saving at the same moment",
   * deterministically. Released anyway after `timeoutMs`.
   */
  holdCreates(match: (key: string) => boolean, count: number, timeoutMs = 60_000): void {
    const release = (): void => {
      const g = this.#gate;
      if (!g) return;
      this.#gate = undefined;
      clearTimeout(g.timer);
      for (const go of g.waiting) go();
    };
    this.#gate = { match, count, waiting: [], timer: setTimeout(release, timeoutMs) };
    this.#gate.timer.unref();
    this.#releaseGate = release;
  }
  #releaseGate: () => void = () => undefined;

  /** Forget every counter (entries stay). */
  resetCounters(): void {
    this.calls.length = 0;
    this.transfers.length = 0;
  }

  /** Drop entries whose key matches (eviction). Returns how many. */
  evict(match: (key: string) => boolean): number {
    let n = 0;
    for (let i = this.entries.length - 1; i >= 0; i--) {
      if (match(this.entries[i]!.key)) {
        this.entries.splice(i, 1);
        n++;
      }
    }
    return n;
  }

  /** Bytes moved in `direction`, optionally only for keys matching. */
  bytes(direction: Transfer['direction'], match: (key: string) => boolean = () => true): number {
    return this.transfers.filter((t) => t.direction === direction && match(t.key)).reduce((n, t) => n + t.bytes, 0);
  }

  /** Keys of the finalized entries. */
  keys(): string[] {
    return this.entries.filter((e) => e.finalized).map((e) => e.key);
  }

  async stop(): Promise<void> {
    await this.#close();
  }

  async #listen(): Promise<void> {
    const server = createServer((req, res) => {
      this.#handle(req, res).catch((err: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ code: 'internal', msg: String(err) }));
      });
    });
    server.on('connection', (s) => {
      this.#sockets.add(s);
      s.on('close', () => this.#sockets.delete(s));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.#port, '127.0.0.1', () => resolve());
    });
    this.#server = server;
  }

  async #close(): Promise<void> {
    const s = this.#server;
    if (!s) return;
    this.#server = undefined;
    for (const sock of this.#sockets) sock.destroy();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  async #createContainer(): Promise<void> {
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port: this.#azurite.port,
          method: 'PUT',
          path: `/${AZURITE_ACCOUNT}/${CONTAINER}?restype=container&${accountSas('rwdlac')}`,
          headers: { 'x-ms-version': SAS_VERSION, 'content-length': '0' },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', reject);
      req.end();
    });
    if (status !== 201 && status !== 409) throw new Error(`could not create the Azurite container: HTTP ${status}`);
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    if (url.pathname.startsWith(`/twirp/${SERVICE}/`)) return this.#twirp(url.pathname.slice(`/twirp/${SERVICE}/`.length), req, res);
    if (url.pathname.startsWith(`/${AZURITE_ACCOUNT}/`)) return this.#proxy(req, res, url);
    res.writeHead(404).end();
  }

  #signedUrl(blob: string, permissions: string): string {
    return `${this.url}${AZURITE_ACCOUNT}/${CONTAINER}/${blob}?${blobSas(CONTAINER, blob, permissions)}`;
  }

  async #twirp(method: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    let body: Record<string, unknown> = {};
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
    } catch {
      /* answered below as a bad request */
    }
    const key = typeof body['key'] === 'string' ? body['key'] : '';
    const version = typeof body['version'] === 'string' ? body['version'] : '';
    const reply = (status: number, value: unknown, headers: Record<string, string> = {}): void => {
      this.calls.push({ method, key, status });
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(value));
    };
    if (req.headers.authorization !== 'Bearer test-runtime-token') return reply(401, { code: 'unauthenticated', msg: 'bad token' });
    if (this.fault === '429') return reply(429, { code: 'resource_exhausted', msg: 'rate limited' }, { 'retry-after': '60' });
    if (this.fault === '500') return reply(500, { code: 'internal', msg: 'injected failure' });
    if (!key || !version) return reply(400, { code: 'invalid_argument', msg: 'key and version are required' });

    const gate = this.#gate;
    if (method === 'CreateCacheEntry' && gate && gate.match(key)) {
      await new Promise<void>((resolve) => {
        gate.waiting.push(resolve);
        if (gate.waiting.length >= gate.count) this.#releaseGate();
      });
    }
    switch (method) {
      case 'CreateCacheEntry': {
        if (this.entries.some((e) => e.key === key && e.version === version)) {
          return reply(409, { code: 'already_exists', msg: 'cache entry with the same key, version, and scope already exists' });
        }
        const entry: CacheEntry = { key, version, blob: randomUUID(), finalized: false, size: 0, seq: ++this.#seq };
        this.entries.push(entry);
        return reply(200, { ok: true, signed_upload_url: this.#signedUrl(entry.blob, 'rcw') });
      }
      case 'FinalizeCacheEntryUpload': {
        const entry = this.entries.find((e) => e.key === key && e.version === version && !e.finalized);
        if (!entry) return reply(404, { code: 'not_found', msg: 'no reserved entry' });
        entry.finalized = true;
        entry.size = Number(body['size_bytes'] ?? 0);
        return reply(200, { ok: true, entry_id: String(entry.seq) });
      }
      case 'GetCacheEntryDownloadURL': {
        const restoreKeys = Array.isArray(body['restore_keys']) ? (body['restore_keys'] as string[]) : [];
        const found = this.#lookup(key, restoreKeys, version);
        if (!found) return reply(200, { ok: false, signed_download_url: '', matched_key: '' });
        return reply(200, { ok: true, signed_download_url: this.#signedUrl(found.blob, 'r'), matched_key: found.key });
      }
      default:
        return reply(404, { code: 'bad_route', msg: `no method ${method}` });
    }
  }

  #lookup(key: string, restoreKeys: string[], version: string): CacheEntry | undefined {
    const usable = this.entries.filter((e) => e.finalized && e.version === version).sort((a, b) => b.seq - a.seq);
    const exact = usable.find((e) => e.key === key);
    if (exact) return exact;
    for (const prefix of [key, ...restoreKeys]) {
      const hit = usable.find((e) => e.key.startsWith(prefix));
      if (hit) return hit;
    }
    return undefined;
  }

  /** Forward a signed-URL request to Azurite, counting body bytes both ways. */
  async #proxy(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const blob = url.pathname.split('/')[3] ?? '';
    const entry = this.entries.find((e) => e.blob === blob);
    const key = entry?.key ?? '';
    if (this.fault === '500') {
      req.resume();
      res.writeHead(500).end();
      return;
    }
    const up: Transfer = { direction: 'upload', key, bytes: 0 };
    const down: Transfer = { direction: 'download', key, bytes: 0 };
    await new Promise<void>((resolve, reject) => {
      const headers = { ...req.headers, host: `127.0.0.1:${this.#azurite.port}` };
      const out = httpRequest({ host: '127.0.0.1', port: this.#azurite.port, method: req.method, path: req.url, headers }, (azRes) => {
        res.writeHead(azRes.statusCode ?? 502, azRes.headers);
        azRes.on('data', (c: Buffer) => {
          if (req.method === 'GET') down.bytes += c.length;
        });
        azRes.pipe(res);
        azRes.on('end', resolve);
        azRes.on('error', reject);
      });
      out.on('error', reject);
      req.on('data', (c: Buffer) => (up.bytes += c.length));
      req.pipe(out);
    });
    if (up.bytes > 0) this.transfers.push(up);
    if (down.bytes > 0) this.transfers.push(down);
  }
}
