export const id = 906;
export const ids = [906];
export const modules = {

/***/ 2906:
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
var layout = __webpack_require__(5154);
// EXTERNAL MODULE: ./src/core/commands/options.ts
var commands_options = __webpack_require__(6944);
// EXTERNAL MODULE: ./src/core/platform.ts
var platform = __webpack_require__(692);
// EXTERNAL MODULE: ./src/core/commands/pullthrough.ts
var pullthrough = __webpack_require__(7906);
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
// EXTERNAL MODULE: ./src/core/compress/index.ts + 1 modules
var compress = __webpack_require__(218);
// EXTERNAL MODULE: ./src/core/memory.ts
var memory = __webpack_require__(1360);
// EXTERNAL MODULE: ./src/core/digest.ts
var digest = __webpack_require__(5543);
// EXTERNAL MODULE: ./src/core/dirs.ts
var dirs = __webpack_require__(5035);
// EXTERNAL MODULE: ./src/core/tar/header.ts
var tar_header = __webpack_require__(9310);
// EXTERNAL MODULE: ./src/core/tar/names.ts
var tar_names = __webpack_require__(3195);
;// CONCATENATED MODULE: ./src/core/tar/reader.ts
/**
 * A streaming tar reader: ustar, PAX (`x` and `g`), GNU long names/links (`L`/`K`).
 * Bodies are never buffered by the reader: each entry's body is handed out chunk by chunk
 * from the source, and skipped when the consumer does not read it.
 *
 * Reference: POSIX.1-2008 `pax`; GNU tar "Basic Tar Format".
 */


/** A GNU long name or link: bytes up to the first NUL (as Go's archive/tar reads it). */
function gnuLongName(body) {
    const nul = body.indexOf(0);
    return (0,tar_names/* decodeName */.e4)(body, 0, nul < 0 ? body.length : nul);
}
function truncated(what) {
    return (0,tar_header/* invalidLayer */.JA)(`the tar stream ends inside ${what} (truncated layer)`);
}
const END = { kind: 'end' };
const EMPTY = Buffer.alloc(0);
/** Padding after `size` bytes, to the next block. */
function padOf(size) {
    return (tar_header/* BLOCK */.IE - (size % tar_header/* BLOCK */.IE)) % tar_header/* BLOCK */.IE;
}
/**
 * A synchronous tar decoder: chunks in (`push`), events out (`read`), no promise per entry.
 * A consumer that writes synchronously (unpack) handles every entry of a chunk in one
 * pass, as `tar -x` does; readTar wraps it for consumers that await. Bodies are handed
 * out as views of the pushed chunks, never copied; only a header cut by a chunk boundary
 * and PAX/GNU metadata are copied.
 *
 * Throws INVALID_LAYER on bad checksums, malformed numbers, oversized PAX/GNU metadata,
 * unsupported entry kinds (GNU sparse, multi-volume) and truncation. As Go's archive/tar
 * (Reader.next, readHeader): the source may end at an entry boundary or inside the
 * padding of the last entry (no end-of-archive blocks: umoci 0.4.7's `insert` writes such
 * tars); a short body or header is truncation. Whatever follows the end-of-archive
 * marker is read and ignored (the caller's digests cover it).
 */
class TarDecoder {
    #chunk = EMPTY;
    #pos = 0;
    #ended = false;
    /** header: at a header; meta: in a PAX/GNU record; body: in a file's body; pad: in padding; done: after the end. */
    #state = 'header';
    /** Bytes left in the current body, record or padding. */
    #need = 0;
    /** The current entry's body size (its padding follows it). */
    #size = 0;
    /** Name of the current entry, for messages. */
    #name = '';
    /** A header cut by a chunk boundary. */
    #block = Buffer.alloc(tar_header/* BLOCK */.IE);
    #blockLen = 0;
    /** The PAX/GNU record being read: its bytes and its typeflag. */
    #meta = EMPTY;
    #metaLen = 0;
    #metaFlag = '';
    /** Padding that follows a record (truncation there is an error: an entry must follow). */
    #metaPad = false;
    #globalPax = {};
    #nextPax;
    #longName;
    #longLink;
    /** Add the next chunk of the archive. The previous one must have been read up to `undefined`. */
    push(chunk) {
        if (this.#pos < this.#chunk.length)
            throw new Error('TarDecoder: a chunk was pushed before the previous one was read');
        this.#chunk = chunk;
        this.#pos = 0;
    }
    /** The source has ended: the next reads give the last events, or throw if it was cut short. */
    end() {
        this.#ended = true;
    }
    /**
     * The next event, or undefined when the decoder needs the next chunk (it then holds no
     * reference to the pushed ones). After `end`, undefined means nothing more will come.
     */
    read() {
        for (;;) {
            const avail = this.#chunk.length - this.#pos;
            switch (this.#state) {
                case 'body': {
                    if (this.#need === 0) {
                        this.#state = 'pad';
                        this.#need = padOf(this.#size);
                        continue;
                    }
                    if (avail === 0) {
                        if (this.#ended)
                            throw truncated(`the body of ${JSON.stringify((0,tar_names/* displayName */.QC)(this.#name))}`);
                        return this.#more();
                    }
                    const n = Math.min(avail, this.#need);
                    const data = this.#chunk.subarray(this.#pos, this.#pos + n);
                    this.#pos += n;
                    this.#need -= n;
                    return { kind: 'data', data };
                }
                case 'pad': {
                    const n = Math.min(avail, this.#need);
                    this.#pos += n;
                    this.#need -= n;
                    if (this.#need > 0) {
                        if (!this.#ended)
                            return this.#more();
                        // The source ended inside padding: after a file, that is the end of the archive
                        // (Go reads padding with tryReadFull); after a record, an entry is missing.
                        if (this.#metaPad)
                            throw truncated(META[this.#metaFlag]);
                        this.#state = 'done';
                        return END;
                    }
                    this.#state = 'header';
                    continue;
                }
                case 'meta': {
                    const n = Math.min(avail, this.#need);
                    this.#chunk.copy(this.#meta, this.#metaLen, this.#pos, this.#pos + n);
                    this.#pos += n;
                    this.#metaLen += n;
                    this.#need -= n;
                    if (this.#need > 0) {
                        if (this.#ended)
                            throw truncated(META[this.#metaFlag]);
                        return this.#more();
                    }
                    this.#need = padOf(this.#metaLen);
                    this.#record();
                    this.#state = 'pad';
                    this.#metaPad = true;
                    continue;
                }
                case 'header': {
                    let block;
                    if (this.#blockLen === 0 && avail >= tar_header/* BLOCK */.IE) {
                        block = this.#chunk.subarray(this.#pos, this.#pos + tar_header/* BLOCK */.IE);
                        this.#pos += tar_header/* BLOCK */.IE;
                    }
                    else {
                        const n = Math.min(avail, tar_header/* BLOCK */.IE - this.#blockLen);
                        this.#chunk.copy(this.#block, this.#blockLen, this.#pos, this.#pos + n);
                        this.#pos += n;
                        this.#blockLen += n;
                        if (this.#blockLen < tar_header/* BLOCK */.IE) {
                            if (!this.#ended)
                                return this.#more();
                            if (this.#blockLen > 0)
                                throw truncated('a header');
                            this.#state = 'done'; // end of source at a header boundary: accepted, as Go does
                            return END;
                        }
                        block = this.#block;
                        this.#blockLen = 0;
                    }
                    this.#metaPad = false;
                    const event = this.#header(block);
                    if (event !== undefined)
                        return event;
                    continue;
                }
                case 'done':
                    return this.#more(); // whatever follows the end is padding
            }
        }
    }
    /**
     * The pushed chunk is used up: let go of it before asking for the next, so the caller may
     * reuse or release its memory (unpack hands each chunk of its own gzip to the hashing
     * thread, which frees it: ArrayBuffer transfer). A chunk kept here, even read no more, would
     * be seen detached (length 0) by `end` and the reads after it.
     */
    #more() {
        this.#chunk = EMPTY;
        this.#pos = 0;
        return undefined;
    }
    /** Decode one header block: an entry event, or undefined for a record or the end marker (state set). */
    #header(block) {
        if ((0,tar_header/* isZeroBlock */.ei)(block)) {
            // End of archive (one or two zero blocks). Whatever follows is padding.
            if (this.#nextPax || this.#longName !== undefined || this.#longLink !== undefined)
                throw (0,tar_header/* invalidLayer */.JA)('an extended header is not followed by an entry');
            this.#state = 'done';
            this.#pos = this.#chunk.length;
            return END;
        }
        const raw = (0,tar_header/* decodeRawHeader */.I4)(block);
        const what = META[raw.typeflag];
        if (what !== undefined) {
            if (raw.size > tar_header/* LIMITS */.b1.metaBytes)
                throw (0,tar_header/* invalidLayer */.JA)(`${what} of ${raw.size} bytes exceeds the ${tar_header/* LIMITS */.b1.metaBytes}-byte limit`);
            this.#state = 'meta';
            this.#meta = Buffer.allocUnsafe(raw.size); // own copy: records outlive the chunk
            this.#metaLen = 0;
            this.#metaFlag = raw.typeflag;
            this.#need = raw.size;
            return undefined;
        }
        const header = this.#entry(raw);
        this.#name = header.name;
        this.#size = header.size;
        this.#need = header.size;
        this.#state = 'body';
        return { kind: 'entry', header };
    }
    /** Apply a complete PAX or GNU record to the entries that follow. */
    #record() {
        const body = this.#meta;
        this.#meta = EMPTY;
        switch (this.#metaFlag) {
            case 'x':
                this.#nextPax = { ...(this.#nextPax ?? {}), ...(0,tar_header/* parsePax */.dA)(body) };
                break;
            case 'g':
                this.#globalPax = { ...this.#globalPax, ...(0,tar_header/* parsePax */.dA)(body) };
                break;
            case 'L':
                this.#longName = gnuLongName(body);
                break;
            default:
                this.#longLink = gnuLongName(body);
        }
    }
    /** An entry's header from its raw block and the records before it. */
    #entry(raw) {
        const type = (0,tar_header/* entryTypeOf */.EY)(raw.typeflag);
        if (type === undefined) {
            // 'S' is the old GNU sparse form: name it as the PAX forms are named below.
            if (raw.typeflag === 'S')
                throw (0,tar_header/* invalidLayer */.JA)(`GNU sparse files are not supported (${JSON.stringify((0,tar_names/* displayName */.QC)(raw.name))})`);
            throw (0,tar_header/* invalidLayer */.JA)(`unsupported tar entry type ${JSON.stringify(raw.typeflag)} for ${JSON.stringify((0,tar_names/* displayName */.QC)(raw.name))}`);
        }
        const pax = this.#nextPax ? { ...this.#globalPax, ...this.#nextPax } : this.#globalPax;
        this.#nextPax = undefined;
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
        if (this.#longName !== undefined)
            header.name = this.#longName;
        if (this.#longLink !== undefined)
            header.linkname = this.#longLink;
        this.#longName = this.#longLink = undefined;
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
                            throw (0,tar_header/* invalidLayer */.JA)(`GNU sparse files are not supported (${JSON.stringify((0,tar_names/* displayName */.QC)(header.name))})`);
                }
            }
            header.pax = { ...pax };
        }
        if (header.name === '' || header.name.includes('\0')) {
            throw (0,tar_header/* invalidLayer */.JA)(`a tar entry has an empty name or one with a NUL byte (${JSON.stringify((0,tar_names/* displayName */.QC)(header.name, 100))})`);
        }
        if ((0,tar_names/* nameByteLength */.od)(header.name) > tar_header/* LIMITS */.b1.pathBytes || (0,tar_names/* nameByteLength */.od)(header.linkname) > tar_header/* LIMITS */.b1.pathBytes) {
            throw (0,tar_header/* invalidLayer */.JA)(`a tar entry name or link target exceeds ${tar_header/* LIMITS */.b1.pathBytes} bytes (${JSON.stringify((0,tar_names/* displayName */.QC)(header.name, 100))})`);
        }
        // A NUL can only come from PAX or GNU records (header fields end at the first NUL):
        // no file system name holds one.
        if (header.linkname.includes('\0')) {
            throw (0,tar_header/* invalidLayer */.JA)(`the link target of tar entry ${JSON.stringify((0,tar_names/* displayName */.QC)(header.name, 100))} holds a NUL byte`);
        }
        // Pre-POSIX tars wrote directories as regular-file entries (typeflag NUL) whose name
        // ends in `/`: read them as directories, as Go's archive/tar and GNU tar do.
        if (raw.typeflag === '\0' && header.name.endsWith('/'))
            header.type = 'directory';
        // Only regular files carry a body: the size field of links, directories, devices and
        // FIFOs is ignored (POSIX ustar; Go's archive/tar `isHeaderOnlyType`).
        if (header.type !== 'file')
            header.size = 0;
        return header;
    }
}
/** PAX and GNU record typeflags, named for messages. */
const META = { x: 'a PAX header', g: 'a PAX global header', L: 'a GNU long name', K: 'a GNU long link' };
function asBuffer(v) {
    return Buffer.isBuffer(v) ? v : Buffer.from(v.buffer, v.byteOffset, v.byteLength);
}
/**
 * Iterate over the entries of a tar stream (TarDecoder, for consumers that await). Each
 * entry's body must be read, or is skipped, before the next entry.
 */
async function* readTar(source, options = {}) {
    const it = source[Symbol.asyncIterator]();
    const dec = new TarDecoder();
    let ended = false;
    const next = async () => {
        for (;;) {
            const e = dec.read();
            if (e !== undefined)
                return e;
            if (ended)
                return END;
            const r = await it.next();
            if (r.done) {
                ended = true;
                dec.end();
            }
            else {
                dec.push(asBuffer(r.value));
            }
        }
    };
    let finished = false;
    try {
        for (;;) {
            const e = await next();
            if (e.kind === 'end')
                break;
            if (e.kind !== 'entry')
                continue; // the rest of a body the consumer did not read
            const header = e.header;
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
                            const d = (await next());
                            consumed += d.data.length;
                            yield d.data;
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
            while (consumed < size)
                consumed += (await next()).data.length;
        }
        if (options.drain !== false && !ended)
            while (!(await it.next()).done)
                ;
        finished = true;
    }
    finally {
        if (!finished && !ended)
            await it.return?.();
    }
}

// EXTERNAL MODULE: ./src/core/ingest.ts + 1 modules
var ingest = __webpack_require__(2674);
// EXTERNAL MODULE: external "node:worker_threads"
var external_node_worker_threads_ = __webpack_require__(5919);
;// CONCATENATED MODULE: ./src/core/thread-hash.ts
/**
 * sha256 of a stream on a worker thread, fed through shared memory. Unpacking a layer
 * hashes its uncompressed tar (the diffID) while the main thread writes its files; on the
 * main thread the hash was ~10% of an unpack's critical path (measured: ~0.15 s of a
 * 190 MB small-files tar, ~0.2 s of a 300 MB one). Here the main thread only copies each
 * chunk into a free slot of a shared ring and posts its number; the worker hashes the slot
 * and hands it back. Order is kept: a worker handles its messages in the order sent.
 *
 * The worker can also write what it hashes (writeFile, closeFile): unpack hands it the
 * file bodies of each piece of the tar, already in the ring, so the main thread only
 * decodes and creates files (open O_EXCL|O_NOFOLLOW and every path check stay there) while
 * the copies into the files, their times and closes run beside it, as `tar -x` beside
 * `gzip -d`. The worker applies a piece's operations in order after hashing it, so a file
 * is complete once a later piece, or the digest, is acknowledged.
 *
 * A chunk whose memory is the caller's alone (our gzip members, inflated in parallel) is
 * handed over instead (give): its ArrayBuffer is transferred, not copied, and detached on
 * the worker once hashed, which frees it there and then, not at a garbage collection.
 *
 * The worker is a few lines of code evaluated from a string (no file to ship beside a
 * bundled action) and never keeps the process alive (unref).
 */

/** Bytes per slot, and slots in the ring: 2 MiB of lead over the worker. */
const SLOT = 256 * 1024;
const SLOTS = 8;
/**
 * Most bytes handed over by `give` and not hashed yet: eight of our 1 MiB gzip members, which
 * lets the main thread run ahead of a starting or briefly descheduled worker.
 */
const GIVEN_MAX = 8 * 1024 * 1024;
/** Numbers per file operation in a piece's `ops` (see ThreadHash.writeFile and closeFile). */
const OP = 7;
/**
 * Most files whose closing is left to the worker at once (each holds a descriptor until
 * then; Node raises the soft descriptor limit to the hard one, 4096 or more on Linux and
 * macOS). The ring's 2 MiB hold ~350 files of a small-files layer (6 KB each): at 256 a
 * lagging worker sent one file in eight back to the main thread, measured.
 */
const MAX_OPEN_FILES = 1024;
// process.getBuiltinModule, not require: eval'd code is read as ES module when the process
// runs with --input-type=module (a worker inherits execArgv), where require is undefined.
const WORKER_SOURCE = `
const { parentPort, workerData } = process.getBuiltinModule('node:worker_threads');
const { createHash } = process.getBuiltinModule('node:crypto');
const ring = Buffer.from(workerData);
let hash = createHash('sha256');
const fs = process.getBuiltinModule('node:fs');
/** Files whose write failed: their later writes are skipped, their close still done. */
const failed = new Set();
parentPort.on('message', (m) => {
  if (m === 'drain') {
    parentPort.postMessage({ drained: true });
    return;
  }
  if (m === 'digest') {
    parentPort.postMessage({ digest: 'sha256:' + hash.digest('hex') });
    hash = createHash('sha256');
    return;
  }
  if (m.given !== undefined) {
    hash.update(new Uint8Array(m.given, m.offset, m.length));
    m.given.transfer(0); // detached: its memory is freed now, not at a collection
    parentPort.postMessage({ hashed: m.length });
    return;
  }
  const start = m.slot * ${SLOT};
  if (m.slot !== undefined) hash.update(ring.subarray(start, start + m.length));
  if (m.ops === undefined) {
    parentPort.postMessage(m.slot);
    return;
  }
  const ops = m.ops;
  const closed = [];
  let error;
  const fail = (fd, e) => {
    error ??= { fd, code: e.code, syscall: e.syscall, message: e.message };
  };
  for (let i = 0; i < ops.length; i += ${OP}) {
    const fd = ops[i + 1];
    if (ops[i] === 0) {
      if (failed.has(fd)) continue;
      try {
        for (let off = start + ops[i + 2], end = off + ops[i + 3], pos = ops[i + 4]; off < end; ) {
          const n = fs.writeSync(fd, ring, off, end - off, pos);
          off += n;
          pos += n;
        }
      } catch (e) {
        failed.add(fd);
        fail(fd, e);
      }
      continue;
    }
    try {
      if (!failed.has(fd)) {
        if (ops[i + 2] >= 0) fs.fchownSync(fd, ops[i + 2], ops[i + 3]);
        if (ops[i + 4] >= 0) fs.fchmodSync(fd, ops[i + 4]);
        if (ops[i + 5] === ops[i + 5]) fs.futimesSync(fd, ops[i + 5], ops[i + 5]);
      }
    } catch (e) {
      fail(fd, e);
    }
    failed.delete(fd);
    try {
      fs.closeSync(fd);
    } catch (e) {
      fail(fd, e);
    }
    closed.push(fd);
  }
  parentPort.postMessage({ slot: m.slot, closed, error });
});
`;
/** A sha256 computed on a worker thread; one stream at a time (`update`… then `digest`). */
class ThreadHash {
    #worker;
    #ring;
    #free = Array.from({ length: SLOTS }, (_, i) => i);
    #wake;
    #digest;
    #drained;
    #error;
    /** The claimed piece: its slot, length and the file operations on its bytes. */
    #piece;
    /** Bytes handed over by `give` and not hashed yet. */
    #given = 0;
    /** Files handed to the worker and not yet closed by it, with their names for errors. */
    #files = new Map();
    /** The first failed write, chmod, times or close of a file on the worker. */
    #fileError;
    #maxOpenFiles;
    /** `maxOpenFiles`: most files left open to the worker at once (default 1024). */
    constructor(options = {}) {
        this.#maxOpenFiles = options.maxOpenFiles ?? MAX_OPEN_FILES;
        const memory = new SharedArrayBuffer(SLOT * SLOTS);
        this.#ring = Buffer.from(memory);
        // The files it closes were opened by the main thread: untracked, or each close warns.
        this.#worker = new external_node_worker_threads_.Worker(WORKER_SOURCE, { eval: true, workerData: memory, trackUnmanagedFds: false });
        this.#worker.unref();
        this.#worker.on('message', (m) => {
            if (typeof m === 'number') {
                this.#free.push(m);
                this.#resume();
            }
            else if ('hashed' in m) {
                this.#given -= m.hashed;
                this.#resume();
            }
            else if ('closed' in m) {
                if (m.error !== undefined && this.#fileError === undefined) {
                    this.#fileError = Object.assign(new Error(m.error.message), { code: m.error.code, syscall: m.error.syscall, entry: this.#files.get(m.error.fd) ?? '' });
                }
                for (const fd of m.closed)
                    this.#files.delete(fd);
                if (m.slot !== undefined)
                    this.#free.push(m.slot);
                this.#resume();
            }
            else if ('drained' in m) {
                const done = this.#drained;
                this.#drained = undefined;
                done?.();
            }
            else {
                const done = this.#digest;
                this.#digest = undefined;
                done?.(m.digest);
            }
        });
        this.#worker.on('error', (e) => this.#fail(e));
        this.#worker.on('exit', () => this.#fail(new Error('the hashing thread exited')));
    }
    #resume() {
        const wake = this.#wake;
        this.#wake = undefined;
        wake?.();
    }
    #fail(e) {
        this.#error ??= e;
        this.#resume();
        this.#digest?.('');
        this.#drained?.();
    }
    /** Hash `data` next. It is copied: the caller may reuse it once this settles. */
    async update(data) {
        for (let off = 0; off < data.length;) {
            while (this.#free.length === 0 && this.#error === undefined)
                await new Promise((r) => (this.#wake = r));
            if (this.#error)
                throw this.#error;
            const slot = this.#free.pop();
            const length = Math.min(SLOT, data.length - off);
            this.#ring.set(data.subarray(off, off + length), slot * SLOT);
            this.#worker.postMessage({ slot, length });
            off += length;
        }
    }
    /**
     * Hash `chunk` next without copying it: its memory is transferred to the worker, which
     * frees it once hashed. The caller must hold the only view of that memory (gunzip's
     * ownsItsMemory) and not use it again: the chunk reads as empty from now on. Waits while
     * more than GIVEN_MAX bytes handed over are not hashed yet.
     */
    async give(chunk) {
        while (this.#given > GIVEN_MAX && this.#error === undefined)
            await new Promise((r) => (this.#wake = r));
        if (this.#error)
            throw this.#error;
        this.#given += chunk.length;
        const memory = chunk.buffer;
        this.#worker.postMessage({ given: memory, offset: chunk.byteOffset, length: chunk.length }, [memory]);
    }
    /** The digest (`sha256:…`) of everything hashed since the previous digest. */
    async digest() {
        if (this.#error)
            throw this.#error;
        const d = await new Promise((resolve) => {
            this.#digest = resolve;
            this.#worker.postMessage('digest');
        });
        if (this.#error)
            throw this.#error;
        return d;
    }
    /**
     * Claim the next slot of the ring for `data` (at most PIECE bytes), copied there; then
     * writeFile/closeFile on its bytes, and commit. Throws the first error a file met on the
     * worker (a FileWriteError naming the file).
     */
    async claim(data) {
        if (data.length > ThreadHash.PIECE)
            throw new Error(`ThreadHash.claim: a piece of ${data.length} bytes, more than ${ThreadHash.PIECE}`);
        if (this.#piece !== undefined)
            throw new Error('ThreadHash.claim: the previous piece was not committed');
        while (this.#free.length === 0 && this.#error === undefined)
            await new Promise((r) => (this.#wake = r));
        if (this.#error)
            throw this.#error;
        if (this.#fileError)
            throw this.#fileError;
        const slot = this.#free.pop();
        this.#ring.set(data, slot * SLOT);
        this.#piece = { slot, length: data.length, ops: [] };
    }
    /** True when one more file may be handed to the worker (each holds a descriptor until it is closed there). */
    get canTakeFile() {
        return this.#files.size < this.#maxOpenFiles;
    }
    /**
     * Hand the open file `fd` to the worker: from now on only writeFile and closeFile touch
     * it (the worker closes it). `name` names it in an error.
     */
    adoptFile(fd, name) {
        this.#files.set(fd, name);
    }
    /** Write `length` bytes of the claimed piece, from `offset` in it, to `fd` at `position`. */
    writeFile(fd, offset, length, position) {
        const p = this.#piece;
        if (offset < 0 || offset + length > p.length)
            throw new Error('ThreadHash.writeFile: outside the claimed piece');
        p.ops.push(0, fd, offset, length, position, 0, 0);
    }
    /**
     * Finish and close `fd` after its writes: owner (when `uid` ≥ 0), then mode (when ≥ 0:
     * chown clears setuid/setgid), then times (when `mtime` is given).
     */
    closeFile(fd, meta = {}) {
        const op = [1, fd, meta.uid ?? -1, meta.gid ?? -1, meta.mode ?? -1, meta.mtime ?? NaN, 0];
        // Outside a piece (a failure between pieces): sent alone, still after the file's writes.
        if (this.#piece === undefined)
            this.#worker.postMessage({ ops: op });
        else
            this.#piece.ops.push(...op);
    }
    /** Send the claimed piece: hashed, then its file operations applied in order. */
    commit() {
        const p = this.#piece;
        if (p === undefined)
            return;
        this.#piece = undefined;
        this.#worker.postMessage({ slot: p.slot, length: p.length, ops: p.ops });
    }
    /**
     * Wait until the worker has applied every committed piece; throws the first error a file
     * met there. After it, every file handed over is written and closed.
     */
    async settle() {
        this.commit();
        if (this.#error === undefined) {
            await new Promise((resolve) => {
                this.#drained = resolve;
                this.#worker.postMessage('drain');
            });
        }
        if (this.#error)
            throw this.#error;
        if (this.#fileError)
            throw this.#fileError;
    }
    /** Stop the worker, once the files handed to it are closed. */
    async close() {
        if (this.#files.size > 0 || this.#piece !== undefined)
            await this.settle().catch(() => { });
        this.#worker.removeAllListeners('exit');
        await this.#worker.terminate();
    }
    /** The most bytes `claim` takes at once. */
    static PIECE = SLOT;
}

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
 * - Safety: nothing is created, changed or followed outside the target. A leading `/` of
 *   an entry or hard link name is relative to the target (as GNU tar and containerd read
 *   it; `/` alone is the target itself), names with `..` are refused; every parent is
 *   checked to be a real directory (a symlink planted by this or an earlier layer is
 *   refused, never followed); files are
 *   opened O_EXCL|O_NOFOLLOW; hard links must name a file inside the target. Each refusal
 *   is UNSAFE_ENTRY naming the entry. This holds on case-insensitive and normalising file
 *   systems too (APFS, NTFS): see Extractor.
 * - The user's files: what was in an existing target before the unpack is never deleted
 *   by a whiteout (they hide lower layers only) and never replaced unless `overwrite`.
 * - As root: entries are root's, setuid/setgid bits cleared, no device nodes, unless
 *   `sameOwner` (GNU tar's --same-owner) applies the image's owners.
 * - Names are bytes: a name that is not UTF-8 is written as it is (tar/names.ts).
 * - Speed: entries are written with synchronous calls (see Extractor) while inflate runs
 *   on the thread pool; each decompressed chunk is decoded and applied in one synchronous
 *   pass (TarDecoder: no promise per entry); few syscalls per file (open O_EXCL, write,
 *   futimes, close — tar -x as root adds fchown and fchmod); directory modes and times are
 *   applied once at the end. The diffID of a large layer is hashed on a worker thread:
 *   when the layer is inflated on one pool thread, that thread also writes the file bodies
 *   it holds and closes the files, the main thread decodes, checks and creates
 *   (Extractor.applyLayer); our own gzip members, inflated in parallel, are handed to it
 *   once applied, without a copy (applyLayerBlob). A large layer in one gzip stream
 *   inflates on a thread of its own (compress/gunzip-thread.ts), not in round trips
 *   through the busy main thread.
 */
















const WH = '.wh.';
const OPAQUE = '.wh..wh..opq';
/** A name for a message: raw bytes as `\xNN`, cut short (a hostile name may be kilobytes long). */
function quote(name) {
    return JSON.stringify((0,tar_names/* displayName */.QC)(name, 160));
}
function unsafe(entry, why) {
    return new errors/* OciError */.Mf('UNSAFE_ENTRY', `refused layer entry ${quote(entry)}: ${why}`, {
        hint: 'the image contains a hostile or broken layer; do not unpack it, or rebuild it from trusted sources',
    });
}
/**
 * Normalise an artifact title to a relative path of components: as entryPath, and an
 * absolute title is refused (a file artifact names files relative to where it is unpacked).
 */
function safeName(name) {
    if (name.startsWith('/'))
        throw unsafe(name, 'absolute names are not allowed');
    return entryPath(name);
}
/**
 * Normalise a layer entry name or hard link name to a relative path of components: a
 * leading `/` is relative to the target, as GNU tar ("Removing leading `/'") and
 * containerd read it — umoci's `insert` at `/` writes an entry named `/`, other tools
 * names like `/usr/bin/x` — and `/` alone is the target itself (`''`). `..` components
 * are refused, so no spelling leaves the target.
 */
function entryPath(name) {
    // Most names are already plain (`usr/bin/x`, or `./usr/bin/x` from `tar -C dir .`):
    // returned without splitting. Anything else takes the component walk below.
    const plain = name.startsWith('./') ? name.slice(2) : name;
    if (plain !== '' && !plain.startsWith('/') && !plain.endsWith('/') && !plain.endsWith('.') && !plain.includes('//') && !plain.includes('./'))
        return plain;
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
 *
 * Names are compared as the archive spells them, but a file system may not: APFS and NTFS
 * fold case, APFS also Unicode normalisation, so `A` can be `a`. Nothing here trusts a
 * spelling for safety: a directory is known real only until anything that is a directory
 * is removed (creating an entry never replaces one: it is exclusive, and an aliased name
 * fails with EEXIST), and directory modes are applied at the end only to the very
 * directory (dev/ino) that was created.
 */
class Extractor {
    root;
    #logger;
    #devices;
    #hadFiles;
    #overwrite;
    #sameOwner;
    /** Running as root without same-owner: setuid/setgid bits are cleared (files would be root's). */
    #dropSetid;
    /** Directories (relative paths) verified real since the last removal of a directory; '' = root. */
    #safeDirs = new Map([['', undefined]]);
    #dirs = new Map();
    /** Paths created or replaced by the layer being applied, with their ancestors (whiteouts hide lower layers only). */
    #touched = new Set();
    /**
     * A layer was applied before the one being applied. Until then a whiteout has nothing to
     * hide (what is there is this layer's or the user's) and no path is recorded as touched.
     */
    #lower = false;
    /** When the target had files: paths this unpack created (everything below them is its own too). */
    #created = new Set();
    /** Ancestors of #created paths: where this unpack's entries sit among the user's. */
    #holdsCreated = new Set();
    #umask = -1;
    #setidDropped = 0;
    /** The file whose body is being written; `thread` when its writes and close are the hashing thread's. */
    #out;
    /** The hashing thread of the layer being applied, when it also writes file bodies. */
    #thread;
    /** The piece of the tar pushed last to the decoder (its bytes are in the thread's ring). */
    #piece = Buffer.alloc(0);
    entries = 0;
    skipped = 0;
    constructor(root, options) {
        this.root = root;
        this.#logger = options.logger;
        this.#hadFiles = options.hadFiles ?? true;
        this.#overwrite = options.overwrite === true;
        this.#sameOwner = options.sameOwner === true;
        this.#dropSetid = process.getuid?.() === 0 && !this.#sameOwner;
        this.#devices = options.devices ?? (this.#sameOwner ? 'create' : 'skip');
    }
    /** The absolute path of `rel`, as a Buffer when the name is not UTF-8 (see tar/names.ts). */
    #abs(rel) {
        if (rel === '')
            return this.root;
        // `rel` is already normal (entryPath): a concatenation, not path.join's normalisation.
        return (0,tar_names/* hasRawBytes */.Cb)(rel) ? Buffer.concat([Buffer.from(this.root + external_node_path_.sep), (0,tar_names/* encodeName */.aA)(rel)]) : this.root + external_node_path_.sep + rel;
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
    /**
     * Apply one uncompressed layer tar. Every entry a chunk holds is applied in one
     * synchronous pass over it (TarDecoder): no promise per entry, as `tar -x` has none.
     *
     * A chunk of `tar` is done with once the next is asked for: nothing reads it again (the
     * caller may then transfer its memory away, see handOver).
     *
     * With `thread`, the tar is hashed there (its digest is the thread's next `digest()`), and
     * the bodies of files are written, and the files closed, there too: the main thread
     * decodes and creates each file (every check below is unchanged), the thread copies the
     * body it already holds in its ring into the file. It applies pieces in order, so an
     * entry that replaces a file, or links to it, comes after the file's creation as before;
     * all is written when this resolves.
     */
    async applyLayer(tar, options = {}) {
        this.#touched = new Set();
        this.#getUmask();
        const dec = new TarDecoder();
        const thread = options.thread;
        this.#thread = thread;
        try {
            for await (const chunk of tar) {
                const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
                if (thread === undefined) {
                    dec.push(buf);
                    this.#events(dec, options.prefix);
                    continue;
                }
                for (let off = 0; off < buf.length; off += ThreadHash.PIECE) {
                    const piece = buf.subarray(off, off + ThreadHash.PIECE);
                    await thread.claim(piece);
                    this.#piece = piece;
                    dec.push(piece);
                    this.#events(dec, options.prefix);
                    thread.commit();
                }
            }
            dec.end();
            this.#events(dec, options.prefix);
            await thread?.settle();
        }
        catch (e) {
            throw threadError(e);
        }
        finally {
            this.#lower = true;
            const out = this.#out;
            this.#out = undefined;
            this.#thread = undefined;
            this.#piece = Buffer.alloc(0);
            if (out?.thread === true)
                thread.closeFile(out.fd);
            else if (out !== undefined)
                (0,external_node_fs_.closeSync)(out.fd);
            thread?.commit();
        }
    }
    /** Apply what the decoder holds, up to the end of its chunk. */
    #events(dec, prefix) {
        for (let ev; (ev = dec.read()) !== undefined;) {
            if (ev.kind === 'data')
                this.#write(ev.data);
            else if (ev.kind === 'entry') {
                try {
                    this.#apply(ev.header, prefix);
                }
                catch (e) {
                    throw fsError(e, ev.header.name);
                }
            }
        }
    }
    /** Record `rel` and its ancestors as touched by this layer. */
    #touch(rel) {
        while (rel !== '' && !this.#touched.has(rel)) {
            this.#touched.add(rel);
            rel = parentOf(rel);
        }
    }
    /** Record `rel` as created by this unpack (only tracked when the target had files). */
    #own(rel) {
        if (!this.#hadFiles)
            return;
        this.#created.add(rel);
        for (let p = parentOf(rel); p !== '' && !this.#holdsCreated.has(p); p = parentOf(p))
            this.#holdsCreated.add(p);
    }
    /** True when `rel` was created by this unpack (not in the target before it). */
    #isOwn(rel) {
        if (!this.#hadFiles)
            return true;
        for (let p = rel; p !== ''; p = parentOf(p))
            if (this.#created.has(p))
                return true;
        return false;
    }
    /**
     * Remove what is at `rel` (recursively for a directory), never following symlinks. A
     * removed directory may have been reachable under other spellings (case, normalisation):
     * every directory must be verified again.
     */
    #remove(rel, st) {
        if (st.isDirectory()) {
            this.#safeDirs = new Map([['', undefined]]);
            const below = rel + '/';
            for (const d of this.#dirs.keys())
                if (d === rel || d.startsWith(below))
                    this.#dirs.delete(d);
            (0,external_node_fs_.rmSync)(this.#abs(rel), { recursive: true, force: true });
        }
        else {
            (0,external_node_fs_.unlinkSync)(this.#abs(rel));
        }
    }
    /**
     * Make room for a new entry at `rel`, where `st` already is: an earlier entry of this
     * unpack is replaced; what was in the target before is replaced only with `overwrite`,
     * and a directory of the user's never is (a whiteout or entry would delete its tree).
     */
    #replace(rel, name, st, wantDir) {
        if (!this.#isOwn(rel)) {
            if (!this.#overwrite) {
                const what = rel === entryPath(name) ? `a ${kindOf(st)}` : `the ${kindOf(st)} ${quote(rel)}`;
                throw new errors/* OciError */.Mf('ALREADY_EXISTS', `layer entry ${quote(name)} would replace ${what} that was in path before the unpack`, {
                    input: 'path',
                    hint: 'unpack into a new or empty directory, or set overwrite to true to let the image replace files already in path',
                });
            }
            if (st.isDirectory() && !wantDir) {
                throw new errors/* OciError */.Mf('ALREADY_EXISTS', `layer entry ${quote(name)} would replace the directory ${quote(rel)} that was in path before the unpack`, {
                    input: 'path',
                    hint: 'overwrite replaces files, never a directory of yours with its contents: remove it first, or unpack into a new directory',
                });
            }
        }
        this.#remove(rel, st);
    }
    /**
     * Make sure `dir` and its ancestors are real directories inside the root: created when
     * missing (0755) if `create`, refused when one is a symlink, an error when it is a file.
     * False when one is missing and `create` is off. `link` names the hard link target being
     * checked instead of a parent.
     */
    #chain(dir, name, create, link) {
        if (this.#safeDirs.has(dir))
            return true;
        let cur = '';
        for (const p of dir.split('/')) {
            cur = cur === '' ? p : `${cur}/${p}`;
            if (this.#safeDirs.has(cur))
                continue;
            const abs = this.#abs(cur);
            let st = (0,external_node_fs_.lstatSync)(abs, { throwIfNoEntry: false });
            if (st === undefined) {
                if (!create)
                    return false;
                (0,external_node_fs_.mkdirSync)(abs, { mode: 0o755 });
                st = (0,external_node_fs_.lstatSync)(abs);
                this.#own(cur);
            }
            else if (st.isSymbolicLink()) {
                if (link !== undefined)
                    throw unsafe(name, `its hard link target ${quote(link)} is reached through the symlink ${quote(cur)}`);
                throw unsafe(name, `its parent ${quote(cur)} is a symlink (following it could leave the target)`);
            }
            else if (!st.isDirectory()) {
                if (link !== undefined)
                    throw unsafe(name, `its hard link target ${quote(link)} is reached through the file ${quote(cur)}`);
                if (!create)
                    return false;
                if (!this.#isOwn(cur))
                    this.#replace(cur, name, st, true);
                else {
                    throw new errors/* OciError */.Mf('INVALID_LAYER', `layer entry ${quote(name)} needs ${quote(cur)} to be a directory, but it is a file`, {
                        hint: 'the image is inconsistent; rebuild it',
                    });
                }
                (0,external_node_fs_.mkdirSync)(abs, { mode: 0o755 });
                st = (0,external_node_fs_.lstatSync)(abs);
                this.#own(cur);
            }
            this.#safeDirs.set(cur, { dev: st.dev, ino: st.ino });
        }
        return true;
    }
    #apply(h, prefix) {
        const rel = entryPath(h.name);
        if (prefix !== undefined && rel !== prefix && !rel.startsWith(prefix + '/')) {
            // Artifact directory layers (oras): every entry must sit under the layer's title.
            throw unsafe(h.name, `it is outside the layer's title ${quote(prefix)}`);
        }
        const slash = rel.lastIndexOf('/');
        const base = rel.slice(slash + 1);
        if (base.startsWith(WH)) {
            this.#whiteout(rel, base, h.name);
            return;
        }
        if (rel === '')
            return; // the root itself: its mode and owner stay the user's
        if (slash > 0)
            this.#chain(rel.slice(0, slash), h.name, true);
        if (this.#lower)
            this.#touch(rel);
        switch (h.type) {
            case 'directory':
                this.#directory(rel, h);
                break;
            case 'file':
                this.#file(rel, h);
                break;
            case 'symlink':
                this.#symlink(rel, h);
                break;
            case 'link':
                this.#hardlink(rel, h);
                break;
            default:
                this.#special(rel, h);
                return;
        }
        this.entries++;
    }
    #whiteout(rel, base, name) {
        const dir = parentOf(rel);
        if (base === OPAQUE) {
            if (this.#chain(dir, name, false) && this.#lower)
                this.#hideChildren(dir);
            return;
        }
        const target = base.slice(WH.length);
        if (target === '')
            throw unsafe(name, 'a bare ".wh." whiteout names nothing');
        if (target === '.' || target === '..')
            throw unsafe(name, `a whiteout of ${quote(target)} would leave its directory`);
        if (target.startsWith(WH)) {
            this.#logger.debug(`ignoring AUFS metadata entry ${(0,tar_names/* displayName */.QC)(name)}`);
            return;
        }
        if (!this.#chain(dir, name, false) || !this.#lower)
            return; // nothing below to hide
        this.#hide(dir === '' ? target : `${dir}/${target}`);
    }
    /**
     * Hide what lower layers put at `rel` (image-spec layer.md "Whiteouts": they apply to
     * lower layers only, as in umoci). What this layer created there stays, and so does what
     * was in the target before the unpack: a whiteout never deletes the user's files.
     */
    #hide(rel) {
        const st = (0,external_node_fs_.lstatSync)(this.#abs(rel), { throwIfNoEntry: false });
        if (st === undefined)
            return;
        if (this.#touched.has(rel) || !this.#isOwn(rel)) {
            // Keep it; below a directory, hide what is neither this layer's nor the user's.
            if (st.isDirectory() && (this.#touched.has(rel) || this.#holdsCreated.has(rel)))
                this.#hideChildren(rel);
            return;
        }
        this.#remove(rel, st);
    }
    #hideChildren(dir) {
        let names;
        try {
            names = (0,external_node_fs_.readdirSync)(this.#abs(dir), { encoding: 'buffer' });
        }
        catch (e) {
            if ((0,errors/* isErrno */.r)(e, 'ENOENT', 'ENOTDIR'))
                return;
            throw e;
        }
        for (const n of names) {
            const c = (0,tar_names/* decodeName */.e4)(n);
            this.#hide(dir === '' ? c : `${dir}/${c}`);
        }
    }
    /** Mode bits to apply: setuid/setgid cleared when running as root without same-owner. */
    #mode(mode) {
        if (this.#dropSetid && (mode & 0o6000) !== 0) {
            this.#setidDropped++;
            return mode & ~0o6000;
        }
        return mode;
    }
    #directory(rel, h) {
        let id = this.#safeDirs.get(rel);
        if (id === undefined) {
            const abs = this.#abs(rel);
            const mode = 0o700 | (h.mode & 0o777);
            try {
                (0,external_node_fs_.mkdirSync)(abs, { mode });
                this.#own(rel);
            }
            catch (e) {
                if (!(0,errors/* isErrno */.r)(e, 'EEXIST'))
                    throw e;
                const st = (0,external_node_fs_.lstatSync)(abs);
                if (!st.isDirectory()) {
                    this.#replace(rel, h.name, st, true);
                    (0,external_node_fs_.mkdirSync)(abs, { mode });
                    this.#own(rel);
                }
            }
            // One lstat per directory: its identity, for the re-check before finish() applies its mode.
            const st = (0,external_node_fs_.lstatSync)(abs);
            id = { dev: st.dev, ino: st.ino };
            this.#safeDirs.set(rel, id);
        }
        // A directory that was in path before keeps its mode, owner and times, unless overwrite.
        if (!this.#overwrite && !this.#isOwn(rel))
            return;
        // Modes and times are applied in finish(): a read-only directory must stay writable
        // while its children are extracted, and children change its mtime.
        this.#dirs.set(rel, { ...id, mode: this.#mode(h.mode & 0o7777), mtime: h.mtime, uid: h.uid, gid: h.gid });
    }
    /** Open `rel` for a new file; never follows a symlink, replaces only what #replace allows. */
    #create(rel, name, mode) {
        const abs = this.#abs(rel);
        try {
            return (0,external_node_fs_.openSync)(abs, CREATE_FLAGS, mode & 0o777);
        }
        catch (e) {
            if (!(0,errors/* isErrno */.r)(e, 'EEXIST'))
                throw e;
        }
        this.#replace(rel, name, (0,external_node_fs_.lstatSync)(abs), false);
        return (0,external_node_fs_.openSync)(abs, CREATE_FLAGS, mode & 0o777);
    }
    /**
     * Create a file; its body arrives as data events (#write), then #close finishes it. With
     * a hashing thread, the body is written and the file closed there (see applyLayer).
     */
    #file(rel, h) {
        const fd = this.#create(rel, h.name, h.mode);
        this.#own(rel);
        const thread = this.#thread !== undefined && h.size > 0 && this.#thread.canTakeFile;
        if (thread)
            this.#thread.adoptFile(fd, h.name);
        this.#out = { fd, pos: 0, header: h, thread };
        if (h.size === 0)
            this.#close();
    }
    /**
     * Write a piece of the open file's body; the file is finished with its last byte. The
     * body of an entry that writes no file (a whiteout, `/`) is skipped.
     */
    #write(data) {
        const out = this.#out;
        if (out === undefined)
            return;
        if (out.thread) {
            // A view of the piece the thread holds: written from there, not copied again.
            this.#thread.writeFile(out.fd, data.byteOffset - this.#piece.byteOffset, data.length, out.pos);
            out.pos += data.length;
            if (out.pos === out.header.size)
                this.#close();
            return;
        }
        try {
            let off = 0;
            while (off < data.length) {
                const n = (0,external_node_fs_.writeSync)(out.fd, data, off, data.length - off, out.pos);
                off += n;
                out.pos += n;
            }
            if (out.pos === out.header.size)
                this.#close();
        }
        catch (e) {
            throw fsError(e, out.header.name);
        }
    }
    #close() {
        const { fd, header: h, thread } = this.#out;
        this.#out = undefined;
        if (thread) {
            // As below, on the thread: owner, then mode (only when open's mode was not it), times.
            const mode = this.#mode(h.mode & 0o7777);
            const chmod = (mode & 0o7000) !== 0 || (mode & this.#umask & 0o777) !== 0;
            this.#thread.closeFile(fd, { uid: this.#sameOwner ? h.uid : -1, gid: this.#sameOwner ? h.gid : -1, mode: chmod ? mode : -1, mtime: h.mtime });
            return;
        }
        try {
            // Owner first: chown clears setuid/setgid, the mode below sets them again.
            if (this.#sameOwner)
                (0,external_node_fs_.fchownSync)(fd, h.uid, h.gid);
            const mode = this.#mode(h.mode & 0o7777);
            if ((mode & 0o7000) !== 0 || (mode & this.#umask & 0o777) !== 0)
                (0,external_node_fs_.fchmodSync)(fd, mode);
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
        const target = (0,tar_names/* toFsPath */.Yb)(h.linkname);
        try {
            (0,external_node_fs_.symlinkSync)(target, abs);
        }
        catch (e) {
            if (!(0,errors/* isErrno */.r)(e, 'EEXIST'))
                throw e;
            this.#replace(rel, h.name, (0,external_node_fs_.lstatSync)(abs), false);
            (0,external_node_fs_.symlinkSync)(target, abs);
        }
        this.#own(rel);
        if (this.#sameOwner)
            (0,external_node_fs_.lchownSync)(abs, h.uid, h.gid);
        try {
            (0,external_node_fs_.lutimesSync)(abs, h.mtime, h.mtime);
        }
        catch {
            /* not every filesystem keeps symlink times */
        }
    }
    #hardlink(rel, h) {
        const target = entryPath(h.linkname);
        if (target === '')
            throw unsafe(h.name, 'a hard link to the root directory');
        // The target must be a non-directory reached through real directories inside the root.
        const tdir = parentOf(target);
        if (tdir !== '' && !this.#chain(tdir, h.name, false, h.linkname)) {
            throw unsafe(h.name, `its hard link target ${quote(h.linkname)} does not exist`);
        }
        const tst = (0,external_node_fs_.lstatSync)(this.#abs(target), { throwIfNoEntry: false });
        if (tst === undefined)
            throw unsafe(h.name, `its hard link target ${quote(h.linkname)} does not exist`);
        if (tst.isDirectory())
            throw unsafe(h.name, 'a hard link to a directory');
        if (target === rel)
            return;
        if (target.startsWith(rel + '/'))
            throw unsafe(h.name, `a hard link would replace the directory holding its own target ${quote(h.linkname)}`);
        const abs = this.#abs(rel);
        try {
            (0,external_node_fs_.linkSync)(this.#abs(target), abs);
        }
        catch (e) {
            if (!(0,errors/* isErrno */.r)(e, 'EEXIST'))
                throw e;
            this.#replace(rel, h.name, (0,external_node_fs_.lstatSync)(abs), false);
            try {
                (0,external_node_fs_.linkSync)(this.#abs(target), abs);
            }
            catch (e2) {
                // Replacing `rel` removed the target: another spelling of its parent (case, normalisation).
                if ((0,errors/* isErrno */.r)(e2, 'ENOENT'))
                    throw unsafe(h.name, `replacing it removed its own hard link target ${quote(h.linkname)}`);
                throw e2;
            }
        }
        this.#own(rel);
    }
    #special(rel, h) {
        if (this.#devices === 'skip' || (0,tar_names/* hasRawBytes */.Cb)(rel)) {
            this.skipped++;
            this.#logger.warning(`skipping ${h.type} ${(0,tar_names/* displayName */.QC)(h.name)}: device nodes and FIFOs are created only with same-owner (as root)`);
            return;
        }
        const abs = this.#abs(rel);
        const st = (0,external_node_fs_.lstatSync)(abs, { throwIfNoEntry: false });
        if (st !== undefined)
            this.#replace(rel, h.name, st, false);
        const args = h.type === 'fifo' ? [abs, 'p'] : [abs, h.type === 'chardev' ? 'c' : 'b', String(h.devmajor), String(h.devminor)];
        (0,external_node_child_process_.execFileSync)('mknod', ['-m', this.#mode(h.mode & 0o7777).toString(8), ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
        this.#own(rel);
        if (this.#sameOwner) {
            (0,external_node_fs_.lchownSync)(abs, h.uid, h.gid);
            (0,external_node_fs_.chmodSync)(abs, h.mode & 0o7777); // chown cleared setuid/setgid
        }
        (0,external_node_fs_.lutimesSync)(abs, h.mtime, h.mtime);
        this.entries++;
    }
    /**
     * Apply directory owners, modes and times, deepest first (children's writes changed the
     * times). By path, but only after lstat shows the very directory that was created: a
     * name may since lead elsewhere (a removed directory, a symlink under another spelling).
     */
    finish() {
        const dirs = [...this.#dirs.entries()].sort((a, b) => b[0].length - a[0].length);
        for (const [rel, meta] of dirs) {
            const abs = this.#abs(rel);
            const st = (0,external_node_fs_.lstatSync)(abs, { throwIfNoEntry: false });
            if (st === undefined || !st.isDirectory() || st.dev !== meta.dev || st.ino !== meta.ino) {
                this.#logger.debug(`not applying the mode of ${(0,tar_names/* displayName */.QC)(rel)}: it was replaced after it was created`);
                continue;
            }
            if (this.#sameOwner)
                (0,external_node_fs_.lchownSync)(abs, meta.uid, meta.gid);
            (0,external_node_fs_.chmodSync)(abs, meta.mode);
            (0,external_node_fs_.utimesSync)(abs, meta.mtime, meta.mtime);
        }
        if (this.#setidDropped > 0) {
            this.#logger.warning(`cleared the setuid/setgid bits of ${this.#setidDropped} entries: running as root, the files are root's, not their owners' in the image; set same-owner to apply owners and keep the bits`);
        }
    }
}
function kindOf(st) {
    return st.isDirectory() ? 'directory' : st.isSymbolicLink() ? 'symlink' : st.isFile() ? 'file' : 'special file';
}
/** The parent of a relative path ('' for a top-level name). */
function parentOf(rel) {
    const slash = rel.lastIndexOf('/');
    return slash < 0 ? '' : rel.slice(0, slash);
}
/**
 * A system error met while writing an entry, as one coded error naming the entry (short:
 * a hostile name may be kilobytes long). Others pass through.
 */
function fsError(e, name) {
    if (!(0,errors/* isErrno */.r)(e, 'ENAMETOOLONG', 'ENOSPC', 'EDQUOT', 'EROFS', 'EACCES', 'EPERM'))
        return e;
    const what = `layer entry ${quote(name)}`;
    switch (e.code) {
        case 'ENAMETOOLONG':
            return new errors/* OciError */.Mf('INVALID_LAYER', `${what} has a name too long for this file system (${(0,tar_names/* nameByteLength */.od)(name)} bytes)`, {
                hint: 'file systems limit a name to 255 bytes and a path to about 4096: rebuild the image with shorter paths',
                cause: e,
            });
        case 'ENOSPC':
        case 'EDQUOT':
            return new errors/* OciError */.Mf('INVALID_INPUT', `no space left on the device of path while writing ${what}`, { input: 'path', hint: 'free disk space, or unpack onto a larger disk', cause: e });
        case 'EROFS':
        case 'EACCES':
        case 'EPERM':
            return new errors/* OciError */.Mf('INVALID_INPUT', `cannot write ${what} into path (${e.code})`, { input: 'path', hint: 'choose a directory this user may write for path', cause: e });
        default:
            return e;
    }
}
/** A file's write that failed on the hashing thread, as fsError names it; others pass through. */
function threadError(e) {
    const entry = e?.entry;
    return typeof entry === 'string' ? fsError(e, entry) : e;
}
/** Create a new file: write-only, exclusive, never through a symlink. */
const CREATE_FLAGS = external_node_fs_.constants.O_WRONLY | external_node_fs_.constants.O_CREAT | external_node_fs_.constants.O_EXCL | external_node_fs_.constants.O_NOFOLLOW;
/** Wrap a stream so that its bytes are hashed; `digest()` after the end. */
function hashing(source, gcEvery = 0) {
    const h = (0,external_node_crypto_.createHash)('sha256');
    let result;
    const counted = metered(source, gcEvery, (c) => h.update(c));
    async function* run() {
        yield* counted.stream;
        result = 'sha256:' + h.digest('hex');
    }
    return {
        stream: run(),
        digest: () => {
            if (result === undefined)
                throw new Error('digest read before the end of the stream');
            return result;
        },
        size: counted.size,
    };
}
/**
 * Count a stream's bytes, each chunk passed to `each` first; every `gcEvery` bytes the
 * memory policy is told that buffers may have piled up.
 */
function metered(source, gcEvery = 0, each) {
    let size = 0;
    let nextGc = gcEvery;
    async function* run() {
        for await (const c of source) {
            each?.(c);
            size += c.length;
            if (gcEvery > 0 && size >= nextGc) {
                nextGc += gcEvery;
                (0,memory/* collectGarbage */.iO)(); // decompressed chunks are external memory: see collectGarbage
            }
            yield c;
        }
    }
    return { stream: run(), size: () => size };
}
function mismatch(what, desc, expected, actual) {
    return new errors/* OciError */.Mf('DIGEST_MISMATCH', `layer ${desc.digest}: ${what} is ${actual}, expected ${expected}`, {
        hint: 'the layer blob is corrupt or does not belong to this image; re-pull or rebuild it',
    });
}
/**
 * Pass a decompressed tar through to applyLayer, each chunk hashed on `hasher` once applied
 * (applyLayer is done with a chunk when it asks for the next: TarDecoder keeps none). A
 * member's own buffer (ownsItsMemory) is handed over without a copy and freed on the worker;
 * any other chunk (a layer that goes on in one gzip stream) is copied first.
 */
async function* handOver(tar, hasher) {
    for await (const c of tar) {
        yield c;
        await hasher.give((0,compress/* ownsItsMemory */.b$)(c) ? c : new Uint8Array(c));
    }
}
async function openLayer(store, desc) {
    const blob = await store.fetch(desc, { readSize: READ_SIZE });
    // The layout Store hands out a DigestStream that already hashes every byte: reuse its
    // digest rather than hashing the compressed layer a second time on the main thread
    // (measured: sha256 runs at ~0.5-1.5 GB/s here, 0.1-0.25 s per 120 MB layer).
    const own = blob instanceof digest/* DigestStream */.vl ? undefined : hashing(blob);
    const compressed = own ?? {
        stream: blob,
        digest: () => blob.digest,
        size: () => blob.size,
    };
    return { blob, compressed };
}
/**
 * Open a small layer (below THREAD_HASH_MIN: inflated on the pool, hashed on the main
 * thread) and ask for its first inflated bytes now, while the layer before it is applied:
 * each layer otherwise started with the main thread idle while a stat, an open, a 256 KiB
 * read and the first inflate went through the pool. skopeo's 45-layer image (tmpfs, 2
 * cores under load 5-6, hrtime per layer, 4 alternated pairs): from each layer's start to
 * its first inflated bytes 200-290 ms in all of a ~1.9 s unpack, read ahead 115-160 ms;
 * whole runs, 7 alternated pairs, median 1.88 -> 1.69 s (faster in 5), CPU the same, peak
 * RSS 142-151 -> 140-153 MB (6 alternated runs: within the spread). On the disk at load
 * 2.5, 9 alternated pairs: 1.23 -> 1.12 s median (faster in 8), 0.70 -> 0.64x the time of
 * `tar -xzf` of the layers in turn; at load 6 no gain showed (the others took the idle
 * core). Only the first chunk is asked for: the rest waits, bounded by zlib's
 * stream buffers. A failure (missing blob, corrupt gzip) surfaces when the layer's turn
 * comes, as it would have then. `close` releases a layer never applied (one before it
 * failed).
 */
function readAhead(store, desc, compression) {
    let inner;
    let blob;
    let taken = false;
    const ready = (async () => {
        const layer = await openLayer(store, desc);
        blob = layer.blob;
        const uncompressed = hashing((0,compress/* decompress */.mF)(layer.compressed.stream, compression), 4 << 20);
        const it = (inner = uncompressed.stream);
        const first = it.next();
        first.catch(() => { }); // surfaced when the layer is applied
        const stream = (async function* () {
            const r = await first;
            if (r.done === true)
                return;
            yield r.value;
            yield* it;
        })();
        return { ...layer, uncompressed: { ...uncompressed, stream } };
    })();
    ready.catch(() => { }); // likewise
    return {
        take: () => {
            taken = true;
            return ready;
        },
        close: async () => {
            if (taken)
                return; // applyLayerBlob owns it
            await ready.catch(() => { });
            // Never started, the wrapper would not pass a return on: end the inflate itself.
            await inner?.return(undefined).catch(() => { });
            blob?.destroy();
        },
    };
}
/** Apply one layer blob from the store, verifying its digest and diffID while streaming. */
async function applyLayerBlob(store, x, desc, diffID, options = {}) {
    const compression = (0,compress/* layerCompression */.AH)(desc.mediaType);
    if (compression === undefined) {
        throw new errors/* OciError */.Mf('UNSUPPORTED_MEDIA_TYPE', `layer ${desc.digest} has media type ${desc.mediaType}, which is not a tar layer`, {
            hint: 'only OCI and Docker tar layers (uncompressed, gzip, zstd) can be unpacked',
        });
    }
    const ahead = options.ahead ? await options.ahead : undefined;
    const { blob, compressed } = ahead ?? (await openLayer(store, desc));
    // The diffID of a large layer is hashed on a worker thread: the main thread, which also
    // decodes, checks and creates every entry, is the slow stage. A layer inflated on one pool
    // thread (one gzip stream, zstd, none) hands the worker each piece of its tar through a
    // shared ring, and the worker also writes the file bodies. Our own gzip members inflate
    // on every pool thread, the other core is busy: copying into the ring and writing there
    // measured 0.95-1.16× as long on the binaries layer (764 libraries, 301 MB, 2 cores).
    // Those members go to the worker only to be hashed, each one's own buffer transferred
    // once applied, no copy, and freed there. Measured on the binaries layer (CLI, 6
    // alternated pairs): main-thread user CPU 0.37-0.50 → 0.24-0.38 s, process CPU unchanged,
    // forced collections 13 → 6 (the inflated bytes no longer pile up on the main thread),
    // peak RSS 113-121 → 124-126 MB (the worker); on a 1 GB layer 1.15 → 0.5 s, 116 → 127 MB.
    let source = compressed.stream;
    let thread;
    let hasher;
    if (!ahead && options.thread && desc.size >= THREAD_HASH_MIN) {
        const it = source[Symbol.asyncIterator]();
        const first = await it.next();
        if (compression !== 'gzip' || first.done === true || !(0,compress/* isParallelGzip */.gc)(first.value))
            thread = options.thread();
        else
            hasher = options.thread();
        source = (async function* () {
            if (first.done !== true)
                yield first.value;
            for (let r = await it.next(); r.done !== true; r = await it.next())
                yield r.value;
        })();
    }
    // With a thread, the extractor hands it each piece of the tar: hashed and written there.
    // With a hasher, each inflated member is handed to it once applied: hashed there only.
    const uncompressed = ahead?.uncompressed ?? (thread || hasher ? undefined : hashing((0,compress/* decompress */.mF)(source, compression), 4 << 20));
    try {
        // A large layer in one gzip stream inflates on a thread of its own (gunzip-thread.ts):
        // on the pool, each chunk waited for the main thread to come back to its event loop.
        const inflateThread = thread !== undefined && desc.size >= THREAD_GUNZIP_MIN;
        let tar = uncompressed?.stream ?? metered((0,compress/* decompress */.mF)(source, compression, { thread: inflateThread }), 4 << 20).stream;
        if (hasher)
            tar = handOver(tar, hasher);
        await x.applyLayer(tar, { ...(options.prefix !== undefined ? { prefix: options.prefix } : {}), ...(thread ? { thread } : {}) });
    }
    finally {
        blob.destroy();
    }
    const diffIDOf = uncompressed?.digest() ?? (await (thread ?? hasher).digest());
    if (compressed.size() !== desc.size) {
        throw new errors/* OciError */.Mf('SIZE_MISMATCH', `layer ${desc.digest} has ${compressed.size()} bytes, expected ${desc.size}`, {
            hint: 'the layer blob is truncated or corrupt; re-pull or rebuild it',
        });
    }
    if (compressed.digest() !== desc.digest)
        throw mismatch('the digest of its bytes', desc, desc.digest, compressed.digest());
    if (diffID !== undefined && diffIDOf !== diffID)
        throw mismatch('the digest of its uncompressed tar (diffID)', desc, diffID, diffIDOf);
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
    if (options.sameOwner && process.getuid?.() !== 0) {
        throw new errors/* OciError */.Mf('INVALID_INPUT', 'same-owner applies the image\'s owners, which only root can do', {
            input: 'same-owner',
            hint: 'run the unpack as root (sudo), or leave same-owner unset to unpack as this user',
        });
    }
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
            if ((0,compress/* layerCompression */.AH)(l.mediaType) === undefined) {
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
    let hadFiles = false;
    if (existed) {
        root = await (0,promises_.realpath)(target);
        hadFiles = (await (0,promises_.readdir)(root)).length > 0;
    }
    else {
        // One level at a time (dirs.ts): Node's recursive mkdir spins under /proc and reports
        // a read-only file system as ENOENT; a pseudo file system is refused up front.
        await (0,dirs/* checkLocation */.c)(target, 'path');
        root = (0,external_node_path_.join)((0,external_node_path_.dirname)(target), `.${(0,external_node_path_.basename)(target)}.oci-store-unpack-${(0,external_node_crypto_.randomUUID)().slice(0, 8)}`);
        try {
            await (0,dirs/* makeDirectory */.O)((0,external_node_path_.dirname)(target), { input: 'path' });
            await (0,promises_.mkdir)(root, { mode: 0o755 }); // exclusive (EEXIST is an error): it is removed on failure
        }
        catch (e) {
            // The staging directory is beside the target, in a directory `path` names too.
            throw (0,errors/* fromSystemError */.Kh)(e, { places: [{ input: 'path', path: (0,external_node_path_.dirname)(target) }], input: 'path' });
        }
    }
    const xopts = { logger: options.logger, hadFiles, overwrite: options.overwrite === true, sameOwner: options.sameOwner === true };
    if (options.devices)
        xopts.devices = options.devices;
    const x = new Extractor(root, xopts);
    // The thread that hashes diffIDs off the main thread (applyLayerBlob), started now when a
    // layer is large enough to use it: a worker takes ~30 ms to start, which then overlaps the
    // first reads and inflates rather than holding up the main thread at its first 8 MiB
    // (measured: two waits, 20-30 ms in all, on the binaries layer).
    let thread = artifact || !manifest.layers.some((l) => l.size >= THREAD_HASH_MIN) ? undefined : new ThreadHash();
    // The next layer when small, opened and inflating while this one is applied (readAhead).
    let ahead;
    try {
        for (let i = 0; i < manifest.layers.length; i++) {
            if (options.signal?.aborted)
                throw new errors/* OciError */.Mf('CANCELLED', 'unpack was cancelled');
            const layer = manifest.layers[i];
            options.progress?.({ digest: layer.digest, done: i, total: manifest.layers.length, phase: 'extract' });
            if (artifact) {
                const title = layer.annotations[oci/* Annotation */.YH.Title];
                if (layer.annotations?.[ingest/* ORAS_UNPACK */.Nj] === 'true' && (0,compress/* layerCompression */.AH)(layer.mediaType) !== undefined) {
                    await applyLayerBlob(store, x, layer, undefined, { prefix: safeName(title) });
                }
                else {
                    await writeArtifactFile(store, x, layer, title);
                }
            }
            else {
                const current = ahead;
                const applying = applyLayerBlob(store, x, layer, diffIDs[i], { thread: () => (thread ??= new ThreadHash()), ...(current ? { ahead: current.take() } : {}) });
                // Asked for once this layer's blob is (the current layer's reads go first).
                const next = manifest.layers[i + 1];
                ahead = next !== undefined && next.size < THREAD_HASH_MIN ? readAhead(store, next, (0,compress/* layerCompression */.AH)(next.mediaType)) : undefined;
                await applying;
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
            // Never advise removing a directory that held the user's files (a checkout).
            const after = hadFiles ? `then unpack into a new directory (the files that were in ${target} are as they were)` : `then remove ${target} or unpack into a new directory`;
            throw new errors/* OciError */.Mf(e.code, `${e.message}; ${target} may now hold a partly unpacked image`, {
                input: e.input ?? 'ref',
                hint: `${e.hint ?? 'fix the cause'}; ${after}`,
                cause: e,
            });
        }
        throw e;
    }
    finally {
        await ahead?.close();
        await thread?.close();
    }
    return { layers: manifest.layers.length, entries: x.entries, skipped: x.skipped };
}
/**
 * Bytes per read of a layer blob. A read is a trip through the thread pool, and the next
 * one starts only when the main thread, busy applying entries, takes its result, behind
 * the members inflating there: at Node's 64 KiB, measured on the binaries layer (301 MB,
 * 123 MB of our gzip, 2 cores), the inflate loop waited 0.46-0.79 s for compressed bytes,
 * ~30% of the unpack; at 1 MiB, 10-26 ms, and 0.62× → 0.57× the time of `tar -xzf`. But
 * 1 MiB reads raised the peak RSS of unpacking skopeo's 45-layer image (single gzip
 * streams) from ~113 to ~145 MB, against a 150 MB budget (3 alternated runs each); at
 * 256 KiB it is ~123 MB, and the binaries layer unpacks as fast as at 1 MiB (1.72-1.89
 * vs 1.71-1.91 s, 4 alternated pairs, CLI bundle).
 */
const READ_SIZE = 256 * 1024;
/**
 * Smallest compressed layer whose diffID is hashed on a worker thread: starting one costs
 * ~20 ms of CPU, what hashing ~20 MB of tar on the main thread costs.
 */
const THREAD_HASH_MIN = 8 * 1024 * 1024;
/**
 * Smallest layer in one gzip stream that inflates on a thread of its own. A second worker
 * costs ~18 MB of RSS while it runs (measured: an idle eval'd worker); umoci's images, one
 * 64-120 MB layer, unpack in ~125 -> ~138 MB peak RSS with it. Skopeo's 45-layer image
 * (layers of 8-24 MB; peak RSS 127-151 MB already, against a 150 MB budget) went to
 * 152-155 MB with a thread per layer past THREAD_HASH_MIN: those layers stay on the pool.
 */
const THREAD_GUNZIP_MIN = 32 * 1024 * 1024;

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
    const store = await layout/* Store */.il.open(options.store, { logger: ctx.logger, create: false, ...(ctx.fallback ? { fallback: ctx.fallback } : {}) });
    const root = await (0,pullthrough/* resolveThrough */.A)(store, options.ref, options, ctx, 'ref');
    if (oci/* SCHEMA1_MEDIA_TYPES */.uM.has(root.mediaType)) {
        throw new errors/* OciError */.Mf('UNSUPPORTED_MEDIA_TYPE', `${options.ref} is a Docker schema 1 manifest`, { input: 'ref', hint: 'schema 1 images are deprecated; rebuild or re-push the image' });
    }
    let targets;
    if ((0,oci/* isIndexMediaType */.$$)(root.mediaType)) {
        const index = await store.readJSON(root);
        const want = options.platforms === 'all' || options.platforms.length > 0 ? options.platforms : [(0,commands_options/* hostPlatform */.ol)()];
        const chosen = (0,platform/* selectManifests */.$d)(index, want, 'platform');
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
    const uopts = { logger: ctx.logger, overwrite: options.overwrite === true, sameOwner: options.sameOwner === true };
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
