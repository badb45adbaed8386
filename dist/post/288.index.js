export const id = 288;
export const ids = [288,626];
export const modules = {

/***/ 1626:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   copyGraph: () => (/* binding */ copyGraph),
/* harmony export */   j: () => (/* binding */ Limiter),
/* harmony export */   readManifestBytes: () => (/* binding */ readManifestBytes)
/* harmony export */ });
/* unused harmony export blobSource */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7075);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_stream__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _content_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9078);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4296);
/* harmony import */ var _platform_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(692);
/* harmony import */ var _registry_http_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(1454);
/* harmony import */ var _registry_repository_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(4711);
/* harmony import */ var _types_oci_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(7736);
/* harmony import */ var _walk_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(670);
/**
 * One graph copy between any two Targets (oras-go `copy.go`): store → repository is a
 * push, repository → store is a pull.
 *
 * - Children before parents: a manifest is written only after its config and layers, an
 *   index only after its manifests, so a reader never sees a node whose children are
 *   missing — and a store interrupted mid-pull holds only complete subgraphs.
 * - A node the destination already has is skipped with its whole subgraph (registries
 *   verify children on manifest PUT); an index in a store is always descended, since a
 *   pull with a platform selection keeps only some of its children.
 * - Blobs move with bounded concurrency; to a registry by HEAD → skip, cross-repository
 *   mount, or upload from a replayable source — a blob the registry has is never read
 *   from the source (reading may restore it from the runner cache).
 * - Bytes are copied as they are: Docker media types and digests are preserved.
 */









/**
 * A store: it may hold an index with only some of its children (a pull with a platform
 * selection), records which were left out, and reads its manifests locally.
 */
function isOmissionRecorder(t) {
    const r = t;
    return typeof r.tagMany === 'function' && typeof r.pruneOmitted === 'function';
}
/** Runs async work with at most `n` at once. */
class Limiter {
    n;
    #active = 0;
    #queue = [];
    constructor(n) {
        this.n = n;
    }
    async run(fn) {
        // A finishing task hands its slot straight to the next waiter, so a caller arriving
        // between the release and the waiter's wake-up cannot take it too.
        if (this.#active >= this.n)
            await new Promise((r) => this.#queue.push(r));
        else
            this.#active++;
        try {
            return await fn();
        }
        finally {
            const next = this.#queue.shift();
            if (next)
                next();
            else
                this.#active--;
        }
    }
}
/**
 * Wait for every task, then throw the first failure (the first in time), if any. Not
 * Promise.all: that rejects while sibling downloads still write their temp files and
 * commit, so a failed pull would return with writes still going on in the store.
 */
async function allSettledOrFirstError(tasks) {
    let failed = false;
    let first;
    await Promise.all(tasks.map((t) => t.catch((e) => {
        if (!failed) {
            failed = true;
            first = e;
        }
    })));
    if (failed)
        throw first;
}
function hasRanges(t) {
    const b = t.blobs;
    return typeof b === 'object' && b !== null && typeof b.open === 'function' && typeof b.has === 'function';
}
function hasWriters(t) {
    const b = t.blobs;
    return typeof b === 'object' && b !== null && typeof b.writer === 'function' && typeof b.has === 'function';
}
/**
 * Download a blob of a RangeFetcher (a registry) straight into a store's writer: the
 * source's read buffers are written (pwritev) and hashed as they are, with no stream stage
 * or copy between. Returns the commit, which the caller runs once the connection is free
 * for the next blob: the writer fsyncs, verifies size and digest, and only then publishes
 * the blob (image-spec descriptor.md "Digests").
 */
async function downloadInto(src, dst, desc) {
    const options = { total: desc.size, expected: desc.digest };
    // Nothing resumes a download by its ref (a new run fetches again), so a store's temp
    // writer, without an ingest's lock and meta.json, where it has one.
    const w = dst.blobs.tempWriter
        ? await dst.blobs.tempWriter(options)
        : await dst.blobs.writer(`pull-${desc.digest}-${process.pid}-${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(4).toString('hex')}`, options);
    const many = w.writev?.bind(w);
    try {
        await src.fetchResumable(desc, async (chunks) => {
            if (many)
                await many(chunks);
            else
                for (const c of chunks)
                    await w.write(c);
        });
    }
    catch (e) {
        await w.cancel().catch(() => { });
        throw e;
    }
    return async () => {
        await w.commit(desc.size, desc.digest);
    };
}
/** Slice `start..end` out of a whole-blob stream (for sources that fetch no ranges). */
async function* slice(stream, start, end) {
    let pos = 0;
    for await (const chunk of stream) {
        const from = Math.max(start - pos, 0);
        const to = end === undefined ? chunk.length : Math.min(chunk.length, end + 1 - pos);
        pos += chunk.length;
        if (to > from)
            yield chunk.subarray(from, to);
        if (end !== undefined && pos > end)
            return;
    }
}
/**
 * A replayable source of one blob of `src`: the whole blob through `fetch` (verified, and
 * restoring from the fallback when needed), byte ranges from local storage when `src` is
 * a store, from `fetchRange` when it is a RangeFetcher.
 */
function blobSource(src, desc) {
    const source = {
        async open(start, end) {
            if (start === 0 && (end === undefined || end === desc.size - 1))
                return src.fetch(desc);
            if (hasRanges(src)) {
                if (!(await src.blobs.has(desc.digest)))
                    (await src.fetch(desc)).destroy(); // places it locally
                return src.blobs.open(desc.digest, end === undefined ? { start } : { start, end });
            }
            if ((0,_content_js__WEBPACK_IMPORTED_MODULE_2__/* .isRangeFetcher */ .Bu)(src))
                return src.fetchRange(desc, start, end);
            return node_stream__WEBPACK_IMPORTED_MODULE_1__.Readable.from(slice(await src.fetch(desc), start, end));
        },
    };
    if (hasRanges(src) && typeof src.blobs.chunks === 'function') {
        const blobs = src.blobs;
        // Lent chunks from two reused buffers; a whole blob is verified before its last chunk.
        source.chunks = async function* (start, end) {
            if (!(await blobs.has(desc.digest)))
                (await src.fetch(desc)).destroy(); // places it locally
            yield* blobs.chunks(desc.digest, { start, ...(end !== undefined ? { end } : {}), size: desc.size });
        };
    }
    return source;
}
/** True for layers a registry does not serve (Windows foreign layers with `urls`). */
function nonDistributable(desc) {
    return (desc.urls?.length ?? 0) > 0 && /foreign|nondistributable/.test(desc.mediaType);
}
/** Read a manifest or index from a target, verified (every Target's `fetch` verifies a whole blob). */
async function readManifestBytes(src, desc) {
    if (desc.size > _registry_repository_js__WEBPACK_IMPORTED_MODULE_6__/* .MAX_MANIFEST_BYTES */ .ZJ) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .OciError */ .Mf('TOO_LARGE', `manifest ${desc.digest} has ${desc.size} bytes, more than ${_registry_repository_js__WEBPACK_IMPORTED_MODULE_6__/* .MAX_MANIFEST_BYTES */ .ZJ}`, { hint: 'manifests this large are not supported' });
    }
    return (0,_registry_http_js__WEBPACK_IMPORTED_MODULE_5__/* .readBody */ .x8)(await src.fetch(desc), _registry_repository_js__WEBPACK_IMPORTED_MODULE_6__/* .MAX_MANIFEST_BYTES */ .ZJ);
}
/**
 * Copy the graph under `root` from `src` to `dst`, then tag it (`options.tags`). Throws
 * the first failure; what was fully written stays (content-addressed, collected by gc).
 */
async function copyGraph(src, dst, root, options = {}) {
    const report = { root, uploaded: 0, skipped: 0, mounted: 0, uploadedBytes: 0, omitted: [] };
    const logger = options.logger ?? _content_js__WEBPACK_IMPORTED_MODULE_2__/* .silentLogger */ .qq;
    const limiter = new Limiter(Math.max(1, options.concurrency ?? 4));
    // Downloads into a store hold a transfer slot only while bytes arrive: the commit (fsync,
    // verify, link) runs after the slot is handed on, so the next GET does not wait for the
    // disk, and the fsyncs of blobs finishing together share journal commits. Pull of
    // skopeo's 45-layer image (96 MB) from docker-registry on loopback, 11 alternated pairs:
    // median 417 → 390 ms wall, CPU unchanged (360 ms). `committing` bounds the blobs
    // between their first byte and their link (an open file each).
    const committing = new Limiter(4 * Math.max(1, options.concurrency ?? 4));
    const memo = new Map();
    // The copy asks the targets what they can do (content.ts capabilities), never what they are.
    const pusher = (0,_content_js__WEBPACK_IMPORTED_MODULE_2__/* .isTagsPusher */ .VN)(dst) ? dst : undefined;
    const mounter = (0,_content_js__WEBPACK_IMPORTED_MODULE_2__/* .isMounter */ .B6)(dst) ? dst : undefined;
    const dstStore = isOmissionRecorder(dst);
    const srcStore = isOmissionRecorder(src);
    const tags = options.tags ?? [];
    const checkAbort = () => {
        if (options.signal?.aborted)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .OciError */ .Mf('CANCELLED', 'the copy was cancelled');
    };
    /**
     * Count a skipped node's subgraph from a local source (cheap), for honest `skipped`: a
     * walk under it, each node once over the whole copy; what cannot be read is not counted below.
     */
    const seen = new Set();
    const srcManifests = { readJSON: async (d) => JSON.parse((await readManifestBytes(src, d)).toString('utf8')) };
    const countBelow = async (desc) => {
        if (!srcStore || !(0,_registry_repository_js__WEBPACK_IMPORTED_MODULE_6__/* .isManifestType */ .Q3)(desc.mediaType))
            return 0;
        let n = 0;
        const count = ({ path, descriptor }) => {
            if (path.length === 0)
                return undefined; // the skipped node itself is counted by the caller
            if (seen.has(descriptor.digest))
                return _walk_js__WEBPACK_IMPORTED_MODULE_8__/* .SKIP_CHILDREN */ .cL;
            seen.add(descriptor.digest);
            n++;
            return undefined;
        };
        await (0,_walk_js__WEBPACK_IMPORTED_MODULE_8__/* .walk */ .GG)(srcManifests, [desc], count, { concurrency: 1, onError: () => { } });
        return n;
    };
    const copyNode = (desc, isRoot, parentIsIndex, source) => {
        let p = memo.get(desc.digest);
        if (!p) {
            p = (async () => {
                checkAbort();
                if (parentIsIndex && source === src && srcStore && !(await src.exists(desc))) {
                    // A store holding a platform subset of an index: the registry may still have the rest.
                    if (await dst.exists(desc)) {
                        report.skipped++;
                        return;
                    }
                    if (options.origin && (await options.origin.exists(desc))) {
                        await copyManifest(desc, false, options.origin);
                        return;
                    }
                    const plat = desc.platform ? ` (${(0,_types_oci_js__WEBPACK_IMPORTED_MODULE_7__/* .formatPlatform */ .Bq)(desc.platform)})` : '';
                    throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .OciError */ .Mf('INCOMPLETE', `the store holds only some platforms of index ${root.digest}: ${desc.digest}${plat} is missing`, {
                        input: 'ref',
                        hint: 'pull the image with platform: all before pushing it whole',
                    });
                }
                if ((0,_registry_repository_js__WEBPACK_IMPORTED_MODULE_6__/* .isManifestType */ .Q3)(desc.mediaType))
                    await copyManifest(desc, isRoot, source);
                else
                    await copyBlob(desc, source);
            })();
            memo.set(desc.digest, p);
        }
        return p;
    };
    const copyManifest = async (desc, isRoot, source) => {
        const isIndex = (0,_types_oci_js__WEBPACK_IMPORTED_MODULE_7__/* .isIndexMediaType */ .$$)(desc.mediaType);
        // A store may hold an index with only some children: descend anyway.
        const mayShortCut = !dstStore || !isIndex;
        // Tags of the root that do not point at it yet (one HEAD each; a re-push stops here).
        let stale = tags;
        let present = false;
        if (isRoot && pusher && tags.length > 0) {
            const current = await Promise.all(tags.map((t) => pusher.referenceDigest(t)));
            stale = tags.filter((_, i) => current[i] !== desc.digest);
            present = current.includes(desc.digest);
        }
        if (mayShortCut && (present || (await dst.exists(desc)))) {
            report.skipped += 1 + (await countBelow(desc));
            if (pusher && stale.length > 0 && isRoot)
                await pusher.pushReferences(desc, await readManifestBytes(source, desc), stale);
            return;
        }
        // An index a store already holds (descended for its children) is read locally.
        const bytes = dstStore && isIndex && (await dst.exists(desc)) ? await readManifestBytes(dst, desc) : await readManifestBytes(source, desc);
        let doc;
        try {
            doc = JSON.parse(bytes.toString('utf8'));
        }
        catch (e) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .OciError */ .Mf('INVALID_MANIFEST', `manifest ${desc.digest} is not valid JSON`, { cause: e, hint: 'the image is damaged' });
        }
        let kids = (0,_walk_js__WEBPACK_IMPORTED_MODULE_8__/* .childrenOfDocument */ .e9)(desc, doc);
        if (isIndex && isRoot && options.platforms !== undefined && options.platforms !== 'all' && options.platforms.length > 0) {
            const selected = (0,_platform_js__WEBPACK_IMPORTED_MODULE_4__/* .selectManifests */ .$d)(doc, options.platforms, options.input ?? 'platform');
            report.omitted = kids.filter((k) => !selected.includes(k));
            kids = selected;
        }
        await allSettledOrFirstError(kids.map((k) => copyNode(k, false, isIndex, source)));
        checkAbort();
        // Manifest writes share the transfer limit with blobs (their children are done, so no
        // slot is held while waiting).
        if (pusher) {
            await limiter.run(() => pusher.pushReferences(desc, bytes, isRoot && stale.length > 0 ? stale : [desc.digest]));
            report.uploaded++;
            report.uploadedBytes += desc.size;
        }
        else if (await dst.exists(desc)) {
            report.skipped++;
        }
        else {
            await limiter.run(() => dst.push(desc, node_stream__WEBPACK_IMPORTED_MODULE_1__.Readable.from([bytes])));
            report.uploaded++;
            report.uploadedBytes += desc.size;
        }
    };
    const copyBlob = async (desc, source) => {
        if (nonDistributable(desc)) {
            logger.debug(`skipping non-distributable layer ${desc.digest}`);
            report.skipped++;
            return;
        }
        if (mounter) {
            await limiter.run(async () => {
                checkAbort();
                const from = options.mountFrom?.(desc.digest) ?? [];
                const r = await mounter.mount(desc, from, blobSource(source, desc));
                report[r.outcome]++;
                report.uploadedBytes += r.bytes;
            });
            return;
        }
        if (await dst.exists(desc)) {
            report.skipped++;
            return;
        }
        if ((0,_content_js__WEBPACK_IMPORTED_MODULE_2__/* .isRangeFetcher */ .Bu)(source) && hasWriters(dst)) {
            const from = source;
            const sink = dst;
            await committing.run(async () => {
                const commit = await limiter.run(() => {
                    checkAbort();
                    return downloadInto(from, sink, desc);
                });
                await commit();
            });
            report.uploaded++;
            report.uploadedBytes += desc.size;
            return;
        }
        await limiter.run(async () => {
            checkAbort();
            const body = await source.fetch(desc);
            await dst.push(desc, body);
            report.uploaded++;
            report.uploadedBytes += desc.size;
        });
    };
    await copyNode(root, true, false, src);
    if (!pusher) {
        // A store records which children of an index were left out on purpose (so verify does
        // not call them missing), and forgets them once a later copy brought them.
        const store = dst;
        const partial = (0,_types_oci_js__WEBPACK_IMPORTED_MODULE_7__/* .isIndexMediaType */ .$$)(root.mediaType) ? { omitted: report.omitted } : undefined;
        if (tags.length > 0) {
            if (typeof store.tagMany === 'function')
                await store.tagMany.call(dst, root, tags, partial);
            else
                for (const t of tags)
                    await dst.tag(root, t);
        }
        if (partial && typeof store.pruneOmitted === 'function')
            await store.pruneOmitted.call(dst, root);
    }
    return report;
}


/***/ }),

/***/ 9288:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runRegistry: () => (/* binding */ runRegistry)
});

// EXTERNAL MODULE: ./src/core/layout.ts + 1 modules
var layout = __webpack_require__(5154);
// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(7067);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
// EXTERNAL MODULE: ./src/core/content.ts
var content = __webpack_require__(9078);
// EXTERNAL MODULE: external "node:stream/promises"
var promises_ = __webpack_require__(6466);
// EXTERNAL MODULE: ./src/core/digest.ts
var core_digest = __webpack_require__(5543);
;// CONCATENATED MODULE: ./src/core/serve/errors.ts
/**
 * The registry's error model: distribution-spec error codes with their HTTP statuses, and
 * the mapping from the store's OciError codes.
 *
 * Only the spec's own codes go into a JSON error body: the spec says a 4XX body's `code`
 * MUST be one of them, so distribution's extras (RANGE_INVALID, TAG_INVALID,
 * PAGINATION_NUMBER_INVALID, UNKNOWN) are never sent. A fault of the server itself (5XX)
 * has no spec code and is answered as plain text.
 *
 * Reference: https://github.com/opencontainers/distribution-spec/blob/main/spec.md#error-codes
 */

/** The spec's error codes (code-1 … code-14), with their default status. */
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
};
/**
 * A failure answered with `{"errors":[{code,message,detail}]}` and an HTTP status, or — a
 * server fault, without a spec code (`RegistryError.fault`) — with a 5XX and its message
 * as plain text.
 */
class RegistryError extends Error {
    /** The spec code; undefined for a server fault. */
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
        this.status = options.status ?? (code === undefined ? 500 : REGISTRY_ERRORS[code]);
        this.detail = options.detail;
        this.headers = options.headers ?? {};
        this.more = options.more ?? [];
    }
    /** A fault of the server (500 unless `status` says otherwise), answered as plain text. */
    static fault(message, options = {}) {
        return new RegistryError(undefined, message, options);
    }
    /** The JSON body of the response: every error of it that has a spec code. */
    body() {
        const errors = [];
        for (const err of [this, ...this.more]) {
            if (err.code === undefined)
                continue;
            const e = { code: err.code, message: err.message };
            if (err.detail !== undefined)
                e.detail = err.detail;
            errors.push(e);
        }
        return { errors };
    }
}
/**
 * The registry error for any failure: a RegistryError as is; a store error by its code
 * (`fallback` says what a NOT_FOUND means where it happened, undefined: a fault); anything
 * else is a fault (500).
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
    return RegistryError.fault(message, { cause: err });
}

// EXTERNAL MODULE: ./src/core/walk.ts
var walk = __webpack_require__(670);
;// CONCATENATED MODULE: ./src/core/serve/graph.ts

/** Digests reachable from the store's roots (subjects too), optionally leaving out some roots. */
async function reachableDigests(ctx, skipRoot) {
    const index = await ctx.index();
    const seen = new Set();
    await (0,walk/* walk */.GG)(ctx.store, (index.manifests ?? []).filter((d) => !skipRoot?.(d)), ({ descriptor }) => void seen.add(descriptor.digest), {
        subject: true,
        // A root whose manifest is missing reaches nothing more; verify reports it.
        onError: (e) => ctx.logger.debug(`walking ${e.descriptor.digest}: ${e.cause?.message ?? String(e.cause)}`),
    });
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
/** Most bytes of an unread request body read and dropped so that an error can be answered on a live connection. */
const DRAIN_LIMIT = 8 * 1024 * 1024;
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
async function sendError(req, res, err) {
    if (res.headersSent) {
        res.destroy(err);
        return;
    }
    const headers = { ...err.headers };
    if (!(await drainBody(req, DRAIN_LIMIT)))
        headers['Connection'] = 'close';
    if (res.headersSent || res.destroyed)
        return;
    if (err.code === undefined) {
        const text = `${err.message}\n`;
        const h = { ...headers, 'Content-Type': 'text/plain; charset=utf-8' };
        if (req.method === 'HEAD')
            send(res, err.status, { ...h, 'Content-Length': Buffer.byteLength(text) });
        else
            send(res, err.status, h, text);
        return;
    }
    sendJSON(req, res, err.status, err.body(), headers);
}
/**
 * Read and drop what is left of a request body, up to `limit` bytes. True when the body
 * ended (the connection can carry the answer and the next request); false when it is
 * larger, broken, stalled, or was already abandoned by a reader.
 */
function drainBody(req, limit) {
    if (req.complete && (req.readableEnded || !hasBody(req)))
        return Promise.resolve(true);
    if (req.destroyed || req.readableAborted)
        return Promise.resolve(false);
    const declared = Number(req.headers['content-length']);
    if (!req.readableDidRead && Number.isFinite(declared) && declared > limit)
        return Promise.resolve(false);
    return new Promise((resolve) => {
        let seen = 0;
        const finish = (ok) => {
            clearTimeout(timer);
            req.off('data', onData);
            req.off('end', onEnd);
            req.off('error', onFail);
            req.off('close', onClose);
            if (!ok)
                req.pause();
            resolve(ok);
        };
        const onData = (chunk) => {
            seen += chunk.length;
            if (seen > limit)
                finish(false);
        };
        const onEnd = () => finish(true);
        const onFail = () => finish(false);
        const onClose = () => finish(req.readableEnded);
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
function hasBody(req) {
    const length = req.headers['content-length'];
    if (length !== undefined)
        return Number(length) > 0;
    return req.headers['transfer-encoding'] !== undefined;
}
/**
 * Read a whole small body, failing with SIZE_INVALID (413) above `limit` bytes. A body
 * that is too large is left paused, not destroyed, so the error can still be answered on
 * the connection (sendError drains the rest).
 */
function readBody(req, limit) {
    const declared = req.headers['content-length'];
    const tooLarge = () => new RegistryError('SIZE_INVALID', `body of ${declared ?? 'more than ' + limit} bytes exceeds the limit of ${limit}`, {
        status: 413,
        detail: { limit },
    });
    if (declared !== undefined && Number(declared) > limit)
        return Promise.reject(tooLarge());
    return new Promise((resolve, reject) => {
        const chunks = [];
        let size = 0;
        const finish = (err) => {
            req.off('data', onData);
            req.off('end', onEnd);
            req.off('error', finish);
            req.off('close', onClose);
            if (err === undefined)
                resolve(Buffer.concat(chunks, size));
            else
                reject(err);
        };
        const onData = (chunk) => {
            size += chunk.length;
            if (size > limit) {
                req.pause();
                finish(tooLarge());
                return;
            }
            chunks.push(chunk);
        };
        const onEnd = () => finish(undefined);
        const onClose = () => {
            if (!req.readableEnded)
                finish(new RegistryError('BLOB_UPLOAD_INVALID', 'the client closed the connection before the body ended'));
        };
        req.on('data', onData);
        req.once('end', onEnd);
        req.once('error', finish);
        req.once('close', onClose);
    });
}
/**
 * Parse a `Range` request header against a blob of `size` bytes (RFC 9110 §14.2).
 * Returns undefined to serve the whole blob (no header, another unit, several ranges),
 * or throws 416 for a range that cannot be satisfied (SIZE_INVALID: the spec has no
 * range code, and the range disagrees with the blob's length).
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
    const unsatisfiable = () => new RegistryError('SIZE_INVALID', `range ${JSON.stringify(header)} cannot be satisfied: the blob has ${size} bytes`, {
        status: 416,
        headers: { 'Content-Range': `bytes */${size}` },
        detail: { size },
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
 * Throws BLOB_UPLOAD_INVALID (416) when malformed.
 */
function parseContentRange(header) {
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
/**
 * Parse the `n` query parameter; 400 UNSUPPORTED when not a non-negative integer (the
 * spec lists no pagination code).
 */
function parsePageSize(value) {
    if (value === null)
        return undefined;
    if (!/^\d{1,9}$/.test(value)) {
        throw new RegistryError('UNSUPPORTED', `n=${JSON.stringify(value)} is not a page size: use n=<count>, a non-negative integer`, {
            status: 400,
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
        await streamBlob(ctx, stream, res, digest);
        return;
    }
    const stream = await ctx.store.fetch({ mediaType: OCTET, digest, size: info.size });
    res.writeHead(200, { ...common, 'Docker-Distribution-API-Version': 'registry/2.0', 'Content-Length': info.size });
    await streamBlob(ctx, stream, res, digest);
}
/** Send a blob's stream after its headers; a failure cuts the connection (the length was promised). */
async function streamBlob(ctx, stream, res, digest) {
    try {
        await (0,promises_.pipeline)(stream, res);
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
const WRITES_AHEAD = 4;
/** ArrayBuffer.prototype.transfer (ES2024; Node 21 and later). */
const CAN_TRANSFER = typeof ArrayBuffer.prototype.transfer === 'function';
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
function release(chunks) {
    if (!CAN_TRANSFER)
        return;
    for (const c of chunks) {
        const ab = c.buffer;
        if (!(ab instanceof ArrayBuffer) || c.byteOffset !== 0 || ab.byteLength !== c.length)
            continue;
        try {
            ab.transfer(0);
        }
        catch {
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
const FLUSH_BEHIND = 32 * 1024 * 1024;
/** The flushes behind an upload of the store's writer `w` (its ingest's data file). */
function flushBehind(ctx, w) {
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
async function writeBody(req, w, flush) {
    const many = w.writev?.bind(w);
    const write = async (batch, size) => {
        if (many) {
            await many(batch);
            release(batch); // writev's contract: the chunks are the caller's again once it settles
        }
        else
            await w.write(batch.length === 1 ? batch[0] : Buffer.concat(batch, size));
        flush?.written(size);
    };
    let parts = [];
    let size = 0;
    // Each batch is written only after every earlier one was: after a failed write nothing
    // more is appended, so the upload never holds bytes out of the order they were sent.
    let last = Promise.resolve();
    const inflight = [];
    const submit = (batch, n) => {
        last = last.then(() => write(batch, n));
        // A failed write is reported by a later await; keep it from being unhandled meanwhile.
        last.catch(() => undefined);
        return last;
    };
    try {
        for await (const chunk of req) {
            parts.push(chunk);
            size += chunk.length;
            if (size >= WRITE_BATCH) {
                const batch = parts;
                const n = size;
                parts = [];
                size = 0;
                if (inflight.length >= WRITES_AHEAD)
                    await inflight.shift();
                inflight.push(submit(batch, n));
            }
        }
    }
    catch (e) {
        // What arrived is still written (after the batches before it), then the body's failure is reported.
        if (size > 0)
            submit(parts, size);
        await last.catch(() => undefined);
        throw e;
    }
    if (size > 0)
        submit(parts, size);
    await last;
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
    if (!hasBody(req) && req.headers['content-length'] !== undefined)
        return;
    const flush = flushBehind(ctx, w);
    try {
        await writeBody(req, w, flush);
    }
    finally {
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
            const flush = flushBehind(ctx, w);
            try {
                try {
                    await writeBody(req, w, flush);
                }
                finally {
                    await flush.close();
                }
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

// EXTERNAL MODULE: ./src/core/copy.ts
var copy = __webpack_require__(1626);
;// CONCATENATED MODULE: ./src/core/serve/context.ts
/**
 * What every handler of the registry works with: the store, the upload sessions, a logger,
 * and lazy restore of blobs the store lacks locally (the runner cache).
 */



/** Manifests read and decoded at once by one server (each may be 4 MiB, and its parse several times that). */
const MANIFEST_READS = 4;
/** A Limiter that counts: runs in progress, the most there ever were at once, and all runs started. */
class Gauge {
    #limiter;
    active = 0;
    peak = 0;
    runs = 0;
    constructor(n) {
        this.#limiter = new copy/* Limiter */.j(n);
    }
    run(fn) {
        return this.#limiter.run(async () => {
            this.runs++;
            this.active++;
            this.peak = Math.max(this.peak, this.active);
            try {
                return await fn();
            }
            finally {
                this.active--;
            }
        });
    }
}
/** The registry's shared state. */
class ServeContext {
    store;
    uploads;
    logger;
    /**
     * Bounds manifest reads: a burst of GETs of large blobs by digest would otherwise hold
     * every one of them, and its parse, in memory at once.
     */
    manifestReads = new Gauge(MANIFEST_READS);
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

// EXTERNAL MODULE: ./src/core/types/oci.ts
var oci = __webpack_require__(7736);
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
 * - An entry exported by containerd is the store tag of its full name
 *   (`io.containerd.image.name`, Store.listTags): `docker.io/library/a:1` is repository
 *   `docker.io/library/a`, tag `1` — never repository `1` from its bare ref.name.
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
/**
 * A tag to push under: 400 MANIFEST_INVALID otherwise (the spec lists no tag code; a
 * lookup of an invalid tag is simply 404, see find).
 */
function checkTag(tag) {
    if (!isTag(tag)) {
        throw new RegistryError('MANIFEST_INVALID', `invalid tag ${JSON.stringify(tag)}: a tag is 1 to 128 of [A-Za-z0-9_.-], not starting with . or -`, {
            detail: { tag },
        });
    }
}
/** Decoded manifests by store and `<digest> <recorded type>`: content never changes under a digest. */
const decodedCache = new WeakMap();
const DECODED_ENTRIES = 1024;
/**
 * What the manifest blob `d` is, read once per digest (concurrent requests share the read)
 * and at most MANIFEST_READS at a time per server (ServeContext.manifestReads). A blob that
 * does not start like a JSON object (a layer) is told apart from its first bytes.
 */
function decode(ctx, d, recorded) {
    let cache = decodedCache.get(ctx);
    if (!cache)
        decodedCache.set(ctx, (cache = new Map()));
    const key = `${d.digest} ${recorded ?? ''}`;
    const hit = cache.get(key);
    if (hit) {
        cache.delete(key); // most recently used last
        cache.set(key, hit);
        return hit;
    }
    const p = ctx.manifestReads.run(() => readManifest(ctx, d, recorded));
    cache.set(key, p);
    if (cache.size > DECODED_ENTRIES)
        cache.delete(cache.keys().next().value);
    p.catch(() => cache.delete(key));
    return p;
}
async function readManifest(ctx, d, recorded) {
    const stream = await ctx.store.fetch(d);
    const chunks = [];
    let size = 0;
    let looked = false;
    for await (const chunk of stream) {
        if (!looked) {
            const i = chunk.findIndex((b) => b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d);
            if (i >= 0) {
                looked = true;
                if (chunk[i] !== 0x7b)
                    return { mediaType: undefined, amd64: [] }; // not `{`: leaving the loop closes the stream
            }
        }
        chunks.push(chunk);
        size += chunk.length;
        if (size > MANIFEST_LIMIT)
            return { mediaType: undefined, amd64: [] };
    }
    return detectMediaType(Buffer.concat(chunks, size), recorded);
}
/**
 * The media type of manifest bytes: its `mediaType` field, else the type index.json
 * records for it, else by shape (`manifests` → OCI index, `config` → OCI manifest);
 * undefined when the bytes are not a manifest. For an index, its linux/amd64 entries.
 */
function detectMediaType(bytes, recorded) {
    const none = { mediaType: undefined, amd64: [] };
    let json;
    try {
        json = JSON.parse(bytes.toString('utf8'));
    }
    catch {
        return none;
    }
    if (typeof json !== 'object' || json === null || Array.isArray(json))
        return none;
    const o = json;
    if (o.schemaVersion !== 2)
        return none;
    let mediaType;
    if (typeof o.mediaType === 'string')
        mediaType = o.mediaType;
    else if (recorded && ((0,oci/* isIndexMediaType */.$$)(recorded) || (0,oci/* isManifestMediaType */.CM)(recorded)))
        mediaType = recorded;
    else if (Array.isArray(o.manifests))
        mediaType = oci/* MediaType */.zu.ImageIndex;
    else if (typeof o.config === 'object' && o.config !== null)
        mediaType = oci/* MediaType */.zu.ImageManifest;
    const amd64 = [];
    if (mediaType && (0,oci/* isIndexMediaType */.$$)(mediaType) && Array.isArray(o.manifests)) {
        for (const m of o.manifests) {
            if (m?.platform?.os === 'linux' && m.platform.architecture === 'amd64' && typeof m.digest === 'string' && typeof m.mediaType === 'string') {
                amd64.push({ mediaType: m.mediaType, digest: m.digest, size: Number(m.size) });
            }
        }
    }
    return { mediaType, amd64 };
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
        const descriptor = { mediaType: recorded ?? oci/* MediaType */.zu.ImageManifest, digest: reference, size };
        const { mediaType, amd64 } = await decode(ctx, descriptor, recorded);
        if (!mediaType)
            throw manifestUnknown(name, reference, 'is not a manifest');
        return { descriptor: { ...descriptor, mediaType }, amd64 };
    }
    // The spec's conformance suite asks a tag that cannot exist for 404, like any unknown one.
    if (!isTag(reference))
        throw manifestUnknown(name, reference, 'is unknown (not a valid tag)');
    const t = (await repoTags(ctx, name)).get(reference);
    if (!t)
        throw manifestUnknown(name, reference);
    const d = t.descriptor;
    if (d.size > MANIFEST_LIMIT)
        throw manifestUnknown(name, reference, 'is too large to serve');
    const decoded = await decode(ctx, d, d.mediaType);
    return { descriptor: { ...d, mediaType: decoded.mediaType ?? d.mediaType }, amd64: decoded.amd64 };
}
/** Content negotiation (see the module comment). */
async function negotiate(ctx, req, name, reference, found) {
    const accept = parseAccept(req.headers.accept);
    if (accepts(accept, found.descriptor.mediaType))
        return found;
    if ((0,oci/* isIndexMediaType */.$$)(found.descriptor.mediaType)) {
        const pick = found.amd64.find((m) => accepts(accept, m.mediaType));
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
    const d = found.descriptor;
    const headers = {
        'Content-Type': d.mediaType,
        'Docker-Content-Digest': d.digest,
        ETag: `"${d.digest}"`,
        'Content-Length': d.size,
    };
    if (req.method === 'HEAD') {
        send(res, 200, headers);
        return;
    }
    // Streamed (and verified) from the store, never held whole while a client reads it.
    const stream = await ctx.store.fetch({ mediaType: d.mediaType, digest: d.digest, size: d.size });
    res.writeHead(200, { ...BASE_HEADERS, ...headers });
    await streamBlob(ctx, stream, res, d.digest);
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
    // One temp file, fsynced and linked (BlobStorage.put): a manifest is read whole and never
    // resumed, so it needs no ingest directory, lock or meta.json (Store.push's writer).
    await ctx.store.blobs.put(bytes, digest);
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
        const t = isTag(reference) ? (await repoTags(ctx, name)).get(reference) : undefined;
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
            // By the tag repoTags knows it by: a containerd entry's full name, not its bare ref.name.
            const ref = (0,layout/* tagOf */.cO)(d);
            return ref !== undefined && !mine.has(ref);
        });
    });
    const reachable = await reachableDigests(ctx);
    if (!reachable.has(reference) && (await ctx.local(reference))) {
        await ctx.store.blobs.delete(reference).catch(() => undefined);
    }
    send(res, 202);
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./src/core/serve/uploads.ts
/**
 * Upload sessions of the registry API, kept as the store's resumable ingests.
 *
 * A session `<uuid>` is the ingest `upload-<uuid>` of the store's BlobStorage: bytes land
 * in `ingest/`, never in `blobs/`, until the closing PUT commits them with the digest the
 * client names (verified by the writer). An idle session is resumed from disk on its next
 * request — which is also how a session survives a restart of the server.
 *
 * Resources are bounded, whatever clients do:
 * - A POST costs no file and no descriptor: the ingest is created by the first request
 *   that writes to it.
 * - A writer stays open after a request only in a small cache (`maxOpenWriters`, closed
 *   after `idleMs`, least recently used first), so the PUT that follows a PATCH needs no
 *   re-hash of what was written; any other idle session holds no descriptor.
 * - At most `maxSessions` sessions: a new one reclaims the least recently used idle
 *   session (its partial data is discarded; its client sees BLOB_UPLOAD_UNKNOWN and
 *   starts over), or, when every session is in a request, is refused with 429
 *   TOOMANYREQUESTS and `Retry-After`.
 *
 * Requests on one session run one after another (a per-session queue), so a client that
 * pipelines chunks still writes them in order.
 *
 * Reference: distribution-spec "Pushing a blob in chunks", "Error Codes" (code-14);
 * containerd content.Writer.
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
/** Default of UploadSessionsOptions.maxSessions. */
const MAX_SESSIONS = 256;
/** Default of UploadSessionsOptions.maxOpenWriters. */
const MAX_OPEN_WRITERS = 8;
function unknown(id) {
    return new RegistryError('BLOB_UPLOAD_UNKNOWN', `upload ${id} is unknown or was completed`, { detail: { uuid: id } });
}
function newSession(fresh) {
    return { writer: undefined, fresh, ended: false, tail: Promise.resolve(), busy: 0, timer: undefined };
}
/** The upload sessions of one server. */
class UploadSessions {
    #blobs;
    #idleMs;
    #maxSessions;
    #maxOpenWriters;
    #logger;
    /** Every known session, least recently used first (a use moves it to the end). */
    #sessions = new Map();
    /** Writers being closed or ingests being discarded: the next use of the id waits for it. */
    #closing = new Map();
    #closed = false;
    constructor(blobs, options = {}) {
        this.#blobs = blobs;
        this.#idleMs = options.idleMs ?? 10_000;
        this.#maxSessions = Math.max(1, options.maxSessions ?? MAX_SESSIONS);
        this.#maxOpenWriters = Math.max(0, options.maxOpenWriters ?? MAX_OPEN_WRITERS);
        this.#logger = options.logger;
    }
    /** Start a session (nothing on disk until its first write). Returns its id. */
    async create() {
        this.#checkOpen();
        const id = (0,external_node_crypto_.randomUUID)();
        this.#admit(id, newSession(true));
        return id;
    }
    /**
     * Run `fn` with the session's writer, after earlier requests on the session. The writer
     * is created for a fresh session and resumed from disk when not open (BLOB_UPLOAD_UNKNOWN
     * when there is no such ingest). `fn` may finish the writer (commit/cancel) and must then
     * return `{ done: true }`. When `fn` fails, the writer is closed — keeping what it wrote —
     * and reopened on the next request, so a dropped connection never leaves a half-known
     * state in memory.
     */
    async use(id, fn) {
        if (!isSessionId(id))
            throw unknown(id);
        this.#checkOpen();
        let s = this.#sessions.get(id);
        if (s)
            this.#touch(id, s);
        else {
            // A session of an earlier server on this store, or unknown: its ingest will tell.
            s = newSession(false);
            this.#admit(id, s);
        }
        const session = s;
        session.busy++;
        if (session.timer)
            clearTimeout(session.timer);
        session.timer = undefined;
        const run = async () => {
            await this.#closing.get(id);
            if (session.ended)
                throw unknown(id);
            let writer = session.writer;
            if (!writer) {
                writer = session.fresh ? await this.#blobs.writer(ingestRef(id)) : await this.#resume(id, session);
                session.fresh = false;
                session.writer = writer;
            }
            try {
                const out = await fn(writer);
                if (out.done) {
                    session.writer = undefined;
                    session.ended = true;
                }
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
                if (session.ended) {
                    if (this.#sessions.get(id) === session)
                        this.#sessions.delete(id);
                }
                else if (session.writer) {
                    this.#arm(id, session);
                    this.#trimWriters();
                }
            }
        }
    }
    async #resume(id, session) {
        try {
            return await this.#blobs.resume(ingestRef(id));
        }
        catch (e) {
            if ((0,errors/* isOciError */.eq)(e, 'NOT_FOUND')) {
                session.ended = true;
                throw unknown(id);
            }
            if ((0,errors/* isOciError */.eq)(e, 'LOCKED')) {
                throw new RegistryError('BLOB_UPLOAD_INVALID', `upload ${id} is being written by another process`, {
                    status: 409,
                    detail: { uuid: id },
                    cause: e,
                });
            }
            throw e;
        }
    }
    /** Bytes received so far (BLOB_UPLOAD_UNKNOWN when there is no such session). */
    async offset(id) {
        if (!isSessionId(id))
            throw unknown(id);
        const s = this.#sessions.get(id);
        if (s && s.busy > 0)
            return this.use(id, async (w) => ({ value: w.offset }));
        if (s?.fresh)
            return 0;
        if (s?.writer)
            return s.writer.offset;
        await this.#closing.get(id); // the closing writer is still writing the ingest's record
        try {
            return (await this.#blobs.status(ingestRef(id))).offset;
        }
        catch (e) {
            if ((0,errors/* isOciError */.eq)(e, 'NOT_FOUND')) {
                if (s && this.#sessions.get(id) === s)
                    this.#sessions.delete(id);
                throw unknown(id);
            }
            throw e;
        }
    }
    /** Cancel a session, discarding its data (BLOB_UPLOAD_UNKNOWN when there is none). */
    async cancel(id) {
        if (!isSessionId(id))
            throw unknown(id);
        const s = this.#sessions.get(id);
        if (s?.fresh && s.busy === 0) {
            this.#sessions.delete(id);
            return;
        }
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
        if (s && this.#sessions.get(id) === s)
            this.#sessions.delete(id);
    }
    /** Sessions with an open writer (for tests and logs). */
    get open() {
        let n = 0;
        for (const s of this.#sessions.values())
            if (s.writer)
                n++;
        return n;
    }
    /** Sessions known (fresh, idle or in a request). */
    get size() {
        return this.#sessions.size;
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
    #checkOpen() {
        // A server fault, not a client error: 503 tells the client to come back (to the next server).
        if (this.#closed)
            throw RegistryError.fault('the registry is shutting down', { status: 503, headers: { 'Retry-After': '1' } });
    }
    /** Move a session to the most recently used end. */
    #touch(id, s) {
        this.#sessions.delete(id);
        this.#sessions.set(id, s);
    }
    /** Add a session, making room by reclaiming the least recently used idle one. */
    #admit(id, s) {
        while (this.#sessions.size >= this.#maxSessions) {
            let victim;
            for (const entry of this.#sessions) {
                if (entry[1].busy === 0) {
                    victim = entry;
                    break;
                }
            }
            if (!victim) {
                throw new RegistryError('TOOMANYREQUESTS', `${this.#sessions.size} uploads are in progress, the most this registry takes at once; retry when one has finished`, {
                    headers: { 'Retry-After': '1' },
                    detail: { sessions: this.#sessions.size },
                });
            }
            this.#reclaim(victim[0], victim[1]);
        }
        this.#sessions.set(id, s);
    }
    /** Forget an idle session and discard its data (see the module comment). */
    #reclaim(id, s) {
        this.#sessions.delete(id);
        s.ended = true;
        if (s.timer)
            clearTimeout(s.timer);
        s.timer = undefined;
        this.#logger?.debug(`upload ${id}: idle, reclaimed for a new session (at most ${this.#maxSessions})`);
        if (s.fresh)
            return;
        const w = s.writer;
        s.writer = undefined;
        const before = this.#closing.get(id);
        const p = (async () => {
            await before;
            if (w)
                await w.cancel();
            else
                await this.#blobs.abort(ingestRef(id));
        })().catch((e) => {
            if (!(0,errors/* isOciError */.eq)(e, 'NOT_FOUND'))
                this.#logger?.warning(`discarding upload ${id}: ${e.message}`);
        });
        this.#track(id, p);
    }
    /** Close the least recently used idle writers beyond maxOpenWriters. */
    #trimWriters() {
        let idle = 0;
        for (const s of this.#sessions.values())
            if (s.writer && s.busy === 0)
                idle++;
        for (const [id, s] of this.#sessions) {
            if (idle <= this.#maxOpenWriters)
                break;
            if (s.writer && s.busy === 0) {
                this.#closeIdle(id, s);
                idle--;
            }
        }
    }
    /** Close an idle session's writer, keeping its data on disk for a resume. */
    #closeIdle(id, s) {
        if (s.timer)
            clearTimeout(s.timer);
        s.timer = undefined;
        const w = s.writer;
        if (s.busy > 0 || !w)
            return;
        s.writer = undefined;
        const p = w.close().catch((e) => this.#logger?.warning(`closing idle upload ${id}: ${e.message}`));
        this.#track(id, p);
    }
    #track(id, p) {
        const done = p.then(() => undefined);
        this.#closing.set(id, done);
        void done.finally(() => {
            if (this.#closing.get(id) === done)
                this.#closing.delete(id);
        });
    }
    #arm(id, s) {
        if (s.timer)
            clearTimeout(s.timer);
        s.timer = setTimeout(() => this.#closeIdle(id, s), this.#idleMs);
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
/** What a NOT_FOUND from the store means on each route (undefined: a server fault). */
const NOT_FOUND = {
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
    #extraHosts;
    /** Lower-case `Host` values accepted (filled once listening, when the port is known). */
    #hosts = new Set();
    #host = '127.0.0.1';
    #port = 0;
    #closing;
    constructor(store, options) {
        this.store = store;
        this.#logger = options.logger ?? content/* silentLogger */.qq;
        this.#extraHosts = options.allowedHosts ?? [];
        const uploads = new UploadSessions(store.blobs, {
            idleMs: options.idleUploadMs,
            maxSessions: options.maxUploadSessions,
            maxOpenWriters: options.maxOpenUploads,
            logger: this.#logger,
        });
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
    /**
     * Accept one more `Host` value (`name:port`), e.g. the address of a proxy or port
     * forward in front of the registry that passes the client's `Host` through.
     */
    allowHost(host) {
        for (const h of allowedHosts(this.#host, this.#port, [host]))
            this.#hosts.add(h);
    }
    /** Upload sessions known (open, idle on disk, or not yet written to). */
    get uploadSessions() {
        return this.#ctx.uploads.size;
    }
    /** Manifest reads in progress now, the most there ever were at once, and how many there were. */
    get manifestReads() {
        const g = this.#ctx.manifestReads;
        return { active: g.active, peak: g.peak, runs: g.runs };
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
                this.#hosts = allowedHosts(host, a.port, this.#extraHosts);
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
            this.#checkHost(req);
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
            const err = toRegistryError(e, route ? NOT_FOUND[route.kind] : undefined);
            if (err.status >= 500)
                this.#logger.warning(`${req.method} ${req.url}: ${err.message}`);
            await sendError(req, res, err);
        }
        finally {
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
    #checkHost(req) {
        const host = req.headers.host;
        if (host === undefined || this.#hosts.has(host.toLowerCase()))
            return;
        throw new RegistryError('DENIED', `Host ${JSON.stringify(host)} is not this registry: address it as 127.0.0.1:${this.#port} or localhost:${this.#port}`, { detail: { host, accepted: [...this.#hosts] } });
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
/** The `Host` values a registry listening on `host:port` accepts (lower case). */
function allowedHosts(host, port, extra = []) {
    const names = new Set(['127.0.0.1', 'localhost', '[::1]']);
    // A specific listen address is a name too; a wildcard one (0.0.0.0, ::) is no name.
    if (host !== '0.0.0.0' && host !== '::' && host !== '')
        names.add(host.includes(':') && !host.startsWith('[') ? `[${host}]` : host);
    const out = new Set();
    for (const n of [...names, ...extra]) {
        const name = n.toLowerCase();
        if (/:\d+$/.test(name) && !name.endsWith(']')) {
            out.add(name);
            continue;
        }
        out.add(`${name}:${port}`);
        if (port === 80)
            out.add(name); // RFC 9110 §7.2: the port may be left out when it is the default
    }
    return out;
}
function sleep(ms) {
    return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

;// CONCATENATED MODULE: ./src/core/serve/run.ts


/**
 * Run the registry until stopped (`signal`, SIGTERM/SIGINT with `handleSignals`), then stop
 * gracefully: new connections refused, requests in flight given `graceMs`, unfinished
 * uploads kept resumable. Resolves once stopped; rejects ADDRESS_IN_USE (input `port`)
 * when the port is taken.
 */
async function runRegistry(run) {
    const { logger } = run;
    const store = await layout.Store.open(run.store, { logger, ...(run.fallback ? { fallback: run.fallback } : {}) });
    const server = await RegistryServer.start(store, { host: run.host ?? '127.0.0.1', port: run.port, logger });
    const running = { store: store.root, registry: server.registry, port: server.port };
    logger.info(`serving ${store.root} as a registry at ${server.registry}`);
    const signal = run.signal;
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
        run.onReady?.(running);
    });
    logger.info(`stopping the registry at ${server.registry}`);
    await server.close(run.graceMs ?? 5_000);
    return running;
}


/***/ })

};
