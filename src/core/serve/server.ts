/**
 * A distribution-spec v1.1 registry over a Store, on node:http with no framework: routing,
 * the error model, and a graceful stop.
 *
 * Reference: https://github.com/opencontainers/distribution-spec/blob/main/spec.md#endpoints
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OciError, isErrno } from '../errors.js';
import { silentLogger, type Logger } from '../content.js';
import type { Store } from '../layout.js';
import { cancelUpload, deleteBlob, getBlob, headBlob, patchUpload, putUpload, startUpload, uploadStatus } from './blobs.js';
import { ServeContext } from './context.js';
import { catalog, listTags, referrers } from './discovery.js';
import { RegistryError, toRegistryError, type RegistryErrorCode } from './errors.js';
import { sendError, sendJSON } from './http.js';
import { deleteManifest, getManifest, putManifest } from './manifests.js';
import { checkName } from './names.js';
import { UploadSessions } from './uploads.js';

/** A parsed request path. */
export type Route =
  | { kind: 'base' }
  | { kind: 'catalog' }
  | { kind: 'uploads'; name: string }
  | { kind: 'upload'; name: string; id: string }
  | { kind: 'blob'; name: string; digest: string }
  | { kind: 'manifest'; name: string; reference: string }
  | { kind: 'tags'; name: string }
  | { kind: 'referrers'; name: string; digest: string };

const PATTERNS: Array<[RegExp, (m: RegExpExecArray) => Route]> = [
  [/^(.+)\/blobs\/uploads\/?$/, (m) => ({ kind: 'uploads', name: m[1]! })],
  [/^(.+)\/blobs\/uploads\/([^/]+)$/, (m) => ({ kind: 'upload', name: m[1]!, id: m[2]! })],
  [/^(.+)\/blobs\/([^/]+)$/, (m) => ({ kind: 'blob', name: m[1]!, digest: m[2]! })],
  [/^(.+)\/manifests\/([^/]+)$/, (m) => ({ kind: 'manifest', name: m[1]!, reference: m[2]! })],
  [/^(.+)\/tags\/list\/?$/, (m) => ({ kind: 'tags', name: m[1]! })],
  [/^(.+)\/referrers\/([^/]+)$/, (m) => ({ kind: 'referrers', name: m[1]!, digest: m[2]! })],
];

/** Parse a request path (`/v2/...`); undefined when it is no registry endpoint. */
export function parseRoute(pathname: string): Route | undefined {
  if (pathname === '/v2' || pathname === '/v2/') return { kind: 'base' };
  if (!pathname.startsWith('/v2/')) return undefined;
  const rest = pathname.slice(4);
  if (rest === '_catalog' || rest === '_catalog/') return { kind: 'catalog' };
  for (const [re, make] of PATTERNS) {
    const m = re.exec(rest);
    if (!m) continue;
    const r = make(m);
    // References are percent-decoded (a client may write `sha256%3A…`); names never need it.
    try {
      if ('reference' in r) r.reference = decodeURIComponent(r.reference);
      if ('digest' in r) r.digest = decodeURIComponent(r.digest);
      if ('id' in r) r.id = decodeURIComponent(r.id);
    } catch {
      return undefined;
    }
    return r;
  }
  return undefined;
}

/** What a NOT_FOUND from the store means on each route (undefined: a server fault). */
const NOT_FOUND: Record<Route['kind'], RegistryErrorCode | undefined> = {
  base: undefined,
  catalog: undefined,
  uploads: 'BLOB_UNKNOWN',
  upload: 'BLOB_UPLOAD_UNKNOWN',
  blob: 'BLOB_UNKNOWN',
  manifest: 'MANIFEST_UNKNOWN',
  tags: 'NAME_UNKNOWN',
  referrers: 'MANIFEST_UNKNOWN',
};

/** Methods of each route, for 405 answers. */
const METHODS: Record<Route['kind'], string[]> = {
  base: ['GET', 'HEAD'],
  catalog: ['GET', 'HEAD'],
  uploads: ['POST'],
  upload: ['GET', 'PATCH', 'PUT', 'DELETE'],
  blob: ['GET', 'HEAD', 'DELETE'],
  manifest: ['GET', 'HEAD', 'PUT', 'DELETE'],
  tags: ['GET', 'HEAD'],
  referrers: ['GET', 'HEAD'],
};

/** Options of a registry server. */
export interface RegistryServerOptions {
  /** Address to listen on; default 127.0.0.1 (loopback only: the registry has no auth). */
  host?: string;
  /** Port; 0 picks a free one. Default 5000. */
  port?: number;
  logger?: Logger;
  /** Close upload writers idle this long (ms); their data stays for a resume. Default 10 s. */
  idleUploadMs?: number;
  /** Upload sessions known at once (uploads.ts). Default MAX_SESSIONS (256). */
  maxUploadSessions?: number;
  /** Idle upload writers kept open at once (uploads.ts). Default MAX_OPEN_WRITERS (8). */
  maxOpenUploads?: number;
  /**
   * Further names clients may use in the `Host` header (`name` or `name:port`). The
   * loopback names (127.0.0.1, localhost, [::1]) and the listen address with the served
   * port are always accepted; see `#checkHost`.
   */
  allowedHosts?: string[];
  /** The input a port failure is attributed to (default `port`). */
  portInput?: string;
}

/** A running registry over a store. */
export class RegistryServer {
  readonly store: Store;
  readonly #server: Server;
  readonly #ctx: ServeContext;
  readonly #logger: Logger;
  readonly #active = new Set<Promise<void>>();
  readonly #extraHosts: string[];
  /** Lower-case `Host` values accepted (filled once listening, when the port is known). */
  #hosts = new Set<string>();
  #host = '127.0.0.1';
  #port = 0;
  #closing: Promise<void> | undefined;

  private constructor(store: Store, options: RegistryServerOptions) {
    this.store = store;
    this.#logger = options.logger ?? silentLogger;
    this.#extraHosts = options.allowedHosts ?? [];
    const uploads = new UploadSessions(store.blobs, {
      idleMs: options.idleUploadMs,
      maxSessions: options.maxUploadSessions,
      maxOpenWriters: options.maxOpenUploads,
      logger: this.#logger,
    });
    this.#ctx = new ServeContext(store, uploads, this.#logger);
    this.#server = createServer({ requestTimeout: 0, keepAliveTimeout: 30_000 }, (req, res) => {
      const p = this.#handle(req, res);
      this.#active.add(p);
      void p.finally(() => this.#active.delete(p));
    });
  }

  /**
   * Start a registry over `store`. Throws ADDRESS_IN_USE (attributed to the `port` input)
   * when the port is taken.
   */
  static async start(store: Store, options: RegistryServerOptions = {}): Promise<RegistryServer> {
    const s = new RegistryServer(store, options);
    await s.#listen(options.host ?? '127.0.0.1', options.port ?? 5000, options.portInput ?? 'port');
    return s;
  }

  /** Host the server listens on. */
  get host(): string {
    return this.#host;
  }

  /** Port the server listens on. */
  get port(): number {
    return this.#port;
  }

  /** `host:port`, what clients put before a repository name. */
  get registry(): string {
    return `${this.#host}:${this.#port}`;
  }

  /** Base URL (`http://host:port`). */
  get url(): string {
    return `http://${this.registry}`;
  }

  /** Upload sessions with a writer open in memory (the rest wait on disk). */
  get openUploads(): number {
    return this.#ctx.uploads.open;
  }

  /**
   * Accept one more `Host` value (`name:port`), e.g. the address of a proxy or port
   * forward in front of the registry that passes the client's `Host` through.
   */
  allowHost(host: string): void {
    for (const h of allowedHosts(this.#host, this.#port, [host])) this.#hosts.add(h);
  }

  /** Upload sessions known (open, idle on disk, or not yet written to). */
  get uploadSessions(): number {
    return this.#ctx.uploads.size;
  }

  /** Manifest reads in progress now, the most there ever were at once, and how many there were. */
  get manifestReads(): { active: number; peak: number; runs: number } {
    const g = this.#ctx.manifestReads;
    return { active: g.active, peak: g.peak, runs: g.runs };
  }

  /** Requests in progress. */
  get inFlight(): number {
    return this.#active.size;
  }

  /**
   * Stop gracefully: refuse new connections, let requests in progress finish for up to
   * `graceMs`, then cut the rest (their uploads keep what arrived, resumable), and close
   * every upload writer. Idempotent.
   */
  close(graceMs = 5_000): Promise<void> {
    this.#closing ??= this.#close(graceMs);
    return this.#closing;
  }

  async #close(graceMs: number): Promise<void> {
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    this.#server.closeIdleConnections();
    const deadline = Date.now() + graceMs;
    while (this.#active.size > 0 && Date.now() < deadline) {
      await Promise.race([Promise.allSettled([...this.#active]), sleep(Math.max(1, Math.min(100, deadline - Date.now())))]);
    }
    if (this.#active.size > 0) this.#logger.info(`stopping: cutting ${this.#active.size} request(s) still in progress`);
    this.#server.closeAllConnections();
    // Handlers of cut requests settle quickly (their streams error); wait a bounded while.
    await Promise.race([Promise.allSettled([...this.#active]), sleep(2_000)]);
    await this.#ctx.uploads.close();
    await Promise.race([closed, sleep(1_000)]);
  }

  #listen(host: string, port: number, input: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const onError = (e: Error): void => {
        this.#server.off('listening', onListening);
        if (isErrno(e, 'EADDRINUSE')) {
          reject(
            new OciError('ADDRESS_IN_USE', `${host}:${port} is already in use`, {
              input,
              hint: `choose a free port with the ${input} input, or stop what listens on ${port}`,
              cause: e,
            }),
          );
        } else if (isErrno(e, 'EACCES', 'EADDRNOTAVAIL')) {
          reject(new OciError('INVALID_INPUT', `cannot listen on ${host}:${port}: ${(e as NodeJS.ErrnoException).code}`, { input, hint: 'use a port above 1023', cause: e }));
        } else reject(e);
      };
      const onListening = (): void => {
        this.#server.off('error', onError);
        const a = this.#server.address() as AddressInfo;
        this.#host = host;
        this.#port = a.port;
        this.#hosts = allowedHosts(host, a.port, this.#extraHosts);
        resolve();
      };
      this.#server.once('error', onError);
      this.#server.once('listening', onListening);
      this.#server.listen(port, host);
    });
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = Date.now();
    if (this.#closing) res.setHeader('Connection', 'close');
    let route: Route | undefined;
    try {
      this.#checkHost(req);
      const url = new URL(req.url ?? '/', 'http://registry');
      route = parseRoute(url.pathname);
      if (!route) throw new RegistryError('UNSUPPORTED', `no registry endpoint at ${url.pathname}`, { status: 404 });
      const method = req.method ?? 'GET';
      if (!METHODS[route.kind].includes(method)) {
        throw new RegistryError('UNSUPPORTED', `${method} is not supported on ${url.pathname}`, {
          headers: { Allow: METHODS[route.kind].join(', ') },
        });
      }
      if ('name' in route) checkName(route.name);
      await this.#dispatch(route, method, req, res, url.searchParams);
    } catch (e) {
      const err = toRegistryError(e, route ? NOT_FOUND[route.kind] : undefined);
      if (err.status >= 500) this.#logger.warning(`${req.method} ${req.url}: ${err.message}`);
      await sendError(req, res, err);
    } finally {
      this.#logger.debug(`${req.method} ${req.url} ${res.statusCode} ${Date.now() - started}ms`);
    }
  }

  /**
   * Refuse a request whose `Host` is not a name of this registry (403 DENIED). The registry
   * has no auth and trusts loopback; a web page can still point a name it controls at
   * 127.0.0.1 (DNS rebinding) and make the browser send requests there — with that name in
   * `Host`. Clients (docker, skopeo, containerd) send the address they were given,
   * `127.0.0.1:PORT` or `localhost:PORT`. A request without `Host` (HTTP/1.0) comes from no
   * browser and is served.
   *
   * Reference: RFC 9110 §7.2; https://en.wikipedia.org/wiki/DNS_rebinding
   */
  #checkHost(req: IncomingMessage): void {
    const host = req.headers.host;
    if (host === undefined || this.#hosts.has(host.toLowerCase())) return;
    throw new RegistryError(
      'DENIED',
      `Host ${JSON.stringify(host)} is not this registry: address it as 127.0.0.1:${this.#port} or localhost:${this.#port}`,
      { detail: { host, accepted: [...this.#hosts] } },
    );
  }

  async #dispatch(route: Route, method: string, req: IncomingMessage, res: ServerResponse, query: URLSearchParams): Promise<void> {
    const ctx = this.#ctx;
    switch (route.kind) {
      case 'base':
        sendJSON(req, res, 200, {});
        return;
      case 'catalog':
        return catalog(ctx, req, res, query);
      case 'tags':
        return listTags(ctx, req, res, route.name, query);
      case 'referrers':
        return referrers(ctx, req, res, route.digest, query);
      case 'blob':
        if (method === 'DELETE') return deleteBlob(ctx, res, route.digest);
        if (method === 'HEAD') return headBlob(ctx, res, route.digest);
        return getBlob(ctx, req, res, route.digest);
      case 'uploads':
        return startUpload(ctx, req, res, route.name, query);
      case 'upload':
        if (method === 'PATCH') return patchUpload(ctx, req, res, route.name, route.id);
        if (method === 'PUT') return putUpload(ctx, req, res, route.name, route.id, query);
        if (method === 'DELETE') return cancelUpload(ctx, res, route.id);
        return uploadStatus(ctx, res, route.name, route.id);
      case 'manifest':
        if (method === 'PUT') return putManifest(ctx, req, res, route.name, route.reference, query);
        if (method === 'DELETE') return deleteManifest(ctx, res, route.name, route.reference);
        return getManifest(ctx, req, res, route.name, route.reference);
    }
  }
}

/** The `Host` values a registry listening on `host:port` accepts (lower case). */
export function allowedHosts(host: string, port: number, extra: readonly string[] = []): Set<string> {
  const names = new Set(['127.0.0.1', 'localhost', '[::1]']);
  // A specific listen address is a name too; a wildcard one (0.0.0.0, ::) is no name.
  if (host !== '0.0.0.0' && host !== '::' && host !== '') names.add(host.includes(':') && !host.startsWith('[') ? `[${host}]` : host);
  const out = new Set<string>();
  for (const n of [...names, ...extra]) {
    const name = n.toLowerCase();
    if (/:\d+$/.test(name) && !name.endsWith(']')) {
      out.add(name);
      continue;
    }
    out.add(`${name}:${port}`);
    if (port === 80) out.add(name); // RFC 9110 §7.2: the port may be left out when it is the default
  }
  return out;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
