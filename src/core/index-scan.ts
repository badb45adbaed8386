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
import { isAscii } from 'node:buffer';
import { isDigest } from './digest.js';
import { OciError } from './errors.js';
import type { Descriptor, ImageIndex } from './types/oci.js';

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

/** A splice of the `manifests` array: original entries kept, replaced or removed; new ones appended. */
export interface IndexEdit {
  /** Original entry index → its replacement (written in its place). */
  replace?: ReadonlyMap<number, Descriptor>;
  /** Original entries to drop. */
  remove?: ReadonlySet<number>;
  /** New entries after the last one. */
  append?: readonly Descriptor[];
}

/** Growable Int32 column. */
class Column {
  data = new Int32Array(1024);
  push(at: number, v: number): void {
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
export class IndexScan {
  readonly bytes: Buffer;
  /** Number of entries in `manifests`. */
  readonly count: number;
  readonly #starts: Int32Array;
  readonly #ends: Int32Array;
  readonly #flags: Uint8Array;
  readonly #digestIds: Int32Array;
  readonly #mediaTypeIds: Int32Array;
  readonly #sizes: Float64Array;
  readonly #refStarts: Int32Array;
  readonly #refEnds: Int32Array;
  readonly #digests: string[];
  readonly #mediaTypes: string[];
  #flagged: number[] | undefined;
  /** Offsets of the manifests array's `[` and `]`. */
  readonly #open: number;
  readonly #close: number;

  /** @internal built by scanIndex */
  constructor(
    bytes: Buffer,
    cols: {
      starts: Int32Array;
      ends: Int32Array;
      flags: Uint8Array;
      digestIds: Int32Array;
      mediaTypeIds: Int32Array;
      sizes: Float64Array;
      refStarts: Int32Array;
      refEnds: Int32Array;
    },
    tables: { digests: string[]; mediaTypes: string[] },
    count: number,
    open: number,
    close: number,
  ) {
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
  entry(i: number): Descriptor {
    const s = this.#starts[i]!;
    const e = this.#ends[i]!;
    return JSON.parse(this.bytes.toString(this.#flags[i]! & NON_ASCII ? 'utf8' : 'latin1', s, e)) as Descriptor;
  }

  /** Entry `i`'s digest, mediaType and size (validated by the scan), without parsing it. */
  fields(i: number): { digest: string; mediaType: string; size: number } {
    return { digest: this.#digests[this.#digestIds[i]!]!, mediaType: this.#mediaTypes[this.#mediaTypeIds[i]!]!, size: this.#sizes[i]! };
  }

  /** Entry `i`'s digest. */
  digestOf(i: number): string {
    return this.#digests[this.#digestIds[i]!]!;
  }

  /**
   * Entries whose digest is `digest`, ascending — exact, not candidates: the scan decoded
   * and validated every entry's digest (escapes, duplicate keys: the last wins, as in
   * JSON.parse). One pass over a column: no search of the bytes, nothing parsed.
   */
  withDigest(digest: string): number[] {
    const id = this.#digests.indexOf(digest);
    const out: number[] = [];
    if (id < 0) return out;
    const ids = this.#digestIds;
    for (let i = 0; i < this.count; i++) if (ids[i] === id) out.push(i);
    return out;
  }

  /**
   * Entry `i`'s `org.opencontainers.image.ref.name` as JSON.parse would read it, without
   * parsing the entry: undefined when its annotations have neither that key nor
   * `io.containerd.image.name`; null when the scan cannot say — an entry with escapes or
   * non-ASCII bytes, a ref.name that is not a string, annotations that are not an object,
   * or a containerd name (the entry's tag is then that name): parse it (`entry(i)`).
   */
  refName(i: number): string | undefined | null {
    if (this.#flags[i]! !== 0) return null;
    const e = this.#refEnds[i]!;
    if (e === REF_NONE) return undefined;
    if (e === REF_UNKNOWN) return null;
    return this.bytes.toString('latin1', this.#refStarts[i]!, e);
  }

  /** The whole index, parsed: a new object the caller owns (for work that needs every entry). */
  parse(): ImageIndex {
    // ASCII (what JSON writers emit) is the same text read as latin1, without UTF-8 decoding.
    return JSON.parse(this.bytes.toString(isAscii(this.bytes) ? 'latin1' : 'utf8')) as ImageIndex;
  }

  /**
   * Entries that may hold a string equal to `value` (or, with `quoted: false`, containing
   * it), ascending: those whose bytes contain it, and every entry with escapes or non-ASCII
   * bytes. A superset: callers parse each and compare.
   */
  candidates(value: string, quoted = true): number[] {
    const needle = Buffer.from(quoted ? JSON.stringify(value) : value, 'utf8');
    if (needle.length === 0) return Array.from({ length: this.count }, (_, i) => i);
    // Hits arrive ascending (one entry may hold several); merged with the flagged entries
    // (usually none) instead of testing every entry against a set: at 100,000 tags that
    // loop cost ~20 ms of a one-tag `unpack`.
    const hits: number[] = [];
    for (let at = this.bytes.indexOf(needle, this.#open); at >= 0 && at < this.#close; at = this.bytes.indexOf(needle, at + 1)) {
      const i = this.#entryAt(at);
      if (i >= 0 && hits[hits.length - 1] !== i) hits.push(i);
    }
    const flagged = (this.#flagged ??= this.#flaggedEntries());
    if (flagged.length === 0) return hits;
    const out: number[] = [];
    let h = 0;
    let f = 0;
    while (h < hits.length || f < flagged.length) {
      const next = f >= flagged.length || (h < hits.length && hits[h]! < flagged[f]!) ? hits[h++]! : flagged[f++]!;
      if (out[out.length - 1] !== next) out.push(next);
    }
    return out;
  }

  /** Entries with escapes or non-ASCII bytes, ascending. */
  #flaggedEntries(): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.count; i++) if (this.#flags[i]! !== 0) out.push(i);
    return out;
  }

  /** The entry whose bytes hold offset `at`, else -1. */
  #entryAt(at: number): number {
    let lo = 0;
    let hi = this.count - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#starts[mid]! > at) hi = mid - 1;
      else if (this.#ends[mid]! <= at) lo = mid + 1;
      else return mid;
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
  splice(edit: IndexEdit): Buffer {
    const b = this.bytes;
    const n = this.count;
    const edits: Array<{ from: number; to: number; text: Buffer | undefined }> = [];
    let lastPresent = -1;
    let prefixRemoved = true; // every entry so far removed
    for (let i = 0; i < n; i++) {
      const r = edit.replace?.get(i);
      if (r !== undefined) {
        edits.push({ from: this.#starts[i]!, to: this.#ends[i]!, text: Buffer.from(JSON.stringify(r), 'utf8') });
      } else if (edit.remove?.has(i)) {
        if (!prefixRemoved) edits.push({ from: this.#ends[i - 1]!, to: this.#ends[i]!, text: undefined });
        else edits.push({ from: this.#starts[i]!, to: i + 1 < n ? this.#starts[i + 1]! : this.#ends[i]!, text: undefined });
        continue;
      }
      prefixRemoved = false;
      lastPresent = i;
    }
    const added = edit.append ?? [];
    if (added.length > 0) {
      const list = added.map((d) => JSON.stringify(d)).join(',');
      const at = lastPresent >= 0 ? this.#ends[lastPresent]! : n > 0 ? this.#ends[n - 1]! : this.#open + 1;
      edits.push({ from: at, to: at, text: Buffer.from(lastPresent >= 0 ? `,${list}` : list, 'utf8') });
    }
    edits.sort((x, y) => x.from - y.from || x.to - y.to);
    const chunks: Buffer[] = [];
    let cursor = 0;
    for (const e of edits) {
      chunks.push(b.subarray(cursor, e.from));
      if (e.text !== undefined) chunks.push(e.text);
      cursor = e.to;
    }
    chunks.push(b.subarray(cursor));
    return Buffer.concat(chunks);
  }
}

/** True when b[x, x + len) equals b[y, y + len) (Buffer.compare's argument checks cost more than this loop). */
function sameBytes(b: Buffer, x: number, y: number, len: number): boolean {
  for (let k = 0; k < len; k++) if (b[x + k] !== b[y + k]) return false;
  return true;
}

function hasBackslash(b: Buffer, s: number, e: number): boolean {
  for (let k = s; k < e; k++) if (b[k] === BACKSLASH) return true;
  return false;
}

function keyIs(b: Buffer, s: number, e: number, key: Buffer): boolean {
  if (e - s !== key.length) return false;
  for (let k = 0; k < key.length; k++) if (b[s + k] !== key[k]) return false;
  return true;
}

/** Bytes that end the fast path through a string: `"`, `\\`, control characters, non-ASCII. */
const SPECIAL = new Uint8Array(256);
for (let c = 0; c < 256; c++) SPECIAL[c] = c < 0x20 || c === QUOTE || c === BACKSLASH || c >= 0x80 ? 1 : 0;

const isDigit = (x: number | undefined): boolean => x !== undefined && x >= 0x30 && x <= 0x39;

/** How many recent byte strings ByteIntern compares before hashing. */
const RECENT = 4;

/**
 * Ids of byte strings seen before, found without making a string: a hash of the bytes,
 * then a byte comparison with the first occurrence.
 */
class ByteIntern {
  readonly #byHash = new Map<number, Array<{ s: number; e: number; id: number }>>();
  /**
   * The last few distinct byte strings found or added, compared before hashing: tags of one
   * image repeat its digest, and a comparison with a different digest ends within the
   * first bytes after `sha256:` (at 100,000 tags on 3 images: find 45 → ~10 ms).
   */
  readonly #recent: Array<{ s: number; e: number; id: number }> = [];

  static #hash(b: Buffer, s: number, e: number): number {
    let h = 0x811c9dc5;
    for (let k = s; k < e; k++) h = Math.imul(h ^ b[k]!, 0x01000193);
    return h;
  }

  /** The id of the bytes [s, e) of `b`, or -1. */
  find(b: Buffer, s: number, e: number): number {
    const recent = this.#recent;
    for (let k = 0; k < recent.length; k++) {
      const x = recent[k]!;
      if (x.e - x.s === e - s && sameBytes(b, x.s, s, e - s)) return x.id;
    }
    const list = this.#byHash.get(ByteIntern.#hash(b, s, e));
    if (list === undefined) return -1;
    for (const x of list) {
      if (x.e - x.s === e - s && sameBytes(b, x.s, s, e - s)) {
        this.#remember(x);
        return x.id;
      }
    }
    return -1;
  }

  add(b: Buffer, s: number, e: number, id: number): void {
    const h = ByteIntern.#hash(b, s, e);
    const x = { s, e, id };
    const list = this.#byHash.get(h);
    if (list === undefined) this.#byHash.set(h, [x]);
    else list.push(x);
    this.#remember(x);
  }

  #remember(x: { s: number; e: number; id: number }): void {
    if (this.#recent.length === RECENT) this.#recent.shift();
    this.#recent.push(x);
  }
}

/**
 * What the scan records: the events of the few depths that matter (top-level keys, the
 * manifests array, each entry's own keys) arrive here; the byte loop keeps to locals.
 */
class Recorder {
  readonly starts = new Column();
  readonly ends = new Column();
  readonly digestIds = new Column();
  readonly mediaTypeIds = new Column();
  readonly refStarts = new Column();
  readonly refEnds = new Column();
  flags = new Uint8Array(1024);
  sizes = new Float64Array(1024);
  readonly digests: string[] = [];
  readonly #digestIndex = new Map<string, number>();
  readonly mediaTypes: string[] = [];
  readonly #mediaTypeIndex = new Map<string, number>();
  readonly #digestBytes = new ByteIntern();
  readonly #mediaTypeBytes = new ByteIntern();
  count = 0;
  firstProblem: string | undefined;
  manifestsOpen = -1;
  manifestsClose = -1;
  manifestsKind: 'none' | 'array' | 'other' = 'none';
  schemaKind = T_NONE;
  schemaStart = 0;
  schemaEnd = 0;
  #pending: 'none' | 'schema' | 'manifests' = 'none';
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
  readonly #kinds = new Int32Array(4);
  readonly #tokStarts = new Int32Array(4);
  readonly #tokEnds = new Int32Array(4);
  readonly b: Buffer;

  constructor(b: Buffer) {
    this.b = b;
  }

  /** True while the scan is inside the manifests array (its elements are at depth 2). */
  get inManifests(): boolean {
    return this.manifestsOpen >= 0 && this.manifestsClose < 0;
  }

  #problem(why: string): void {
    if (this.firstProblem === undefined) this.firstProblem = why;
  }

  /** A key at depth 1 (top level) or of an entry (depth 3). */
  key(depth: number, s: number, e: number, escaped: boolean): void {
    const b = this.b;
    if (escaped) {
      const k = stringAt(b, s, e, true);
      if (depth === 1) this.#pending = k === 'manifests' ? 'manifests' : k === 'schemaVersion' ? 'schema' : 'none';
      else if (this.inEntry) this.#field = k === 'digest' ? 1 : k === 'size' ? 2 : k === 'mediaType' ? 3 : k === 'annotations' ? 4 : 0;
      return;
    }
    if (depth === 1) this.#pending = keyIs(b, s, e, KEY_MANIFESTS) ? 'manifests' : keyIs(b, s, e, KEY_SCHEMA) ? 'schema' : 'none';
    else if (this.inEntry) {
      this.#field = keyIs(b, s, e, KEY_DIGEST) ? 1 : keyIs(b, s, e, KEY_SIZE) ? 2 : keyIs(b, s, e, KEY_MEDIA_TYPE) ? 3 : keyIs(b, s, e, KEY_ANNOTATIONS) ? 4 : 0;
    }
  }

  /** A key of the entry's annotations (an escaped one: the entry is flagged and parsed when asked). */
  annotationKey(s: number, e: number, escaped: boolean): void {
    const b = this.b;
    this.#annotation = escaped ? 0 : keyIs(b, s, e, KEY_REF_NAME) ? 1 : keyIs(b, s, e, KEY_CONTAINERD_NAME) ? 2 : 0;
  }

  /** A value of the entry's annotations, of kind `kind` at [s, e); duplicate keys: the last wins. */
  annotationValue(kind: number, s: number, e: number): void {
    if (this.#annotation === 1) {
      if (kind === T_STRING) {
        this.#refStart = s;
        this.#refEnd = e;
      } else this.#refEnd = REF_UNKNOWN;
    } else if (this.#annotation === 2) this.#containerdName = true;
    this.#annotation = 0;
  }

  /**
   * A value starting at depth 1..3 of kind `kind` at [s, e) (a primitive; for an object or
   * array, `opens` and [s, s)).
   */
  value(depth: number, kind: number, s: number, e: number, opens: 0 | 0x7b | 0x5b): void {
    if (depth === 1) {
      if (this.#pending === 'schema') {
        this.schemaKind = kind;
        this.schemaStart = s;
        this.schemaEnd = e;
      } else if (this.#pending === 'manifests') {
        if (opens === 0x5b) {
          // The last "manifests" key wins, as in JSON.parse.
          this.manifestsKind = 'array';
          this.manifestsOpen = s;
          this.manifestsClose = -1;
          this.count = 0;
          this.firstProblem = undefined;
        } else this.manifestsKind = 'other';
      }
      this.#pending = 'none';
    } else if (depth === 2) {
      if (!this.inManifests) return;
      if (opens === 0x7b) {
        this.inEntry = true;
        this.entryFlags = 0;
        this.#field = 0;
        this.#kinds.fill(T_NONE);
        this.inAnnotations = false;
        this.#refEnd = REF_NONE;
        this.#containerdName = false;
        this.starts.push(this.count, s);
      } else this.#problem(`manifests[${this.count}] is not a descriptor`);
    } else if (this.inEntry && this.#field === 4) {
      // annotations: each object replaces the one before (a duplicate key; the last wins)
      this.#refEnd = opens === 0x7b ? REF_NONE : REF_UNKNOWN;
      this.#containerdName = false;
      this.inAnnotations = opens === 0x7b;
      this.#field = 0;
    } else if (this.inEntry && this.#field !== 0) {
      this.#kinds[this.#field] = kind;
      this.#tokStarts[this.#field] = s;
      this.#tokEnds[this.#field] = e;
      this.#field = 0;
    }
  }

  /** Field `f`'s token as written, for a message. */
  #token(f: number): string {
    const b = this.b;
    const kind = this.#kinds[f];
    const s = this.#tokStarts[f]!;
    const e = this.#tokEnds[f]!;
    return kind === T_NONE ? 'undefined' : kind === T_STRING ? b.toString('utf8', s - 1, e + 1) : b.toString('utf8', s, e);
  }

  /** The entry object ends just before `end`. */
  endEntry(end: number): void {
    const b = this.b;
    this.inEntry = false;
    const i = this.count;
    const kinds = this.#kinds;
    const ts = this.#tokStarts;
    const te = this.#tokEnds;
    // digest: the same bytes as an earlier entry's (most entries share a few images) are
    // neither decoded nor validated again
    let digestId = kinds[1] === T_STRING ? this.#digestBytes.find(b, ts[1]!, te[1]!) : -2;
    if (digestId === -1) {
      const digest = stringAt(b, ts[1]!, te[1]!, hasBackslash(b, ts[1]!, te[1]!));
      const known = this.#digestIndex.get(digest);
      if (known !== undefined) digestId = known;
      else if (isDigest(digest)) {
        digestId = this.digests.length;
        this.digests.push(digest);
        this.#digestIndex.set(digest, digestId);
      }
      if (digestId >= 0) this.#digestBytes.add(b, ts[1]!, te[1]!, digestId);
    }
    if (digestId < 0) this.#problem(`manifests[${i}] has invalid digest ${this.#token(1)}`);
    // size: a non-negative safe integer (1.0 and 1e3 are integers to JSON.parse too)
    let size = NaN;
    if (kinds[2] === T_NUMBER) {
      const ss = ts[2]!;
      const se = te[2]!;
      if (se - ss <= 15) {
        size = 0;
        for (let k = ss; k < se; k++) {
          const c = b[k]!;
          if (c < 0x30 || c > 0x39) {
            size = Number(b.toString('latin1', ss, se));
            break;
          }
          size = size * 10 + (c - 0x30);
        }
      } else size = Number(b.toString('latin1', ss, se));
    }
    if (!Number.isSafeInteger(size) || size < 0) this.#problem(`manifests[${i}] has invalid size ${this.#token(2)}`);
    // mediaType
    let mediaTypeId = -1;
    if (kinds[3] === T_STRING) {
      mediaTypeId = this.#mediaTypeBytes.find(b, ts[3]!, te[3]!);
      if (mediaTypeId < 0) {
        const mt = stringAt(b, ts[3]!, te[3]!, hasBackslash(b, ts[3]!, te[3]!));
        const known = this.#mediaTypeIndex.get(mt);
        if (known !== undefined) mediaTypeId = known;
        else {
          mediaTypeId = this.mediaTypes.length;
          this.mediaTypes.push(mt);
          this.#mediaTypeIndex.set(mt, mediaTypeId);
        }
        this.#mediaTypeBytes.add(b, ts[3]!, te[3]!, mediaTypeId);
      }
    } else this.#problem(`manifests[${i}] has no mediaType`);
    this.ends.push(i, end);
    this.digestIds.push(i, digestId);
    this.mediaTypeIds.push(i, mediaTypeId);
    this.refStarts.push(i, this.#refStart);
    this.refEnds.push(i, this.#containerdName ? REF_UNKNOWN : this.#refEnd);
    if (i >= this.flags.length) this.#grow();
    this.flags[i] = this.entryFlags;
    this.sizes[i] = size;
    this.count++;
    const start = this.starts.data[i]!;
    // templates from the entries a try missed and those just before a try (#skip counts
    // down to it): a miss is often the first entry of another image
    if ((this.#skip === 0 || start === this.#missedAt) && this.entryFlags === 0 && this.firstProblem === undefined && this.refEnds.data[i]! >= 0) {
      const probe = kinds[1] === T_STRING && te[1]! < this.#refStart ? ((ts[1]! + te[1]!) >>> 1) - start : 0;
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
  tryTemplate(s: number): number {
    if (this.#skip > 0) {
      this.#skip--;
      return -1;
    }
    const templates = this.#templates;
    if (templates.length === 0) return -1;
    const b = this.b;
    const n = b.length;
    for (let k = 0; k < templates.length; k++) {
      const t = templates[k]!;
      const head = t.vs - t.s0;
      if (s + head > n || b[s + t.probe] !== b[t.s0 + t.probe] || b.compare(b, t.s0, t.vs, s, s + head) !== 0) continue;
      let e = s + head;
      while (e < n && SPECIAL[b[e]!] === 0) e++;
      const tail = t.end - t.ve;
      if (b[e] !== QUOTE || e + tail > n || b.compare(b, t.ve, t.end, e, e + tail) !== 0) break;
      this.#backoff = 1;
      const i = this.count;
      this.starts.push(i, s);
      this.ends.push(i, e + tail);
      this.digestIds.push(i, t.digestId);
      this.mediaTypeIds.push(i, t.mediaTypeId);
      this.refStarts.push(i, s + head);
      this.refEnds.push(i, e);
      if (i >= this.flags.length) this.#grow();
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

  #grow(): void {
    const f = new Uint8Array(this.flags.length * 2);
    f.set(this.flags);
    this.flags = f;
    const z = new Float64Array(this.sizes.length * 2);
    z.set(this.sizes);
    this.sizes = z;
  }

  readonly #templates: Template[] = [];
  /** The next template slot to overwrite when every slot holds another digest. */
  #oldest = 0;
  /** Entries to scan before the next try; entries scanned after the next miss. */
  #skip = 0;
  #backoff = 1;
  /** Where the last miss was. */
  #missedAt = -1;

  /** The entry just scanned as a template: one per digest (a store's entries cycle among its images), overwritten in place. */
  #remember(s0: number, vs: number, ve: number, end: number, probe: number, digestId: number, mediaTypeId: number, size: number): void {
    const templates = this.#templates;
    let t: Template | undefined;
    for (let k = 0; k < templates.length; k++) if (templates[k]!.digestId === digestId) t = templates[k];
    if (t === undefined) {
      if (templates.length < TEMPLATES) {
        templates.push({ s0, vs, ve, end, probe, digestId, mediaTypeId, size });
        return;
      }
      t = templates[this.#oldest]!;
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

/** An entry as a template: its offsets (start, its name's value, its end) and what its checks found. */
interface Template {
  s0: number;
  vs: number;
  ve: number;
  end: number;
  /** An offset from the start compared first (a byte in the middle of the digest): most templates differ there. */
  probe: number;
  digestId: number;
  mediaTypeId: number;
  size: number;
}

/** The string whose contents are [s, e) (escapes decoded when `escaped`). */
function stringAt(b: Buffer, s: number, e: number, escaped: boolean): string {
  return escaped ? (JSON.parse(b.toString('utf8', s - 1, e + 1)) as string) : b.toString('utf8', s, e);
}

/**
 * Scan and validate index.json's bytes. CORRUPT_INDEX (naming `path`) for invalid JSON, a
 * top level that is not an object, a schemaVersion other than 2, no `manifests` array, or
 * an entry that is not a descriptor with a valid digest, a non-negative integer size and a
 * mediaType — the first such entry, and only once the whole file is known to be JSON.
 */
export function scanIndex(b: Buffer, path: string): IndexScan {
  const corrupt = (why: string): OciError =>
    new OciError('CORRUPT_INDEX', `${path} is corrupt: ${why}`, {
      input: 'store',
      hint: 'fix or restore index.json by hand (it lists every tag); it was left untouched',
    });
  const syntax = (at: number, what: string): OciError => corrupt(`not valid JSON (${what} at byte ${at})`);
  const r = new Recorder(b);
  const n = b.length;
  /** Open containers: 1 object, 2 array. */
  const stack: number[] = [];
  // What may come next: 0 a value, 1 a key or `}` (after `{`), 2 a key (after `,` in an
  // object), 3 `:`, 4 `,` or a closer, 5 a value or `]` (after `[`), 6 nothing (after the top value).
  let expect = 0;
  let i = 0;
  while (i < n) {
    const c = b[i]!;
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) {
      i++;
      continue;
    }
    const depth = stack.length;
    if (expect === 6) throw syntax(i, 'unexpected data after the end');
    if (expect === 3) {
      if (c !== 0x3a /* : */) throw syntax(i, 'expected :');
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
      if (expect === 4) throw syntax(i, 'expected , or a closing bracket');
      // A string: find its end, checking escapes and control characters.
      const s = i + 1;
      let k = s;
      let escaped = false;
      let high = false;
      for (;;) {
        while (k < n && SPECIAL[b[k]!] === 0) k++;
        const ch = b[k];
        if (ch === QUOTE) break;
        if (ch === undefined) throw syntax(i, 'unterminated string');
        if (ch === BACKSLASH) {
          escaped = true;
          const esc = b[k + 1];
          if (esc === 0x75 /* u */) {
            for (let h = k + 2; h < k + 6; h++) {
              const x = b[h];
              if (x === undefined || !((x >= 0x30 && x <= 0x39) || (x >= 0x41 && x <= 0x46) || (x >= 0x61 && x <= 0x66))) throw syntax(k, 'bad \\u escape');
            }
            k += 6;
            continue;
          }
          if (esc !== QUOTE && esc !== BACKSLASH && esc !== 0x2f && esc !== 0x62 && esc !== 0x66 && esc !== 0x6e && esc !== 0x72 && esc !== 0x74) throw syntax(k, 'bad escape');
          k += 2;
          continue;
        }
        if (ch < 0x20) throw syntax(k, 'control character in a string');
        if (ch >= 0x80) high = true;
        k++;
      }
      i = k + 1;
      if (r.inEntry) r.entryFlags |= (escaped ? ESCAPED : 0) | (high ? NON_ASCII : 0);
      if (expect === 1 || expect === 2) {
        if (depth === 1 || (depth === 3 && r.inEntry)) r.key(depth, s, k, escaped);
        else if (depth === 4 && r.inAnnotations) r.annotationKey(s, k, escaped);
        expect = 3;
        continue;
      }
      if (expect !== 0 && expect !== 5) throw syntax(s - 1, 'unexpected string');
      if (depth <= 3 && depth > 0) r.value(depth, T_STRING, s, k, 0);
      else if (depth === 4 && r.inAnnotations) r.annotationValue(T_STRING, s, k);
      expect = depth === 0 ? 6 : 4;
      continue;
    }
    if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (expect !== 0 && expect !== 5) throw syntax(i, 'unexpected bracket');
      if (depth === 2 && c === 0x7b && r.inManifests) {
        const next = r.tryTemplate(i);
        if (next >= 0) {
          i = next;
          expect = 4;
          continue;
        }
      }
      if (depth <= 3 && depth > 0) r.value(depth, T_OTHER, i, i, c);
      else if (depth === 4 && r.inAnnotations) r.annotationValue(T_OTHER, i, i);
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
      if (depth === 3 && c === 0x7d && r.inEntry) r.endEntry(i + 1);
      else if (depth === 4 && c === 0x7d && r.inAnnotations) r.inAnnotations = false;
      else if (depth === 2 && c === 0x5d && r.inManifests && i > r.manifestsOpen) r.manifestsClose = i;
      expect = depth === 1 ? 6 : 4;
      i++;
      continue;
    }
    // A number or a literal.
    if (expect === 4) throw syntax(i, 'expected , or a closing bracket');
    if (expect !== 0 && expect !== 5) throw syntax(i, 'unexpected token');
    const s = i;
    let kind = T_OTHER;
    if (c === 0x74 || c === 0x66 || c === 0x6e) {
      const word = c === 0x74 ? 'true' : c === 0x66 ? 'false' : 'null';
      if (b.toString('latin1', i, i + word.length) !== word) throw syntax(i, 'unexpected token');
      i += word.length;
    } else {
      kind = T_NUMBER;
      let k = i;
      if (b[k] === 0x2d) k++;
      if (b[k] === 0x30) k++;
      else if (isDigit(b[k])) while (isDigit(b[k])) k++;
      else throw syntax(i, 'unexpected token');
      if (b[k] === 0x2e) {
        k++;
        if (!isDigit(b[k])) throw syntax(k, 'bad number');
        while (isDigit(b[k])) k++;
      }
      if (b[k] === 0x65 || b[k] === 0x45) {
        k++;
        if (b[k] === 0x2b || b[k] === 0x2d) k++;
        if (!isDigit(b[k])) throw syntax(k, 'bad number');
        while (isDigit(b[k])) k++;
      }
      i = k;
    }
    if (depth <= 3 && depth > 0) r.value(depth, kind, s, i, 0);
    else if (depth === 4 && r.inAnnotations) r.annotationValue(kind, s, i);
    expect = depth === 0 ? 6 : 4;
  }
  if (expect !== 6) throw syntax(n, 'unexpected end');
  if (b[firstNonWs(b)] !== 0x7b) throw corrupt('not a JSON object');
  let schema: unknown;
  if (r.schemaKind === T_STRING) schema = stringAt(b, r.schemaStart, r.schemaEnd, true);
  else if (r.schemaKind === T_NUMBER || (r.schemaKind === T_OTHER && r.schemaEnd > r.schemaStart)) schema = JSON.parse(b.toString('latin1', r.schemaStart, r.schemaEnd));
  else if (r.schemaKind === T_OTHER) schema = b[r.schemaStart] === 0x5b ? [] : {};
  if (schema !== 2) throw corrupt(`schemaVersion is ${JSON.stringify(schema)}, not 2`);
  if (r.manifestsKind !== 'array') throw corrupt('it has no "manifests" array');
  if (r.firstProblem !== undefined) throw corrupt(r.firstProblem);
  return new IndexScan(
    b,
    {
      starts: r.starts.data,
      ends: r.ends.data,
      flags: r.flags,
      digestIds: r.digestIds.data,
      mediaTypeIds: r.mediaTypeIds.data,
      sizes: r.sizes,
      refStarts: r.refStarts.data,
      refEnds: r.refEnds.data,
    },
    { digests: r.digests, mediaTypes: r.mediaTypes },
    r.count,
    r.manifestsOpen,
    r.manifestsClose,
  );
}

function firstNonWs(b: Buffer): number {
  let i = 0;
  while (i < b.length && (b[i] === 0x20 || b[i] === 0x0a || b[i] === 0x0d || b[i] === 0x09)) i++;
  return i;
}
