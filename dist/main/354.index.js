export const id = 354;
export const ids = [354];
export const modules = {

/***/ 4354:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   DEFAULT_GZIP_LEVEL: () => (/* binding */ DEFAULT_GZIP_LEVEL),
/* harmony export */   GZIP_LEVEL_BY_KIND: () => (/* binding */ GZIP_LEVEL_BY_KIND),
/* harmony export */   gunzipStream: () => (/* binding */ gunzipStream),
/* harmony export */   gzipStream: () => (/* binding */ gzipStream),
/* harmony export */   isParallelGzip: () => (/* binding */ isParallelGzip)
/* harmony export */ });
/* harmony import */ var node_zlib__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8522);
/* harmony import */ var node_zlib__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_zlib__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _pipeline_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4220);
/* harmony import */ var _probe_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2134);
/**
 * Block-parallel gzip, pigz-style, that also decodes in parallel. The input is cut into
 * fixed-size blocks by byte offset; each block is raw-deflated on the libuv thread pool
 * and becomes one gzip member of its own (RFC 1952 §2.2: a gzip file is a series of
 * members, and every gzip reader — gzip(1), Go's compress/gzip, pgzip, zlib — reads them
 * all). Each member's header carries an extra field (subfield `OS`, RFC 1952 §2.3.1.1)
 * with the length of its compressed data, so a reader can find the next member without
 * inflating this one: `gunzipStream` inflates several members at once, where a single
 * deflate stream can only be inflated on one core.
 *
 * Members are independent (no shared dictionary): measured on the benchmark trees, that
 * costs 0.1-0.2% of layer size at 1 MiB blocks. The output depends only on the input
 * bytes, the level and the block size — never on timing or the number of cores — so
 * layer digests are reproducible.
 *
 * Reference: RFC 1952 (gzip), RFC 1951 (deflate); pigz's and BGZF's design notes.
 */



/**
 * Default gzip level, that of text blocks. Chosen by measurement (bench/ingest.bench.mjs):
 * with block-parallel deflate on two cores, level 3 is faster than `umoci insert` while its
 * layers stay within a few percent of umoci's size; level 6 is about twice as slow per core.
 */
const DEFAULT_GZIP_LEVEL = 3;
/**
 * The level of a block by what it holds (probe.ts), when no level is asked for. Measured
 * on the bench trees, 1 MiB blocks: on shared libraries level 2 deflates in 10-25% less
 * CPU than level 3 for output 1.1% larger, and level 1 in ~7% less than level 2 for output
 * 1.6% larger (300 MB of binaries: 123.0 -> 125.0 MB, 1.038x umoci's; the small-files
 * tree +0.2%). A gzip ingest of binaries is bound by the two cores' deflate CPU, and
 * against `umoci insert` it needs that 7%. On text level 3 keeps the 0.5-1% it buys; data
 * that no longer compresses is stored (level 0: a copy), where deflating it cost a full
 * match search to save nothing.
 */
const GZIP_LEVEL_BY_KIND = { text: DEFAULT_GZIP_LEVEL, binary: 1, incompressible: 0 };
/**
 * Blocks handed to the thread pool beyond its threads, waiting in its queue: when a
 * deflate finishes, its thread takes the next block at once instead of waiting for the
 * main thread, itself waiting for the oldest block (output is in order) while younger
 * ones finish. Measured on the binaries tree, gzip, 2 cores under load (3 runs each,
 * timestamps of each block's submission and completion): the main thread waiting for a
 * block 1.4-2.1 s -> 0.06-0.21 s, and time with at most one deflate running while it
 * waited (a core idle on a quiet machine) 63-233 -> 4-20 ms; peak RSS +4 MB (two more
 * 1 MiB blocks, in and out).
 */
const QUEUED_BLOCKS = 2;
/** The extra subfield that records a member's compressed length: `OS`, 4 bytes. */
const SI1 = 0x4f;
const SI2 = 0x53;
/** Header of one of our members: 10 fixed bytes, XLEN, the 8-byte extra field. */
const MEMBER_HEADER = 10 + 2 + 8;
const TRAILER = 8;
/** Smallest block: below that, per-member overhead and lost matches start to show. */
const MIN_BLOCK = 32 * 1024;
/**
 * zlib's memLevel for compression. Measured on the benchmark trees at level 3: 9 (the
 * largest hash table) deflates 8-12% faster than the default 8, for output 0.2-0.3% larger.
 */
const MEM_LEVEL = 9;
/**
 * A member header: no name, no mtime (0), unknown OS — nothing machine-specific — and the
 * `OS` extra subfield holding `length`, the size of the compressed data that follows.
 */
function memberHeader(level, length) {
    const xfl = level >= 9 ? 2 : level <= 1 ? 4 : 0;
    const h = Buffer.from([0x1f, 0x8b, 8, 4, 0, 0, 0, 0, xfl, 0xff, 8, 0, SI1, SI2, 4, 0, 0, 0, 0, 0]);
    h.writeUInt32LE(length, 16);
    return h;
}
/**
 * Raw-deflate one block on the thread pool in a single call: the write finishes the stream
 * (Z_FINISH) into one output buffer that holds any deflate of the block (zlib's
 * deflateBound: a few bytes per 16 KiB stored block). `zlib.deflateRaw` writes with
 * Z_NO_FLUSH, finishes in a second call, and returns to the main thread for every 256 KiB
 * of output, to concatenate it: measured on the binaries tree, ~20% more CPU for the same
 * bytes. The stream is closed, never ended (ending would finish it again).
 */
function deflateBlock(data, level) {
    const z = node_zlib__WEBPACK_IMPORTED_MODULE_0___default().createDeflateRaw({
        level,
        memLevel: MEM_LEVEL,
        chunkSize: data.length + (data.length >> 8) + 1024,
        flush: (node_zlib__WEBPACK_IMPORTED_MODULE_0___default().constants).Z_FINISH,
    });
    return (0,_pipeline_js__WEBPACK_IMPORTED_MODULE_1__/* .compressWhole */ ._4)(z, data, 'deflate');
}
/**
 * Gzip an async stream of buffers with block-parallel deflate, one member per block.
 * Memory stays bounded by `concurrency × blockSize` (input) plus the same for output.
 */
async function* gzipStream(source, options) {
    const level = options.level;
    const blockSize = options.blockSize ?? 1 << 20;
    if (blockSize < MIN_BLOCK || blockSize > MAX_MEMBER_DATA) {
        throw new RangeError(`gzip block size must be between ${MIN_BLOCK} and ${MAX_MEMBER_DATA}`);
    }
    yield* (0,_pipeline_js__WEBPACK_IMPORTED_MODULE_1__/* .blockParallel */ .Hj)(source, {
        blockSize,
        concurrency: options.concurrency ?? (0,_pipeline_js__WEBPACK_IMPORTED_MODULE_1__/* .defaultConcurrency */ .PV)() + QUEUED_BLOCKS,
        encode: (block) => {
            // Read before the block is handed back for reuse.
            const trailer = Buffer.allocUnsafe(TRAILER);
            trailer.writeUInt32LE(node_zlib__WEBPACK_IMPORTED_MODULE_0___default().crc32(block) >>> 0, 0);
            trailer.writeUInt32LE(block.length, 4);
            const blockLevel = level ?? GZIP_LEVEL_BY_KIND[(0,_probe_js__WEBPACK_IMPORTED_MODULE_2__/* .probeBlock */ ._)(block)];
            return deflateBlock(block, blockLevel).then((data) => [memberHeader(blockLevel, data.length), data, trailer]);
        },
    });
}
/**
 * The largest member data and output `gunzipStream` inflates in parallel. Ours are at most
 * one block (1 MiB by default) in and out; a bigger member is inflated in sequence.
 */
const MAX_MEMBER_DATA = 16 * 1024 * 1024;
/** Compressed data of a member of MAX_MEMBER_DATA bytes, with room for stored blocks. */
const MAX_MEMBER_IN = MAX_MEMBER_DATA + 1024 * 1024;
/** After this many members, ones averaging under TINY_MEMBER bytes of output are read by zlib. */
const TINY_AFTER = 64;
const TINY_MEMBER = 16 * 1024;
/** Size of the recycled member buffers: one default block's member, stored or deflated. */
const RECYCLED = (1 << 20) + 64 * 1024;
/**
 * Inflate one whole gzip member on the thread pool. The member must end exactly at the
 * end of `member` and hold at most `isize` bytes (its trailer's ISIZE, which zlib checks
 * with the CRC-32): trailing bytes zlib would skip are an error, so the parallel reading
 * never differs from a sequential one.
 */
function inflateMember(member, isize) {
    return new Promise((resolve, reject) => {
        // One output buffer that fits the whole member: no concatenation.
        const chunkSize = Math.max(1024, isize + 1);
        const z = node_zlib__WEBPACK_IMPORTED_MODULE_0___default().createGunzip({ chunkSize });
        const parts = [];
        let size = 0;
        z.on('data', (c) => {
            size += c.length;
            if (size > isize)
                z.destroy(new Error(`a gzip member inflates past its recorded size of ${isize} bytes`));
            else
                parts.push(c);
        });
        z.once('error', reject);
        z.once('end', () => {
            if (z.bytesWritten !== member.length) {
                reject(new Error(`a gzip member ends ${member.length - z.bytesWritten} bytes before its recorded length`));
            }
            else {
                const out = parts.length === 1 ? parts[0] : Buffer.concat(parts, size);
                // zlib's own output buffer, written no more once the stream ends: `chunkSize` bytes of
                // their own (Buffer's shared pool serves only sizes below half of Buffer.poolSize).
                if (out === parts[0] && out.byteOffset === 0 && out.buffer.byteLength === chunkSize && chunkSize >= Buffer.poolSize >>> 1)
                    (0,_pipeline_js__WEBPACK_IMPORTED_MODULE_1__/* .own */ .ZV)(out);
                resolve(out);
            }
            z.close();
        });
        z.end(member);
    });
}
/**
 * Gunzip an async stream of buffers. Members written by `gzipStream` (recognised by their
 * `OS` extra field) are inflated `concurrency` at a time on the thread pool and yielded in
 * order; from the first member that is not ours (any other gzip writer), the rest of the
 * stream is inflated in sequence by zlib. Either way the bytes are those any gzip reader
 * gives, and zlib verifies every member's CRC-32 and size.
 */
async function* gunzipStream(source, options = {}) {
    const concurrency = Math.max(1, options.concurrency ?? (0,_pipeline_js__WEBPACK_IMPORTED_MODULE_1__/* .defaultConcurrency */ .PV)());
    const it = source[Symbol.asyncIterator]();
    let pending = [];
    let pendingLength = 0;
    let ended = false;
    let members = 0;
    /** Buffer at least `n` bytes unless the source ends first. */
    const fill = async (n) => {
        while (pendingLength < n && !ended) {
            const r = await it.next();
            if (r.done)
                ended = true;
            else if (r.value.length > 0) {
                const c = Buffer.isBuffer(r.value) ? r.value : Buffer.from(r.value.buffer, r.value.byteOffset, r.value.length);
                pending.push(c);
                pendingLength += c.length;
            }
        }
    };
    /** The first `n` buffered bytes (n ≤ pendingLength), without consuming them. */
    const peek = (n) => {
        if (pending[0].length >= n)
            return pending[0].subarray(0, n);
        pending = [Buffer.concat(pending, pendingLength)];
        return pending[0].subarray(0, n);
    };
    // Member buffers are recycled once inflated: with the source's chunks and the output,
    // they were a quarter of the garbage (and of the collections) of an unpack.
    const free = [];
    /** Consume `n` buffered bytes into a buffer of their own (recycled when n ≤ RECYCLED). */
    const take = (n) => {
        const out = n <= RECYCLED ? (free.pop() ?? Buffer.allocUnsafe(RECYCLED)).subarray(0, n) : Buffer.allocUnsafe(n);
        let got = 0;
        while (got < n) {
            const head = pending[0];
            const k = Math.min(n - got, head.length);
            head.copy(out, got, 0, k);
            got += k;
            if (k === head.length)
                pending.shift();
            else
                pending[0] = head.subarray(k);
        }
        pendingLength -= n;
        return out;
    };
    /** The compressed-data length of the member at the head, if it is one of ours. */
    const ourMember = memberLength;
    const inflight = [];
    let inflated = 0;
    const nextOutput = async () => {
        const out = await inflight.shift();
        inflated += out.length;
        return out;
    };
    let finished = false;
    try {
        for (;;) {
            await fill(MEMBER_HEADER);
            if (pendingLength === 0 && members > 0)
                break; // the end, after whole members
            // Each member costs a zlib stream and a pool round trip (~50 µs): right for ~1 MiB
            // blocks, not for a flood of tiny members (a hostile layer). Those go to zlib, which
            // reads members back to back: measured, 50k one-byte members in 42 ms, not 2.4 s.
            if (members >= TINY_AFTER && inflated < (members - inflight.length) * TINY_MEMBER)
                break;
            const length = pendingLength >= MEMBER_HEADER ? ourMember(peek(MEMBER_HEADER)) : undefined;
            if (length === undefined)
                break; // not ours (or truncated): zlib reads the rest
            const total = MEMBER_HEADER + length + TRAILER;
            await fill(total);
            if (pendingLength < total)
                break; // truncated: zlib reports it
            const member = take(total);
            const isize = member.readUInt32LE(total - 4);
            if (isize > MAX_MEMBER_DATA) {
                // Not one of our blocks after all: put it back for zlib.
                pending.unshift(member);
                pendingLength += total;
                break;
            }
            const p = inflateMember(member, isize).finally(() => {
                if (member.buffer.byteLength === RECYCLED && free.length < concurrency)
                    free.push(Buffer.from(member.buffer, member.byteOffset, RECYCLED));
            });
            p.catch(() => { }); // surfaced in order when awaited
            inflight.push(p);
            members++;
            while (inflight.length >= concurrency)
                yield await nextOutput();
        }
        while (inflight.length > 0)
            yield await nextOutput();
        if (pendingLength > 0 || !ended || members === 0) {
            // The rest, in sequence: what is buffered, then what the source still holds. After
            // members of ours, zlib must read the rest as the continuation of a gzip file, not
            // as its start: trailing zero bytes (padding) are accepted after a member and refused
            // before the first one. An empty member stands in for those already inflated.
            const rest = members > 0 ? [EMPTY_MEMBER, ...pending] : pending;
            pending = [];
            pendingLength = 0;
            const remainder = async function* () {
                yield* rest;
                for (let r = ended ? undefined : await it.next(); r !== undefined && !r.done; r = await it.next()) {
                    yield Buffer.isBuffer(r.value) ? r.value : Buffer.from(r.value.buffer, r.value.byteOffset, r.value.length);
                }
                ended = true;
            };
            yield* sequentialGunzip(remainder());
        }
        finished = true;
    }
    finally {
        inflight.length = 0;
        // A consumer that stopped early, or a failure: let the source release what it holds.
        if (!finished && !ended)
            await it.return?.();
    }
}
/** The compressed-data length of the member `h` starts (≥ MEMBER_HEADER bytes), if it is one of ours. */
function memberLength(h) {
    if (h[0] !== 0x1f || h[1] !== 0x8b || h[2] !== 8 || h[3] !== 4)
        return undefined;
    if (h.readUInt16LE(10) !== 8 || h[12] !== SI1 || h[13] !== SI2 || h.readUInt16LE(14) !== 4)
        return undefined;
    const length = h.readUInt32LE(16);
    return length <= MAX_MEMBER_IN ? length : undefined;
}
/**
 * True when a gzip stream starting with `head` is made of our length-tagged members, which
 * gunzipStream inflates several at once; any other gzip (one deflate stream, as umoci,
 * skopeo and Docker write) inflates in sequence on one thread.
 */
function isParallelGzip(head) {
    const h = Buffer.isBuffer(head) ? head : Buffer.from(head.buffer, head.byteOffset, head.byteLength);
    return h.length >= MEMBER_HEADER && memberLength(h) !== undefined;
}
/** A gzip member of no data (RFC 1952: header, an empty final stored block, CRC 0, ISIZE 0). */
const EMPTY_MEMBER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
/**
 * Inflate a gzip stream (any number of members) in sequence with zlib: one deflate stream
 * (umoci, skopeo, Docker Hub layers) inflates on one pool thread. Up to four chunks may
 * wait inflated (readableHighWaterMark), so inflate keeps running while the consumer
 * writes files — as `gzip -d` keeps running while `tar -x` writes, into the pipe buffer.
 * With the default mark (one chunk) every chunk waited for the consumer.
 */
function sequentialGunzip(source) {
    // Stream options pass through zlib's options to its Transform (not in ZlibOptions' type).
    const options = { chunkSize: GUNZIP_CHUNK, readableHighWaterMark: 4 * GUNZIP_CHUNK };
    return (0,_pipeline_js__WEBPACK_IMPORTED_MODULE_1__/* .pump */ .ri)(source, node_zlib__WEBPACK_IMPORTED_MODULE_0___default().createGunzip(options));
}
/** Output chunk of the sequential inflate: ~1 ms of inflate per pool round trip. */
const GUNZIP_CHUNK = 256 * 1024;


/***/ }),

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

/***/ 2134:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   _: () => (/* binding */ probeBlock)
/* harmony export */ });
/**
 * A cheap look at a block before it is compressed: is it text, other data (machine code,
 * tables), or data that no longer compresses (already compressed or encrypted)? The codecs
 * pick a level per block from the answer, so the effort goes where it buys bytes.
 *
 * The answer depends only on the block's bytes (a byte histogram of fixed samples), never
 * on timing or chunking: a layer's bytes, and so its digest, stay reproducible.
 */
/** Sampled: RUN bytes at the start of every STEP bytes — 1/32 of the block. */
const STEP = 64 * 1024;
const RUN = 2048;
/**
 * Share of printable ASCII (and tab, LF, CR) from which a block is text. Measured on the
 * bench trees (1 MiB blocks): shared libraries sit at 0.3-0.46, where level 3's longer
 * match search buys ~1%; blocks of small files mixing text with compressed data sit at
 * 0.3-0.85. From 0.55 those mixed blocks stay at level 3: the small-files layer grows
 * 0.13% (0.5% from 0.8), the binaries layer is the same.
 */
const TEXT_SHARE = 0.55;
/**
 * Order-0 entropy (bits per byte) from which a block is incompressible: deflate's Huffman
 * codes can gain at most 8 - H bits per byte on such data, under 0.4% here, and the sample
 * of random bytes reads ~7.99. The most compressible blocks of the bench trees read under 7.5.
 */
const INCOMPRESSIBLE_BITS = 7.97;
const counts = new Uint32Array(256);
/** Classify a block by a byte histogram of samples spread over all of it. */
function probeBlock(block) {
    counts.fill(0);
    let n = 0;
    for (let start = 0; start < block.length; start += STEP) {
        const end = Math.min(start + RUN, block.length);
        for (let i = start; i < end; i++)
            counts[block[i]]++;
        n += end - start;
    }
    if (n === 0)
        return 'text';
    let text = counts[9] + counts[10] + counts[13];
    for (let c = 0x20; c < 0x7f; c++)
        text += counts[c];
    if (text >= n * TEXT_SHARE)
        return 'text';
    let bits = 0;
    for (let c = 0; c < 256; c++) {
        const k = counts[c];
        if (k > 0)
            bits -= k * Math.log2(k / n);
    }
    return bits / n >= INCOMPRESSIBLE_BITS ? 'incompressible' : 'binary';
}


/***/ })

};
