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

/**
 * Answer with a registry error. A request whose body was not read is answered with
 * `Connection: close` so Node does not have to drain a large upload first.
 */
export function sendError(req: IncomingMessage, res: ServerResponse, err: RegistryError): void {
  if (res.headersSent) {
    res.destroy(err);
    return;
  }
  const headers: Record<string, string> = { ...err.headers };
  if (!req.complete && hasBody(req)) headers['Connection'] = 'close';
  sendJSON(req, res, err.status, err.body(), headers);
}

/** True when the request announces a body (a length above zero, or chunked). */
export function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  if (length !== undefined) return Number(length) > 0;
  return req.headers['transfer-encoding'] !== undefined;
}

/** Read a whole small body, failing with SIZE_INVALID (413) above `limit` bytes. */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > limit) {
    throw new RegistryError('SIZE_INVALID', `body of ${declared} bytes exceeds the limit of ${limit}`, {
      status: 413,
      detail: { limit },
    });
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      throw new RegistryError('SIZE_INVALID', `body exceeds the limit of ${limit} bytes`, { status: 413, detail: { limit } });
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}

/** An inclusive byte range resolved against a blob's size. */
export interface ResolvedRange {
  start: number;
  end: number;
}

/**
 * Parse a `Range` request header against a blob of `size` bytes (RFC 9110 §14.2).
 * Returns undefined to serve the whole blob (no header, another unit, several ranges),
 * or throws RANGE_INVALID (416) for a range that cannot be satisfied.
 */
export function parseRange(header: string | undefined, size: number): ResolvedRange | undefined {
  if (header === undefined) return undefined;
  const m = /^\s*bytes\s*=\s*(.*)$/i.exec(header);
  if (!m) return undefined;
  const spec = m[1]!.trim();
  if (spec.includes(',')) return undefined; // multipart ranges: serving the whole blob is allowed
  const r = /^(\d*)\s*-\s*(\d*)$/.exec(spec);
  const unsatisfiable = (): RegistryError =>
    new RegistryError('RANGE_INVALID', `range ${JSON.stringify(header)} cannot be satisfied for ${size} bytes`, {
      headers: { 'Content-Range': `bytes */${size}` },
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
 * Throws RANGE_INVALID (416) when malformed.
 */
export function parseContentRange(header: string): { start: number; end: number } {
  const m = /^\s*(?:bytes[ =])?\s*(\d+)-(\d+)(?:\/(?:\d+|\*))?\s*$/i.exec(header);
  if (!m || Number(m[2]) < Number(m[1])) {
    throw new RegistryError('RANGE_INVALID', `Content-Range ${JSON.stringify(header)} is not <start>-<end>`);
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

/** Parse the `n` query parameter; PAGINATION_NUMBER_INVALID when not a non-negative integer. */
export function parsePageSize(value: string | null): number | undefined {
  if (value === null) return undefined;
  if (!/^\d{1,9}$/.test(value)) {
    throw new RegistryError('PAGINATION_NUMBER_INVALID', `n=${JSON.stringify(value)} is not a non-negative integer`, {
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
