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
import { randomBytes } from 'node:crypto';
import { open, readdir, readFile, rm, stat, type FileHandle } from 'node:fs/promises';
import { join, resolve as resolvePath } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { BlobFallback, Logger, ReferrerFinder, Target } from './content.js';
import { silentLogger } from './content.js';
import { DigestStream, isDigest, parseDigest, sha256 } from './digest.js';
import { makeDirectory } from './dirs.js';
import { OciError, isErrno, isOciError } from './errors.js';
import { scanIndex, type IndexEdit, type IndexScan } from './index-scan.js';
import { acquireLock } from './lock.js';
import { normalizedString, parseReference } from './reference.js';
import { BlobStorage, DEFAULT_MAX_BYTES, writeFileAtomic } from './storage.js';
import { SKIP_CHILDREN, walk } from './walk.js';
import {
  Annotation,
  IMAGE_LAYOUT_VERSION,
  MediaType,
  formatPlatform,
  isIndexMediaType,
  isManifestMediaType,
  type Descriptor,
  type ImageIndex,
  type ImageLayout,
  type Manifest,
} from './types/oci.js';

/** Options of `Store.open`. */
export interface StoreOptions {
  /** Create the layout when the directory has none (default true). */
  create?: boolean;
  logger?: Logger;
  /** Lazy source of blobs missing locally (the runner cache). */
  fallback?: BlobFallback;
  /** How long to wait for another process's index.json lock before LOCKED (default 30 s). */
  lockWaitMs?: number;
}

/** What `gc` did. */
export interface GcReport {
  removedBlobs: number;
  bytesFreed: number;
  removedIngests: number;
  /**
   * Live roots whose graph could not be read (damaged or missing manifest or index), one
   * per index.json entry that reaches one; present only when there are some. While any
   * exists, gc removes no blob: it cannot tell their children from garbage.
   */
  unreadable?: GcUnreadable[];
  /** Unreferenced blobs kept because of `unreadable` (present with it). */
  keptBlobs?: number;
  /** Their bytes. */
  keptBytes?: number;
}

/** An index.json entry whose graph gc could not read. */
export interface GcUnreadable {
  /** The entry's tag; absent for an untagged entry. */
  ref?: string;
  /** The entry's own digest. */
  root: string;
  /** The manifest or index that could not be read. */
  digest: string;
  /** Why, as the read failed. */
  message: string;
}

/** Options of `gc`. */
export interface GcOptions {
  /** Ingests untouched for longer than this and not locked are removed (default 1 hour). */
  staleIngestMs?: number;
  /**
   * Unreferenced blobs younger than this are kept (default 0): a grace period for
   * builds still in flight in other processes, which push blobs before tagging.
   */
  minBlobAgeMs?: number;
  /**
   * What the caller's own walk already read: digest → the manifest's or index's direct
   * successors (as `successors` gives them). gc marks from it instead of reading those
   * again; blobs are immutable, so it cannot be stale.
   */
  known?: ReadonlyMap<string, readonly Descriptor[]>;
}

/** One problem `verify` found. */
export interface VerifyProblem {
  /** DIGEST_MISMATCH, SIZE_MISMATCH, INCOMPLETE, INVALID_MANIFEST, INVALID_DIGEST. */
  code: string;
  digest?: string;
  /** The tag whose graph has the problem. */
  ref?: string;
  message: string;
}

/** What `verify` found. */
export interface VerifyReport {
  /** True when there are no problems (blobs only in the fallback are not problems). */
  ok: boolean;
  checkedBlobs: number;
  /** index.json entries whose graphs were walked. */
  checkedEntries: number;
  problems: VerifyProblem[];
  /** Blobs a tag needs that are absent locally but held by the fallback (runner cache). */
  notLocal: Array<{ digest: string; ref?: string }>;
  /**
   * Children of partly pulled indexes that the pull deliberately left out (recorded in
   * OMITTED_ANNOTATION) and the store lacks: not problems. `platform` as `os/arch[/variant]`.
   */
  notPulled: Array<{ digest: string; ref?: string; platform?: string }>;
}

/** What verify found about one descriptor `d` of a graph, before it is told per tag. */
type Finding =
  | { kind: 'problem'; d: Descriptor; code: string; message: string }
  | { kind: 'corrupt'; d: Descriptor; what: string }
  | { kind: 'notLocal'; d: Descriptor }
  | { kind: 'notPulled'; d: Descriptor };

/** A finding of verify's check of one descriptor, told once its role (`what`) is known. */
type NodeFinding = (what: string) => Finding;

/** verify's check of one descriptor: its own findings, and its children with their roles. */
interface NodeCheck {
  own: NodeFinding[];
  children: Array<[Descriptor, string]>;
}

/**
 * Annotation on an index.json entry whose target is an index pulled for some platforms only:
 * the digests of the children the pull deliberately left out, comma-separated. The index
 * bytes stay the registry's (its digest must not change), so the record lives on the
 * entry. `verify` lists such children as not pulled instead of reporting the graph
 * incomplete; a pull that later brings them removes them from the record.
 */
export const OMITTED_ANNOTATION = 'io.github.oci-store.omitted';

/** Digests an index.json entry records as deliberately not pulled (OMITTED_ANNOTATION). */
export function omittedChildren(entry: Descriptor): string[] {
  const v = entry.annotations?.[OMITTED_ANNOTATION];
  if (typeof v !== 'string') return [];
  return v.split(',').map((s) => s.trim()).filter((s) => isDigest(s));
}

/** Set (or, for none, remove) an entry's record of children not pulled. */
function setOmitted(entry: Descriptor, digests: readonly string[]): void {
  const { [OMITTED_ANNOTATION]: _old, ...rest } = entry.annotations ?? {};
  const list = [...new Set(digests)].sort();
  const next: Record<string, string> = list.length > 0 ? { ...rest, [OMITTED_ANNOTATION]: list.join(',') } : rest;
  if (Object.keys(next).length > 0) entry.annotations = next;
  else delete entry.annotations;
}

/**
 * containerd's name annotation on index.json entries: the full image name
 * (`docker.io/library/app:1`), while `org.opencontainers.image.ref.name` holds only the
 * tag (`1`) — what `ctr image export` and buildkit's oci exporter write.
 *
 * Reference: containerd core/images/annotations.go, core/images/archive/exporter.go.
 */
export const CONTAINERD_NAME_ANNOTATION = 'io.containerd.image.name';

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
function isContentAnnotation(key: string): boolean {
  if (key === OMITTED_ANNOTATION || key.startsWith(DISTRIBUTION_SOURCE_PREFIX)) return true;
  return key.startsWith('org.opencontainers.image.') && key !== Annotation.RefName;
}

/** Options of `tagMany`. */
export interface TagOptions {
  /**
   * Children of the index `desc` that were deliberately left out (a platform selection):
   * those absent from the store are recorded on each new entry (OMITTED_ANNOTATION),
   * replacing any record `desc` carries; none absent records nothing.
   */
  omitted?: readonly Descriptor[];
}

/** A tag and what it points at. */
export interface TagEntry {
  ref: string;
  descriptor: Descriptor;
}

const LAYOUT_FILE = 'oci-layout';
const INDEX_FILE = 'index.json';
const LOCK_FILE = 'index.json.lock';
/** The index lock is held for milliseconds; older than this, its holder is gone. */
const INDEX_LOCK_STALE_MS = 10 * 60_000;
/** index.json changed more recently than this may change again with the same stat (git's racy window). */
const RACY_MS = 2000;
/** A manifest or index larger than this is refused (registries cap them at 4 MiB too). */
const MANIFEST_MAX_BYTES = DEFAULT_MAX_BYTES;

/** In-process queue per index.json, so one process's updates wait in line instead of polling the lock file. */
const localQueues = new Map<string, Promise<void>>();

function emptyIndex(): ImageIndex {
  return { schemaVersion: 2, mediaType: MediaType.ImageIndex, manifests: [] };
}

/**
 * A descriptor without its ref.name annotation: what a tag resolves to. A copy: the entry
 * belongs to the shared parse of index.json.
 */
function plain(desc: Descriptor): Descriptor {
  const out: Descriptor = { mediaType: desc.mediaType, digest: desc.digest, size: desc.size };
  if (desc.urls) out.urls = [...desc.urls];
  if (desc.platform) out.platform = structuredClone(desc.platform);
  if (desc.artifactType) out.artifactType = desc.artifactType;
  if (desc.data) out.data = desc.data;
  if (desc.annotations) {
    const { [Annotation.RefName]: _drop, ...rest } = desc.annotations;
    if (Object.keys(rest).length > 0) out.annotations = rest;
  }
  return out;
}

/** `plain(desc)` keeping only the annotations that describe the content (isContentAnnotation). */
function contentOnly(desc: Descriptor): Descriptor {
  const out = plain(desc);
  if (out.annotations) {
    const kept = Object.fromEntries(Object.entries(out.annotations).filter(([k]) => isContentAnnotation(k)));
    if (Object.keys(kept).length > 0) out.annotations = kept;
    else delete out.annotations;
  }
  return out;
}

/**
 * The name annotations of a new entry for `ref` (validated): ref.name as written, and with
 * `containerd`, containerd's full name — unless `ref` is a bare word (`latest`), which
 * umoci and skopeo write as a tag without a name.
 */
function nameAnnotations(ref: string, containerd: boolean): Record<string, string> {
  const out: Record<string, string> = { [Annotation.RefName]: ref };
  const r = parseReference(ref);
  if (containerd && (r.tag !== undefined || r.domain !== undefined || r.path.includes('/'))) out[CONTAINERD_NAME_ANNOTATION] = normalizedString(ref);
  return out;
}

/** Throw a coded error unless `desc` is a well-formed descriptor. */
export function validateDescriptor(desc: Descriptor, input?: string): void {
  if (typeof desc !== 'object' || desc === null) {
    throw new OciError('INVALID_INPUT', 'a descriptor is required', { input });
  }
  try {
    parseDigest(desc.digest);
  } catch (e) {
    throw input && isOciError(e) ? new OciError(e.code, e.message, { input, hint: e.hint }) : e;
  }
  if (!Number.isSafeInteger(desc.size) || desc.size < 0) {
    throw new OciError('INVALID_INPUT', `descriptor ${desc.digest} has invalid size ${String(desc.size)}`, { input });
  }
  if (typeof desc.mediaType !== 'string' || desc.mediaType === '') {
    throw new OciError('INVALID_INPUT', `descriptor ${desc.digest} has no mediaType`, { input });
  }
}

function refOf(desc: Descriptor): string | undefined {
  return desc.annotations?.[Annotation.RefName];
}

function containerdNameOf(desc: Descriptor): string | undefined {
  const name = desc.annotations?.[CONTAINERD_NAME_ANNOTATION];
  return typeof name === 'string' && name !== '' ? name : undefined;
}

/**
 * The tag an entry stands for, as listed and untagged: containerd's full name when it has
 * one (`docker.io/library/app:1`, whose ref.name is only `1`), else its ref.name.
 */
export function tagOf(desc: Descriptor): string | undefined {
  return containerdNameOf(desc) ?? refOf(desc);
}

/**
 * True when index.json entries `a` and `b` stand for the same tag (one replaces the
 * other): the same containerd name, else the same ref.name — but a bare ref.name (`1`)
 * next to a containerd name is only part of a name, and `a:1` and `b:1` exported by
 * containerd are two tags.
 */
function sameTag(a: Descriptor, b: Descriptor): boolean {
  const t = tagOf(a);
  if (t !== undefined && t === tagOf(b)) return true;
  const r = refOf(a);
  return r !== undefined && r === refOf(b) && /[:/]/.test(r);
}

/**
 * Names an entry answers to, as written: its ref.name and containerd's full name. Compared
 * in normalised form only the full names are: a containerd entry's ref.name is a bare tag
 * (`1`), which docker's grammar would read as the image `docker.io/library/1:latest`.
 */
function namesOf(desc: Descriptor): { written: string[]; normalizable: string[] } {
  const ref = refOf(desc);
  const full = containerdNameOf(desc);
  const written = [ref, full].filter((n): n is string => n !== undefined);
  return { written, normalizable: full !== undefined ? [full] : written };
}

function normalizedOrUndefined(ref: string): string | undefined {
  try {
    return normalizedString(ref);
  } catch {
    return undefined;
  }
}

/** Collect a stream into a buffer, failing with TOO_LARGE past `max` bytes. */
async function collect(stream: Readable, max: number, what: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += (chunk as Buffer).length;
    if (size > max) {
      stream.destroy();
      throw new OciError('TOO_LARGE', `${what} is larger than ${max} bytes`, { hint: 'manifests and configs this large are not supported' });
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** index.json is gone: the store cannot say what it holds (never recreated silently). */
function missingIndex(path: string): OciError {
  return new OciError('CORRUPT_INDEX', `${path} is missing`, {
    input: 'store',
    hint: 'restore index.json from a backup, or write {"schemaVersion":2,"manifests":[]} to start without tags',
  });
}

/**
 * Parse and validate index.json's bytes: CORRUPT_INDEX naming the first bad entry. Every
 * entry is checked (a few property tests each, cheap beside the parse), so a damaged
 * index is refused by any command, not only by one that happens to look at the entry.
 */
function parseIndex(text: string, path: string): ImageIndex {
  const corrupt = (why: string, cause?: unknown): OciError =>
    new OciError('CORRUPT_INDEX', `${path} is corrupt: ${why}`, {
      input: 'store',
      hint: 'fix or restore index.json by hand (it lists every tag); it was left untouched',
      cause,
    });
  let index: ImageIndex;
  try {
    index = JSON.parse(text) as ImageIndex;
  } catch (e) {
    throw corrupt('not valid JSON', e);
  }
  if (typeof index !== 'object' || index === null || Array.isArray(index)) throw corrupt('not a JSON object');
  if (index.schemaVersion !== 2) throw corrupt(`schemaVersion is ${JSON.stringify(index.schemaVersion)}, not 2`);
  if (!Array.isArray(index.manifests)) throw corrupt('it has no "manifests" array');
  const { manifests } = index;
  // Many tags share an image and all share a few media types: one copy of each string
  // instead of one per entry halves the parse's memory at 100,000 tags, and each distinct
  // digest is validated once.
  const digests = new Map<string, string>();
  const mediaTypes = new Map<string, string>();
  for (let i = 0; i < manifests.length; i++) {
    const d = manifests[i]!;
    if (typeof d !== 'object' || d === null) throw corrupt(`manifests[${i}] is not a descriptor`);
    const digest = typeof d.digest === 'string' ? digests.get(d.digest) : undefined;
    if (digest !== undefined) d.digest = digest;
    else if (!isDigest(d.digest)) throw corrupt(`manifests[${i}] has invalid digest ${JSON.stringify(d.digest)}`);
    else digests.set(d.digest, d.digest);
    if (!Number.isSafeInteger(d.size) || d.size < 0) throw corrupt(`manifests[${i}] has invalid size ${JSON.stringify(d.size)}`);
    if (typeof d.mediaType !== 'string') throw corrupt(`manifests[${i}] has no mediaType`);
    const mediaType = mediaTypes.get(d.mediaType);
    if (mediaType !== undefined) d.mediaType = mediaType;
    else mediaTypes.set(d.mediaType, d.mediaType);
  }
  return index;
}

/**
 * True when an open file holds exactly `bytes`: read in pieces at explicit positions (the
 * handle's offset stays at 0) and compared piece by piece — no second copy of the file at
 * the peak, and no hash of either side (at 100,000 tags, two sha256 of 21 MB were ~45 ms
 * of a `tag` started within 2 s of the last write).
 */
async function holdsBytes(fh: FileHandle, bytes: Buffer): Promise<boolean> {
  const buf = Buffer.allocUnsafe(Math.min(1 << 20, Math.max(bytes.length, 1)));
  for (let position = 0; ; ) {
    const { bytesRead } = await fh.read(buf, 0, buf.length, position);
    if (bytesRead === 0) return position === bytes.length;
    if (position + bytesRead > bytes.length || buf.compare(bytes, position, position + bytesRead, 0, bytesRead) !== 0) return false;
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
  readonly scan: IndexScan;

  constructor(scan: IndexScan) {
    this.scan = scan;
  }

  /** The entries among `candidates` that pass `keep`, parsed, in index.json order. */
  #pick(candidates: number[], keep: (d: Descriptor) => boolean): Descriptor[] {
    const out: Descriptor[] = [];
    for (const i of candidates) {
      const d = this.scan.entry(i);
      if (keep(d)) out.push(d);
    }
    return out;
  }

  /** Entries whose ref.name or containerd name is `name` as written, in index.json order. */
  named(name: string): Descriptor[] {
    return this.#pick(this.scan.candidates(name), (d) => refOf(d) === name || containerdNameOf(d) === name);
  }

  /** Entries pointing at `digest`, in index.json order. */
  byDigest(digest: string): Descriptor[] {
    return this.scan.withDigest(digest).map((i) => this.scan.entry(i));
  }

  /**
   * The tags (tagOf) of the entries pointing at `digest`, in index.json order, read from
   * the scan: only entries it cannot state a name for are parsed (IndexScan.refName). At
   * 100,000 tags on 3 images, one image's 33,000 entries parsed cost ~150 ms of `inspect`.
   */
  tagsAt(digest: string): string[] {
    const out: string[] = [];
    for (const i of this.scan.withDigest(digest)) {
      const ref = this.scan.refName(i);
      const tag = ref === null ? tagOf(this.scan.entry(i)) : ref;
      if (tag !== undefined) out.push(tag);
    }
    return out;
  }

  /**
   * Entries with a normalisable name whose normalised form is `wanted` (itself normalised),
   * in index.json order. Normalising adds a registry, `library/` and `:latest`, never
   * changes the repository's last path component: entries without it are not parsed.
   */
  normalized(wanted: string): Descriptor[] {
    const last = wanted.slice(wanted.lastIndexOf('/') + 1).replace(/[:@].*$/, '');
    return this.#pick(this.scan.candidates(last, false), (d) =>
      namesOf(d).normalizable.some((n) => n.includes(last) && normalizedOrUndefined(n) === wanted),
    );
  }
}

/**
 * An OCI image layout on disk. Open with `Store.open(root)`.
 */
export class Store implements Target, ReferrerFinder {
  /** Absolute path of the layout directory. */
  readonly root: string;
  /** Local blobs only (no fallback). */
  readonly blobs: BlobStorage;
  /** Lazy source of missing blobs (the runner cache); settable after open. */
  fallback: BlobFallback | undefined;
  readonly #logger: Logger;
  readonly #lockWaitMs: number;
  /** The last index.json scanned: its stat key and the scan. */
  #cache: { key: string; snapshot: IndexSnapshot } | undefined;
  /** Parsed small JSON blobs by digest (blobs are immutable): for referrers and gc. */
  readonly #jsonCache = new Map<string, { subject?: string; artifactType?: string; mediaType?: string; annotations?: Record<string, string> } | null>();

  private constructor(root: string, options: StoreOptions) {
    this.root = root;
    this.blobs = new BlobStorage(root);
    this.fallback = options.fallback;
    this.#logger = options.logger ?? silentLogger;
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
  static async open(root: string, options: StoreOptions = {}): Promise<Store> {
    const store = new Store(resolvePath(root), options);
    await store.#init(options.create ?? true);
    return store;
  }

  async #init(create: boolean): Promise<void> {
    const layoutPath = join(this.root, LAYOUT_FILE);
    let text: string | undefined;
    try {
      text = await readFile(layoutPath, 'utf8');
    } catch (e) {
      if (isErrno(e, 'ENOTDIR')) {
        throw new OciError('UNSUPPORTED_LAYOUT', `store ${this.root} is not a directory`, {
          input: 'store',
          hint: 'point store at a directory (it is created when missing)',
        });
      }
      if (!isErrno(e, 'ENOENT')) throw e;
    }
    if (text === undefined) {
      const hasIndex = await exists(join(this.root, INDEX_FILE));
      const hasBlobs = await exists(join(this.root, 'blobs'));
      if (hasIndex || hasBlobs) {
        throw new OciError('UNSUPPORTED_LAYOUT', `${layoutPath} is missing, but ${this.root} holds ${hasIndex ? 'index.json' : 'blobs/'}`, {
          input: 'store',
          hint: `if this is an OCI image layout, write {"imageLayoutVersion":"${IMAGE_LAYOUT_VERSION}"} to its oci-layout file; otherwise choose another store directory`,
        });
      }
      if (!create) {
        throw new OciError('NOT_FOUND', `no OCI layout at ${this.root}`, {
          input: 'store',
          hint: 'ingest or pull something into the store first, or check the store path',
        });
      }
      // oci-layout first: a concurrent opener then never sees index.json or blobs/
      // without it (which would look like a damaged layout).
      // One level at a time (dirs.ts): Node's recursive mkdir hangs under /proc and says
      // ENOENT for a read-only file system.
      await makeDirectory(this.root, { input: 'store' });
      const layout: ImageLayout = { imageLayoutVersion: IMAGE_LAYOUT_VERSION };
      await writeFileAtomic(layoutPath, JSON.stringify(layout), this.root);
      text = JSON.stringify(layout);
    }
    let layout: Partial<ImageLayout>;
    try {
      layout = JSON.parse(text) as Partial<ImageLayout>;
    } catch (e) {
      throw new OciError('UNSUPPORTED_LAYOUT', `${layoutPath} is not valid JSON`, {
        input: 'store',
        hint: `it should hold {"imageLayoutVersion":"${IMAGE_LAYOUT_VERSION}"}`,
        cause: e,
      });
    }
    if (typeof layout !== 'object' || layout === null || layout.imageLayoutVersion !== IMAGE_LAYOUT_VERSION) {
      const v = typeof layout === 'object' && layout !== null ? layout.imageLayoutVersion : undefined;
      throw new OciError('UNSUPPORTED_LAYOUT', `${layoutPath} has layout version ${JSON.stringify(v)}; this store reads ${IMAGE_LAYOUT_VERSION}`, {
        input: 'store',
        hint: 'use a store directory written by an OCI image-layout 1.0 tool (oci-store, skopeo, umoci, oras)',
      });
    }
    if (!(await exists(join(this.root, INDEX_FILE)))) {
      // image-layout.md requires index.json; a layout with blobs that lost it has lost its
      // tags (and a gc would sweep everything): report, never paper over.
      if (!create || (await hasEntries(join(this.root, 'blobs', 'sha256')))) {
        throw new OciError('CORRUPT_INDEX', `${join(this.root, INDEX_FILE)} is missing`, {
          input: 'store',
          hint: 'restore index.json from a backup, or write {"schemaVersion":2,"manifests":[]} to start without tags',
        });
      }
      await this.#withIndexLock(async () => {
        if (!(await exists(join(this.root, INDEX_FILE)))) await this.#writeIndex(emptyIndex());
      });
    }
    await this.#snapshot();
    if (create) await makeDirectory(join(this.root, 'blobs', 'sha256'), { input: 'store' });
  }

  // ---- index.json ---------------------------------------------------------------------

  /** The current index.json (validated; parsed afresh, the caller owns it). */
  async readIndex(): Promise<ImageIndex> {
    return (await this.#snapshot()).scan.parse();
  }

  /**
   * The current index.json, scanned and validated once per version of the file: at 100,000
   * tags a full parse costs more than the rest of a command (index-scan.ts). The same
   * inode, size and mtime reuse the scan; a file changed within the last moments (git's
   * "racy" case: coarse clocks, inode reuse) is read again and reused only when its bytes
   * hash the same. Shared and read-only: lookups hand out parsed copies.
   */
  async #snapshot(): Promise<IndexSnapshot> {
    const path = join(this.root, INDEX_FILE);
    let fh: FileHandle;
    try {
      fh = await open(path, 'r');
    } catch (e) {
      if (isErrno(e, 'ENOENT')) throw missingIndex(path);
      throw e;
    }
    try {
      const st = await fh.stat({ bigint: true });
      const key = `${st.ino}:${st.size}:${st.mtimeNs}`;
      const cached = this.#cache;
      if (cached?.key === key && Date.now() - Number(st.mtimeMs) > RACY_MS) return cached.snapshot;
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
    } finally {
      await fh.close();
    }
  }

  /** index.json read and validated afresh: an object the caller owns. */
  async #loadIndex(path: string): Promise<ImageIndex> {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (e) {
      if (isErrno(e, 'ENOENT')) {
        throw missingIndex(path);
      }
      throw e;
    }
    return parseIndex(text, path);
  }

  async #writeIndex(index: ImageIndex | Buffer): Promise<void> {
    // The commit point: every blob the new index can name must be durable first (blob
    // links are fsynced per directory here, not per blob; see storage.ts).
    await this.blobs.syncPublished();
    await writeFileAtomic(join(this.root, INDEX_FILE), Buffer.isBuffer(index) ? index : JSON.stringify(index), this.root);
  }

  async #withIndexLock<T>(fn: () => Promise<T>): Promise<T> {
    const key = join(this.root, INDEX_FILE);
    const previous = localQueues.get(key) ?? Promise.resolve();
    let done!: () => void;
    const mine = new Promise<void>((r) => (done = r));
    const tail = previous.then(() => mine);
    localQueues.set(key, tail);
    await previous;
    try {
      const lock = await acquireLock(join(this.root, LOCK_FILE), {
        what: `${key}`,
        waitMs: this.#lockWaitMs,
        staleMs: INDEX_LOCK_STALE_MS,
        hint: 'another oci-store process holds the store; retry when it has finished (or remove index.json.lock if no process is running)',
        onStale: (info) =>
          this.#logger.warning(`recovered a stale index.json lock${info ? ` of pid ${info.pid} since ${info.since}` : ''}`),
      });
      try {
        return await fn();
      } finally {
        await lock.release();
      }
    } finally {
      done();
      if (localQueues.get(key) === tail) localQueues.delete(key);
    }
  }

  /**
   * Locked read-modify-write of index.json: `fn` gets the index as it is now on disk (read
   * under the lock, parsed for `fn` to own) and mutates it or returns a replacement; the
   * result is written atomically. Throws CORRUPT_INDEX (writing nothing) when index.json is corrupt.
   */
  async updateIndex(fn: (index: ImageIndex) => ImageIndex | void | Promise<ImageIndex | void>): Promise<void> {
    await this.#withIndexLock(async () => {
      // As it is now, under the lock; the parse is reused when the file is unchanged. `fn`
      // then owns it, so the cache is dropped first: a failed update leaves no half-changed
      // index behind in memory either.
      const current = (await this.#snapshot()).scan.parse();
      const next = (await fn(current)) ?? current;
      if (typeof next !== 'object' || next === null || !Array.isArray(next.manifests)) {
        throw new OciError('INVALID_INPUT', 'updateIndex: the update did not produce an image index');
      }
      await this.#writeIndex(next);
    });
  }

  // ---- blobs --------------------------------------------------------------------------

  /** True when the blob is present locally, or the fallback (runner cache) holds it. */
  async exists(desc: Descriptor): Promise<boolean> {
    parseDigest(desc.digest);
    if (await this.blobs.has(desc.digest)) return true;
    return this.fallback?.has(desc.digest) ?? false;
  }

  /** Make a blob local, asking the fallback on a miss. Returns its local size; NOT_FOUND otherwise. */
  async #ensureLocal(digest: string, size: number | undefined): Promise<number> {
    try {
      return (await this.blobs.stat(digest)).size;
    } catch (e) {
      if (!isOciError(e, 'NOT_FOUND') || !this.fallback) throw e;
      if (!(await this.fallback.fetchInto(digest, size, this.blobs))) throw e;
      return (await this.blobs.stat(digest)).size;
    }
  }

  /**
   * A verified stream of a blob (digest checked at its end, size up front); on a local
   * miss the fallback is asked to place it first. NOT_FOUND when nobody has it.
   * `readSize`: bytes per read (BlobStorage.open).
   */
  async fetch(desc: Descriptor, options: { readSize?: number } = {}): Promise<Readable> {
    validateDescriptor(desc);
    const size = await this.#ensureLocal(desc.digest, desc.size);
    if (size !== desc.size) {
      throw new OciError('SIZE_MISMATCH', `blob ${desc.digest} has ${size} bytes, but its descriptor says ${desc.size}`, {
        hint: 'the manifest referring to it is wrong, or the blob file was replaced',
      });
    }
    return this.blobs.open(desc.digest, undefined, options);
  }

  /**
   * Store a blob from a stream, verified against `desc` before it is published. When the
   * blob is already present the stream is drained and the existing blob kept.
   */
  async push(desc: Descriptor, content: Readable): Promise<void> {
    validateDescriptor(desc);
    if (await this.blobs.has(desc.digest)) {
      // Verify the caller's bytes anyway: a push that "succeeds" must have sent the blob.
      await pipeline(content, new DigestStream({ digest: desc.digest, size: desc.size }), async (src: AsyncIterable<unknown>) => {
        for await (const _ of src) {
          /* drain */
        }
      });
      return;
    }
    const ref = `push-${desc.digest}-${process.pid}-${randomBytes(4).toString('hex')}`;
    const w = await this.blobs.writer(ref, { total: desc.size, expected: desc.digest });
    try {
      await pipeline(content, w.stream());
    } catch (e) {
      await w.cancel().catch(() => {});
      throw e;
    }
    await w.commit(desc.size, desc.digest);
  }

  /** Read a small JSON blob (manifest, index, config), verified and size-capped. */
  async readJSON<T>(desc: Descriptor, maxBytes: number = MANIFEST_MAX_BYTES): Promise<T> {
    validateDescriptor(desc);
    if (desc.size > maxBytes) {
      throw new OciError('TOO_LARGE', `blob ${desc.digest} (${desc.mediaType}) has ${desc.size} bytes, more than the ${maxBytes} allowed`, {
        hint: 'manifests and configs this large are not supported',
      });
    }
    const size = await this.#ensureLocal(desc.digest, desc.size);
    if (size !== desc.size) {
      throw new OciError('SIZE_MISMATCH', `blob ${desc.digest} has ${size} bytes, but its descriptor says ${desc.size}`, {
        hint: 'the manifest referring to it is wrong, or the blob file was replaced',
      });
    }
    const data = await this.blobs.get(desc.digest, maxBytes);
    try {
      return JSON.parse(data.toString('utf8')) as T;
    } catch (e) {
      throw new OciError('INVALID_MANIFEST', `blob ${desc.digest} (${desc.mediaType}) is not valid JSON`, {
        hint: 'the image is damaged; pull or ingest it again',
        cause: e,
      });
    }
  }

  /** Store `JSON.stringify(value)` as a blob; returns its descriptor (with `extra` merged). */
  async pushJSON(value: unknown, mediaType: string, extra?: Partial<Descriptor>): Promise<Descriptor> {
    return this.pushBytes(Buffer.from(JSON.stringify(value), 'utf8'), mediaType, extra);
  }

  /** Store small bytes as a blob; returns its descriptor (with `extra` merged). */
  async pushBytes(data: Uint8Array, mediaType: string, extra?: Partial<Descriptor>): Promise<Descriptor> {
    const digest = sha256(data);
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
  async resolve(ref: string): Promise<Descriptor> {
    if (typeof ref !== 'string' || ref === '') {
      throw new OciError('INVALID_REFERENCE', 'an empty reference cannot be resolved', { hint: 'use a tag like app:1 or a digest' });
    }
    const snapshot = await this.#snapshot();
    if (isDigest(ref)) return this.#resolveDigest(ref, snapshot);
    const exact = snapshot.named(ref);
    if (exact.length > 0) return plain(this.#one(ref, exact));
    const parsed = parseReference(ref);
    if (parsed.digest !== undefined) return this.#resolveDigest(parsed.digest, snapshot, ref);
    const normal = snapshot.normalized(normalizedString(ref));
    if (normal.length > 0) return plain(this.#one(ref, normal));
    throw new OciError('NOT_FOUND', `${ref} is not in the store ${this.root}`, {
      hint: 'check the tag (inspect without a ref lists every tag), or pull it first',
    });
  }

  /** The entry `ref` matched; INVALID_REFERENCE naming every candidate when they differ in content. */
  #one(ref: string, matches: Descriptor[]): Descriptor {
    const digests = new Set(matches.map((d) => d.digest));
    if (digests.size === 1) return matches[matches.length - 1]!;
    const candidates = matches.map((d) => `${tagOf(d) ?? '(untagged)'} (${d.digest})`);
    const example = matches.map(tagOf).find((n) => n !== undefined && n !== ref);
    throw new OciError('INVALID_REFERENCE', `${ref} is ambiguous in the store ${this.root}: it names ${digests.size} different images: ${candidates.join(', ')}`, {
      hint: `refer to one of them by its full name${example !== undefined ? ` (e.g. ${example})` : ''} or by its digest`,
    });
  }

  async #resolveDigest(digest: string, snapshot: IndexSnapshot, ref = digest): Promise<Descriptor> {
    const [entry] = snapshot.byDigest(digest);
    if (entry !== undefined) return plain(entry);
    let size: number;
    try {
      size = (await this.blobs.stat(digest)).size;
    } catch (e) {
      if (!isOciError(e, 'NOT_FOUND') || !this.fallback?.has(digest)) {
        throw new OciError('NOT_FOUND', `${ref} is not in the store ${this.root}`, {
          hint: 'check the digest, or pull the image first',
        });
      }
      size = await this.#ensureLocal(digest, this.fallback.size?.(digest));
    }
    const notManifest = (): OciError =>
      new OciError('INVALID_MANIFEST', `${ref} names a blob that is not a manifest or an index`, {
        hint: 'refer to an image by the digest of its manifest or index',
      });
    if (size > MANIFEST_MAX_BYTES) throw notManifest();
    let doc: { mediaType?: unknown; manifests?: unknown; config?: unknown; layers?: unknown };
    try {
      doc = JSON.parse((await this.blobs.get(digest)).toString('utf8')) as typeof doc;
    } catch (e) {
      if (isOciError(e)) throw e;
      throw notManifest();
    }
    if (typeof doc !== 'object' || doc === null) throw notManifest();
    let mediaType = typeof doc.mediaType === 'string' ? doc.mediaType : undefined;
    // image-spec makes mediaType optional in manifests (SHOULD); infer it from the shape.
    if (mediaType === undefined) {
      if (Array.isArray(doc.manifests)) mediaType = MediaType.ImageIndex;
      else if (typeof doc.config === 'object' && Array.isArray(doc.layers)) mediaType = MediaType.ImageManifest;
    }
    if (!isIndexMediaType(mediaType) && !isManifestMediaType(mediaType)) throw notManifest();
    const out: Descriptor = { mediaType: mediaType!, digest, size };
    const at = (doc as { artifactType?: unknown }).artifactType;
    if (typeof at === 'string') out.artifactType = at;
    return out;
  }

  /** Point `ref` (recorded as written) at `desc`, replacing an earlier target. */
  async tag(desc: Descriptor, ref: string): Promise<void> {
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
  async tagMany(desc: Descriptor, refs: string[], options: TagOptions = {}): Promise<void> {
    validateDescriptor(desc);
    for (const r of refs) validateTag(r);
    if (refs.length === 0) return;
    await this.#withIndexLock(async () => {
      // As it is now, under the lock (the scan is reused when the file is unchanged).
      const { scan } = await this.#snapshot();
      // Checked under the lock, so a concurrent gc (which holds it) cannot sweep the
      // content between this check and the write.
      if (!(await this.exists(desc))) {
        throw new OciError('NOT_FOUND', `cannot tag ${desc.digest}: it is not in the store ${this.root}`, {
          hint: 'push or ingest the content before tagging it',
        });
      }
      const base: Descriptor = contentOnly(desc);
      if (options.omitted !== undefined) {
        const absent: string[] = [];
        for (const o of options.omitted) if (!(await this.#has(o.digest))) absent.push(o.digest);
        setOmitted(base, absent);
      }
      const containerdStyle = containerdNameOf(desc) !== undefined;
      // The new index.json is the old one's bytes with entries spliced in: an entry standing
      // for the same tag is replaced in place (and any further one removed), else the new
      // entry is appended; every other entry keeps its bytes. Only entries whose bytes can
      // hold the tag's names are parsed (IndexScan.candidates).
      const replace = new Map<number, Descriptor>();
      const remove = new Set<number>();
      let append: Descriptor[] = [];
      const parsed = new Map<number, Descriptor>();
      for (const ref of refs) {
        const entry: Descriptor = structuredClone(base);
        entry.annotations = { ...entry.annotations, ...nameAnnotations(ref, containerdStyle) };
        const names = new Set([ref, tagOf(entry)!]);
        const candidates = new Set<number>(replace.keys());
        for (const n of names) for (const i of scan.candidates(n)) candidates.add(i);
        const matches: number[] = [];
        for (const i of [...candidates].sort((a, b) => a - b)) {
          if (remove.has(i)) continue;
          let current = replace.get(i) ?? parsed.get(i);
          if (current === undefined) parsed.set(i, (current = scan.entry(i)));
          if (sameTag(current, entry)) matches.push(i);
        }
        const appended = append.filter((d) => sameTag(d, entry));
        if (matches.length > 0) {
          replace.set(matches[0]!, entry);
          for (const i of matches.slice(1)) {
            replace.delete(i);
            remove.add(i);
          }
          append = append.filter((d) => !appended.includes(d));
        } else if (appended.length > 0) {
          append[append.indexOf(appended[0]!)] = entry;
          append = append.filter((d) => !appended.includes(d) || d === entry);
        } else {
          append.push(entry);
        }
      }
      const edit: IndexEdit = { replace, remove, append };
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
  async keepRoot(desc: Descriptor, options: TagOptions = {}): Promise<void> {
    validateDescriptor(desc);
    const kept = (index: ImageIndex): boolean => index.manifests.some((d) => d.digest === desc.digest && refOf(d) === undefined);
    // No write for a pull that changed nothing.
    if ((await this.#snapshot()).byDigest(desc.digest).some((d) => refOf(d) === undefined)) return;
    await this.updateIndex(async (index) => {
      if (kept(index)) return;
      if (!(await this.exists(desc))) {
        throw new OciError('NOT_FOUND', `cannot keep ${desc.digest}: it is not in the store ${this.root}`, {
          hint: 'push or pull the content before keeping it',
        });
      }
      const entry = contentOnly(desc);
      if (options.omitted !== undefined) {
        const absent: string[] = [];
        for (const o of options.omitted) if (!(await this.#has(o.digest))) absent.push(o.digest);
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
  async pruneOmitted(desc: Descriptor): Promise<void> {
    const stale = async (entries: Descriptor[]): Promise<boolean> => {
      for (const e of entries) for (const d of omittedChildren(e)) if (await this.#has(d)) return true;
      return false;
    };
    if (!(await stale((await this.#snapshot()).byDigest(desc.digest)))) return;
    await this.updateIndex(async (index) => {
      for (const e of index.manifests) {
        if (e.digest !== desc.digest || e.annotations?.[OMITTED_ANNOTATION] === undefined) continue;
        const still: string[] = [];
        for (const d of omittedChildren(e)) if (!(await this.#has(d))) still.push(d);
        setOmitted(e, still);
      }
    });
  }

  /** Present locally or in the fallback. */
  async #has(digest: string): Promise<boolean> {
    return (await this.blobs.has(digest)) || (this.fallback?.has(digest) ?? false);
  }

  /**
   * Remove a tag: entries whose tag (tagOf: containerd's full name, else ref.name) is `ref`
   * as written, else those whose normalised name equals `ref`'s. A containerd entry is
   * removed by its full name only, as listTags shows it: its bare ref.name (`1`) may be
   * shared by other images. True when something was removed. The content stays until gc.
   */
  async untag(ref: string): Promise<boolean> {
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
  async listTags(digest?: string): Promise<TagEntry[]> {
    const snapshot = await this.#snapshot();
    const entries = digest !== undefined ? snapshot.byDigest(digest) : snapshot.scan.parse().manifests;
    const out: TagEntry[] = [];
    for (const d of entries) {
      const ref = tagOf(d);
      if (ref !== undefined) out.push({ ref, descriptor: plain(d) });
    }
    return out;
  }

  /** The tags listTags(digest) lists, without their descriptors (nothing parsed that the index scan can read). */
  async tagsOf(digest: string): Promise<string[]> {
    return (await this.#snapshot()).tagsAt(digest);
  }

  // ---- graph --------------------------------------------------------------------------

  /**
   * Direct successors: a manifest's config, layers and subject; an index's manifests and
   * subject; nothing for other blobs.
   */
  async successors(desc: Descriptor): Promise<Descriptor[]> {
    if (isManifestMediaType(desc.mediaType)) {
      const m = await this.readJSON<Manifest>(desc);
      const out: Descriptor[] = [];
      if (m.config) out.push(m.config);
      if (Array.isArray(m.layers)) out.push(...m.layers);
      if (m.subject) out.push(m.subject);
      return out;
    }
    if (isIndexMediaType(desc.mediaType)) {
      const ix = await this.readJSON<ImageIndex>(desc);
      const out: Descriptor[] = Array.isArray(ix.manifests) ? [...ix.manifests] : [];
      if (ix.subject) out.push(ix.subject);
      return out;
    }
    return [];
  }

  /** What a small blob says about itself, cached; null when it is not a manifest or index. */
  async #peek(digest: string, size: number): Promise<{ subject?: string; artifactType?: string; mediaType?: string; annotations?: Record<string, string> } | null> {
    const cached = this.#jsonCache.get(digest);
    if (cached !== undefined) return cached;
    let out: { subject?: string; artifactType?: string; mediaType?: string; annotations?: Record<string, string> } | null = null;
    if (size <= MANIFEST_MAX_BYTES && size > 0) {
      try {
        const data = await this.blobs.get(digest);
        if (data[0] === 0x7b /* { */) {
          const doc = JSON.parse(data.toString('utf8')) as Partial<Manifest & ImageIndex>;
          let mediaType = doc.mediaType;
          if (mediaType === undefined) {
            if (Array.isArray(doc.manifests)) mediaType = MediaType.ImageIndex;
            else if (typeof doc.config === 'object' && Array.isArray(doc.layers)) mediaType = MediaType.ImageManifest;
          }
          if (isManifestMediaType(mediaType) || isIndexMediaType(mediaType)) {
            out = { mediaType };
            if (doc.subject && typeof doc.subject.digest === 'string') out.subject = doc.subject.digest;
            // distribution-spec: an image manifest's artifactType defaults to its config's mediaType.
            const at = doc.artifactType ?? (isManifestMediaType(mediaType) ? doc.config?.mediaType : undefined);
            if (typeof at === 'string') out.artifactType = at;
            if (doc.annotations) out.annotations = doc.annotations;
          }
        }
      } catch {
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
  async referrers(subject: Descriptor, artifactType?: string): Promise<Descriptor[]> {
    parseDigest(subject.digest);
    const out: Descriptor[] = [];
    await this.blobs.walk(async ({ digest, size }) => {
      const info = await this.#peek(digest, size);
      if (!info || info.subject !== subject.digest) return;
      if (artifactType !== undefined && info.artifactType !== artifactType) return;
      const d: Descriptor = { mediaType: info.mediaType!, digest, size };
      if (info.artifactType !== undefined) d.artifactType = info.artifactType;
      if (info.annotations !== undefined) d.annotations = info.annotations;
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
  async gc(options: GcOptions = {}): Promise<GcReport> {
    const staleIngestMs = options.staleIngestMs ?? 3600_000;
    const minBlobAgeMs = options.minBlobAgeMs ?? 0;
    return this.#withIndexLock(async () => {
      const index = await this.#loadIndex(join(this.root, INDEX_FILE));
      const live = new Set<string>();
      // What each manifest or index read during the mark holds, or why it could not be read.
      const read = new Map<string, Descriptor[] | unknown>();
      const mark = (roots: Descriptor[]): Promise<void> =>
        walk(
          this,
          roots,
          ({ descriptor: d }) => {
            // Marked by an earlier mark (referrers below), or a digest that names no blob.
            if (live.has(d.digest) || !isDigest(d.digest)) return SKIP_CHILDREN;
            live.add(d.digest);
          },
          {
            children: async (d) => {
              const children = (options.known?.get(d.digest) as Descriptor[] | undefined) ?? (await this.successors(d));
              read.set(d.digest, children);
              return children;
            },
            onError: (e) => void read.set(e.descriptor.digest, e.cause),
          },
        );
      await mark(index.manifests);
      // Referrers of live manifests stay (signatures, SBOMs), to a fixed point.
      const candidates: Array<{ digest: string; size: number }> = [];
      await this.blobs.walk((b) => {
        if (!live.has(b.digest)) candidates.push(b);
      });
      for (let changed = true; changed; ) {
        changed = false;
        for (const b of candidates) {
          if (live.has(b.digest)) continue;
          const info = await this.#peek(b.digest, b.size);
          if (info?.subject !== undefined && live.has(info.subject)) {
            await mark([{ mediaType: info.mediaType!, digest: b.digest, size: b.size }]);
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
        if (live.has(b.digest)) continue;
        if (unreadable.length > 0) {
          keptBlobs++;
          keptBytes += b.size;
          continue;
        }
        if (minBlobAgeMs > 0) {
          try {
            if (now - (await stat(this.blobs.blobPath(b.digest))).mtimeMs < minBlobAgeMs) continue;
          } catch {
            continue;
          }
        }
        try {
          await this.blobs.delete(b.digest);
          removedBlobs++;
          bytesFreed += b.size;
          this.#jsonCache.delete(b.digest);
        } catch (e) {
          if (!isOciError(e, 'NOT_FOUND')) throw e;
        }
      }
      let removedIngests = await this.blobs.pruneIngests(staleIngestMs);
      // Torn index.json temp files of killed writers.
      for (const name of await readdir(this.root)) {
        if (!/^index\.json\..+\.tmp$/.test(name) && !/^index\.json\.lock\.stale-/.test(name) && !/^oci-layout\..+\.tmp$/.test(name)) continue;
        const p = join(this.root, name);
        try {
          if (now - (await stat(p)).mtimeMs > Math.min(staleIngestMs, 60_000)) {
            await rm(p, { force: true });
            removedIngests++;
          }
        } catch {
          /* gone */
        }
      }
      if (unreadable.length === 0) return { removedBlobs, bytesFreed, removedIngests };
      for (const u of unreadable) {
        const what = u.ref !== undefined ? `tag ${u.ref}` : `the untagged index.json entry ${u.root}`;
        const where = u.digest === u.root ? '' : ` (its ${u.digest})`;
        this.#logger.warning(
          `gc: ${what} cannot be read${where}: ${u.message.replace(/[.\s]+$/, '')}. ` +
            `No blob was removed (${keptBlobs} unreferenced kept), since what it references is unknown. ` +
            `Run verify to see the damage, then pull or ingest ${u.ref ?? 'the image'} again, or remove the entry from index.json.`,
        );
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
  #unreadableRoots(roots: Descriptor[], read: Map<string, Descriptor[] | unknown>): GcUnreadable[] {
    const out: GcUnreadable[] = [];
    for (const root of roots) {
      const omitted = new Set(omittedChildren(root));
      const seen = new Set<string>();
      const stack: Array<{ d: Descriptor; top: boolean }> = [{ d: root, top: true }];
      while (stack.length > 0) {
        const { d, top } = stack.pop()!;
        if (seen.has(d.digest)) continue;
        seen.add(d.digest);
        const r = read.get(d.digest);
        if (r === undefined) continue; // a blob, not a manifest or index
        if (Array.isArray(r)) {
          for (const c of r as Descriptor[]) stack.push({ d: c, top: top && d === root && isIndexMediaType(d.mediaType) });
          continue;
        }
        if (top && d !== root && omitted.has(d.digest) && isOciError(r, 'NOT_FOUND')) continue;
        const u: GcUnreadable = { root: root.digest, digest: d.digest, message: r instanceof Error ? r.message : String(r) };
        const ref = tagOf(root);
        if (ref !== undefined) u.ref = ref;
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
  async #checkNode(d: Descriptor, sizes: ReadonlyMap<string, number>, corrupt: ReadonlyMap<string, VerifyProblem>): Promise<NodeCheck> {
    const problem = (code: string, message: (what: string) => string): NodeFinding => (what) => ({ kind: 'problem', d, code, message: message(what) });
    const none: Array<[Descriptor, string]> = [];
    if (!isDigest(d.digest)) return { own: [problem('INVALID_DIGEST', (what) => `${what} has invalid digest ${JSON.stringify(d.digest)}`)], children: none };
    const own: NodeFinding[] = [];
    const size = sizes.get(d.digest);
    if (size === undefined) {
      if (!this.fallback?.has(d.digest)) return { own: [problem('INCOMPLETE', (what) => `${what} ${d.digest} is missing from the store`)], children: none };
      own.push(() => ({ kind: 'notLocal', d }));
      if (!isManifestMediaType(d.mediaType) && !isIndexMediaType(d.mediaType)) return { own, children: none };
    } else if (size !== d.size) {
      return { own: [problem('SIZE_MISMATCH', (what) => `${what} ${d.digest} has ${size} bytes, but its descriptor says ${d.size}`)], children: none };
    }
    if (corrupt.has(d.digest)) return { own: [(what) => ({ kind: 'corrupt', d, what })], children: none };
    if (!isManifestMediaType(d.mediaType) && !isIndexMediaType(d.mediaType)) return { own, children: none };
    const invalid = (code: string, message: string): NodeCheck => ({ own: [...own, problem(code, () => message)], children: none });
    let doc: Partial<Manifest & ImageIndex>;
    try {
      doc = await this.readJSON<Partial<Manifest & ImageIndex>>(d);
    } catch (e) {
      return invalid(isOciError(e) ? e.code : 'INVALID_MANIFEST', (e as Error).message);
    }
    if (typeof doc !== 'object' || doc === null || (doc.mediaType !== undefined && doc.mediaType !== d.mediaType)) {
      return invalid('INVALID_MANIFEST', `${d.digest} is described as ${d.mediaType} but its content says ${JSON.stringify(doc?.mediaType)}`);
    }
    const children: Array<[Descriptor, string]> = [];
    if (isManifestMediaType(d.mediaType)) {
      if (typeof doc.config !== 'object' || doc.config === null || !Array.isArray(doc.layers)) {
        return invalid('INVALID_MANIFEST', `manifest ${d.digest} lacks config or layers`);
      }
      children.push([doc.config, 'config']);
      for (const l of doc.layers) children.push([l, 'layer']);
    } else {
      if (!Array.isArray(doc.manifests)) return invalid('INVALID_MANIFEST', `index ${d.digest} lacks manifests`);
      for (const m of doc.manifests) children.push([m, 'manifest']);
    }
    const bad = children.find(([c]) => typeof c !== 'object' || c === null);
    if (bad !== undefined) {
      return invalid('INVALID_MANIFEST', `${isManifestMediaType(d.mediaType) ? 'manifest' : 'index'} ${d.digest} has a ${bad[1]} that is not a descriptor: ${JSON.stringify(bad[0])}`);
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
  async verify(): Promise<VerifyReport> {
    const problems: VerifyProblem[] = [];
    const notLocal: VerifyReport['notLocal'] = [];
    const notPulled: VerifyReport['notPulled'] = [];
    let checkedBlobs = 0;
    const sizes = new Map<string, number>();
    /** Corrupt blobs → their problem, which names the first tag found to need them. */
    const corrupt = new Map<string, VerifyProblem>();
    await this.blobs.walk(async ({ digest, size }) => {
      let actual: string;
      try {
        actual = await this.blobs.hash(digest);
      } catch (e) {
        if (isErrno(e, 'ENOENT')) return;
        throw e;
      }
      checkedBlobs++;
      sizes.set(digest, size);
      if (actual !== digest) {
        const problem: VerifyProblem = {
          code: 'DIGEST_MISMATCH',
          digest,
          message: `blob ${digest} is corrupt: its file ${this.blobs.blobPath(digest)} has digest ${actual}`,
        };
        corrupt.set(digest, problem);
        problems.push(problem);
      }
    });
    for (const stray of await this.blobs.strayFiles()) {
      problems.push({ code: 'INVALID_DIGEST', message: `${join(this.root, stray)} is not named by a valid digest` });
    }
    const { scan } = await this.#snapshot();
    // One walk (walk.ts) from every entry checks each descriptor once — reading each
    // manifest and index once — however many tags reach it: at 100,000 tags on a few images
    // the roots dedupe to a few nodes (issue 13). A node is a blob as one descriptor
    // describes it (type, size, digest): a wrong size or type in one descriptor of a blob
    // is that descriptor's problem, found even where another describes it rightly.
    const nodeKey = (d: Descriptor): string => `${d.mediaType}\n${d.size}\n${String(d.digest)}`;
    const checks = new Map<string, NodeCheck>();
    // The entries' distinct descriptors, found by the scan's shared digest strings: a key
    // string per entry cost 100,000 tags 25 ms of CPU more than verify took before.
    const distinct = new Map<string, Array<{ d: Descriptor; sound?: boolean }>>();
    const rootOf = (i: number): { d: Descriptor; sound?: boolean } => {
      const d = scan.fields(i);
      let same = distinct.get(d.digest);
      if (same === undefined) distinct.set(d.digest, (same = []));
      let root = same.find((r) => r.d.mediaType === d.mediaType && r.d.size === d.size);
      if (root === undefined) {
        same.push((root = { d }));
        roots.push(d);
      }
      return root;
    };
    const roots: Descriptor[] = [];
    for (let i = 0; i < scan.count; i++) rootOf(i);
    await walk(
      this,
      roots,
      async ({ descriptor: d }) => {
        const check = await this.#checkNode(d, sizes, corrupt);
        checks.set(nodeKey(d), check);
        if (check.children.length === 0) return SKIP_CHILDREN;
      },
      { key: nodeKey, children: async (d) => checks.get(nodeKey(d))!.children.map(([c]) => c) },
    );
    // Then what each graph holds, from the walk's checks alone (no read): found once per
    // descriptor and role, and each entry names every finding of its graph, so a problem
    // still names each tag it breaks; an entry whose graph is sound is not even parsed.
    const graphs = new Map<string, Finding[]>();
    const has = (digest: string): boolean => sizes.has(digest) || (this.fallback?.has(digest) ?? false);
    const compose = (d: Descriptor, what: string, child: (c: Descriptor, what: string) => Finding[]): Finding[] => {
      const check = checks.get(nodeKey(d))!;
      const out = new Set(check.own.map((f) => f(what)));
      for (let k = check.children.length - 1; k >= 0; k--) {
        const [c, w] = check.children[k]!;
        for (const f of child(c, w)) out.add(f);
      }
      return [...out];
    };
    const graphOf = (d: Descriptor, what: string): Finding[] => {
      const key = `${what}\n${nodeKey(d)}`;
      const known = graphs.get(key);
      if (known !== undefined) return known;
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
        if (root.sound) continue;
      }
      const entry = scan.entry(i);
      const ref = tagOf(entry);
      const where = ref !== undefined ? `tag ${ref}: ` : `index.json entry ${entry.digest}: `;
      // Children of this entry's index that its pull left out on purpose, if absent: not pulled.
      const omitted = new Set(omittedChildren(entry));
      const findings =
        omitted.size === 0 || !isIndexMediaType(entry.mediaType)
          ? graphOf(entry, entry.mediaType)
          : compose(entry, entry.mediaType, (c, what) => (omitted.has(c.digest) && !has(c.digest) ? [{ kind: 'notPulled', d: c }] : graphOf(c, what)));
      for (const f of findings) {
        const digest = String(f.d.digest);
        if (f.kind === 'problem') {
          problems.push({ code: f.code, digest, ref, message: `${where}${f.message}` });
        } else if (f.kind === 'notLocal') {
          notLocal.push(ref !== undefined ? { digest, ref } : { digest });
        } else if (f.kind === 'notPulled') {
          const np: VerifyReport['notPulled'][number] = { digest };
          if (ref !== undefined) np.ref = ref;
          if (f.d.platform) np.platform = formatPlatform(f.d.platform);
          notPulled.push(np);
        } else {
          const damaged = corrupt.get(digest)!;
          // Named under every tag it breaks, so the user knows what to pull again: the
          // blob's own problem takes the first tag, each further tag gets one more.
          if (damaged.ref === undefined && ref !== undefined) {
            damaged.ref = ref;
            damaged.message = `${damaged.message} (tag ${ref} needs it)`;
          } else if (ref !== undefined) {
            problems.push({ code: 'DIGEST_MISMATCH', digest, ref, message: `${where}${f.what} ${digest} is corrupt (its bytes no longer match its digest)` });
          }
        }
      }
    }
    return { ok: problems.length === 0, checkedBlobs, checkedEntries: scan.count, problems, notLocal, notPulled };
  }
}

/** Validate a ref to record as a tag: docker grammar, or a bare tag as umoci/skopeo write them. */
function validateTag(ref: string): void {
  if (typeof ref !== 'string' || ref === '') {
    throw new OciError('INVALID_REFERENCE', 'an empty tag cannot be recorded', { input: 'tags', hint: 'write tags like app:1 or ghcr.io/o/r:t' });
  }
  const parsed = parseReference(ref, 'tags');
  if (parsed.digest !== undefined) {
    throw new OciError('INVALID_REFERENCE', `tag ${JSON.stringify(ref)} contains a digest`, {
      input: 'tags',
      hint: 'a tag names a digest, it cannot include one: drop the @sha256:… part',
    });
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (e) {
    if (isErrno(e, 'ENOENT', 'ENOTDIR')) return false;
    throw e;
  }
}

async function hasEntries(dir: string): Promise<boolean> {
  try {
    return (await readdir(dir)).length > 0;
  } catch (e) {
    if (isErrno(e, 'ENOENT', 'ENOTDIR')) return false;
    throw e;
  }
}
