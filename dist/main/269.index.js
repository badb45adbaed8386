export const id = 269;
export const ids = [269];
export const modules = {

/***/ 269:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  unpack: () => (/* binding */ unpack)
});

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
// EXTERNAL MODULE: ./src/core/layout.ts + 1 modules
var layout = __webpack_require__(2376);
// EXTERNAL MODULE: ./src/core/options.ts
var core_options = __webpack_require__(3457);
// EXTERNAL MODULE: ./src/core/platform.ts
var platform = __webpack_require__(692);
// EXTERNAL MODULE: ./src/core/pullthrough.ts
var pullthrough = __webpack_require__(8971);
// EXTERNAL MODULE: ./src/core/types/oci.ts
var oci = __webpack_require__(7736);
// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(7975);
// EXTERNAL MODULE: ./src/core/compress/index.ts + 1 modules
var compress = __webpack_require__(3423);
// EXTERNAL MODULE: ./src/core/memory.ts
var memory = __webpack_require__(1360);
// EXTERNAL MODULE: ./src/core/digest.ts
var digest = __webpack_require__(5543);
// EXTERNAL MODULE: ./src/core/tar/header.ts
var tar_header = __webpack_require__(9310);
;// CONCATENATED MODULE: ./src/core/tar/reader.ts
/**
 * A streaming tar reader: ustar, PAX (`x` and `g`), GNU long names/links (`L`/`K`).
 * Bodies are never buffered by the reader: each entry's body is handed out chunk by chunk
 * from the source, and skipped when the consumer does not read it.
 *
 * Reference: POSIX.1-2008 `pax`; GNU tar "Basic Tar Format".
 */

/**
 * Pulls exact byte counts from an async iterable of chunks without copying when a request
 * falls inside one chunk.
 */
class ChunkReader {
    #it;
    #chunk = Buffer.alloc(0);
    #pos = 0;
    #done = false;
    constructor(source) {
        this.#it = source[Symbol.asyncIterator]();
    }
    /** Bytes buffered now. */
    get buffered() {
        return this.#chunk.length - this.#pos;
    }
    async #fill() {
        while (this.#pos >= this.#chunk.length) {
            if (this.#done)
                return false;
            const r = await this.#it.next();
            if (r.done) {
                this.#done = true;
                return false;
            }
            const v = r.value;
            this.#chunk = Buffer.isBuffer(v) ? v : Buffer.from(v.buffer, v.byteOffset, v.byteLength);
            this.#pos = 0;
        }
        return true;
    }
    /** Up to `max` bytes (at least 1), or undefined at the end of the source. */
    async some(max) {
        if (!(await this.#fill()))
            return undefined;
        const n = Math.min(max, this.#chunk.length - this.#pos);
        const out = this.#chunk.subarray(this.#pos, this.#pos + n);
        this.#pos += n;
        return out;
    }
    /** Exactly `n` bytes, or fewer only at the end of the source. */
    async exact(n) {
        const first = await this.some(n);
        if (first === undefined)
            return Buffer.alloc(0);
        if (first.length === n)
            return first;
        const parts = [first];
        let got = first.length;
        while (got < n) {
            const more = await this.some(n - got);
            if (more === undefined)
                break;
            parts.push(more);
            got += more.length;
        }
        return Buffer.concat(parts, got);
    }
    /** Skip `n` bytes; false when the source ended first. */
    async skip(n) {
        let left = n;
        while (left > 0) {
            const c = await this.some(left);
            if (c === undefined)
                return false;
            left -= c.length;
        }
        return true;
    }
    /** Read and drop everything left (so digests over the whole stream complete). */
    async drain() {
        while ((await this.some(1 << 30)) !== undefined)
            ;
    }
}
function truncated(what) {
    return (0,tar_header/* invalidLayer */.JA)(`the tar stream ends inside ${what} (truncated layer)`);
}
/**
 * Iterate over the entries of a tar stream. Throws INVALID_LAYER on bad checksums,
 * malformed numbers, oversized PAX/GNU metadata, unsupported entry kinds (GNU sparse,
 * multi-volume) and truncation.
 */
async function* readTar(source, options = {}) {
    const r = new ChunkReader(source);
    let globalPax = {};
    let nextPax;
    let longName;
    let longLink;
    const readMeta = async (size, what) => {
        if (size > tar_header/* LIMITS */.b1.metaBytes)
            throw (0,tar_header/* invalidLayer */.JA)(`${what} of ${size} bytes exceeds the ${tar_header/* LIMITS */.b1.metaBytes}-byte limit`);
        const body = await r.exact(size);
        if (body.length < size)
            throw truncated(what);
        if (!(await r.skip((tar_header/* BLOCK */.IE - (size % tar_header/* BLOCK */.IE)) % tar_header/* BLOCK */.IE)))
            throw truncated(what);
        return Buffer.from(body); // own copy: records outlive the chunk
    };
    for (;;) {
        const block = await r.exact(tar_header/* BLOCK */.IE);
        if (block.length === 0)
            break; // end of source at a header boundary: accepted, as Go does
        if (block.length < tar_header/* BLOCK */.IE)
            throw truncated('a header');
        if ((0,tar_header/* isZeroBlock */.ei)(block)) {
            // End of archive (one or two zero blocks). Whatever follows is padding.
            if (nextPax || longName !== undefined || longLink !== undefined)
                throw (0,tar_header/* invalidLayer */.JA)('an extended header is not followed by an entry');
            if (options.drain !== false)
                await r.drain();
            return;
        }
        const raw = (0,tar_header/* decodeRawHeader */.I4)(block);
        switch (raw.typeflag) {
            case 'x':
                nextPax = { ...(nextPax ?? {}), ...(0,tar_header/* parsePax */.dA)(await readMeta(raw.size, 'a PAX header')) };
                continue;
            case 'g':
                globalPax = { ...globalPax, ...(0,tar_header/* parsePax */.dA)(await readMeta(raw.size, 'a PAX global header')) };
                continue;
            case 'L':
                longName = (await readMeta(raw.size, 'a GNU long name')).toString('utf8').replace(/\0+$/, '');
                continue;
            case 'K':
                longLink = (await readMeta(raw.size, 'a GNU long link')).toString('utf8').replace(/\0+$/, '');
                continue;
            default:
                break;
        }
        const type = (0,tar_header/* entryTypeOf */.EY)(raw.typeflag);
        if (type === undefined) {
            throw (0,tar_header/* invalidLayer */.JA)(`unsupported tar entry type ${JSON.stringify(raw.typeflag)} for ${JSON.stringify(raw.name.slice(0, 200))}`);
        }
        const pax = nextPax ? { ...globalPax, ...nextPax } : globalPax;
        nextPax = undefined;
        const header = {
            name: raw.name,
            type,
            size: raw.size,
            mode: raw.mode,
            uid: raw.uid,
            gid: raw.gid,
            uname: raw.uname,
            gname: raw.gname,
            mtime: raw.mtime,
            linkname: raw.linkname,
            devmajor: raw.devmajor,
            devminor: raw.devminor,
        };
        if (longName !== undefined)
            header.name = longName;
        if (longLink !== undefined)
            header.linkname = longLink;
        longName = longLink = undefined;
        if (Object.keys(pax).length > 0) {
            for (const [k, v] of Object.entries(pax)) {
                switch (k) {
                    case 'path':
                        header.name = v;
                        break;
                    case 'linkpath':
                        header.linkname = v;
                        break;
                    case 'size':
                        header.size = (0,tar_header/* paxNumber */.H8)(v, k, false);
                        break;
                    case 'uid':
                        header.uid = (0,tar_header/* paxNumber */.H8)(v, k, false);
                        break;
                    case 'gid':
                        header.gid = (0,tar_header/* paxNumber */.H8)(v, k, false);
                        break;
                    case 'uname':
                        header.uname = v;
                        break;
                    case 'gname':
                        header.gname = v;
                        break;
                    case 'mtime':
                        header.mtime = (0,tar_header/* paxNumber */.H8)(v, k, true);
                        break;
                    default:
                        if (k.startsWith('GNU.sparse.'))
                            throw (0,tar_header/* invalidLayer */.JA)(`GNU sparse files are not supported (${JSON.stringify(header.name.slice(0, 200))})`);
                }
            }
            header.pax = { ...pax };
        }
        if (header.name === '' || header.name.includes('\0'))
            throw (0,tar_header/* invalidLayer */.JA)('a tar entry has an empty or malformed name');
        if (Buffer.byteLength(header.name) > tar_header/* LIMITS */.b1.pathBytes || Buffer.byteLength(header.linkname) > tar_header/* LIMITS */.b1.pathBytes) {
            throw (0,tar_header/* invalidLayer */.JA)(`a tar entry name or link target exceeds ${tar_header/* LIMITS */.b1.pathBytes} bytes`);
        }
        // Only regular files carry a body: the size field of links, directories, devices and
        // FIFOs is ignored (POSIX ustar; Go's archive/tar `isHeaderOnlyType`).
        if (type !== 'file')
            header.size = 0;
        const size = header.size;
        let consumed = 0;
        let reading = false;
        const entry = {
            header,
            body: () => {
                if (reading)
                    throw new Error('tar entry body read twice');
                reading = true;
                return (async function* () {
                    while (consumed < size) {
                        const c = await r.some(size - consumed);
                        if (c === undefined)
                            throw truncated(`the body of ${JSON.stringify(header.name.slice(0, 200))}`);
                        consumed += c.length;
                        yield c;
                    }
                })();
            },
            readAll: async () => {
                const parts = [];
                for await (const c of entry.body())
                    parts.push(c);
                return parts.length === 1 ? parts[0] : Buffer.concat(parts);
            },
        };
        yield entry;
        // Skip what the consumer left unread, plus the padding to the next block.
        if (consumed < size && !(await r.skip(size - consumed)))
            throw truncated(`the body of ${JSON.stringify(header.name.slice(0, 200))}`);
        consumed = size;
        if (!(await r.skip((tar_header/* BLOCK */.IE - (size % tar_header/* BLOCK */.IE)) % tar_header/* BLOCK */.IE)))
            throw truncated('padding');
    }
}

// EXTERNAL MODULE: ./src/core/ingest.ts + 1 modules
var ingest = __webpack_require__(2674);
;// CONCATENATED MODULE: ./src/core/unpack.ts
/**
 * Unpack: an image's layers applied in order onto a directory, safely.
 *
 * - Layer semantics (image-spec layer.md "Applying Changesets"): `.wh.NAME` removes NAME
 *   from lower layers, `.wh..wh..opq` clears the directory's lower contents, an existing
 *   path is replaced unless both are directories, hard links, symlinks, modes, mtimes.
 * - Verification: the compressed digest and the diffID are computed while streaming and
 *   checked at each layer's end. When the target did not exist, layers are extracted into
 *   a sibling staging directory renamed into place only on success, so a bad layer leaves
 *   nothing behind; into an existing directory, a failure says the tree may be partial.
 * - Safety: nothing is created, changed or followed outside the target. Names with `..`
 *   or a leading `/` are refused; every parent is checked to be a real directory (a
 *   symlink planted by this or an earlier layer is refused, never followed); files are
 *   opened O_EXCL|O_NOFOLLOW; hard links must name a file inside the target. Each refusal
 *   is UNSAFE_ENTRY naming the entry.
 * - Speed: entries are written with synchronous calls (see Extractor) while decompression
 *   and hashing run on the thread pool; few syscalls per file (open O_EXCL, write,
 *   futimes, close); directory modes and times are applied once at the end.
 */














const WH = '.wh.';
const OPAQUE = '.wh..wh..opq';
function unsafe(entry, why) {
    return new errors/* OciError */.Mf('UNSAFE_ENTRY', `refused layer entry ${JSON.stringify(entry.slice(0, 300))}: ${why}`, {
        hint: 'the image contains a hostile or broken layer; do not unpack it, or rebuild it from trusted sources',
    });
}
/**
 * Normalise an entry name to a relative path of components. Refuses absolute names and
 * `..` components; `''` is the root.
 */
function safeName(name) {
    if (name.startsWith('/'))
        throw unsafe(name, 'absolute names are not allowed');
    const parts = [];
    for (const p of name.split('/')) {
        if (p === '' || p === '.')
            continue;
        if (p === '..')
            throw unsafe(name, 'path traversal ("..") is not allowed');
        parts.push(p);
    }
    return parts.join('/');
}
/**
 * Applies layers to one root directory, one entry at a time, in archive order.
 *
 * Filesystem calls are synchronous on purpose: measured here on ~30k small files, sync
 * open/write/futimes/close is about 3× faster than the same calls through promises (each
 * is a thread-pool round trip), while decompression and hashing still overlap with it on
 * the pool. Strict ordering also means no entry can race an earlier one — the safety
 * checks below see exactly the tree the previous entries left.
 */
class Extractor {
    root;
    #logger;
    #devices;
    /** Relative paths of directories verified real in this run ('' = root). */
    #safeDirs = new Set(['']);
    #dirs = new Map();
    /** Paths created or replaced by the layer being applied (whiteouts apply to lower layers only). */
    #touched = new Set();
    #umask = -1;
    entries = 0;
    skipped = 0;
    constructor(root, options) {
        this.root = root;
        this.#logger = options.logger;
        this.#devices = options.devices ?? (process.getuid?.() === 0 ? 'create' : 'skip');
    }
    #abs(rel) {
        return rel === '' ? this.root : (0,external_node_path_.join)(this.root, rel);
    }
    /** The process umask, measured once on a probe file (reading process.umask() is deprecated). */
    #getUmask() {
        if (this.#umask < 0) {
            const probe = (0,external_node_path_.join)(this.root, `.oci-store-umask-${(0,external_node_crypto_.randomUUID)()}`);
            (0,external_node_fs_.closeSync)((0,external_node_fs_.openSync)(probe, 'wx', 0o777));
            const st = (0,external_node_fs_.lstatSync)(probe);
            (0,external_node_fs_.unlinkSync)(probe);
            this.#umask = ~st.mode & 0o777;
        }
        return this.#umask;
    }
    /** Apply one uncompressed layer tar. */
    async applyLayer(tar, options = {}) {
        this.#touched = new Set();
        this.#getUmask();
        for await (const entry of readTar(tar))
            await this.#apply(entry, options.prefix);
    }
    /** Forget verified directories at or under `rel` (it is being removed or replaced). */
    #forgetDirs(rel) {
        const prefix = rel + '/';
        for (const d of this.#safeDirs)
            if (d === rel || d.startsWith(prefix))
                this.#safeDirs.delete(d);
        for (const d of this.#dirs.keys())
            if (d === rel || d.startsWith(prefix))
                this.#dirs.delete(d);
    }
    /** Remove whatever is at `rel` (recursively for a directory), never following symlinks. */
    #remove(rel) {
        this.#forgetDirs(rel);
        (0,external_node_fs_.rmSync)(this.#abs(rel), { recursive: true, force: true });
    }
    /**
     * Make sure every ancestor of `rel` is a real directory inside the root: created when
     * missing (0755) if `create`, refused when it is a symlink, an error when it is a file.
     * False when one is missing and `create` is off.
     */
    #parents(rel, name, create = true) {
        const slash = rel.lastIndexOf('/');
        if (slash < 0)
            return true;
        const parent = rel.slice(0, slash);
        if (this.#safeDirs.has(parent))
            return true;
        let cur = '';
        for (const p of parent.split('/')) {
            cur = cur === '' ? p : `${cur}/${p}`;
            if (this.#safeDirs.has(cur))
                continue;
            const abs = this.#abs(cur);
            const st = (0,external_node_fs_.lstatSync)(abs, { throwIfNoEntry: false });
            if (st === undefined) {
                if (!create)
                    return false;
                (0,external_node_fs_.mkdirSync)(abs, { mode: 0o755 });
            }
            else if (st.isSymbolicLink()) {
                throw unsafe(name, `its parent ${JSON.stringify(cur)} is a symlink (following it could leave the target)`);
            }
            else if (!st.isDirectory()) {
                throw new errors/* OciError */.Mf('INVALID_LAYER', `layer entry ${JSON.stringify(name)} needs ${JSON.stringify(cur)} to be a directory, but it is a file`, {
                    hint: 'the image is inconsistent; rebuild it',
                });
            }
            this.#safeDirs.add(cur);
        }
        return true;
    }
    async #apply(entry, prefix) {
        const h = entry.header;
        const rel = safeName(h.name);
        if (prefix !== undefined && rel !== prefix && !rel.startsWith(prefix + '/')) {
            // Artifact directory layers (oras): every entry must sit under the layer's title.
            throw unsafe(h.name, `it is outside the layer's title ${JSON.stringify(prefix)}`);
        }
        const base = rel.slice(rel.lastIndexOf('/') + 1);
        if (base.startsWith(WH)) {
            this.#whiteout(rel, base, h.name);
            return;
        }
        if (rel === '')
            return; // the root itself: its mode and owner stay the user's
        this.#parents(rel, h.name);
        this.#touched.add(rel);
        switch (h.type) {
            case 'directory':
                this.#directory(rel, h);
                break;
            case 'file':
                await this.#file(rel, h, entry);
                break;
            case 'symlink':
                this.#symlink(rel, h);
                break;
            case 'link':
                this.#hardlink(rel, h);
                break;
            default:
                await this.#special(rel, h);
                return;
        }
        this.entries++;
    }
    #whiteout(rel, base, name) {
        const slash = rel.lastIndexOf('/');
        const dir = slash < 0 ? '' : rel.slice(0, slash);
        if (base === OPAQUE) {
            if (this.#parents(rel, name, false))
                this.#opaque(dir);
            return;
        }
        const target = base.slice(WH.length);
        if (target === '')
            throw unsafe(name, 'a bare ".wh." whiteout names nothing');
        if (target === '.' || target === '..')
            throw unsafe(name, `a whiteout of ${JSON.stringify(target)} would leave its directory`);
        if (target.startsWith(WH)) {
            this.#logger.debug(`ignoring AUFS metadata entry ${name}`);
            return;
        }
        if (!this.#parents(rel, name, false))
            return; // nothing below to hide
        const victim = dir === '' ? target : `${dir}/${target}`;
        if (this.#touched.has(victim))
            return; // created by this same layer: whiteouts only hide lower layers
        this.#remove(victim);
    }
    /** Clear what lower layers put in `dir`, keeping what this layer created there. */
    #opaque(dir) {
        let names;
        try {
            names = (0,external_node_fs_.readdirSync)(this.#abs(dir));
        }
        catch (e) {
            if ((0,errors/* isErrno */.r)(e, 'ENOENT', 'ENOTDIR'))
                return;
            throw e;
        }
        for (const n of names) {
            const rel = dir === '' ? n : `${dir}/${n}`;
            if (this.#touched.has(rel)) {
                if ((0,external_node_fs_.lstatSync)(this.#abs(rel)).isDirectory())
                    this.#opaque(rel);
                continue;
            }
            this.#remove(rel);
        }
    }
    #directory(rel, h) {
        const abs = this.#abs(rel);
        if (!this.#safeDirs.has(rel)) {
            try {
                (0,external_node_fs_.mkdirSync)(abs, { mode: 0o700 | (h.mode & 0o777) });
            }
            catch (e) {
                if (!(0,errors/* isErrno */.r)(e, 'EEXIST'))
                    throw e;
                if (!(0,external_node_fs_.lstatSync)(abs).isDirectory()) {
                    this.#remove(rel);
                    (0,external_node_fs_.mkdirSync)(abs, { mode: 0o700 | (h.mode & 0o777) });
                }
            }
            this.#safeDirs.add(rel);
        }
        // Modes and times are applied in finish(): a read-only directory must stay writable
        // while its children are extracted, and children change its mtime.
        this.#dirs.set(rel, { mode: h.mode & 0o7777, mtime: h.mtime });
    }
    /** Open `rel` for a new file, replacing whatever is there; never follows a symlink. */
    #create(rel, mode) {
        const abs = this.#abs(rel);
        try {
            return (0,external_node_fs_.openSync)(abs, CREATE_FLAGS, mode & 0o777);
        }
        catch (e) {
            if (!(0,errors/* isErrno */.r)(e, 'EEXIST'))
                throw e;
        }
        this.#remove(rel);
        return (0,external_node_fs_.openSync)(abs, CREATE_FLAGS, mode & 0o777);
    }
    async #file(rel, h, entry) {
        const fd = this.#create(rel, h.mode);
        try {
            let pos = 0;
            for await (const c of entry.body()) {
                let off = 0;
                while (off < c.length) {
                    const n = (0,external_node_fs_.writeSync)(fd, c, off, c.length - off, pos);
                    off += n;
                    pos += n;
                }
            }
            if ((h.mode & 0o7000) !== 0 || (h.mode & this.#umask & 0o777) !== 0)
                (0,external_node_fs_.fchmodSync)(fd, h.mode & 0o7777);
            (0,external_node_fs_.futimesSync)(fd, h.mtime, h.mtime);
        }
        finally {
            (0,external_node_fs_.closeSync)(fd);
        }
    }
    #symlink(rel, h) {
        const abs = this.#abs(rel);
        // The target text is stored, never resolved: a symlink may point anywhere as long as
        // we never follow it (parents are checked with lstat, files opened O_NOFOLLOW).
        try {
            (0,external_node_fs_.symlinkSync)(h.linkname, abs);
        }
        catch (e) {
            if (!(0,errors/* isErrno */.r)(e, 'EEXIST'))
                throw e;
            this.#remove(rel);
            (0,external_node_fs_.symlinkSync)(h.linkname, abs);
        }
        try {
            (0,external_node_fs_.lutimesSync)(abs, h.mtime, h.mtime);
        }
        catch {
            /* not every filesystem keeps symlink times */
        }
    }
    #hardlink(rel, h) {
        const target = safeName(h.linkname);
        if (target === '')
            throw unsafe(h.name, 'a hard link to the root directory');
        // The target must be a non-directory reached through real directories inside the root.
        let cur = '';
        for (const p of target.split('/').slice(0, -1)) {
            cur = cur === '' ? p : `${cur}/${p}`;
            if (this.#safeDirs.has(cur))
                continue;
            const st = (0,external_node_fs_.lstatSync)(this.#abs(cur), { throwIfNoEntry: false });
            if (st === undefined)
                throw unsafe(h.name, `its hard link target ${JSON.stringify(h.linkname)} does not exist`);
            if (!st.isDirectory())
                throw unsafe(h.name, `its hard link target ${JSON.stringify(h.linkname)} is reached through a symlink or file`);
        }
        const tst = (0,external_node_fs_.lstatSync)(this.#abs(target), { throwIfNoEntry: false });
        if (tst === undefined)
            throw unsafe(h.name, `its hard link target ${JSON.stringify(h.linkname)} does not exist`);
        if (tst.isDirectory())
            throw unsafe(h.name, 'a hard link to a directory');
        if (target === rel)
            return;
        const abs = this.#abs(rel);
        try {
            (0,external_node_fs_.linkSync)(this.#abs(target), abs);
        }
        catch (e) {
            if (!(0,errors/* isErrno */.r)(e, 'EEXIST'))
                throw e;
            this.#remove(rel);
            (0,external_node_fs_.linkSync)(this.#abs(target), abs);
        }
    }
    async #special(rel, h) {
        if (this.#devices === 'skip') {
            this.skipped++;
            this.#logger.warning(`skipping ${h.type} ${h.name}: device nodes and FIFOs need root to create`);
            return;
        }
        const abs = this.#abs(rel);
        if ((0,external_node_fs_.lstatSync)(abs, { throwIfNoEntry: false }) !== undefined)
            this.#remove(rel);
        const args = h.type === 'fifo' ? [abs, 'p'] : [abs, h.type === 'chardev' ? 'c' : 'b', String(h.devmajor), String(h.devminor)];
        await (0,external_node_util_.promisify)(external_node_child_process_.execFile)('mknod', ['-m', (h.mode & 0o7777).toString(8), ...args]);
        (0,external_node_fs_.utimesSync)(abs, h.mtime, h.mtime);
        this.entries++;
    }
    /** Apply directory modes and times, deepest first (children's writes changed the times). */
    finish() {
        const dirs = [...this.#dirs.entries()].sort((a, b) => b[0].length - a[0].length);
        for (const [rel, meta] of dirs) {
            const abs = this.#abs(rel);
            (0,external_node_fs_.chmodSync)(abs, meta.mode);
            (0,external_node_fs_.utimesSync)(abs, meta.mtime, meta.mtime);
        }
    }
}
/** Create a new file: write-only, exclusive, never through a symlink. */
const CREATE_FLAGS = external_node_fs_.constants.O_WRONLY | external_node_fs_.constants.O_CREAT | external_node_fs_.constants.O_EXCL | external_node_fs_.constants.O_NOFOLLOW;
/** Wrap a stream so that its bytes are hashed; `digest()` after the end. */
function hashing(source, gcEvery = 0) {
    const h = (0,external_node_crypto_.createHash)('sha256');
    let size = 0;
    let result;
    let nextGc = gcEvery;
    async function* run() {
        for await (const c of source) {
            h.update(c);
            size += c.length;
            if (gcEvery > 0 && size >= nextGc) {
                nextGc += gcEvery;
                (0,memory/* collectGarbage */.i)(); // decompressed chunks are external memory: see collectGarbage
            }
            yield c;
        }
        result = 'sha256:' + h.digest('hex');
    }
    return {
        stream: run(),
        digest: () => {
            if (result === undefined)
                throw new Error('digest read before the end of the stream');
            return result;
        },
        size: () => size,
    };
}
function mismatch(what, desc, expected, actual) {
    return new errors/* OciError */.Mf('DIGEST_MISMATCH', `layer ${desc.digest}: ${what} is ${actual}, expected ${expected}`, {
        hint: 'the layer blob is corrupt or does not belong to this image; re-pull or rebuild it',
    });
}
/** Apply one layer blob from the store, verifying its digest and diffID while streaming. */
async function applyLayerBlob(store, x, desc, diffID, options = {}) {
    const compression = (0,oci/* layerCompression */.AH)(desc.mediaType);
    if (compression === undefined) {
        throw new errors/* OciError */.Mf('UNSUPPORTED_MEDIA_TYPE', `layer ${desc.digest} has media type ${desc.mediaType}, which is not a tar layer`, {
            hint: 'only OCI and Docker tar layers (uncompressed, gzip, zstd) can be unpacked',
        });
    }
    const blob = await store.fetch(desc);
    // The layout Store hands out a DigestStream that already hashes every byte: reuse its
    // digest rather than hashing the compressed layer a second time on the main thread
    // (measured: sha256 runs at ~0.5-1.5 GB/s here, 0.1-0.25 s per 120 MB layer).
    const own = blob instanceof digest/* DigestStream */.vl ? undefined : hashing(blob);
    const compressed = own ?? {
        stream: blob,
        digest: () => blob.digest,
        size: () => blob.size,
    };
    const uncompressed = hashing((0,compress/* decompress */.mF)(compressed.stream, compression), 4 << 20);
    try {
        await x.applyLayer(uncompressed.stream, options);
    }
    finally {
        blob.destroy();
    }
    if (compressed.size() !== desc.size) {
        throw new errors/* OciError */.Mf('SIZE_MISMATCH', `layer ${desc.digest} has ${compressed.size()} bytes, expected ${desc.size}`, {
            hint: 'the layer blob is truncated or corrupt; re-pull or rebuild it',
        });
    }
    if (compressed.digest() !== desc.digest)
        throw mismatch('the digest of its bytes', desc, desc.digest, compressed.digest());
    if (diffID !== undefined && uncompressed.digest() !== diffID)
        throw mismatch('the digest of its uncompressed tar (diffID)', desc, diffID, uncompressed.digest());
}
/** Write one artifact file (a non-tar layer) to `root/title`, verified while streaming. */
async function writeArtifactFile(store, x, desc, title) {
    const rel = safeName(title);
    if (rel === '')
        throw unsafe(title, 'an empty artifact title');
    // Written as a one-entry tar through the extractor: the same path checks and
    // O_EXCL|O_NOFOLLOW creation as image layers, with no second code path to get wrong.
    const entryHeader = {
        name: rel,
        type: 'file',
        size: desc.size,
        mode: 0o644,
        uid: 0,
        gid: 0,
        uname: '',
        gname: '',
        mtime: 0,
        linkname: '',
        devmajor: 0,
        devminor: 0,
    };
    const blob = await store.fetch(desc);
    const h = hashing(blob);
    async function* tarOfOne() {
        yield (0,tar_header/* encodeHeader */.YS)(entryHeader);
        for await (const c of h.stream)
            yield c;
        yield (0,tar_header/* padding */.Ms)(desc.size);
        yield (0,tar_header/* endOfArchive */.PG)();
    }
    try {
        await x.applyLayer(tarOfOne());
    }
    finally {
        blob.destroy();
    }
    if (h.digest() !== desc.digest || h.size() !== desc.size)
        throw mismatch('the digest of its bytes', desc, desc.digest, h.digest());
}
/** True when a manifest is an artifact whose layers are titled files (oras's layout). */
function isFileArtifact(manifest) {
    const titled = manifest.layers.length > 0 && manifest.layers.every((l) => l.annotations?.[oci/* Annotation */.YH.Title] !== undefined);
    return titled && (manifest.artifactType !== undefined || manifest.config.mediaType !== oci/* MediaType */.zu.ImageConfig);
}
/**
 * Unpack one image manifest (or file artifact) into `target`. When `target` does not
 * exist, it is built in a sibling staging directory and renamed into place on success.
 */
async function unpackManifest(store, manifestDesc, target, options) {
    const manifest = await store.readJSON(manifestDesc);
    if (!Array.isArray(manifest.layers) || typeof manifest.config !== 'object') {
        throw new errors/* OciError */.Mf('INVALID_MANIFEST', `${manifestDesc.digest} is not an image manifest`, { hint: 'unpack takes an image or an index of images' });
    }
    const artifact = isFileArtifact(manifest);
    let diffIDs = manifest.layers.map(() => undefined);
    if (!artifact) {
        const config = await store.readJSON(manifest.config);
        const ids = config.rootfs?.diff_ids;
        if (!Array.isArray(ids) || ids.length !== manifest.layers.length) {
            throw new errors/* OciError */.Mf('INVALID_MANIFEST', `image ${manifestDesc.digest} has ${manifest.layers.length} layers but ${Array.isArray(ids) ? ids.length : 'no'} diff_ids in its config`, {
                hint: 'the image is inconsistent; rebuild it',
            });
        }
        diffIDs = ids;
        for (const l of manifest.layers) {
            if ((0,oci/* layerCompression */.AH)(l.mediaType) === undefined) {
                throw new errors/* OciError */.Mf('UNSUPPORTED_MEDIA_TYPE', `layer ${l.digest} has media type ${l.mediaType}, which is not a tar layer`, {
                    hint: 'only OCI and Docker tar layers (uncompressed, gzip, zstd) can be unpacked',
                });
            }
        }
    }
    let existed = true;
    try {
        const st = await (0,promises_.stat)(target);
        if (!st.isDirectory()) {
            throw new errors/* OciError */.Mf('INVALID_INPUT', `${target} exists and is not a directory`, { input: 'path', hint: 'choose a directory (existing or new) to unpack into' });
        }
    }
    catch (e) {
        if (!(0,errors/* isErrno */.r)(e, 'ENOENT'))
            throw e;
        existed = false;
    }
    let root;
    if (existed) {
        root = await (0,promises_.realpath)(target);
    }
    else {
        await (0,promises_.mkdir)((0,external_node_path_.dirname)(target), { recursive: true });
        root = (0,external_node_path_.join)((0,external_node_path_.dirname)(target), `.${(0,external_node_path_.basename)(target)}.oci-store-unpack-${(0,external_node_crypto_.randomUUID)().slice(0, 8)}`);
        await (0,promises_.mkdir)(root, { mode: 0o755 });
    }
    const xopts = { logger: options.logger };
    if (options.devices)
        xopts.devices = options.devices;
    const x = new Extractor(root, xopts);
    try {
        for (let i = 0; i < manifest.layers.length; i++) {
            if (options.signal?.aborted)
                throw new errors/* OciError */.Mf('CANCELLED', 'unpack was cancelled');
            const layer = manifest.layers[i];
            options.progress?.({ digest: layer.digest, done: i, total: manifest.layers.length, phase: 'extract' });
            if (artifact) {
                const title = layer.annotations[oci/* Annotation */.YH.Title];
                if (layer.annotations?.[ingest/* ORAS_UNPACK */.Nj] === 'true' && (0,oci/* layerCompression */.AH)(layer.mediaType) !== undefined) {
                    await applyLayerBlob(store, x, layer, undefined, { prefix: safeName(title) });
                }
                else {
                    await writeArtifactFile(store, x, layer, title);
                }
            }
            else {
                await applyLayerBlob(store, x, layer, diffIDs[i]);
            }
        }
        x.finish();
        if (!existed) {
            await (0,promises_.chmod)(root, 0o755);
            await (0,promises_.rename)(root, target);
        }
    }
    catch (e) {
        if (!existed) {
            await (0,promises_.rm)(root, { recursive: true, force: true }).catch(() => { });
            throw e;
        }
        if ((0,errors/* isOciError */.eq)(e)) {
            throw new errors/* OciError */.Mf(e.code, `${e.message}; ${target} may now hold a partly unpacked image`, {
                input: e.input ?? 'ref',
                hint: `${e.hint ?? 'fix the cause'}; then remove ${target} or unpack into a new directory`,
                cause: e,
            });
        }
        throw e;
    }
    return { layers: manifest.layers.length, entries: x.entries, skipped: x.skipped };
}

// EXTERNAL MODULE: ./src/core/commands/metadata.ts
var metadata = __webpack_require__(9397);
;// CONCATENATED MODULE: ./src/core/commands/unpack.ts
/**
 * `unpack`: an image (`ref`) → a directory (`path`). From an index, the `platform`
 * selection (default: this machine's); several platforms (or `all`) unpack each into
 * `path/<os>-<arch>[-<variant>]`.
 */









/** `unpack` command. */
const unpack = async (options, ctx) => {
    const store = await layout.Store.open(options.store, { logger: ctx.logger, create: false, ...(ctx.fallback ? { fallback: ctx.fallback } : {}) });
    const root = await (0,pullthrough/* resolveThrough */.Az)(store, options.ref, options, ctx, 'ref');
    if (oci/* SCHEMA1_MEDIA_TYPES */.uM.has(root.mediaType)) {
        throw new errors/* OciError */.Mf('UNSUPPORTED_MEDIA_TYPE', `${options.ref} is a Docker schema 1 manifest`, { input: 'ref', hint: 'schema 1 images are deprecated; rebuild or re-push the image' });
    }
    let targets;
    if ((0,oci/* isIndexMediaType */.$$)(root.mediaType)) {
        const index = await store.readJSON(root);
        const want = options.platforms === 'all' || options.platforms.length > 0 ? options.platforms : [(0,core_options/* hostPlatform */.ol)()];
        const chosen = (0,platform/* selectManifests */.$)(index, want, 'platform');
        if (chosen.length === 1 && want !== 'all') {
            targets = [{ desc: chosen[0], path: options.path }];
        }
        else {
            targets = chosen.map((d, i) => ({
                desc: d,
                path: (0,external_node_path_.join)(options.path, d.platform ? [d.platform.os, d.platform.architecture, d.platform.variant].filter(Boolean).join('-') : `manifest-${i}`),
            }));
        }
    }
    else if ((0,oci/* isManifestMediaType */.CM)(root.mediaType)) {
        targets = [{ desc: root, path: options.path }];
    }
    else {
        throw new errors/* OciError */.Mf('UNSUPPORTED_MEDIA_TYPE', `${options.ref} is a ${root.mediaType}, not an image`, { input: 'ref', hint: 'unpack takes an image, an index of images, or a file artifact' });
    }
    for (const t of targets) {
        if (!(0,oci/* isManifestMediaType */.CM)(t.desc.mediaType)) {
            throw new errors/* OciError */.Mf('UNSUPPORTED_MEDIA_TYPE', `${t.desc.digest} in ${options.ref} is a ${t.desc.mediaType}, not an image manifest`, { input: 'ref', hint: 'nested indexes are not supported by unpack' });
        }
    }
    const uopts = { logger: ctx.logger };
    if (ctx.progress)
        uopts.progress = ctx.progress;
    if (ctx.signal)
        uopts.signal = ctx.signal;
    let entries = 0;
    let skipped = 0;
    for (const t of targets) {
        const r = await unpackManifest(store, t.desc, t.path, uopts);
        entries += r.entries;
        skipped += r.skipped;
        ctx.logger.info(`unpacked ${t.desc.digest} (${r.layers} layers, ${r.entries} entries) into ${t.path}`);
    }
    return {
        digest: root.digest,
        tags: [],
        metadata: await (0,metadata/* describeImage */.h)(store, root),
        store: store.root,
        details: { path: options.path, unpacked: targets.map((t) => ({ digest: t.desc.digest, path: t.path })), entries, skipped },
    };
};


/***/ })

};
