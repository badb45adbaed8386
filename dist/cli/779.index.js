export const id = 779;
export const ids = [779];
export const modules = {

/***/ 779:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  SERVE_ENTRY_ENV: () => (/* binding */ SERVE_ENTRY_ENV),
  SERVE_FOREGROUND_ENV: () => (/* binding */ SERVE_FOREGROUND_ENV),
  answers: () => (/* binding */ answers),
  processRunning: () => (/* binding */ processRunning),
  runServer: () => (/* binding */ runServer),
  serve: () => (/* binding */ serve),
  serveEntry: () => (/* binding */ serveEntry),
  startDetached: () => (/* binding */ startDetached),
  stopServer: () => (/* binding */ stopServer)
});

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(421);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(24);
// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(67);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(760);
// EXTERNAL MODULE: external "node:url"
var external_node_url_ = __webpack_require__(136);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(296);
// EXTERNAL MODULE: ./src/core/layout.ts + 1 modules
var layout = __webpack_require__(376);
// EXTERNAL MODULE: ./src/core/lock.ts
var lock = __webpack_require__(336);
// EXTERNAL MODULE: ./src/core/serve/child.ts
var serve_child = __webpack_require__(9);
// EXTERNAL MODULE: ./src/core/content.ts
var content = __webpack_require__(78);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(455);
// EXTERNAL MODULE: external "node:stream/promises"
var external_node_stream_promises_ = __webpack_require__(466);
// EXTERNAL MODULE: ./src/core/digest.ts
var core_digest = __webpack_require__(543);
;// CONCATENATED MODULE: ./src/core/serve/errors.ts
/**
 * The registry's error model: distribution-spec error codes with their HTTP statuses, and
 * the mapping from the store's OciError codes.
 *
 * Reference: https://github.com/opencontainers/distribution-spec/blob/main/spec.md#error-codes
 * (RANGE_INVALID, TAG_INVALID and PAGINATION_NUMBER_INVALID are distribution's, which
 * clients know too).
 */

/** Error codes a response body can carry, with their default status. */
const REGISTRY_ERRORS = {
    BLOB_UNKNOWN: 404,
    BLOB_UPLOAD_INVALID: 400,
    BLOB_UPLOAD_UNKNOWN: 404,
    DIGEST_INVALID: 400,
    MANIFEST_BLOB_UNKNOWN: 400,
    MANIFEST_INVALID: 400,
    MANIFEST_UNKNOWN: 404,
    NAME_INVALID: 400,
    NAME_UNKNOWN: 404,
    SIZE_INVALID: 400,
    UNAUTHORIZED: 401,
    DENIED: 403,
    UNSUPPORTED: 405,
    TOOMANYREQUESTS: 429,
    RANGE_INVALID: 416,
    TAG_INVALID: 400,
    PAGINATION_NUMBER_INVALID: 400,
    UNKNOWN: 500,
};
/** A failure answered with `{"errors":[{code,message,detail}]}` and an HTTP status. */
class RegistryError extends Error {
    code;
    status;
    detail;
    /** Extra response headers (Range on a 416, Allow on a 405…). */
    headers;
    /** Further errors of the same response (one MANIFEST_BLOB_UNKNOWN per missing blob). */
    more;
    constructor(code, message, options = {}) {
        super(message, options.cause === undefined ? undefined : { cause: options.cause });
        this.name = 'RegistryError';
        this.code = code;
        this.status = options.status ?? REGISTRY_ERRORS[code];
        this.detail = options.detail;
        this.headers = options.headers ?? {};
        this.more = options.more ?? [];
    }
    /** The JSON body of the response. */
    body() {
        return {
            errors: [this, ...this.more].map((err) => {
                const e = { code: err.code, message: err.message };
                if (err.detail !== undefined)
                    e.detail = err.detail;
                return e;
            }),
        };
    }
}
/**
 * The registry error for any failure: a RegistryError as is; a store error by its code
 * (`fallback` says what a NOT_FOUND means where it happened); anything else is a 500.
 */
function toRegistryError(err, fallback = 'BLOB_UNKNOWN') {
    if (err instanceof RegistryError)
        return err;
    if ((0,errors/* isOciError */.eq)(err)) {
        switch (err.code) {
            case 'NOT_FOUND':
                return new RegistryError(fallback, err.message, { cause: err });
            case 'INVALID_DIGEST':
            case 'DIGEST_MISMATCH':
                return new RegistryError('DIGEST_INVALID', err.message, { cause: err });
            case 'SIZE_MISMATCH':
                return new RegistryError('SIZE_INVALID', err.message, { cause: err });
            case 'INVALID_REFERENCE':
                return new RegistryError('NAME_INVALID', err.message, { cause: err });
            case 'INVALID_MANIFEST':
                return new RegistryError('MANIFEST_INVALID', err.message, { cause: err });
            case 'TOO_LARGE':
                return new RegistryError('SIZE_INVALID', err.message, { status: 413, cause: err });
            case 'LOCKED':
                // Another request (or process) holds the upload: retry later, like a 429.
                return new RegistryError('TOOMANYREQUESTS', err.message, { headers: { 'Retry-After': '1' }, cause: err });
            default:
                break;
        }
    }
    const message = err instanceof Error ? err.message : String(err);
    return new RegistryError('UNKNOWN', message, { cause: err });
}

// EXTERNAL MODULE: ./src/core/types/oci.ts
var oci = __webpack_require__(736);
;// CONCATENATED MODULE: ./src/core/serve/graph.ts

/** Digests reachable from the store's roots, optionally leaving out some roots. */
async function reachableDigests(ctx, skipRoot) {
    const index = await ctx.index();
    const seen = new Set();
    const stack = (index.manifests ?? []).filter((d) => !skipRoot?.(d));
    while (stack.length > 0) {
        const d = stack.pop();
        if (seen.has(d.digest))
            continue;
        seen.add(d.digest);
        if (!(0,oci/* isIndexMediaType */.$$)(d.mediaType) && !(0,oci/* isManifestMediaType */.CM)(d.mediaType))
            continue;
        try {
            stack.push(...(await ctx.store.successors(d)));
        }
        catch (e) {
            // A root whose manifest is missing reaches nothing more; verify reports it.
            ctx.logger.debug(`walking ${d.digest}: ${e.message}`);
        }
    }
    return seen;
}

;// CONCATENATED MODULE: ./src/core/serve/http.ts

/** Headers every response carries (distribution-spec "API Version Check"). */
const BASE_HEADERS = Object.freeze({
    'Docker-Distribution-API-Version': 'registry/2.0',
});
/** Write a complete response. `body` is omitted for HEAD by the caller passing none. */
function send(res, status, headers = {}, body) {
    const h = { ...BASE_HEADERS, ...headers };
    if (body !== undefined)
        h['Content-Length'] = Buffer.byteLength(body);
    else if (h['Content-Length'] === undefined && status !== 204)
        h['Content-Length'] = 0; // RFC 9110 §8.6: none on a 204
    res.writeHead(status, h);
    res.end(body);
}
/** Write a JSON response (no body for HEAD). */
function sendJSON(req, res, status, value, headers = {}) {
    const body = JSON.stringify(value);
    const h = { 'Content-Type': 'application/json', ...headers };
    if (req.method === 'HEAD')
        send(res, status, { ...h, 'Content-Length': Buffer.byteLength(body) });
    else
        send(res, status, h, body);
}
/**
 * Answer with a registry error. A request whose body was not read is answered with
 * `Connection: close` so Node does not have to drain a large upload first.
 */
function sendError(req, res, err) {
    if (res.headersSent) {
        res.destroy(err);
        return;
    }
    const headers = { ...err.headers };
    if (!req.complete && hasBody(req))
        headers['Connection'] = 'close';
    sendJSON(req, res, err.status, err.body(), headers);
}
/** True when the request announces a body (a length above zero, or chunked). */
function hasBody(req) {
    const length = req.headers['content-length'];
    if (length !== undefined)
        return Number(length) > 0;
    return req.headers['transfer-encoding'] !== undefined;
}
/** Read a whole small body, failing with SIZE_INVALID (413) above `limit` bytes. */
async function readBody(req, limit) {
    const declared = req.headers['content-length'];
    if (declared !== undefined && Number(declared) > limit) {
        throw new RegistryError('SIZE_INVALID', `body of ${declared} bytes exceeds the limit of ${limit}`, {
            status: 413,
            detail: { limit },
        });
    }
    const chunks = [];
    let size = 0;
    for await (const chunk of req) {
        size += chunk.length;
        if (size > limit) {
            throw new RegistryError('SIZE_INVALID', `body exceeds the limit of ${limit} bytes`, { status: 413, detail: { limit } });
        }
        chunks.push(chunk);
    }
    return Buffer.concat(chunks, size);
}
/**
 * Parse a `Range` request header against a blob of `size` bytes (RFC 9110 §14.2).
 * Returns undefined to serve the whole blob (no header, another unit, several ranges),
 * or throws RANGE_INVALID (416) for a range that cannot be satisfied.
 */
function parseRange(header, size) {
    if (header === undefined)
        return undefined;
    const m = /^\s*bytes\s*=\s*(.*)$/i.exec(header);
    if (!m)
        return undefined;
    const spec = m[1].trim();
    if (spec.includes(','))
        return undefined; // multipart ranges: serving the whole blob is allowed
    const r = /^(\d*)\s*-\s*(\d*)$/.exec(spec);
    const unsatisfiable = () => new RegistryError('RANGE_INVALID', `range ${JSON.stringify(header)} cannot be satisfied for ${size} bytes`, {
        headers: { 'Content-Range': `bytes */${size}` },
    });
    if (!r || (r[1] === '' && r[2] === ''))
        throw unsatisfiable();
    let start;
    let end;
    if (r[1] === '') {
        const suffix = Number(r[2]);
        if (suffix === 0 || size === 0)
            throw unsatisfiable();
        start = Math.max(0, size - suffix);
        end = size - 1;
    }
    else {
        start = Number(r[1]);
        end = r[2] === '' ? size - 1 : Math.min(Number(r[2]), size - 1);
        if (r[2] !== '' && Number(r[2]) < start)
            throw unsatisfiable();
        if (start >= size)
            throw unsatisfiable();
    }
    return { start, end };
}
/**
 * Parse a chunk's `Content-Range` (`<start>-<end>`, inclusive; distribution-spec "Pushing a
 * blob in chunks"; `bytes ` and `bytes=` prefixes and a `/total` suffix are tolerated).
 * Throws RANGE_INVALID (416) when malformed.
 */
function parseContentRange(header) {
    const m = /^\s*(?:bytes[ =])?\s*(\d+)-(\d+)(?:\/(?:\d+|\*))?\s*$/i.exec(header);
    if (!m || Number(m[2]) < Number(m[1])) {
        throw new RegistryError('RANGE_INVALID', `Content-Range ${JSON.stringify(header)} is not <start>-<end>`);
    }
    return { start: Number(m[1]), end: Number(m[2]) };
}
/** The `Range` header of an upload holding `offset` bytes (distribution's `0-<last>`, `0-0` when empty). */
function uploadRange(offset) {
    return `0-${Math.max(0, offset - 1)}`;
}
/** Media types an `Accept` header lists (parameters dropped, `q=0` excluded). */
function parseAccept(header) {
    if (header === undefined)
        return [];
    const joined = Array.isArray(header) ? header.join(',') : header;
    const out = [];
    for (const part of joined.split(',')) {
        const [type, ...params] = part.split(';').map((s) => s.trim());
        if (!type)
            continue;
        if (params.some((p) => /^q\s*=\s*0(?:\.0*)?$/i.test(p)))
            continue;
        out.push(type.toLowerCase());
    }
    return out;
}
/** True when a client that sent `accept` takes `mediaType`: no list, a wildcard, or the type itself. */
function accepts(accept, mediaType) {
    if (accept.length === 0)
        return true;
    const t = mediaType.toLowerCase();
    return accept.some((a) => a === t || a === '*/*' || a === 'application/*');
}
/** A page of a sorted list: `n` items after `last` (exclusive), and whether more follow. */
function paginate(sorted, n, last) {
    let from = 0;
    if (last !== undefined) {
        from = sorted.findIndex((s) => s > last);
        if (from < 0)
            from = sorted.length;
    }
    if (n === undefined)
        return { items: sorted.slice(from), more: false };
    const items = sorted.slice(from, from + n);
    return { items, more: n > 0 && from + n < sorted.length };
}
/** Parse the `n` query parameter; PAGINATION_NUMBER_INVALID when not a non-negative integer. */
function parsePageSize(value) {
    if (value === null)
        return undefined;
    if (!/^\d{1,9}$/.test(value)) {
        throw new RegistryError('PAGINATION_NUMBER_INVALID', `n=${JSON.stringify(value)} is not a non-negative integer`, {
            detail: { n: value },
        });
    }
    return Number(value);
}
/** An RFC 8288 `Link` header to the next page. */
function nextLink(path, n, last) {
    return `<${path}?n=${n}&last=${encodeURIComponent(last)}>; rel="next"`;
}
/** Strip parameters from a Content-Type value. */
function mediaTypeOf(header) {
    const t = header?.split(';')[0]?.trim().toLowerCase();
    return t === '' ? undefined : t;
}

;// CONCATENATED MODULE: ./src/core/serve/blobs.ts
/**
 * Blob endpoints: HEAD/GET (with `Range`) and DELETE of `/v2/<name>/blobs/<digest>`, and
 * the upload endpoints under `/v2/<name>/blobs/uploads/`.
 *
 * Every byte a client uploads goes through a BlobWriter of the store (an ingest under
 * `ingest/`) and reaches `blobs/` only by a commit that verifies the digest.
 *
 * Reference: distribution-spec "Pulling blobs", "Pushing blobs", "Deleting Blobs".
 */








/** Throw DIGEST_INVALID unless `digest` is a digest we can verify. */
function checkDigest(digest, what = 'digest') {
    if (digest === null || digest === undefined || digest === '') {
        throw new RegistryError('DIGEST_INVALID', `${what} is missing`);
    }
    try {
        (0,core_digest/* parseDigest */.m)(digest);
    }
    catch (e) {
        throw new RegistryError('DIGEST_INVALID', e.message, { detail: { digest } });
    }
    return digest;
}
const OCTET = 'application/octet-stream';
/** `/v2/<name>/blobs/<digest>` as a path. */
function blobPath(name, digest) {
    return `/v2/${name}/blobs/${digest}`;
}
/** `/v2/<name>/blobs/uploads/<id>` as a path. */
function uploadPath(name, id) {
    return `/v2/${name}/blobs/uploads/${id}`;
}
/** HEAD: present locally or in the runner cache (no restore when the ledger knows the size). */
async function headBlob(ctx, res, digest) {
    checkDigest(digest);
    const size = await ctx.size(digest);
    if (size === undefined)
        throw new RegistryError('BLOB_UNKNOWN', `blob ${digest} is unknown`, { detail: { digest } });
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
async function getBlob(ctx, req, res, digest) {
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
        await stream_(ctx, stream, res, digest);
        return;
    }
    const stream = await ctx.store.fetch({ mediaType: OCTET, digest, size: info.size });
    res.writeHead(200, { ...common, 'Docker-Distribution-API-Version': 'registry/2.0', 'Content-Length': info.size });
    await stream_(ctx, stream, res, digest);
}
async function stream_(ctx, stream, res, digest) {
    try {
        await (0,external_node_stream_promises_.pipeline)(stream, res);
    }
    catch (e) {
        // A client that hangs up is normal; a store blob failing verification is not.
        if ((0,errors/* isOciError */.eq)(e, 'DIGEST_MISMATCH', 'SIZE_MISMATCH'))
            ctx.logger.warning(`blob ${digest} failed verification while served: ${e.message}`);
        else
            ctx.logger.debug(`sending ${digest}: ${e.message}`);
        res.destroy();
    }
}
/**
 * DELETE: remove a blob no manifest in the store references (202). A referenced blob is
 * refused (405 UNSUPPORTED) — deleting it would break the store; a blob held only by the
 * runner cache cannot be deleted either.
 */
async function deleteBlob(ctx, res, digest) {
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
    }
    catch (e) {
        if (!(0,errors/* isOciError */.eq)(e, 'NOT_FOUND'))
            throw e;
    }
    send(res, 202, { 'Docker-Content-Digest': digest });
}
/** Bytes between two background flushes of an upload. */
const FLUSH_EVERY = 8 * 1024 * 1024;
/**
 * Flush an upload's bytes to disk while they arrive, so the fsync the commit does before it
 * publishes the blob finds little left to write (otherwise a large PUT waits for the disk
 * to take the whole blob at once). fdatasync flushes a file's pages whichever descriptor
 * asks, so a read-only handle on the ingest's data file suffices; when the file cannot be
 * opened the upload simply goes without.
 */
async function pipeFlushed(ctx, req, w) {
    let fh;
    try {
        fh = await (0,promises_.open)((0,external_node_path_.join)(ctx.store.blobs.ingestPath(w.ref), 'data'), 'r');
    }
    catch {
        fh = undefined;
    }
    let pending;
    let since = 0;
    const onData = (chunk) => {
        since += chunk.length;
        if (!fh || pending || since < FLUSH_EVERY)
            return;
        since = 0;
        pending = fh.datasync().then(() => void (pending = undefined), () => void (pending = undefined));
    };
    req.on('data', onData);
    try {
        await (0,external_node_stream_promises_.pipeline)(req, (source) => coalesce(source, w), w.stream());
    }
    finally {
        req.off('data', onData);
        await pending;
        await fh?.close().catch(() => undefined);
    }
}
/** Bytes gathered from the socket's 64 KiB reads before one write to the ingest. */
const WRITE_BATCH = 1024 * 1024;
/**
 * Gather the body's small socket reads into ~1 MiB writes (far fewer file writes and
 * thread-pool round trips). When the body fails half way (the client hung up), what was
 * gathered is still written, so the upload keeps every byte that arrived.
 */
async function* coalesce(source, w) {
    let parts = [];
    let size = 0;
    try {
        for await (const chunk of source) {
            parts.push(chunk);
            size += chunk.length;
            if (size >= WRITE_BATCH) {
                const batch = parts.length === 1 ? parts[0] : Buffer.concat(parts, size);
                parts = [];
                size = 0;
                yield batch;
            }
        }
    }
    catch (e) {
        if (size > 0)
            await w.write(Buffer.concat(parts, size)).catch(() => undefined);
        throw e;
    }
    if (size > 0)
        yield Buffer.concat(parts, size);
}
/**
 * Append the request body to an upload, honouring a chunk's `Content-Range` (416 when it
 * does not start where the upload ends).
 */
async function appendBody(ctx, req, w, id, name) {
    const cr = req.headers['content-range'];
    let expectedEnd;
    if (cr !== undefined) {
        const { start, end } = parseContentRange(cr);
        expectedEnd = end + 1;
        const length = req.headers['content-length'];
        if (start !== w.offset) {
            throw new RegistryError('RANGE_INVALID', `chunk starts at ${start}, but the upload holds ${w.offset} bytes`, {
                headers: { Location: uploadPath(name, id), Range: uploadRange(w.offset), 'Docker-Upload-UUID': id },
                detail: { offset: w.offset },
            });
        }
        if (length !== undefined && Number(length) !== end - start + 1) {
            throw new RegistryError('SIZE_INVALID', `Content-Length ${length} does not match Content-Range ${cr}`);
        }
    }
    if (!hasBody(req) && req.headers['content-length'] !== undefined)
        return;
    await pipeFlushed(ctx, req, w);
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
async function startUpload(ctx, req, res, name, query) {
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
            try {
                await pipeFlushed(ctx, req, w);
                await w.commit(w.offset, digest);
            }
            catch (e) {
                await w.cancel().catch(() => undefined);
                throw e;
            }
            return { value: undefined, done: true };
        });
        send(res, 201, { Location: blobPath(name, digest), 'Docker-Content-Digest': digest });
        return;
    }
    if (hasBody(req))
        req.resume(); // a body without ?digest= carries nothing we keep
    const id = await ctx.uploads.create();
    send(res, 202, { Location: uploadPath(name, id), 'Docker-Upload-UUID': id, Range: '0-0' });
}
/** PATCH: append a chunk (202 with the new `Range`). */
async function patchUpload(ctx, req, res, name, id) {
    const offset = await ctx.uploads.use(id, async (w) => {
        await appendBody(ctx, req, w, id, name);
        return { value: w.offset };
    });
    send(res, 202, { Location: uploadPath(name, id), Range: uploadRange(offset), 'Docker-Upload-UUID': id });
}
/** PUT `?digest=`: append an optional last chunk, verify and publish the blob (201). */
async function putUpload(ctx, req, res, name, id, query) {
    const digest = checkDigest(query.get('digest'));
    await ctx.uploads.use(id, async (w) => {
        await appendBody(ctx, req, w, id, name);
        try {
            await w.commit(w.offset, digest);
        }
        catch (e) {
            // The writer removed the ingest on a mismatch: the session is over (distribution does the same).
            if ((0,errors/* isOciError */.eq)(e, 'DIGEST_MISMATCH', 'SIZE_MISMATCH')) {
                throw new RegistryError('DIGEST_INVALID', e.message, { detail: { digest }, cause: e });
            }
            throw e;
        }
        return { value: undefined, done: true };
    });
    send(res, 201, { Location: blobPath(name, digest), 'Docker-Content-Digest': digest, 'Docker-Upload-UUID': id });
}
/** GET: where the upload stands (204 with `Range`). */
async function uploadStatus(ctx, res, name, id) {
    const offset = await ctx.uploads.offset(id);
    send(res, 204, { Location: uploadPath(name, id), Range: uploadRange(offset), 'Docker-Upload-UUID': id });
}
/** DELETE: cancel the upload and discard its data (204). */
async function cancelUpload(ctx, res, id) {
    await ctx.uploads.cancel(id);
    send(res, 204);
}

;// CONCATENATED MODULE: ./src/core/serve/context.ts
/**
 * What every handler of the registry works with: the store, the upload sessions, a logger,
 * and lazy restore of blobs the store lacks locally (the runner cache).
 */


/** The registry's shared state. */
class ServeContext {
    store;
    uploads;
    logger;
    #restoring = new Map();
    constructor(store, uploads, logger) {
        this.store = store;
        this.uploads = uploads;
        this.logger = logger;
    }
    /** Info of a locally present blob, or undefined. */
    async local(digest) {
        try {
            return await this.store.blobs.stat(digest);
        }
        catch (e) {
            if ((0,errors/* isOciError */.eq)(e, 'NOT_FOUND'))
                return undefined;
            throw e;
        }
    }
    /**
     * Size of a blob the store has, locally or in its fallback (runner cache) — without
     * restoring it when the fallback's ledger knows the size. Undefined when absent.
     */
    async size(digest) {
        const info = await this.local(digest);
        if (info)
            return info.size;
        const fb = this.store.fallback;
        if (!fb?.has(digest))
            return undefined;
        const known = fb.size?.(digest);
        if (known !== undefined)
            return known;
        return (await this.restore(digest))?.size;
    }
    /**
     * Make a blob local, restoring it from the fallback on first use (lazy restore, one
     * restore per digest at a time). Undefined when neither has it.
     */
    async restore(digest) {
        const info = await this.local(digest);
        if (info)
            return info;
        const fb = this.store.fallback;
        if (!fb?.has(digest))
            return undefined;
        let p = this.#restoring.get(digest);
        if (!p) {
            p = (async () => {
                this.logger.debug(`restoring ${digest} from the cache`);
                const ok = await fb.fetchInto(digest, fb.size?.(digest), this.store.blobs);
                return ok ? this.local(digest) : undefined;
            })();
            this.#restoring.set(digest, p);
            p.finally(() => this.#restoring.delete(digest)).catch(() => undefined);
        }
        return p;
    }
    /** Like restore, but BLOB_UNKNOWN when absent. */
    async require(digest) {
        const info = await this.restore(digest);
        if (!info)
            throw new RegistryError('BLOB_UNKNOWN', `blob ${digest} is unknown`, { detail: { digest } });
        return info;
    }
    /** The store's index.json (all roots, tagged or not). */
    index() {
        return this.store.readIndex();
    }
}

;// CONCATENATED MODULE: ./src/core/serve/names.ts
/**
 * Repository names and tags of the registry API, and how they map onto store tags.
 *
 * Mapping (decided here, documented in the README's serve section):
 * - `<name>` + `<tag>` is the store tag `<name>:<tag>`, as written. What `ingest` tagged
 *   `app:1` is `127.0.0.1:P/app:1`; a store tag written as a full ref `ghcr.io/o/r:t` is
 *   repository `ghcr.io/o/r`, tag `t` (its host is a valid name component).
 * - Store tags whose name is no valid `<name>` (a host with a port, `localhost:5000/x:1`)
 *   or that carry a digest are not exposed by tag (their manifests still are, by digest).
 * - A store tag written without a tag (`app`) is exposed as `app:latest` unless `app:latest`
 *   exists too.
 * - No normalisation: repository `alpine` is the store tags `alpine:*`, never
 *   `docker.io/library/alpine:*` (that one is repository `docker.io/library/alpine`).
 *
 * Reference: distribution-spec "Pulling manifests" (the `<name>` and tag grammars).
 */

/** `<name>` (distribution-spec). */
const NAME_RE = /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*)*$/;
/** A tag (distribution-spec). */
const TAG_RE = /^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}$/;
/** Longest `<name>` accepted (the spec: the total length MUST be less than 256). */
const NAME_MAX = 255;
/** True for a valid repository name. */
function isName(name) {
    return name.length <= NAME_MAX && NAME_RE.test(name);
}
/** Throw NAME_INVALID unless `name` is a valid repository name. */
function checkName(name) {
    if (!isName(name)) {
        throw new RegistryError('NAME_INVALID', `invalid repository name ${JSON.stringify(name)}`, {
            detail: { name },
        });
    }
}
/** True for a valid tag. */
function isTag(tag) {
    return TAG_RE.test(tag);
}
/** The store tag of a repository tag. */
function storeRef(name, tag) {
    return `${name}:${tag}`;
}
/**
 * The repository and tag a store tag is served as, or undefined when it is not exposed
 * (see the module comment).
 */
function repoTagOf(ref) {
    if (ref.includes('@'))
        return undefined;
    const slash = ref.lastIndexOf('/');
    const colon = ref.lastIndexOf(':');
    let name = ref;
    let tag = 'latest';
    let explicit = false;
    if (colon > slash) {
        name = ref.slice(0, colon);
        tag = ref.slice(colon + 1);
        explicit = true;
    }
    if (!isName(name) || !isTag(tag))
        return undefined;
    return { name, tag, explicit };
}

;// CONCATENATED MODULE: ./src/core/serve/discovery.ts





/** Every tag of repository `name` (an explicit `name:latest` wins over a bare `name`). */
async function repoTags(ctx, name) {
    const out = new Map();
    for (const t of await ctx.store.listTags()) {
        const rt = repoTagOf(t.ref);
        if (!rt || rt.name !== name)
            continue;
        if (!rt.explicit && out.has(rt.tag))
            continue;
        out.set(rt.tag, { tag: rt.tag, ref: t.ref, descriptor: t.descriptor });
    }
    return out;
}
/** Every repository name the store's tags expose. */
async function repositories(ctx) {
    const names = new Set();
    for (const t of await ctx.store.listTags()) {
        const rt = repoTagOf(t.ref);
        if (rt)
            names.add(rt.name);
    }
    return [...names].sort();
}
/** GET `/v2/<name>/tags/list[?n=&last=]`: NAME_UNKNOWN when the repository has no tag. */
async function listTags(ctx, req, res, name, query) {
    const n = parsePageSize(query.get('n'));
    const last = query.get('last') ?? undefined;
    const tags = [...(await repoTags(ctx, name)).keys()].sort();
    if (tags.length === 0)
        throw new RegistryError('NAME_UNKNOWN', `repository ${name} is not known`, { detail: { name } });
    const page = paginate(tags, n, last);
    const headers = {};
    if (page.more && n !== undefined)
        headers['Link'] = nextLink(`/v2/${name}/tags/list`, n, page.items[page.items.length - 1]);
    sendJSON(req, res, 200, { name, tags: page.items }, headers);
}
/** GET `/v2/_catalog[?n=&last=]`: the distinct repository names of the store's tags. */
async function catalog(ctx, req, res, query) {
    const n = parsePageSize(query.get('n'));
    const last = query.get('last') ?? undefined;
    const page = paginate(await repositories(ctx), n, last);
    const headers = {};
    if (page.more && n !== undefined)
        headers['Link'] = nextLink('/v2/_catalog', n, page.items[page.items.length - 1]);
    sendJSON(req, res, 200, { repositories: page.items }, headers);
}
/**
 * GET `/v2/<name>/referrers/<digest>[?artifactType=]`: an OCI index of the manifests whose
 * `subject` is `<digest>` (an empty one when there are none; never 404), with
 * `OCI-Filters-Applied: artifactType` when filtered.
 */
async function referrers(ctx, req, res, digest, query) {
    checkDigest(digest);
    const artifactType = query.get('artifactType') ?? undefined;
    const subject = { mediaType: oci/* MediaType */.zu.ImageManifest, digest, size: (await ctx.size(digest)) ?? 0 };
    // The store computes each referrer's artifactType (an image manifest without one takes
    // its config's media type) and copies its annotations, as the spec asks.
    const found = await ctx.store.referrers(subject, artifactType);
    const seen = new Set();
    const manifests = [];
    for (const d of found) {
        if (seen.has(d.digest) || (artifactType !== undefined && d.artifactType !== artifactType))
            continue;
        seen.add(d.digest);
        manifests.push(d);
    }
    manifests.sort((a, b) => (a.digest < b.digest ? -1 : a.digest > b.digest ? 1 : 0));
    const index = { schemaVersion: 2, mediaType: oci/* MediaType */.zu.ImageIndex, manifests };
    const headers = { 'Content-Type': oci/* MediaType */.zu.ImageIndex };
    if (artifactType !== undefined)
        headers['OCI-Filters-Applied'] = 'artifactType';
    sendJSON(req, res, 200, index, headers);
}

// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(75);
;// CONCATENATED MODULE: ./src/core/serve/manifests.ts









/** Largest manifest accepted or served (distribution-spec: at least 4 MiB SHOULD work). */
const MANIFEST_LIMIT = 4 * 1024 * 1024;
const SUPPORTED = [oci/* MediaType */.zu.ImageManifest, oci/* MediaType */.zu.ImageIndex, oci/* MediaType */.zu.DockerManifest, oci/* MediaType */.zu.DockerManifestList];
function manifestUnknown(name, reference, why = 'is unknown') {
    return new RegistryError('MANIFEST_UNKNOWN', `manifest ${name}:${reference} ${why}`, { detail: { name, reference } });
}
function isDigestRef(reference) {
    return reference.includes(':');
}
function checkTag(tag) {
    if (!isTag(tag))
        throw new RegistryError('TAG_INVALID', `invalid tag ${JSON.stringify(tag)}`, { detail: { tag } });
}
async function readAll(stream) {
    const chunks = [];
    for await (const c of stream)
        chunks.push(c);
    return Buffer.concat(chunks);
}
/**
 * The media type of manifest bytes: its `mediaType` field, else the type index.json
 * records for it, else by shape (`manifests` → OCI index, `config` → OCI manifest).
 * Undefined when the bytes are not a manifest.
 */
function detectMediaType(bytes, recorded) {
    let json;
    try {
        json = JSON.parse(bytes.toString('utf8'));
    }
    catch {
        return undefined;
    }
    if (typeof json !== 'object' || json === null || Array.isArray(json))
        return undefined;
    const o = json;
    if (o.schemaVersion !== 2)
        return undefined;
    if (typeof o.mediaType === 'string')
        return o.mediaType;
    if (recorded && ((0,oci/* isIndexMediaType */.$$)(recorded) || (0,oci/* isManifestMediaType */.CM)(recorded)))
        return recorded;
    if (Array.isArray(o.manifests))
        return oci/* MediaType */.zu.ImageIndex;
    if (typeof o.config === 'object' && o.config !== null)
        return oci/* MediaType */.zu.ImageManifest;
    return undefined;
}
/** Find a manifest by tag (store tag `<name>:<tag>`) or digest (anywhere in the store). */
async function find(ctx, name, reference) {
    if (isDigestRef(reference)) {
        checkDigest(reference);
        const size = await ctx.size(reference);
        if (size === undefined || size > MANIFEST_LIMIT)
            throw manifestUnknown(name, reference);
        const index = await ctx.index();
        const recorded = index.manifests?.find((d) => d.digest === reference)?.mediaType;
        const bytes = await readAll(await ctx.store.fetch({ mediaType: recorded ?? oci/* MediaType */.zu.ImageManifest, digest: reference, size }));
        const mediaType = detectMediaType(bytes, recorded);
        if (!mediaType)
            throw manifestUnknown(name, reference, 'is not a manifest');
        return { descriptor: { mediaType, digest: reference, size }, bytes };
    }
    checkTag(reference);
    const t = (await repoTags(ctx, name)).get(reference);
    if (!t)
        throw manifestUnknown(name, reference);
    const d = t.descriptor;
    if (d.size > MANIFEST_LIMIT)
        throw manifestUnknown(name, reference, 'is too large to serve');
    const bytes = await readAll(await ctx.store.fetch(d));
    const mediaType = detectMediaType(bytes, d.mediaType) ?? d.mediaType;
    return { descriptor: { ...d, mediaType }, bytes };
}
/** Content negotiation (see the module comment). */
async function negotiate(ctx, req, name, reference, found) {
    const accept = parseAccept(req.headers.accept);
    if (accepts(accept, found.descriptor.mediaType))
        return found;
    if ((0,oci/* isIndexMediaType */.$$)(found.descriptor.mediaType)) {
        const index = JSON.parse(found.bytes.toString('utf8'));
        const pick = index.manifests?.find((m) => m.platform?.os === 'linux' && m.platform.architecture === 'amd64' && accepts(accept, m.mediaType));
        if (pick) {
            const child = await find(ctx, name, pick.digest);
            if (accepts(accept, child.descriptor.mediaType))
                return child;
        }
    }
    throw new RegistryError('MANIFEST_UNKNOWN', `manifest ${name}:${reference} is ${found.descriptor.mediaType}, which the Accept header does not include`, {
        detail: { name, reference, mediaType: found.descriptor.mediaType },
    });
}
/** GET/HEAD a manifest. */
async function getManifest(ctx, req, res, name, reference) {
    const found = await negotiate(ctx, req, name, reference, await find(ctx, name, reference));
    const headers = {
        'Content-Type': found.descriptor.mediaType,
        'Docker-Content-Digest': found.descriptor.digest,
        ETag: `"${found.descriptor.digest}"`,
    };
    if (req.method === 'HEAD')
        send(res, 200, { ...headers, 'Content-Length': found.bytes.length });
    else
        send(res, 200, headers, found.bytes);
}
function invalid(message, detail) {
    return new RegistryError('MANIFEST_INVALID', message, detail === undefined ? {} : { detail });
}
/** Check a descriptor's shape (image-spec descriptor.md); throws MANIFEST_INVALID naming `where`. */
function checkDescriptor(d, where) {
    if (typeof d !== 'object' || d === null || Array.isArray(d))
        throw invalid(`${where} is not a descriptor`);
    const o = d;
    if (typeof o.mediaType !== 'string' || o.mediaType === '')
        throw invalid(`${where} has no mediaType`);
    if (typeof o.digest !== 'string')
        throw invalid(`${where} has no digest`);
    try {
        (0,core_digest/* parseDigest */.m)(o.digest);
    }
    catch (e) {
        throw invalid(`${where}: ${e.message}`, { digest: o.digest });
    }
    if (typeof o.size !== 'number' || !Number.isSafeInteger(o.size) || o.size < 0)
        throw invalid(`${where} has no valid size`);
    if (o.urls !== undefined && (!Array.isArray(o.urls) || !o.urls.every((u) => typeof u === 'string')))
        throw invalid(`${where} has invalid urls`);
    if (o.annotations !== undefined && !isStringMap(o.annotations))
        throw invalid(`${where} has invalid annotations`);
    return d;
}
function isStringMap(v) {
    return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string');
}
/** Validate manifest bytes pushed with `contentType` (see the module comment). */
function parseManifest(bytes, contentType) {
    let json;
    try {
        json = JSON.parse(bytes.toString('utf8'));
    }
    catch (e) {
        throw invalid(`manifest is not valid JSON: ${e.message}`);
    }
    if (typeof json !== 'object' || json === null || Array.isArray(json))
        throw invalid('manifest is not a JSON object');
    const o = json;
    const generic = contentType === undefined || contentType === 'application/json' || contentType === 'application/octet-stream';
    if (o.mediaType !== undefined && typeof o.mediaType !== 'string')
        throw invalid('mediaType is not a string');
    const declared = o.mediaType;
    if (declared !== undefined && !generic && declared !== contentType) {
        throw invalid(`mediaType ${declared} does not match Content-Type ${contentType}`, { mediaType: declared, contentType });
    }
    const mediaType = declared ?? (generic ? (Array.isArray(o.manifests) ? oci/* MediaType */.zu.ImageIndex : oci/* MediaType */.zu.ImageManifest) : contentType);
    if (oci/* SCHEMA1_MEDIA_TYPES */.uM.has(mediaType) || o.schemaVersion === 1) {
        throw new RegistryError('UNSUPPORTED', 'Docker schema1 manifests are not supported', { status: 415, detail: { mediaType } });
    }
    if (!SUPPORTED.includes(mediaType)) {
        throw new RegistryError('UNSUPPORTED', `manifest media type ${mediaType} is not supported`, {
            status: 415,
            detail: { mediaType, supported: SUPPORTED },
        });
    }
    if (o.schemaVersion !== 2)
        throw invalid('schemaVersion must be 2');
    if (o.artifactType !== undefined && typeof o.artifactType !== 'string')
        throw invalid('artifactType is not a string');
    if (o.annotations !== undefined && !isStringMap(o.annotations))
        throw invalid('annotations must map strings to strings');
    const subject = o.subject === undefined ? undefined : checkDescriptor(o.subject, 'subject');
    const out = { mediaType, required: [], isIndex: (0,oci/* isIndexMediaType */.$$)(mediaType), children: [] };
    if (subject)
        out.subject = subject;
    if (typeof o.artifactType === 'string')
        out.artifactType = o.artifactType;
    if (out.isIndex) {
        if (!Array.isArray(o.manifests))
            throw invalid('an index needs a manifests array');
        out.children = o.manifests.map((m, i) => checkDescriptor(m, `manifests[${i}]`));
        out.required = out.children;
    }
    else {
        const config = checkDescriptor(o.config, 'config');
        if (!Array.isArray(o.layers))
            throw invalid('a manifest needs a layers array');
        const layers = o.layers.map((l, i) => checkDescriptor(l, `layers[${i}]`));
        // Foreign / non-distributable layers (with urls) need not be in the registry.
        out.required = [config, ...layers.filter((l) => !(l.urls && l.urls.length > 0))];
    }
    return out;
}
/** PUT a manifest by tag or digest (`?tag=` adds tags to a digest push, answered in `OCI-Tag`). */
async function putManifest(ctx, req, res, name, reference, query) {
    const byDigest = isDigestRef(reference);
    if (byDigest)
        checkDigest(reference);
    else
        checkTag(reference);
    const extraTags = byDigest ? query.getAll('tag') : [];
    for (const t of extraTags)
        checkTag(t);
    const bytes = await readBody(req, MANIFEST_LIMIT);
    const parsed = parseManifest(bytes, mediaTypeOf(req.headers['content-type']));
    const digest = (0,core_digest/* digestOf */.ol)(bytes, byDigest ? (0,core_digest/* parseDigest */.m)(reference).algorithm : 'sha256');
    if (byDigest && digest !== reference) {
        throw new RegistryError('DIGEST_INVALID', `manifest digest ${digest} does not match ${reference}`, { detail: { digest: reference } });
    }
    const missing = [];
    const checked = new Set();
    for (const d of parsed.required) {
        if (checked.has(d.digest))
            continue;
        checked.add(d.digest);
        if ((await ctx.size(d.digest)) === undefined) {
            missing.push(new RegistryError('MANIFEST_BLOB_UNKNOWN', `blob ${d.digest} is unknown to the registry`, { detail: { digest: d.digest } }));
        }
    }
    if (missing.length > 0)
        throw new RegistryError(missing[0].code, missing[0].message, { detail: missing[0].detail, more: missing.slice(1) });
    const descriptor = { mediaType: parsed.mediaType, digest, size: bytes.length };
    if (parsed.artifactType !== undefined)
        descriptor.artifactType = parsed.artifactType;
    await ctx.store.push(descriptor, external_node_stream_.Readable.from([bytes]));
    const tags = byDigest ? extraTags : [reference];
    if (tags.length > 0)
        await ctx.store.tagMany(descriptor, tags.map((t) => storeRef(name, t)));
    const children = new Set(parsed.children.map((c) => c.digest));
    const untagged = (d) => !d.annotations?.[oci/* Annotation */.YH.RefName];
    const before = await ctx.store.readIndex();
    const needsUpdate = before.manifests.some((d) => untagged(d) && (children.has(d.digest) || (tags.length > 0 && d.digest === digest))) ||
        (tags.length === 0 && !parsed.subject && !before.manifests.some((d) => d.digest === digest));
    if (needsUpdate)
        await ctx.store.updateIndex((index) => {
            // Roots this index now reaches need no entry of their own.
            index.manifests = index.manifests.filter((d) => !(untagged(d) && children.has(d.digest)));
            // A referrer needs no root: gc keeps referrers of live manifests.
            const present = index.manifests.some((d) => d.digest === digest);
            if (tags.length === 0 && !present && !parsed.subject)
                index.manifests.push(descriptor);
            // A manifest pushed by digest first and tagged now needs no untagged entry.
            if (tags.length > 0)
                index.manifests = index.manifests.filter((d) => !(untagged(d) && d.digest === digest));
        });
    const headers = {
        Location: `/v2/${name}/manifests/${digest}`,
        'Docker-Content-Digest': digest,
    };
    if (parsed.subject)
        headers['OCI-Subject'] = parsed.subject.digest;
    if (byDigest && extraTags.length > 0)
        headers['OCI-Tag'] = extraTags;
    send(res, 201, headers);
}
/**
 * DELETE by tag: remove the tag (202). DELETE by digest: remove this repository's tags of
 * it and its untagged root, then the manifest blob itself once nothing in the store
 * reaches it (202).
 */
async function deleteManifest(ctx, res, name, reference) {
    if (!isDigestRef(reference)) {
        checkTag(reference);
        const t = (await repoTags(ctx, name)).get(reference);
        if (!t || !(await ctx.store.untag(t.ref)))
            throw manifestUnknown(name, reference);
        send(res, 202);
        return;
    }
    await find(ctx, name, reference); // MANIFEST_UNKNOWN unless it is a manifest of the store
    const mine = new Set([...(await repoTags(ctx, name)).values()].filter((t) => t.descriptor.digest === reference).map((t) => t.ref));
    await ctx.store.updateIndex((index) => {
        index.manifests = index.manifests.filter((d) => {
            if (d.digest !== reference)
                return true;
            const ref = d.annotations?.[oci/* Annotation */.YH.RefName];
            return ref !== undefined && !mine.has(ref);
        });
    });
    const reachable = await reachableDigests(ctx);
    if (!reachable.has(reference) && (await ctx.local(reference))) {
        await ctx.store.blobs.delete(reference).catch(() => undefined);
    }
    send(res, 202);
}

;// CONCATENATED MODULE: ./src/core/serve/uploads.ts
/**
 * Upload sessions of the registry API, kept as the store's resumable ingests.
 *
 * A session `<uuid>` is the ingest `upload-<uuid>` of the store's BlobStorage: bytes land
 * in `ingest/`, never in `blobs/`, until the closing PUT commits them with the digest the
 * client names (verified by the writer). Between requests the writer stays open in memory
 * (no re-hash of earlier chunks); an idle writer is closed after a while and resumed from
 * disk on the next request — which is also how a session survives a restart of the server.
 *
 * Requests on one session run one after another (a per-session queue), so a client that
 * pipelines chunks still writes them in order.
 *
 * Reference: distribution-spec "Pushing a blob in chunks"; containerd content.Writer.
 */



/** The ingest ref of an upload session. */
function ingestRef(id) {
    return `upload-${id}`;
}
/** Session ids are UUIDs: anything else is unknown (and never reaches a file path). */
const ID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** True for a well-formed session id. */
function isSessionId(id) {
    return ID_RE.test(id);
}
function unknown(id) {
    return new RegistryError('BLOB_UPLOAD_UNKNOWN', `upload ${id} is unknown or was completed`, { detail: { uuid: id } });
}
/** The upload sessions of one server. */
class UploadSessions {
    #blobs;
    #idleMs;
    #logger;
    #sessions = new Map();
    /** Idle writers being closed: their lock is released only when this settles. */
    #closing = new Map();
    #closed = false;
    constructor(blobs, options = {}) {
        this.#blobs = blobs;
        this.#idleMs = options.idleMs ?? 60_000;
        this.#logger = options.logger;
    }
    /** Start a session: a new ingest, held open for the next request. Returns its id. */
    async create() {
        const id = (0,external_node_crypto_.randomUUID)();
        const writer = await this.#blobs.writer(ingestRef(id));
        const s = { writer, tail: Promise.resolve(), busy: 0, timer: undefined };
        this.#sessions.set(id, s);
        this.#arm(id, s);
        return id;
    }
    /**
     * Run `fn` with the session's writer, after earlier requests on the session. The writer
     * is resumed from disk when not open (BLOB_UPLOAD_UNKNOWN when there is no such ingest).
     * `fn` may finish the writer (commit/cancel) and must then return `{ done: true }`. When
     * `fn` fails, the writer is closed — keeping what it wrote — and reopened on the next
     * request, so a dropped connection never leaves a half-known state in memory.
     */
    async use(id, fn) {
        if (!isSessionId(id))
            throw unknown(id);
        if (this.#closed)
            throw new RegistryError('UNKNOWN', 'the registry is shutting down', { status: 503 });
        let s = this.#sessions.get(id);
        if (!s) {
            s = { writer: undefined, tail: Promise.resolve(), busy: 0, timer: undefined };
            this.#sessions.set(id, s);
        }
        const session = s;
        session.busy++;
        if (session.timer)
            clearTimeout(session.timer);
        const run = async () => {
            await this.#closing.get(id);
            let writer = session.writer;
            if (!writer) {
                try {
                    writer = await this.#blobs.resume(ingestRef(id));
                }
                catch (e) {
                    if ((0,errors/* isOciError */.eq)(e, 'NOT_FOUND'))
                        throw unknown(id);
                    if ((0,errors/* isOciError */.eq)(e, 'LOCKED')) {
                        throw new RegistryError('BLOB_UPLOAD_INVALID', `upload ${id} is being written by another process`, {
                            status: 409,
                            detail: { uuid: id },
                            cause: e,
                        });
                    }
                    throw e;
                }
                session.writer = writer;
            }
            try {
                const out = await fn(writer);
                if (out.done)
                    session.writer = undefined;
                return out.value;
            }
            catch (e) {
                session.writer = undefined;
                await writer.close().catch(() => undefined); // already finished by commit: nothing to release
                throw e;
            }
        };
        const result = session.tail.then(run, run);
        session.tail = result.catch(() => undefined);
        try {
            return await result;
        }
        finally {
            session.busy--;
            if (session.busy === 0) {
                if (session.writer)
                    this.#arm(id, session);
                else
                    this.#sessions.delete(id);
            }
        }
    }
    /** Bytes received so far (BLOB_UPLOAD_UNKNOWN when there is no such session). */
    async offset(id) {
        if (!isSessionId(id))
            throw unknown(id);
        const s = this.#sessions.get(id);
        if (s?.writer && s.busy === 0)
            return s.writer.offset;
        if (s && s.busy > 0)
            return this.use(id, async (w) => ({ value: w.offset }));
        await this.#closing.get(id); // the closing writer is still writing the ingest's record
        try {
            return (await this.#blobs.status(ingestRef(id))).offset;
        }
        catch (e) {
            if ((0,errors/* isOciError */.eq)(e, 'NOT_FOUND'))
                throw unknown(id);
            throw e;
        }
    }
    /** Cancel a session, discarding its data (BLOB_UPLOAD_UNKNOWN when there is none). */
    async cancel(id) {
        if (!isSessionId(id))
            throw unknown(id);
        const s = this.#sessions.get(id);
        if (s?.writer || (s && s.busy > 0)) {
            await this.use(id, async (w) => {
                await w.cancel();
                return { value: undefined, done: true };
            });
            return;
        }
        await this.#closing.get(id);
        try {
            await this.#blobs.status(ingestRef(id));
        }
        catch (e) {
            if ((0,errors/* isOciError */.eq)(e, 'NOT_FOUND'))
                throw unknown(id);
            throw e;
        }
        await this.#blobs.abort(ingestRef(id));
    }
    /** Sessions with an open writer (for tests and logs). */
    get open() {
        let n = 0;
        for (const s of this.#sessions.values())
            if (s.writer)
                n++;
        return n;
    }
    /**
     * Stop: refuse new work, wait for queued operations, and close every open writer,
     * keeping its data so the upload can resume against the next server on this store.
     */
    async close() {
        this.#closed = true;
        await Promise.all(this.#closing.values());
        const all = [...this.#sessions.entries()];
        await Promise.all(all.map(async ([id, s]) => {
            if (s.timer)
                clearTimeout(s.timer);
            await s.tail;
            const w = s.writer;
            s.writer = undefined;
            this.#sessions.delete(id);
            if (w)
                await w.close().catch((e) => this.#logger?.warning(`closing upload ${id}: ${e.message}`));
        }));
    }
    #arm(id, s) {
        if (s.timer)
            clearTimeout(s.timer);
        s.timer = setTimeout(() => {
            s.timer = undefined;
            if (s.busy > 0 || !s.writer)
                return;
            const w = s.writer;
            s.writer = undefined;
            this.#sessions.delete(id);
            const p = w.close().catch((e) => this.#logger?.warning(`closing idle upload ${id}: ${e.message}`));
            this.#closing.set(id, p);
            void p.finally(() => {
                if (this.#closing.get(id) === p)
                    this.#closing.delete(id);
            });
        }, this.#idleMs);
        s.timer.unref();
    }
}

;// CONCATENATED MODULE: ./src/core/serve/server.ts
/**
 * A distribution-spec v1.1 registry over a Store, on node:http with no framework: routing,
 * the error model, and a graceful stop.
 *
 * Reference: https://github.com/opencontainers/distribution-spec/blob/main/spec.md#endpoints
 */











const PATTERNS = [
    [/^(.+)\/blobs\/uploads\/?$/, (m) => ({ kind: 'uploads', name: m[1] })],
    [/^(.+)\/blobs\/uploads\/([^/]+)$/, (m) => ({ kind: 'upload', name: m[1], id: m[2] })],
    [/^(.+)\/blobs\/([^/]+)$/, (m) => ({ kind: 'blob', name: m[1], digest: m[2] })],
    [/^(.+)\/manifests\/([^/]+)$/, (m) => ({ kind: 'manifest', name: m[1], reference: m[2] })],
    [/^(.+)\/tags\/list\/?$/, (m) => ({ kind: 'tags', name: m[1] })],
    [/^(.+)\/referrers\/([^/]+)$/, (m) => ({ kind: 'referrers', name: m[1], digest: m[2] })],
];
/** Parse a request path (`/v2/...`); undefined when it is no registry endpoint. */
function parseRoute(pathname) {
    if (pathname === '/v2' || pathname === '/v2/')
        return { kind: 'base' };
    if (!pathname.startsWith('/v2/'))
        return undefined;
    const rest = pathname.slice(4);
    if (rest === '_catalog' || rest === '_catalog/')
        return { kind: 'catalog' };
    for (const [re, make] of PATTERNS) {
        const m = re.exec(rest);
        if (!m)
            continue;
        const r = make(m);
        // References are percent-decoded (a client may write `sha256%3A…`); names never need it.
        try {
            if ('reference' in r)
                r.reference = decodeURIComponent(r.reference);
            if ('digest' in r)
                r.digest = decodeURIComponent(r.digest);
            if ('id' in r)
                r.id = decodeURIComponent(r.id);
        }
        catch {
            return undefined;
        }
        return r;
    }
    return undefined;
}
/** What a NOT_FOUND from the store means on each route. */
const NOT_FOUND = {
    base: 'UNKNOWN',
    catalog: 'UNKNOWN',
    uploads: 'BLOB_UNKNOWN',
    upload: 'BLOB_UPLOAD_UNKNOWN',
    blob: 'BLOB_UNKNOWN',
    manifest: 'MANIFEST_UNKNOWN',
    tags: 'NAME_UNKNOWN',
    referrers: 'MANIFEST_UNKNOWN',
};
/** Methods of each route, for 405 answers. */
const METHODS = {
    base: ['GET', 'HEAD'],
    catalog: ['GET', 'HEAD'],
    uploads: ['POST'],
    upload: ['GET', 'PATCH', 'PUT', 'DELETE'],
    blob: ['GET', 'HEAD', 'DELETE'],
    manifest: ['GET', 'HEAD', 'PUT', 'DELETE'],
    tags: ['GET', 'HEAD'],
    referrers: ['GET', 'HEAD'],
};
/** A running registry over a store. */
class RegistryServer {
    store;
    #server;
    #ctx;
    #logger;
    #active = new Set();
    #host = '127.0.0.1';
    #port = 0;
    #closing;
    constructor(store, options) {
        this.store = store;
        this.#logger = options.logger ?? content/* silentLogger */.q;
        const uploads = new UploadSessions(store.blobs, { idleMs: options.idleUploadMs, logger: this.#logger });
        this.#ctx = new ServeContext(store, uploads, this.#logger);
        this.#server = (0,external_node_http_.createServer)({ requestTimeout: 0, keepAliveTimeout: 30_000 }, (req, res) => {
            const p = this.#handle(req, res);
            this.#active.add(p);
            void p.finally(() => this.#active.delete(p));
        });
    }
    /**
     * Start a registry over `store`. Throws ADDRESS_IN_USE (attributed to the `port` input)
     * when the port is taken.
     */
    static async start(store, options = {}) {
        const s = new RegistryServer(store, options);
        await s.#listen(options.host ?? '127.0.0.1', options.port ?? 5000, options.portInput ?? 'port');
        return s;
    }
    /** Host the server listens on. */
    get host() {
        return this.#host;
    }
    /** Port the server listens on. */
    get port() {
        return this.#port;
    }
    /** `host:port`, what clients put before a repository name. */
    get registry() {
        return `${this.#host}:${this.#port}`;
    }
    /** Base URL (`http://host:port`). */
    get url() {
        return `http://${this.registry}`;
    }
    /** Upload sessions with a writer open in memory (the rest wait on disk). */
    get openUploads() {
        return this.#ctx.uploads.open;
    }
    /** Requests in progress. */
    get inFlight() {
        return this.#active.size;
    }
    /**
     * Stop gracefully: refuse new connections, let requests in progress finish for up to
     * `graceMs`, then cut the rest (their uploads keep what arrived, resumable), and close
     * every upload writer. Idempotent.
     */
    close(graceMs = 5_000) {
        this.#closing ??= this.#close(graceMs);
        return this.#closing;
    }
    async #close(graceMs) {
        const closed = new Promise((resolve) => this.#server.close(() => resolve()));
        this.#server.closeIdleConnections();
        const deadline = Date.now() + graceMs;
        while (this.#active.size > 0 && Date.now() < deadline) {
            await Promise.race([Promise.allSettled([...this.#active]), sleep(Math.max(1, Math.min(100, deadline - Date.now())))]);
        }
        if (this.#active.size > 0)
            this.#logger.info(`stopping: cutting ${this.#active.size} request(s) still in progress`);
        this.#server.closeAllConnections();
        // Handlers of cut requests settle quickly (their streams error); wait a bounded while.
        await Promise.race([Promise.allSettled([...this.#active]), sleep(2_000)]);
        await this.#ctx.uploads.close();
        await Promise.race([closed, sleep(1_000)]);
    }
    #listen(host, port, input) {
        return new Promise((resolve, reject) => {
            const onError = (e) => {
                this.#server.off('listening', onListening);
                if ((0,errors/* isErrno */.r)(e, 'EADDRINUSE')) {
                    reject(new errors/* OciError */.Mf('ADDRESS_IN_USE', `${host}:${port} is already in use`, {
                        input,
                        hint: `choose a free port with the ${input} input, or stop what listens on ${port}`,
                        cause: e,
                    }));
                }
                else if ((0,errors/* isErrno */.r)(e, 'EACCES', 'EADDRNOTAVAIL')) {
                    reject(new errors/* OciError */.Mf('INVALID_INPUT', `cannot listen on ${host}:${port}: ${e.code}`, { input, hint: 'use a port above 1023', cause: e }));
                }
                else
                    reject(e);
            };
            const onListening = () => {
                this.#server.off('error', onError);
                const a = this.#server.address();
                this.#host = host;
                this.#port = a.port;
                resolve();
            };
            this.#server.once('error', onError);
            this.#server.once('listening', onListening);
            this.#server.listen(port, host);
        });
    }
    async #handle(req, res) {
        const started = Date.now();
        if (this.#closing)
            res.setHeader('Connection', 'close');
        let route;
        try {
            const url = new URL(req.url ?? '/', 'http://registry');
            route = parseRoute(url.pathname);
            if (!route)
                throw new RegistryError('UNSUPPORTED', `no registry endpoint at ${url.pathname}`, { status: 404 });
            const method = req.method ?? 'GET';
            if (!METHODS[route.kind].includes(method)) {
                throw new RegistryError('UNSUPPORTED', `${method} is not supported on ${url.pathname}`, {
                    headers: { Allow: METHODS[route.kind].join(', ') },
                });
            }
            if ('name' in route)
                checkName(route.name);
            await this.#dispatch(route, method, req, res, url.searchParams);
        }
        catch (e) {
            const err = toRegistryError(e, route ? NOT_FOUND[route.kind] : 'UNKNOWN');
            if (err.status >= 500)
                this.#logger.warning(`${req.method} ${req.url}: ${err.message}`);
            sendError(req, res, err);
        }
        finally {
            this.#logger.debug(`${req.method} ${req.url} ${res.statusCode} ${Date.now() - started}ms`);
        }
    }
    async #dispatch(route, method, req, res, query) {
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
                if (method === 'DELETE')
                    return deleteBlob(ctx, res, route.digest);
                if (method === 'HEAD')
                    return headBlob(ctx, res, route.digest);
                return getBlob(ctx, req, res, route.digest);
            case 'uploads':
                return startUpload(ctx, req, res, route.name, query);
            case 'upload':
                if (method === 'PATCH')
                    return patchUpload(ctx, req, res, route.name, route.id);
                if (method === 'PUT')
                    return putUpload(ctx, req, res, route.name, route.id, query);
                if (method === 'DELETE')
                    return cancelUpload(ctx, res, route.id);
                return uploadStatus(ctx, res, route.name, route.id);
            case 'manifest':
                if (method === 'PUT')
                    return putManifest(ctx, req, res, route.name, route.reference, query);
                if (method === 'DELETE')
                    return deleteManifest(ctx, res, route.name, route.reference);
                return getManifest(ctx, req, res, route.name, route.reference);
        }
    }
}
function sleep(ms) {
    return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

;// CONCATENATED MODULE: ./src/core/commands/serve.ts
/**
 * `serve`: the store as a distribution-spec registry on 127.0.0.1 for later steps.
 *
 * - `serve(options, ctx)` (the action's main, the CLI by default) starts the registry as a
 *   detached child process and returns once `/v2/` answers: `registry` = `127.0.0.1:<port>`,
 *   `details.pid` = the child to stop in post. With `OCI_STORE_SERVE_FOREGROUND=1` in
 *   `ctx.env` it runs in this process instead, until SIGTERM/SIGINT or `ctx.signal`.
 * - `startDetached(options)` / `stopServer(pid)` / `runServer(options, ctx)` are the
 *   building blocks the entry points call (see src/core/serve/child.ts for the child).
 */












/** `ctx.env` switch: run the registry in this process (the CLI's `--foreground`). */
const SERVE_FOREGROUND_ENV = 'OCI_STORE_SERVE_FOREGROUND';
/** `ctx.env` override of the script the detached child runs (tests, development). */
const SERVE_ENTRY_ENV = 'OCI_STORE_SERVE_ENTRY';
/**
 * Run the registry in this process until stopped (signal, SIGTERM/SIGINT with
 * `handleSignals`), then stop gracefully: new connections refused, requests in flight
 * given `graceMs`, unfinished uploads kept resumable. Resolves with the Result once
 * stopped; rejects ADDRESS_IN_USE (input `port`) when the port is taken.
 */
async function runServer(options, ctx, run = {}) {
    const store = await layout/* Store */.il.open(options.store, { logger: ctx.logger, ...(ctx.fallback ? { fallback: ctx.fallback } : {}) });
    const server = await RegistryServer.start(store, {
        host: run.host ?? '127.0.0.1',
        port: run.port ?? options.port,
        logger: ctx.logger,
    });
    const result = {
        tags: [],
        store: store.root,
        registry: server.registry,
        details: { port: server.port, pid: process.pid },
    };
    ctx.logger.info(`serving ${store.root} as a registry at ${server.registry}`);
    const signal = run.signal ?? ctx.signal;
    await new Promise((resolve) => {
        const stop = () => {
            signal?.removeEventListener('abort', stop);
            if (run.handleSignals) {
                process.off('SIGTERM', stop);
                process.off('SIGINT', stop);
            }
            resolve();
        };
        if (signal?.aborted)
            return stop();
        signal?.addEventListener('abort', stop, { once: true });
        if (run.handleSignals) {
            process.once('SIGTERM', stop);
            process.once('SIGINT', stop);
        }
        run.onReady?.(result);
    });
    ctx.logger.info(`stopping the registry at ${server.registry}`);
    await server.close(run.graceMs ?? 5_000);
    return result;
}
/** Which script to re-run as the child (see StartDetachedOptions.entry). */
function serveEntry(env = process.env) {
    const fromEnv = env[SERVE_ENTRY_ENV];
    if (fromEnv)
        return fromEnv;
    const registered = (0,serve_child/* registeredServeEntry */.YF)();
    if (registered)
        return registered;
    // Resolved at run time from this module's own path (not `new URL(literal, import.meta.url)`,
    // which the bundler would copy into dist/ as an asset): only unbundled builds have it.
    const sibling = (0,external_node_path_.join)((0,external_node_path_.dirname)((0,external_node_url_.fileURLToPath)(import.meta.url)), '..', 'serve', ['entry', 'js'].join('.'));
    if ((0,external_node_fs_.existsSync)(sibling))
        return sibling;
    throw new errors/* OciError */.Mf('NOT_IMPLEMENTED', 'cannot start the registry process: this entry point did not register itself', {
        input: 'command',
        hint: 'entry points must call runServeChildIfRequested() first (src/core/serve/child.ts)',
    });
}
/** Action inputs carrying secrets the child must not see. */
const SECRET_ENV = ['INPUT_PASSWORD', 'INPUT_GITHUB-TOKEN', 'INPUT_GITHUB_TOKEN', 'INPUT_USERNAME'];
/**
 * Start the registry as a detached child process (it outlives this one) and return once
 * it answers `GET /v2/`. Throws ADDRESS_IN_USE (input `port`) when the port is taken, or
 * the child's own startup error.
 */
async function startDetached(options, start = {}) {
    const env = { ...process.env, ...(start.env ?? {}) };
    const entry = start.entry ?? serveEntry(env);
    const port = start.port ?? options.port;
    const host = start.host ?? '127.0.0.1';
    const logFile = start.logFile ?? (0,external_node_path_.join)(env['RUNNER_TEMP'] || (0,external_node_os_.tmpdir)(), `oci-store-serve-${port || (0,external_node_crypto_.randomBytes)(4).toString('hex')}.log`);
    const { password: _p, githubToken: _g, username: _u, ...safe } = options;
    const config = {
        options: { ...safe, port },
        host,
        graceMs: start.graceMs ?? 5_000,
        debug: start.debug ?? (env['RUNNER_DEBUG'] === '1' || env['OCI_STORE_DEBUG'] === '1'),
    };
    for (const k of SECRET_ENV)
        delete env[k];
    delete env[SERVE_ENTRY_ENV];
    delete env[SERVE_FOREGROUND_ENV];
    env[serve_child/* SERVE_CHILD_ENV */.Rs] = JSON.stringify(config);
    const log = (0,external_node_fs_.openSync)(logFile, 'a');
    let child;
    try {
        child = (0,external_node_child_process_.spawn)(process.execPath, [entry], {
            detached: true,
            stdio: ['ignore', log, log, 'ipc'],
            env: env,
            cwd: process.cwd(),
        });
    }
    finally {
        (0,external_node_fs_.closeSync)(log);
    }
    const failed = (code, message, extra = {}) => new errors/* OciError */.Mf(code, message, { hint: extra.hint ?? `see the registry log ${logFile}`, ...(extra.input ? { input: extra.input } : {}) });
    const timeoutMs = start.readyTimeoutMs ?? 30_000;
    const ready = await new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
            child.kill('SIGKILL');
            reject(failed('REGISTRY_ERROR', `the registry did not start within ${timeoutMs} ms`));
        }, timeoutMs);
        const done = () => {
            clearTimeout(timer);
            child.off('message', onMessage);
            child.off('exit', onExit);
            child.off('error', onError);
        };
        const onMessage = (m) => {
            done();
            if (m.type === 'ready')
                resolve({ registry: m.registry, port: m.port });
            else
                reject(failed(m.code, m.message, { input: m.input, hint: m.hint }));
        };
        const onExit = (code, signal) => {
            done();
            reject(failed('REGISTRY_ERROR', `the registry process exited before it was ready (${signal ?? `exit code ${code}`})`));
        };
        const onError = (e) => {
            done();
            reject(failed('REGISTRY_ERROR', `cannot start the registry process: ${e.message}`));
        };
        child.on('message', onMessage);
        child.once('exit', onExit);
        child.once('error', onError);
    });
    if (child.connected)
        child.disconnect();
    child.unref();
    const pid = child.pid;
    if (!(await answers(host, ready.port, 5_000))) {
        await stopServer(pid, 2_000);
        throw failed('REGISTRY_ERROR', `the registry at ${ready.registry} does not answer GET /v2/`);
    }
    return { pid, registry: ready.registry, port: ready.port, logFile };
}
/** True once `GET http://host:port/v2/` answers 200 (retried until `timeoutMs`). */
async function answers(host, port, timeoutMs) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        const status = await new Promise((resolve) => {
            const req = (0,external_node_http_.request)({ host, port, path: '/v2/', method: 'GET', timeout: 2_000, agent: false }, (res) => {
                res.resume();
                resolve(res.statusCode ?? 0);
            });
            req.on('timeout', () => req.destroy());
            req.on('error', () => resolve(0));
            req.end();
        });
        if (status === 200)
            return true;
        if (Date.now() >= deadline)
            return false;
        await new Promise((r) => setTimeout(r, 50));
    }
}
/** True while `pid` runs (a zombie awaiting its parent's wait counts as stopped). */
function processRunning(pid) {
    return (0,lock/* pidAlive */.pl)(pid);
}
/** True when `pid` is (as far as /proc tells) a registry child of ours, not a reused pid. */
function isServeChildPid(pid) {
    try {
        return (0,external_node_fs_.readFileSync)(`/proc/${pid}/environ`, 'latin1').split('\0').some((kv) => kv.startsWith(`${serve_child/* SERVE_CHILD_ENV */.Rs}=`));
    }
    catch {
        return true; // no /proc (macOS) or not readable: trust the pid we were given
    }
}
/**
 * Stop a detached registry: SIGTERM (graceful: in-flight requests finish within the
 * child's grace, unfinished uploads stay resumable), then SIGKILL after `timeoutMs`.
 * A pid that is gone, or that /proc shows is not a registry child, is left alone.
 */
async function stopServer(pid, timeoutMs = 10_000) {
    if (!Number.isInteger(pid) || pid <= 0 || !(0,lock/* pidAlive */.pl)(pid) || !isServeChildPid(pid)) {
        return { stopped: !(0,lock/* pidAlive */.pl)(pid), forced: false, wasRunning: false };
    }
    try {
        process.kill(pid, 'SIGTERM');
    }
    catch {
        return { stopped: !(0,lock/* pidAlive */.pl)(pid), forced: false, wasRunning: true };
    }
    const deadline = Date.now() + timeoutMs;
    while ((0,lock/* pidAlive */.pl)(pid) && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 25));
    if (!(0,lock/* pidAlive */.pl)(pid))
        return { stopped: true, forced: false, wasRunning: true };
    try {
        process.kill(pid, 'SIGKILL');
    }
    catch {
        /* gone meanwhile */
    }
    const killDeadline = Date.now() + 2_000;
    while ((0,lock/* pidAlive */.pl)(pid) && Date.now() < killDeadline)
        await new Promise((r) => setTimeout(r, 25));
    return { stopped: !(0,lock/* pidAlive */.pl)(pid), forced: true, wasRunning: true };
}
/**
 * `serve`: start the registry detached and report `registry`; in the foreground (the
 * CLI's `--foreground`, via `OCI_STORE_SERVE_FOREGROUND=1`) run it until stopped.
 */
const serve = async (options, ctx) => {
    const fg = ctx.env[SERVE_FOREGROUND_ENV];
    if (fg === '1' || fg === 'true') {
        return runServer(options, ctx, {
            handleSignals: true,
            onReady: (r) => ctx.logger.info(`registry ready at ${r.registry}; stop with Ctrl-C`),
        });
    }
    const started = await startDetached(options, { env: ctx.env });
    ctx.logger.info(`registry running at ${started.registry} (pid ${started.pid}, log ${started.logFile})`);
    return {
        tags: [],
        store: options.store,
        registry: started.registry,
        details: { pid: started.pid, port: started.port, log: started.logFile },
    };
};


/***/ })

};
