export const id = 154;
export const ids = [154];
export const modules = {

/***/ 9078:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   B6: () => (/* binding */ isMounter),
/* harmony export */   Bu: () => (/* binding */ isRangeFetcher),
/* harmony export */   VN: () => (/* binding */ isTagsPusher),
/* harmony export */   qq: () => (/* binding */ silentLogger)
/* harmony export */ });
/* unused harmony export isReferrerLister */
/** A logger that drops everything. */
const silentLogger = { debug() { }, info() { }, warning() { } };
const hasMethods = (x, ...names) => typeof x === 'object' && x !== null && names.every((n) => typeof x[n] === 'function');
/** True when `x` can push a blob by cross-repository mount. */
function isMounter(x) {
    return hasMethods(x, 'mount');
}
/** True when `x` pushes a manifest to several references at once. */
function isTagsPusher(x) {
    return hasMethods(x, 'pushReferences', 'referenceDigest');
}
/** True when `x` fetches byte ranges and resumes broken transfers. */
function isRangeFetcher(x) {
    return hasMethods(x, 'fetchRange', 'fetchResumable');
}
/** True when `x` lists the referrers of a manifest. */
function isReferrerLister(x) {
    return hasMethods(x, 'referrers');
}


/***/ }),

/***/ 5154:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  il: () => (/* binding */ Store),
  cO: () => (/* binding */ tagOf)
});

// UNUSED EXPORTS: CONTAINERD_NAME_ANNOTATION, OMITTED_ANNOTATION, omittedChildren, validateDescriptor

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
// EXTERNAL MODULE: ./src/core/dirs.ts
var dirs = __webpack_require__(5035);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
// EXTERNAL MODULE: external "node:buffer"
var external_node_buffer_ = __webpack_require__(4573);
;// CONCATENATED MODULE: ./src/core/index-scan.ts
/**
 * index.json read without building it: one pass over its bytes validates the JSON and the
 * fields every entry must have (what `JSON.parse` plus a check of each descriptor did), and
 * records where each entry of `manifests` starts and ends. A command that touches one tag
 * then parses only the entries that can match it, and a tag is written by splicing the
 * entry it adds or replaces into the untouched bytes (issue 13: at 100,000 tags a full
 * parse costs ~1 s and ~150 MB of objects; the scan ~0.1 s and the file's bytes).
 *
 * Candidates are found by searching the bytes: an entry whose ref.name (or digest) is `v`
 * holds the bytes `"v"` — unless the entry spells a string with escapes (`\u0061`), which
 * such entries always count as candidates, as do entries with non-ASCII bytes (UTF-8
 * decoding may change what they say). Candidates are then parsed and compared exactly.
 *
 * Reference: RFC 8259 (JSON grammar), image-spec image-layout.md "index.json",
 * image-index.md, descriptor.md.
 */



const QUOTE = 0x22;
const BACKSLASH = 0x5c;
/** Keys compared while scanning, as bytes. */
const KEY_MANIFESTS = Buffer.from('manifests');
const KEY_SCHEMA = Buffer.from('schemaVersion');
const KEY_DIGEST = Buffer.from('digest');
const KEY_SIZE = Buffer.from('size');
const KEY_MEDIA_TYPE = Buffer.from('mediaType');
const KEY_ANNOTATIONS = Buffer.from('annotations');
const KEY_REF_NAME = Buffer.from('org.opencontainers.image.ref.name');
/** containerd's full name: where present, the entry's tag is not its ref.name alone (layout.ts tagOf). */
const KEY_CONTAINERD_NAME = Buffer.from('io.containerd.image.name');
/** An entry's ref.name column: none, or one the scan cannot state (the entry must be parsed). */
const REF_NONE = -1;
const REF_UNKNOWN = -2;
/** Entry flags. */
const ESCAPED = 1;
const NON_ASCII = 2;
/** A token's kind, as recorded for an entry's fields. */
const T_NONE = 0;
const T_STRING = 1;
const T_NUMBER = 2;
const T_OTHER = 3;
/** Growable Int32 column. */
class Column {
    data = new Int32Array(1024);
    push(at, v) {
        if (at >= this.data.length) {
            const next = new Int32Array(this.data.length * 2);
            next.set(this.data);
            this.data = next;
        }
        this.data[at] = v;
    }
}
/**
 * A validated index.json: its bytes, and per entry of `manifests` its byte range, digest,
 * mediaType and size. Immutable; entries are parsed on demand and owned by the caller.
 */
class IndexScan {
    bytes;
    /** Number of entries in `manifests`. */
    count;
    #starts;
    #ends;
    #flags;
    #digestIds;
    #mediaTypeIds;
    #sizes;
    #refStarts;
    #refEnds;
    #digests;
    #mediaTypes;
    #flagged;
    /** Offsets of the manifests array's `[` and `]`. */
    #open;
    #close;
    /** @internal built by scanIndex */
    constructor(bytes, cols, tables, count, open, close) {
        this.bytes = bytes;
        this.count = count;
        this.#starts = cols.starts;
        this.#ends = cols.ends;
        this.#flags = cols.flags;
        this.#digestIds = cols.digestIds;
        this.#mediaTypeIds = cols.mediaTypeIds;
        this.#sizes = cols.sizes;
        this.#refStarts = cols.refStarts;
        this.#refEnds = cols.refEnds;
        this.#digests = tables.digests;
        this.#mediaTypes = tables.mediaTypes;
        this.#open = open;
        this.#close = close;
    }
    /** Entry `i`, parsed: a new object the caller owns. */
    entry(i) {
        const s = this.#starts[i];
        const e = this.#ends[i];
        return JSON.parse(this.bytes.toString(this.#flags[i] & NON_ASCII ? 'utf8' : 'latin1', s, e));
    }
    /** Entry `i`'s digest, mediaType and size (validated by the scan), without parsing it. */
    fields(i) {
        return { digest: this.#digests[this.#digestIds[i]], mediaType: this.#mediaTypes[this.#mediaTypeIds[i]], size: this.#sizes[i] };
    }
    /** Entry `i`'s digest. */
    digestOf(i) {
        return this.#digests[this.#digestIds[i]];
    }
    /**
     * Entries whose digest is `digest`, ascending — exact, not candidates: the scan decoded
     * and validated every entry's digest (escapes, duplicate keys: the last wins, as in
     * JSON.parse). One pass over a column: no search of the bytes, nothing parsed.
     */
    withDigest(digest) {
        const id = this.#digests.indexOf(digest);
        const out = [];
        if (id < 0)
            return out;
        const ids = this.#digestIds;
        for (let i = 0; i < this.count; i++)
            if (ids[i] === id)
                out.push(i);
        return out;
    }
    /**
     * Entry `i`'s `org.opencontainers.image.ref.name` as JSON.parse would read it, without
     * parsing the entry: undefined when its annotations have neither that key nor
     * `io.containerd.image.name`; null when the scan cannot say — an entry with escapes or
     * non-ASCII bytes, a ref.name that is not a string, annotations that are not an object,
     * or a containerd name (the entry's tag is then that name): parse it (`entry(i)`).
     */
    refName(i) {
        if (this.#flags[i] !== 0)
            return null;
        const e = this.#refEnds[i];
        if (e === REF_NONE)
            return undefined;
        if (e === REF_UNKNOWN)
            return null;
        return this.bytes.toString('latin1', this.#refStarts[i], e);
    }
    /** The whole index, parsed: a new object the caller owns (for work that needs every entry). */
    parse() {
        // ASCII (what JSON writers emit) is the same text read as latin1, without UTF-8 decoding.
        return JSON.parse(this.bytes.toString((0,external_node_buffer_.isAscii)(this.bytes) ? 'latin1' : 'utf8'));
    }
    /**
     * Entries that may hold a string equal to `value` (or, with `quoted: false`, containing
     * it), ascending: those whose bytes contain it, and every entry with escapes or non-ASCII
     * bytes. A superset: callers parse each and compare.
     */
    candidates(value, quoted = true) {
        const needle = Buffer.from(quoted ? JSON.stringify(value) : value, 'utf8');
        if (needle.length === 0)
            return Array.from({ length: this.count }, (_, i) => i);
        // Hits arrive ascending (one entry may hold several); merged with the flagged entries
        // (usually none) instead of testing every entry against a set: at 100,000 tags that
        // loop cost ~20 ms of a one-tag `unpack`.
        const hits = [];
        for (let at = this.bytes.indexOf(needle, this.#open); at >= 0 && at < this.#close; at = this.bytes.indexOf(needle, at + 1)) {
            const i = this.#entryAt(at);
            if (i >= 0 && hits[hits.length - 1] !== i)
                hits.push(i);
        }
        const flagged = (this.#flagged ??= this.#flaggedEntries());
        if (flagged.length === 0)
            return hits;
        const out = [];
        let h = 0;
        let f = 0;
        while (h < hits.length || f < flagged.length) {
            const next = f >= flagged.length || (h < hits.length && hits[h] < flagged[f]) ? hits[h++] : flagged[f++];
            if (out[out.length - 1] !== next)
                out.push(next);
        }
        return out;
    }
    /** Entries with escapes or non-ASCII bytes, ascending. */
    #flaggedEntries() {
        const out = [];
        for (let i = 0; i < this.count; i++)
            if (this.#flags[i] !== 0)
                out.push(i);
        return out;
    }
    /** The entry whose bytes hold offset `at`, else -1. */
    #entryAt(at) {
        let lo = 0;
        let hi = this.count - 1;
        while (lo <= hi) {
            const mid = (lo + hi) >>> 1;
            if (this.#starts[mid] > at)
                hi = mid - 1;
            else if (this.#ends[mid] <= at)
                lo = mid + 1;
            else
                return mid;
        }
        return -1;
    }
    /**
     * index.json with `edit` applied to `manifests`: every byte outside the entries replaced
     * or removed stays as it was — the other entries, the whitespace and commas between them,
     * everything outside the array. A removed entry goes with the separator before it (after
     * it, for the first); new entries follow the last remaining one. They are written as
     * `JSON.stringify` writes them.
     */
    splice(edit) {
        const b = this.bytes;
        const n = this.count;
        const edits = [];
        let lastPresent = -1;
        let prefixRemoved = true; // every entry so far removed
        for (let i = 0; i < n; i++) {
            const r = edit.replace?.get(i);
            if (r !== undefined) {
                edits.push({ from: this.#starts[i], to: this.#ends[i], text: Buffer.from(JSON.stringify(r), 'utf8') });
            }
            else if (edit.remove?.has(i)) {
                if (!prefixRemoved)
                    edits.push({ from: this.#ends[i - 1], to: this.#ends[i], text: undefined });
                else
                    edits.push({ from: this.#starts[i], to: i + 1 < n ? this.#starts[i + 1] : this.#ends[i], text: undefined });
                continue;
            }
            prefixRemoved = false;
            lastPresent = i;
        }
        const added = edit.append ?? [];
        if (added.length > 0) {
            const list = added.map((d) => JSON.stringify(d)).join(',');
            const at = lastPresent >= 0 ? this.#ends[lastPresent] : n > 0 ? this.#ends[n - 1] : this.#open + 1;
            edits.push({ from: at, to: at, text: Buffer.from(lastPresent >= 0 ? `,${list}` : list, 'utf8') });
        }
        edits.sort((x, y) => x.from - y.from || x.to - y.to);
        const chunks = [];
        let cursor = 0;
        for (const e of edits) {
            chunks.push(b.subarray(cursor, e.from));
            if (e.text !== undefined)
                chunks.push(e.text);
            cursor = e.to;
        }
        chunks.push(b.subarray(cursor));
        return Buffer.concat(chunks);
    }
}
/** True when b[x, x + len) equals b[y, y + len) (Buffer.compare's argument checks cost more than this loop). */
function sameBytes(b, x, y, len) {
    for (let k = 0; k < len; k++)
        if (b[x + k] !== b[y + k])
            return false;
    return true;
}
function hasBackslash(b, s, e) {
    for (let k = s; k < e; k++)
        if (b[k] === BACKSLASH)
            return true;
    return false;
}
function keyIs(b, s, e, key) {
    if (e - s !== key.length)
        return false;
    for (let k = 0; k < key.length; k++)
        if (b[s + k] !== key[k])
            return false;
    return true;
}
/** Bytes that end the fast path through a string: `"`, `\\`, control characters, non-ASCII. */
const SPECIAL = new Uint8Array(256);
for (let c = 0; c < 256; c++)
    SPECIAL[c] = c < 0x20 || c === QUOTE || c === BACKSLASH || c >= 0x80 ? 1 : 0;
const isDigit = (x) => x !== undefined && x >= 0x30 && x <= 0x39;
/** How many recent byte strings ByteIntern compares before hashing. */
const RECENT = 4;
/**
 * Ids of byte strings seen before, found without making a string: a hash of the bytes,
 * then a byte comparison with the first occurrence.
 */
class ByteIntern {
    #byHash = new Map();
    /**
     * The last few distinct byte strings found or added, compared before hashing: tags of one
     * image repeat its digest, and a comparison with a different digest ends within the
     * first bytes after `sha256:` (at 100,000 tags on 3 images: find 45 → ~10 ms).
     */
    #recent = [];
    static #hash(b, s, e) {
        let h = 0x811c9dc5;
        for (let k = s; k < e; k++)
            h = Math.imul(h ^ b[k], 0x01000193);
        return h;
    }
    /** The id of the bytes [s, e) of `b`, or -1. */
    find(b, s, e) {
        const recent = this.#recent;
        for (let k = 0; k < recent.length; k++) {
            const x = recent[k];
            if (x.e - x.s === e - s && sameBytes(b, x.s, s, e - s))
                return x.id;
        }
        const list = this.#byHash.get(ByteIntern.#hash(b, s, e));
        if (list === undefined)
            return -1;
        for (const x of list) {
            if (x.e - x.s === e - s && sameBytes(b, x.s, s, e - s)) {
                this.#remember(x);
                return x.id;
            }
        }
        return -1;
    }
    add(b, s, e, id) {
        const h = ByteIntern.#hash(b, s, e);
        const x = { s, e, id };
        const list = this.#byHash.get(h);
        if (list === undefined)
            this.#byHash.set(h, [x]);
        else
            list.push(x);
        this.#remember(x);
    }
    #remember(x) {
        if (this.#recent.length === RECENT)
            this.#recent.shift();
        this.#recent.push(x);
    }
}
/**
 * What the scan records: the events of the few depths that matter (top-level keys, the
 * manifests array, each entry's own keys) arrive here; the byte loop keeps to locals.
 */
class Recorder {
    starts = new Column();
    ends = new Column();
    digestIds = new Column();
    mediaTypeIds = new Column();
    refStarts = new Column();
    refEnds = new Column();
    flags = new Uint8Array(1024);
    sizes = new Float64Array(1024);
    digests = [];
    #digestIndex = new Map();
    mediaTypes = [];
    #mediaTypeIndex = new Map();
    #digestBytes = new ByteIntern();
    #mediaTypeBytes = new ByteIntern();
    count = 0;
    firstProblem;
    manifestsOpen = -1;
    manifestsClose = -1;
    manifestsKind = 'none';
    schemaKind = T_NONE;
    schemaStart = 0;
    schemaEnd = 0;
    #pending = 'none';
    /** Inside an entry object (depth 3); the entry's flags; the field whose value comes next. */
    inEntry = false;
    entryFlags = 0;
    #field = 0;
    /** Inside the entry's annotations object (its keys at depth 4); the annotation whose value comes next (1 ref.name, 2 containerd's name). */
    inAnnotations = false;
    #annotation = 0;
    #refStart = 0;
    #refEnd = REF_NONE;
    #containerdName = false;
    #kinds = new Int32Array(4);
    #tokStarts = new Int32Array(4);
    #tokEnds = new Int32Array(4);
    b;
    constructor(b) {
        this.b = b;
    }
    /** True while the scan is inside the manifests array (its elements are at depth 2). */
    get inManifests() {
        return this.manifestsOpen >= 0 && this.manifestsClose < 0;
    }
    #problem(why) {
        if (this.firstProblem === undefined)
            this.firstProblem = why;
    }
    /** A key at depth 1 (top level) or of an entry (depth 3). */
    key(depth, s, e, escaped) {
        const b = this.b;
        if (escaped) {
            const k = stringAt(b, s, e, true);
            if (depth === 1)
                this.#pending = k === 'manifests' ? 'manifests' : k === 'schemaVersion' ? 'schema' : 'none';
            else if (this.inEntry)
                this.#field = k === 'digest' ? 1 : k === 'size' ? 2 : k === 'mediaType' ? 3 : k === 'annotations' ? 4 : 0;
            return;
        }
        if (depth === 1)
            this.#pending = keyIs(b, s, e, KEY_MANIFESTS) ? 'manifests' : keyIs(b, s, e, KEY_SCHEMA) ? 'schema' : 'none';
        else if (this.inEntry) {
            this.#field = keyIs(b, s, e, KEY_DIGEST) ? 1 : keyIs(b, s, e, KEY_SIZE) ? 2 : keyIs(b, s, e, KEY_MEDIA_TYPE) ? 3 : keyIs(b, s, e, KEY_ANNOTATIONS) ? 4 : 0;
        }
    }
    /** A key of the entry's annotations (an escaped one: the entry is flagged and parsed when asked). */
    annotationKey(s, e, escaped) {
        const b = this.b;
        this.#annotation = escaped ? 0 : keyIs(b, s, e, KEY_REF_NAME) ? 1 : keyIs(b, s, e, KEY_CONTAINERD_NAME) ? 2 : 0;
    }
    /** A value of the entry's annotations, of kind `kind` at [s, e); duplicate keys: the last wins. */
    annotationValue(kind, s, e) {
        if (this.#annotation === 1) {
            if (kind === T_STRING) {
                this.#refStart = s;
                this.#refEnd = e;
            }
            else
                this.#refEnd = REF_UNKNOWN;
        }
        else if (this.#annotation === 2)
            this.#containerdName = true;
        this.#annotation = 0;
    }
    /**
     * A value starting at depth 1..3 of kind `kind` at [s, e) (a primitive; for an object or
     * array, `opens` and [s, s)).
     */
    value(depth, kind, s, e, opens) {
        if (depth === 1) {
            if (this.#pending === 'schema') {
                this.schemaKind = kind;
                this.schemaStart = s;
                this.schemaEnd = e;
            }
            else if (this.#pending === 'manifests') {
                if (opens === 0x5b) {
                    // The last "manifests" key wins, as in JSON.parse.
                    this.manifestsKind = 'array';
                    this.manifestsOpen = s;
                    this.manifestsClose = -1;
                    this.count = 0;
                    this.firstProblem = undefined;
                }
                else
                    this.manifestsKind = 'other';
            }
            this.#pending = 'none';
        }
        else if (depth === 2) {
            if (!this.inManifests)
                return;
            if (opens === 0x7b) {
                this.inEntry = true;
                this.entryFlags = 0;
                this.#field = 0;
                this.#kinds.fill(T_NONE);
                this.inAnnotations = false;
                this.#refEnd = REF_NONE;
                this.#containerdName = false;
                this.starts.push(this.count, s);
            }
            else
                this.#problem(`manifests[${this.count}] is not a descriptor`);
        }
        else if (this.inEntry && this.#field === 4) {
            // annotations: each object replaces the one before (a duplicate key; the last wins)
            this.#refEnd = opens === 0x7b ? REF_NONE : REF_UNKNOWN;
            this.#containerdName = false;
            this.inAnnotations = opens === 0x7b;
            this.#field = 0;
        }
        else if (this.inEntry && this.#field !== 0) {
            this.#kinds[this.#field] = kind;
            this.#tokStarts[this.#field] = s;
            this.#tokEnds[this.#field] = e;
            this.#field = 0;
        }
    }
    /** Field `f`'s token as written, for a message. */
    #token(f) {
        const b = this.b;
        const kind = this.#kinds[f];
        const s = this.#tokStarts[f];
        const e = this.#tokEnds[f];
        return kind === T_NONE ? 'undefined' : kind === T_STRING ? b.toString('utf8', s - 1, e + 1) : b.toString('utf8', s, e);
    }
    /** The entry object ends just before `end`. */
    endEntry(end) {
        const b = this.b;
        this.inEntry = false;
        const i = this.count;
        const kinds = this.#kinds;
        const ts = this.#tokStarts;
        const te = this.#tokEnds;
        // digest: the same bytes as an earlier entry's (most entries share a few images) are
        // neither decoded nor validated again
        let digestId = kinds[1] === T_STRING ? this.#digestBytes.find(b, ts[1], te[1]) : -2;
        if (digestId === -1) {
            const digest = stringAt(b, ts[1], te[1], hasBackslash(b, ts[1], te[1]));
            const known = this.#digestIndex.get(digest);
            if (known !== undefined)
                digestId = known;
            else if ((0,core_digest/* isDigest */.Bc)(digest)) {
                digestId = this.digests.length;
                this.digests.push(digest);
                this.#digestIndex.set(digest, digestId);
            }
            if (digestId >= 0)
                this.#digestBytes.add(b, ts[1], te[1], digestId);
        }
        if (digestId < 0)
            this.#problem(`manifests[${i}] has invalid digest ${this.#token(1)}`);
        // size: a non-negative safe integer (1.0 and 1e3 are integers to JSON.parse too)
        let size = NaN;
        if (kinds[2] === T_NUMBER) {
            const ss = ts[2];
            const se = te[2];
            if (se - ss <= 15) {
                size = 0;
                for (let k = ss; k < se; k++) {
                    const c = b[k];
                    if (c < 0x30 || c > 0x39) {
                        size = Number(b.toString('latin1', ss, se));
                        break;
                    }
                    size = size * 10 + (c - 0x30);
                }
            }
            else
                size = Number(b.toString('latin1', ss, se));
        }
        if (!Number.isSafeInteger(size) || size < 0)
            this.#problem(`manifests[${i}] has invalid size ${this.#token(2)}`);
        // mediaType
        let mediaTypeId = -1;
        if (kinds[3] === T_STRING) {
            mediaTypeId = this.#mediaTypeBytes.find(b, ts[3], te[3]);
            if (mediaTypeId < 0) {
                const mt = stringAt(b, ts[3], te[3], hasBackslash(b, ts[3], te[3]));
                const known = this.#mediaTypeIndex.get(mt);
                if (known !== undefined)
                    mediaTypeId = known;
                else {
                    mediaTypeId = this.mediaTypes.length;
                    this.mediaTypes.push(mt);
                    this.#mediaTypeIndex.set(mt, mediaTypeId);
                }
                this.#mediaTypeBytes.add(b, ts[3], te[3], mediaTypeId);
            }
        }
        else
            this.#problem(`manifests[${i}] has no mediaType`);
        this.ends.push(i, end);
        this.digestIds.push(i, digestId);
        this.mediaTypeIds.push(i, mediaTypeId);
        this.refStarts.push(i, this.#refStart);
        this.refEnds.push(i, this.#containerdName ? REF_UNKNOWN : this.#refEnd);
        if (i >= this.flags.length)
            this.#grow();
        this.flags[i] = this.entryFlags;
        this.sizes[i] = size;
        this.count++;
        const start = this.starts.data[i];
        // templates from the entries a try missed and those just before a try (#skip counts
        // down to it): a miss is often the first entry of another image
        if ((this.#skip === 0 || start === this.#missedAt) && this.entryFlags === 0 && this.firstProblem === undefined && this.refEnds.data[i] >= 0) {
            const probe = kinds[1] === T_STRING && te[1] < this.#refStart ? ((ts[1] + te[1]) >>> 1) - start : 0;
            this.#remember(start, this.#refStart, this.#refEnd, end, probe, digestId, mediaTypeId, size);
        }
    }
    /**
     * Entries as a store writes them differ from one another only in their name: an entry
     * whose bytes up to its ref.name's value, and from the value's closing quote to its end,
     * are those of a recent entry is that entry with another name — the same tokens, the same
     * checks passed, the same digest, size and mediaType. Such an entry is recorded after two
     * byte comparisons and a scan of the name, not a scan of every byte (at 100,000 tags on 3
     * images, the one scan of a process: median CPU 146 → 84 ms, 8 alternated runs each). The
     * template's name must be its last ref.name, without escapes, non-ASCII bytes or a
     * containerd name; the new name must be as plain. Returns the offset after the entry
     * starting at `s`, else -1 (scanned as usual).
     *
     * Entries that each differ elsewhere (an annotation of their own) never match: each miss
     * doubles the number of entries scanned before the next try, so such an index pays for
     * a few dozen tries (100,000 entries with their own `created`: a try at every entry cost
     * 171 → 242 ms; with the back-off, medians of 12 alternated runs 166 vs 160 ms, noise).
     */
    tryTemplate(s) {
        if (this.#skip > 0) {
            this.#skip--;
            return -1;
        }
        const templates = this.#templates;
        if (templates.length === 0)
            return -1;
        const b = this.b;
        const n = b.length;
        for (let k = 0; k < templates.length; k++) {
            const t = templates[k];
            const head = t.vs - t.s0;
            if (s + head > n || b[s + t.probe] !== b[t.s0 + t.probe] || b.compare(b, t.s0, t.vs, s, s + head) !== 0)
                continue;
            let e = s + head;
            while (e < n && SPECIAL[b[e]] === 0)
                e++;
            const tail = t.end - t.ve;
            if (b[e] !== QUOTE || e + tail > n || b.compare(b, t.ve, t.end, e, e + tail) !== 0)
                break;
            this.#backoff = 1;
            const i = this.count;
            this.starts.push(i, s);
            this.ends.push(i, e + tail);
            this.digestIds.push(i, t.digestId);
            this.mediaTypeIds.push(i, t.mediaTypeId);
            this.refStarts.push(i, s + head);
            this.refEnds.push(i, e);
            if (i >= this.flags.length)
                this.#grow();
            this.flags[i] = 0;
            this.sizes[i] = t.size;
            this.count++;
            return e + tail;
        }
        this.#skip = this.#backoff;
        this.#backoff = Math.min(this.#backoff * 2, 4096);
        this.#missedAt = s;
        return -1;
    }
    #grow() {
        const f = new Uint8Array(this.flags.length * 2);
        f.set(this.flags);
        this.flags = f;
        const z = new Float64Array(this.sizes.length * 2);
        z.set(this.sizes);
        this.sizes = z;
    }
    #templates = [];
    /** The next template slot to overwrite when every slot holds another digest. */
    #oldest = 0;
    /** Entries to scan before the next try; entries scanned after the next miss. */
    #skip = 0;
    #backoff = 1;
    /** Where the last miss was. */
    #missedAt = -1;
    /** The entry just scanned as a template: one per digest (a store's entries cycle among its images), overwritten in place. */
    #remember(s0, vs, ve, end, probe, digestId, mediaTypeId, size) {
        const templates = this.#templates;
        let t;
        for (let k = 0; k < templates.length; k++)
            if (templates[k].digestId === digestId)
                t = templates[k];
        if (t === undefined) {
            if (templates.length < TEMPLATES) {
                templates.push({ s0, vs, ve, end, probe, digestId, mediaTypeId, size });
                return;
            }
            t = templates[this.#oldest];
            this.#oldest = (this.#oldest + 1) % TEMPLATES;
        }
        t.s0 = s0;
        t.vs = vs;
        t.ve = ve;
        t.end = end;
        t.probe = probe;
        t.digestId = digestId;
        t.mediaTypeId = mediaTypeId;
        t.size = size;
    }
}
/** How many recent entries serve as templates (tryTemplate). */
const TEMPLATES = 4;
/** The string whose contents are [s, e) (escapes decoded when `escaped`). */
function stringAt(b, s, e, escaped) {
    return escaped ? JSON.parse(b.toString('utf8', s - 1, e + 1)) : b.toString('utf8', s, e);
}
/**
 * Scan and validate index.json's bytes. CORRUPT_INDEX (naming `path`) for invalid JSON, a
 * top level that is not an object, a schemaVersion other than 2, no `manifests` array, or
 * an entry that is not a descriptor with a valid digest, a non-negative integer size and a
 * mediaType — the first such entry, and only once the whole file is known to be JSON.
 */
function scanIndex(b, path) {
    const corrupt = (why) => new errors/* OciError */.Mf('CORRUPT_INDEX', `${path} is corrupt: ${why}`, {
        input: 'store',
        hint: 'fix or restore index.json by hand (it lists every tag); it was left untouched',
    });
    const syntax = (at, what) => corrupt(`not valid JSON (${what} at byte ${at})`);
    const r = new Recorder(b);
    const n = b.length;
    /** Open containers: 1 object, 2 array. */
    const stack = [];
    // What may come next: 0 a value, 1 a key or `}` (after `{`), 2 a key (after `,` in an
    // object), 3 `:`, 4 `,` or a closer, 5 a value or `]` (after `[`), 6 nothing (after the top value).
    let expect = 0;
    let i = 0;
    while (i < n) {
        const c = b[i];
        if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) {
            i++;
            continue;
        }
        const depth = stack.length;
        if (expect === 6)
            throw syntax(i, 'unexpected data after the end');
        if (expect === 3) {
            if (c !== 0x3a /* : */)
                throw syntax(i, 'expected :');
            expect = 0;
            i++;
            continue;
        }
        if (expect === 4 && c === 0x2c /* , */) {
            expect = stack[depth - 1] === 1 ? 2 : 0;
            i++;
            continue;
        }
        if (c === QUOTE) {
            if (expect === 4)
                throw syntax(i, 'expected , or a closing bracket');
            // A string: find its end, checking escapes and control characters.
            const s = i + 1;
            let k = s;
            let escaped = false;
            let high = false;
            for (;;) {
                while (k < n && SPECIAL[b[k]] === 0)
                    k++;
                const ch = b[k];
                if (ch === QUOTE)
                    break;
                if (ch === undefined)
                    throw syntax(i, 'unterminated string');
                if (ch === BACKSLASH) {
                    escaped = true;
                    const esc = b[k + 1];
                    if (esc === 0x75 /* u */) {
                        for (let h = k + 2; h < k + 6; h++) {
                            const x = b[h];
                            if (x === undefined || !((x >= 0x30 && x <= 0x39) || (x >= 0x41 && x <= 0x46) || (x >= 0x61 && x <= 0x66)))
                                throw syntax(k, 'bad \\u escape');
                        }
                        k += 6;
                        continue;
                    }
                    if (esc !== QUOTE && esc !== BACKSLASH && esc !== 0x2f && esc !== 0x62 && esc !== 0x66 && esc !== 0x6e && esc !== 0x72 && esc !== 0x74)
                        throw syntax(k, 'bad escape');
                    k += 2;
                    continue;
                }
                if (ch < 0x20)
                    throw syntax(k, 'control character in a string');
                if (ch >= 0x80)
                    high = true;
                k++;
            }
            i = k + 1;
            if (r.inEntry)
                r.entryFlags |= (escaped ? ESCAPED : 0) | (high ? NON_ASCII : 0);
            if (expect === 1 || expect === 2) {
                if (depth === 1 || (depth === 3 && r.inEntry))
                    r.key(depth, s, k, escaped);
                else if (depth === 4 && r.inAnnotations)
                    r.annotationKey(s, k, escaped);
                expect = 3;
                continue;
            }
            if (expect !== 0 && expect !== 5)
                throw syntax(s - 1, 'unexpected string');
            if (depth <= 3 && depth > 0)
                r.value(depth, T_STRING, s, k, 0);
            else if (depth === 4 && r.inAnnotations)
                r.annotationValue(T_STRING, s, k);
            expect = depth === 0 ? 6 : 4;
            continue;
        }
        if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
            if (expect !== 0 && expect !== 5)
                throw syntax(i, 'unexpected bracket');
            if (depth === 2 && c === 0x7b && r.inManifests) {
                const next = r.tryTemplate(i);
                if (next >= 0) {
                    i = next;
                    expect = 4;
                    continue;
                }
            }
            if (depth <= 3 && depth > 0)
                r.value(depth, T_OTHER, i, i, c);
            else if (depth === 4 && r.inAnnotations)
                r.annotationValue(T_OTHER, i, i);
            stack.push(c === 0x7b ? 1 : 2);
            expect = c === 0x7b ? 1 : 5;
            i++;
            continue;
        }
        if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
            const top = stack[depth - 1];
            if (c === 0x7d ? top !== 1 || (expect !== 1 && expect !== 4) : top !== 2 || (expect !== 5 && expect !== 4)) {
                throw syntax(i, 'unexpected closing bracket');
            }
            stack.pop();
            if (depth === 3 && c === 0x7d && r.inEntry)
                r.endEntry(i + 1);
            else if (depth === 4 && c === 0x7d && r.inAnnotations)
                r.inAnnotations = false;
            else if (depth === 2 && c === 0x5d && r.inManifests && i > r.manifestsOpen)
                r.manifestsClose = i;
            expect = depth === 1 ? 6 : 4;
            i++;
            continue;
        }
        // A number or a literal.
        if (expect === 4)
            throw syntax(i, 'expected , or a closing bracket');
        if (expect !== 0 && expect !== 5)
            throw syntax(i, 'unexpected token');
        const s = i;
        let kind = T_OTHER;
        if (c === 0x74 || c === 0x66 || c === 0x6e) {
            const word = c === 0x74 ? 'true' : c === 0x66 ? 'false' : 'null';
            if (b.toString('latin1', i, i + word.length) !== word)
                throw syntax(i, 'unexpected token');
            i += word.length;
        }
        else {
            kind = T_NUMBER;
            let k = i;
            if (b[k] === 0x2d)
                k++;
            if (b[k] === 0x30)
                k++;
            else if (isDigit(b[k]))
                while (isDigit(b[k]))
                    k++;
            else
                throw syntax(i, 'unexpected token');
            if (b[k] === 0x2e) {
                k++;
                if (!isDigit(b[k]))
                    throw syntax(k, 'bad number');
                while (isDigit(b[k]))
                    k++;
            }
            if (b[k] === 0x65 || b[k] === 0x45) {
                k++;
                if (b[k] === 0x2b || b[k] === 0x2d)
                    k++;
                if (!isDigit(b[k]))
                    throw syntax(k, 'bad number');
                while (isDigit(b[k]))
                    k++;
            }
            i = k;
        }
        if (depth <= 3 && depth > 0)
            r.value(depth, kind, s, i, 0);
        else if (depth === 4 && r.inAnnotations)
            r.annotationValue(kind, s, i);
        expect = depth === 0 ? 6 : 4;
    }
    if (expect !== 6)
        throw syntax(n, 'unexpected end');
    if (b[firstNonWs(b)] !== 0x7b)
        throw corrupt('not a JSON object');
    let schema;
    if (r.schemaKind === T_STRING)
        schema = stringAt(b, r.schemaStart, r.schemaEnd, true);
    else if (r.schemaKind === T_NUMBER || (r.schemaKind === T_OTHER && r.schemaEnd > r.schemaStart))
        schema = JSON.parse(b.toString('latin1', r.schemaStart, r.schemaEnd));
    else if (r.schemaKind === T_OTHER)
        schema = b[r.schemaStart] === 0x5b ? [] : {};
    if (schema !== 2)
        throw corrupt(`schemaVersion is ${JSON.stringify(schema)}, not 2`);
    if (r.manifestsKind !== 'array')
        throw corrupt('it has no "manifests" array');
    if (r.firstProblem !== undefined)
        throw corrupt(r.firstProblem);
    return new IndexScan(b, {
        starts: r.starts.data,
        ends: r.ends.data,
        flags: r.flags,
        digestIds: r.digestIds.data,
        mediaTypeIds: r.mediaTypeIds.data,
        sizes: r.sizes,
        refStarts: r.refStarts.data,
        refEnds: r.refEnds.data,
    }, { digests: r.digests, mediaTypes: r.mediaTypes }, r.count, r.manifestsOpen, r.manifestsClose);
}
function firstNonWs(b) {
    let i = 0;
    while (i < b.length && (b[i] === 0x20 || b[i] === 0x0a || b[i] === 0x0d || b[i] === 0x09))
        i++;
    return i;
}

// EXTERNAL MODULE: ./src/core/lock.ts
var core_lock = __webpack_require__(6336);
// EXTERNAL MODULE: ./src/core/reference.ts
var reference = __webpack_require__(5378);
// EXTERNAL MODULE: ./src/core/storage.ts
var storage = __webpack_require__(2962);
// EXTERNAL MODULE: ./src/core/walk.ts
var walk = __webpack_require__(670);
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
/**
 * containerd's name annotation on index.json entries: the full image name
 * (`docker.io/library/app:1`), while `org.opencontainers.image.ref.name` holds only the
 * tag (`1`) — what `ctr image export` and buildkit's oci exporter write.
 *
 * Reference: containerd core/images/annotations.go, core/images/archive/exporter.go.
 */
const CONTAINERD_NAME_ANNOTATION = 'io.containerd.image.name';
/** containerd's record of the repositories the content was pulled from (one key per registry). */
const DISTRIBUTION_SOURCE_PREFIX = 'containerd.io/distribution.source.';
/**
 * True for an entry annotation that describes the content rather than names it: what a new
 * tag of the same content keeps. The names (`ref.name`, containerd's image name) belong to
 * the old tag; unknown annotations may be names or runtime bookkeeping of another tool.
 *
 * Reference: image-spec annotations.md (the `org.opencontainers.image.` keys describe the
 * content, except `ref.name`).
 */
function isContentAnnotation(key) {
    if (key === OMITTED_ANNOTATION || key.startsWith(DISTRIBUTION_SOURCE_PREFIX))
        return true;
    return key.startsWith('org.opencontainers.image.') && key !== oci/* Annotation */.YH.RefName;
}
const LAYOUT_FILE = 'oci-layout';
const INDEX_FILE = 'index.json';
const LOCK_FILE = 'index.json.lock';
/** The index lock is held for milliseconds; older than this, its holder is gone. */
const INDEX_LOCK_STALE_MS = 10 * 60_000;
/** index.json changed more recently than this may change again with the same stat (git's racy window). */
const RACY_MS = 2000;
/** A manifest or index larger than this is refused (registries cap them at 4 MiB too). */
const MANIFEST_MAX_BYTES = storage/* DEFAULT_MAX_BYTES */.fS;
/** In-process queue per index.json, so one process's updates wait in line instead of polling the lock file. */
const localQueues = new Map();
function emptyIndex() {
    return { schemaVersion: 2, mediaType: oci/* MediaType */.zu.ImageIndex, manifests: [] };
}
/**
 * A descriptor without its ref.name annotation: what a tag resolves to. A copy: the entry
 * belongs to the shared parse of index.json.
 */
function plain(desc) {
    const out = { mediaType: desc.mediaType, digest: desc.digest, size: desc.size };
    if (desc.urls)
        out.urls = [...desc.urls];
    if (desc.platform)
        out.platform = structuredClone(desc.platform);
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
/** `plain(desc)` keeping only the annotations that describe the content (isContentAnnotation). */
function contentOnly(desc) {
    const out = plain(desc);
    if (out.annotations) {
        const kept = Object.fromEntries(Object.entries(out.annotations).filter(([k]) => isContentAnnotation(k)));
        if (Object.keys(kept).length > 0)
            out.annotations = kept;
        else
            delete out.annotations;
    }
    return out;
}
/**
 * The name annotations of a new entry for `ref` (validated): ref.name as written, and with
 * `containerd`, containerd's full name — unless `ref` is a bare word (`latest`), which
 * umoci and skopeo write as a tag without a name.
 */
function nameAnnotations(ref, containerd) {
    const out = { [oci/* Annotation */.YH.RefName]: ref };
    const r = (0,reference/* parseReference */.F2)(ref);
    if (containerd && (r.tag !== undefined || r.domain !== undefined || r.path.includes('/')))
        out[CONTAINERD_NAME_ANNOTATION] = (0,reference/* normalizedString */.VU)(ref);
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
function containerdNameOf(desc) {
    const name = desc.annotations?.[CONTAINERD_NAME_ANNOTATION];
    return typeof name === 'string' && name !== '' ? name : undefined;
}
/**
 * The tag an entry stands for, as listed and untagged: containerd's full name when it has
 * one (`docker.io/library/app:1`, whose ref.name is only `1`), else its ref.name.
 */
function tagOf(desc) {
    return containerdNameOf(desc) ?? refOf(desc);
}
/**
 * True when index.json entries `a` and `b` stand for the same tag (one replaces the
 * other): the same containerd name, else the same ref.name — but a bare ref.name (`1`)
 * next to a containerd name is only part of a name, and `a:1` and `b:1` exported by
 * containerd are two tags.
 */
function sameTag(a, b) {
    const t = tagOf(a);
    if (t !== undefined && t === tagOf(b))
        return true;
    const r = refOf(a);
    return r !== undefined && r === refOf(b) && /[:/]/.test(r);
}
/**
 * Names an entry answers to, as written: its ref.name and containerd's full name. Compared
 * in normalised form only the full names are: a containerd entry's ref.name is a bare tag
 * (`1`), which docker's grammar would read as the image `docker.io/library/1:latest`.
 */
function namesOf(desc) {
    const ref = refOf(desc);
    const full = containerdNameOf(desc);
    const written = [ref, full].filter((n) => n !== undefined);
    return { written, normalizable: full !== undefined ? [full] : written };
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
 * Parse and validate index.json's bytes: CORRUPT_INDEX naming the first bad entry. Every
 * entry is checked (a few property tests each, cheap beside the parse), so a damaged
 * index is refused by any command, not only by one that happens to look at the entry.
 */
function parseIndex(text, path) {
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
    const { manifests } = index;
    // Many tags share an image and all share a few media types: one copy of each string
    // instead of one per entry halves the parse's memory at 100,000 tags, and each distinct
    // digest is validated once.
    const digests = new Map();
    const mediaTypes = new Map();
    for (let i = 0; i < manifests.length; i++) {
        const d = manifests[i];
        if (typeof d !== 'object' || d === null)
            throw corrupt(`manifests[${i}] is not a descriptor`);
        const digest = typeof d.digest === 'string' ? digests.get(d.digest) : undefined;
        if (digest !== undefined)
            d.digest = digest;
        else if (!(0,core_digest/* isDigest */.Bc)(d.digest))
            throw corrupt(`manifests[${i}] has invalid digest ${JSON.stringify(d.digest)}`);
        else
            digests.set(d.digest, d.digest);
        if (!Number.isSafeInteger(d.size) || d.size < 0)
            throw corrupt(`manifests[${i}] has invalid size ${JSON.stringify(d.size)}`);
        if (typeof d.mediaType !== 'string')
            throw corrupt(`manifests[${i}] has no mediaType`);
        const mediaType = mediaTypes.get(d.mediaType);
        if (mediaType !== undefined)
            d.mediaType = mediaType;
        else
            mediaTypes.set(d.mediaType, d.mediaType);
    }
    return index;
}
/**
 * True when an open file holds exactly `bytes`: read in pieces at explicit positions (the
 * handle's offset stays at 0) and compared piece by piece — no second copy of the file at
 * the peak, and no hash of either side (at 100,000 tags, two sha256 of 21 MB were ~45 ms
 * of a `tag` started within 2 s of the last write).
 */
async function holdsBytes(fh, bytes) {
    const buf = Buffer.allocUnsafe(Math.min(1 << 20, Math.max(bytes.length, 1)));
    for (let position = 0;;) {
        const { bytesRead } = await fh.read(buf, 0, buf.length, position);
        if (bytesRead === 0)
            return position === bytes.length;
        if (position + bytesRead > bytes.length || buf.compare(bytes, position, position + bytesRead, 0, bytesRead) !== 0)
            return false;
        position += bytesRead;
    }
}
/**
 * One version of index.json, scanned (index-scan.ts), and its lookups. A store kept for
 * months holds 100,000 tags (issue 13): a lookup parses only the entries whose bytes can
 * name what it looks for, and never normalises every stored name. Read-only, shared by
 * every caller of the Store; each lookup returns entries the caller owns.
 */
class IndexSnapshot {
    scan;
    constructor(scan) {
        this.scan = scan;
    }
    /** The entries among `candidates` that pass `keep`, parsed, in index.json order. */
    #pick(candidates, keep) {
        const out = [];
        for (const i of candidates) {
            const d = this.scan.entry(i);
            if (keep(d))
                out.push(d);
        }
        return out;
    }
    /** Entries whose ref.name or containerd name is `name` as written, in index.json order. */
    named(name) {
        return this.#pick(this.scan.candidates(name), (d) => refOf(d) === name || containerdNameOf(d) === name);
    }
    /** Entries pointing at `digest`, in index.json order. */
    byDigest(digest) {
        return this.scan.withDigest(digest).map((i) => this.scan.entry(i));
    }
    /**
     * The tags (tagOf) of the entries pointing at `digest`, in index.json order, read from
     * the scan: only entries it cannot state a name for are parsed (IndexScan.refName). At
     * 100,000 tags on 3 images, one image's 33,000 entries parsed cost ~150 ms of `inspect`.
     */
    tagsAt(digest) {
        const out = [];
        for (const i of this.scan.withDigest(digest)) {
            const ref = this.scan.refName(i);
            const tag = ref === null ? tagOf(this.scan.entry(i)) : ref;
            if (tag !== undefined)
                out.push(tag);
        }
        return out;
    }
    /**
     * Entries with a normalisable name whose normalised form is `wanted` (itself normalised),
     * in index.json order. Normalising adds a registry, `library/` and `:latest`, never
     * changes the repository's last path component: entries without it are not parsed.
     */
    normalized(wanted) {
        const last = wanted.slice(wanted.lastIndexOf('/') + 1).replace(/[:@].*$/, '');
        return this.#pick(this.scan.candidates(last, false), (d) => namesOf(d).normalizable.some((n) => n.includes(last) && normalizedOrUndefined(n) === wanted));
    }
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
    /** The last index.json scanned: its stat key and the scan. */
    #cache;
    /** Parsed small JSON blobs by digest (blobs are immutable): for referrers and gc. */
    #jsonCache = new Map();
    constructor(root, options) {
        this.root = root;
        this.blobs = new storage/* BlobStorage */.BR(root);
        this.fallback = options.fallback;
        this.#logger = options.logger ?? content/* silentLogger */.qq;
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
            // One level at a time (dirs.ts): Node's recursive mkdir hangs under /proc and says
            // ENOENT for a read-only file system.
            await (0,dirs/* makeDirectory */.O)(this.root, { input: 'store' });
            const layout = { imageLayoutVersion: oci/* IMAGE_LAYOUT_VERSION */.qb };
            await (0,storage/* writeFileAtomic */.Zf)(layoutPath, JSON.stringify(layout), this.root);
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
        await this.#snapshot();
        if (create)
            await (0,dirs/* makeDirectory */.O)((0,external_node_path_.join)(this.root, 'blobs', 'sha256'), { input: 'store' });
    }
    // ---- index.json ---------------------------------------------------------------------
    /** The current index.json (validated; parsed afresh, the caller owns it). */
    async readIndex() {
        return (await this.#snapshot()).scan.parse();
    }
    /**
     * The current index.json, scanned and validated once per version of the file: at 100,000
     * tags a full parse costs more than the rest of a command (index-scan.ts). The same
     * inode, size and mtime reuse the scan; a file changed within the last moments (git's
     * "racy" case: coarse clocks, inode reuse) is read again and reused only when its bytes
     * hash the same. Shared and read-only: lookups hand out parsed copies.
     */
    async #snapshot() {
        const path = (0,external_node_path_.join)(this.root, INDEX_FILE);
        let fh;
        try {
            fh = await (0,promises_.open)(path, 'r');
        }
        catch (e) {
            if ((0,errors/* isErrno */.r)(e, 'ENOENT'))
                throw missingIndex(path);
            throw e;
        }
        try {
            const st = await fh.stat({ bigint: true });
            const key = `${st.ino}:${st.size}:${st.mtimeNs}`;
            const cached = this.#cache;
            if (cached?.key === key && Date.now() - Number(st.mtimeMs) > RACY_MS)
                return cached.snapshot;
            // Compared piecewise first: an unchanged file (the usual case under the lock, just
            // after open) then costs no second 20 MB buffer at the peak.
            if (cached !== undefined && BigInt(cached.snapshot.scan.bytes.length) === st.size && (await holdsBytes(fh, cached.snapshot.scan.bytes))) {
                cached.key = key;
                return cached.snapshot;
            }
            this.#cache = undefined; // the old bytes are garbage before the new ones are read
            const snapshot = new IndexSnapshot(scanIndex(await fh.readFile(), path));
            this.#cache = { key, snapshot };
            return snapshot;
        }
        finally {
            await fh.close();
        }
    }
    /** index.json read and validated afresh: an object the caller owns. */
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
        return parseIndex(text, path);
    }
    async #writeIndex(index) {
        // The commit point: every blob the new index can name must be durable first (blob
        // links are fsynced per directory here, not per blob; see storage.ts).
        await this.blobs.syncPublished();
        await (0,storage/* writeFileAtomic */.Zf)((0,external_node_path_.join)(this.root, INDEX_FILE), Buffer.isBuffer(index) ? index : JSON.stringify(index), this.root);
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
     * under the lock, parsed for `fn` to own) and mutates it or returns a replacement; the
     * result is written atomically. Throws CORRUPT_INDEX (writing nothing) when index.json is corrupt.
     */
    async updateIndex(fn) {
        await this.#withIndexLock(async () => {
            // As it is now, under the lock; the parse is reused when the file is unchanged. `fn`
            // then owns it, so the cache is dropped first: a failed update leaves no half-changed
            // index behind in memory either.
            const current = (await this.#snapshot()).scan.parse();
            const next = (await fn(current)) ?? current;
            if (typeof next !== 'object' || next === null || !Array.isArray(next.manifests)) {
                throw new errors/* OciError */.Mf('INVALID_INPUT', 'updateIndex: the update did not produce an image index');
            }
            await this.#writeIndex(next);
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
     * `readSize`: bytes per read (BlobStorage.open).
     */
    async fetch(desc, options = {}) {
        validateDescriptor(desc);
        const size = await this.#ensureLocal(desc.digest, desc.size);
        if (size !== desc.size) {
            throw new errors/* OciError */.Mf('SIZE_MISMATCH', `blob ${desc.digest} has ${size} bytes, but its descriptor says ${desc.size}`, {
                hint: 'the manifest referring to it is wrong, or the blob file was replaced',
            });
        }
        return this.blobs.open(desc.digest, undefined, options);
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
     * 1. a tag as written (`app:1`, `latest`), matched against each entry's ref.name and
     *    containerd's full name (`io.containerd.image.name`, CONTAINERD_NAME_ANNOTATION);
     * 2. its normalised form against the normalised forms of stored names (`app:1` finds
     *    `docker.io/library/app:1` and vice versa; `local/rev:rev` finds the containerd
     *    entry named `docker.io/local/rev:rev` whose ref.name is just `rev`);
     * 3. `name@digest` or a bare digest: an index.json entry with that digest, else the
     *    blob itself (its mediaType read from its content).
     * A step whose matches point at different content refuses the ref as ambiguous
     * (INVALID_REFERENCE listing the candidates; umoci refuses the same) instead of taking
     * one of them: a containerd export of `a:1` and `b:1` has two entries tagged `1`.
     * NOT_FOUND when none applies; INVALID_REFERENCE for a malformed ref. Errors carry no
     * `input`: the caller knows which input the ref came from (`withInput`).
     */
    async resolve(ref) {
        if (typeof ref !== 'string' || ref === '') {
            throw new errors/* OciError */.Mf('INVALID_REFERENCE', 'an empty reference cannot be resolved', { hint: 'use a tag like app:1 or a digest' });
        }
        const snapshot = await this.#snapshot();
        if ((0,core_digest/* isDigest */.Bc)(ref))
            return this.#resolveDigest(ref, snapshot);
        const exact = snapshot.named(ref);
        if (exact.length > 0)
            return plain(this.#one(ref, exact));
        const parsed = (0,reference/* parseReference */.F2)(ref);
        if (parsed.digest !== undefined)
            return this.#resolveDigest(parsed.digest, snapshot, ref);
        const normal = snapshot.normalized((0,reference/* normalizedString */.VU)(ref));
        if (normal.length > 0)
            return plain(this.#one(ref, normal));
        throw new errors/* OciError */.Mf('NOT_FOUND', `${ref} is not in the store ${this.root}`, {
            hint: 'check the tag (inspect without a ref lists every tag), or pull it first',
        });
    }
    /** The entry `ref` matched; INVALID_REFERENCE naming every candidate when they differ in content. */
    #one(ref, matches) {
        const digests = new Set(matches.map((d) => d.digest));
        if (digests.size === 1)
            return matches[matches.length - 1];
        const candidates = matches.map((d) => `${tagOf(d) ?? '(untagged)'} (${d.digest})`);
        const example = matches.map(tagOf).find((n) => n !== undefined && n !== ref);
        throw new errors/* OciError */.Mf('INVALID_REFERENCE', `${ref} is ambiguous in the store ${this.root}: it names ${digests.size} different images: ${candidates.join(', ')}`, {
            hint: `refer to one of them by its full name${example !== undefined ? ` (e.g. ${example})` : ''} or by its digest`,
        });
    }
    async #resolveDigest(digest, snapshot, ref = digest) {
        const [entry] = snapshot.byDigest(digest);
        if (entry !== undefined)
            return plain(entry);
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
     *
     * - Each new entry carries `desc`'s platform and the annotations that describe the
     *   content (isContentAnnotation), never the names of the entry `desc` was resolved
     *   from: a retag of a containerd export must not be named after the old image.
     * - ref.name is the ref as written. When `desc` came from an entry named the containerd
     *   way, the new entry is too: `io.containerd.image.name` = the ref's normalised form.
     * - An entry already standing for the same tag (same containerd name, else same
     *   ref.name) is replaced.
     */
    async tagMany(desc, refs, options = {}) {
        validateDescriptor(desc);
        for (const r of refs)
            validateTag(r);
        if (refs.length === 0)
            return;
        await this.#withIndexLock(async () => {
            // As it is now, under the lock (the scan is reused when the file is unchanged).
            const { scan } = await this.#snapshot();
            // Checked under the lock, so a concurrent gc (which holds it) cannot sweep the
            // content between this check and the write.
            if (!(await this.exists(desc))) {
                throw new errors/* OciError */.Mf('NOT_FOUND', `cannot tag ${desc.digest}: it is not in the store ${this.root}`, {
                    hint: 'push or ingest the content before tagging it',
                });
            }
            const base = contentOnly(desc);
            if (options.omitted !== undefined) {
                const absent = [];
                for (const o of options.omitted)
                    if (!(await this.#has(o.digest)))
                        absent.push(o.digest);
                setOmitted(base, absent);
            }
            const containerdStyle = containerdNameOf(desc) !== undefined;
            // The new index.json is the old one's bytes with entries spliced in: an entry standing
            // for the same tag is replaced in place (and any further one removed), else the new
            // entry is appended; every other entry keeps its bytes. Only entries whose bytes can
            // hold the tag's names are parsed (IndexScan.candidates).
            const replace = new Map();
            const remove = new Set();
            let append = [];
            const parsed = new Map();
            for (const ref of refs) {
                const entry = structuredClone(base);
                entry.annotations = { ...entry.annotations, ...nameAnnotations(ref, containerdStyle) };
                const names = new Set([ref, tagOf(entry)]);
                const candidates = new Set(replace.keys());
                for (const n of names)
                    for (const i of scan.candidates(n))
                        candidates.add(i);
                const matches = [];
                for (const i of [...candidates].sort((a, b) => a - b)) {
                    if (remove.has(i))
                        continue;
                    let current = replace.get(i) ?? parsed.get(i);
                    if (current === undefined)
                        parsed.set(i, (current = scan.entry(i)));
                    if (sameTag(current, entry))
                        matches.push(i);
                }
                const appended = append.filter((d) => sameTag(d, entry));
                if (matches.length > 0) {
                    replace.set(matches[0], entry);
                    for (const i of matches.slice(1)) {
                        replace.delete(i);
                        remove.add(i);
                    }
                    append = append.filter((d) => !appended.includes(d));
                }
                else if (appended.length > 0) {
                    append[append.indexOf(appended[0])] = entry;
                    append = append.filter((d) => !appended.includes(d) || d === entry);
                }
                else {
                    append.push(entry);
                }
            }
            const edit = { replace, remove, append };
            this.#cache = undefined; // the file changes; its old bytes go with `scan`
            await this.#writeIndex(scan.splice(edit));
        });
    }
    /**
     * Keep `desc` as an untagged index.json entry: a root gc keeps and `name@digest` finds
     * (resolve matches any entry by digest), for content pulled by digest, which a tag
     * cannot name (a tag holds no digest). The entry carries what describes the content
     * (its platform, the record of children left out, as tagMany) and no name; an untagged
     * entry already at `desc` is left as it is. NOT_FOUND, nothing written, when the
     * content is not in the store.
     *
     * Reference: image-spec image-layout.md (index.json entries need no ref.name).
     */
    async keepRoot(desc, options = {}) {
        validateDescriptor(desc);
        const kept = (index) => index.manifests.some((d) => d.digest === desc.digest && refOf(d) === undefined);
        // No write for a pull that changed nothing.
        if ((await this.#snapshot()).byDigest(desc.digest).some((d) => refOf(d) === undefined))
            return;
        await this.updateIndex(async (index) => {
            if (kept(index))
                return;
            if (!(await this.exists(desc))) {
                throw new errors/* OciError */.Mf('NOT_FOUND', `cannot keep ${desc.digest}: it is not in the store ${this.root}`, {
                    hint: 'push or pull the content before keeping it',
                });
            }
            const entry = contentOnly(desc);
            if (options.omitted !== undefined) {
                const absent = [];
                for (const o of options.omitted)
                    if (!(await this.#has(o.digest)))
                        absent.push(o.digest);
                setOmitted(entry, absent);
            }
            index.manifests.push(entry);
        });
    }
    /**
     * After children of the index `desc` were pulled: drop every child now present from the
     * OMITTED_ANNOTATION record of each index.json entry pointing at `desc` (the annotation
     * goes when none is left). Writes index.json only when a record changes.
     */
    async pruneOmitted(desc) {
        const stale = async (entries) => {
            for (const e of entries)
                for (const d of omittedChildren(e))
                    if (await this.#has(d))
                        return true;
            return false;
        };
        if (!(await stale((await this.#snapshot()).byDigest(desc.digest))))
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
     * Remove a tag: entries whose tag (tagOf: containerd's full name, else ref.name) is `ref`
     * as written, else those whose normalised name equals `ref`'s. A containerd entry is
     * removed by its full name only, as listTags shows it: its bare ref.name (`1`) may be
     * shared by other images. True when something was removed. The content stays until gc.
     */
    async untag(ref) {
        let removed = false;
        await this.updateIndex((index) => {
            const before = index.manifests.length;
            index.manifests = index.manifests.filter((d) => tagOf(d) !== ref);
            if (index.manifests.length === before) {
                const wanted = normalizedOrUndefined(ref);
                if (wanted !== undefined) {
                    index.manifests = index.manifests.filter((d) => !namesOf(d).normalizable.some((n) => normalizedOrUndefined(n) === wanted));
                }
            }
            removed = index.manifests.length !== before;
        });
        return removed;
    }
    /**
     * Every tag, in index.json order, with the descriptor it points at; only those at
     * `digest` when given. A containerd-exported entry is listed by its full name (tagOf).
     */
    async listTags(digest) {
        const snapshot = await this.#snapshot();
        const entries = digest !== undefined ? snapshot.byDigest(digest) : snapshot.scan.parse().manifests;
        const out = [];
        for (const d of entries) {
            const ref = tagOf(d);
            if (ref !== undefined)
                out.push({ ref, descriptor: plain(d) });
        }
        return out;
    }
    /** The tags listTags(digest) lists, without their descriptors (nothing parsed that the index scan can read). */
    async tagsOf(digest) {
        return (await this.#snapshot()).tagsAt(digest);
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
            // What each manifest or index read during the mark holds, or why it could not be read.
            const read = new Map();
            const mark = (roots) => (0,walk/* walk */.GG)(this, roots, ({ descriptor: d }) => {
                // Marked by an earlier mark (referrers below), or a digest that names no blob.
                if (live.has(d.digest) || !(0,core_digest/* isDigest */.Bc)(d.digest))
                    return walk/* SKIP_CHILDREN */.cL;
                live.add(d.digest);
            }, {
                children: async (d) => {
                    const children = options.known?.get(d.digest) ?? (await this.successors(d));
                    read.set(d.digest, children);
                    return children;
                },
                onError: (e) => void read.set(e.descriptor.digest, e.cause),
            });
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
            // A damaged or missing manifest hides what it references, so no unreferenced blob can
            // be proven garbage: sweep nothing rather than lose an image's intact blobs (the post
            // step runs gc on every job). Reported visibly, per tag, until the image is repaired.
            const unreadable = this.#unreadableRoots(index.manifests, read);
            let removedBlobs = 0;
            let bytesFreed = 0;
            let keptBlobs = 0;
            let keptBytes = 0;
            const now = Date.now();
            for (const b of candidates) {
                if (live.has(b.digest))
                    continue;
                if (unreadable.length > 0) {
                    keptBlobs++;
                    keptBytes += b.size;
                    continue;
                }
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
            if (unreadable.length === 0)
                return { removedBlobs, bytesFreed, removedIngests };
            for (const u of unreadable) {
                const what = u.ref !== undefined ? `tag ${u.ref}` : `the untagged index.json entry ${u.root}`;
                const where = u.digest === u.root ? '' : ` (its ${u.digest})`;
                this.#logger.warning(`gc: ${what} cannot be read${where}: ${u.message.replace(/[.\s]+$/, '')}. ` +
                    `No blob was removed (${keptBlobs} unreferenced kept), since what it references is unknown. ` +
                    `Run verify to see the damage, then pull or ingest ${u.ref ?? 'the image'} again, or remove the entry from index.json.`);
            }
            return { removedBlobs, bytesFreed, removedIngests, unreadable, keptBlobs, keptBytes };
        });
    }
    /**
     * The index.json entries whose graph holds a manifest or index that could not be read
     * (`read` from gc's mark). A child of an entry's index that the entry records as left
     * out on purpose (OMITTED_ANNOTATION) and that is absent is not unreadable: a partial
     * pull brought nothing of it.
     */
    #unreadableRoots(roots, read) {
        const out = [];
        for (const root of roots) {
            const omitted = new Set(omittedChildren(root));
            const seen = new Set();
            const stack = [{ d: root, top: true }];
            while (stack.length > 0) {
                const { d, top } = stack.pop();
                if (seen.has(d.digest))
                    continue;
                seen.add(d.digest);
                const r = read.get(d.digest);
                if (r === undefined)
                    continue; // a blob, not a manifest or index
                if (Array.isArray(r)) {
                    for (const c of r)
                        stack.push({ d: c, top: top && d === root && (0,oci/* isIndexMediaType */.$$)(d.mediaType) });
                    continue;
                }
                if (top && d !== root && omitted.has(d.digest) && (0,errors/* isOciError */.eq)(r, 'NOT_FOUND'))
                    continue;
                const u = { root: root.digest, digest: d.digest, message: r instanceof Error ? r.message : String(r) };
                const ref = tagOf(root);
                if (ref !== undefined)
                    u.ref = ref;
                out.push(u);
                break; // one finding per entry is enough to name it
            }
        }
        return out;
    }
    /**
     * verify's check of one descriptor `d` itself, by whatever role it is reached (config,
     * layer, manifest, or the entry's media type — `what`, filled in per role): its findings,
     * and, for a sound manifest or index, its children with their roles. `sizes` are the
     * local blobs' sizes, `corrupt` the blobs whose bytes no longer match their digest.
     */
    async #checkNode(d, sizes, corrupt) {
        const problem = (code, message) => (what) => ({ kind: 'problem', d, code, message: message(what) });
        const none = [];
        if (!(0,core_digest/* isDigest */.Bc)(d.digest))
            return { own: [problem('INVALID_DIGEST', (what) => `${what} has invalid digest ${JSON.stringify(d.digest)}`)], children: none };
        const own = [];
        const size = sizes.get(d.digest);
        if (size === undefined) {
            if (!this.fallback?.has(d.digest))
                return { own: [problem('INCOMPLETE', (what) => `${what} ${d.digest} is missing from the store`)], children: none };
            own.push(() => ({ kind: 'notLocal', d }));
            if (!(0,oci/* isManifestMediaType */.CM)(d.mediaType) && !(0,oci/* isIndexMediaType */.$$)(d.mediaType))
                return { own, children: none };
        }
        else if (size !== d.size) {
            return { own: [problem('SIZE_MISMATCH', (what) => `${what} ${d.digest} has ${size} bytes, but its descriptor says ${d.size}`)], children: none };
        }
        if (corrupt.has(d.digest))
            return { own: [(what) => ({ kind: 'corrupt', d, what })], children: none };
        if (!(0,oci/* isManifestMediaType */.CM)(d.mediaType) && !(0,oci/* isIndexMediaType */.$$)(d.mediaType))
            return { own, children: none };
        const invalid = (code, message) => ({ own: [...own, problem(code, () => message)], children: none });
        let doc;
        try {
            doc = await this.readJSON(d);
        }
        catch (e) {
            return invalid((0,errors/* isOciError */.eq)(e) ? e.code : 'INVALID_MANIFEST', e.message);
        }
        if (typeof doc !== 'object' || doc === null || (doc.mediaType !== undefined && doc.mediaType !== d.mediaType)) {
            return invalid('INVALID_MANIFEST', `${d.digest} is described as ${d.mediaType} but its content says ${JSON.stringify(doc?.mediaType)}`);
        }
        const children = [];
        if ((0,oci/* isManifestMediaType */.CM)(d.mediaType)) {
            if (typeof doc.config !== 'object' || doc.config === null || !Array.isArray(doc.layers)) {
                return invalid('INVALID_MANIFEST', `manifest ${d.digest} lacks config or layers`);
            }
            children.push([doc.config, 'config']);
            for (const l of doc.layers)
                children.push([l, 'layer']);
        }
        else {
            if (!Array.isArray(doc.manifests))
                return invalid('INVALID_MANIFEST', `index ${d.digest} lacks manifests`);
            for (const m of doc.manifests)
                children.push([m, 'manifest']);
        }
        const bad = children.find(([c]) => typeof c !== 'object' || c === null);
        if (bad !== undefined) {
            return invalid('INVALID_MANIFEST', `${(0,oci/* isManifestMediaType */.CM)(d.mediaType) ? 'manifest' : 'index'} ${d.digest} has a ${bad[1]} that is not a descriptor: ${JSON.stringify(bad[0])}`);
        }
        // A subject need not be in the store: a referrer may arrive before its subject.
        return { own, children };
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
        /** Corrupt blobs → their problem, which names the first tag found to need them. */
        const corrupt = new Map();
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
                const problem = {
                    code: 'DIGEST_MISMATCH',
                    digest,
                    message: `blob ${digest} is corrupt: its file ${this.blobs.blobPath(digest)} has digest ${actual}`,
                };
                corrupt.set(digest, problem);
                problems.push(problem);
            }
        });
        for (const stray of await this.blobs.strayFiles()) {
            problems.push({ code: 'INVALID_DIGEST', message: `${(0,external_node_path_.join)(this.root, stray)} is not named by a valid digest` });
        }
        const { scan } = await this.#snapshot();
        // One walk (walk.ts) from every entry checks each descriptor once — reading each
        // manifest and index once — however many tags reach it: at 100,000 tags on a few images
        // the roots dedupe to a few nodes (issue 13). A node is a blob as one descriptor
        // describes it (type, size, digest): a wrong size or type in one descriptor of a blob
        // is that descriptor's problem, found even where another describes it rightly.
        const nodeKey = (d) => `${d.mediaType}\n${d.size}\n${String(d.digest)}`;
        const checks = new Map();
        // The entries' distinct descriptors, found by the scan's shared digest strings: a key
        // string per entry cost 100,000 tags 25 ms of CPU more than verify took before.
        const distinct = new Map();
        const rootOf = (i) => {
            const d = scan.fields(i);
            let same = distinct.get(d.digest);
            if (same === undefined)
                distinct.set(d.digest, (same = []));
            let root = same.find((r) => r.d.mediaType === d.mediaType && r.d.size === d.size);
            if (root === undefined) {
                same.push((root = { d }));
                roots.push(d);
            }
            return root;
        };
        const roots = [];
        for (let i = 0; i < scan.count; i++)
            rootOf(i);
        await (0,walk/* walk */.GG)(this, roots, async ({ descriptor: d }) => {
            const check = await this.#checkNode(d, sizes, corrupt);
            checks.set(nodeKey(d), check);
            if (check.children.length === 0)
                return walk/* SKIP_CHILDREN */.cL;
        }, { key: nodeKey, children: async (d) => checks.get(nodeKey(d)).children.map(([c]) => c) });
        // Then what each graph holds, from the walk's checks alone (no read): found once per
        // descriptor and role, and each entry names every finding of its graph, so a problem
        // still names each tag it breaks; an entry whose graph is sound is not even parsed.
        const graphs = new Map();
        const has = (digest) => sizes.has(digest) || (this.fallback?.has(digest) ?? false);
        const compose = (d, what, child) => {
            const check = checks.get(nodeKey(d));
            const out = new Set(check.own.map((f) => f(what)));
            for (let k = check.children.length - 1; k >= 0; k--) {
                const [c, w] = check.children[k];
                for (const f of child(c, w))
                    out.add(f);
            }
            return [...out];
        };
        const graphOf = (d, what) => {
            const key = `${what}\n${nodeKey(d)}`;
            const known = graphs.get(key);
            if (known !== undefined)
                return known;
            graphs.set(key, []); // content addressing rules out cycles; a forged one ends here
            const found = compose(d, what, graphOf);
            graphs.set(key, found);
            return found;
        };
        const mayOmit = new Set(scan.candidates(OMITTED_ANNOTATION, false));
        for (let i = 0; i < scan.count; i++) {
            if (!mayOmit.has(i)) {
                const root = rootOf(i);
                root.sound ??= graphOf(root.d, root.d.mediaType).length === 0;
                if (root.sound)
                    continue;
            }
            const entry = scan.entry(i);
            const ref = tagOf(entry);
            const where = ref !== undefined ? `tag ${ref}: ` : `index.json entry ${entry.digest}: `;
            // Children of this entry's index that its pull left out on purpose, if absent: not pulled.
            const omitted = new Set(omittedChildren(entry));
            const findings = omitted.size === 0 || !(0,oci/* isIndexMediaType */.$$)(entry.mediaType)
                ? graphOf(entry, entry.mediaType)
                : compose(entry, entry.mediaType, (c, what) => (omitted.has(c.digest) && !has(c.digest) ? [{ kind: 'notPulled', d: c }] : graphOf(c, what)));
            for (const f of findings) {
                const digest = String(f.d.digest);
                if (f.kind === 'problem') {
                    problems.push({ code: f.code, digest, ref, message: `${where}${f.message}` });
                }
                else if (f.kind === 'notLocal') {
                    notLocal.push(ref !== undefined ? { digest, ref } : { digest });
                }
                else if (f.kind === 'notPulled') {
                    const np = { digest };
                    if (ref !== undefined)
                        np.ref = ref;
                    if (f.d.platform)
                        np.platform = (0,oci/* formatPlatform */.Bq)(f.d.platform);
                    notPulled.push(np);
                }
                else {
                    const damaged = corrupt.get(digest);
                    // Named under every tag it breaks, so the user knows what to pull again: the
                    // blob's own problem takes the first tag, each further tag gets one more.
                    if (damaged.ref === undefined && ref !== undefined) {
                        damaged.ref = ref;
                        damaged.message = `${damaged.message} (tag ${ref} needs it)`;
                    }
                    else if (ref !== undefined) {
                        problems.push({ code: 'DIGEST_MISMATCH', digest, ref, message: `${where}${f.what} ${digest} is corrupt (its bytes no longer match its digest)` });
                    }
                }
            }
        }
        return { ok: problems.length === 0, checkedBlobs, checkedEntries: scan.count, problems, notLocal, notPulled };
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
    try {
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_3__.writeFile)(tmp, JSON.stringify(info), { mode: 0o644, flag: 'wx' });
    }
    catch (e) {
        // The file may exist, empty: a full disk fails the write after the create.
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_3__.unlink)(tmp).catch(() => { });
        throw (0,_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .withPath */ .iD)(e, path);
    }
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


/***/ }),

/***/ 2962:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   BR: () => (/* binding */ BlobStorage),
/* harmony export */   Zf: () => (/* binding */ writeFileAtomic),
/* harmony export */   fS: () => (/* binding */ DEFAULT_MAX_BYTES)
/* harmony export */ });
/* unused harmony exports INGEST_DIR, fsyncDir, FlushBehind */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(7075);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_4___default = /*#__PURE__*/__webpack_require__.n(node_stream__WEBPACK_IMPORTED_MODULE_4__);
/* harmony import */ var _digest_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(5543);
/* harmony import */ var _dirs_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(5035);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(4296);
/* harmony import */ var _lock_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(6336);
/**
 * Blob storage of an OCI image layout: `blobs/<alg>/<hex>`, and resumable ingests under
 * `ingest/` (containerd's local content store, oras-go's `content/oci/storage.go`).
 *
 * Invariant: nothing unverified ever appears under `blobs/`. Bytes are written to
 * `ingest/<sha256 of ref>/data` (for a download nothing resumes, one temp file
 * `ingest/blob-<pid>-<random>`: tempWriter), fsynced, checked for size and digest, made
 * read-only and only then hard-linked into place (a link, unlike a rename, never replaces
 * an existing blob).
 *
 * Durability: index.json is the commit point (a tag names a blob only once index.json says
 * so), and every read of a blob verifies it. So each blob file is fsynced once, before its
 * link; the links themselves are made durable by one fsync per blob directory right before
 * the store commits index.json (syncPublished), not one per blob. There is no flush during
 * the writes: it would only move the same writeback earlier, at the price of a journal
 * commit per flush — unless that writeback would otherwise be waited for at the end with
 * nothing else to do (FlushBehind: a large upload, an ingested layer).
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
    return new _errors_js__WEBPACK_IMPORTED_MODULE_7__/* .OciError */ .Mf('NOT_FOUND', `blob ${digest} is not in the store`, {
        hint: 'pull or ingest the image again, or check the digest',
    });
}
/** fsync a directory so a rename/link/unlink in it survives a power loss. */
async function fsyncDir(dir) {
    let fh;
    try {
        fh = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.open)(dir, 'r');
        await fh.sync();
    }
    catch (e) {
        // Some file systems refuse fsync on directories; the rename is still atomic.
        if (!(0,_errors_js__WEBPACK_IMPORTED_MODULE_7__/* .isErrno */ .r)(e, 'EINVAL', 'EISDIR', 'EPERM', 'ENOTSUP'))
            throw e;
    }
    finally {
        await fh?.close();
    }
}
/** Write a small file atomically: temp file, fsync, rename, fsync the directory. */
async function writeFileAtomic(path, data, dir) {
    const tmp = `${path}.${process.pid}-${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(4).toString('hex')}.tmp`;
    const fh = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.open)(tmp, 'wx', 0o644);
    try {
        try {
            await fh.writeFile(data);
            await fh.sync();
        }
        finally {
            await fh.close();
        }
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.rename)(tmp, path);
    }
    catch (e) {
        // A full disk fails the write: the temp file must not stay behind.
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.unlink)(tmp).catch(() => { });
        throw (0,_errors_js__WEBPACK_IMPORTED_MODULE_7__/* .withPath */ .iD)(e, path);
    }
    await fsyncDir(dir);
}
/** unlink, also of a 0444 file where the OS refuses that (Windows' read-only attribute). */
async function unlinkReadOnly(path) {
    try {
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.unlink)(path);
    }
    catch (e) {
        if (!(0,_errors_js__WEBPACK_IMPORTED_MODULE_7__/* .isErrno */ .r)(e, 'EPERM', 'EACCES'))
            throw e;
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.chmod)(path, 0o644);
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.unlink)(path);
    }
}
function validateRef(ref) {
    if (typeof ref !== 'string' || ref.length === 0 || ref.length > 1024) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_7__/* .OciError */ .Mf('INVALID_INPUT', `invalid ingest ref ${JSON.stringify(ref)}`, {
            hint: 'an ingest ref is a non-empty string of at most 1024 characters',
        });
    }
}
function validateSize(size, what) {
    if (!Number.isSafeInteger(size) || size < 0) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_7__/* .OciError */ .Mf('INVALID_INPUT', `invalid ${what} ${String(size)}`, { hint: 'a size is a non-negative integer' });
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
    /** Directories that gained a link (or a new blob directory) since the last syncPublished. */
    #unsynced = new Set();
    /** blobs/ was fsynced once (its `sha256` entry may date from the store's creation). */
    #blobsSynced = false;
    /** blobs/<alg> directories this instance made or found: not made again per blob. */
    #algDirs = new Set();
    constructor(root) {
        this.root = root;
        this.#blobs = (0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(root, 'blobs');
        this.#ingest = (0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(root, INGEST_DIR);
    }
    /** Path of a blob's file (the digest is validated). */
    blobPath(digest) {
        const { algorithm, hex } = (0,_digest_js__WEBPACK_IMPORTED_MODULE_5__/* .parseDigest */ .m)(digest);
        return (0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(this.#blobs, algorithm, hex);
    }
    /** Directory of an ingest: `ingest/<sha256 of ref>` (refs may hold any character). */
    ingestPath(ref) {
        validateRef(ref);
        return (0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(this.#ingest, (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(ref).digest('hex'));
    }
    async stat(digest) {
        const path = this.blobPath(digest);
        try {
            const st = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.stat)(path);
            if (!st.isFile())
                throw notFound(digest);
            return { digest, size: st.size };
        }
        catch (e) {
            if ((0,_errors_js__WEBPACK_IMPORTED_MODULE_7__/* .isErrno */ .r)(e, 'ENOENT', 'ENOTDIR'))
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
            if (e instanceof _errors_js__WEBPACK_IMPORTED_MODULE_7__/* .OciError */ .Mf && e.code === 'NOT_FOUND')
                return false;
            throw e;
        }
    }
    async get(digest, maxBytes = DEFAULT_MAX_BYTES) {
        const path = this.blobPath(digest);
        let fh;
        try {
            fh = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.open)(path, 'r');
        }
        catch (e) {
            if ((0,_errors_js__WEBPACK_IMPORTED_MODULE_7__/* .isErrno */ .r)(e, 'ENOENT', 'ENOTDIR', 'EISDIR'))
                throw notFound(digest);
            throw e;
        }
        try {
            const { size } = await fh.stat();
            if (size > maxBytes) {
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_7__/* .OciError */ .Mf('TOO_LARGE', `blob ${digest} has ${size} bytes, more than the ${maxBytes} allowed here`, {
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
        const actual = (0,_digest_js__WEBPACK_IMPORTED_MODULE_5__/* .digestOf */ .ol)(data, (0,_digest_js__WEBPACK_IMPORTED_MODULE_5__/* .parseDigest */ .m)(digest).algorithm);
        if (actual !== digest)
            throw this.#corrupt(digest, actual);
    }
    #corrupt(digest, actual) {
        return new _errors_js__WEBPACK_IMPORTED_MODULE_7__/* .OciError */ .Mf('DIGEST_MISMATCH', `blob ${digest} is corrupt: its file ${this.blobPath(digest)} has digest ${actual}`, {
            hint: 'delete the file and pull or ingest the image again (verify lists every corrupt blob)',
        });
    }
    /**
     * A blob as a stream: `range` unverified, else the whole blob verified at its end.
     * `readSize`: bytes per read of the whole blob (default 64 KiB, Node's), for a consumer
     * that keeps the thread pool busy between reads (see unpack's READ_SIZE).
     */
    async open(digest, range, options = {}) {
        const path = this.blobPath(digest);
        let fh;
        try {
            fh = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.open)(path, 'r');
        }
        catch (e) {
            if ((0,_errors_js__WEBPACK_IMPORTED_MODULE_7__/* .isErrno */ .r)(e, 'ENOENT', 'ENOTDIR', 'EISDIR'))
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
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_7__/* .OciError */ .Mf('INVALID_INPUT', `byte range ${start}-${range.end ?? ''} is not satisfiable for blob ${digest} of ${size} bytes`, {
                    hint: 'ask for a range inside the blob',
                });
            }
            if (end < start) {
                await fh.close();
                return node_stream__WEBPACK_IMPORTED_MODULE_4__.Readable.from([]);
            }
            return fh.createReadStream({ start, end, autoClose: true });
        }
        const source = fh.createReadStream({ autoClose: true, ...(options.readSize !== undefined ? { highWaterMark: options.readSize } : {}) });
        const check = new _digest_js__WEBPACK_IMPORTED_MODULE_5__/* .DigestStream */ .vl({ digest, size });
        // A verified whole-blob stream: errors at its end when the file was tampered with.
        (0,node_stream__WEBPACK_IMPORTED_MODULE_4__.pipeline)(source, check, () => { });
        return check.on('error', (e) => {
            if (e instanceof _errors_js__WEBPACK_IMPORTED_MODULE_7__/* .OciError */ .Mf && e.code === 'DIGEST_MISMATCH') {
                e.message = this.#corrupt(digest, check.digest).message;
            }
        });
    }
    /**
     * A blob's bytes `start..end` (inclusive) as lent chunks: each chunk lives in one of two
     * reused buffers and may be overwritten once the next is asked for, so a transfer
     * allocates nothing per chunk. A whole-blob read is verified — size up front against
     * `size` when given, digest before the last chunk is handed out — so a consumer never
     * sends the end of a blob that is not the one named (DIGEST_MISMATCH instead).
     */
    async *chunks(digest, options = {}) {
        const { algorithm } = (0,_digest_js__WEBPACK_IMPORTED_MODULE_5__/* .parseDigest */ .m)(digest);
        let fh;
        try {
            fh = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.open)(this.blobPath(digest), 'r');
        }
        catch (e) {
            if ((0,_errors_js__WEBPACK_IMPORTED_MODULE_7__/* .isErrno */ .r)(e, 'ENOENT', 'ENOTDIR', 'EISDIR'))
                throw notFound(digest);
            throw e;
        }
        const buffers = [takeReadBuffer(), takeReadBuffer()];
        let reading;
        try {
            const size = (await fh.stat()).size;
            if (options.size !== undefined && options.size !== size) {
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_7__/* .OciError */ .Mf('SIZE_MISMATCH', `blob ${digest} has ${size} bytes, but its descriptor says ${options.size}`, {
                    hint: 'the manifest referring to it is wrong, or the blob file was replaced',
                });
            }
            const start = options.start ?? 0;
            const end = Math.min(options.end ?? size - 1, size - 1);
            if (!Number.isSafeInteger(start) || start < 0 || (start >= size && size > 0)) {
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_7__/* .OciError */ .Mf('INVALID_INPUT', `byte range ${start}-${options.end ?? ''} is not satisfiable for blob ${digest} of ${size} bytes`, {
                    hint: 'ask for a range inside the blob',
                });
            }
            const whole = start === 0 && end === size - 1;
            const hash = whole ? (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)(algorithm) : undefined;
            let pos = start;
            const read = (i, at) => fh.read(buffers[i], 0, Math.min(READ_BUFFER, end + 1 - at), at);
            for (let i = 0; pos <= end; i ^= 1) {
                const { bytesRead } = await (reading ?? read(i, pos));
                reading = undefined;
                if (bytesRead === 0) {
                    throw new _errors_js__WEBPACK_IMPORTED_MODULE_7__/* .OciError */ .Mf('SIZE_MISMATCH', `blob ${digest} ended at byte ${pos} of ${size}: its file ${this.blobPath(digest)} changed while it was read`, {
                        hint: 'run verify; delete the file and pull or ingest the image again',
                    });
                }
                const chunk = buffers[i].subarray(0, bytesRead);
                pos += bytesRead;
                // The next read goes to the thread pool now, into the other buffer (the chunk lent
                // before this one is given back): it overlaps the hash and the consumer's send.
                if (pos <= end) {
                    reading = read(i ^ 1, pos);
                    reading.catch(() => { }); // awaited by the next turn or below; never unhandled
                }
                if (hash) {
                    hash.update(chunk);
                    if (pos > end) {
                        const actual = `${algorithm}:${hash.digest('hex')}`;
                        if (actual !== digest)
                            throw this.#corrupt(digest, actual);
                    }
                }
                yield chunk;
            }
        }
        finally {
            // A read still in flight (the consumer stopped early) must end before its buffer is reused.
            await reading?.catch(() => { });
            await fh.close();
            for (const b of buffers)
                giveReadBuffer(b);
        }
    }
    async put(data, expected) {
        const algorithm = expected ? (0,_digest_js__WEBPACK_IMPORTED_MODULE_5__/* .parseDigest */ .m)(expected).algorithm : 'sha256';
        const digest = (0,_digest_js__WEBPACK_IMPORTED_MODULE_5__/* .digestOf */ .ol)(data, algorithm);
        if (expected !== undefined && digest !== expected) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_7__/* .OciError */ .Mf('DIGEST_MISMATCH', `content digest ${digest} does not match expected ${expected}`, {
                hint: 'the source is corrupt or was modified',
            });
        }
        if (await this.has(digest))
            return { digest, size: data.length };
        await (0,_dirs_js__WEBPACK_IMPORTED_MODULE_6__/* .makeDirectory */ .O)(this.#ingest);
        const tmp = (0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(this.#ingest, `put-${process.pid}-${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(6).toString('hex')}`);
        const fh = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.open)(tmp, 'wx', 0o644);
        try {
            await fh.writeFile(data);
            await fh.sync();
        }
        catch (e) {
            await fh.close();
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.unlink)(tmp).catch(() => { });
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
     * `blobs/<alg>/` (EEXIST keeps the existing blob). The caller removes `file` afterwards.
     * Falls back to rename where hard links are not supported. The link is durable after the
     * next syncPublished (the store calls it before committing index.json).
     */
    async publish(file, digest) {
        const target = this.blobPath(digest);
        const dir = (0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(this.#blobs, (0,_digest_js__WEBPACK_IMPORTED_MODULE_5__/* .parseDigest */ .m)(digest).algorithm);
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.chmod)(file, 0o444);
        // blobs/<alg> once per instance, not per blob (a recursive mkdir of an existing
        // directory is a mkdir and a stat, one more trip through the thread pool per blob); a
        // link that finds it gone (removed by hand meanwhile) makes it again.
        if (!this.#algDirs.has(dir))
            await this.#makeAlgDir(dir);
        try {
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.link)(file, target).catch(async (e) => {
                if (!(0,_errors_js__WEBPACK_IMPORTED_MODULE_7__/* .isErrno */ .r)(e, 'ENOENT'))
                    throw e;
                await this.#makeAlgDir(dir);
                await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.link)(file, target);
            });
        }
        catch (e) {
            if ((0,_errors_js__WEBPACK_IMPORTED_MODULE_7__/* .isErrno */ .r)(e, 'EEXIST'))
                return;
            if (!(0,_errors_js__WEBPACK_IMPORTED_MODULE_7__/* .isErrno */ .r)(e, 'EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EMLINK'))
                throw e;
            if (await this.has(digest))
                return;
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.rename)(file, target);
        }
        this.#unsynced.add(dir);
    }
    async #makeAlgDir(dir) {
        // A new blobs/<alg> is itself an entry of blobs/ (blobs/ is one of the root, whose
        // fsync comes with the index.json commit).
        if ((await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.mkdir)(dir, { recursive: true })) !== undefined)
            this.#unsynced.add(this.#blobs);
        this.#algDirs.add(dir);
    }
    /**
     * Make the blobs published so far durable: fsync each directory that gained a link since
     * the last call, once however many blobs it gained, and `blobs/sha256` always — another
     * process may have linked a blob this one is about to tag and not synced it yet (and
     * `blobs/` once per instance). A blob
     * file's data is fsynced before its link, so after this every blob a new index.json can
     * name survives a power loss. Reference: image-spec image-layout.md (index.json names
     * the roots; blobs are content-addressed).
     */
    async syncPublished() {
        const dirs = new Set([(0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(this.#blobs, 'sha256'), ...this.#unsynced]);
        if (!this.#blobsSynced)
            dirs.add(this.#blobs);
        this.#unsynced.clear();
        // Deepest first: blobs/<alg> before blobs/.
        const ordered = [...dirs].sort((a, b) => b.length - a.length);
        try {
            for (const d of ordered) {
                try {
                    await fsyncDir(d);
                    if (d === this.#blobs)
                        this.#blobsSynced = true;
                }
                catch (e) {
                    if (!(0,_errors_js__WEBPACK_IMPORTED_MODULE_7__/* .isErrno */ .r)(e, 'ENOENT'))
                        throw e; // no blob of that algorithm yet
                }
            }
        }
        catch (e) {
            for (const d of dirs)
                this.#unsynced.add(d); // still to do on the next commit
            throw e;
        }
    }
    /** Flushes behind the writes of `writer(ref)` to its data file, every `every` bytes (see FlushBehind). */
    flushBehind(ref, every) {
        return new FlushBehind((0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(this.ingestPath(ref), DATA), every);
    }
    async writer(ref, options = {}) {
        const dir = this.ingestPath(ref);
        if (options.total !== undefined)
            validateSize(options.total, 'expected size');
        if (options.expected !== undefined)
            (0,_digest_js__WEBPACK_IMPORTED_MODULE_5__/* .parseDigest */ .m)(options.expected);
        let lock;
        try {
            lock = await this.#lock(ref, dir);
        }
        catch (e) {
            // Our fresh directory (empty unless another writer holds the ref) must not stay behind.
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.rmdir)(dir).catch(() => { });
            throw e;
        }
        try {
            const now = new Date().toISOString();
            const meta = { ref, startedAt: now, updatedAt: now };
            if (options.total !== undefined)
                meta.total = options.total;
            if (options.expected !== undefined)
                meta.expected = options.expected;
            const fh = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.open)((0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(dir, DATA), 'w', 0o644);
            try {
                await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.writeFile)((0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(dir, META), JSON.stringify(meta));
            }
            catch (e) {
                await fh.close();
                throw e;
            }
            const algorithm = options.expected ? (0,_digest_js__WEBPACK_IMPORTED_MODULE_5__/* .parseDigest */ .m)(options.expected).algorithm : 'sha256';
            return new IngestWriter(this, lockedPlace(dir, lock), meta, fh, (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)(algorithm), algorithm, 0);
        }
        catch (e) {
            // A new writer starts over (its data file is truncated): nothing of it is worth keeping.
            await removeIngest(dir, lock).catch(() => lock.release());
            throw e;
        }
    }
    /**
     * A writer of one blob under a name no other writer knows, for a download that nothing
     * resumes by ref (pull, copy): one temp file `ingest/blob-<pid>-<random>` opened
     * O_EXCL. writer()'s directory, lock file and meta.json exist so that another process
     * can wait on or resume a ref; for a name nobody else can give they are ~14 more calls
     * on a path per blob, each a trip through the thread pool on the blob's critical path.
     * Measured on a 47-blob pull over loopback (strace -c -f): 15.9k system calls → 7.7k
     * (futex 9.0k → 4.1k); CPU (user+sys) 540 → 480 ms, median of 10 alternated runs, with
     * publish's cached blobs/<alg>. Verified and published as writer()'s are; `close`
     * discards the bytes (nothing could resume them); a crash leaves the file to gc
     * (pruneIngests, as `put`'s, after an hour without a write).
     */
    async tempWriter(options = {}) {
        if (options.total !== undefined)
            validateSize(options.total, 'expected size');
        const algorithm = options.expected ? (0,_digest_js__WEBPACK_IMPORTED_MODULE_5__/* .parseDigest */ .m)(options.expected).algorithm : 'sha256';
        const name = `blob-${process.pid}-${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(6).toString('hex')}`;
        const file = (0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(this.#ingest, name);
        let fh;
        try {
            fh = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.open)(file, 'wx', 0o644);
        }
        catch (e) {
            if (!(0,_errors_js__WEBPACK_IMPORTED_MODULE_7__/* .isErrno */ .r)(e, 'ENOENT'))
                throw e;
            await (0,_dirs_js__WEBPACK_IMPORTED_MODULE_6__/* .makeDirectory */ .O)(this.#ingest); // the first ingest of this store
            fh = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.open)(file, 'wx', 0o644);
        }
        const now = new Date().toISOString();
        const meta = { ref: name, startedAt: now, updatedAt: now };
        if (options.total !== undefined)
            meta.total = options.total;
        if (options.expected !== undefined)
            meta.expected = options.expected;
        return new IngestWriter(this, tempPlace(file), meta, fh, (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)(algorithm), algorithm, 0);
    }
    async resume(ref) {
        const dir = this.ingestPath(ref);
        await this.#readMeta(ref, dir);
        let lock;
        try {
            lock = await this.#lock(ref, dir, false);
        }
        catch (e) {
            if ((0,_errors_js__WEBPACK_IMPORTED_MODULE_7__/* .isErrno */ .r)(e, 'ENOENT'))
                return this.resume(ref); // finished meanwhile: NOT_FOUND next
            throw e;
        }
        try {
            const meta = await this.#readMeta(ref, dir);
            let fh;
            try {
                fh = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.open)((0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(dir, DATA), 'r+');
            }
            catch (e) {
                if ((0,_errors_js__WEBPACK_IMPORTED_MODULE_7__/* .isErrno */ .r)(e, 'ENOENT'))
                    fh = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.open)((0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(dir, DATA), 'w+', 0o644);
                else
                    throw e;
            }
            try {
                // Re-hash what is on disk: the bytes are the truth, whatever was said before the crash.
                const algorithm = meta.expected ? (0,_digest_js__WEBPACK_IMPORTED_MODULE_5__/* .parseDigest */ .m)(meta.expected).algorithm : 'sha256';
                const hash = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)(algorithm);
                let offset = 0;
                for await (const chunk of fh.createReadStream({ start: 0, autoClose: false })) {
                    hash.update(chunk);
                    offset += chunk.length;
                }
                return new IngestWriter(this, lockedPlace(dir, lock), meta, fh, hash, algorithm, offset);
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
                await (0,_dirs_js__WEBPACK_IMPORTED_MODULE_6__/* .makeDirectory */ .O)(dir);
            try {
                return await (0,_lock_js__WEBPACK_IMPORTED_MODULE_8__/* .acquireLock */ .IZ)((0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(dir, LOCK), {
                    what: `ingest ref ${JSON.stringify(ref)}`,
                    waitMs: 0,
                    // A live writer may hold an ingest for a long upload; only a dead pid frees it early.
                    staleMs: 24 * 3600_000,
                    hint: 'another writer is ingesting under this ref; wait for it, or abort the ingest',
                });
            }
            catch (e) {
                // The directory was removed by a finishing writer between our mkdir and lock.
                if (!(0,_errors_js__WEBPACK_IMPORTED_MODULE_7__/* .isErrno */ .r)(e, 'ENOENT') || !create || attempt >= 5)
                    throw e;
            }
        }
    }
    async #readMeta(ref, dir) {
        try {
            const meta = JSON.parse(await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.readFile)((0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(dir, META), 'utf8'));
            if (meta.ref !== ref)
                throw new Error('ref differs');
            return meta;
        }
        catch (e) {
            if ((0,_errors_js__WEBPACK_IMPORTED_MODULE_7__/* .isErrno */ .r)(e, 'ENOENT', 'ENOTDIR')) {
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_7__/* .OciError */ .Mf('NOT_FOUND', `no ingest in progress under ref ${JSON.stringify(ref)}`, {
                    hint: 'start a new ingest with writer()',
                });
            }
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_7__/* .OciError */ .Mf('NOT_FOUND', `the ingest under ref ${JSON.stringify(ref)} is damaged (${e.message})`, {
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
            const st = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.stat)((0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(dir, DATA));
            offset = st.size;
            updated = Math.max(updated, st.mtimeMs);
        }
        catch (e) {
            if (!(0,_errors_js__WEBPACK_IMPORTED_MODULE_7__/* .isErrno */ .r)(e, 'ENOENT'))
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
            const dir = (0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(this.#ingest, name);
            try {
                const meta = JSON.parse(await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.readFile)((0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(dir, META), 'utf8'));
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
            return (await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.readdir)(this.#ingest)).sort();
        }
        catch (e) {
            if ((0,_errors_js__WEBPACK_IMPORTED_MODULE_7__/* .isErrno */ .r)(e, 'ENOENT'))
                return [];
            throw e;
        }
    }
    async abort(ref) {
        const dir = this.ingestPath(ref);
        try {
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.stat)(dir);
        }
        catch (e) {
            if ((0,_errors_js__WEBPACK_IMPORTED_MODULE_7__/* .isErrno */ .r)(e, 'ENOENT'))
                return;
            throw e;
        }
        let lock;
        try {
            lock = await this.#lock(ref, dir, false);
        }
        catch (e) {
            if ((0,_errors_js__WEBPACK_IMPORTED_MODULE_7__/* .isErrno */ .r)(e, 'ENOENT'))
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
            const path = (0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(this.#ingest, name);
            let st;
            try {
                st = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.stat)(path);
            }
            catch {
                continue;
            }
            if (!st.isDirectory()) {
                if (now - st.mtimeMs > olderThanMs) {
                    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.rm)(path, { force: true });
                    removed++;
                }
                continue;
            }
            // The directory's own mtime moves with every lock; the files say when bytes last came.
            let newest = -Infinity;
            for (const f of [DATA, META]) {
                try {
                    newest = Math.max(newest, (await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.stat)((0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(path, f))).mtimeMs);
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
                lock = await (0,_lock_js__WEBPACK_IMPORTED_MODULE_8__/* .acquireLock */ .IZ)((0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(path, LOCK), { what: `ingest ${name}`, waitMs: 0, staleMs: 24 * 3600_000 });
            }
            catch (e) {
                if (e instanceof _errors_js__WEBPACK_IMPORTED_MODULE_7__/* .OciError */ .Mf && e.code === 'LOCKED')
                    continue;
                if ((0,_errors_js__WEBPACK_IMPORTED_MODULE_7__/* .isErrno */ .r)(e, 'ENOENT'))
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
            if ((0,_errors_js__WEBPACK_IMPORTED_MODULE_7__/* .isErrno */ .r)(e, 'ENOENT', 'ENOTDIR'))
                throw notFound(digest);
            throw e;
        }
    }
    async walk(fn) {
        for (const algorithm of ['sha256', 'sha512']) {
            const dir = (0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(this.#blobs, algorithm);
            let names;
            try {
                names = (await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.readdir)(dir)).sort();
            }
            catch (e) {
                if ((0,_errors_js__WEBPACK_IMPORTED_MODULE_7__/* .isErrno */ .r)(e, 'ENOENT'))
                    continue;
                throw e;
            }
            for (const hex of names) {
                const digest = `${algorithm}:${hex}`;
                if (!isValidHex(algorithm, hex))
                    continue;
                let size;
                try {
                    const st = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.stat)((0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(dir, hex));
                    if (!st.isFile())
                        continue;
                    size = st.size;
                }
                catch (e) {
                    if ((0,_errors_js__WEBPACK_IMPORTED_MODULE_7__/* .isErrno */ .r)(e, 'ENOENT'))
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
            algs = (await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.readdir)(this.#blobs)).sort();
        }
        catch (e) {
            if ((0,_errors_js__WEBPACK_IMPORTED_MODULE_7__/* .isErrno */ .r)(e, 'ENOENT'))
                return out;
            throw e;
        }
        for (const alg of algs) {
            let names;
            try {
                names = (await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.readdir)((0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(this.#blobs, alg))).sort();
            }
            catch {
                out.push((0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)('blobs', alg));
                continue;
            }
            for (const n of names)
                if (!isValidHex(alg, n))
                    out.push((0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)('blobs', alg, n));
        }
        return out;
    }
    /** Re-hash a stored blob; returns its actual digest (same algorithm as `digest`). */
    async hash(digest) {
        const { algorithm } = (0,_digest_js__WEBPACK_IMPORTED_MODULE_5__/* .parseDigest */ .m)(digest);
        const h = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)(algorithm);
        // One reused buffer: re-hashing a whole store allocates nothing per chunk (a
        // concurrent call gets its own).
        const shared = this.#hashBuffer;
        this.#hashBuffer = undefined;
        const buf = shared ?? Buffer.allocUnsafe(1 << 20);
        let fh;
        try {
            fh = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.open)(this.blobPath(digest), 'r');
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
/** Read buffers of `chunks`, reused across blobs: fresh memory costs a page fault per 4 KiB. */
const READ_BUFFER = 512 * 1024;
const freeReadBuffers = [];
function takeReadBuffer() {
    return freeReadBuffers.pop() ?? Buffer.allocUnsafeSlow(READ_BUFFER);
}
function giveReadBuffer(b) {
    if (freeReadBuffers.length < 16)
        freeReadBuffers.push(b);
}
function isValidHex(algorithm, hex) {
    const len = algorithm === 'sha256' ? 64 : algorithm === 'sha512' ? 128 : -1;
    return hex.length === len && /^[0-9a-f]+$/.test(hex);
}
async function removeIngest(dir, lock) {
    // Everything but the lock first, then the lock, then the (empty) directory with rmdir:
    // a writer that locked the ref again meanwhile keeps its directory (ENOTEMPTY).
    for (const name of await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.readdir)(dir).catch(() => [])) {
        if (name !== LOCK)
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.rm)((0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(dir, name), { recursive: true, force: true });
    }
    await lock.release();
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.rmdir)(dir).catch(() => { });
}
/** An ingest under `ingest/<sha256 of ref>/`: data, meta.json and the lock that `writer`/`resume` took. */
function lockedPlace(dir, lock) {
    return {
        file: (0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(dir, DATA),
        remove: () => removeIngest(dir, lock),
        keep: (meta) => (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.writeFile)((0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(dir, META), JSON.stringify(meta)),
        release: () => lock.release(),
    };
}
/** A temp file no other writer can name (tempWriter): nothing to lock, nothing to resume. */
function tempPlace(file) {
    return {
        file,
        remove: async () => {
            try {
                await unlinkReadOnly(file);
            }
            catch (e) {
                if (!(0,_errors_js__WEBPACK_IMPORTED_MODULE_7__/* .isErrno */ .r)(e, 'ENOENT'))
                    throw e;
            }
        },
        release: async () => { },
    };
}
/**
 * Flushes behind a large blob while it is written, so that the fsync of its writer's
 * commit finds little left to write: without it the kernel keeps the whole blob dirty in
 * memory until the commit, which then waits for the disk to take all of it. For writes
 * whose producer is busy meanwhile and waits for the commit — an upload arriving (serve),
 * a layer being compressed (ingest) — the writeback then overlaps the producer instead of
 * following it.
 *
 * One fdatasync per `every` bytes written (each one journal commit on ext4), never two at
 * once, never awaited by the writes. A blob smaller than `every` opens nothing and flushes
 * nothing: the commit's one fsync is all it costs.
 *
 * The flush uses its own read-only descriptor on the ingest's data file (fdatasync writes
 * the file's pages whichever descriptor asks). A write-back error is reported to every
 * open file description of the file (Linux errseq), so one seen here is still reported to
 * the commit's fsync on the writer's own descriptor; a flush that fails is ignored. Where
 * the file cannot be opened the writes go on without flushes behind.
 */
class FlushBehind {
    #file;
    #every;
    #fh;
    #unavailable = false;
    #since = 0;
    #running;
    constructor(file, every) {
        this.#file = file;
        this.#every = every;
    }
    /** `n` more bytes are written to the file: start a flush when `every` were written since the last. */
    written(n) {
        this.#since += n;
        if (this.#since < this.#every || this.#running || this.#unavailable)
            return;
        this.#since = 0;
        this.#running = this.#flush().finally(() => {
            this.#running = undefined;
        });
    }
    async #flush() {
        try {
            this.#fh ??= await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.open)(this.#file, 'r');
            await this.#fh.datasync();
        }
        catch {
            // Not opened (the ingest went away) or not flushed: the commit's fsync is the one that counts.
            if (!this.#fh)
                this.#unavailable = true;
        }
    }
    /** Wait for a flush in progress, and close the descriptor. */
    async close() {
        await this.#running;
        const fh = this.#fh;
        this.#fh = undefined;
        this.#unavailable = true;
        await fh?.close().catch(() => undefined);
    }
}
/** One ingest in progress (see BlobWriter for the lifecycle). */
class IngestWriter {
    ref;
    #offset;
    #done = false;
    #pending = Promise.resolve();
    #storage;
    #place;
    #meta;
    #fh;
    #hash;
    #algorithm;
    constructor(storage, place, meta, fh, hash, algorithm, offset) {
        this.ref = meta.ref;
        this.#storage = storage;
        this.#place = place;
        this.#meta = meta;
        this.#fh = fh;
        this.#hash = hash;
        this.#algorithm = algorithm;
        this.#offset = offset;
    }
    get offset() {
        return this.#offset;
    }
    #assertOpen() {
        if (this.#done)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_7__/* .OciError */ .Mf('INVALID_INPUT', `the writer of ingest ${JSON.stringify(this.ref)} is closed`);
    }
    write(chunk) {
        return this.#append([chunk]);
    }
    /** Append several chunks in one positioned write; they may be reused once this settles. */
    writev(chunks) {
        return this.#append(chunks);
    }
    /**
     * Append chunks with one positioned write (pwritev): a stream's buffered chunks go to
     * disk in one trip to the thread pool instead of one per network-sized chunk.
     */
    #append(chunks) {
        this.#assertOpen();
        const run = async () => {
            let length = 0;
            for (const c of chunks)
                length += c.length;
            const total = this.#meta.total;
            if (total !== undefined && this.#offset + length > total) {
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_7__/* .OciError */ .Mf('SIZE_MISMATCH', `ingest ${JSON.stringify(this.ref)} got more than the expected ${total} bytes`, {
                    hint: 'the source changed or is corrupt',
                });
            }
            const writing = chunks.length === 1 ? this.#fh.write(chunks[0], 0, length, this.#offset) : this.#fh.writev(chunks, this.#offset);
            // Hash while the write is on the thread pool (the chunks are not changed until this
            // settles): disk and hash overlap instead of taking turns on the receiving thread.
            // A write that fails leaves the hash as it was, so a retried chunk is hashed once.
            const before = this.#hash.copy();
            for (const c of chunks)
                this.#hash.update(c);
            let done;
            try {
                done = (await writing).bytesWritten;
                if (done < length) {
                    // A short write (rare; libuv retries most): the rest one piece at a time.
                    const rest = Buffer.concat(chunks, length);
                    while (done < length)
                        done += (await this.#fh.write(rest, done, length - done, this.#offset + done)).bytesWritten;
                }
            }
            catch (e) {
                this.#hash = before;
                throw e;
            }
            this.#offset += length;
        };
        // Serialise writes: positions and the running hash depend on order.
        const p = this.#pending.then(run);
        this.#pending = p.catch(() => { });
        return p;
    }
    digest() {
        return `${this.#algorithm}:${this.#hash.copy().digest('hex')}`;
    }
    stream() {
        return new node_stream__WEBPACK_IMPORTED_MODULE_4__.Writable({
            highWaterMark: 1 << 20,
            write: (chunk, _enc, cb) => {
                this.write(chunk).then(() => cb(), cb);
            },
            // Chunks that arrived while the previous write was on disk, written together.
            writev: (chunks, cb) => {
                this.#append(chunks.map((c) => c.chunk)).then(() => cb(), cb);
            },
        });
    }
    async commit(size, expected) {
        this.#assertOpen();
        validateSize(size, 'size');
        const { algorithm } = (0,_digest_js__WEBPACK_IMPORTED_MODULE_5__/* .parseDigest */ .m)(expected);
        this.#done = true;
        try {
            await this.#pending;
            await this.#fh.sync();
            const st = await this.#fh.stat();
            await this.#fh.close();
            if (st.size !== size || this.#offset !== size) {
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_7__/* .OciError */ .Mf('SIZE_MISMATCH', `ingest ${JSON.stringify(this.ref)} has ${st.size} bytes, expected ${size} (${expected})`, {
                    hint: 'the source was truncated or is corrupt',
                });
            }
            let actual;
            if (algorithm === this.#algorithm) {
                actual = `${algorithm}:${this.#hash.digest('hex')}`;
            }
            else {
                const h = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)(algorithm);
                for await (const c of (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.createReadStream)(this.#place.file))
                    h.update(c);
                actual = `${algorithm}:${h.digest('hex')}`;
            }
            if (actual !== expected) {
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_7__/* .OciError */ .Mf('DIGEST_MISMATCH', `content digest ${actual} does not match expected ${expected}`, {
                    hint: 'the source is corrupt or was modified',
                });
            }
            await this.#storage.publish(this.#place.file, expected);
            await this.#place.remove();
            return { digest: expected, size };
        }
        catch (e) {
            await this.#fh.close().catch(() => { });
            await this.#place.remove().catch(() => { });
            throw e;
        }
    }
    async close() {
        if (this.#done)
            return;
        // Nothing can resume a temp file's bytes (tempWriter): keeping them would only leave
        // work for gc.
        const keep = this.#place.keep;
        if (keep === undefined)
            return this.cancel();
        this.#done = true;
        try {
            await this.#pending;
            await this.#fh.sync().catch(() => { });
            await this.#fh.close();
            this.#meta.updatedAt = new Date().toISOString();
            await keep(this.#meta);
        }
        finally {
            await this.#place.release();
        }
    }
    async cancel() {
        if (this.#done)
            return;
        this.#done = true;
        await this.#pending;
        await this.#fh.close().catch(() => { });
        await this.#place.remove();
    }
}


/***/ }),

/***/ 670:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   GG: () => (/* binding */ walk),
/* harmony export */   cL: () => (/* binding */ SKIP_CHILDREN),
/* harmony export */   e9: () => (/* binding */ childrenOfDocument)
/* harmony export */ });
/* unused harmony exports WalkError, childrenOf */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4296);
/* harmony import */ var _platform_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(692);
/* harmony import */ var _types_oci_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7736);
/**
 * One walk of the image graph (in the manner of containerd's `images.Walk` with handlers):
 * from some roots, each descriptor is handed to a handler, and the children of a manifest
 * or index are found by media type and walked in turn — each digest once, a bounded number
 * at a time. gc's mark, verify's check of each descriptor, serve's reachability, push's mount
 * hints, the metadata of an index, the Docker-content check of conversion and copy's count of
 * a skipped subgraph are handlers of it.
 *
 * Reference: image-spec manifest.md (config, layers, subject), image-index.md (manifests,
 * platform).
 */



/** A handler's answer that leaves the node's children unwalked (as returning `false`). */
const SKIP_CHILDREN = Symbol('walk: skip children');
/** A manifest or index of the walk that could not be read, with the path it was reached by. */
class WalkError extends _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .OciError */ .Mf {
    descriptor;
    root;
    path;
    constructor(node, cause) {
        const code = (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .isOciError */ .eq)(cause) ? cause.code : 'INVALID_MANIFEST';
        const via = [...node.path, node.descriptor].map((d) => d.digest).join(' → ');
        super(code, `${cause?.message ?? String(cause)} (reached by ${via})`, {
            cause,
            hint: (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .isOciError */ .eq)(cause) && cause.hint !== undefined ? cause.hint : `pull or ingest the image of ${node.root.digest} again`,
        });
        this.descriptor = node.descriptor;
        this.root = node.root;
        this.path = node.path;
    }
}
/**
 * The direct children of `desc` by its media type: a manifest's config and layers, an
 * index's manifests, and with `subject` the subject of either; nothing for other blobs.
 */
async function childrenOf(fetcher, desc, subject = false) {
    if (!(0,_types_oci_js__WEBPACK_IMPORTED_MODULE_2__/* .isManifestMediaType */ .CM)(desc.mediaType) && !(0,_types_oci_js__WEBPACK_IMPORTED_MODULE_2__/* .isIndexMediaType */ .$$)(desc.mediaType))
        return [];
    return childrenOfDocument(desc, await fetcher.readJSON(desc), subject);
}
/**
 * The direct children of `desc` from its document already read and parsed (a caller that
 * needs the bytes too, as graph copy): the same rule as {@link childrenOf}.
 */
function childrenOfDocument(desc, doc, subject = false) {
    const out = [];
    if ((0,_types_oci_js__WEBPACK_IMPORTED_MODULE_2__/* .isManifestMediaType */ .CM)(desc.mediaType)) {
        if (doc.config)
            out.push(doc.config);
        if (Array.isArray(doc.layers))
            out.push(...doc.layers);
    }
    else if ((0,_types_oci_js__WEBPACK_IMPORTED_MODULE_2__/* .isIndexMediaType */ .$$)(desc.mediaType)) {
        if (Array.isArray(doc.manifests))
            out.push(...doc.manifests);
    }
    else {
        return out;
    }
    if (subject && doc.subject)
        out.push(doc.subject);
    // A null or scalar entry of a hand-written manifest is no descriptor to walk.
    return out.filter((c) => typeof c === 'object' && c !== null);
}
/**
 * Walk the graphs under `roots`: `handler` sees each descriptor once (by digest, or by
 * `key`; the first path that reaches it), then, unless it answers `false` or SKIP_CHILDREN,
 * the node's children are walked. A handler's error stops the walk and is thrown as it is;
 * so is, without `onError`, the WalkError of an unreadable manifest or index. Resolves when
 * every node has been handled.
 */
async function walk(fetcher, roots, handler, options = {}) {
    const limit = options.concurrency ?? 8;
    if (!Number.isInteger(limit) || limit < 1) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .OciError */ .Mf('INVALID_INPUT', `walk concurrency must be a whole number of at least 1, not ${limit}`, { hint: 'pass concurrency: 1 or more' });
    }
    const children = options.children ?? ((d) => childrenOf(fetcher, d, options.subject ?? false));
    const platforms = options.platforms;
    const keyOf = options.key ?? ((d) => d.digest);
    const seen = new Set();
    // A queue with a head index: shift() would make a walk of many roots quadratic.
    const queue = [];
    let head = 0;
    const enqueue = (descriptor, root, path) => {
        const key = keyOf(descriptor);
        if (seen.has(key))
            return;
        seen.add(key);
        queue.push({ descriptor, root, path });
    };
    for (const r of roots)
        enqueue(r, r, []);
    const visit = async (node) => {
        const answer = await handler(node);
        if (answer === false || answer === SKIP_CHILDREN)
            return;
        const d = node.descriptor;
        const isIndex = (0,_types_oci_js__WEBPACK_IMPORTED_MODULE_2__/* .isIndexMediaType */ .$$)(d.mediaType);
        if (!isIndex && !(0,_types_oci_js__WEBPACK_IMPORTED_MODULE_2__/* .isManifestMediaType */ .CM)(d.mediaType))
            return;
        let found;
        try {
            found = await children(d);
        }
        catch (e) {
            const error = new WalkError(node, e);
            if (!options.onError)
                throw error;
            options.onError(error);
            return;
        }
        const path = [...node.path, d];
        for (const c of found) {
            if (isIndex && platforms && c.platform && !platforms.some((p) => (0,_platform_js__WEBPACK_IMPORTED_MODULE_1__/* .platformMatches */ .J5)(p, c.platform)))
                continue;
            enqueue(c, node.root, path);
        }
    };
    let active = 0;
    let failed = false;
    let failure;
    await new Promise((resolve, reject) => {
        const pump = () => {
            if (failed) {
                if (active === 0)
                    reject(failure);
                return;
            }
            while (active < limit && head < queue.length) {
                const node = queue[head];
                queue[head++] = undefined; // let handled nodes go
                active++;
                visit(node).then(() => {
                    active--;
                    pump();
                }, (e) => {
                    active--;
                    if (!failed) {
                        failed = true;
                        failure = e;
                    }
                    pump();
                });
            }
            if (active === 0 && head >= queue.length)
                resolve();
        };
        pump();
    });
}


/***/ })

};
