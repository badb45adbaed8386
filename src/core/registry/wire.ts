/**
 * A lean HTTP/1.1 exchange for blob bytes (downloads and uploads), beside node:http.
 *
 * Why: node:http allocates a fresh buffer for every socket read, copies every body
 * fragment again in its parser (on_body), and hands each through stream machinery; for a
 * 120 MB layer that is most of a pull's CPU, the page faults of the fresh memory and the
 * garbage collections included (measured: ~1.1 s of CPU for node:http alone against
 * ~0.4 s here). This transport reads the socket into a small set of reused buffers
 * (`onread`) and lends body bytes to the consumer, which hands them back when it has
 * written them; nothing is allocated per read.
 *
 * What it speaks (RFC 9112): one request at a time per connection, keep-alive, bodies by
 * Content-Length, chunked transfer coding or connection close; HEAD and 1xx/204/304 answers
 * without a body; interim 1xx answers skipped. Redirects, retries and authentication stay
 * with HttpClient, which uses this only for requests marked `bulk`.
 */
import net from 'node:net';
import type tls from 'node:tls';
import { Readable } from 'node:stream';
import type { IncomingHttpHeaders } from 'node:http';

/** A consumer of body bytes: the chunks are lent until its promise settles. */
export type BodySink = (chunks: Buffer[]) => void | Promise<void>;

/** An upload body sent from lent chunks (each may be reused once the next is asked for). */
export interface WireBody {
  size: number;
  chunks(): AsyncIterable<Uint8Array>;
}

/** Size of one read buffer: large enough that a loopback read fills many per call. */
const READ_BUFFER = 256 * 1024;
/** Reads waiting for a consumer before the socket is paused. */
const MAX_LENT = 16;
/** Largest response head accepted. */
const MAX_HEAD = 64 * 1024;

/** Read buffers shared by every connection; the pool keeps a few for the next reads. */
class BufferPool {
  readonly #free: Buffer[] = [];
  take(): Buffer {
    return this.#free.pop() ?? Buffer.allocUnsafeSlow(READ_BUFFER);
  }
  give(b: Buffer): void {
    if (this.#free.length < 32) this.#free.push(b);
  }
}

function wireError(message: string, code: string): NodeJS.ErrnoException {
  const e = new Error(message) as NodeJS.ErrnoException;
  e.code = code;
  return e;
}

type Framing = { kind: 'none' } | { kind: 'length'; left: number } | { kind: 'chunked' } | { kind: 'close' };

/** One answer being read: its head, then its body into the queue of lent slices. */
interface Exchange {
  method: string;
  resolveHead(res: WireResponse): void;
  fail(err: Error): void;
  response?: WireResponse;
}

/**
 * One connection: parses answers from its reads. Body slices are queued with the buffer
 * they live in; a buffer goes back to the pool when no queued slice refers to it.
 */
class Connection {
  readonly socket: net.Socket;
  readonly key: string;
  reused = false;
  /** An upload body is still being written: the connection cannot carry another exchange. */
  sending = false;
  #head: Buffer[] = [];
  #framing: Framing = { kind: 'none' };
  /** Chunked coding: bytes of the current chunk still to come, or a state between chunks. */
  #chunkLeft = 0;
  #chunkState: 'size' | 'data' | 'crlf' | 'trailer' = 'size';
  #line: Buffer[] = [];
  #exchange: Exchange | undefined;
  #refs = new Map<Buffer, number>();
  readonly #pool: BufferPool;
  #closed = false;
  #error: Error | undefined;
  onIdle: ((c: Connection) => void) | undefined;

  constructor(url: URL, pool: BufferPool, key: string) {
    this.#pool = pool;
    this.key = key;
    const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
    const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
    const onread: net.OnReadOpts = { buffer: () => pool.take(), callback: (n, buf) => this.#onRead(n, buf as Buffer) };
    // tls.connect takes `onread` too (net.Socket's option; not in its typings).
    const secure: tls.ConnectionOptions & { onread: net.OnReadOpts } = { host, port, ALPNProtocols: ['http/1.1'], onread };
    if (!net.isIP(host)) secure.servername = host;
    // node:tls loaded on first use: a plain-HTTP registry (loopback, `insecure`) never pays for it.
    this.socket = url.protocol === 'https:' ? process.getBuiltinModule('node:tls').connect(secure) : net.connect({ host, port, onread });
    this.socket.setNoDelay(true);
    this.socket.on('error', (e) => this.#fail(e));
    this.socket.on('close', () => {
      this.#closed = true;
      if (this.#framing.kind === 'close' && this.#exchange?.response) {
        this.#framing = { kind: 'none' };
        this.#exchange.response.end();
        this.#exchange = undefined;
        return;
      }
      this.#fail(this.#error ?? wireError(`connection closed by ${key} before the answer was complete`, 'ECONNRESET'));
    });
  }

  get closed(): boolean {
    return this.#closed || this.socket.destroyed;
  }

  begin(exchange: Exchange): void {
    this.#exchange = exchange;
    this.#head = [];
  }

  #fail(err: Error): void {
    this.#error ??= err;
    const ex = this.#exchange;
    this.#exchange = undefined;
    if (!ex) return;
    if (ex.response) ex.response.error(err);
    else ex.fail(err);
  }

  destroy(err?: Error): void {
    if (err) this.#error ??= err;
    this.socket.destroy();
  }

  /** A lent slice is done with: its buffer returns to the pool when nothing else refers to it. */
  release(buf: Buffer): void {
    const n = (this.#refs.get(buf) ?? 1) - 1;
    if (n > 0) this.#refs.set(buf, n);
    else {
      this.#refs.delete(buf);
      this.#pool.give(buf);
    }
  }

  #lend(buf: Buffer, slice: Buffer): void {
    this.#refs.set(buf, (this.#refs.get(buf) ?? 0) + 1);
    this.#exchange!.response!.push(slice, buf);
  }

  #onRead(n: number, buf: Buffer): boolean {
    const before = this.#refs.get(buf) ?? 0;
    try {
      this.#parse(buf, 0, n);
    } catch (e) {
      this.destroy(e as Error);
      this.#fail(e as Error);
    }
    if ((this.#refs.get(buf) ?? 0) === before) this.#pool.give(buf);
    const res = this.#exchange?.response;
    if (res && res.lent >= MAX_LENT) {
      res.paused = true;
      return false;
    }
    return true;
  }

  #parse(buf: Buffer, from: number, to: number): void {
    let at = from;
    while (at < to) {
      const ex = this.#exchange;
      if (!ex) throw wireError(`${this.key} sent bytes nobody asked for`, 'ECONNRESET');
      if (!ex.response) {
        at = this.#parseHead(buf, at, to, ex);
        continue;
      }
      at = this.#parseBody(buf, at, to);
    }
  }

  #parseHead(buf: Buffer, at: number, to: number, ex: Exchange): number {
    // The end of the head may straddle reads: search the pending bytes with the new ones.
    const carry = this.#head.length > 0 ? Buffer.concat(this.#head) : undefined;
    const view = carry ? Buffer.concat([carry, buf.subarray(at, to)]) : buf.subarray(at, to);
    const end = view.indexOf('\r\n\r\n');
    if (end < 0) {
      if (view.length > MAX_HEAD) throw wireError(`${this.key} sent a response head larger than ${MAX_HEAD} bytes`, 'EPROTO');
      this.#head = [Buffer.from(view)];
      return to;
    }
    this.#head = [];
    const used = end + 4 - (carry?.length ?? 0);
    const text = view.toString('latin1', 0, end);
    const lines = text.split('\r\n');
    const m = /^HTTP\/1\.[01] (\d{3})/.exec(lines[0] ?? '');
    if (!m) throw wireError(`${this.key} did not answer in HTTP/1.1`, 'EPROTO');
    const status = Number(m[1]);
    const headers: IncomingHttpHeaders = {};
    for (const line of lines.slice(1)) {
      const i = line.indexOf(':');
      if (i <= 0) continue;
      const k = line.slice(0, i).trim().toLowerCase();
      const v = line.slice(i + 1).trim();
      const prev = headers[k];
      if (k === 'set-cookie') headers[k] = [...((prev as string[] | undefined) ?? []), v];
      else headers[k] = prev === undefined ? v : `${prev as string}, ${v}`;
    }
    if (status >= 100 && status < 200) return at + used; // interim answer (100 Continue): the real one follows
    const te = String(headers['transfer-encoding'] ?? '').toLowerCase();
    const cl = headers['content-length'];
    const keep = !/\bclose\b/i.test(String(headers.connection ?? '')) && lines[0]!.startsWith('HTTP/1.1');
    if (ex.method === 'HEAD' || status === 204 || status === 304) this.#framing = { kind: 'none' };
    else if (te.includes('chunked')) {
      this.#framing = { kind: 'chunked' };
      this.#chunkState = 'size';
      this.#line = [];
    } else if (cl !== undefined) {
      const n = Number(cl);
      if (!Number.isSafeInteger(n) || n < 0) throw wireError(`${this.key} sent Content-Length ${String(cl)}`, 'EPROTO');
      this.#framing = n === 0 ? { kind: 'none' } : { kind: 'length', left: n };
    } else this.#framing = { kind: 'close' };
    const res = new WireResponse(status, headers, this, keep && this.#framing.kind !== 'close');
    ex.response = res;
    ex.resolveHead(res);
    if (this.#framing.kind === 'none') this.#finish();
    return at + used;
  }

  #parseBody(buf: Buffer, at: number, to: number): number {
    const f = this.#framing;
    if (f.kind === 'length') {
      const n = Math.min(f.left, to - at);
      this.#lend(buf, buf.subarray(at, at + n));
      f.left -= n;
      if (f.left === 0) this.#finish();
      return at + n;
    }
    if (f.kind === 'close') {
      this.#lend(buf, buf.subarray(at, to));
      return to;
    }
    if (f.kind === 'chunked') return this.#parseChunked(buf, at, to);
    throw wireError(`${this.key} sent more than its answer`, 'ECONNRESET');
  }

  /** Chunked transfer coding (RFC 9112 §7.1): size line, data, CRLF, …, 0, trailers, CRLF. */
  #parseChunked(buf: Buffer, at: number, to: number): number {
    if (this.#chunkState === 'data') {
      const n = Math.min(this.#chunkLeft, to - at);
      this.#lend(buf, buf.subarray(at, at + n));
      this.#chunkLeft -= n;
      if (this.#chunkLeft === 0) this.#chunkState = 'crlf';
      return at + n;
    }
    const nl = buf.indexOf(10, at);
    if (nl < 0 || nl >= to) {
      this.#line.push(Buffer.from(buf.subarray(at, to)));
      if (this.#line.reduce((a, b) => a + b.length, 0) > 4096) throw wireError(`${this.key} sent a malformed chunk`, 'EPROTO');
      return to;
    }
    const line = Buffer.concat([...this.#line, buf.subarray(at, nl)]).toString('latin1').replace(/\r$/, '');
    this.#line = [];
    if (this.#chunkState === 'crlf') {
      if (line !== '') throw wireError(`${this.key} sent a malformed chunk`, 'EPROTO');
      this.#chunkState = 'size';
    } else if (this.#chunkState === 'size') {
      const size = parseInt(line.split(';')[0]!.trim(), 16);
      if (!Number.isSafeInteger(size) || size < 0 || !/^[0-9a-fA-F]+/.test(line)) throw wireError(`${this.key} sent a malformed chunk size`, 'EPROTO');
      if (size === 0) this.#chunkState = 'trailer';
      else {
        this.#chunkLeft = size;
        this.#chunkState = 'data';
      }
    } else if (line === '') {
      this.#finish();
    }
    return nl + 1;
  }

  #finish(): void {
    const res = this.#exchange?.response;
    this.#exchange = undefined;
    this.#framing = { kind: 'none' };
    res?.end();
  }

  /**
   * Back to the idle pool once the answer has been read and every lent slice returned
   * (closed when the server said so). False while slices are still out.
   */
  settle(res: WireResponse): boolean {
    if (this.#exchange !== undefined || this.#refs.size > 0) return false;
    if (res.reusable && !this.closed && !this.sending) this.onIdle?.(this);
    else this.socket.destroy();
    return true;
  }
}

/** A response from the wire: lent body slices, read with `pump` (or as a copying `body`). */
export class WireResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly reusable: boolean;
  /** Slices read and not yet handed back. */
  lent = 0;
  paused = false;
  readonly #conn: Connection;
  readonly #queue: Array<{ slice: Buffer; buf: Buffer }> = [];
  #ended = false;
  #error: Error | undefined;
  #wake: (() => void) | undefined;
  #body: Readable | undefined;
  #consumed = false;
  #settled = false;

  constructor(status: number, headers: IncomingHttpHeaders, conn: Connection, reusable: boolean) {
    this.status = status;
    this.headers = headers;
    this.#conn = conn;
    this.reusable = reusable;
  }

  /** Called for every read and every slice handed back (the stall watchdog listens). */
  onActivity: (() => void) | undefined;

  get ended(): boolean {
    return this.#ended;
  }

  /** Slices waiting in memory for the consumer (a slow consumer is not a stalled server). */
  get waiting(): number {
    return this.#queue.length;
  }

  push(slice: Buffer, buf: Buffer): void {
    this.#queue.push({ slice, buf });
    this.lent++;
    this.onActivity?.();
    this.#wake?.();
  }

  end(): void {
    this.#ended = true;
    this.#wake?.();
    if (this.#queue.length === 0) this.#settle();
  }

  #settle(): void {
    if (!this.#settled) this.#settled = this.#conn.settle(this);
  }

  error(err: Error): void {
    this.#error ??= err;
    this.#wake?.();
  }

  destroy(err?: Error): void {
    this.#error ??= err ?? wireError('response abandoned', 'ECONNABORTED');
    this.#settled = true;
    this.#conn.destroy(err);
    for (const q of this.#queue.splice(0)) this.#conn.release(q.buf);
    this.#wake?.();
  }

  /**
   * Hand the body to `sink`, batch by batch (all slices read while the previous batch was
   * written); each batch is lent until the sink settles. Resolves at the end of the body.
   */
  async pump(sink: BodySink): Promise<void> {
    if (this.#consumed) throw new Error('response body already consumed');
    this.#consumed = true;
    try {
      for (;;) {
        if (this.#error) throw this.#error;
        if (this.#queue.length === 0) {
          if (this.#ended) break;
          await new Promise<void>((r) => (this.#wake = r));
          this.#wake = undefined;
          continue;
        }
        const batch = this.#queue.splice(0);
        try {
          await sink(batch.map((q) => q.slice));
        } finally {
          for (const q of batch) this.#conn.release(q.buf);
          this.lent -= batch.length;
          this.onActivity?.();
          if (this.paused && this.lent < MAX_LENT) {
            this.paused = false;
            this.#conn.socket.resume();
          }
        }
      }
    } catch (e) {
      this.destroy(e as Error);
      throw e;
    }
    this.#settle();
  }

  /** The body as a stream of copies (error bodies, small answers). */
  get body(): Readable {
    if (!this.#body) {
      const self = this;
      this.#body = Readable.from(
        (async function* () {
          const out: Buffer[] = [];
          let wake: (() => void) | undefined;
          let done = false;
          let failure: unknown;
          self
            .pump((chunks) => {
              for (const c of chunks) out.push(Buffer.from(c));
              wake?.();
            })
            .then(
              () => (done = true),
              (e: unknown) => {
                failure = e;
                done = true;
              },
            )
            .finally(() => wake?.());
          for (;;) {
            if (out.length > 0) {
              yield out.shift()!;
              continue;
            }
            if (done) break;
            await new Promise<void>((r) => (wake = r));
            wake = undefined;
          }
          if (failure !== undefined) throw failure;
        })(),
        { objectMode: false },
      );
    }
    return this.#body;
  }
}

/** Options of a request on the wire. */
export interface WireRequest {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body?: Uint8Array | WireBody;
  /** Called with bytes of the body handed to the socket so far. */
  onSent?(n: number): void;
}

/** Keep-alive connections per origin and the shared read buffers. */
export class Wire {
  readonly #pool = new BufferPool();
  readonly #idle = new Map<string, Connection[]>();
  readonly #maxIdle: number;

  constructor(maxIdle = 8) {
    this.#maxIdle = maxIdle;
  }

  #connection(url: URL): Connection {
    const key = `${url.protocol}//${url.host}`;
    const idle = this.#idle.get(key);
    while (idle && idle.length > 0) {
      const c = idle.pop()!;
      if (!c.closed) {
        c.reused = true;
        return c;
      }
    }
    const c = new Connection(url, this.#pool, key);
    c.onIdle = (conn) => {
      const list = this.#idle.get(conn.key) ?? [];
      if (list.length >= this.#maxIdle) {
        conn.socket.destroy();
        return;
      }
      list.push(conn);
      this.#idle.set(conn.key, list);
      conn.socket.unref();
    };
    // A server closing an idle connection takes it out of the pool.
    c.socket.once('close', () => {
      const l = this.#idle.get(c.key);
      const i = l?.indexOf(c) ?? -1;
      if (l && i >= 0) l.splice(i, 1);
    });
    return c;
  }

  /**
   * Send a request; resolves with the answer's head (the body follows). A reused
   * connection the server closed meanwhile is replaced once, before anything was answered.
   * `signal` of `abort` ends the exchange with that error.
   */
  async request(req: WireRequest, hooks: { abort?: (fail: (err: Error) => void) => void; touch?: () => void } = {}): Promise<WireResponse> {
    for (let fresh = 0; ; fresh++) {
      const conn = this.#connection(req.url);
      try {
        return await this.#exchange(conn, req, hooks);
      } catch (e) {
        if (conn.reused && fresh === 0 && !(e as { answered?: boolean }).answered && (e as NodeJS.ErrnoException).code === 'ECONNRESET' && !(req.body && !(req.body instanceof Uint8Array))) continue;
        throw e;
      }
    }
  }

  #exchange(conn: Connection, req: WireRequest, hooks: { abort?: (fail: (err: Error) => void) => void; touch?: () => void }): Promise<WireResponse> {
    return new Promise<WireResponse>((resolve, reject) => {
      let settled = false;
      const fail = (err: Error): void => {
        conn.destroy(err);
        if (!settled) {
          settled = true;
          reject(err);
        }
      };
      conn.begin({
        method: req.method,
        resolveHead: (res) => {
          settled = true;
          resolve(res);
        },
        fail,
      });
      hooks.abort?.(fail);
      conn.socket.ref();
      const size = req.body === undefined ? undefined : req.body instanceof Uint8Array ? req.body.length : req.body.size;
      let head = `${req.method} ${req.url.pathname}${req.url.search} HTTP/1.1\r\nhost: ${req.url.host}\r\n`;
      for (const [k, v] of Object.entries(req.headers)) {
        if (k === 'host' || k === 'content-length' || /[\r\n]/.test(v)) continue;
        head += `${k}: ${v}\r\n`;
      }
      if (size !== undefined) head += `content-length: ${size}\r\n`;
      head += '\r\n';
      const body = req.body;
      if (body === undefined || body instanceof Uint8Array) {
        conn.socket.write(body && body.length > 0 ? Buffer.concat([Buffer.from(head, 'latin1'), body]) : head);
        return;
      }
      conn.socket.write(head);
      void this.#send(conn, body, req, hooks.touch, () => settled).catch((e: Error) => fail(e));
    });
  }

  /** Write an upload's lent chunks, each after the socket took the previous one. */
  async #send(conn: Connection, body: WireBody, req: WireRequest, touch: (() => void) | undefined, answered: () => boolean): Promise<void> {
    let sent = 0;
    conn.sending = true;
    for await (const chunk of body.chunks()) {
      // The server answered early (an error, or a redirect): the rest is not wanted.
      if (answered() || conn.closed) return;
      await new Promise<void>((resolve, reject) => {
        conn.socket.write(chunk, (err) => (err ? reject(err) : resolve()));
      });
      sent += chunk.length;
      touch?.();
      req.onSent?.(sent);
    }
    if (sent !== body.size) throw wireError(`the upload body had ${sent} bytes, announced ${body.size}`, 'EBADBODY');
    conn.sending = false;
  }

  /** Close idle connections. */
  close(): void {
    for (const list of this.#idle.values()) for (const c of list.splice(0)) c.socket.destroy();
  }
}
