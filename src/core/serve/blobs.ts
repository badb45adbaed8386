/**
 * Blob endpoints: HEAD/GET (with `Range`) and DELETE of `/v2/<name>/blobs/<digest>`, and
 * the upload endpoints under `/v2/<name>/blobs/uploads/`.
 *
 * Every byte a client uploads goes through a BlobWriter of the store (an ingest under
 * `ingest/`) and reaches `blobs/` only by a commit that verifies the digest.
 *
 * Reference: distribution-spec "Pulling blobs", "Pushing blobs", "Deleting Blobs".
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { parseDigest } from '../digest.js';
import { isOciError } from '../errors.js';
import type { BlobWriter } from '../content.js';
import type { FlushBehind } from '../storage.js';
import { RegistryError } from './errors.js';
import type { ServeContext } from './context.js';
import { reachableDigests } from './graph.js';
import { hasBody, parseContentRange, parseRange, send, uploadRange } from './http.js';

/** Throw DIGEST_INVALID unless `digest` is a digest we can verify. */
export function checkDigest(digest: string | null | undefined, what = 'digest'): string {
  if (digest === null || digest === undefined || digest === '') {
    throw new RegistryError('DIGEST_INVALID', `${what} is missing`);
  }
  try {
    parseDigest(digest);
  } catch (e) {
    throw new RegistryError('DIGEST_INVALID', (e as Error).message, { detail: { digest } });
  }
  return digest;
}

const OCTET = 'application/octet-stream';

/** `/v2/<name>/blobs/<digest>` as a path. */
export function blobPath(name: string, digest: string): string {
  return `/v2/${name}/blobs/${digest}`;
}

/** `/v2/<name>/blobs/uploads/<id>` as a path. */
export function uploadPath(name: string, id: string): string {
  return `/v2/${name}/blobs/uploads/${id}`;
}

/** HEAD: present locally or in the runner cache (no restore when the ledger knows the size). */
export async function headBlob(ctx: ServeContext, res: ServerResponse, digest: string): Promise<void> {
  checkDigest(digest);
  const size = await ctx.size(digest);
  if (size === undefined) throw new RegistryError('BLOB_UNKNOWN', `blob ${digest} is unknown`, { detail: { digest } });
  send(res, 200, {
    'Content-Length': size,
    'Content-Type': OCTET,
    'Docker-Content-Digest': digest,
    'Accept-Ranges': 'bytes',
    ETag: `"${digest}"`,
  });
}

/**
 * GET: the whole blob through Store.fetch (restored from the runner cache on first use,
 * verified as it streams), or one byte range (206) of the local copy.
 */
export async function getBlob(ctx: ServeContext, req: IncomingMessage, res: ServerResponse, digest: string): Promise<void> {
  checkDigest(digest);
  const info = await ctx.require(digest);
  const range = parseRange(req.headers.range, info.size);
  const common = { 'Content-Type': OCTET, 'Docker-Content-Digest': digest, 'Accept-Ranges': 'bytes', ETag: `"${digest}"` };
  if (range) {
    const stream = await ctx.store.blobs.open(digest, { start: range.start, end: range.end });
    res.writeHead(206, {
      ...common,
      'Docker-Distribution-API-Version': 'registry/2.0',
      'Content-Length': range.end - range.start + 1,
      'Content-Range': `bytes ${range.start}-${range.end}/${info.size}`,
    });
    await streamBlob(ctx, stream, res, digest);
    return;
  }
  const stream = await ctx.store.fetch({ mediaType: OCTET, digest, size: info.size });
  res.writeHead(200, { ...common, 'Docker-Distribution-API-Version': 'registry/2.0', 'Content-Length': info.size });
  await streamBlob(ctx, stream, res, digest);
}

/** Send a blob's stream after its headers; a failure cuts the connection (the length was promised). */
export async function streamBlob(ctx: ServeContext, stream: NodeJS.ReadableStream, res: ServerResponse, digest: string): Promise<void> {
  try {
    await pipeline(stream, res);
  } catch (e) {
    // A client that hangs up is normal; a store blob failing verification is not.
    if (isOciError(e, 'DIGEST_MISMATCH', 'SIZE_MISMATCH')) ctx.logger.warning(`blob ${digest} failed verification while served: ${(e as Error).message}`);
    else ctx.logger.debug(`sending ${digest}: ${(e as Error).message}`);
    res.destroy();
  }
}

/**
 * DELETE: remove a blob no manifest in the store references (202). A referenced blob is
 * refused (405 UNSUPPORTED) — deleting it would break the store; a blob held only by the
 * runner cache cannot be deleted either.
 */
export async function deleteBlob(ctx: ServeContext, res: ServerResponse, digest: string): Promise<void> {
  checkDigest(digest);
  const local = await ctx.local(digest);
  if (!local) {
    if (ctx.store.fallback?.has(digest)) {
      throw new RegistryError('UNSUPPORTED', `blob ${digest} is held by the runner cache and cannot be deleted`, { detail: { digest } });
    }
    throw new RegistryError('BLOB_UNKNOWN', `blob ${digest} is unknown`, { detail: { digest } });
  }
  const reachable = await reachableDigests(ctx);
  if (reachable.has(digest)) {
    throw new RegistryError('UNSUPPORTED', `blob ${digest} is referenced by a manifest in the store; delete the manifest first`, {
      detail: { digest },
    });
  }
  try {
    await ctx.store.blobs.delete(digest);
  } catch (e) {
    if (!isOciError(e, 'NOT_FOUND')) throw e;
  }
  send(res, 202, { 'Docker-Content-Digest': digest });
}

/** Bytes gathered from the socket's reads before one write to the ingest. */
const WRITE_BATCH = 1024 * 1024;
/**
 * Batches handed to the writer (which writes and hashes them in order) before reading the
 * body waits for the oldest. With one, every batch stopped the reads until the previous
 * write was back from the thread pool, and the client's sends stalled behind a full socket
 * buffer. skopeo pushing umoci's 120 MB layer (a 2-core machine shared with other load,
 * 39 alternated pairs in four runs): the push's median fell in three runs (804 → 715,
 * 576 → 553, 626 → 536 ms) and rose in one (622 → 716); registry CPU unchanged (~250 ms).
 * At most WRITES_AHEAD MiB more held per upload.
 */
export const WRITES_AHEAD = 4;

/** ArrayBuffer.prototype.transfer (ES2024; Node 21 and later). */
const CAN_TRANSFER = typeof (ArrayBuffer.prototype as { transfer?: unknown }).transfer === 'function';

/**
 * Free the memory of body chunks that are written and no longer needed, now rather than at
 * V8's next collection. node:http copies every body read into a fresh 64 KiB buffer; freed
 * only by the GC, tens of MB of them pile up, the allocator grows and trims its heap, and
 * every new buffer lands on pages the kernel must fault in and zero again. Freed at once,
 * the next reads reuse the same few warm pages. Measured on a skopeo push of a 120 MB
 * layer: CPU of the serve process 1.0-1.3 s → 0.66-0.69 s, half of it system time.
 *
 * Only a chunk that owns its whole ArrayBuffer is detached (transfer(0) leaves it empty
 * and frees its store); a view into a shared or pooled buffer is left alone.
 */
function release(chunks: readonly Buffer[]): void {
  if (!CAN_TRANSFER) return;
  for (const c of chunks) {
    const ab = c.buffer;
    if (!(ab instanceof ArrayBuffer) || c.byteOffset !== 0 || ab.byteLength !== c.length) continue;
    try {
      (ab as ArrayBuffer & { transfer(length: number): ArrayBuffer }).transfer(0);
    } catch {
      // A buffer V8 may not detach (held by native code): the GC frees it as before.
    }
  }
}

/**
 * Bytes an upload receives between two flushes behind it (FlushBehind, storage.ts), so
 * that the fsync of the commit, which the client waits for on PUT, finds little left to
 * write. Measured (ext4, 2 cores under load 12-16): a skopeo push of a 123 MB layer spent
 * 30-140 ms in that fsync (strace -T), 7-26 ms after flushes behind (3 for that layer);
 * 123 MiB in 1 MiB writes at network pace, final fsync median 57 → 16 ms over 10
 * alternated pairs, the writes themselves no slower (median 886 vs 900 ms for the body).
 */
export const FLUSH_BEHIND = 32 * 1024 * 1024;

/** The flushes behind an upload of the store's writer `w` (its ingest's data file). */
function flushBehind(ctx: ServeContext, w: BlobWriter): FlushBehind {
  return ctx.store.blobs.flushBehind(w.ref, FLUSH_BEHIND);
}

/**
 * Write the request body to the upload: the body's socket reads gathered into ~1 MiB
 * positioned writes (pwritev of the reads themselves, no concatenation), up to
 * WRITES_AHEAD of them on their way to disk, in order, while the next batch arrives. The
 * blob is made durable by the writer's commit, which fsyncs the file once before the blob
 * is linked (the store's durability rule, storage.ts); `flush` only starts that work early
 * for a large body (FlushBehind).
 * When the body fails half way (the client hung up), what arrived is still written, so the
 * upload keeps every byte it received. Each batch's memory is given back as soon as it is
 * written and hashed (see release).
 */
export async function writeBody(req: AsyncIterable<Buffer>, w: BlobWriter, flush?: FlushBehind): Promise<void> {
  const many = (w as { writev?: (chunks: Uint8Array[]) => Promise<void> }).writev?.bind(w);
  const write = async (batch: Buffer[], size: number): Promise<void> => {
    if (many) {
      await many(batch);
      release(batch); // writev's contract: the chunks are the caller's again once it settles
    } else await w.write(batch.length === 1 ? batch[0]! : Buffer.concat(batch, size));
    flush?.written(size);
  };
  let parts: Buffer[] = [];
  let size = 0;
  // Each batch is written only after every earlier one was: after a failed write nothing
  // more is appended, so the upload never holds bytes out of the order they were sent.
  let last: Promise<void> = Promise.resolve();
  const inflight: Promise<void>[] = [];
  const submit = (batch: Buffer[], n: number): Promise<void> => {
    last = last.then(() => write(batch, n));
    // A failed write is reported by a later await; keep it from being unhandled meanwhile.
    last.catch(() => undefined);
    return last;
  };
  try {
    for await (const chunk of req as AsyncIterable<Buffer>) {
      parts.push(chunk);
      size += chunk.length;
      if (size >= WRITE_BATCH) {
        const batch = parts;
        const n = size;
        parts = [];
        size = 0;
        if (inflight.length >= WRITES_AHEAD) await inflight.shift();
        inflight.push(submit(batch, n));
      }
    }
  } catch (e) {
    // What arrived is still written (after the batches before it), then the body's failure is reported.
    if (size > 0) submit(parts, size);
    await last.catch(() => undefined);
    throw e;
  }
  if (size > 0) submit(parts, size);
  await last;
}

/**
 * Append the request body to an upload, honouring a chunk's `Content-Range` (416 when it
 * does not start where the upload ends).
 */
async function appendBody(ctx: ServeContext, req: IncomingMessage, w: BlobWriter, id: string, name: string): Promise<void> {
  const cr = req.headers['content-range'];
  let expectedEnd: number | undefined;
  if (cr !== undefined) {
    const { start, end } = parseContentRange(cr);
    expectedEnd = end + 1;
    const length = req.headers['content-length'];
    if (start !== w.offset) {
      // 416 (spec "Pushing a blob in chunks"); the spec's code for a bad upload request.
      throw new RegistryError('BLOB_UPLOAD_INVALID', `chunk starts at ${start}, but the upload holds ${w.offset} bytes`, {
        status: 416,
        headers: { Location: uploadPath(name, id), Range: uploadRange(w.offset), 'Docker-Upload-UUID': id },
        detail: { offset: w.offset },
      });
    }
    if (length !== undefined && Number(length) !== end - start + 1) {
      throw new RegistryError('SIZE_INVALID', `Content-Length ${length} does not match Content-Range ${cr}`);
    }
  }
  if (!hasBody(req) && req.headers['content-length'] !== undefined) return;
  const flush = flushBehind(ctx, w);
  try {
    await writeBody(req, w, flush);
  } finally {
    await flush.close();
  }
  if (expectedEnd !== undefined && w.offset !== expectedEnd) {
    // A chunked body shorter or longer than its Content-Range: what arrived is kept, and
    // the client learns where the upload really stands.
    throw new RegistryError('BLOB_UPLOAD_INVALID', `the chunk ended at ${w.offset}, but Content-Range ${cr} said ${expectedEnd}`, {
      headers: { Location: uploadPath(name, id), Range: uploadRange(w.offset), 'Docker-Upload-UUID': id },
      detail: { offset: w.offset },
    });
  }
}

/**
 * POST `/v2/<name>/blobs/uploads/`:
 * - `?mount=<digest>[&from=<name>]`: 201 when the store has the blob (every repository
 *   shares the store's blobs), else a new session (202);
 * - `?digest=<digest>`: the body is the whole blob (monolithic, 201);
 * - otherwise a new session (202, `Location`, `Docker-Upload-UUID`, `Range: 0-0`).
 */
export async function startUpload(ctx: ServeContext, req: IncomingMessage, res: ServerResponse, name: string, query: URLSearchParams): Promise<void> {
  const mount = query.get('mount');
  if (mount !== null) {
    checkDigest(mount, 'mount');
    if (await ctx.size(mount) !== undefined) {
      send(res, 201, { Location: blobPath(name, mount), 'Docker-Content-Digest': mount });
      return;
    }
  }
  const digest = mount === null ? query.get('digest') : null;
  if (digest !== null) {
    checkDigest(digest);
    const id = await ctx.uploads.create();
    await ctx.uploads.use(id, async (w) => {
      const flush = flushBehind(ctx, w);
      try {
        try {
          await writeBody(req, w, flush);
        } finally {
          await flush.close();
        }
        await w.commit(w.offset, digest);
      } catch (e) {
        await w.cancel().catch(() => undefined);
        throw e;
      }
      return { value: undefined, done: true };
    });
    send(res, 201, { Location: blobPath(name, digest), 'Docker-Content-Digest': digest });
    return;
  }
  if (hasBody(req)) req.resume(); // a body without ?digest= carries nothing we keep
  const id = await ctx.uploads.create();
  send(res, 202, { Location: uploadPath(name, id), 'Docker-Upload-UUID': id, Range: '0-0' });
}

/** PATCH: append a chunk (202 with the new `Range`). */
export async function patchUpload(ctx: ServeContext, req: IncomingMessage, res: ServerResponse, name: string, id: string): Promise<void> {
  const offset = await ctx.uploads.use(id, async (w) => {
    await appendBody(ctx, req, w, id, name);
    return { value: w.offset };
  });
  send(res, 202, { Location: uploadPath(name, id), Range: uploadRange(offset), 'Docker-Upload-UUID': id });
}

/** PUT `?digest=`: append an optional last chunk, verify and publish the blob (201). */
export async function putUpload(ctx: ServeContext, req: IncomingMessage, res: ServerResponse, name: string, id: string, query: URLSearchParams): Promise<void> {
  const digest = checkDigest(query.get('digest'));
  await ctx.uploads.use(id, async (w) => {
    await appendBody(ctx, req, w, id, name);
    try {
      await w.commit(w.offset, digest);
    } catch (e) {
      // The writer removed the ingest on a mismatch: the session is over (distribution does the same).
      if (isOciError(e, 'DIGEST_MISMATCH', 'SIZE_MISMATCH')) {
        throw new RegistryError('DIGEST_INVALID', (e as Error).message, { detail: { digest }, cause: e });
      }
      throw e;
    }
    return { value: undefined, done: true };
  });
  send(res, 201, { Location: blobPath(name, digest), 'Docker-Content-Digest': digest, 'Docker-Upload-UUID': id });
}

/** GET: where the upload stands (204 with `Range`). */
export async function uploadStatus(ctx: ServeContext, res: ServerResponse, name: string, id: string): Promise<void> {
  const offset = await ctx.uploads.offset(id);
  send(res, 204, { Location: uploadPath(name, id), Range: uploadRange(offset), 'Docker-Upload-UUID': id });
}

/** DELETE: cancel the upload and discard its data (204). */
export async function cancelUpload(ctx: ServeContext, res: ServerResponse, id: string): Promise<void> {
  await ctx.uploads.cancel(id);
  send(res, 204);
}
