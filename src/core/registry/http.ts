/**
 * HTTP transport of the registry client, on node:http/https.
 *
 * - Keep-alive agents with a bounded number of sockets per host.
 * - HTTPS by default; plain HTTP only for loopback hosts and hosts the user listed as insecure.
 * - Retries with exponential backoff and full jitter on 408/429/5xx, connection resets,
 *   refused connections and stalls; `Retry-After` is honoured (up to a cap). The number of
 *   retries is bounded and counted (`stats`).
 * - Request bodies are replayable (bytes, or a factory re-opening a stream), so a retry
 *   sends the same bytes again.
 * - Stall detection: a watchdog re-armed by every byte sent or received aborts a request
 *   that makes no progress for `stallTimeoutMs` (a slow consumer is not a stall).
 *
 * Secrets: this module never logs headers or URLs with credentials; callers put tokens
 * only in the `Authorization` header, and every such header is registered with the
 * client's `redactor` before it is sent — so no answer can echo a credential the redactor
 * does not know (secrets.ts).
 */
import type http from 'node:http';
import type https from 'node:https';
import { Readable, Transform, pipeline, type TransformCallback } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { OciError, isErrno } from '../errors.js';
import { isLoopbackHost } from '../reference.js';
import type { Logger } from '../content.js';
import { silentLogger } from '../content.js';
import { Redactor } from '../secrets.js';
import { Wire, type BodySink, type WireBody, type WireResponse } from './wire.js';

export type { BodySink } from './wire.js';

// node:http through process.getBuiltinModule, not an ES import: the ES module wrapper of a
// built-in reads every export, and node:http's lazy WebSocket/CloseEvent/MessageEvent getters load
// Node's bundled fetch (undici) — 30 ms of wall and 45 ms of CPU at every start-up (Node 24,
// in-process timing of `await import('node:http')`), paid by every command that builds a
// registry client although none of them uses fetch.
const nodeHttp = process.getBuiltinModule('node:http');

/** How failed requests are retried. */
export interface RetryPolicy {
  /** Attempts after the first one. */
  retries: number;
  /** First backoff; doubles per attempt (full jitter). */
  baseDelayMs: number;
  /** Upper bound of one computed backoff. */
  maxDelayMs: number;
  /** Upper bound of one wait asked for by `Retry-After`. */
  maxRetryAfterMs: number;
}

/** Defaults: 6 retries, 200 ms doubling to 10 s, Retry-After honoured up to 60 s. */
export const DEFAULT_RETRY: RetryPolicy = { retries: 6, baseDelayMs: 200, maxDelayMs: 10_000, maxRetryAfterMs: 60_000 };

/** A request body that can be sent more than once. */
export interface ReplayableBody {
  /** Exact byte length (sent as Content-Length). */
  size: number;
  /** A fresh stream of the body, from its first byte. */
  open(): Promise<Readable>;
  /** Called with bytes handed to the socket, for progress reporting. */
  onProgress?(sent: number): void;
  /**
   * The same bytes as `open`, as lent chunks (each may be reused once the next is asked
   * for): what a `bulk` request sends without allocating per chunk.
   */
  chunks?(): AsyncIterable<Uint8Array>;
}

/** Bytes, or a replayable stream. */
export type RequestBody = Uint8Array | ReplayableBody;

/** One request. */
export interface HttpRequest {
  method: 'GET' | 'HEAD' | 'PUT' | 'POST' | 'PATCH' | 'DELETE';
  url: URL;
  headers?: Record<string, string | undefined>;
  body?: RequestBody;
  /** Retry on network errors and retryable statuses (default true). */
  retry?: boolean;
  /** Follow redirects (default true for GET and HEAD). Authorization is dropped across origins. */
  followRedirects?: boolean;
  /**
   * Blob bytes: sent and read over the lean HTTP/1.1 transport (wire.ts), whose answer
   * can `pump` its body into a sink without a copy per read.
   */
  bulk?: boolean;
}

/** A response whose body has not been read yet: read it, or `discard` it. */
export interface HttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The URL that answered (after redirects). */
  url: URL;
  body: Readable;
  /** A header's value (first one when repeated). */
  header(name: string): string | undefined;
  /** Hand the body to `sink` (chunks lent until it settles); resolves at its end. */
  pump?(sink: BodySink): Promise<void>;
}

/** Read a response's body into `sink`: lent chunks from a bulk answer, else the stream's own. */
export async function pumpBody(res: HttpResponse, sink: BodySink): Promise<void> {
  if (res.pump) return res.pump(sink);
  for await (const chunk of res.body) await sink([chunk as Buffer]);
}

/** Options of an HttpClient. */
export interface HttpClientOptions {
  /** Hosts (`host` or `host:port`) reached over plain HTTP. */
  insecure?: string[];
  /** Sockets per host (default 8). */
  maxSockets?: number;
  /** No byte sent or received for this long aborts the attempt (default 60 s). */
  stallTimeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  logger?: Logger;
  signal?: AbortSignal;
  userAgent?: string;
  /** Random source for jitter (tests seed it). */
  random?: () => number;
  /** Where credentials sent in `Authorization` headers are registered (default: a new one). */
  redactor?: Redactor;
}

/** Counters for tests and the job summary. */
export interface HttpStats {
  requests: number;
  retries: number;
}

const RETRYABLE_ERRNO = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ENETDOWN',
  'EHOSTDOWN',
  'STALLED',
  'UND_ERR_SOCKET',
]);

/** True for failures worth another attempt: resets, refusals, timeouts, stalls. */
export function isRetryableNetworkError(err: unknown): boolean {
  if (err instanceof OciError) return false;
  if (isErrno(err, ...RETRYABLE_ERRNO)) return true;
  const msg = messageOf(err);
  return /socket hang up|aborted|premature close/i.test(msg);
}

/** True for statuses worth another attempt (distribution-spec clients retry these). */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status !== 501 && status !== 505);
}

/** Parse `Retry-After` (seconds or an HTTP date) into milliseconds. */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const t = Date.parse(v);
  if (Number.isNaN(t)) return undefined;
  return Math.max(0, t - now);
}

/** An error for a request that made no progress. */
function stallError(ms: number): NodeJS.ErrnoException {
  const e = new Error(`no data for ${ms} ms`) as NodeJS.ErrnoException;
  e.code = 'STALLED';
  return e;
}

/** Read a whole (small) body, failing with TOO_LARGE above `max` bytes. */
export async function readBody(res: HttpResponse | Readable, max = 4 * 1024 * 1024): Promise<Buffer> {
  const body = res instanceof Readable ? res : res.body;
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const chunk of body) {
    n += (chunk as Buffer).length;
    if (n > max) {
      body.destroy();
      throw new OciError('TOO_LARGE', `response body is larger than ${max} bytes`, {
        hint: 'the registry sent more than a manifest or token response may hold',
      });
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Throw away a response body so its socket returns to the pool. */
export async function discard(res: HttpResponse): Promise<void> {
  if (res.body.readableEnded || res.body.destroyed) return;
  try {
    let n = 0;
    for await (const chunk of res.body) {
      n += (chunk as Buffer).length;
      // A large error body is not worth reading: close the socket instead.
      if (n > 1024 * 1024) {
        res.body.destroy();
        break;
      }
    }
  } catch {
    // the connection broke while draining: nothing to keep
  }
}

/** Counts bytes through, calling `touch` on each chunk (watchdog and progress). */
class Tap extends Transform {
  #n = 0;
  constructor(private readonly touch: (n: number) => void) {
    super();
  }
  override _transform(chunk: Buffer, _e: BufferEncoding, cb: TransformCallback): void {
    this.#n += chunk.length;
    this.touch(this.#n);
    cb(null, chunk);
  }
}

/** An HTTP client with keep-alive, retries and stall detection. */
export class HttpClient {
  readonly stats: HttpStats = { requests: 0, retries: 0 };
  /** Every credential this client has sent (and what its callers registered). */
  readonly redactor: Redactor;
  readonly #insecure: Set<string>;
  readonly #http: http.Agent;
  /** Made on the first HTTPS request: node:https and node:tls cost ~50 ms of start-up to load. */
  #httpsAgent: https.Agent | undefined;
  readonly #maxSockets: number;
  readonly #stallMs: number;
  readonly #retry: RetryPolicy;
  readonly #logger: Logger;
  readonly #signal: AbortSignal | undefined;
  readonly #userAgent: string;
  readonly #random: () => number;
  readonly #wire: Wire;

  constructor(options: HttpClientOptions = {}) {
    this.#insecure = new Set((options.insecure ?? []).map((h) => h.trim().toLowerCase().replace(/^https?:\/\//, '').replace(/\/+$/, '')));
    const maxSockets = options.maxSockets ?? 8;
    this.#http = new nodeHttp.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
    this.#maxSockets = maxSockets;
    this.#wire = new Wire(maxSockets);
    this.#stallMs = options.stallTimeoutMs ?? 60_000;
    this.#retry = { ...DEFAULT_RETRY, ...options.retry };
    this.#logger = options.logger ?? silentLogger;
    this.#signal = options.signal;
    this.#userAgent = options.userAgent ?? 'oci-store';
    this.#random = options.random ?? Math.random;
    this.redactor = options.redactor ?? new Redactor();
  }

  /** The retry policy in force. */
  get retryPolicy(): RetryPolicy {
    return this.#retry;
  }

  #https(): https.Agent {
    const max = this.#maxSockets;
    return (this.#httpsAgent ??= new (process.getBuiltinModule('node:https').Agent)({ keepAlive: true, maxSockets: max, maxFreeSockets: max }));
  }

  /**
   * The scheme a registry is reached with: plain HTTP for loopback hosts and hosts in
   * `insecure` (by `host:port` or by `host`), HTTPS for everything else.
   */
  scheme(host: string): 'http' | 'https' {
    const h = host.toLowerCase();
    if (isLoopbackHost(h)) return 'http';
    if (this.#insecure.has(h)) return 'http';
    const bare = h.startsWith('[') ? h.slice(0, h.indexOf(']') + 1) : h.replace(/:\d+$/, '');
    return this.#insecure.has(bare) ? 'http' : 'https';
  }

  /** `scheme://host` of a registry's API. */
  origin(host: string): string {
    return `${this.scheme(host)}://${host}`;
  }

  /** The backoff before retry number `attempt` (0-based): full jitter over an exponential ceiling. */
  backoff(attempt: number): number {
    const ceiling = Math.min(this.#retry.maxDelayMs, this.#retry.baseDelayMs * 2 ** attempt);
    return Math.floor(ceiling / 2 + (this.#random() * ceiling) / 2);
  }

  /** Wait before a retry; honours the abort signal. */
  async pause(ms: number): Promise<void> {
    if (ms <= 0) return;
    try {
      await sleep(ms, undefined, this.#signal ? { signal: this.#signal } : undefined);
    } catch {
      throw cancelled();
    }
  }

  /**
   * Run `fn` (a request and the reading of its small body) again when it fails with a
   * retryable network error — a body cut mid-way is not covered by `send`'s retries,
   * which end once the head has arrived.
   */
  async retrying<T>(url: URL, fn: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await fn();
      } catch (err) {
        if (attempt >= this.#retry.retries || !isRetryableNetworkError(err)) throw networkError(err, url);
        this.stats.retries++;
        await this.pause(this.backoff(attempt));
      }
    }
  }

  /**
   * Send a request, retrying retryable failures. Returns the final response whatever its
   * status (callers map statuses to errors); throws NETWORK when every attempt failed to
   * get an answer.
   */
  async send(req: HttpRequest): Promise<HttpResponse> {
    const canRetry = req.retry !== false;
    const follow = req.followRedirects ?? (req.method === 'GET' || req.method === 'HEAD');
    let attempt = 0;
    let url = req.url;
    let headers = { ...req.headers };
    let redirects = 0;
    for (;;) {
      if (this.#signal?.aborted) throw cancelled();
      let res: HttpResponse;
      try {
        this.stats.requests++;
        res = await this.#once(req, url, headers);
      } catch (err) {
        // A refused connection rarely heals within seconds: two more tries, not the full budget.
        const refusedOut = isErrno(err, 'ECONNREFUSED') && attempt >= Math.min(2, this.#retry.retries);
        if (!canRetry || attempt >= this.#retry.retries || refusedOut || !isRetryableNetworkError(err)) throw networkError(err, url);
        const wait = this.backoff(attempt);
        this.#logger.debug(`${req.method} ${redact(url)}: ${describe(err)}; retry ${attempt + 1}/${this.#retry.retries} in ${wait} ms`);
        attempt++;
        this.stats.retries++;
        await this.pause(wait);
        continue;
      }
      if (follow && res.status >= 300 && res.status < 400 && res.header('location') !== undefined) {
        await discard(res);
        if (++redirects > 10) throw new OciError('REGISTRY_ERROR', `too many redirects from ${url.host}`, { hint: 'the registry redirects in a loop' });
        const next = new URL(res.header('location')!, url);
        if (next.origin !== url.origin) {
          // Credentials are for the registry, never for the storage backend it redirects to.
          headers = Object.fromEntries(Object.entries(headers).filter(([k]) => k.toLowerCase() !== 'authorization'));
        }
        url = next;
        continue;
      }
      if (canRetry && isRetryableStatus(res.status) && attempt < this.#retry.retries) {
        const after = parseRetryAfter(res.header('retry-after'));
        const wait = after !== undefined ? Math.min(after, this.#retry.maxRetryAfterMs) : this.backoff(attempt);
        this.#logger.debug(`${req.method} ${redact(url)}: HTTP ${res.status}; retry ${attempt + 1}/${this.#retry.retries} in ${wait} ms`);
        await discard(res);
        attempt++;
        this.stats.retries++;
        await this.pause(wait);
        continue;
      }
      return res;
    }
  }

  /** One attempt. Resolves with the response head; the body streams on. */
  async #once(req: HttpRequest, url: URL, headers: Record<string, string | undefined>): Promise<HttpResponse> {
    const body = req.body;
    const size = body === undefined ? 0 : body instanceof Uint8Array ? body.length : body.size;
    const h: Record<string, string> = { 'user-agent': this.#userAgent };
    for (const [k, v] of Object.entries(headers)) if (v !== undefined) h[k.toLowerCase()] = v;
    // Known before the answer arrives: an answer that echoes the header is then redacted.
    if (h['authorization'] !== undefined) this.redactor.addAuthorization(h['authorization']);
    if (body !== undefined || req.method === 'PUT' || req.method === 'POST' || req.method === 'PATCH') h['content-length'] = String(size);
    if (req.bulk) return this.#onceWire(req, url, h);
    let source: Readable | undefined;
    if (body !== undefined && !(body instanceof Uint8Array)) source = await body.open();
    const isHttps = url.protocol === 'https:';
    const mod = isHttps ? process.getBuiltinModule('node:https') : nodeHttp;
    const stallMs = this.#stallMs;
    const signal = this.#signal;

    return new Promise<HttpResponse>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      let response: Readable | undefined;
      let settled = false;
      const clear = (): void => {
        if (timer) clearTimeout(timer);
        timer = undefined;
        signal?.removeEventListener('abort', onAbort);
      };
      const arm = (): void => {
        if (timer) clearTimeout(timer);
        timer = setTimeout(onStall, stallMs);
        timer.unref?.();
      };
      const onStall = (): void => {
        // Data waiting for a slow consumer is not a stalled server.
        if (response && response.readableLength > 0) {
          arm();
          return;
        }
        r.destroy(stallError(stallMs));
      };
      const onAbort = (): void => {
        r.destroy(cancelled());
      };
      const fail = (err: Error): void => {
        clear();
        source?.destroy();
        if (!settled) {
          settled = true;
          reject(err);
        }
      };
      const r = mod.request(
        url,
        { method: req.method, headers: h, agent: isHttps ? this.#https() : this.#http },
        (res) => {
          // The body flows through a tap that re-arms the watchdog; a 'data' listener on
          // `res` itself would start the flow before the caller reads.
          const tapped = new Tap(arm);
          response = tapped;
          arm();
          pipeline(res, tapped, clear);
          settled = true;
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            url,
            body: tapped,
            header(name: string): string | undefined {
              const v = res.headers[name.toLowerCase()];
              return Array.isArray(v) ? v[0] : v;
            },
          });
        },
      );
      r.on('error', fail);
      arm();
      if (signal) {
        if (signal.aborted) {
          onAbort();
          return;
        }
        signal.addEventListener('abort', onAbort, { once: true });
      }
      if (source === undefined) {
        r.end(body instanceof Uint8Array ? body : undefined);
        return;
      }
      const progress = (body as ReplayableBody).onProgress;
      const tap = new Tap((n) => {
        arm();
        progress?.(n);
      });
      source.once('error', (err) => {
        // The body's own failure (a digest mismatch in the store) is the error to report.
        r.destroy(err);
        fail(err);
      });
      source.pipe(tap).pipe(r);
    });
  }

  /**
   * One attempt on the lean transport: the same watchdog (re-armed by every read, every
   * chunk sent and every batch the consumer hands back) and the same abort signal.
   */
  async #onceWire(req: HttpRequest, url: URL, headers: Record<string, string>): Promise<HttpResponse> {
    const stallMs = this.#stallMs;
    const signal = this.#signal;
    if (signal?.aborted) throw cancelled();
    const body = req.body;
    let wireBody: Uint8Array | WireBody | undefined;
    if (body === undefined || body instanceof Uint8Array) wireBody = body;
    else {
      const replayable = body;
      wireBody = {
        size: replayable.size,
        chunks: () => (replayable.chunks ? replayable.chunks() : openChunks(replayable)),
      };
    }
    let res: WireResponse | undefined;
    let failEarly: ((err: Error) => void) | undefined;
    let timer: NodeJS.Timeout | undefined;
    const clear = (): void => {
      if (timer) clearTimeout(timer);
      timer = undefined;
      signal?.removeEventListener('abort', onAbort);
    };
    const stop = (err: Error): void => {
      clear();
      if (res) res.destroy(err);
      else failEarly?.(err);
    };
    const onStall = (): void => {
      if (res?.ended && res.waiting === 0) return clear();
      // Bytes waiting for a slow consumer are not a stalled server.
      if (res && res.waiting > 0) return arm();
      stop(stallError(stallMs));
    };
    const arm = (): void => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(onStall, stallMs);
      timer.unref?.();
    };
    const onAbort = (): void => stop(cancelled());
    signal?.addEventListener('abort', onAbort, { once: true });
    arm();
    const progress = body !== undefined && !(body instanceof Uint8Array) ? body.onProgress : undefined;
    try {
      const wireReq = { method: req.method, url, headers, ...(wireBody !== undefined ? { body: wireBody } : {}), ...(progress ? { onSent: progress } : {}) };
      res = await this.#wire.request(wireReq, { abort: (fail) => (failEarly = fail), touch: arm });
    } catch (err) {
      clear();
      throw err;
    }
    const answer = res;
    answer.onActivity = arm;
    if (answer.ended && answer.waiting === 0) clear();
    let stream: Readable | undefined;
    return {
      status: answer.status,
      headers: answer.headers,
      url,
      get body(): Readable {
        if (!stream) {
          stream = answer.body;
          stream.once('close', clear);
        }
        return stream;
      },
      header(name: string): string | undefined {
        const v = answer.headers[name.toLowerCase()];
        return Array.isArray(v) ? v[0] : v;
      },
      async pump(sink: BodySink): Promise<void> {
        try {
          await answer.pump(sink);
        } finally {
          clear();
        }
      },
    };
  }

  /** Close idle sockets; later requests open new ones. */
  close(): void {
    this.#http.destroy();
    this.#httpsAgent?.destroy();
    this.#wire.close();
  }
}

/** The chunks of a replayable body that has no lent form: its stream's own chunks. */
async function* openChunks(body: ReplayableBody): AsyncGenerator<Uint8Array> {
  const stream = await body.open();
  try {
    for await (const chunk of stream) yield chunk as Uint8Array;
  } finally {
    stream.destroy();
  }
}

function cancelled(): OciError {
  return new OciError('CANCELLED', 'the operation was cancelled');
}

/** An error's `code`, also for errors from another realm (instanceof would fail there). */
function codeOf(err: unknown): string | undefined {
  const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
}

function messageOf(err: unknown): string {
  const m = typeof err === 'object' && err !== null ? (err as { message?: unknown }).message : undefined;
  return typeof m === 'string' ? m : String(err);
}

function describe(err: unknown): string {
  const code = codeOf(err);
  const msg = messageOf(err);
  if (code) return msg.includes(code) ? msg : `${code} (${msg})`;
  return msg;
}

/** A URL without credentials or query (upload URLs carry state tokens). */
export function redact(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}

/** Map a transport failure to one clear NETWORK error naming the host. */
export function networkError(err: unknown, url: URL): unknown {
  if (err instanceof OciError) return err;
  const code = codeOf(err);
  const host = url.host;
  let hint = 'check the registry host name and that the runner can reach it';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') hint = `the host name ${url.hostname} does not resolve; check the registry in the reference`;
  else if (code === 'ECONNREFUSED') hint = `nothing listens at ${host}; check the host and port (plain-HTTP registries must be listed in insecure)`;
  else if (code && /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY/i.test(code)) {
    hint = 'the registry TLS certificate is not trusted; add its CA with NODE_EXTRA_CA_CERTS, or list the host in insecure if it speaks plain HTTP';
  } else if (code === 'EPROTO' || /wrong version number|packet length/i.test(describe(err))) {
    hint = 'the registry does not speak HTTPS; list the host in insecure to use plain HTTP';
  }
  return new OciError('NETWORK', `cannot reach registry ${host}: ${describe(err)}`, { hint, cause: err });
}
