export const id = 233;
export const ids = [233];
export const modules = {

/***/ 4220:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   F5: () => (/* binding */ releaseOutput),
/* harmony export */   Hj: () => (/* binding */ blockParallel),
/* harmony export */   PV: () => (/* binding */ defaultConcurrency),
/* harmony export */   ZV: () => (/* binding */ own),
/* harmony export */   _4: () => (/* binding */ compressWhole),
/* harmony export */   b$: () => (/* binding */ ownsItsMemory),
/* harmony export */   ri: () => (/* binding */ pump)
/* harmony export */ });
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7075);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_stream__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _memory_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1360);
/**
 * The two ways bytes go through a codec: independent blocks compressed in parallel on the
 * thread pool and written in order (blockParallel: gzip members, zstd frames), or one zlib
 * stream in sequence (pump: any decoder).
 */


/** Blocks in flight by default: the libuv pool size (UV_THREADPOOL_SIZE, default 4). */
function defaultConcurrency() {
    const pool = Number(process.env.UV_THREADPOOL_SIZE) || 4;
    return Math.max(2, pool);
}
/**
 * Cut `source` into fixed-size blocks by byte offset and encode up to `concurrency` of them
 * at once, yielding each block's output in input order. Memory stays bounded by about
 * `concurrency × blockSize` of input plus the same of output. The output depends only on
 * the bytes and `encode` — never on the source's chunking, timing or `concurrency` — so
 * layer digests are reproducible. A last block holds the leftovers; an empty input is one
 * empty block (never an extra empty block after full ones).
 */
async function* blockParallel(source, options) {
    const { blockSize, encode } = options;
    const concurrency = Math.max(1, options.concurrency);
    // Input blocks are recycled once encoded: fresh external memory per block was most of
    // the churn that took a small-files ingest to 215 MB peak RSS.
    const inflight = [];
    const free = [];
    let block = Buffer.allocUnsafe(blockSize);
    let used = 0;
    let blocks = 0;
    const submit = (data) => {
        const out = encode(data);
        out.catch(() => { }); // surfaced in order when awaited
        inflight.push({ out, input: data });
        blocks++;
    };
    async function* next() {
        const b = inflight.shift();
        const parts = await b.out;
        if (b.input.length === blockSize)
            free.push(b.input);
        (0,_memory_js__WEBPACK_IMPORTED_MODULE_1__/* .collectGarbage */ .iO)(); // each block's codec buffers are external memory: see MemoryPolicy
        yield* parts;
    }
    for await (const chunk of source) {
        let off = 0;
        while (off < chunk.length) {
            const n = Math.min(blockSize - used, chunk.length - off);
            block.set(chunk.subarray(off, off + n), used);
            used += n;
            off += n;
            if (used === blockSize) {
                submit(block);
                used = 0;
                while (inflight.length >= concurrency)
                    yield* next();
                block = free.pop() ?? Buffer.allocUnsafe(blockSize);
            }
        }
    }
    if (used > 0 || blocks === 0)
        submit(block.subarray(0, used));
    while (inflight.length > 0)
        yield* next();
}
/** Feed `source` through a zlib transform and yield its output; errors on either side propagate. */
async function* pump(source, z) {
    const input = node_stream__WEBPACK_IMPORTED_MODULE_0__.Readable.from(source, { objectMode: false });
    input.on('error', (e) => z.destroy(e));
    input.pipe(z);
    try {
        for await (const c of z)
            yield c;
    }
    finally {
        input.destroy();
        z.destroy();
    }
}
/**
 * Compress one whole block in one call of a stream created with a finishing flush
 * (Z_FINISH, ZSTD_e_end) and an output buffer that holds the result: the block is written
 * once, its output collected, and the stream closed, never ended (ending it would finish
 * it again). `what` names the codec in the error when nothing came out.
 */
function compressWhole(z, data, what) {
    return new Promise((resolve, reject) => {
        const parts = [];
        z.on('data', (c) => parts.push(c));
        z.once('error', reject);
        z.write(data, (err) => {
            // The output was pushed before this callback; a 'data' event deferred to a later
            // tick has been delivered by the time setImmediate runs.
            setImmediate(() => {
                z.close();
                if (err)
                    reject(err);
                else if (parts.length === 0)
                    reject(new Error(`${what} returned no data`));
                else if (parts.length > 1)
                    resolve(Buffer.concat(parts));
                else {
                    // The stream's own output buffer, written no more once the stream is closed —
                    // unless it came from Buffer's shared pool (a small block's: the pool is
                    // Buffer.poolSize bytes, 64 KiB in Node 24, and serves sizes below half of that).
                    const out = parts[0];
                    const ab = out.buffer;
                    if (out.byteOffset === 0 && ab instanceof ArrayBuffer && ab.byteLength >= OWNED_MIN && ab.byteLength > Buffer.poolSize)
                        own(out);
                    resolve(out);
                }
            });
        });
    });
}
/**
 * Memory that one codec output buffer alone views: compressWhole's blocks, gunzipStream's
 * members inflated in parallel (gzip.ts). Its consumer may free it (releaseOutput) or
 * transfer it to a worker (ownsItsMemory) once done with the chunk.
 */
const owned = new WeakSet();
/** Record that `buf`, a codec's own output buffer (never Buffer's shared pool), is the only view of its memory. */
function own(buf) {
    owned.add(buf.buffer);
}
/**
 * True when `chunk` is the only view of its memory (see own): once done with it, the
 * consumer may transfer that memory (a postMessage transfer list) to a worker that frees it
 * there, with no garbage collection. Holds for a member of ours inflated in parallel (one
 * buffer per member) and a compressed block; never for chunks of a sequential inflate,
 * slices of buffers zlib goes on writing.
 */
function ownsItsMemory(chunk) {
    return chunk.byteOffset === 0 && owned.has(chunk.buffer);
}
/** Smaller outputs are left to the collector: little to gain. */
const OWNED_MIN = 64 * 1024;
/**
 * Free the memory of a chunk that gzip or zstd compression yielded, once its consumer is
 * done with it (has written and hashed it): a block's output is the only view of zlib's
 * output buffer, sized for the worst case (4 MiB + 64 KiB for a zstd frame, ~1.5 MB of it
 * used), which V8 would free only at a full collection — on a zstd ingest the memory
 * policy forced one every ~6 frames (collectGarbage), ~10 ms of the main thread each,
 * and V8 started more of its own. Detaching it (ArrayBuffer.prototype.transfer to 0
 * bytes) frees it at once. Any other chunk (`none`, a concatenation) is left alone.
 * Measured (ingest, 2 cores, 6 alternated runs): full collections of a small-files zstd
 * ingest 13–15 → 1–2; 300 MB of binaries, zstd: 1.46 → 1.31 s of CPU, peak RSS 134 →
 * 126 MB; a 1 GB gzip layer: peak RSS 96 → 86 MB.
 */
function releaseOutput(chunk) {
    const ab = chunk.buffer;
    if (chunk.byteOffset !== 0 || !(ab instanceof ArrayBuffer) || !owned.delete(ab))
        return;
    ab.transfer(0);
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


/***/ })

};
