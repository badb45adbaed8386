export const id = 376;
export const ids = [376];
export const modules = {

/***/ 9078:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   q: () => (/* binding */ silentLogger)
/* harmony export */ });
/** A logger that drops everything. */
const silentLogger = { debug() { }, info() { }, warning() { } };


/***/ }),

/***/ 2376:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Store: () => (/* binding */ Store)
});

// UNUSED EXPORTS: OMITTED_ANNOTATION, omittedChildren, validateDescriptor

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(7075);
// EXTERNAL MODULE: external "node:stream/promises"
var external_node_stream_promises_ = __webpack_require__(6466);
// EXTERNAL MODULE: ./src/core/content.ts
var content = __webpack_require__(9078);
// EXTERNAL MODULE: ./src/core/digest.ts
var core_digest = __webpack_require__(5543);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
// EXTERNAL MODULE: ./src/core/lock.ts
var core_lock = __webpack_require__(6336);
// EXTERNAL MODULE: ./src/core/reference.ts
var reference = __webpack_require__(5378);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
;// CONCATENATED MODULE: ./src/core/storage.ts
/**
 * Blob storage of an OCI image layout: `blobs/<alg>/<hex>`, and resumable ingests under
 * `ingest/` (containerd's local content store, oras-go's `content/oci/storage.go`).
 *
 * Invariant: nothing unverified ever appears under `blobs/`. Bytes are written to
 * `ingest/<sha256 of ref>/data`, fsynced, checked for size and digest, made read-only and
 * only then hard-linked into place (a link, unlike a rename, never replaces an existing
 * blob), and the directory is fsynced. While an ingest is written its bytes are flushed
 * behind the writes (fdatasync every FLUSH_EVERY bytes), so that final fsync is short.
 *
 * Reference: image-spec image-layout.md "Blobs"; containerd core/content/content.go.
 */








/** Default cap of `get`: manifests and configs are far smaller. */
const DEFAULT_MAX_BYTES = 4 * 1024 * 1024;
/** Name of the ingest area under the store root. */
const INGEST_DIR = 'ingest';
const META = 'meta.json';
const DATA = 'data';
const LOCK = 'lock';
function notFound(digest) {
    return new errors/* OciError */.Mf('NOT_FOUND', `blob ${digest} is not in the store`, {
        hint: 'pull or ingest the image again, or check the digest',
    });
}
/** fsync a directory so a rename/link/unlink in it survives a power loss. */
async function fsyncDir(dir) {
    let fh;
    try {
        fh = await (0,promises_.open)(dir, 'r');
        await fh.sync();
    }
    catch (e) {
        // Some file systems refuse fsync on directories; the rename is still atomic.
        if (!(0,errors/* isErrno */.r)(e, 'EINVAL', 'EISDIR', 'EPERM', 'ENOTSUP'))
            throw e;
    }
    finally {
        await fh?.close();
    }
}
/** Write a small file atomically: temp file, fsync, rename, fsync the directory. */
async function writeFileAtomic(path, data, dir) {
    const tmp = `${path}.${process.pid}-${(0,external_node_crypto_.randomBytes)(4).toString('hex')}.tmp`;
    const fh = await (0,promises_.open)(tmp, 'wx', 0o644);
    try {
        await fh.writeFile(data);
        await fh.sync();
    }
    finally {
        await fh.close();
    }
    try {
        await (0,promises_.rename)(tmp, path);
    }
    catch (e) {
        await (0,promises_.unlink)(tmp).catch(() => { });
        throw e;
    }
    await fsyncDir(dir);
}
/** unlink, also of a 0444 file where the OS refuses that (Windows' read-only attribute). */
async function unlinkReadOnly(path) {
    try {
        await (0,promises_.unlink)(path);
    }
    catch (e) {
        if (!(0,errors/* isErrno */.r)(e, 'EPERM', 'EACCES'))
            throw e;
        await (0,promises_.chmod)(path, 0o644);
        await (0,promises_.unlink)(path);
    }
}
function validateRef(ref) {
    if (typeof ref !== 'string' || ref.length === 0 || ref.length > 1024) {
        throw new errors/* OciError */.Mf('INVALID_INPUT', `invalid ingest ref ${JSON.stringify(ref)}`, {
            hint: 'an ingest ref is a non-empty string of at most 1024 characters',
        });
    }
}
function validateSize(size, what) {
    if (!Number.isSafeInteger(size) || size < 0) {
        throw new errors/* OciError */.Mf('INVALID_INPUT', `invalid ${what} ${String(size)}`, { hint: 'a size is a non-negative integer' });
    }
}
/**
 * The layout's blobs and ingests (containerd's content.Store over a directory).
 *
 * - Reads accept sha256 and sha512 digests; what we hash ourselves is sha256.
 * - A blob that already exists is never rewritten.
 * - Ingest refs are locked across processes; a second writer fails fast with LOCKED.
 */
class BlobStorage {
    /** Store root (the layout directory). */
    root;
    #blobs;
    #ingest;
    #hashBuffer;
    constructor(root) {
        this.root = root;
        this.#blobs = (0,external_node_path_.join)(root, 'blobs');
        this.#ingest = (0,external_node_path_.join)(root, INGEST_DIR);
    }
    /** Path of a blob's file (the digest is validated). */
    blobPath(digest) {
        const { algorithm, hex } = (0,core_digest/* parseDigest */.m)(digest);
        return (0,external_node_path_.join)(this.#blobs, algorithm, hex);
    }
    /** Directory of an ingest: `ingest/<sha256 of ref>` (refs may hold any character). */
    ingestPath(ref) {
        validateRef(ref);
        return (0,external_node_path_.join)(this.#ingest, (0,external_node_crypto_.createHash)('sha256').update(ref).digest('hex'));
    }
    async stat(digest) {
        const path = this.blobPath(digest);
        try {
            const st = await (0,promises_.stat)(path);
            if (!st.isFile())
                throw notFound(digest);
            return { digest, size: st.size };
        }
        catch (e) {
            if ((0,errors/* isErrno */.r)(e, 'ENOENT', 'ENOTDIR'))
                throw notFound(digest);
            throw e;
        }
    }
    async has(digest) {
        try {
            await this.stat(digest);
            return true;
        }
        catch (e) {
            if (e instanceof errors/* OciError */.Mf && e.code === 'NOT_FOUND')
                return false;
            throw e;
        }
    }
    async get(digest, maxBytes = DEFAULT_MAX_BYTES) {
        const path = this.blobPath(digest);
        let fh;
        try {
            fh = await (0,promises_.open)(path, 'r');
        }
        catch (e) {
            if ((0,errors/* isErrno */.r)(e, 'ENOENT', 'ENOTDIR', 'EISDIR'))
                throw notFound(digest);
            throw e;
        }
        try {
            const { size } = await fh.stat();
            if (size > maxBytes) {
                throw new errors/* OciError */.Mf('TOO_LARGE', `blob ${digest} has ${size} bytes, more than the ${maxBytes} allowed here`, {
                    hint: 'a manifest, index or config this large is not supported',
                });
            }
            const data = await fh.readFile();
            this.#checkStored(digest, data);
            return data;
        }
        finally {
            await fh.close();
        }
    }
    #checkStored(digest, data) {
        const actual = (0,core_digest/* digestOf */.ol)(data, (0,core_digest/* parseDigest */.m)(digest).algorithm);
        if (actual !== digest)
            throw this.#corrupt(digest, actual);
    }
    #corrupt(digest, actual) {
        return new errors/* OciError */.Mf('DIGEST_MISMATCH', `blob ${digest} is corrupt: its file ${this.blobPath(digest)} has digest ${actual}`, {
            hint: 'delete the file and pull or ingest the image again (verify lists every corrupt blob)',
        });
    }
    async open(digest, range) {
        const path = this.blobPath(digest);
        let fh;
        try {
            fh = await (0,promises_.open)(path, 'r');
        }
        catch (e) {
            if ((0,errors/* isErrno */.r)(e, 'ENOENT', 'ENOTDIR', 'EISDIR'))
                throw notFound(digest);
            throw e;
        }
        let size;
        try {
            size = (await fh.stat()).size;
        }
        catch (e) {
            await fh.close();
            throw e;
        }
        if (range !== undefined) {
            const { start } = range;
            const end = range.end === undefined ? size - 1 : Math.min(range.end, size - 1);
            if (!Number.isSafeInteger(start) || start < 0 || (range.end !== undefined && (!Number.isSafeInteger(range.end) || range.end < start)) || (start >= size && size > 0) || (size === 0 && start > 0)) {
                await fh.close();
                throw new errors/* OciError */.Mf('INVALID_INPUT', `byte range ${start}-${range.end ?? ''} is not satisfiable for blob ${digest} of ${size} bytes`, {
                    hint: 'ask for a range inside the blob',
                });
            }
            if (end < start) {
                await fh.close();
                return external_node_stream_.Readable.from([]);
            }
            return fh.createReadStream({ start, end, autoClose: true });
        }
        const source = fh.createReadStream({ autoClose: true });
        const check = new core_digest/* DigestStream */.vl({ digest, size });
        // A verified whole-blob stream: errors at its end when the file was tampered with.
        (0,external_node_stream_.pipeline)(source, check, () => { });
        return check.on('error', (e) => {
            if (e instanceof errors/* OciError */.Mf && e.code === 'DIGEST_MISMATCH') {
                e.message = this.#corrupt(digest, check.digest).message;
            }
        });
    }
    async put(data, expected) {
        const algorithm = expected ? (0,core_digest/* parseDigest */.m)(expected).algorithm : 'sha256';
        const digest = (0,core_digest/* digestOf */.ol)(data, algorithm);
        if (expected !== undefined && digest !== expected) {
            throw new errors/* OciError */.Mf('DIGEST_MISMATCH', `content digest ${digest} does not match expected ${expected}`, {
                hint: 'the source is corrupt or was modified',
            });
        }
        if (await this.has(digest))
            return { digest, size: data.length };
        await (0,promises_.mkdir)(this.#ingest, { recursive: true });
        const tmp = (0,external_node_path_.join)(this.#ingest, `put-${process.pid}-${(0,external_node_crypto_.randomBytes)(6).toString('hex')}`);
        const fh = await (0,promises_.open)(tmp, 'wx', 0o644);
        try {
            await fh.writeFile(data);
            await fh.sync();
        }
        catch (e) {
            await fh.close();
            await (0,promises_.unlink)(tmp).catch(() => { });
            throw e;
        }
        await fh.close();
        try {
            await this.publish(tmp, digest);
        }
        finally {
            await unlinkReadOnly(tmp).catch(() => { });
        }
        return { digest, size: data.length };
    }
    /**
     * Publish a verified, fsynced file as blob `digest`: chmod 0444, hard-link into
     * `blobs/<alg>/` (EEXIST keeps the existing blob), fsync the directory. The caller
     * removes `file` afterwards. Falls back to rename where hard links are not supported.
     */
    async publish(file, digest) {
        const target = this.blobPath(digest);
        const dir = (0,external_node_path_.join)(this.#blobs, (0,core_digest/* parseDigest */.m)(digest).algorithm);
        await (0,promises_.chmod)(file, 0o444);
        await (0,promises_.mkdir)(dir, { recursive: true });
        try {
            await (0,promises_.link)(file, target);
        }
        catch (e) {
            if ((0,errors/* isErrno */.r)(e, 'EEXIST'))
                return;
            if (!(0,errors/* isErrno */.r)(e, 'EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EMLINK'))
                throw e;
            if (await this.has(digest))
                return;
            await (0,promises_.rename)(file, target);
        }
        await fsyncDir(dir);
    }
    async writer(ref, options = {}) {
        const dir = this.ingestPath(ref);
        if (options.total !== undefined)
            validateSize(options.total, 'expected size');
        if (options.expected !== undefined)
            (0,core_digest/* parseDigest */.m)(options.expected);
        const lock = await this.#lock(ref, dir);
        try {
            const now = new Date().toISOString();
            const meta = { ref, startedAt: now, updatedAt: now };
            if (options.total !== undefined)
                meta.total = options.total;
            if (options.expected !== undefined)
                meta.expected = options.expected;
            const fh = await (0,promises_.open)((0,external_node_path_.join)(dir, DATA), 'w', 0o644);
            try {
                await (0,promises_.writeFile)((0,external_node_path_.join)(dir, META), JSON.stringify(meta));
            }
            catch (e) {
                await fh.close();
                throw e;
            }
            const algorithm = options.expected ? (0,core_digest/* parseDigest */.m)(options.expected).algorithm : 'sha256';
            return new IngestWriter(this, dir, meta, fh, (0,external_node_crypto_.createHash)(algorithm), algorithm, 0, lock);
        }
        catch (e) {
            await lock.release();
            throw e;
        }
    }
    async resume(ref) {
        const dir = this.ingestPath(ref);
        await this.#readMeta(ref, dir);
        let lock;
        try {
            lock = await this.#lock(ref, dir, false);
        }
        catch (e) {
            if ((0,errors/* isErrno */.r)(e, 'ENOENT'))
                return this.resume(ref); // finished meanwhile: NOT_FOUND next
            throw e;
        }
        try {
            const meta = await this.#readMeta(ref, dir);
            let fh;
            try {
                fh = await (0,promises_.open)((0,external_node_path_.join)(dir, DATA), 'r+');
            }
            catch (e) {
                if ((0,errors/* isErrno */.r)(e, 'ENOENT'))
                    fh = await (0,promises_.open)((0,external_node_path_.join)(dir, DATA), 'w+', 0o644);
                else
                    throw e;
            }
            try {
                // Re-hash what is on disk: the bytes are the truth, whatever was said before the crash.
                const algorithm = meta.expected ? (0,core_digest/* parseDigest */.m)(meta.expected).algorithm : 'sha256';
                const hash = (0,external_node_crypto_.createHash)(algorithm);
                let offset = 0;
                for await (const chunk of fh.createReadStream({ start: 0, autoClose: false })) {
                    hash.update(chunk);
                    offset += chunk.length;
                }
                return new IngestWriter(this, dir, meta, fh, hash, algorithm, offset, lock);
            }
            catch (e) {
                await fh.close();
                throw e;
            }
        }
        catch (e) {
            await lock.release();
            throw e;
        }
    }
    async #lock(ref, dir, create = true) {
        for (let attempt = 0;; attempt++) {
            if (create)
                await (0,promises_.mkdir)(dir, { recursive: true });
            try {
                return await (0,core_lock/* acquireLock */.IZ)((0,external_node_path_.join)(dir, LOCK), {
                    what: `ingest ref ${JSON.stringify(ref)}`,
                    waitMs: 0,
                    // A live writer may hold an ingest for a long upload; only a dead pid frees it early.
                    staleMs: 24 * 3600_000,
                    hint: 'another writer is ingesting under this ref; wait for it, or abort the ingest',
                });
            }
            catch (e) {
                // The directory was removed by a finishing writer between our mkdir and lock.
                if (!(0,errors/* isErrno */.r)(e, 'ENOENT') || !create || attempt >= 5)
                    throw e;
            }
        }
    }
    async #readMeta(ref, dir) {
        try {
            const meta = JSON.parse(await (0,promises_.readFile)((0,external_node_path_.join)(dir, META), 'utf8'));
            if (meta.ref !== ref)
                throw new Error('ref differs');
            return meta;
        }
        catch (e) {
            if ((0,errors/* isErrno */.r)(e, 'ENOENT', 'ENOTDIR')) {
                throw new errors/* OciError */.Mf('NOT_FOUND', `no ingest in progress under ref ${JSON.stringify(ref)}`, {
                    hint: 'start a new ingest with writer()',
                });
            }
            throw new errors/* OciError */.Mf('NOT_FOUND', `the ingest under ref ${JSON.stringify(ref)} is damaged (${e.message})`, {
                hint: 'abort it and start again',
                cause: e,
            });
        }
    }
    async status(ref) {
        const dir = this.ingestPath(ref);
        return this.#status(await this.#readMeta(ref, dir), dir);
    }
    async #status(meta, dir) {
        let offset = 0;
        let updated = Date.parse(meta.updatedAt);
        try {
            const st = await (0,promises_.stat)((0,external_node_path_.join)(dir, DATA));
            offset = st.size;
            updated = Math.max(updated, st.mtimeMs);
        }
        catch (e) {
            if (!(0,errors/* isErrno */.r)(e, 'ENOENT'))
                throw e;
        }
        const s = { ref: meta.ref, offset, startedAt: new Date(meta.startedAt), updatedAt: new Date(updated) };
        if (meta.total !== undefined)
            s.total = meta.total;
        if (meta.expected !== undefined)
            s.expected = meta.expected;
        return s;
    }
    async listStatuses() {
        const out = [];
        for (const name of await this.#ingestEntries()) {
            const dir = (0,external_node_path_.join)(this.#ingest, name);
            try {
                const meta = JSON.parse(await (0,promises_.readFile)((0,external_node_path_.join)(dir, META), 'utf8'));
                if (typeof meta.ref !== 'string')
                    continue;
                out.push(await this.#status(meta, dir));
            }
            catch {
                continue; // not an ingest dir, or one torn by a crash: gc removes it
            }
        }
        return out.sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime());
    }
    async #ingestEntries() {
        try {
            return (await (0,promises_.readdir)(this.#ingest)).sort();
        }
        catch (e) {
            if ((0,errors/* isErrno */.r)(e, 'ENOENT'))
                return [];
            throw e;
        }
    }
    async abort(ref) {
        const dir = this.ingestPath(ref);
        try {
            await (0,promises_.stat)(dir);
        }
        catch (e) {
            if ((0,errors/* isErrno */.r)(e, 'ENOENT'))
                return;
            throw e;
        }
        let lock;
        try {
            lock = await this.#lock(ref, dir, false);
        }
        catch (e) {
            if ((0,errors/* isErrno */.r)(e, 'ENOENT'))
                return;
            throw e;
        }
        await removeIngest(dir, lock);
    }
    /**
     * Remove ingests that are not locked by a live writer and were last touched more than
     * `olderThanMs` ago, and torn temp files of `put`. Returns how many were removed.
     */
    async pruneIngests(olderThanMs) {
        let removed = 0;
        const now = Date.now();
        for (const name of await this.#ingestEntries()) {
            const path = (0,external_node_path_.join)(this.#ingest, name);
            let st;
            try {
                st = await (0,promises_.stat)(path);
            }
            catch {
                continue;
            }
            if (!st.isDirectory()) {
                if (now - st.mtimeMs > olderThanMs) {
                    await (0,promises_.rm)(path, { force: true });
                    removed++;
                }
                continue;
            }
            // The directory's own mtime moves with every lock; the files say when bytes last came.
            let newest = -Infinity;
            for (const f of [DATA, META]) {
                try {
                    newest = Math.max(newest, (await (0,promises_.stat)((0,external_node_path_.join)(path, f))).mtimeMs);
                }
                catch {
                    /* absent */
                }
            }
            if (newest === -Infinity)
                newest = st.mtimeMs;
            if (now - newest <= olderThanMs)
                continue;
            let lock;
            try {
                lock = await (0,core_lock/* acquireLock */.IZ)((0,external_node_path_.join)(path, LOCK), { what: `ingest ${name}`, waitMs: 0, staleMs: 24 * 3600_000 });
            }
            catch (e) {
                if (e instanceof errors/* OciError */.Mf && e.code === 'LOCKED')
                    continue;
                if ((0,errors/* isErrno */.r)(e, 'ENOENT'))
                    continue;
                throw e;
            }
            await removeIngest(path, lock);
            removed++;
        }
        return removed;
    }
    async delete(digest) {
        const path = this.blobPath(digest);
        try {
            await unlinkReadOnly(path);
        }
        catch (e) {
            if ((0,errors/* isErrno */.r)(e, 'ENOENT', 'ENOTDIR'))
                throw notFound(digest);
            throw e;
        }
    }
    async walk(fn) {
        for (const algorithm of ['sha256', 'sha512']) {
            const dir = (0,external_node_path_.join)(this.#blobs, algorithm);
            let names;
            try {
                names = (await (0,promises_.readdir)(dir)).sort();
            }
            catch (e) {
                if ((0,errors/* isErrno */.r)(e, 'ENOENT'))
                    continue;
                throw e;
            }
            for (const hex of names) {
                const digest = `${algorithm}:${hex}`;
                if (!isValidHex(algorithm, hex))
                    continue;
                let size;
                try {
                    const st = await (0,promises_.stat)((0,external_node_path_.join)(dir, hex));
                    if (!st.isFile())
                        continue;
                    size = st.size;
                }
                catch (e) {
                    if ((0,errors/* isErrno */.r)(e, 'ENOENT'))
                        continue; // removed meanwhile
                    throw e;
                }
                await fn({ digest, size });
            }
        }
    }
    /** Names under `blobs/<alg>/` that are not digests (junk a verify reports). */
    async strayFiles() {
        const out = [];
        let algs;
        try {
            algs = (await (0,promises_.readdir)(this.#blobs)).sort();
        }
        catch (e) {
            if ((0,errors/* isErrno */.r)(e, 'ENOENT'))
                return out;
            throw e;
        }
        for (const alg of algs) {
            let names;
            try {
                names = (await (0,promises_.readdir)((0,external_node_path_.join)(this.#blobs, alg))).sort();
            }
            catch {
                out.push((0,external_node_path_.join)('blobs', alg));
                continue;
            }
            for (const n of names)
                if (!isValidHex(alg, n))
                    out.push((0,external_node_path_.join)('blobs', alg, n));
        }
        return out;
    }
    /** Re-hash a stored blob; returns its actual digest (same algorithm as `digest`). */
    async hash(digest) {
        const { algorithm } = (0,core_digest/* parseDigest */.m)(digest);
        const h = (0,external_node_crypto_.createHash)(algorithm);
        // One reused buffer: re-hashing a whole store allocates nothing per chunk (a
        // concurrent call gets its own).
        const shared = this.#hashBuffer;
        this.#hashBuffer = undefined;
        const buf = shared ?? Buffer.allocUnsafe(1 << 20);
        let fh;
        try {
            fh = await (0,promises_.open)(this.blobPath(digest), 'r');
        }
        catch (e) {
            this.#hashBuffer = buf;
            throw e;
        }
        try {
            for (;;) {
                const { bytesRead } = await fh.read(buf, 0, buf.length, null);
                if (bytesRead === 0)
                    break;
                h.update(buf.subarray(0, bytesRead));
            }
        }
        finally {
            await fh.close();
            this.#hashBuffer = buf;
        }
        return `${algorithm}:${h.digest('hex')}`;
    }
}
function isValidHex(algorithm, hex) {
    const len = algorithm === 'sha256' ? 64 : algorithm === 'sha512' ? 128 : -1;
    return hex.length === len && /^[0-9a-f]+$/.test(hex);
}
async function removeIngest(dir, lock) {
    // Everything but the lock first, then the lock, then the (empty) directory with rmdir:
    // a writer that locked the ref again meanwhile keeps its directory (ENOTEMPTY).
    for (const name of await (0,promises_.readdir)(dir).catch(() => [])) {
        if (name !== LOCK)
            await (0,promises_.rm)((0,external_node_path_.join)(dir, name), { recursive: true, force: true });
    }
    await lock.release();
    await (0,promises_.rmdir)(dir).catch(() => { });
}
/** Bytes written between two background flushes of an ingest. */
const FLUSH_EVERY = 8 * 1024 * 1024;
/**
 * Background flushes in flight in this process at most: each holds a thread of libuv's
 * small pool (4 by default) for the length of a disk write, and the writes need threads too.
 */
const MAX_FLUSHES = 2;
let flushesInFlight = 0;
/** One ingest in progress (see BlobWriter for the lifecycle). */
class IngestWriter {
    ref;
    #offset;
    #done = false;
    #pending = Promise.resolve();
    /** Bytes written since the last background flush started. */
    #unflushed = 0;
    /** The background flush in flight (at most one per writer). */
    #flushing;
    /** A background flush's failure, kept for commit: the kernel reports a write-back error once. */
    #flushError;
    #storage;
    #dir;
    #meta;
    #fh;
    #hash;
    #algorithm;
    #lock;
    constructor(storage, dir, meta, fh, hash, algorithm, offset, lock) {
        this.ref = meta.ref;
        this.#storage = storage;
        this.#dir = dir;
        this.#meta = meta;
        this.#fh = fh;
        this.#hash = hash;
        this.#algorithm = algorithm;
        this.#offset = offset;
        this.#lock = lock;
    }
    get offset() {
        return this.#offset;
    }
    #assertOpen() {
        if (this.#done)
            throw new errors/* OciError */.Mf('INVALID_INPUT', `the writer of ingest ${JSON.stringify(this.ref)} is closed`);
    }
    write(chunk) {
        this.#assertOpen();
        const run = async () => {
            const total = this.#meta.total;
            if (total !== undefined && this.#offset + chunk.length > total) {
                throw new errors/* OciError */.Mf('SIZE_MISMATCH', `ingest ${JSON.stringify(this.ref)} got more than the expected ${total} bytes`, {
                    hint: 'the source changed or is corrupt',
                });
            }
            let done = 0;
            while (done < chunk.length) {
                const { bytesWritten } = await this.#fh.write(chunk, done, chunk.length - done, this.#offset + done);
                done += bytesWritten;
            }
            this.#hash.update(chunk);
            this.#offset += chunk.length;
            this.#unflushed += chunk.length;
            this.#flushBehind();
        };
        // Serialise writes: positions and the running hash depend on order.
        const p = this.#pending.then(run);
        this.#pending = p.catch(() => { });
        return p;
    }
    /**
     * Start writing the bytes so far to disk while more arrive (fdatasync on the thread pool,
     * not awaited), so the fsync of commit finds little left to write instead of the whole
     * blob at once (the same as serve's uploads). At most one per writer, MAX_FLUSHES per
     * process; a flush skipped for that is taken at a later write.
     */
    #flushBehind() {
        if (this.#unflushed < FLUSH_EVERY || this.#flushing !== undefined || flushesInFlight >= MAX_FLUSHES)
            return;
        this.#unflushed = 0;
        flushesInFlight++;
        this.#flushing = this.#fh.datasync().then(() => {
            flushesInFlight--;
            this.#flushing = undefined;
        }, (e) => {
            flushesInFlight--;
            this.#flushing = undefined;
            this.#flushError ??= e;
        });
    }
    /** Wait for the background flush; throw its failure (the data may not be on disk). */
    async #settleFlush() {
        await this.#flushing;
        if (this.#flushError !== undefined)
            throw this.#flushError;
    }
    digest() {
        return `${this.#algorithm}:${this.#hash.copy().digest('hex')}`;
    }
    stream() {
        return new external_node_stream_.Writable({
            highWaterMark: 1 << 20,
            write: (chunk, _enc, cb) => {
                this.write(chunk).then(() => cb(), cb);
            },
        });
    }
    async commit(size, expected) {
        this.#assertOpen();
        validateSize(size, 'size');
        const { algorithm } = (0,core_digest/* parseDigest */.m)(expected);
        this.#done = true;
        try {
            await this.#pending;
            await this.#settleFlush();
            await this.#fh.sync();
            const st = await this.#fh.stat();
            await this.#fh.close();
            if (st.size !== size || this.#offset !== size) {
                throw new errors/* OciError */.Mf('SIZE_MISMATCH', `ingest ${JSON.stringify(this.ref)} has ${st.size} bytes, expected ${size} (${expected})`, {
                    hint: 'the source was truncated or is corrupt',
                });
            }
            let actual;
            if (algorithm === this.#algorithm) {
                actual = `${algorithm}:${this.#hash.digest('hex')}`;
            }
            else {
                const h = (0,external_node_crypto_.createHash)(algorithm);
                for await (const c of (0,external_node_fs_.createReadStream)((0,external_node_path_.join)(this.#dir, DATA)))
                    h.update(c);
                actual = `${algorithm}:${h.digest('hex')}`;
            }
            if (actual !== expected) {
                throw new errors/* OciError */.Mf('DIGEST_MISMATCH', `content digest ${actual} does not match expected ${expected}`, {
                    hint: 'the source is corrupt or was modified',
                });
            }
            await this.#storage.publish((0,external_node_path_.join)(this.#dir, DATA), expected);
            await removeIngest(this.#dir, this.#lock);
            return { digest: expected, size };
        }
        catch (e) {
            await this.#fh.close().catch(() => { });
            await removeIngest(this.#dir, this.#lock).catch(() => { });
            throw e;
        }
    }
    async close() {
        if (this.#done)
            return;
        this.#done = true;
        try {
            await this.#pending;
            await this.#flushing;
            await this.#fh.sync().catch(() => { });
            await this.#fh.close();
            this.#meta.updatedAt = new Date().toISOString();
            await (0,promises_.writeFile)((0,external_node_path_.join)(this.#dir, META), JSON.stringify(this.#meta));
        }
        finally {
            await this.#lock.release();
        }
    }
    async cancel() {
        if (this.#done)
            return;
        this.#done = true;
        await this.#pending;
        await this.#flushing;
        await this.#fh.close().catch(() => { });
        await removeIngest(this.#dir, this.#lock);
    }
}

// EXTERNAL MODULE: ./src/core/types/oci.ts
var oci = __webpack_require__(7736);
;// CONCATENATED MODULE: ./src/core/layout.ts
/**
 * The store: an OCI image layout — `oci-layout`, `index.json`, `blobs/` — with tags, graph
 * walking, garbage collection and verification (oras-go's `content/oci/oci.go`).
 *
 * - Tags are index.json entries annotated `org.opencontainers.image.ref.name`, recorded as
 *   written (`app:1`, `ghcr.io/o/r:t`, or umoci/skopeo's bare `latest`).
 * - index.json is only ever replaced atomically (temp + fsync + rename + directory fsync),
 *   under a cross-process lock, after re-reading it under that lock: parallel processes
 *   never lose each other's tags (oras-go#1888 is the failure this avoids).
 * - A corrupt index.json is reported (CORRUPT_INDEX), never silently replaced.
 *
 * Reference: image-spec image-layout.md, image-index.md, annotations.md.
 */












/**
 * Annotation on an index.json entry whose target is an index pulled for some platforms only:
 * the digests of the children the pull deliberately left out, comma-separated. The index
 * bytes stay the registry's (its digest must not change), so the record lives on the
 * entry. `verify` lists such children as not pulled instead of reporting the graph
 * incomplete; a pull that later brings them removes them from the record.
 */
const OMITTED_ANNOTATION = 'io.github.oci-store.omitted';
/** Digests an index.json entry records as deliberately not pulled (OMITTED_ANNOTATION). */
function omittedChildren(entry) {
    const v = entry.annotations?.[OMITTED_ANNOTATION];
    if (typeof v !== 'string')
        return [];
    return v.split(',').map((s) => s.trim()).filter((s) => (0,core_digest/* isDigest */.Bc)(s));
}
/** Set (or, for none, remove) an entry's record of children not pulled. */
function setOmitted(entry, digests) {
    const { [OMITTED_ANNOTATION]: _old, ...rest } = entry.annotations ?? {};
    const list = [...new Set(digests)].sort();
    const next = list.length > 0 ? { ...rest, [OMITTED_ANNOTATION]: list.join(',') } : rest;
    if (Object.keys(next).length > 0)
        entry.annotations = next;
    else
        delete entry.annotations;
}
const LAYOUT_FILE = 'oci-layout';
const INDEX_FILE = 'index.json';
const LOCK_FILE = 'index.json.lock';
/** The index lock is held for milliseconds; older than this, its holder is gone. */
const INDEX_LOCK_STALE_MS = 10 * 60_000;
/** A manifest or index larger than this is refused (registries cap them at 4 MiB too). */
const MANIFEST_MAX_BYTES = DEFAULT_MAX_BYTES;
/** In-process queue per index.json, so one process's updates wait in line instead of polling the lock file. */
const localQueues = new Map();
function emptyIndex() {
    return { schemaVersion: 2, mediaType: oci/* MediaType */.zu.ImageIndex, manifests: [] };
}
/** A descriptor without its ref.name annotation: what a tag resolves to. */
function plain(desc) {
    const out = { mediaType: desc.mediaType, digest: desc.digest, size: desc.size };
    if (desc.urls)
        out.urls = desc.urls;
    if (desc.platform)
        out.platform = desc.platform;
    if (desc.artifactType)
        out.artifactType = desc.artifactType;
    if (desc.data)
        out.data = desc.data;
    if (desc.annotations) {
        const { [oci/* Annotation */.YH.RefName]: _drop, ...rest } = desc.annotations;
        if (Object.keys(rest).length > 0)
            out.annotations = rest;
    }
    return out;
}
/** Throw a coded error unless `desc` is a well-formed descriptor. */
function validateDescriptor(desc, input) {
    if (typeof desc !== 'object' || desc === null) {
        throw new errors/* OciError */.Mf('INVALID_INPUT', 'a descriptor is required', { input });
    }
    try {
        (0,core_digest/* parseDigest */.m)(desc.digest);
    }
    catch (e) {
        throw input && (0,errors/* isOciError */.eq)(e) ? new errors/* OciError */.Mf(e.code, e.message, { input, hint: e.hint }) : e;
    }
    if (!Number.isSafeInteger(desc.size) || desc.size < 0) {
        throw new errors/* OciError */.Mf('INVALID_INPUT', `descriptor ${desc.digest} has invalid size ${String(desc.size)}`, { input });
    }
    if (typeof desc.mediaType !== 'string' || desc.mediaType === '') {
        throw new errors/* OciError */.Mf('INVALID_INPUT', `descriptor ${desc.digest} has no mediaType`, { input });
    }
}
function refOf(desc) {
    return desc.annotations?.[oci/* Annotation */.YH.RefName];
}
function normalizedOrUndefined(ref) {
    try {
        return (0,reference/* normalizedString */.VU)(ref);
    }
    catch {
        return undefined;
    }
}
/** Collect a stream into a buffer, failing with TOO_LARGE past `max` bytes. */
async function collect(stream, max, what) {
    const chunks = [];
    let size = 0;
    for await (const chunk of stream) {
        size += chunk.length;
        if (size > max) {
            stream.destroy();
            throw new OciError('TOO_LARGE', `${what} is larger than ${max} bytes`, { hint: 'manifests and configs this large are not supported' });
        }
        chunks.push(chunk);
    }
    return Buffer.concat(chunks);
}
/** index.json is gone: the store cannot say what it holds (never recreated silently). */
function missingIndex(path) {
    return new errors/* OciError */.Mf('CORRUPT_INDEX', `${path} is missing`, {
        input: 'store',
        hint: 'restore index.json from a backup, or write {"schemaVersion":2,"manifests":[]} to start without tags',
    });
}
/**
 * An OCI image layout on disk. Open with `Store.open(root)`.
 */
class Store {
    /** Absolute path of the layout directory. */
    root;
    /** Local blobs only (no fallback). */
    blobs;
    /** Lazy source of missing blobs (the runner cache); settable after open. */
    fallback;
    #logger;
    #lockWaitMs;
    #cache;
    /** Parsed small JSON blobs by digest (blobs are immutable): for referrers and gc. */
    #jsonCache = new Map();
    constructor(root, options) {
        this.root = root;
        this.blobs = new BlobStorage(root);
        this.fallback = options.fallback;
        this.#logger = options.logger ?? content/* silentLogger */.q;
        this.#lockWaitMs = options.lockWaitMs ?? 30_000;
    }
    /**
     * Open the layout at `root`: create it (unless `create: false`) when the directory holds
     * none, else validate `oci-layout` and `index.json`.
     *
     * - UNSUPPORTED_LAYOUT: an `oci-layout` with another version, garbled, or missing beside
     *   an existing `index.json`/`blobs/` (not a layout we can trust).
     * - CORRUPT_INDEX: `index.json` is not a valid image index.
     * - NOT_FOUND: no layout and `create: false`.
     */
    static async open(root, options = {}) {
        const store = new Store((0,external_node_path_.resolve)(root), options);
        await store.#init(options.create ?? true);
        return store;
    }
    async #init(create) {
        const layoutPath = (0,external_node_path_.join)(this.root, LAYOUT_FILE);
        let text;
        try {
            text = await (0,promises_.readFile)(layoutPath, 'utf8');
        }
        catch (e) {
            if ((0,errors/* isErrno */.r)(e, 'ENOTDIR')) {
                throw new errors/* OciError */.Mf('UNSUPPORTED_LAYOUT', `store ${this.root} is not a directory`, {
                    input: 'store',
                    hint: 'point store at a directory (it is created when missing)',
                });
            }
            if (!(0,errors/* isErrno */.r)(e, 'ENOENT'))
                throw e;
        }
        if (text === undefined) {
            const hasIndex = await exists((0,external_node_path_.join)(this.root, INDEX_FILE));
            const hasBlobs = await exists((0,external_node_path_.join)(this.root, 'blobs'));
            if (hasIndex || hasBlobs) {
                throw new errors/* OciError */.Mf('UNSUPPORTED_LAYOUT', `${layoutPath} is missing, but ${this.root} holds ${hasIndex ? 'index.json' : 'blobs/'}`, {
                    input: 'store',
                    hint: `if this is an OCI image layout, write {"imageLayoutVersion":"${oci/* IMAGE_LAYOUT_VERSION */.qb}"} to its oci-layout file; otherwise choose another store directory`,
                });
            }
            if (!create) {
                throw new errors/* OciError */.Mf('NOT_FOUND', `no OCI layout at ${this.root}`, {
                    input: 'store',
                    hint: 'ingest or pull something into the store first, or check the store path',
                });
            }
            // oci-layout first: a concurrent opener then never sees index.json or blobs/
            // without it (which would look like a damaged layout).
            await (0,promises_.mkdir)(this.root, { recursive: true });
            const layout = { imageLayoutVersion: oci/* IMAGE_LAYOUT_VERSION */.qb };
            await writeFileAtomic(layoutPath, JSON.stringify(layout), this.root);
            text = JSON.stringify(layout);
        }
        let layout;
        try {
            layout = JSON.parse(text);
        }
        catch (e) {
            throw new errors/* OciError */.Mf('UNSUPPORTED_LAYOUT', `${layoutPath} is not valid JSON`, {
                input: 'store',
                hint: `it should hold {"imageLayoutVersion":"${oci/* IMAGE_LAYOUT_VERSION */.qb}"}`,
                cause: e,
            });
        }
        if (typeof layout !== 'object' || layout === null || layout.imageLayoutVersion !== oci/* IMAGE_LAYOUT_VERSION */.qb) {
            const v = typeof layout === 'object' && layout !== null ? layout.imageLayoutVersion : undefined;
            throw new errors/* OciError */.Mf('UNSUPPORTED_LAYOUT', `${layoutPath} has layout version ${JSON.stringify(v)}; this store reads ${oci/* IMAGE_LAYOUT_VERSION */.qb}`, {
                input: 'store',
                hint: 'use a store directory written by an OCI image-layout 1.0 tool (oci-store, skopeo, umoci, oras)',
            });
        }
        if (!(await exists((0,external_node_path_.join)(this.root, INDEX_FILE)))) {
            // image-layout.md requires index.json; a layout with blobs that lost it has lost its
            // tags (and a gc would sweep everything): report, never paper over.
            if (!create || (await hasEntries((0,external_node_path_.join)(this.root, 'blobs', 'sha256')))) {
                throw new errors/* OciError */.Mf('CORRUPT_INDEX', `${(0,external_node_path_.join)(this.root, INDEX_FILE)} is missing`, {
                    input: 'store',
                    hint: 'restore index.json from a backup, or write {"schemaVersion":2,"manifests":[]} to start without tags',
                });
            }
            await this.#withIndexLock(async () => {
                if (!(await exists((0,external_node_path_.join)(this.root, INDEX_FILE))))
                    await this.#writeIndex(emptyIndex());
            });
        }
        await this.readIndex();
        if (create)
            await (0,promises_.mkdir)((0,external_node_path_.join)(this.root, 'blobs', 'sha256'), { recursive: true });
    }
    // ---- index.json ---------------------------------------------------------------------
    /** The current index.json (validated; cached by inode, size and mtime). */
    async readIndex() {
        const path = (0,external_node_path_.join)(this.root, INDEX_FILE);
        let key;
        try {
            const st = await (0,promises_.stat)(path, { bigint: true });
            // Like git's "racy" check: a file changed within the last moments may change again
            // without its stat changing (coarse clocks, inode reuse), so it is never cached.
            if (Date.now() - Number(st.mtimeMs) > 2000)
                key = `${st.ino}:${st.size}:${st.mtimeNs}`;
        }
        catch (e) {
            if ((0,errors/* isErrno */.r)(e, 'ENOENT')) {
                throw missingIndex(path);
            }
            throw e;
        }
        if (key !== undefined && this.#cache?.key === key)
            return structuredClone(this.#cache.index);
        const index = await this.#loadIndex(path);
        this.#cache = key === undefined ? undefined : { key, index };
        return structuredClone(index);
    }
    async #loadIndex(path) {
        let text;
        try {
            text = await (0,promises_.readFile)(path, 'utf8');
        }
        catch (e) {
            if ((0,errors/* isErrno */.r)(e, 'ENOENT')) {
                throw missingIndex(path);
            }
            throw e;
        }
        const corrupt = (why, cause) => new errors/* OciError */.Mf('CORRUPT_INDEX', `${path} is corrupt: ${why}`, {
            input: 'store',
            hint: 'fix or restore index.json by hand (it lists every tag); it was left untouched',
            cause,
        });
        let index;
        try {
            index = JSON.parse(text);
        }
        catch (e) {
            throw corrupt('not valid JSON', e);
        }
        if (typeof index !== 'object' || index === null || Array.isArray(index))
            throw corrupt('not a JSON object');
        if (index.schemaVersion !== 2)
            throw corrupt(`schemaVersion is ${JSON.stringify(index.schemaVersion)}, not 2`);
        if (!Array.isArray(index.manifests))
            throw corrupt('it has no "manifests" array');
        index.manifests.forEach((d, i) => {
            if (typeof d !== 'object' || d === null)
                throw corrupt(`manifests[${i}] is not a descriptor`);
            if (!(0,core_digest/* isDigest */.Bc)(d.digest))
                throw corrupt(`manifests[${i}] has invalid digest ${JSON.stringify(d.digest)}`);
            if (!Number.isSafeInteger(d.size) || d.size < 0)
                throw corrupt(`manifests[${i}] has invalid size ${JSON.stringify(d.size)}`);
            if (typeof d.mediaType !== 'string')
                throw corrupt(`manifests[${i}] has no mediaType`);
        });
        return index;
    }
    async #writeIndex(index) {
        await writeFileAtomic((0,external_node_path_.join)(this.root, INDEX_FILE), JSON.stringify(index), this.root);
    }
    async #withIndexLock(fn) {
        const key = (0,external_node_path_.join)(this.root, INDEX_FILE);
        const previous = localQueues.get(key) ?? Promise.resolve();
        let done;
        const mine = new Promise((r) => (done = r));
        const tail = previous.then(() => mine);
        localQueues.set(key, tail);
        await previous;
        try {
            const lock = await (0,core_lock/* acquireLock */.IZ)((0,external_node_path_.join)(this.root, LOCK_FILE), {
                what: `${key}`,
                waitMs: this.#lockWaitMs,
                staleMs: INDEX_LOCK_STALE_MS,
                hint: 'another oci-store process holds the store; retry when it has finished (or remove index.json.lock if no process is running)',
                onStale: (info) => this.#logger.warning(`recovered a stale index.json lock${info ? ` of pid ${info.pid} since ${info.since}` : ''}`),
            });
            try {
                return await fn();
            }
            finally {
                await lock.release();
            }
        }
        finally {
            done();
            if (localQueues.get(key) === tail)
                localQueues.delete(key);
        }
    }
    /**
     * Locked read-modify-write of index.json: `fn` gets the index as it is now on disk (read
     * under the lock) and mutates it or returns a replacement; the result is written
     * atomically. Throws CORRUPT_INDEX (writing nothing) when index.json is corrupt.
     */
    async updateIndex(fn) {
        await this.#withIndexLock(async () => {
            const current = await this.#loadIndex((0,external_node_path_.join)(this.root, INDEX_FILE));
            const next = (await fn(current)) ?? current;
            if (typeof next !== 'object' || next === null || !Array.isArray(next.manifests)) {
                throw new errors/* OciError */.Mf('INVALID_INPUT', 'updateIndex: the update did not produce an image index');
            }
            await this.#writeIndex(next);
            this.#cache = undefined;
        });
    }
    // ---- blobs --------------------------------------------------------------------------
    /** True when the blob is present locally, or the fallback (runner cache) holds it. */
    async exists(desc) {
        (0,core_digest/* parseDigest */.m)(desc.digest);
        if (await this.blobs.has(desc.digest))
            return true;
        return this.fallback?.has(desc.digest) ?? false;
    }
    /** Make a blob local, asking the fallback on a miss. Returns its local size; NOT_FOUND otherwise. */
    async #ensureLocal(digest, size) {
        try {
            return (await this.blobs.stat(digest)).size;
        }
        catch (e) {
            if (!(0,errors/* isOciError */.eq)(e, 'NOT_FOUND') || !this.fallback)
                throw e;
            if (!(await this.fallback.fetchInto(digest, size, this.blobs)))
                throw e;
            return (await this.blobs.stat(digest)).size;
        }
    }
    /**
     * A verified stream of a blob (digest checked at its end, size up front); on a local
     * miss the fallback is asked to place it first. NOT_FOUND when nobody has it.
     */
    async fetch(desc) {
        validateDescriptor(desc);
        const size = await this.#ensureLocal(desc.digest, desc.size);
        if (size !== desc.size) {
            throw new errors/* OciError */.Mf('SIZE_MISMATCH', `blob ${desc.digest} has ${size} bytes, but its descriptor says ${desc.size}`, {
                hint: 'the manifest referring to it is wrong, or the blob file was replaced',
            });
        }
        return this.blobs.open(desc.digest);
    }
    /**
     * Store a blob from a stream, verified against `desc` before it is published. When the
     * blob is already present the stream is drained and the existing blob kept.
     */
    async push(desc, content) {
        validateDescriptor(desc);
        if (await this.blobs.has(desc.digest)) {
            // Verify the caller's bytes anyway: a push that "succeeds" must have sent the blob.
            await (0,external_node_stream_promises_.pipeline)(content, new core_digest/* DigestStream */.vl({ digest: desc.digest, size: desc.size }), async (src) => {
                for await (const _ of src) {
                    /* drain */
                }
            });
            return;
        }
        const ref = `push-${desc.digest}-${process.pid}-${(0,external_node_crypto_.randomBytes)(4).toString('hex')}`;
        const w = await this.blobs.writer(ref, { total: desc.size, expected: desc.digest });
        try {
            await (0,external_node_stream_promises_.pipeline)(content, w.stream());
        }
        catch (e) {
            await w.cancel().catch(() => { });
            throw e;
        }
        await w.commit(desc.size, desc.digest);
    }
    /** Read a small JSON blob (manifest, index, config), verified and size-capped. */
    async readJSON(desc, maxBytes = MANIFEST_MAX_BYTES) {
        validateDescriptor(desc);
        if (desc.size > maxBytes) {
            throw new errors/* OciError */.Mf('TOO_LARGE', `blob ${desc.digest} (${desc.mediaType}) has ${desc.size} bytes, more than the ${maxBytes} allowed`, {
                hint: 'manifests and configs this large are not supported',
            });
        }
        const size = await this.#ensureLocal(desc.digest, desc.size);
        if (size !== desc.size) {
            throw new errors/* OciError */.Mf('SIZE_MISMATCH', `blob ${desc.digest} has ${size} bytes, but its descriptor says ${desc.size}`, {
                hint: 'the manifest referring to it is wrong, or the blob file was replaced',
            });
        }
        const data = await this.blobs.get(desc.digest, maxBytes);
        try {
            return JSON.parse(data.toString('utf8'));
        }
        catch (e) {
            throw new errors/* OciError */.Mf('INVALID_MANIFEST', `blob ${desc.digest} (${desc.mediaType}) is not valid JSON`, {
                hint: 'the image is damaged; pull or ingest it again',
                cause: e,
            });
        }
    }
    /** Store `JSON.stringify(value)` as a blob; returns its descriptor (with `extra` merged). */
    async pushJSON(value, mediaType, extra) {
        return this.pushBytes(Buffer.from(JSON.stringify(value), 'utf8'), mediaType, extra);
    }
    /** Store small bytes as a blob; returns its descriptor (with `extra` merged). */
    async pushBytes(data, mediaType, extra) {
        const digest = (0,core_digest/* sha256 */.sc)(data);
        await this.blobs.put(data, digest);
        return { ...extra, mediaType, digest, size: data.length };
    }
    // ---- tags ---------------------------------------------------------------------------
    /**
     * Resolve a reference to a descriptor:
     * 1. a tag as written (`app:1`, `latest`);
     * 2. its normalised form against the normalised forms of stored tags (`app:1` finds
     *    `docker.io/library/app:1` and vice versa);
     * 3. `name@digest` or a bare digest: an index.json entry with that digest, else the
     *    blob itself (its mediaType read from its content).
     * NOT_FOUND when none applies; INVALID_REFERENCE for a malformed ref. Errors carry no
     * `input`: the caller knows which input the ref came from (`withInput`).
     */
    async resolve(ref) {
        if (typeof ref !== 'string' || ref === '') {
            throw new errors/* OciError */.Mf('INVALID_REFERENCE', 'an empty reference cannot be resolved', { hint: 'use a tag like app:1 or a digest' });
        }
        const index = await this.readIndex();
        if ((0,core_digest/* isDigest */.Bc)(ref))
            return this.#resolveDigest(ref, index);
        let exact;
        for (const d of index.manifests)
            if (refOf(d) === ref)
                exact = d;
        if (exact)
            return plain(exact);
        const parsed = (0,reference/* parseReference */.F2)(ref);
        if (parsed.digest !== undefined)
            return this.#resolveDigest(parsed.digest, index, ref);
        const wanted = (0,reference/* normalizedString */.VU)(ref);
        let match;
        for (const d of index.manifests) {
            const r = refOf(d);
            if (r !== undefined && normalizedOrUndefined(r) === wanted)
                match = d;
        }
        if (match)
            return plain(match);
        throw new errors/* OciError */.Mf('NOT_FOUND', `${ref} is not in the store ${this.root}`, {
            hint: 'check the tag (inspect without a ref lists every tag), or pull it first',
        });
    }
    async #resolveDigest(digest, index, ref = digest) {
        for (const d of index.manifests)
            if (d.digest === digest)
                return plain(d);
        let size;
        try {
            size = (await this.blobs.stat(digest)).size;
        }
        catch (e) {
            if (!(0,errors/* isOciError */.eq)(e, 'NOT_FOUND') || !this.fallback?.has(digest)) {
                throw new errors/* OciError */.Mf('NOT_FOUND', `${ref} is not in the store ${this.root}`, {
                    hint: 'check the digest, or pull the image first',
                });
            }
            size = await this.#ensureLocal(digest, this.fallback.size?.(digest));
        }
        const notManifest = () => new errors/* OciError */.Mf('INVALID_MANIFEST', `${ref} names a blob that is not a manifest or an index`, {
            hint: 'refer to an image by the digest of its manifest or index',
        });
        if (size > MANIFEST_MAX_BYTES)
            throw notManifest();
        let doc;
        try {
            doc = JSON.parse((await this.blobs.get(digest)).toString('utf8'));
        }
        catch (e) {
            if ((0,errors/* isOciError */.eq)(e))
                throw e;
            throw notManifest();
        }
        if (typeof doc !== 'object' || doc === null)
            throw notManifest();
        let mediaType = typeof doc.mediaType === 'string' ? doc.mediaType : undefined;
        // image-spec makes mediaType optional in manifests (SHOULD); infer it from the shape.
        if (mediaType === undefined) {
            if (Array.isArray(doc.manifests))
                mediaType = oci/* MediaType */.zu.ImageIndex;
            else if (typeof doc.config === 'object' && Array.isArray(doc.layers))
                mediaType = oci/* MediaType */.zu.ImageManifest;
        }
        if (!(0,oci/* isIndexMediaType */.$$)(mediaType) && !(0,oci/* isManifestMediaType */.CM)(mediaType))
            throw notManifest();
        const out = { mediaType: mediaType, digest, size };
        const at = doc.artifactType;
        if (typeof at === 'string')
            out.artifactType = at;
        return out;
    }
    /** Point `ref` (recorded as written) at `desc`, replacing an earlier target. */
    async tag(desc, ref) {
        await this.tagMany(desc, [ref]);
    }
    /**
     * Point every ref at `desc` in one locked update of index.json. The content must be in
     * the store (locally or in the fallback): NOT_FOUND otherwise, nothing written.
     */
    async tagMany(desc, refs, options = {}) {
        validateDescriptor(desc);
        for (const r of refs)
            validateTag(r);
        if (refs.length === 0)
            return;
        await this.updateIndex(async (index) => {
            // Checked under the lock, so a concurrent gc (which holds it) cannot sweep the
            // content between this check and the write.
            if (!(await this.exists(desc))) {
                throw new errors/* OciError */.Mf('NOT_FOUND', `cannot tag ${desc.digest}: it is not in the store ${this.root}`, {
                    hint: 'push or ingest the content before tagging it',
                });
            }
            const base = plain(desc);
            if (options.omitted !== undefined) {
                const absent = [];
                for (const o of options.omitted)
                    if (!(await this.#has(o.digest)))
                        absent.push(o.digest);
                setOmitted(base, absent);
            }
            for (const ref of refs) {
                const entry = structuredClone(base);
                entry.annotations = { ...entry.annotations, [oci/* Annotation */.YH.RefName]: ref };
                const at = index.manifests.findIndex((d) => refOf(d) === ref);
                if (at >= 0) {
                    index.manifests[at] = entry;
                    index.manifests = index.manifests.filter((d, i) => i === at || refOf(d) !== ref);
                }
                else {
                    index.manifests.push(entry);
                }
            }
        });
    }
    /**
     * After children of the index `desc` were pulled: drop every child now present from the
     * OMITTED_ANNOTATION record of each index.json entry pointing at `desc` (the annotation
     * goes when none is left). Writes index.json only when a record changes.
     */
    async pruneOmitted(desc) {
        const stale = async (index) => {
            for (const e of index.manifests) {
                if (e.digest !== desc.digest)
                    continue;
                for (const d of omittedChildren(e))
                    if (await this.#has(d))
                        return true;
            }
            return false;
        };
        if (!(await stale(await this.readIndex())))
            return;
        await this.updateIndex(async (index) => {
            for (const e of index.manifests) {
                if (e.digest !== desc.digest || e.annotations?.[OMITTED_ANNOTATION] === undefined)
                    continue;
                const still = [];
                for (const d of omittedChildren(e))
                    if (!(await this.#has(d)))
                        still.push(d);
                setOmitted(e, still);
            }
        });
    }
    /** Present locally or in the fallback. */
    async #has(digest) {
        return (await this.blobs.has(digest)) || (this.fallback?.has(digest) ?? false);
    }
    /**
     * Remove a tag: entries recorded exactly as `ref`, else those whose normalised form
     * equals `ref`'s. True when something was removed. The content stays until gc.
     */
    async untag(ref) {
        let removed = false;
        await this.updateIndex((index) => {
            const before = index.manifests.length;
            index.manifests = index.manifests.filter((d) => refOf(d) !== ref);
            if (index.manifests.length === before) {
                const wanted = normalizedOrUndefined(ref);
                if (wanted !== undefined) {
                    index.manifests = index.manifests.filter((d) => {
                        const r = refOf(d);
                        return r === undefined || normalizedOrUndefined(r) !== wanted;
                    });
                }
            }
            removed = index.manifests.length !== before;
        });
        return removed;
    }
    /** Every tag, in index.json order, with the descriptor it points at. */
    async listTags() {
        const index = await this.readIndex();
        const out = [];
        for (const d of index.manifests) {
            const ref = refOf(d);
            if (ref !== undefined)
                out.push({ ref, descriptor: plain(d) });
        }
        return out;
    }
    // ---- graph --------------------------------------------------------------------------
    /**
     * Direct successors: a manifest's config, layers and subject; an index's manifests and
     * subject; nothing for other blobs.
     */
    async successors(desc) {
        if ((0,oci/* isManifestMediaType */.CM)(desc.mediaType)) {
            const m = await this.readJSON(desc);
            const out = [];
            if (m.config)
                out.push(m.config);
            if (Array.isArray(m.layers))
                out.push(...m.layers);
            if (m.subject)
                out.push(m.subject);
            return out;
        }
        if ((0,oci/* isIndexMediaType */.$$)(desc.mediaType)) {
            const ix = await this.readJSON(desc);
            const out = Array.isArray(ix.manifests) ? [...ix.manifests] : [];
            if (ix.subject)
                out.push(ix.subject);
            return out;
        }
        return [];
    }
    /** What a small blob says about itself, cached; null when it is not a manifest or index. */
    async #peek(digest, size) {
        const cached = this.#jsonCache.get(digest);
        if (cached !== undefined)
            return cached;
        let out = null;
        if (size <= MANIFEST_MAX_BYTES && size > 0) {
            try {
                const data = await this.blobs.get(digest);
                if (data[0] === 0x7b /* { */) {
                    const doc = JSON.parse(data.toString('utf8'));
                    let mediaType = doc.mediaType;
                    if (mediaType === undefined) {
                        if (Array.isArray(doc.manifests))
                            mediaType = oci/* MediaType */.zu.ImageIndex;
                        else if (typeof doc.config === 'object' && Array.isArray(doc.layers))
                            mediaType = oci/* MediaType */.zu.ImageManifest;
                    }
                    if ((0,oci/* isManifestMediaType */.CM)(mediaType) || (0,oci/* isIndexMediaType */.$$)(mediaType)) {
                        out = { mediaType };
                        if (doc.subject && typeof doc.subject.digest === 'string')
                            out.subject = doc.subject.digest;
                        // distribution-spec: an image manifest's artifactType defaults to its config's mediaType.
                        const at = doc.artifactType ?? ((0,oci/* isManifestMediaType */.CM)(mediaType) ? doc.config?.mediaType : undefined);
                        if (typeof at === 'string')
                            out.artifactType = at;
                        if (doc.annotations)
                            out.annotations = doc.annotations;
                    }
                }
            }
            catch {
                out = null;
            }
        }
        this.#jsonCache.set(digest, out);
        return out;
    }
    /**
     * Manifests in the store whose `subject` is `subject` (the referrers API's answer),
     * optionally only those of `artifactType`. Scans the store's small blobs.
     *
     * Reference: image-spec manifest.md "subject"; distribution-spec "Listing Referrers".
     */
    async referrers(subject, artifactType) {
        (0,core_digest/* parseDigest */.m)(subject.digest);
        const out = [];
        await this.blobs.walk(async ({ digest, size }) => {
            const info = await this.#peek(digest, size);
            if (!info || info.subject !== subject.digest)
                return;
            if (artifactType !== undefined && info.artifactType !== artifactType)
                return;
            const d = { mediaType: info.mediaType, digest, size };
            if (info.artifactType !== undefined)
                d.artifactType = info.artifactType;
            if (info.annotations !== undefined)
                d.annotations = info.annotations;
            out.push(d);
        });
        return out;
    }
    // ---- gc and verify ------------------------------------------------------------------
    /**
     * Mark and sweep: every blob reachable from an index.json entry (tagged or not) —
     * children, configs, layers, subjects — and every referrer of a live manifest stays;
     * the rest is removed, with stale ingests and temp files. Holds the index lock, so no
     * tag is written meanwhile. Blobs only in the fallback cost nothing and are ignored.
     */
    async gc(options = {}) {
        const staleIngestMs = options.staleIngestMs ?? 3600_000;
        const minBlobAgeMs = options.minBlobAgeMs ?? 0;
        return this.#withIndexLock(async () => {
            const index = await this.#loadIndex((0,external_node_path_.join)(this.root, INDEX_FILE));
            const live = new Set();
            const mark = async (roots) => {
                const stack = [...roots];
                while (stack.length > 0) {
                    const d = stack.pop();
                    if (live.has(d.digest) || !(0,core_digest/* isDigest */.Bc)(d.digest))
                        continue;
                    live.add(d.digest);
                    try {
                        stack.push(...(await this.successors(d)));
                    }
                    catch (e) {
                        // A missing or damaged manifest: nothing below it can be known; verify reports it.
                        this.#logger.debug(`gc: cannot read ${d.digest}: ${e.message}`);
                    }
                }
            };
            await mark(index.manifests);
            // Referrers of live manifests stay (signatures, SBOMs), to a fixed point.
            const candidates = [];
            await this.blobs.walk((b) => {
                if (!live.has(b.digest))
                    candidates.push(b);
            });
            for (let changed = true; changed;) {
                changed = false;
                for (const b of candidates) {
                    if (live.has(b.digest))
                        continue;
                    const info = await this.#peek(b.digest, b.size);
                    if (info?.subject !== undefined && live.has(info.subject)) {
                        await mark([{ mediaType: info.mediaType, digest: b.digest, size: b.size }]);
                        changed = true;
                    }
                }
            }
            let removedBlobs = 0;
            let bytesFreed = 0;
            const now = Date.now();
            for (const b of candidates) {
                if (live.has(b.digest))
                    continue;
                if (minBlobAgeMs > 0) {
                    try {
                        if (now - (await (0,promises_.stat)(this.blobs.blobPath(b.digest))).mtimeMs < minBlobAgeMs)
                            continue;
                    }
                    catch {
                        continue;
                    }
                }
                try {
                    await this.blobs.delete(b.digest);
                    removedBlobs++;
                    bytesFreed += b.size;
                    this.#jsonCache.delete(b.digest);
                }
                catch (e) {
                    if (!(0,errors/* isOciError */.eq)(e, 'NOT_FOUND'))
                        throw e;
                }
            }
            let removedIngests = await this.blobs.pruneIngests(staleIngestMs);
            // Torn index.json temp files of killed writers.
            for (const name of await (0,promises_.readdir)(this.root)) {
                if (!/^index\.json\..+\.tmp$/.test(name) && !/^index\.json\.lock\.stale-/.test(name) && !/^oci-layout\..+\.tmp$/.test(name))
                    continue;
                const p = (0,external_node_path_.join)(this.root, name);
                try {
                    if (now - (await (0,promises_.stat)(p)).mtimeMs > Math.min(staleIngestMs, 60_000)) {
                        await (0,promises_.rm)(p, { force: true });
                        removedIngests++;
                    }
                }
                catch {
                    /* gone */
                }
            }
            return { removedBlobs, bytesFreed, removedIngests };
        });
    }
    /**
     * Check the store: every local blob re-hashed against its name; every index.json
     * entry's graph complete (each blob present with the size its descriptor says, each
     * manifest and index valid JSON of the right media type). Blobs absent locally but held
     * by the fallback are listed in `notLocal`, not as problems; so are, in `notPulled`,
     * children an entry records as deliberately left out by a platform selection
     * (OMITTED_ANNOTATION) — any other missing child is INCOMPLETE.
     */
    async verify() {
        const problems = [];
        const notLocal = [];
        const notPulled = [];
        let checkedBlobs = 0;
        const sizes = new Map();
        const corrupt = new Set();
        await this.blobs.walk(async ({ digest, size }) => {
            let actual;
            try {
                actual = await this.blobs.hash(digest);
            }
            catch (e) {
                if ((0,errors/* isErrno */.r)(e, 'ENOENT'))
                    return;
                throw e;
            }
            checkedBlobs++;
            sizes.set(digest, size);
            if (actual !== digest) {
                corrupt.add(digest);
                problems.push({
                    code: 'DIGEST_MISMATCH',
                    digest,
                    message: `blob ${digest} is corrupt: its file ${this.blobs.blobPath(digest)} has digest ${actual}`,
                });
            }
        });
        for (const stray of await this.blobs.strayFiles()) {
            problems.push({ code: 'INVALID_DIGEST', message: `${(0,external_node_path_.join)(this.root, stray)} is not named by a valid digest` });
        }
        const index = await this.readIndex();
        const seen = new Set();
        for (const entry of index.manifests) {
            const ref = refOf(entry);
            // Children of this entry's index that its pull left out on purpose.
            const omitted = new Set(omittedChildren(entry));
            const stack = [{ d: entry, what: entry.mediaType }];
            while (stack.length > 0) {
                const { d, what, omittable } = stack.pop();
                if (seen.has(d.digest))
                    continue;
                seen.add(d.digest);
                const where = ref !== undefined ? `tag ${ref}: ` : `index.json entry ${entry.digest}: `;
                if (!(0,core_digest/* isDigest */.Bc)(d.digest)) {
                    problems.push({ code: 'INVALID_DIGEST', digest: String(d.digest), ref, message: `${where}${what} has invalid digest ${JSON.stringify(d.digest)}` });
                    continue;
                }
                const size = sizes.get(d.digest);
                if (size === undefined) {
                    if (this.fallback?.has(d.digest)) {
                        notLocal.push(ref !== undefined ? { digest: d.digest, ref } : { digest: d.digest });
                        if (!(0,oci/* isManifestMediaType */.CM)(d.mediaType) && !(0,oci/* isIndexMediaType */.$$)(d.mediaType))
                            continue;
                    }
                    else if (omittable === true) {
                        const np = { digest: d.digest };
                        if (ref !== undefined)
                            np.ref = ref;
                        if (d.platform)
                            np.platform = (0,oci/* formatPlatform */.Bq)(d.platform);
                        notPulled.push(np);
                        continue;
                    }
                    else {
                        problems.push({ code: 'INCOMPLETE', digest: d.digest, ref, message: `${where}${what} ${d.digest} is missing from the store` });
                        continue;
                    }
                }
                else if (size !== d.size) {
                    problems.push({ code: 'SIZE_MISMATCH', digest: d.digest, ref, message: `${where}${what} ${d.digest} has ${size} bytes, but its descriptor says ${d.size}` });
                    continue;
                }
                if (corrupt.has(d.digest))
                    continue;
                if (!(0,oci/* isManifestMediaType */.CM)(d.mediaType) && !(0,oci/* isIndexMediaType */.$$)(d.mediaType))
                    continue;
                let doc;
                try {
                    doc = await this.readJSON(d);
                }
                catch (e) {
                    problems.push({ code: (0,errors/* isOciError */.eq)(e) ? e.code : 'INVALID_MANIFEST', digest: d.digest, ref, message: `${where}${e.message}` });
                    continue;
                }
                if (typeof doc !== 'object' || doc === null || (doc.mediaType !== undefined && doc.mediaType !== d.mediaType)) {
                    problems.push({
                        code: 'INVALID_MANIFEST',
                        digest: d.digest,
                        ref,
                        message: `${where}${d.digest} is described as ${d.mediaType} but its content says ${JSON.stringify(doc?.mediaType)}`,
                    });
                    continue;
                }
                if ((0,oci/* isManifestMediaType */.CM)(d.mediaType)) {
                    if (typeof doc.config !== 'object' || doc.config === null || !Array.isArray(doc.layers)) {
                        problems.push({ code: 'INVALID_MANIFEST', digest: d.digest, ref, message: `${where}manifest ${d.digest} lacks config or layers` });
                        continue;
                    }
                    stack.push({ d: doc.config, what: 'config' });
                    for (const l of doc.layers)
                        stack.push({ d: l, what: 'layer' });
                }
                else {
                    if (!Array.isArray(doc.manifests)) {
                        problems.push({ code: 'INVALID_MANIFEST', digest: d.digest, ref, message: `${where}index ${d.digest} lacks manifests` });
                        continue;
                    }
                    const top = d === entry;
                    for (const m of doc.manifests)
                        stack.push({ d: m, what: 'manifest', omittable: top && omitted.has(m.digest) });
                }
                // A subject need not be in the store: a referrer may arrive before its subject.
            }
            // Each entry's graph is checked whole, so every problem names each tag it breaks.
            seen.clear();
        }
        return { ok: problems.length === 0, checkedBlobs, checkedEntries: index.manifests.length, problems, notLocal, notPulled };
    }
}
/** Validate a ref to record as a tag: docker grammar, or a bare tag as umoci/skopeo write them. */
function validateTag(ref) {
    if (typeof ref !== 'string' || ref === '') {
        throw new errors/* OciError */.Mf('INVALID_REFERENCE', 'an empty tag cannot be recorded', { input: 'tags', hint: 'write tags like app:1 or ghcr.io/o/r:t' });
    }
    const parsed = (0,reference/* parseReference */.F2)(ref, 'tags');
    if (parsed.digest !== undefined) {
        throw new errors/* OciError */.Mf('INVALID_REFERENCE', `tag ${JSON.stringify(ref)} contains a digest`, {
            input: 'tags',
            hint: 'a tag names a digest, it cannot include one: drop the @sha256:… part',
        });
    }
}
async function exists(path) {
    try {
        await (0,promises_.stat)(path);
        return true;
    }
    catch (e) {
        if ((0,errors/* isErrno */.r)(e, 'ENOENT', 'ENOTDIR'))
            return false;
        throw e;
    }
}
async function hasEntries(dir) {
    try {
        return (await (0,promises_.readdir)(dir)).length > 0;
    }
    catch (e) {
        if ((0,errors/* isErrno */.r)(e, 'ENOENT', 'ENOTDIR'))
            return false;
        throw e;
    }
}


/***/ }),

/***/ 6336:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   IZ: () => (/* binding */ acquireLock),
/* harmony export */   pl: () => (/* binding */ pidAlive)
/* harmony export */ });
/* unused harmony exports isZombie, parseLockInfo, readLock */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(4296);
/**
 * Cross-process lock files: `open(O_CREAT|O_EXCL)` of a file holding the owner's pid, host
 * and start time. A lock whose owner is gone (a dead pid on this host, or older than a
 * bound) is stale and taken over; a live one either fails fast (ingest refs, like
 * containerd's "ref … locked since …") or is waited for with a bounded backoff (index.json).
 *
 * Taking over a stale lock renames it aside and checks that what was moved is the very
 * file judged stale (same inode), so two processes recovering at once cannot remove a
 * fresh lock taken in between.
 */





const HOST = (0,node_os__WEBPACK_IMPORTED_MODULE_2__.hostname)();
/** A lock file without readable content this long after its creation is torn (this version never writes one): stale. */
const EMPTY_GRACE_MS = 2000;
/**
 * True when `pid` names a live process on this host. A zombie (killed, not yet reaped by
 * its parent) answers `kill(pid, 0)` but holds nothing any more: it counts as dead, so its
 * locks are stale at once.
 */
function pidAlive(pid) {
    if (!Number.isInteger(pid) || pid <= 0)
        return false;
    if (isZombie(pid))
        return false;
    try {
        process.kill(pid, 0);
        return true;
    }
    catch (e) {
        // EPERM: alive but not ours.
        return (0,_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .isErrno */ .r)(e, 'EPERM');
    }
}
/** True when /proc says `pid` is a zombie or dead (state Z or X); false when unknown. */
function isZombie(pid) {
    try {
        const stat = (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.readFileSync)(`/proc/${pid}/stat`, 'utf8');
        const state = stat.charAt(stat.lastIndexOf(')') + 2);
        return state === 'Z' || state === 'X';
    }
    catch {
        return false;
    }
}
/** Parse a lock file's content; undefined when empty or garbled. */
function parseLockInfo(text) {
    try {
        const v = JSON.parse(text);
        if (typeof v.pid === 'number' && typeof v.host === 'string' && typeof v.since === 'string')
            return v;
    }
    catch {
        /* garbled */
    }
    return undefined;
}
/** Read the current holder of a lock file; undefined when absent. */
async function readLock(path) {
    try {
        const st = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_3__.stat)(path);
        const text = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_3__.readFile)(path, 'utf8');
        return { info: parseLockInfo(text), ino: st.ino, mtimeMs: st.mtimeMs };
    }
    catch (e) {
        if ((0,_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .isErrno */ .r)(e, 'ENOENT'))
            return undefined;
        throw e;
    }
}
function isStale(held, staleMs, now) {
    const { info } = held;
    if (info === undefined)
        return now - held.mtimeMs > EMPTY_GRACE_MS;
    const age = now - Date.parse(info.since);
    if (!(age <= staleMs))
        return true; // also NaN: an unreadable time
    if (info.host === HOST)
        return info.pid !== process.pid && !pidAlive(info.pid);
    return false;
}
/**
 * Create the lock file with its content in one step: the content goes to a private temp
 * file that is then hard-linked to `path` (link fails with EEXIST instead of replacing).
 * A holder killed at any point leaves either no lock or a complete one naming its pid —
 * never an empty file that others must wait out. A temp file left by a kill is junk that
 * gc sweeps (root) or that goes with its ingest directory.
 */
async function tryCreate(path) {
    const info = { pid: process.pid, host: HOST, since: new Date().toISOString() };
    const tmp = `${path}.${process.pid}-${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(4).toString('hex')}.tmp`;
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_3__.writeFile)(tmp, JSON.stringify(info), { mode: 0o644, flag: 'wx' });
    try {
        const st = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_3__.stat)(tmp);
        try {
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_3__.link)(tmp, path);
        }
        catch (e) {
            if ((0,_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .isErrno */ .r)(e, 'EEXIST'))
                return undefined;
            throw e;
        }
        return { ino: st.ino };
    }
    finally {
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_3__.unlink)(tmp).catch(() => { });
    }
}
/**
 * Move a stale lock aside and delete it, unless what moved is not the file judged stale
 * (inode and content compared: inodes are reused quickly on some file systems).
 */
async function breakStale(path, stale) {
    const aside = `${path}.stale-${process.pid}-${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(4).toString('hex')}`;
    try {
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_3__.rename)(path, aside);
    }
    catch (e) {
        if ((0,_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .isErrno */ .r)(e, 'ENOENT'))
            return; // someone else broke it
        throw e;
    }
    const moved = await readLock(aside);
    const same = moved !== undefined &&
        moved.ino === stale.ino &&
        (moved.info === undefined ? stale.info === undefined : moved.info.pid === stale.info?.pid && moved.info.since === stale.info.since);
    if (same || moved === undefined) {
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_3__.unlink)(aside).catch(() => { });
        return;
    }
    // We moved a fresh lock taken after our look: put it back (unless yet another exists).
    // link() fails with EEXIST instead of replacing, unlike rename().
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_3__.link)(aside, path).catch(() => { });
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_3__.unlink)(aside).catch(() => { });
}
function describe(info) {
    if (!info)
        return 'by a process that is still starting';
    return `since ${info.since} by pid ${info.pid}${info.host !== HOST ? ` on ${info.host}` : ''}`;
}
/**
 * Take the lock file at `path`. Waits up to `waitMs` (with jittered backoff) for a live
 * holder, then throws LOCKED naming the holder. Stale locks are taken over.
 */
async function acquireLock(path, options) {
    const staleMs = options.staleMs ?? 10 * 60_000;
    const deadline = Date.now() + (options.waitMs ?? 0);
    let delay = 2;
    for (;;) {
        const created = await tryCreate(path);
        if (created)
            return heldLock(path, created.ino);
        const held = await readLock(path);
        if (held === undefined)
            continue; // released between our two looks
        if (isStale(held, staleMs, Date.now())) {
            options.onStale?.(held.info, path);
            await breakStale(path, held);
            continue;
        }
        if (Date.now() >= deadline) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .OciError */ .Mf('LOCKED', `${options.what} is locked ${describe(held.info)}`, {
                hint: options.hint ?? 'another oci-store process is using the store; wait for it to finish and retry',
            });
        }
        await new Promise((r) => setTimeout(r, delay + Math.random() * delay));
        delay = Math.min(delay * 2, 50);
    }
}
function heldLock(path, ino) {
    let released = false;
    return {
        path,
        async release() {
            if (released)
                return;
            released = true;
            try {
                // Never remove a lock that was taken over from us (we were judged stale).
                const st = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_3__.stat)(path);
                if (st.ino === ino)
                    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_3__.unlink)(path);
            }
            catch (e) {
                if (!(0,_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .isErrno */ .r)(e, 'ENOENT'))
                    throw e;
            }
        },
    };
}


/***/ })

};
