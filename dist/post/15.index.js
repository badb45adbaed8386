export const id = 15;
export const ids = [15];
export const modules = {

/***/ 9397:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   h: () => (/* binding */ describeImage)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4296);
/* harmony import */ var _types_oci_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7736);
/* harmony import */ var _walk_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(670);
/**
 * The `metadata` output (DESIGN.md §2): what an image in the store is, in one JSON object.
 */



/** Config media types that describe a runnable image (and so carry a platform). */
const IMAGE_CONFIG_TYPES = new Set([_types_oci_js__WEBPACK_IMPORTED_MODULE_1__/* .MediaType */ .zu.ImageConfig, _types_oci_js__WEBPACK_IMPORTED_MODULE_1__/* .MediaType */ .zu.DockerConfig]);
function layerOf(d) {
    return { digest: d.digest, size: d.size, mediaType: d.mediaType };
}
/** `os/arch[/variant]` of a platform, skipping buildx's `unknown/unknown` attestation entries. */
function platformString(p) {
    if (!p || typeof p.os !== 'string' || typeof p.architecture !== 'string')
        return undefined;
    if (p.os === 'unknown' && p.architecture === 'unknown')
        return undefined;
    return (0,_types_oci_js__WEBPACK_IMPORTED_MODULE_1__/* .formatPlatform */ .Bq)(p);
}
async function manifestPlatform(store, manifest) {
    if (!manifest.config || !IMAGE_CONFIG_TYPES.has(manifest.config.mediaType))
        return undefined;
    try {
        const config = await store.readJSON(manifest.config);
        return platformString(config);
    }
    catch (e) {
        // A config that is not local (lazy cache) or damaged: metadata still describes the rest.
        if ((0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .isOciError */ .eq)(e))
            return undefined;
        throw e;
    }
}
/**
 * Describe `desc` (a manifest or an index in `store`) as the `metadata` output:
 *
 * - manifest: its layers, and its platform from the descriptor or the image config;
 * - index: the platforms of its manifests (a list), and the layers of those manifests
 *   that are in the store (each digest once).
 */
async function describeImage(store, desc, pushed = []) {
    const out = { digest: desc.digest, mediaType: desc.mediaType, size: desc.size, layers: [], pushed, store: store.root };
    if ((0,_types_oci_js__WEBPACK_IMPORTED_MODULE_1__/* .isManifestMediaType */ .CM)(desc.mediaType)) {
        const manifest = await store.readJSON(desc);
        out.layers = (manifest.layers ?? []).map(layerOf);
        const platform = platformString(desc.platform) ?? (await manifestPlatform(store, manifest));
        if (platform !== undefined)
            out.platform = platform;
        return out;
    }
    if ((0,_types_oci_js__WEBPACK_IMPORTED_MODULE_1__/* .isIndexMediaType */ .$$)(desc.mediaType)) {
        const index = await store.readJSON(desc);
        const children = (0,_walk_js__WEBPACK_IMPORTED_MODULE_2__/* .childrenOfDocument */ .e9)(desc, index);
        // Each child manifest (and its config, when its descriptor names no platform) is read
        // once, a few at a time, by the one graph walk; the output keeps the index's order.
        const read = new Map();
        await (0,_walk_js__WEBPACK_IMPORTED_MODULE_2__/* .walk */ .GG)(store, children, async ({ descriptor: child }) => {
            const entry = { configRead: false };
            if ((0,_types_oci_js__WEBPACK_IMPORTED_MODULE_1__/* .isManifestMediaType */ .CM)(child.mediaType)) {
                try {
                    entry.manifest = await store.readJSON(child);
                }
                catch (e) {
                    if (!(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .isOciError */ .eq)(e))
                        throw e;
                }
            }
            if (entry.manifest && platformString(child.platform) === undefined) {
                const p = await manifestPlatform(store, entry.manifest);
                if (p !== undefined)
                    entry.configPlatform = p;
                entry.configRead = true;
            }
            read.set(child.digest, entry);
            return _walk_js__WEBPACK_IMPORTED_MODULE_2__/* .SKIP_CHILDREN */ .cL; // layers are listed from the manifest; a nested index is not described
        });
        const platforms = [];
        const seen = new Set();
        for (const child of children) {
            const { manifest, configPlatform, configRead } = read.get(child.digest);
            const p = platformString(child.platform) ?? (manifest ? (configRead ? configPlatform : await manifestPlatform(store, manifest)) : undefined);
            if (p !== undefined && !platforms.includes(p))
                platforms.push(p);
            for (const l of manifest?.layers ?? []) {
                if (seen.has(l.digest))
                    continue;
                seen.add(l.digest);
                out.layers.push(layerOf(l));
            }
        }
        out.platform = platforms;
        return out;
    }
    return out;
}


/***/ }),

/***/ 7906:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   A: () => (/* binding */ resolveThrough)
/* harmony export */ });
/* harmony import */ var _pullthrough_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8971);
/* harmony import */ var _options_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6944);


/** Resolve `ref` in `store`, pulling it on a miss with the run's credentials; errors name `input`. */
function resolveThrough(store, ref, options, ctx, input = 'ref') {
    return (0,_pullthrough_js__WEBPACK_IMPORTED_MODULE_0__/* .resolveThrough */ .Az)(store, ref, { platforms: options.platforms, ...(0,_options_js__WEBPACK_IMPORTED_MODULE_1__/* .registryInputs */ .P4)(options) }, ctx, input);
}


/***/ }),

/***/ 7837:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Bc: () => (/* binding */ compress),
  mF: () => (/* binding */ decompress),
  gc: () => (/* reexport */ gzip.isParallelGzip),
  AH: () => (/* reexport */ codecs/* layerCompression */.AH),
  sG: () => (/* reexport */ codecs/* layerMediaType */.sG),
  b$: () => (/* reexport */ pipeline/* ownsItsMemory */.b$),
  F5: () => (/* reexport */ pipeline/* releaseOutput */.F5)
});

// UNUSED EXPORTS: CODECS, COMPRESSIONS, DEFAULT_GZIP_LEVEL, DEFAULT_ZSTD_LEVEL, GZIP_LEVEL_BY_KIND, blockParallel, codec, defaultConcurrency, gunzipStream, gzipStream, probeBlock, pump, unzstdStream, zstdConcurrency, zstdStream

// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
// EXTERNAL MODULE: ./src/core/compress/codecs.ts
var codecs = __webpack_require__(6721);
// EXTERNAL MODULE: external "node:worker_threads"
var external_node_worker_threads_ = __webpack_require__(5919);
;// CONCATENATED MODULE: ./src/core/compress/gunzip-thread.ts
/**
 * gunzip of one gzip stream on a worker thread of its own, for an unpack of a layer other
 * tools made (umoci, skopeo, Docker: one deflate stream, inflated on one core).
 *
 * Why not zlib's stream on the main thread's pool: each of its output chunks is a round
 * trip through the main thread, which starts the next inflate only when it gets back to
 * its event loop — and an unpack's main thread sits in long synchronous passes creating
 * files. Measured on umoci's small-files layer (64 MB, 190 MB of tar, 2 cores shared with
 * other work): the pool thread spent ~0.3-0.5 s inflating, but its 1000 round trips took
 * ~1.3-2 s from request to result, and the main thread waited ~50% of the unpack for
 * inflated bytes while the writing thread sat idle as long. Here the same zlib stream runs on a worker whose event
 * loop does nothing else, so the next inflate starts at once; it runs ahead by up to
 * OUT_SLOTS chunks, which the main thread takes when it is ready.
 *
 * Bytes travel through two rings of shared memory (compressed in, inflated out), each slot
 * handed back once its reader is done: no buffer per chunk. Handing each chunk's own buffer
 * over instead (a transfer) took the unpack's peak RSS from ~120 to ~175 MB: memory
 * allocated on one thread and freed on the other piles up in the allocator.
 *
 * The bytes and errors are zlib's own (the same Gunzip, CRC-32 and size checks, members
 * read back to back, trailing zeros accepted): only where it runs changes.
 */

/** Bytes per slot of the inflated ring: zlib's output chunk, ~1 ms of inflate. */
const CHUNK = 256 * 1024;
/** Slots of the inflated ring: 4 MiB of lead, ~10 ms of the main thread's work. */
const OUT_SLOTS = 16;
/** Bytes per slot of the compressed ring (a layer is read 256 KiB at a time). */
const IN_SLOT = 256 * 1024;
/**
 * Slots of the compressed ring: 2 MiB, ~6 MB of inflated lead. The main thread refills it
 * only when it gets back to its event loop: with 2 slots the inflating thread sat without
 * input for 0.35-0.6 s of an unpack of umoci's small-files layer, with 8 for 0.06-0.19 s
 * (its ring of inflated chunks full instead, for 0.2-0.4 s: waiting for the main thread).
 */
const IN_SLOTS = 8;
// process.getBuiltinModule, not require: eval'd code is read as ES module when the process
// runs with --input-type=module (a worker inherits execArgv), where require is undefined.
const WORKER_SOURCE = `
const { parentPort, workerData } = process.getBuiltinModule('node:worker_threads');
const zlib = process.getBuiltinModule('node:zlib');
const input = Buffer.from(workerData.input);
const output = Buffer.from(workerData.output);
const z = zlib.createGunzip({ chunkSize: ${CHUNK} });
const free = Array.from({ length: ${OUT_SLOTS} }, (_, i) => i);
const waiting = [];
let paused = false;
let ended = false;
function place() {
  while (waiting.length > 0 && free.length > 0) {
    const c = waiting.shift();
    const slot = free.shift();
    c.copy(output, slot * ${CHUNK});
    parentPort.postMessage(slot * ${CHUNK} + c.length);
    // zlib takes a new output buffer once one is full: this one is garbage, freed now
    // rather than at a collection of this thread (V8 lets ~64 MB of it pile up).
    if (c.byteOffset + c.length === c.buffer.byteLength && c.buffer.byteLength === ${CHUNK}) c.buffer.transfer(0);
  }
  if (waiting.length > 0 && !paused) {
    paused = true;
    z.pause();
  } else if (waiting.length === 0 && paused) {
    paused = false;
    z.resume();
  }
  if (ended && waiting.length === 0) {
    ended = false;
    parentPort.postMessage('end');
  }
}
z.on('data', (c) => {
  waiting.push(c);
  place();
});
z.on('end', () => {
  ended = true;
  place();
});
z.on('error', (e) => parentPort.postMessage({ error: e.message, code: e.code }));
parentPort.on('message', (m) => {
  if (m === 'end') z.end();
  else if (m.free !== undefined) {
    free.push(m.free);
    place();
  } else z.write(input.subarray(m.slot * ${IN_SLOT}, m.slot * ${IN_SLOT} + m.length), () => parentPort.postMessage({ took: m.slot }));
});
`;
/**
 * Gunzip `source` (one gzip stream, or several members back to back) on a worker thread;
 * yields the inflated bytes in order. A yielded chunk is a view of shared memory, valid
 * until the next is asked for (a consumer that keeps it must copy it). zlib's errors are
 * thrown as zlib throws them (an Error with zlib's code), the source's as they are. Costs
 * a thread start (~20-30 ms of CPU): for large layers.
 */
async function* threadGunzip(source) {
    const inMemory = new SharedArrayBuffer(IN_SLOT * IN_SLOTS);
    const outMemory = new SharedArrayBuffer(CHUNK * OUT_SLOTS);
    const input = Buffer.from(inMemory);
    const output = Buffer.from(outMemory);
    const worker = new external_node_worker_threads_.Worker(WORKER_SOURCE, { eval: true, workerData: { input: inMemory, output: outMemory } });
    /** Inflated chunks ready, as their end offsets in the ring (a chunk starts at its slot). */
    const ready = [];
    const freeIn = Array.from({ length: IN_SLOTS }, (_, i) => i);
    let ended = false;
    let stopped = false;
    let error;
    let wake = [];
    const changed = () => {
        const w = wake;
        wake = [];
        for (const f of w)
            f();
    };
    const next = () => new Promise((r) => wake.push(r));
    worker.on('message', (m) => {
        if (typeof m === 'number')
            ready.push(m);
        else if (m === 'end')
            ended = true;
        else if ('took' in m)
            freeIn.push(m.took);
        else
            error ??= Object.assign(new Error(m.error), m.code === undefined ? {} : { code: m.code });
        changed();
    });
    worker.on('error', (e) => {
        error ??= e;
        changed();
    });
    worker.on('exit', () => {
        error ??= new Error('the inflating thread exited');
        changed();
    });
    const feed = (async () => {
        for await (const c of source) {
            for (let off = 0; off < c.length; off += IN_SLOT) {
                while (freeIn.length === 0 && error === undefined && !stopped)
                    await next();
                if (error !== undefined || stopped)
                    return;
                const slot = freeIn.shift();
                const length = Math.min(IN_SLOT, c.length - off);
                input.set(c.subarray(off, off + length), slot * IN_SLOT);
                worker.postMessage({ slot, length });
            }
        }
        worker.postMessage('end');
    })().catch((e) => {
        error ??= e;
        changed();
    });
    try {
        for (;;) {
            const end = ready.shift();
            if (end !== undefined) {
                const slot = Math.floor((end - 1) / CHUNK);
                yield output.subarray(slot * CHUNK, end);
                worker.postMessage({ free: slot });
                continue;
            }
            if (error !== undefined)
                throw error;
            if (ended)
                break;
            await next();
        }
        await feed;
    }
    finally {
        stopped = true;
        changed();
        worker.removeAllListeners('exit');
        await worker.terminate();
    }
}

// EXTERNAL MODULE: ./src/core/compress/gzip.ts
var gzip = __webpack_require__(4354);
// EXTERNAL MODULE: ./src/core/compress/zstd.ts
var zstd = __webpack_require__(8233);
// EXTERNAL MODULE: ./src/core/compress/probe.ts
var probe = __webpack_require__(2134);
// EXTERNAL MODULE: ./src/core/compress/pipeline.ts
var pipeline = __webpack_require__(4220);
;// CONCATENATED MODULE: ./src/core/compress/index.ts
/**
 * Layer compression and decompression by codec (codecs.ts): gzip (block-parallel both
 * ways, see gzip.ts), zstd (block-parallel, zstd.ts) and none. Every function works on
 * async iterables of buffers so callers compose them with hashing and storage in one
 * streaming pass.
 */








/** Compress an async stream of buffers. */
function compress(source, compression, options = {}) {
    const c = (0,codecs/* codec */.rL)(compression).compress;
    return c ? c(source, options) : source;
}
/**
 * Decompress an async stream of buffers. Errors of the decoder (truncated input, bad
 * data) become INVALID_LAYER. `thread`: gzip that is one deflate stream (not gzipStream's
 * members, see isParallelGzip) is inflated on a worker thread of its own (gunzip-thread.ts),
 * for a consumer that keeps the main thread busy.
 */
async function* decompress(source, compression, options = {}) {
    const d = options.thread === true && compression === 'gzip' ? threadGunzip : (0,codecs/* codec */.rL)(compression).decompress;
    if (!d) {
        for await (const c of source)
            yield Buffer.isBuffer(c) ? c : Buffer.from(c);
        return;
    }
    try {
        yield* d(source);
    }
    catch (e) {
        if (e instanceof errors/* OciError */.Mf)
            throw e;
        throw new errors/* OciError */.Mf('INVALID_LAYER', `cannot decompress the ${compression} layer: ${e.message}`, {
            hint: 'the layer blob is truncated or corrupt; re-pull or rebuild the image',
            cause: e,
        });
    }
}


/***/ }),

/***/ 8233:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   DEFAULT_ZSTD_LEVEL: () => (/* binding */ DEFAULT_ZSTD_LEVEL),
/* harmony export */   unzstdStream: () => (/* binding */ unzstdStream),
/* harmony export */   zstdConcurrency: () => (/* binding */ zstdConcurrency),
/* harmony export */   zstdStream: () => (/* binding */ zstdStream)
/* harmony export */ });
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_zlib__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8522);
/* harmony import */ var node_zlib__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_zlib__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _pipeline_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4220);
/**
 * zstd with Node's zlib (RFC 8878), block-parallel: one frame per block, each compressed
 * in a single call on the thread pool (see zstdFrame), written in order by blockParallel.
 */



/**
 * Default zstd level. Chosen by measurement (bench/ingest.bench.mjs, two cores): level 2
 * compresses a few hundred MB of shared libraries in ~25% less time than zstd's default
 * level 3, for layers ~5% larger — still 5–15% smaller than gzip's. Level 1 is no faster
 * here and larger than gzip on binaries.
 */
const DEFAULT_ZSTD_LEVEL = 2;
/** zstd block size: big enough that independent frames cost well under 1% of ratio. */
const ZSTD_BLOCK = 4 * 1024 * 1024;
/** Room for any compressed block (ZSTD_compressBound of 4 MiB is 4 MiB + 16 KiB). */
const ZSTD_OUT = ZSTD_BLOCK + ZSTD_BLOCK / 64;
/**
 * Compress one block into one zstd frame on the thread pool, in a single call.
 *
 * `zlib.zstdCompress` feeds its input with ZSTD_e_continue and ends the frame in a second
 * call: zstd then buffers the input and compresses it through its streaming window (the
 * slower "extDict" match finder), and with the default 16 KiB output buffer every 16 KiB
 * of output is a round trip to the main thread. One write with ZSTD_e_end, the size
 * pledged and an output buffer that holds the whole frame lets zstd compress the block
 * in one pass, as `zstd(1)` does. Measured on a tree of small files: ~20% less CPU than
 * the streaming call at the same level. The stream is never ended (ending it would append
 * an empty frame): its output is collected and the stream closed.
 */
function zstdFrame(data, params) {
    const z = node_zlib__WEBPACK_IMPORTED_MODULE_1___default().createZstdCompress({
        chunkSize: ZSTD_OUT,
        flush: (node_zlib__WEBPACK_IMPORTED_MODULE_1___default().constants).ZSTD_e_end,
        pledgedSrcSize: data.length,
        params,
    });
    return (0,_pipeline_js__WEBPACK_IMPORTED_MODULE_2__/* .compressWhole */ ._4)(z, data, 'zstd');
}
/**
 * zstd blocks compressing at once by default: the pool's threads, but no more than one
 * block per core and one waiting. Each block in flight holds 4 MiB of input and its frame;
 * past the cores, more blocks add memory, not speed. 300 MB of binaries on 2 cores (4
 * pool threads), 4 alternated pairs: 4 blocks 0.84-0.90 s, peak RSS 132-137 MB; 3 blocks
 * 0.78-0.95 s, 122-126 MB (30k small files: 129-136 -> 124-128 MB, 0.85-1.34 -> 0.86-0.99
 * s). The frames are the same whatever the count.
 */
function zstdConcurrency(cores = (0,node_os__WEBPACK_IMPORTED_MODULE_0__.availableParallelism)()) {
    return Math.max(2, Math.min((0,_pipeline_js__WEBPACK_IMPORTED_MODULE_2__/* .defaultConcurrency */ .PV)(), cores + 1));
}
/**
 * zstd, block-parallel: the input is cut into fixed 4 MiB blocks by byte offset, each
 * compressed into its own frame on the thread pool; the frames are concatenated, which
 * RFC 8878 §3 defines as one zstd stream (every decoder — zstd(1), containerd's, Node's —
 * reads concatenated frames). Node's bundled zstd has no worker threads of its own.
 * Deterministic: the output depends only on the bytes and the level.
 */
function zstdStream(source, options = {}) {
    const params = {
        [(node_zlib__WEBPACK_IMPORTED_MODULE_1___default().constants).ZSTD_c_compressionLevel]: options.level ?? DEFAULT_ZSTD_LEVEL,
        [(node_zlib__WEBPACK_IMPORTED_MODULE_1___default().constants).ZSTD_c_checksumFlag]: 0,
    };
    return (0,_pipeline_js__WEBPACK_IMPORTED_MODULE_2__/* .blockParallel */ .Hj)(source, {
        blockSize: ZSTD_BLOCK,
        concurrency: options.concurrency ?? zstdConcurrency(),
        encode: async (block) => [await zstdFrame(block, params)],
    });
}
/** Decompress a zstd stream (any number of frames) with zlib. */
function unzstdStream(source) {
    return (0,_pipeline_js__WEBPACK_IMPORTED_MODULE_2__/* .pump */ .ri)(source, node_zlib__WEBPACK_IMPORTED_MODULE_1___default().createZstdDecompress({ chunkSize: 256 * 1024 }));
}


/***/ }),

/***/ 2674:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Nj: () => (/* binding */ ORAS_UNPACK),
  wv: () => (/* binding */ annotationsAt),
  aD: () => (/* binding */ buildTime),
  Rz: () => (/* binding */ ingestArtifact),
  iD: () => (/* binding */ ingestImage),
  Z5: () => (/* binding */ ingestIndex),
  W9: () => (/* binding */ standardAnnotations)
});

// UNUSED EXPORTS: FIXED_EPOCH, ORAS_DIGEST, collectEntries, entryTime, resolveSources, rfc3339, substitutePlatform, walkInOrder, writeCompressed, writeLayer

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/core/compress/index.ts + 1 modules
var compress = __webpack_require__(7837);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
// EXTERNAL MODULE: ./src/core/memory.ts
var memory = __webpack_require__(1360);
// EXTERNAL MODULE: ./src/core/tar/header.ts
var header = __webpack_require__(9310);
// EXTERNAL MODULE: ./src/core/tar/names.ts
var names = __webpack_require__(3195);
;// CONCATENATED MODULE: ./src/core/tar/writer.ts
/**
 * A deterministic streaming tar writer. Given the same entries it produces the same bytes:
 * entries sorted by name with their parent directories emitted first, uid/gid 0, empty
 * uname/gname, modes kept (exec bits included), mtimes as given (the caller clamps them),
 * PAX headers only where ustar cannot hold a field.
 *
 * Reference: POSIX.1-2008 `pax`; reproducible-builds.org "Archives".
 */




/** Characters whose UTF-16 order differs from their UTF-8 byte order (surrogates and up). */
const NON_BMP_ORDER = /[\uD800-\uFFFF]/;
/** Sort entries by name (byte order) — a parent always sorts before its children. */
function sortEntries(entries) {
    return sortByName(entries, (e) => e.name);
}
/** Sort items by the name `nameOf` gives each, in the byte order of sortEntries. */
function sortByName(items, nameOf) {
    // Below U+D800, UTF-16 code units order strings as their UTF-8 bytes do: compare the
    // strings themselves (no buffer per comparison, ~10× faster on 30k names).
    if (!items.some((i) => NON_BMP_ORDER.test(nameOf(i)))) {
        return items.sort((a, b) => {
            const x = nameOf(a);
            const y = nameOf(b);
            return x < y ? -1 : x > y ? 1 : 0;
        });
    }
    // Names may carry raw bytes (names.ts, lone surrogates): compare their real bytes.
    const keys = new Map(items.map((i) => [i, (0,names/* encodeName */.aA)(nameOf(i))]));
    return items.sort((a, b) => Buffer.compare(keys.get(a), keys.get(b)));
}
/**
 * Add a directory entry for every missing ancestor (mode 0755, `mtime`), so unpackers
 * never invent parents with their own modes.
 */
function withParents(entries, mtime) {
    const have = new Set(entries.filter((e) => e.type === 'directory').map((e) => e.name));
    const out = entries.slice();
    for (const e of entries) {
        // Walk up until an ancestor is known: a known one is an entry (its own ancestors are
        // handled when the loop reaches it) or was added here with its ancestors.
        for (let cut = e.name.lastIndexOf('/'); cut > 0; cut = e.name.lastIndexOf('/', cut - 1)) {
            const dir = e.name.slice(0, cut);
            if (have.has(dir))
                break;
            have.add(dir);
            out.push({ name: dir, type: 'directory', mode: 0o755, mtime });
        }
    }
    return out;
}
/** A layer source that changed while ingest used it: `what` says while what, and how. */
function sourceChanged(path, what) {
    const shown = (0,names/* displayName */.QC)(typeof path === 'string' ? path : (0,names/* decodeName */.e4)(path), 1000);
    return new errors/* OciError */.Mf('INVALID_INPUT', `${shown} changed while ${what}`, {
        input: 'layers',
        hint: 'make sure nothing writes to the layer sources while ingest runs',
    });
}
function changed(path, why) {
    return sourceChanged(path, `it was being read (${why})`);
}
/** The header of an entry, with the fixed owner fields of a reproducible archive. */
function headerOf(e) {
    return {
        name: e.type === 'directory' ? `${e.name}/` : e.name,
        type: e.type,
        size: e.type === 'file' ? (e.size ?? e.data?.length ?? 0) : 0,
        mode: e.mode & 0o7777,
        uid: 0,
        gid: 0,
        uname: '',
        gname: '',
        mtime: e.mtime,
        linkname: e.linkname ?? '',
        devmajor: 0,
        devminor: 0,
    };
}
/**
 * Write `entries` (in the given order; see `sortEntries`/`withParents`) as a tar stream.
 * They are taken one at a time as the archive is written: a generator may walk them then.
 *
 * Small files are read with synchronous open/read/close straight into the output chunk:
 * measured here, that is 3-5× faster than any promise-based read of ~30k small files
 * (each async call is a round trip through the thread pool), and the main thread has
 * nothing better to do meanwhile — compression runs on the pool. Large files are
 * streamed in 1 MiB reads, synchronous too (streamFile). Memory: one output chunk plus
 * what the consumer holds.
 */
async function* packTar(entries, options = {}) {
    const chunkSize = options.chunkSize ?? 1 << 20;
    const smallFile = options.smallFile ?? 1 << 20;
    const reuse = options.reuseChunks === true;
    let out = Buffer.allocUnsafe(chunkSize);
    let used = 0;
    const fresh = () => (reuse ? out : Buffer.allocUnsafe(chunkSize));
    function* put(data) {
        let off = 0;
        while (off < data.length) {
            const n = Math.min(chunkSize - used, data.length - off);
            out.set(data.subarray(off, off + n), used);
            used += n;
            off += n;
            if (used === chunkSize) {
                yield out;
                out = fresh();
                used = 0;
            }
        }
    }
    function* flush() {
        if (used > 0) {
            yield out.subarray(0, used);
            out = fresh();
            used = 0;
        }
    }
    for (const e of entries) {
        const h = headerOf(e);
        // Most headers are plain ustar: written in place, no buffer per entry.
        if (chunkSize - used >= header/* BLOCK */.IE && (0,header/* writeUstarInto */.Jc)(h, out, used)) {
            used += header/* BLOCK */.IE;
            if (used === chunkSize)
                yield* flush();
        }
        else {
            yield* put((0,header/* encodeHeader */.YS)(h));
        }
        if (e.type !== 'file')
            continue;
        const size = h.size;
        if (e.data !== undefined) {
            yield* put(e.data);
        }
        else if (e.source !== undefined && size <= smallFile) {
            if (size > chunkSize - used)
                yield* flush();
            if (size > 0)
                readSmall(e.source, size, out, used);
            used += size;
            if (used === chunkSize)
                yield* flush();
        }
        else if (e.source !== undefined) {
            yield* flush();
            yield* readLarge(e.source, size, reuse);
        }
        else if (size !== 0) {
            throw new Error(`tar entry ${e.name} has neither source nor data`);
        }
        yield* put((0,header/* padding */.Ms)(size));
    }
    yield* put((0,header/* endOfArchive */.PG)());
    yield* flush();
}
/** Read exactly `size` bytes of a small file into `buf` at `offset` (sync; see packTar). */
function readSmall(path, size, buf, offset) {
    const fd = (0,external_node_fs_.openSync)(path, external_node_fs_.constants.O_RDONLY | external_node_fs_.constants.O_NOFOLLOW);
    try {
        let got = 0;
        while (got < size) {
            const n = (0,external_node_fs_.readSync)(fd, buf, offset + got, size - got, got);
            if (n === 0)
                throw changed(path, `ended at ${got} of ${size} bytes`);
            got += n;
        }
    }
    finally {
        (0,external_node_fs_.closeSync)(fd);
    }
}
/**
 * Stream a large file in 1 MiB reads (into one reused buffer when `reuse`, else fresh
 * ones), checking it has exactly `size` bytes. Synchronous, as small files: a read on the
 * thread pool waited in its queue behind the blocks being compressed there, and the main
 * thread, with nothing to hand out meanwhile, left the pool to drain. Measured on the
 * binaries tree (221 of its 301 MB in files over 1 MiB, gzip, 2 cores under load 5-6): main
 * thread waiting on those reads 350-720 ms, 45-73 ms of it with at most one block being
 * compressed; read synchronously, 62-87 ms in the reads.
 */
function* readLarge(path, size, reuse) {
    const fd = (0,external_node_fs_.openSync)(path, external_node_fs_.constants.O_RDONLY);
    let shared;
    try {
        let pos = 0;
        while (pos < size) {
            const want = Math.min(1 << 20, size - pos);
            const buf = reuse ? (shared ??= Buffer.allocUnsafe(1 << 20)).subarray(0, want) : Buffer.allocUnsafe(want);
            let got = 0;
            while (got < want) {
                const n = (0,external_node_fs_.readSync)(fd, buf, got, want - got, pos + got);
                if (n === 0)
                    throw changed(path, `ended at ${pos + got} of ${size} bytes`);
                got += n;
            }
            pos += got;
            yield buf;
        }
        if ((0,external_node_fs_.readSync)(fd, Buffer.allocUnsafe(1), 0, 1, size) !== 0)
            throw changed(path, `grew past ${size} bytes`);
    }
    finally {
        (0,external_node_fs_.closeSync)(fd);
    }
}

// EXTERNAL MODULE: ./src/core/types/oci.ts
var oci = __webpack_require__(7736);
;// CONCATENATED MODULE: ./src/core/ingest.ts
/**
 * Ingest: build outputs → deterministic tar layers → image config → manifest (or an OCI
 * 1.1 artifact, or one manifest per platform under an index).
 *
 * Reproducibility: the same inputs give the same digests on any machine, day and checkout
 * order — entries are sorted, owners zeroed, mtimes clamped to SOURCE_DATE_EPOCH (else
 * the Unix epoch), `created` is that same time, JSON is written with a fixed key order.
 *
 * References: image-spec layer.md, config.md, manifest.md ("Guidelines for Artifact
 * Usage"), image-index.md, annotations.md; reproducible-builds.org SOURCE_DATE_EPOCH.
 */










/** The fixed epoch used when SOURCE_DATE_EPOCH is unset: 1970-01-01T00:00:00Z. */
const FIXED_EPOCH = 0;
/** Read SOURCE_DATE_EPOCH (decimal seconds) from the environment. */
function buildTime(env) {
    const raw = env.SOURCE_DATE_EPOCH?.trim();
    if (raw === undefined || raw === '')
        return { created: FIXED_EPOCH };
    if (!/^[0-9]{1,12}$/.test(raw)) {
        throw new errors/* OciError */.Mf('INVALID_INPUT', `SOURCE_DATE_EPOCH ${JSON.stringify(raw)} is not a whole number of seconds`, {
            hint: 'set SOURCE_DATE_EPOCH to seconds since 1970, e.g. $(git log -1 --format=%ct)',
        });
    }
    const n = Number(raw);
    return { sourceDateEpoch: n, created: n };
}
/** An entry mtime: clamped to SOURCE_DATE_EPOCH when set, else the fixed epoch. */
function entryTime(mtimeMs, time) {
    if (time.sourceDateEpoch === undefined)
        return FIXED_EPOCH;
    return Math.min(Math.floor(mtimeMs / 1000), time.sourceDateEpoch);
}
/** RFC 3339 without fractional seconds (`1970-01-01T00:00:00Z`). */
function rfc3339(seconds) {
    return new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
function badLayers(message, hint) {
    return new errors/* OciError */.Mf('INVALID_INPUT', message, { input: 'layers', hint });
}
const GLOB_CHARS = /[*?[{]/;
/** Substitute `{os}`, `{arch}` and `{variant}` in a SRC for one platform. */
function substitutePlatform(src, platform) {
    return src
        .replaceAll('{os}', platform.os)
        .replaceAll('{arch}', platform.architecture)
        .replaceAll('{variant}', platform.variant ?? '');
}
/** True when `child` is `parent` or inside it (both absolute, resolved). */
function inside(parent, child) {
    const rel = (0,external_node_path_.relative)(parent, child);
    return rel === '' || (!rel.startsWith('..' + external_node_path_.sep) && rel !== '..' && !(0,external_node_path_.isAbsolute)(rel));
}
/** Normalise an image path to an archive name: no leading `/`, `''` for the root. */
function archiveName(imagePath, line) {
    const n = external_node_path_.posix.normalize('/' + imagePath.replace(/\\/g, '/'));
    if (n.split('/').includes('..'))
        throw badLayers(`DEST in ${JSON.stringify(line)} leaves the image root`, 'write an absolute DEST without "..", e.g. dist:/app');
    return n.replace(/^\/+/, '').replace(/\/+$/, '');
}
/**
 * Resolve one `layers` line to source roots: a file or directory, or every match of a
 * glob (`*`, `**`, `?`, `[…]`, `{a,b}`), each inside the workspace.
 *
 * - DEST absent: each source lands at its path relative to the workspace.
 * - DEST given: a plain SRC lands at DEST (a file into DEST when DEST ends in `/`); glob
 *   matches land at DEST + their path below the glob's fixed leading directories.
 */
async function resolveSources(spec, workspace, platform) {
    const ws = (0,external_node_path_.resolve)(workspace);
    const line = spec.dest !== undefined ? `${spec.src}:${spec.dest}` : spec.src;
    const src = substitutePlatform(spec.src.trim(), platform);
    const check = async (abs) => {
        if (!inside(ws, abs)) {
            throw badLayers(`SRC ${JSON.stringify(src)} is outside the workspace ${ws}`, 'layers take files under the workspace (GITHUB_WORKSPACE or the current directory); copy them there first');
        }
        // A symlinked SRC is followed only when its target stays inside the workspace.
        let real;
        try {
            real = await (0,promises_.realpath)(abs);
        }
        catch (e) {
            if ((0,errors/* isErrno */.r)(e, 'ENOENT'))
                return abs; // dangling: reported by the caller's lstat
            throw e;
        }
        const realWs = await (0,promises_.realpath)(ws);
        if (!inside(realWs, real)) {
            throw badLayers(`SRC ${JSON.stringify((0,external_node_path_.relative)(ws, abs) || '.')} resolves outside the workspace (to ${real})`, 'layers take files under the workspace; a symlinked SRC must point inside it');
        }
        return abs;
    };
    if (!GLOB_CHARS.test(src)) {
        const abs = (0,external_node_path_.resolve)(ws, src);
        await check(abs);
        let st;
        try {
            st = await (0,promises_.stat)(abs);
        }
        catch (e) {
            if ((0,errors/* isErrno */.r)(e, 'ENOENT', 'ENOTDIR')) {
                throw badLayers(`SRC ${JSON.stringify(src)} of ${JSON.stringify(line)} matches nothing under ${ws}`, 'check the path (relative to the workspace) or build the files first');
            }
            throw e;
        }
        let dest = spec.dest ?? '/' + (0,external_node_path_.relative)(ws, abs).split(external_node_path_.sep).join('/');
        if (spec.dest !== undefined && spec.dest.endsWith('/') && !st.isDirectory())
            dest = spec.dest + external_node_path_.posix.basename(abs);
        return [{ path: abs, name: archiveName(dest, line) }];
    }
    // Glob: the fixed leading directories are the base DEST is relative to.
    const parts = src.replace(/\\/g, '/').split('/');
    const fixed = [];
    for (const p of parts.slice(0, -1)) {
        if (GLOB_CHARS.test(p))
            break;
        fixed.push(p);
    }
    const base = (0,external_node_path_.resolve)(ws, fixed.join('/') || '.');
    if (!inside(ws, base))
        throw badLayers(`SRC ${JSON.stringify(src)} is outside the workspace ${ws}`, 'layers take files under the workspace');
    const matches = [];
    for await (const m of (0,promises_.glob)(src, { cwd: ws }))
        matches.push((0,external_node_path_.resolve)(ws, m));
    matches.sort();
    if (matches.length === 0) {
        throw badLayers(`SRC ${JSON.stringify(src)} of ${JSON.stringify(line)} matches nothing under ${ws}`, 'check the pattern (relative to the workspace) or build the files first');
    }
    const out = [];
    for (const abs of matches) {
        await check(abs);
        const rel = (0,external_node_path_.relative)(base, abs).split(external_node_path_.sep).join('/');
        const dest = spec.dest !== undefined ? external_node_path_.posix.join(spec.dest, rel) : '/' + (0,external_node_path_.relative)(ws, abs).split(external_node_path_.sep).join('/');
        out.push({ path: abs, name: archiveName(dest, line) });
    }
    return out;
}
/**
 * The children of a directory, and which of them are directories. Names are bytes: one that is not UTF-8 (`caf\xe9`) would come
 * back from a plain readdir as `caf\uFFFD` — another name, or the same as a second file's —
 * so such a directory is read again as bytes and decoded without loss (tar/names.ts).
 */
function readChildren(path) {
    const dirents = (0,external_node_fs_.readdirSync)(path, { withFileTypes: true });
    if (!dirents.some((d) => d.name.includes('\uFFFD')))
        return dirents.map((d) => ({ c: d.name, dir: d.isDirectory() }));
    return (0,external_node_fs_.readdirSync)(path, { withFileTypes: true, encoding: 'buffer' }).map((d) => ({ c: (0,names/* decodeName */.e4)(d.name), dir: d.isDirectory() }));
}
/** The path of `name` in directory `dir`: a Buffer once any part is not UTF-8. */
function childPath(dir, name) {
    if (typeof dir === 'string' && !(0,names/* hasRawBytes */.Cb)(name))
        return (dir.endsWith(external_node_path_.sep) ? dir : dir + external_node_path_.sep) + name;
    const d = typeof dir === 'string' ? Buffer.from(dir) : dir;
    return Buffer.concat([d, d[d.length - 1] === external_node_path_.sep.charCodeAt(0) ? Buffer.alloc(0) : Buffer.from(external_node_path_.sep), (0,names/* encodeName */.aA)(name)]);
}
/** A symlink's target, kept as bytes when it is not UTF-8. */
function readLinkName(path) {
    const target = (0,external_node_fs_.readlinkSync)(path);
    return target.includes('\uFFFD') ? (0,names/* decodeName */.e4)((0,external_node_fs_.readlinkSync)(path, { encoding: 'buffer' })) : target;
}
/**
 * Walk source roots into tar entries: directories recursed, symlinks kept as symlinks
 * (never followed, except a symlinked root that check() allowed), files with their
 * modes, hard links between files of this layer (same dev+ino) as tar hard links;
 * parents added, sorted by name. Sockets, FIFOs and devices are skipped with a warning.
 */
async function collectEntries(roots, time, logger) {
    const byName = new Map();
    const add = (f) => {
        const prev = byName.get(f.entry.name);
        if (prev) {
            if (prev.source === f.source)
                return;
            if (prev.entry.type === 'directory' && f.entry.type === 'directory')
                return; // merged directories
            throw badLayers(`${(0,names/* displayName */.QC)(prev.source, 1000)} and ${(0,names/* displayName */.QC)(f.source, 1000)} both map to /${(0,names/* displayName */.QC)(f.entry.name, 1000)} in one layer`, 'give each SRC its own DEST, or split them into separate layers');
        }
        byName.set(f.entry.name, f);
    };
    // Synchronous walk: for tens of thousands of entries, sync lstat/readdir are several
    // times faster than promise round trips through the thread pool, and bounded in memory.
    const visit = (path, name, st) => {
        const mtime = entryTime(st.mtimeMs, time);
        const mode = st.mode & 0o7777;
        const source = typeof path === 'string' ? path : (0,names/* decodeName */.e4)(path);
        if (st.isDirectory()) {
            if (name !== '')
                add({ entry: { name, type: 'directory', mode, mtime }, source });
            // Names from readdir are single components: plain concatenation is join's result.
            for (const { c } of readChildren(path)) {
                const p = childPath(path, c);
                visit(p, name === '' ? c : `${name}/${c}`, (0,external_node_fs_.lstatSync)(p));
            }
        }
        else if (st.isFile()) {
            if (name === '')
                throw badLayers(`a file cannot be the image root (${source})`, 'give the file a DEST path, e.g. app.bin:/app/app.bin');
            const found = { entry: { name, type: 'file', mode, mtime, size: st.size, source: path }, source };
            if (st.nlink > 1)
                found.ino = `${st.dev}:${st.ino}`;
            add(found);
        }
        else if (st.isSymbolicLink()) {
            add({ entry: { name, type: 'symlink', mode: 0o777, mtime, linkname: readLinkName(path) }, source });
        }
        else {
            logger.warning(`skipping ${(0,names/* displayName */.QC)(source, 1000)}: sockets, FIFOs and device files are not put into layers`);
        }
    };
    for (const root of roots) {
        // The root itself may be a symlink that check() allowed: follow it.
        visit(root.path, root.name, await (0,promises_.stat)(root.path));
    }
    // Sorted once, parents included: the hard-link pass below keeps every name in place.
    let entries = sortEntries(withParents([...byName.values()].map((f) => f.entry), time.sourceDateEpoch === undefined ? FIXED_EPOCH : time.sourceDateEpoch));
    // Hard links: the first name (in archive order) of an inode carries the body.
    const inoOf = new Map();
    for (const f of byName.values())
        if (f.ino)
            inoOf.set(f.entry, f.ino);
    if (inoOf.size > 0) {
        const firstOf = new Map();
        entries = entries.map((e) => {
            const ino = inoOf.get(e);
            if (ino === undefined)
                return e;
            const first = firstOf.get(ino);
            if (first === undefined) {
                firstOf.set(ino, e.name);
                return e;
            }
            return { name: e.name, type: 'link', mode: e.mode, mtime: e.mtime, linkname: first };
        });
    }
    if (entries.length >= 1000)
        (0,memory/* releaseHeap */.yU)(); // the walk's garbage grew the heap: see releaseHeap
    return entries;
}
/**
 * The entries of one directory root in archive order (what collectEntries returns for it),
 * walked while the layer is written. collectEntries walks the whole tree before the first
 * byte: on ~30k small files that was ~0.25 s of lstat and readdir on the main thread while
 * the compressing threads had nothing to do, then ~40 ms of collections to give back the
 * heap its 30k entries grew (memory.ts releaseHeap). Here each directory is listed when
 * the archive reaches it, each entry is lstat'ed when it is written, and none is kept: a
 * listing holds names only (a directory of ~10k files holding its children's Stats grew
 * V8's young generation by ~30 MB of peak RSS, measured). Measured on those 30k files
 * (2 cores, the CLI, medians of 6 alternated runs): zstd ingest 1.59 → 1.29 s of CPU,
 * 1.10 → 0.92 s wall, peak RSS 139 → 133 MB; gzip likewise ~15% less CPU.
 *
 * The order is sortEntries' (byte order of whole names): in a directory, a child's own
 * entry sorts by its name and everything below a child directory `c` by `c/`, which
 * compares with its siblings' names as each of the names below it does ('/' is the first
 * byte that differs from `c`'s other continuations, or `c` is a prefix). So each subtree is
 * one run of the archive, and sorting each directory's keys gives the global order. The
 * root's missing parents come first (withParents' entries); hard links between files of
 * the tree become tar links to the first name in archive order, as in collectEntries.
 */
function* walkInOrder(root, st, time, logger) {
    if (root.name !== '') {
        const self = { name: root.name, type: 'directory', mode: st.mode & 0o7777, mtime: entryTime(st.mtimeMs, time) };
        yield* sortEntries(withParents([self], time.sourceDateEpoch === undefined ? FIXED_EPOCH : time.sourceDateEpoch));
    }
    const firstOf = new Map();
    const list = (path, name) => {
        const children = [];
        for (const { c, dir } of readChildren(path)) {
            children.push({ key: c, c, dir, subtree: false });
            if (dir)
                children.push({ key: `${c}/`, c, dir, subtree: true });
        }
        return { path, name, children: sortByName(children, (x) => x.key), next: 0 };
    };
    // The listings of the directories on the path to the entry being written.
    const stack = [list(root.path, root.name)];
    while (stack.length > 0) {
        const top = stack[stack.length - 1];
        if (top.next === top.children.length) {
            stack.pop();
            continue;
        }
        const { c, dir, subtree } = top.children[top.next++];
        const path = childPath(top.path, c);
        const name = top.name === '' ? c : `${top.name}/${c}`;
        if (subtree) {
            stack.push(list(path, name));
            continue;
        }
        const st = (0,external_node_fs_.lstatSync)(path);
        const mtime = entryTime(st.mtimeMs, time);
        const mode = st.mode & 0o7777;
        // A directory listed as one must still be one, or its subtree would be lost or misplaced.
        if (st.isDirectory() !== dir)
            throw sourceChanged(path, `the layer was being written (${st.isDirectory() ? 'it became a directory' : 'it is no longer a directory'})`);
        if (st.isDirectory()) {
            yield { name, type: 'directory', mode, mtime };
        }
        else if (st.isFile()) {
            const ino = st.nlink > 1 ? `${st.dev}:${st.ino}` : undefined;
            const first = ino === undefined ? undefined : firstOf.get(ino);
            if (first !== undefined) {
                yield { name, type: 'link', mode, mtime, linkname: first };
            }
            else {
                if (ino !== undefined)
                    firstOf.set(ino, name);
                yield { name, type: 'file', mode, mtime, size: st.size, source: path };
            }
        }
        else if (st.isSymbolicLink()) {
            yield { name, type: 'symlink', mode: 0o777, mtime, linkname: readLinkName(path) };
        }
        else {
            const source = typeof path === 'string' ? path : (0,names/* decodeName */.e4)(path);
            logger.warning(`skipping ${(0,names/* displayName */.QC)(source, 1000)}: sockets, FIFOs and device files are not put into layers`);
        }
    }
}
/**
 * The entries of a layer: one directory is walked as the layer is written (walkInOrder),
 * anything else (several sources, a file) collected first (collectEntries).
 */
async function layerEntries(roots, time, logger) {
    if (roots.length === 1) {
        // The root itself may be a symlink that check() allowed: follow it (as collectEntries).
        const st = await (0,promises_.stat)(roots[0].path);
        if (st.isDirectory())
            return walkInOrder(roots[0], st, time, logger);
    }
    return collectEntries(roots, time, logger);
}
/** Compressed chunks being written while the next blocks are compressed (writeCompressed). */
const WRITES_AHEAD = 4;
/**
 * Bytes of a layer written between two flushes behind it (FlushBehind), so that the
 * commit's fsync has only the last few MB to write. Without them the fsync of the whole
 * layer followed the compression, both cores idle: 300 MB of binaries, gzip (123 MB
 * written), 75 ms in that fsync (strace -T) and 85-125 ms from the last block to exit;
 * flushed behind every 8 MiB, 19-26 ms (every 32 MiB: 34-41 ms). The flushes wait on a
 * pool thread, not a core: the deflates go on meanwhile.
 */
const FLUSH_BEHIND = 8 * 1024 * 1024;
/**
 * Hash and store an uncompressed stream in one pass: the uncompressed bytes are hashed
 * (diffID), compressed, hashed again (digest) and written through a BlobWriter that
 * verifies and publishes atomically. Nothing is held whole in memory.
 */
async function writeCompressed(store, source, compression, mediaType, options = {}) {
    const diffHash = (0,external_node_crypto_.createHash)('sha256');
    let uncompressed = 0;
    async function* hashed() {
        for await (const c of source) {
            diffHash.update(c);
            uncompressed += c.length;
            yield c;
        }
    }
    const ref = `ingest-${(0,external_node_crypto_.randomUUID)()}`;
    const writer = await store.blobs.writer(ref);
    const flush = store.blobs.flushBehind(ref, FLUSH_BEHIND);
    let size = 0;
    try {
        // A write goes to the thread pool behind the blocks being compressed there. Awaiting
        // it before asking for the next block left the pool a block short while it waited (a
        // gzip ingest of binaries kept ~1.7 of 2 cores busy); compressed chunks are buffers of
        // their own, so up to WRITES_AHEAD of them are written while the next blocks go on.
        // Uncompressed chunks are the tar writer's reused buffer: each is written before the
        // next is pulled.
        const depth = compression === 'none' ? 0 : WRITES_AHEAD;
        const ahead = [];
        for await (const c of (0,compress/* compress */.Bc)(hashed(), compression, options)) {
            size += c.length;
            // Written and hashed: its memory back now, not at a collection.
            const written = writer.write(c).then(() => {
                flush.written(c.length);
                (0,compress/* releaseOutput */.F5)(c);
            });
            written.catch(() => { }); // awaited below, in order
            ahead.push(written);
            while (ahead.length > depth)
                await ahead.shift();
            options.progress?.({ digest: '', done: uncompressed, total: 0, phase: 'compress' });
        }
        for (const written of ahead)
            await written;
        const diffID = 'sha256:' + diffHash.digest('hex');
        // The writer hashes what it writes: that is the blob's digest (no second hash here).
        const digest = writer.digest();
        await writer.commit(size, digest);
        return { descriptor: { mediaType, digest, size }, diffID };
    }
    catch (e) {
        await writer.cancel().catch(() => { });
        throw e;
    }
    finally {
        await flush.close();
    }
}
/** Write one layer of `entries` as a tar (compressed as asked) into the store. */
async function writeLayer(store, entries, compression, options = {}) {
    // gzip and zstd copy each chunk into their blocks and `none` writes it before pulling
    // the next: the tar writer may reuse its chunk.
    return writeCompressed(store, packTar(entries, { reuseChunks: true }), compression, (0,compress/* layerMediaType */.sG)(compression), options);
}
/** `org.opencontainers.image.{created,source,revision}` from the build time and the GitHub context. */
function standardAnnotations(env, time) {
    const out = { [oci/* Annotation */.YH.Created]: rfc3339(time.created) };
    const server = env.GITHUB_SERVER_URL?.trim();
    const repo = env.GITHUB_REPOSITORY?.trim();
    if (server && repo)
        out[oci/* Annotation */.YH.Source] = `${server.replace(/\/+$/, '')}/${repo}`;
    const sha = env.GITHUB_SHA?.trim();
    if (sha)
        out[oci/* Annotation */.YH.Revision] = sha;
    return out;
}
/** Annotations of one level from the `annotations` input. */
function annotationsAt(specs, level) {
    const out = {};
    for (const a of specs ?? [])
        if (a.level === level)
            out[a.key] = a.value;
    return out;
}
/** Keys sorted, for JSON whose bytes do not depend on insertion order. */
function sorted(rec) {
    const out = {};
    for (const k of Object.keys(rec).sort())
        out[k] = rec[k];
    return out;
}
/**
 * SRC as the image history records it: relative to the workspace (`/home/runner/work/r/r/dist`
 * → `dist`), so the config digest does not depend on where the sources are checked out.
 * A relative SRC is kept as written (the digests of images built from one stay as they were).
 */
function historySource(src, workspace) {
    if (!(0,external_node_path_.isAbsolute)(src))
        return src;
    return (0,external_node_path_.relative)((0,external_node_path_.resolve)(workspace), src).split(external_node_path_.sep).join('/') || '.';
}
/** Ingest the layers of one platform into layers, a config and a manifest (not tagged). */
async function ingestImage(store, p) {
    const time = buildTime(p.env);
    const written = [];
    const history = [];
    for (const spec of p.layers) {
        const roots = await resolveSources(spec, p.workspace, p.platform);
        const entries = await layerEntries(roots, time, p.logger);
        const layer = await writeLayer(store, entries, p.compression, { ...(p.compressOptions ?? {}), ...(p.progress ? { progress: p.progress } : {}) });
        p.logger.info(`layer ${layer.descriptor.digest} (${layer.descriptor.size} bytes) from ${spec.src}${spec.dest ? ':' + spec.dest : ''}`);
        written.push(layer);
        history.push({ created: rfc3339(time.created), created_by: `oci-store ingest ${historySource(spec.src, p.workspace)}${spec.dest !== undefined ? ':' + spec.dest : ''}` });
    }
    const config = buildConfig(p, time, written, history);
    const configDesc = await store.pushJSON(config, oci/* MediaType */.zu.ImageConfig);
    const manifest = {
        schemaVersion: 2,
        mediaType: oci/* MediaType */.zu.ImageManifest,
        config: configDesc,
        // A Docker-format base's layers are relabelled with their OCI types (same bytes and
        // digests): an OCI manifest carries OCI layer types (image-spec media-types.md).
        layers: [...(p.base?.manifest.layers ?? []).map(oci/* ociDescriptor */.PM), ...written.map((l) => l.descriptor)],
    };
    const annotations = { ...standardAnnotations(p.env, time) };
    if (p.base) {
        annotations[oci/* Annotation */.YH.BaseImageName] = p.base.name;
        annotations[oci/* Annotation */.YH.BaseImageDigest] = p.base.descriptor.digest;
    }
    Object.assign(annotations, annotationsAt(p.annotations, 'manifest'));
    manifest.annotations = sorted(annotations);
    return store.pushJSON(manifest, oci/* MediaType */.zu.ImageManifest, { platform: platformOf(config) });
}
function platformOf(config) {
    const p = { architecture: config.architecture, os: config.os };
    if (config.variant)
        p.variant = config.variant;
    return p;
}
/** The image config: the base's (when any) extended with our layers and settings. */
function buildConfig(p, time, layers, history) {
    const base = p.base?.config;
    const baseCfg = base?.config ?? {};
    const c = p.imageConfig ?? {};
    // Env: the base's list with our keys replaced in place, new keys appended in input order.
    const env = [...(baseCfg.Env ?? [])];
    for (const k of Object.keys(c.env ?? {})) {
        const line = `${k}=${c.env[k]}`;
        const i = env.findIndex((e) => e.split('=')[0] === k);
        if (i >= 0)
            env[i] = line;
        else
            env.push(line);
    }
    const container = { ...baseCfg };
    if (c.user !== undefined)
        container.User = c.user;
    if (env.length > 0)
        container.Env = env;
    if (c.entrypoint !== undefined) {
        container.Entrypoint = c.entrypoint;
        // Docker resets an inherited Cmd when the entrypoint changes.
        if (c.cmd === undefined && base)
            delete container.Cmd;
    }
    if (c.cmd !== undefined)
        container.Cmd = c.cmd;
    if (c.workdir !== undefined)
        container.WorkingDir = c.workdir;
    const labels = { ...(baseCfg.Labels ?? {}), ...(c.labels ?? {}) };
    if (Object.keys(labels).length > 0)
        container.Labels = sorted(labels);
    const cfg = {
        ...(base ?? {}),
        created: rfc3339(time.created),
        architecture: p.platform.architecture,
        os: p.platform.os,
        rootfs: { type: 'layers', diff_ids: [...(base?.rootfs.diff_ids ?? []), ...layers.map((l) => l.diffID)] },
        history: [...(base?.history ?? []), ...history],
    };
    if (p.platform.variant)
        cfg.variant = p.platform.variant;
    else
        delete cfg.variant;
    if (Object.keys(container).length > 0)
        cfg.config = container;
    // A fixed key order for the top level (the base's unknown fields keep theirs, after ours).
    const order = ['created', 'author', 'architecture', 'os', 'os.version', 'os.features', 'variant', 'config', 'rootfs', 'history'];
    const out = {};
    for (const k of order)
        if (cfg[k] !== undefined)
            out[k] = cfg[k];
    for (const k of Object.keys(cfg))
        if (!(k in out) && cfg[k] !== undefined)
            out[k] = cfg[k];
    return out;
}
/**
 * Build one manifest per platform (SRC `{os}`/`{arch}` substituted) under an OCI image
 * index. Index annotations come from the `index:` level.
 */
async function ingestIndex(store, perPlatform, env, annotations) {
    const time = buildTime(env);
    const manifests = [];
    const descAnnotations = annotationsAt(annotations, 'manifest-descriptor');
    for (const { platform, params } of perPlatform) {
        const d = await ingestImage(store, { ...params, platform });
        const desc = { mediaType: d.mediaType, digest: d.digest, size: d.size, platform: d.platform ?? platform };
        if (Object.keys(descAnnotations).length > 0)
            desc.annotations = sorted(descAnnotations);
        manifests.push(desc);
    }
    const index = {
        schemaVersion: 2,
        mediaType: oci/* MediaType */.zu.ImageIndex,
        manifests,
        annotations: sorted({ ...standardAnnotations(env, time), ...annotationsAt(annotations, 'index') }),
    };
    return store.pushJSON(index, oci/* MediaType */.zu.ImageIndex);
}
/** Annotation oras puts on a directory layer: "extract this tar+gzip". */
const ORAS_UNPACK = 'io.deis.oras.content.unpack';
/** Annotation oras puts on a directory layer: digest of the uncompressed tar. */
const ORAS_DIGEST = 'io.deis.oras.content.digest';
/**
 * An OCI 1.1 artifact as `oras push` writes it: config = the empty JSON descriptor,
 * `artifactType` set, one layer per file (raw bytes, `org.opencontainers.image.title`),
 * directories as tar+gzip with the title and oras's unpack annotations.
 */
async function ingestArtifact(store, p) {
    const time = buildTime(p.env);
    const layers = [];
    const titles = new Set();
    for (const spec of p.layers) {
        const roots = await resolveSources(spec, p.workspace, p.platform);
        for (const root of roots) {
            const title = root.name;
            if (title === '')
                throw badLayers(`an artifact file needs a name (${spec.src})`, 'give the SRC a relative DEST, e.g. report:/report');
            if (titles.has(title))
                throw badLayers(`two artifact files are both titled ${JSON.stringify(title)}`, 'give each SRC its own DEST');
            titles.add(title);
            const st = await (0,promises_.stat)(root.path);
            let layer;
            if (st.isDirectory()) {
                layer = await writeCompressed(store, packTar(walkInOrder(root, st, time, p.logger)), 'gzip', oci/* MediaType */.zu.LayerGzip, p.compressOptions ?? {});
                layer.descriptor.annotations = { [ORAS_DIGEST]: layer.diffID, [ORAS_UNPACK]: 'true', [oci/* Annotation */.YH.Title]: title };
            }
            else {
                layer = await writeCompressed(store, fileBytes(root.path, st.size), 'none', oci/* MediaType */.zu.Layer);
                layer.descriptor.annotations = { [oci/* Annotation */.YH.Title]: title };
            }
            layers.push(layer.descriptor);
        }
    }
    await store.pushBytes(Buffer.from('{}'), oci/* MediaType */.zu.Empty);
    const manifest = {
        schemaVersion: 2,
        mediaType: oci/* MediaType */.zu.ImageManifest,
        artifactType: p.artifactType,
        config: { ...oci/* EMPTY_JSON_DESCRIPTOR */.F1 },
        layers,
        annotations: sorted({ ...standardAnnotations(p.env, time), ...annotationsAt(p.annotations, 'manifest') }),
    };
    return store.pushJSON(manifest, oci/* MediaType */.zu.ImageManifest, { artifactType: p.artifactType });
}
/** A file's bytes, streamed, checked to have `size` bytes. */
async function* fileBytes(path, size) {
    const fh = await (0,promises_.open)(path, 'r');
    try {
        let pos = 0;
        for (;;) {
            const buf = Buffer.allocUnsafe(1 << 20);
            const { bytesRead } = await fh.read(buf, 0, buf.length, pos);
            if (bytesRead === 0)
                break;
            pos += bytesRead;
            yield buf.subarray(0, bytesRead);
        }
        if (pos !== size) {
            throw new errors/* OciError */.Mf('INVALID_INPUT', `${path} changed while it was being read (${pos} bytes, expected ${size})`, {
                input: 'layers',
                hint: 'make sure nothing writes to the layer sources while ingest runs',
            });
        }
    }
    finally {
        await fh.close();
    }
}


/***/ }),

/***/ 8971:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Az: () => (/* binding */ resolveThrough),
/* harmony export */   _6: () => (/* binding */ pullInto),
/* harmony export */   k_: () => (/* binding */ pullPlatforms)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4296);
/* harmony import */ var _digest_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5543);
/* harmony import */ var _platform_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(692);
/* harmony import */ var _reference_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(5378);
/* harmony import */ var _types_oci_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(7736);





/** The platforms a pull keeps: the given ones, every one for `all`, else the host's. */
function pullPlatforms(options) {
    if (options.platforms === 'all')
        return 'all';
    return options.platforms.length > 0 ? options.platforms : [(0,_platform_js__WEBPACK_IMPORTED_MODULE_2__/* .hostPlatform */ .ol)()];
}
/**
 * Pull `ref` from its registry into `store` (blobs the store has are skipped) and tag the
 * root. Resolves the reference remotely first, so an unknown repository, a missing tag or
 * an unreachable host fails before the store is touched.
 */
async function pullInto(client, store, ref, options) {
    const n = typeof ref === 'string' ? (0,_reference_js__WEBPACK_IMPORTED_MODULE_3__/* .normalize */ .S8)(ref, options.input) : ref;
    const repo = options.repository ?? client.repository(n);
    let root = options.root;
    if (root === undefined && n.digest !== undefined && (await store.exists({ mediaType: 'application/octet-stream', digest: n.digest, size: 0 }))) {
        // By digest and already here: no need to ask the registry what it is.
        try {
            root = await store.resolve(n.digest);
        }
        catch {
            root = undefined;
        }
    }
    root ??= await repo.resolve(n.digest ?? n.tag ?? 'latest');
    const { copyGraph } = await Promise.all(/* import() */[__webpack_require__.e(711), __webpack_require__.e(626)]).then(__webpack_require__.bind(__webpack_require__, 1626));
    const copyOptions = {
        platforms: options.platforms,
        tags: options.tags,
        concurrency: client.tuning.concurrency,
        logger: client.logger,
        input: 'platform',
    };
    if (options.signal)
        copyOptions.signal = options.signal;
    const report = await copyGraph(repo, store, root, copyOptions);
    // A ref with a digest makes no tag (a tag cannot hold a digest): the root is kept as an
    // untagged entry, which gc keeps and `name@digest` finds again without the registry.
    const keeper = store;
    if (n.digest !== undefined && typeof keeper.keepRoot === 'function') {
        await keeper.keepRoot.call(store, report.root, (0,_types_oci_js__WEBPACK_IMPORTED_MODULE_4__/* .isIndexMediaType */ .$$)(report.root.mediaType) ? { omitted: report.omitted } : {});
    }
    return report;
}
/** Children of a stored index that the wanted platforms need but the store lacks. */
async function missingPlatforms(store, desc, platforms) {
    if (!(0,_types_oci_js__WEBPACK_IMPORTED_MODULE_4__/* .isIndexMediaType */ .$$)(desc.mediaType))
        return [];
    let index;
    try {
        const { readManifestBytes } = await Promise.all(/* import() */[__webpack_require__.e(711), __webpack_require__.e(626)]).then(__webpack_require__.bind(__webpack_require__, 1626));
        index = JSON.parse((await readManifestBytes(store, desc)).toString('utf8'));
    }
    catch {
        return [];
    }
    let wanted;
    try {
        wanted = (0,_platform_js__WEBPACK_IMPORTED_MODULE_2__/* .selectManifests */ .$d)(index, platforms);
    }
    catch {
        return []; // the caller reports the platform the index does not have
    }
    const out = [];
    for (const w of wanted)
        if (!(await store.exists(w)))
            out.push(w);
    return out;
}
/**
 * Resolve `ref` in `store`, pulling it from its registry on a miss (and completing an
 * index's missing platforms). Errors are attributed to `input`.
 */
async function resolveThrough(store, ref, options, ctx, input = 'ref') {
    const platforms = pullPlatforms(options);
    let found;
    try {
        found = await store.resolve(ref);
    }
    catch (e) {
        if (!(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .isOciError */ .eq)(e, 'NOT_FOUND') || (0,_digest_js__WEBPACK_IMPORTED_MODULE_1__/* .isDigest */ .Bc)(ref))
            throw (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .withInput */ .zE)(e, input);
    }
    if (found !== undefined && (await missingPlatforms(store, found, platforms)).length === 0)
        return found;
    const { RegistryClient, runClientOptions } = await Promise.all(/* import() */[__webpack_require__.e(711), __webpack_require__.e(105)]).then(__webpack_require__.bind(__webpack_require__, 5105));
    const client = new RegistryClient(runClientOptions(options, ctx));
    try {
        const n = (0,_reference_js__WEBPACK_IMPORTED_MODULE_3__/* .normalize */ .S8)(ref, input);
        if (found !== undefined) {
            // Complete the index from the registry it came from; its bytes are already here.
            const repo = client.repository(n);
            const { copyGraph } = await Promise.all(/* import() */[__webpack_require__.e(711), __webpack_require__.e(626)]).then(__webpack_require__.bind(__webpack_require__, 1626));
            await copyGraph(repo, store, found, { platforms, concurrency: client.tuning.concurrency, logger: client.logger, ...(ctx.signal ? { signal: ctx.signal } : {}) });
            return found;
        }
        const report = await pullInto(client, store, n, { platforms, tags: n.digest !== undefined ? [] : [ref], input, ...(ctx.signal ? { signal: ctx.signal } : {}) });
        ctx.logger.info(`pulled ${(0,_reference_js__WEBPACK_IMPORTED_MODULE_3__/* .formatNormalized */ .b_)(n)} (${report.root.digest}) into the store`);
        return report.root;
    }
    catch (e) {
        if (!(0,_reference_js__WEBPACK_IMPORTED_MODULE_3__/* .hasRegistry */ .qY)(ref) && (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .isOciError */ .eq)(e, 'NOT_FOUND', 'NAME_UNKNOWN', 'UNAUTHORIZED', 'DENIED')) {
            // `app:1` was most likely meant as a store tag: say both places were tried.
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .OciError */ .Mf('NOT_FOUND', `${ref} is not in the store, and ${normalizedOr(ref)} could not be pulled: ${e.message}`, {
                input,
                hint: `ingest or pull ${ref} into the store first, or write the full registry reference`,
                cause: e,
            });
        }
        throw (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .withInput */ .zE)(e, input);
    }
    finally {
        client.close();
    }
}
function normalizedOr(ref) {
    try {
        return (0,_reference_js__WEBPACK_IMPORTED_MODULE_3__/* .formatNormalized */ .b_)((0,_reference_js__WEBPACK_IMPORTED_MODULE_3__/* .normalize */ .S8)(ref));
    }
    catch {
        return ref;
    }
}


/***/ }),

/***/ 9310:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   EY: () => (/* binding */ entryTypeOf),
/* harmony export */   H8: () => (/* binding */ paxNumber),
/* harmony export */   I4: () => (/* binding */ decodeRawHeader),
/* harmony export */   IE: () => (/* binding */ BLOCK),
/* harmony export */   JA: () => (/* binding */ invalid),
/* harmony export */   Jc: () => (/* binding */ writeUstarInto),
/* harmony export */   Ms: () => (/* binding */ padding),
/* harmony export */   PG: () => (/* binding */ endOfArchive),
/* harmony export */   YS: () => (/* binding */ encodeHeader),
/* harmony export */   b1: () => (/* binding */ LIMITS),
/* harmony export */   dA: () => (/* binding */ parsePax),
/* harmony export */   ei: () => (/* binding */ isZeroBlock)
/* harmony export */ });
/* unused harmony exports rawHeader, checksumOf, paxRecord, paxHeader, parseNumeric */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4296);
/* harmony import */ var _names_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3195);
/**
 * Tar headers: ustar encoding (with PAX extended headers where ustar cannot say it) and
 * strict decoding of ustar, PAX and GNU headers.
 *
 * Reference: POSIX.1-2008 `pax` "ustar Interchange Format" and "pax Interchange Format";
 * GNU tar manual "Basic Tar Format" (base-256 numbers, `L`/`K` long names).
 */


/** Size of a tar block. */
const BLOCK = 512;
const TYPE_FLAGS = {
    file: '0',
    link: '1',
    symlink: '2',
    chardev: '3',
    blockdev: '4',
    directory: '5',
    fifo: '6',
};
/** Limits a reader enforces so a hostile archive cannot make it allocate without bound. */
const LIMITS = {
    /** Largest PAX extended header or GNU long name/link body we read into memory. */
    metaBytes: 1 << 20,
    /** Longest path or link target we accept (bytes). */
    pathBytes: 16384,
};
function invalid(message, cause) {
    return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .OciError */ .Mf('INVALID_LAYER', message, {
        hint: 'the layer is not a valid tar archive; rebuild or re-pull the image',
        cause,
    });
}
// ---------------------------------------------------------------------------------------
// Encoding
const ZEROS = Buffer.alloc(BLOCK);
/** Padding that brings `size` bytes up to a whole block. */
function padding(size) {
    const rest = size % BLOCK;
    return rest === 0 ? ZEROS.subarray(0, 0) : ZEROS.subarray(0, BLOCK - rest);
}
/** The two zero blocks that end an archive. */
function endOfArchive() {
    return Buffer.alloc(2 * BLOCK);
}
function isAscii(s) {
    // eslint-disable-next-line no-control-regex
    return /^[\x01-\x7f]*$/.test(s);
}
/** Largest value an octal field of `width` bytes holds (width-1 digits and a NUL). */
function octalMax(width) {
    return 8 ** (width - 1) - 1;
}
function writeOctal(buf, offset, width, value) {
    // Digits right to left, zero-padded to width-1, then a NUL (as toString(8).padStart).
    let v = Math.floor(value);
    if (v > octalMax(width) || v < 0 || !Number.isFinite(v)) {
        // Forged headers (tests) only: what toString gives, cut to the field.
        buf.write(v.toString(8).padStart(width - 1, '0'), offset, width - 1, 'ascii');
    }
    else {
        for (let i = offset + width - 2; i >= offset; i--) {
            buf[i] = 0x30 + (v % 8);
            v = Math.floor(v / 8);
        }
    }
    buf[offset + width - 1] = 0;
}
function writeString(buf, offset, width, value) {
    // Names may carry raw (non-UTF-8) bytes: see names.ts.
    if ((0,_names_js__WEBPACK_IMPORTED_MODULE_1__/* .hasRawBytes */ .Cb)(value))
        (0,_names_js__WEBPACK_IMPORTED_MODULE_1__/* .encodeName */ .aA)(value).copy(buf, offset, 0, width);
    else
        buf.write(value, offset, width, 'utf8');
}
/**
 * Encode one 512-byte header block from raw fields. Numbers are written as octal; strings
 * verbatim (truncated to the field), so callers can forge any header.
 */
function rawHeader(f) {
    const b = Buffer.alloc(BLOCK);
    writeRawHeader(b, 0, f);
    return b;
}
/** rawHeader's encoding, into `b` at `at`, whose 512 bytes must be zero. */
function writeRawHeader(b, at, f) {
    const num = (offset, width, v) => {
        if (v === undefined)
            v = 0;
        if (typeof v === 'string')
            b.write(v, at + offset, width, 'latin1');
        else
            writeOctal(b, at + offset, width, v);
    };
    writeString(b, at, 100, f.name ?? '');
    num(100, 8, f.mode ?? 0o644);
    num(108, 8, f.uid);
    num(116, 8, f.gid);
    num(124, 12, f.size);
    num(136, 12, f.mtime);
    b.write(f.typeflag ?? '0', at + 156, 1, 'latin1');
    writeString(b, at + 157, 100, f.linkname ?? '');
    b.write(f.magic ?? 'ustar\0', at + 257, 6, 'latin1');
    b.write(f.version ?? '00', at + 263, 2, 'latin1');
    writeString(b, at + 265, 32, f.uname ?? '');
    writeString(b, at + 297, 32, f.gname ?? '');
    num(329, 8, f.devmajor);
    num(337, 8, f.devminor);
    writeString(b, at + 345, 155, f.prefix ?? '');
    if (f.checksum !== undefined) {
        b.write(f.checksum.padEnd(8, '\0').slice(0, 8), at + 148, 8, 'latin1');
    }
    else {
        b.fill(0x20, at + 148, at + 156);
        writeOctal(b, at + 148, 7, checksumOf(b, at));
        b[at + 155] = 0x20;
    }
}
/** Sum of the header's bytes with the checksum field taken as spaces. */
function checksumOf(block, offset = 0) {
    let sum = 8 * 0x20;
    for (let i = offset; i < offset + 148; i++)
        sum += block[i];
    for (let i = offset + 156; i < offset + BLOCK; i++)
        sum += block[i];
    return sum;
}
/** Split a name into ustar prefix (≤155 bytes) and name (≤100 bytes) at a slash, or undefined. */
function splitUstar(name) {
    if (name.length <= 100)
        return { prefix: '', name };
    if (name.length > 256)
        return undefined;
    // The name part must be ≤100 bytes and the prefix ≤155, split at a '/'.
    for (let i = name.length - 101; i < name.length; i++) {
        if (i < 1)
            continue;
        if (name[i] === '/' && i <= 155 && name.length - i - 1 <= 100 && name.length - i - 1 > 0) {
            return { prefix: name.slice(0, i), name: name.slice(i + 1) };
        }
    }
    return undefined;
}
/**
 * One PAX record `"<len> key=value\n"`, where len counts the whole record. A value with
 * raw (non-UTF-8) bytes is written as those bytes (see names.ts).
 */
function paxRecord(key, value) {
    const body = Buffer.concat([Buffer.from(` ${key}=`), (0,_names_js__WEBPACK_IMPORTED_MODULE_1__/* .encodeName */ .aA)(value), Buffer.from('\n')]);
    const bodyLen = body.length;
    let len = bodyLen + String(bodyLen).length;
    if (String(len).length + bodyLen !== len)
        len = bodyLen + String(len).length;
    return Buffer.concat([Buffer.from(String(len)), body]);
}
/** A PAX extended header entry (`x`) carrying `records`, ready to precede an entry. */
function paxHeader(entryName, records, mtime, global = false) {
    // Sorted keys: the bytes must not depend on insertion order.
    const body = Buffer.concat(Object.keys(records)
        .sort()
        .map((k) => paxRecord(k, records[k])));
    // A deterministic, ASCII-only name of ≤100 bytes, like Go's archive/tar `PaxHeaders.0/`.
    const base = entryName.replace(/\/+$/, '').split('/').pop() ?? '';
    const safe = asciiTruncate(base, 80);
    const header = rawHeader({
        name: global ? 'GlobalHead.0' : `PaxHeaders.0/${safe}`,
        mode: 0o644,
        size: body.length,
        mtime,
        typeflag: global ? 'g' : 'x',
    });
    return Buffer.concat([header, body, padding(body.length)]);
}
/**
 * Encode the header block(s) of an entry: a PAX extended header first when a field does
 * not fit ustar (long or non-ASCII names and link targets, sizes ≥ 8 GiB, large ids or
 * mtimes, extra records in `h.pax`), then the ustar header.
 */
function encodeHeader(h) {
    const pax = { ...(h.pax ?? {}) };
    let name = h.name;
    if (h.type === 'directory' && !name.endsWith('/'))
        name += '/';
    let ustarName;
    if (isAscii(name))
        ustarName = splitUstar(name);
    if (!ustarName) {
        pax.path = name;
        ustarName = { prefix: '', name: asciiTruncate(name, 100) };
    }
    let linkname = h.linkname;
    if (Buffer.byteLength(linkname) > 100 || !isAscii(linkname)) {
        pax.linkpath = linkname;
        linkname = asciiTruncate(linkname, 100);
    }
    // Names that are not UTF-8 go into PAX as their bytes, flagged as such (POSIX pax
    // `hdrcharset`): GNU tar then keeps them as bytes, Go's archive/tar always does.
    if ((0,_names_js__WEBPACK_IMPORTED_MODULE_1__/* .hasRawBytes */ .Cb)(name) || (0,_names_js__WEBPACK_IMPORTED_MODULE_1__/* .hasRawBytes */ .Cb)(h.linkname))
        pax.hdrcharset = 'BINARY';
    const size = h.type === 'file' ? h.size : 0;
    const big = (field, value, width) => {
        if (value > octalMax(width) || value < 0 || !Number.isInteger(value)) {
            pax[field] = String(value);
            return 0;
        }
        return value;
    };
    const sizeField = big('size', size, 12);
    const uid = big('uid', h.uid, 8);
    const gid = big('gid', h.gid, 8);
    const mtime = big('mtime', h.mtime, 12);
    let uname = h.uname;
    if (Buffer.byteLength(uname) > 32 || !isAscii(uname)) {
        pax.uname = uname;
        uname = '';
    }
    let gname = h.gname;
    if (Buffer.byteLength(gname) > 32 || !isAscii(gname)) {
        pax.gname = gname;
        gname = '';
    }
    const header = rawHeader({
        name: ustarName.name,
        prefix: ustarName.prefix,
        mode: h.mode & 0o7777,
        uid,
        gid,
        size: sizeField,
        mtime,
        typeflag: TYPE_FLAGS[h.type],
        linkname,
        uname,
        gname,
        devmajor: h.devmajor,
        devminor: h.devminor,
    });
    if (Object.keys(pax).length === 0)
        return header;
    return Buffer.concat([paxHeader(name, pax, mtime), header]);
}
/** Printable-or-control ASCII without NUL, at most `max` characters (= bytes). */
function plainAscii(s, max) {
    if (s.length > max)
        return false;
    for (let i = 0; i < s.length; i++) {
        const c = s.charCodeAt(i);
        if (c === 0 || c > 0x7f)
            return false;
    }
    return true;
}
function fitsOctal(value, width) {
    return Number.isInteger(value) && value >= 0 && value <= octalMax(width);
}
/**
 * Write the ustar header of `h` straight into `buf` at `offset` when it needs nothing
 * beyond plain ustar (ASCII name and link of ≤ 100 bytes, numbers that fit, no PAX
 * records) — the common case, without the allocations of encodeHeader; the bytes are
 * the same as encodeHeader's. Returns false, writing nothing, otherwise.
 */
function writeUstarInto(h, buf, offset) {
    const name = h.type === 'directory' && !h.name.endsWith('/') ? `${h.name}/` : h.name;
    const size = h.type === 'file' ? h.size : 0;
    if (h.pax !== undefined && Object.keys(h.pax).length > 0)
        return false;
    if (!plainAscii(name, 100) || !plainAscii(h.linkname, 100) || !plainAscii(h.uname, 32) || !plainAscii(h.gname, 32))
        return false;
    if (!fitsOctal(size, 12) || !fitsOctal(h.uid, 8) || !fitsOctal(h.gid, 8) || !fitsOctal(h.mtime, 12))
        return false;
    if (!fitsOctal(h.devmajor, 8) || !fitsOctal(h.devminor, 8))
        return false;
    buf.fill(0, offset, offset + BLOCK);
    writeRawHeader(buf, offset, {
        name,
        mode: h.mode & 0o7777,
        uid: h.uid,
        gid: h.gid,
        size,
        mtime: h.mtime,
        typeflag: TYPE_FLAGS[h.type],
        linkname: h.linkname,
        uname: h.uname,
        gname: h.gname,
        devmajor: h.devmajor,
        devminor: h.devminor,
    });
    return true;
}
/** Keep printable ASCII only and cut to `max` bytes (the ustar fallback when PAX carries the truth). */
function asciiTruncate(s, max) {
    return s.replace(/[^\x20-\x7e]/g, '_').slice(0, max);
}
function cString(block, offset, width) {
    let end = offset;
    const limit = offset + width;
    while (end < limit && block[end] !== 0)
        end++;
    // Names and link targets are bytes: kept as they are when not UTF-8 (names.ts).
    return (0,_names_js__WEBPACK_IMPORTED_MODULE_1__/* .decodeName */ .e4)(block, offset, end);
}
/**
 * Parse a numeric field: octal (NUL/space padded) or GNU base-256 (high bit set). Throws
 * INVALID_LAYER on anything else, on negative values, and above 2^53.
 */
function parseNumeric(block, offset, width, field) {
    const first = block[offset];
    if (first & 0x80) {
        if (first === 0xff)
            throw invalid(`negative ${field} in a tar header`);
        let v = first & 0x7f;
        for (let i = 1; i < width; i++) {
            v = v * 256 + block[offset + i];
            if (v > Number.MAX_SAFE_INTEGER)
                throw invalid(`${field} in a tar header is too large`);
        }
        return v;
    }
    let i = offset;
    const end = offset + width;
    while (i < end && (block[i] === 0x20 || block[i] === 0))
        i++; // leading spaces (and empty)
    let v = 0;
    let digits = 0;
    for (; i < end; i++) {
        const c = block[i];
        if (c === 0 || c === 0x20)
            break;
        if (c < 0x30 || c > 0x37)
            throw invalid(`malformed ${field} field in a tar header`);
        v = v * 8 + (c - 0x30);
        digits++;
    }
    for (; i < end; i++) {
        const c = block[i];
        if (c !== 0 && c !== 0x20)
            throw invalid(`malformed ${field} field in a tar header`);
    }
    if (v > Number.MAX_SAFE_INTEGER)
        throw invalid(`${field} in a tar header is too large`);
    return digits === 0 ? 0 : v;
}
/** True when the block is all zeros (end-of-archive marker). */
function isZeroBlock(block) {
    for (let i = 0; i < BLOCK; i++)
        if (block[i] !== 0)
            return false;
    return true;
}
/**
 * Decode one header block, verifying its checksum (unsigned, or signed as some old tars
 * wrote it). The ustar `prefix` is joined only for POSIX ustar magic: GNU tar keeps
 * times there.
 */
function decodeRawHeader(block) {
    const stored = parseNumeric(block, 148, 8, 'checksum');
    const unsigned = checksumOf(block);
    if (stored !== unsigned) {
        let signed = 0;
        for (let i = 0; i < BLOCK; i++) {
            const b = i >= 148 && i < 156 ? 0x20 : block[i];
            signed += b > 127 ? b - 256 : b;
        }
        if (stored !== signed)
            throw invalid(`tar header checksum mismatch (stored ${stored}, computed ${unsigned})`);
    }
    const magic = cString(block, 257, 6);
    const version = Buffer.from(block.buffer, block.byteOffset + 263, 2).toString('latin1');
    let name = cString(block, 0, 100);
    if (magic === 'ustar' && version === '00') {
        const prefix = cString(block, 345, 155);
        if (prefix !== '')
            name = `${prefix}/${name}`;
    }
    // NUL stays NUL: old tars wrote directories as NUL entries named `…/` (see readTar).
    const typeflag = String.fromCharCode(block[156]);
    return {
        name,
        mode: parseNumeric(block, 100, 8, 'mode') & 0o7777,
        uid: parseNumeric(block, 108, 8, 'uid'),
        gid: parseNumeric(block, 116, 8, 'gid'),
        size: parseNumeric(block, 124, 12, 'size'),
        mtime: parseNumeric(block, 136, 12, 'mtime'),
        typeflag,
        linkname: cString(block, 157, 100),
        uname: cString(block, 265, 32),
        gname: cString(block, 297, 32),
        devmajor: parseNumeric(block, 329, 8, 'devmajor'),
        devminor: parseNumeric(block, 337, 8, 'devminor'),
    };
}
/**
 * Parse a PAX extended header body into records. Throws INVALID_LAYER on a malformed
 * record (bad length, missing `=`, length past the end).
 */
function parsePax(body) {
    const out = {};
    let pos = 0;
    while (pos < body.length) {
        if (body[pos] === 0)
            break; // some writers pad with NULs
        const space = body.indexOf(0x20, pos);
        if (space < 0 || space - pos > 20)
            throw invalid('malformed PAX record (no length)');
        const lenText = body.toString('latin1', pos, space);
        if (!/^[1-9][0-9]*$/.test(lenText))
            throw invalid('malformed PAX record length');
        const len = Number(lenText);
        if (pos + len > body.length || len < space - pos + 3)
            throw invalid('PAX record runs past its header');
        if (body[pos + len - 1] !== 0x0a)
            throw invalid('PAX record does not end in a newline');
        const rec = (0,_names_js__WEBPACK_IMPORTED_MODULE_1__/* .decodeName */ .e4)(body, space + 1, pos + len - 1);
        const eq = rec.indexOf('=');
        if (eq <= 0)
            throw invalid('malformed PAX record (no key)');
        out[rec.slice(0, eq)] = rec.slice(eq + 1);
        pos += len;
    }
    return out;
}
/** Map a typeflag to an EntryType, or undefined for types that are not entries (x, g, L, K…). */
function entryTypeOf(typeflag) {
    switch (typeflag) {
        case '0':
        case '\0': // pre-POSIX regular file (a name ending in `/` is a directory: see readTar)
        case '7': // contiguous file: a regular file everywhere that matters
            return 'file';
        case '1':
            return 'link';
        case '2':
            return 'symlink';
        case '3':
            return 'chardev';
        case '4':
            return 'blockdev';
        case '5':
            return 'directory';
        case '6':
            return 'fifo';
        default:
            return undefined;
    }
}
/** Parse a PAX numeric value (`size`, `uid`, `mtime` may be fractional). */
function paxNumber(value, key, fractional) {
    const re = fractional ? /^-?[0-9]+(\.[0-9]+)?$/ : /^[0-9]+$/;
    if (!re.test(value))
        throw invalid(`malformed PAX ${key} ${JSON.stringify(value.slice(0, 40))}`);
    const n = Number(value);
    if (!Number.isFinite(n) || Math.abs(n) > Number.MAX_SAFE_INTEGER)
        throw invalid(`PAX ${key} is too large`);
    return n;
}



/***/ }),

/***/ 3195:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Cb: () => (/* binding */ hasRawBytes),
/* harmony export */   QC: () => (/* binding */ displayName),
/* harmony export */   Yb: () => (/* binding */ toFsPath),
/* harmony export */   aA: () => (/* binding */ encodeName),
/* harmony export */   e4: () => (/* binding */ decodeName),
/* harmony export */   od: () => (/* binding */ nameByteLength)
/* harmony export */ });
/**
 * Path names as bytes, carried in JS strings without loss.
 *
 * Tar headers and POSIX file systems hold names as bytes, not text: `caf\xe9` (Latin-1)
 * and `caf\xe8` are two names, although neither is valid UTF-8. Decoding them as UTF-8
 * would turn both into `caf\uFFFD` — one name, the last file wins, and the real name can
 * no longer be opened. So names are decoded the way Python's `surrogateescape` does
 * (PEP 383): valid UTF-8 as text, and each byte that is not part of valid UTF-8 as the
 * lone surrogate U+DC80–U+DCFF. Valid UTF-8 never decodes to a lone surrogate, so the
 * mapping is one-to-one and `encodeName(decodeName(b))` gives back `b` exactly.
 *
 * Such a name must reach the file system as a Buffer (`toFsPath`): Node would encode the
 * string's lone surrogates as U+FFFD.
 */
/** A lone surrogate standing for one raw byte (0x80–0xFF). */
const ESCAPED = /[\uDC80-\uDCFF]/;
/** True when `name` carries bytes that are not UTF-8 (and must be written as a Buffer). */
function hasRawBytes(name) {
    return ESCAPED.test(name);
}
/** Length of the valid UTF-8 sequence at `i`, or 0 when the byte there starts none. */
function utf8Sequence(b, i, end) {
    const c = b[i];
    let n;
    let min;
    if (c >= 0xc2 && c <= 0xdf)
        [n, min] = [2, 0x80];
    else if (c >= 0xe0 && c <= 0xef)
        [n, min] = [3, 0x800];
    else if (c >= 0xf0 && c <= 0xf4)
        [n, min] = [4, 0x10000];
    else
        return 0;
    if (i + n > end)
        return 0;
    let cp = c & (0xff >> (n + 1));
    for (let k = 1; k < n; k++) {
        const d = b[i + k];
        if ((d & 0xc0) !== 0x80)
            return 0;
        cp = (cp << 6) | (d & 0x3f);
    }
    // No overlong forms, no encoded surrogates, nothing past U+10FFFF (RFC 3629 §3).
    if (cp < min || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
        return 0;
    return n;
}
/** Decode name bytes: UTF-8 where valid, every other byte as U+DC00 + byte. */
function decodeName(b, start = 0, end = b.length) {
    const buf = Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength);
    const text = buf.toString('utf8', start, end);
    // Fast path: no replacement character means every byte was valid UTF-8.
    if (!text.includes('\uFFFD'))
        return text;
    let out = '';
    let from = start;
    let i = start;
    while (i < end) {
        if (b[i] < 0x80) {
            i++;
            continue;
        }
        const n = utf8Sequence(b, i, end);
        if (n > 0) {
            i += n;
            continue;
        }
        out += buf.toString('utf8', from, i) + String.fromCharCode(0xdc00 + b[i]);
        i++;
        from = i;
    }
    return out + buf.toString('utf8', from, end);
}
/** Encode a name back to its bytes (the inverse of decodeName). */
function encodeName(name) {
    if (!ESCAPED.test(name))
        return Buffer.from(name, 'utf8');
    const parts = [];
    let from = 0;
    for (let i = 0; i < name.length; i++) {
        const c = name.charCodeAt(i);
        if (c >= 0xd800 && c <= 0xdbff && i + 1 < name.length) {
            const d = name.charCodeAt(i + 1);
            if (d >= 0xdc00 && d <= 0xdfff) {
                i++; // a pair: one character outside the BMP, plain UTF-8
                continue;
            }
        }
        if (c >= 0xdc80 && c <= 0xdcff) {
            parts.push(Buffer.from(name.slice(from, i), 'utf8'), Buffer.from([c - 0xdc00]));
            from = i + 1;
        }
    }
    parts.push(Buffer.from(name.slice(from), 'utf8'));
    return Buffer.concat(parts);
}
/** Byte length of an encoded name. */
function nameByteLength(name) {
    return ESCAPED.test(name) ? encodeName(name).length : Buffer.byteLength(name);
}
/** A path for Node's fs: the string itself, or its bytes when it carries raw bytes. */
function toFsPath(path) {
    return ESCAPED.test(path) ? encodeName(path) : path;
}
/** A name for a message: raw bytes shown as `\xNN`, cut to `max` characters. */
function displayName(name, max = 200) {
    const shown = name.replace(/[\uDC80-\uDCFF]/g, (c) => `\\x${(c.charCodeAt(0) - 0xdc00).toString(16)}`);
    return shown.length > max ? `${shown.slice(0, max)}…` : shown;
}


/***/ })

};
