/**
 * Small HTTP helpers of the registry: responses with the registry's headers, error bodies,
 * bounded body reads, byte ranges, `Accept` parsing and pagination.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { RegistryError } from './errors.js';

/** Headers every response carries (distribution-spec "API Version Check"). */
export const BASE_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'Docker-Distribution-API-Version': 'registry/2.0',
});

/** Write a complete response. `body` is omitted for HEAD by the caller passing none. */
export function send(
  res: ServerResponse,
  status: number,
  headers: Record<string, string | number | string[]> = {},
  body?: string | Buffer,
): void {
  const h: Record<string, string | number | string[]> = { ...BASE_HEADERS, ...headers };
  if (body !== undefined) h['Content-Length'] = Buffer.byteLength(body);
  else if (h['Content-Length'] === undefined && status !== 204) h['Content-Length'] = 0; // RFC 9110 §8.6: none on a 204
  res.writeHead(status, h);
  res.end(body);
}

/** Write a JSON response (no body for HEAD). */
export function sendJSON(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  value: unknown,
  headers: Record<string, string | number | string[]> = {},
): void {
  const body = JSON.stringify(value);
  const h = { 'Content-Type': 'application/json', ...headers };
  if (req.method === 'HEAD') send(res, status, { ...h, 'Content-Length': Buffer.byteLength(body) });
  else send(res, status, h, body);
}

/** Most bytes of an unread request body read and dropped so that an error can be answered on a live connection. */
export const DRAIN_LIMIT = 8 * 1024 * 1024;

/** How long an error answer waits for the rest of a request body before it gives up and closes. */
const DRAIN_TIMEOUT_MS = 10_000;

/**
 * Answer with a registry error: JSON with the spec's codes, plain text for a server fault.
 *
 * The rest of the request body is read and dropped first (up to DRAIN_LIMIT): a client
 * that sends its headers, then its body, is still writing when the error is ready, and a
 * connection closed under it fails its write (EPIPE) and hides the error. Only a body
 * larger than the bound (or one that stalls or fails) ends with `Connection: close`.
 */
export async function sendError(req: IncomingMessage, res: ServerResponse, err: RegistryError): Promise<void> {
  if (res.headersSent) {
    res.destroy(err);
    return;
  }
  const headers: Record<string, string> = { ...err.headers };
  if (!(await drainBody(req, DRAIN_LIMIT))) headers['Connection'] = 'close';
  if (res.headersSent || res.destroyed) return;
  if (err.code === undefined) {
    const text = `${err.message}\n`;
    const h = { ...headers, 'Content-Type': 'text/plain; charset=utf-8' };
    if (req.method === 'HEAD') send(res, err.status, { ...h, 'Content-Length': Buffer.byteLength(text) });
    else send(res, err.status, h, text);
    return;
  }
  sendJSON(req, res, err.status, err.body(), headers);
}

/**
 * Read and drop what is left of a request body, up to `limit` bytes. True when the body
 * ended (the connection can carry the answer and the next request); false when it is
 * larger, broken, stalled, or was already abandoned by a reader.
 */
export function drainBody(req: IncomingMessage, limit: number): Promise<boolean> {
  if (req.complete && (req.readableEnded || !hasBody(req))) return Promise.resolve(true);
  if (req.destroyed || req.readableAborted) return Promise.resolve(false);
  const declared = Number(req.headers['content-length']);
  if (!req.readableDidRead && Number.isFinite(declared) && declared > limit) return Promise.resolve(false);
  return new Promise((resolve) => {
    let seen = 0;
    const finish = (ok: boolean): void => {
      clearTimeout(timer);
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onFail);
      req.off('close', onClose);
      if (!ok) req.pause();
      resolve(ok);
    };
    const onData = (chunk: Buffer): void => {
      seen += chunk.length;
      if (seen > limit) finish(false);
    };
    const onEnd = (): void => finish(true);
    const onFail = (): void => finish(false);
    const onClose = (): void => finish(req.readableEnded);
    const timer = setTimeout(onFail, DRAIN_TIMEOUT_MS);
    timer.unref();
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('error', onFail);
    req.once('close', onClose);
    req.resume();
  });
}

/** True when the request announces a body (a length above zero, or chunked). */
export function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  if (length !== undefined) return Number(length) > 0;
  return req.headers['transfer-encoding'] !== undefined;
}

/**
 * Read a whole small body, failing with SIZE_INVALID (413) above `limit` bytes. A body
 * that is too large is left paused, not destroyed, so the error can still be answered on
 * the connection (sendError drains the rest).
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = req.headers['content-length'];
  const tooLarge = (): RegistryError =>
    new RegistryError('SIZE_INVALID', `body of ${declared ?? 'more than ' + limit} bytes exceeds the limit of ${limit}`, {
      status: 413,
      detail: { limit },
    });
  if (declared !== undefined && Number(declared) > limit) return Promise.reject(tooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (err: unknown): void => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', finish);
      req.off('close', onClose);
      if (err === undefined) resolve(Buffer.concat(chunks, size));
      else reject(err);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        req.pause();
        finish(tooLarge());
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => finish(undefined);
    const onClose = (): void => {
      if (!req.readableEnded) finish(new RegistryError('BLOB_UPLOAD_INVALID', 'the client closed the connection before the body ended'));
    };
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('error', finish);
    req.once('close', onClose);
  });
}

/** An inclusive byte range resolved against a blob's size. */
export interface ResolvedRange {
  start: number;
  end: number;
}

/**
 * Parse a `Range` request header against a blob of `size` bytes (RFC 9110 §14.2).
 * Returns undefined to serve the whole blob (no header, another unit, several ranges),
 * or throws 416 for a range that cannot be satisfied (SIZE_INVALID: the spec has no
 * range code, and the range disagrees with the blob's length).
 */
export function parseRange(header: string | undefined, size: number): ResolvedRange | undefined {
  if (header === undefined) return undefined;
  const m = /^\s*bytes\s*=\s*(.*)$/i.exec(header);
  if (!m) return undefined;
  const spec = m[1]!.trim();
  if (spec.includes(',')) return undefined; // multipart ranges: serving the whole blob is allowed
  const r = /^(\d*)\s*-\s*(\d*)$/.exec(spec);
  const unsatisfiable = (): RegistryError =>
    new RegistryError('SIZE_INVALID', `range ${JSON.stringify(header)} cannot be satisfied: the blob has ${size} bytes`, {
      status: 416,
      headers: { 'Content-Range': `bytes */${size}` },
      detail: { size },
    });
  if (!r || (r[1] === '' && r[2] === '')) throw unsatisfiable();
  let start: number;
  let end: number;
  if (r[1] === '') {
    const suffix = Number(r[2]);
    if (suffix === 0 || size === 0) throw unsatisfiable();
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(r[1]);
    end = r[2] === '' ? size - 1 : Math.min(Number(r[2]), size - 1);
    if (r[2] !== '' && Number(r[2]) < start) throw unsatisfiable();
    if (start >= size) throw unsatisfiable();
  }
  return { start, end };
}

/**
 * Parse a chunk's `Content-Range` (`<start>-<end>`, inclusive; distribution-spec "Pushing a
 * blob in chunks"; `bytes ` and `bytes=` prefixes and a `/total` suffix are tolerated).
 * Throws BLOB_UPLOAD_INVALID (416) when malformed.
 */
export function parseContentRange(header: string): { start: number; end: number } {
  const m = /^\s*(?:bytes[ =])?\s*(\d+)-(\d+)(?:\/(?:\d+|\*))?\s*$/i.exec(header);
  if (!m || Number(m[2]) < Number(m[1])) {
    throw new RegistryError('BLOB_UPLOAD_INVALID', `Content-Range ${JSON.stringify(header)} is not <start>-<end>`, {
      status: 416,
      detail: { contentRange: header },
    });
  }
  return { start: Number(m[1]), end: Number(m[2]) };
}

/** The `Range` header of an upload holding `offset` bytes (distribution's `0-<last>`, `0-0` when empty). */
export function uploadRange(offset: number): string {
  return `0-${Math.max(0, offset - 1)}`;
}

/** Media types an `Accept` header lists (parameters dropped, `q=0` excluded). */
export function parseAccept(header: string | string[] | undefined): string[] {
  if (header === undefined) return [];
  const joined = Array.isArray(header) ? header.join(',') : header;
  const out: string[] = [];
  for (const part of joined.split(',')) {
    const [type, ...params] = part.split(';').map((s) => s.trim());
    if (!type) continue;
    if (params.some((p) => /^q\s*=\s*0(?:\.0*)?$/i.test(p))) continue;
    out.push(type.toLowerCase());
  }
  return out;
}

/** True when a client that sent `accept` takes `mediaType`: no list, a wildcard, or the type itself. */
export function accepts(accept: string[], mediaType: string): boolean {
  if (accept.length === 0) return true;
  const t = mediaType.toLowerCase();
  return accept.some((a) => a === t || a === '*/*' || a === 'application/*');
}

/** A page of a sorted list: `n` items after `last` (exclusive), and whether more follow. */
export function paginate(sorted: string[], n: number | undefined, last: string | undefined): { items: string[]; more: boolean } {
  let from = 0;
  if (last !== undefined) {
    from = sorted.findIndex((s) => s > last);
    if (from < 0) from = sorted.length;
  }
  if (n === undefined) return { items: sorted.slice(from), more: false };
  const items = sorted.slice(from, from + n);
  return { items, more: n > 0 && from + n < sorted.length };
}

/**
 * Parse the `n` query parameter; 400 UNSUPPORTED when not a non-negative integer (the
 * spec lists no pagination code).
 */
export function parsePageSize(value: string | null): number | undefined {
  if (value === null) return undefined;
  if (!/^\d{1,9}$/.test(value)) {
    throw new RegistryError('UNSUPPORTED', `n=${JSON.stringify(value)} is not a page size: use n=<count>, a non-negative integer`, {
      status: 400,
      detail: { n: value },
    });
  }
  return Number(value);
}

/** An RFC 8288 `Link` header to the next page. */
export function nextLink(path: string, n: number, last: string): string {
  return `<${path}?n=${n}&last=${encodeURIComponent(last)}>; rel="next"`;
}

/** Strip parameters from a Content-Type value. */
export function mediaTypeOf(header: string | undefined): string | undefined {
  const t = header?.split(';')[0]?.trim().toLowerCase();
  return t === '' ? undefined : t;
}
