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
import { createHash, randomUUID } from 'node:crypto';
import { glob, open, realpath, stat } from 'node:fs/promises';
import { lstatSync, readdirSync, readlinkSync, type Stats } from 'node:fs';
import { isAbsolute, posix, relative, resolve, sep } from 'node:path';
import type { BlobWriter, Logger, ProgressFn } from './content.js';
import { compress, layerMediaType, releaseOutput, type Compression, type CompressOptions } from './compress/index.js';
import { OciError, isErrno } from './errors.js';
import type { FlushBehind } from './storage.js';
import { releaseHeap } from './memory.js';
import { packTar, sortByName, sortEntries, sourceChanged, withParents, type PackEntry } from './tar/writer.js';
import { decodeName, displayName, encodeName, hasRawBytes } from './tar/names.js';
import {
  Annotation,
  EMPTY_JSON_DESCRIPTOR,
  MediaType,
  ociDescriptor,
  type Descriptor,
  type History,
  type ImageConfig,
  type ImageIndex,
  type Manifest,
  type Platform,
} from './types/oci.js';

/** The subset of the layout Store that ingest writes through. */
export interface IngestStore {
  blobs: {
    writer(ref: string, options?: { total?: number; expected?: string }): Promise<BlobWriter>;
    flushBehind(ref: string, every: number): FlushBehind;
  };
  exists(desc: Descriptor): Promise<boolean>;
  pushJSON(value: unknown, mediaType: string, extra?: Partial<Descriptor>): Promise<Descriptor>;
  pushBytes(data: Uint8Array, mediaType: string, extra?: Partial<Descriptor>): Promise<Descriptor>;
  readJSON<T>(desc: Descriptor, maxBytes?: number): Promise<T>;
}

/** The fixed epoch used when SOURCE_DATE_EPOCH is unset: 1970-01-01T00:00:00Z. */
export const FIXED_EPOCH = 0;

/** Seconds since the epoch that stand for "now" in a reproducible build. */
export interface BuildTime {
  /** SOURCE_DATE_EPOCH when set and valid. */
  sourceDateEpoch?: number;
  /** The time recorded as `created`: SOURCE_DATE_EPOCH, else FIXED_EPOCH. */
  created: number;
}

/** Read SOURCE_DATE_EPOCH (decimal seconds) from the environment. */
export function buildTime(env: Record<string, string | undefined>): BuildTime {
  const raw = env.SOURCE_DATE_EPOCH?.trim();
  if (raw === undefined || raw === '') return { created: FIXED_EPOCH };
  if (!/^[0-9]{1,12}$/.test(raw)) {
    throw new OciError('INVALID_INPUT', `SOURCE_DATE_EPOCH ${JSON.stringify(raw)} is not a whole number of seconds`, {
      hint: 'set SOURCE_DATE_EPOCH to seconds since 1970, e.g. $(git log -1 --format=%ct)',
    });
  }
  const n = Number(raw);
  return { sourceDateEpoch: n, created: n };
}

/** An entry mtime: clamped to SOURCE_DATE_EPOCH when set, else the fixed epoch. */
export function entryTime(mtimeMs: number, time: BuildTime): number {
  if (time.sourceDateEpoch === undefined) return FIXED_EPOCH;
  return Math.min(Math.floor(mtimeMs / 1000), time.sourceDateEpoch);
}

/** RFC 3339 without fractional seconds (`1970-01-01T00:00:00Z`). */
export function rfc3339(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function badLayers(message: string, hint: string): OciError {
  return new OciError('INVALID_INPUT', message, { input: 'layers', hint });
}

const GLOB_CHARS = /[*?[{]/;

/** Substitute `{os}`, `{arch}` and `{variant}` in a SRC for one platform. */
export function substitutePlatform(src: string, platform: Platform): string {
  return src
    .replaceAll('{os}', platform.os)
    .replaceAll('{arch}', platform.architecture)
    .replaceAll('{variant}', platform.variant ?? '');
}

/** True when `child` is `parent` or inside it (both absolute, resolved). */
function inside(parent: string, child: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith('..' + sep) && rel !== '..' && !isAbsolute(rel));
}

/** Normalise an image path to an archive name: no leading `/`, `''` for the root. */
function archiveName(imagePath: string, line: string): string {
  const n = posix.normalize('/' + imagePath.replace(/\\/g, '/'));
  if (n.split('/').includes('..')) throw badLayers(`DEST in ${JSON.stringify(line)} leaves the image root`, 'write an absolute DEST without "..", e.g. dist:/app');
  return n.replace(/^\/+/, '').replace(/\/+$/, '');
}

/** One source path mapped to its place in the image. */
export interface SourceRoot {
  /** Absolute path on disk (inside the workspace). */
  path: string;
  /** Archive name of its place in the image (`''` = the root). */
  name: string;
}

/**
 * Resolve one `layers` line to source roots: a file or directory, or every match of a
 * glob (`*`, `**`, `?`, `[…]`, `{a,b}`), each inside the workspace.
 *
 * - DEST absent: each source lands at its path relative to the workspace.
 * - DEST given: a plain SRC lands at DEST (a file into DEST when DEST ends in `/`); glob
 *   matches land at DEST + their path below the glob's fixed leading directories.
 */
export async function resolveSources(spec: LayerSpec, workspace: string, platform: Platform): Promise<SourceRoot[]> {
  const ws = resolve(workspace);
  const line = spec.dest !== undefined ? `${spec.src}:${spec.dest}` : spec.src;
  const src = substitutePlatform(spec.src.trim(), platform);
  const check = async (abs: string): Promise<string> => {
    if (!inside(ws, abs)) {
      throw badLayers(`SRC ${JSON.stringify(src)} is outside the workspace ${ws}`, 'layers take files under the workspace (GITHUB_WORKSPACE or the current directory); copy them there first');
    }
    // A symlinked SRC is followed only when its target stays inside the workspace.
    let real: string;
    try {
      real = await realpath(abs);
    } catch (e) {
      if (isErrno(e, 'ENOENT')) return abs; // dangling: reported by the caller's lstat
      throw e;
    }
    const realWs = await realpath(ws);
    if (!inside(realWs, real)) {
      throw badLayers(`SRC ${JSON.stringify(relative(ws, abs) || '.')} resolves outside the workspace (to ${real})`, 'layers take files under the workspace; a symlinked SRC must point inside it');
    }
    return abs;
  };

  if (!GLOB_CHARS.test(src)) {
    const abs = resolve(ws, src);
    await check(abs);
    let st: Stats;
    try {
      st = await stat(abs);
    } catch (e) {
      if (isErrno(e, 'ENOENT', 'ENOTDIR')) {
        throw badLayers(`SRC ${JSON.stringify(src)} of ${JSON.stringify(line)} matches nothing under ${ws}`, 'check the path (relative to the workspace) or build the files first');
      }
      throw e;
    }
    let dest = spec.dest ?? '/' + relative(ws, abs).split(sep).join('/');
    if (spec.dest !== undefined && spec.dest.endsWith('/') && !st.isDirectory()) dest = spec.dest + posix.basename(abs);
    return [{ path: abs, name: archiveName(dest, line) }];
  }

  // Glob: the fixed leading directories are the base DEST is relative to.
  const parts = src.replace(/\\/g, '/').split('/');
  const fixed: string[] = [];
  for (const p of parts.slice(0, -1)) {
    if (GLOB_CHARS.test(p)) break;
    fixed.push(p);
  }
  const base = resolve(ws, fixed.join('/') || '.');
  if (!inside(ws, base)) throw badLayers(`SRC ${JSON.stringify(src)} is outside the workspace ${ws}`, 'layers take files under the workspace');
  const matches: string[] = [];
  for await (const m of glob(src, { cwd: ws })) matches.push(resolve(ws, m));
  matches.sort();
  if (matches.length === 0) {
    throw badLayers(`SRC ${JSON.stringify(src)} of ${JSON.stringify(line)} matches nothing under ${ws}`, 'check the pattern (relative to the workspace) or build the files first');
  }
  const out: SourceRoot[] = [];
  for (const abs of matches) {
    await check(abs);
    const rel = relative(base, abs).split(sep).join('/');
    const dest = spec.dest !== undefined ? posix.join(spec.dest, rel) : '/' + relative(ws, abs).split(sep).join('/');
    out.push({ path: abs, name: archiveName(dest, line) });
  }
  return out;
}

interface Found {
  entry: PackEntry;
  /** The source path as text (names that are not UTF-8 carried as in tar/names.ts). */
  source: string;
  ino?: string;
}

/**
 * The children of a directory, and which of them are directories. Names are bytes: one that is not UTF-8 (`caf\xe9`) would come
 * back from a plain readdir as `caf\uFFFD` — another name, or the same as a second file's —
 * so such a directory is read again as bytes and decoded without loss (tar/names.ts).
 */
function readChildren(path: string | Buffer): Array<{ c: string; dir: boolean }> {
  const dirents = readdirSync(path, { withFileTypes: true });
  if (!dirents.some((d) => d.name.includes('\uFFFD'))) return dirents.map((d) => ({ c: d.name, dir: d.isDirectory() }));
  return readdirSync(path, { withFileTypes: true, encoding: 'buffer' }).map((d) => ({ c: decodeName(d.name), dir: d.isDirectory() }));
}

/** The path of `name` in directory `dir`: a Buffer once any part is not UTF-8. */
function childPath(dir: string | Buffer, name: string): string | Buffer {
  if (typeof dir === 'string' && !hasRawBytes(name)) return (dir.endsWith(sep) ? dir : dir + sep) + name;
  const d = typeof dir === 'string' ? Buffer.from(dir) : dir;
  return Buffer.concat([d, d[d.length - 1] === sep.charCodeAt(0) ? Buffer.alloc(0) : Buffer.from(sep), encodeName(name)]);
}

/** A symlink's target, kept as bytes when it is not UTF-8. */
function readLinkName(path: string | Buffer): string {
  const target = readlinkSync(path);
  return target.includes('\uFFFD') ? decodeName(readlinkSync(path, { encoding: 'buffer' })) : target;
}

/**
 * Walk source roots into tar entries: directories recursed, symlinks kept as symlinks
 * (never followed, except a symlinked root that check() allowed), files with their
 * modes, hard links between files of this layer (same dev+ino) as tar hard links;
 * parents added, sorted by name. Sockets, FIFOs and devices are skipped with a warning.
 */
export async function collectEntries(roots: SourceRoot[], time: BuildTime, logger: Logger): Promise<PackEntry[]> {
  const byName = new Map<string, Found>();
  const add = (f: Found): void => {
    const prev = byName.get(f.entry.name);
    if (prev) {
      if (prev.source === f.source) return;
      if (prev.entry.type === 'directory' && f.entry.type === 'directory') return; // merged directories
      throw badLayers(`${displayName(prev.source, 1000)} and ${displayName(f.source, 1000)} both map to /${displayName(f.entry.name, 1000)} in one layer`, 'give each SRC its own DEST, or split them into separate layers');
    }
    byName.set(f.entry.name, f);
  };

  // Synchronous walk: for tens of thousands of entries, sync lstat/readdir are several
  // times faster than promise round trips through the thread pool, and bounded in memory.
  const visit = (path: string | Buffer, name: string, st: Stats): void => {
    const mtime = entryTime(st.mtimeMs, time);
    const mode = st.mode & 0o7777;
    const source = typeof path === 'string' ? path : decodeName(path);
    if (st.isDirectory()) {
      if (name !== '') add({ entry: { name, type: 'directory', mode, mtime }, source });
      // Names from readdir are single components: plain concatenation is join's result.
      for (const { c } of readChildren(path)) {
        const p = childPath(path, c);
        visit(p, name === '' ? c : `${name}/${c}`, lstatSync(p));
      }
    } else if (st.isFile()) {
      if (name === '') throw badLayers(`a file cannot be the image root (${source})`, 'give the file a DEST path, e.g. app.bin:/app/app.bin');
      const found: Found = { entry: { name, type: 'file', mode, mtime, size: st.size, source: path }, source };
      if (st.nlink > 1) found.ino = `${st.dev}:${st.ino}`;
      add(found);
    } else if (st.isSymbolicLink()) {
      add({ entry: { name, type: 'symlink', mode: 0o777, mtime, linkname: readLinkName(path) }, source });
    } else {
      logger.warning(`skipping ${displayName(source, 1000)}: sockets, FIFOs and device files are not put into layers`);
    }
  };

  for (const root of roots) {
    // The root itself may be a symlink that check() allowed: follow it.
    visit(root.path, root.name, await stat(root.path));
  }

  // Sorted once, parents included: the hard-link pass below keeps every name in place.
  let entries = sortEntries(withParents([...byName.values()].map((f) => f.entry), time.sourceDateEpoch === undefined ? FIXED_EPOCH : time.sourceDateEpoch));
  // Hard links: the first name (in archive order) of an inode carries the body.
  const inoOf = new Map<PackEntry, string>();
  for (const f of byName.values()) if (f.ino) inoOf.set(f.entry, f.ino);
  if (inoOf.size > 0) {
    const firstOf = new Map<string, string>();
    entries = entries.map((e) => {
      const ino = inoOf.get(e);
      if (ino === undefined) return e;
      const first = firstOf.get(ino);
      if (first === undefined) {
        firstOf.set(ino, e.name);
        return e;
      }
      return { name: e.name, type: 'link', mode: e.mode, mtime: e.mtime, linkname: first };
    });
  }
  if (entries.length >= 1000) releaseHeap(); // the walk's garbage grew the heap: see releaseHeap
  return entries;
}

/** A child of a directory listed by walkInOrder: its own entry, or (`subtree`) what is below it. */
interface Child {
  /** Its name in the directory, `/`-terminated for the subtree of a directory. */
  key: string;
  /** Its name in the directory. */
  c: string;
  /** Listed as a directory. */
  dir: boolean;
  subtree: boolean;
}

/** One directory being written by walkInOrder, with its children's keys sorted. */
interface Listing {
  path: string | Buffer;
  name: string;
  children: Child[];
  next: number;
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
export function* walkInOrder(root: SourceRoot, st: Stats, time: BuildTime, logger: Logger): Generator<PackEntry> {
  if (root.name !== '') {
    const self: PackEntry = { name: root.name, type: 'directory', mode: st.mode & 0o7777, mtime: entryTime(st.mtimeMs, time) };
    yield* sortEntries(withParents([self], time.sourceDateEpoch === undefined ? FIXED_EPOCH : time.sourceDateEpoch));
  }
  const firstOf = new Map<string, string>();
  const list = (path: string | Buffer, name: string): Listing => {
    const children: Child[] = [];
    for (const { c, dir } of readChildren(path)) {
      children.push({ key: c, c, dir, subtree: false });
      if (dir) children.push({ key: `${c}/`, c, dir, subtree: true });
    }
    return { path, name, children: sortByName(children, (x) => x.key), next: 0 };
  };
  // The listings of the directories on the path to the entry being written.
  const stack: Listing[] = [list(root.path, root.name)];
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    if (top.next === top.children.length) {
      stack.pop();
      continue;
    }
    const { c, dir, subtree } = top.children[top.next++]!;
    const path = childPath(top.path, c);
    const name = top.name === '' ? c : `${top.name}/${c}`;
    if (subtree) {
      stack.push(list(path, name));
      continue;
    }
    const st = lstatSync(path);
    const mtime = entryTime(st.mtimeMs, time);
    const mode = st.mode & 0o7777;
    // A directory listed as one must still be one, or its subtree would be lost or misplaced.
    if (st.isDirectory() !== dir) throw sourceChanged(path, `the layer was being written (${st.isDirectory() ? 'it became a directory' : 'it is no longer a directory'})`);
    if (st.isDirectory()) {
      yield { name, type: 'directory', mode, mtime };
    } else if (st.isFile()) {
      const ino = st.nlink > 1 ? `${st.dev}:${st.ino}` : undefined;
      const first = ino === undefined ? undefined : firstOf.get(ino);
      if (first !== undefined) {
        yield { name, type: 'link', mode, mtime, linkname: first };
      } else {
        if (ino !== undefined) firstOf.set(ino, name);
        yield { name, type: 'file', mode, mtime, size: st.size, source: path };
      }
    } else if (st.isSymbolicLink()) {
      yield { name, type: 'symlink', mode: 0o777, mtime, linkname: readLinkName(path) };
    } else {
      const source = typeof path === 'string' ? path : decodeName(path);
      logger.warning(`skipping ${displayName(source, 1000)}: sockets, FIFOs and device files are not put into layers`);
    }
  }
}

/**
 * The entries of a layer: one directory is walked as the layer is written (walkInOrder),
 * anything else (several sources, a file) collected first (collectEntries).
 */
async function layerEntries(roots: SourceRoot[], time: BuildTime, logger: Logger): Promise<Iterable<PackEntry>> {
  if (roots.length === 1) {
    // The root itself may be a symlink that check() allowed: follow it (as collectEntries).
    const st = await stat(roots[0]!.path);
    if (st.isDirectory()) return walkInOrder(roots[0]!, st, time, logger);
  }
  return collectEntries(roots, time, logger);
}

/** A layer written into the store. */
export interface WrittenLayer {
  descriptor: Descriptor;
  /** sha256 of the uncompressed tar (config.rootfs.diff_ids). */
  diffID: string;
}

/** Options of writeBlobStream. */
export interface WriteStreamOptions {
  progress?: ProgressFn;
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
export async function writeCompressed(
  store: IngestStore,
  source: AsyncIterable<Uint8Array>,
  compression: Compression,
  mediaType: string,
  options: CompressOptions & WriteStreamOptions = {},
): Promise<WrittenLayer> {
  const diffHash = createHash('sha256');
  let uncompressed = 0;
  async function* hashed(): AsyncGenerator<Uint8Array> {
    for await (const c of source) {
      diffHash.update(c);
      uncompressed += c.length;
      yield c;
    }
  }
  const ref = `ingest-${randomUUID()}`;
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
    const ahead: Promise<void>[] = [];
    for await (const c of compress(hashed(), compression, options)) {
      size += c.length;
      // Written and hashed: its memory back now, not at a collection.
      const written = writer.write(c).then(() => {
        flush.written(c.length);
        releaseOutput(c);
      });
      written.catch(() => {}); // awaited below, in order
      ahead.push(written);
      while (ahead.length > depth) await ahead.shift();
      options.progress?.({ digest: '', done: uncompressed, total: 0, phase: 'compress' });
    }
    for (const written of ahead) await written;
    const diffID = 'sha256:' + diffHash.digest('hex');
    // The writer hashes what it writes: that is the blob's digest (no second hash here).
    const digest = writer.digest();
    await writer.commit(size, digest);
    return { descriptor: { mediaType, digest, size }, diffID };
  } catch (e) {
    await writer.cancel().catch(() => {});
    throw e;
  } finally {
    await flush.close();
  }
}

/** Write one layer of `entries` as a tar (compressed as asked) into the store. */
export async function writeLayer(
  store: IngestStore,
  entries: Iterable<PackEntry>,
  compression: Compression,
  options: CompressOptions & WriteStreamOptions = {},
): Promise<WrittenLayer> {
  // gzip and zstd copy each chunk into their blocks and `none` writes it before pulling
  // the next: the tar writer may reuse its chunk.
  return writeCompressed(store, packTar(entries, { reuseChunks: true }), compression, layerMediaType(compression), options);
}

/** One layer to build: `SRC[:DEST]` — a file, directory or glob under the workspace, and where it goes in the image. */
export interface LayerSpec {
  src: string;
  dest?: string;
}

/** Where an annotation goes (docker/metadata-action's level prefixes). */
export type AnnotationLevel = 'manifest' | 'index' | 'manifest-descriptor' | 'index-descriptor';

/** One annotation with its level (default `manifest`). */
export interface AnnotationSpec {
  level: AnnotationLevel;
  key: string;
  value: string;
}

/** Everything ingest needs besides the store. */
export interface IngestParams {
  layers: LayerSpec[];
  workspace: string;
  compression: Compression;
  platform: Platform;
  env: Record<string, string | undefined>;
  logger: Logger;
  progress?: ProgressFn;
  /** Image config fields (config.md `config`). */
  imageConfig?: {
    entrypoint?: string[];
    cmd?: string[];
    env?: Record<string, string>;
    workdir?: string;
    user?: string;
    labels?: Record<string, string>;
  };
  annotations?: AnnotationSpec[];
  /** The base image's manifest (already platform-selected) and its descriptor. */
  base?: { descriptor: Descriptor; manifest: Manifest; config: ImageConfig; name: string };
  compressOptions?: CompressOptions;
}

/** `org.opencontainers.image.{created,source,revision}` from the build time and the GitHub context. */
export function standardAnnotations(env: Record<string, string | undefined>, time: BuildTime): Record<string, string> {
  const out: Record<string, string> = { [Annotation.Created]: rfc3339(time.created) };
  const server = env.GITHUB_SERVER_URL?.trim();
  const repo = env.GITHUB_REPOSITORY?.trim();
  if (server && repo) out[Annotation.Source] = `${server.replace(/\/+$/, '')}/${repo}`;
  const sha = env.GITHUB_SHA?.trim();
  if (sha) out[Annotation.Revision] = sha;
  return out;
}

/** Annotations of one level from the `annotations` input. */
export function annotationsAt(specs: AnnotationSpec[] | undefined, level: AnnotationSpec['level']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const a of specs ?? []) if (a.level === level) out[a.key] = a.value;
  return out;
}

/** Keys sorted, for JSON whose bytes do not depend on insertion order. */
function sorted(rec: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of Object.keys(rec).sort()) out[k] = rec[k]!;
  return out;
}

/**
 * SRC as the image history records it: relative to the workspace (`/home/runner/work/r/r/dist`
 * → `dist`), so the config digest does not depend on where the sources are checked out.
 * A relative SRC is kept as written (the digests of images built from one stay as they were).
 */
function historySource(src: string, workspace: string): string {
  if (!isAbsolute(src)) return src;
  return relative(resolve(workspace), src).split(sep).join('/') || '.';
}

/** Ingest the layers of one platform into layers, a config and a manifest (not tagged). */
export async function ingestImage(store: IngestStore, p: IngestParams): Promise<Descriptor> {
  const time = buildTime(p.env);
  const written: WrittenLayer[] = [];
  const history: History[] = [];
  for (const spec of p.layers) {
    const roots = await resolveSources(spec, p.workspace, p.platform);
    const entries = await layerEntries(roots, time, p.logger);
    const layer = await writeLayer(store, entries, p.compression, { ...(p.compressOptions ?? {}), ...(p.progress ? { progress: p.progress } : {}) });
    p.logger.info(`layer ${layer.descriptor.digest} (${layer.descriptor.size} bytes) from ${spec.src}${spec.dest ? ':' + spec.dest : ''}`);
    written.push(layer);
    history.push({ created: rfc3339(time.created), created_by: `oci-store ingest ${historySource(spec.src, p.workspace)}${spec.dest !== undefined ? ':' + spec.dest : ''}` });
  }

  const config = buildConfig(p, time, written, history);
  const configDesc = await store.pushJSON(config, MediaType.ImageConfig);
  const manifest: Manifest = {
    schemaVersion: 2,
    mediaType: MediaType.ImageManifest,
    config: configDesc,
    // A Docker-format base's layers are relabelled with their OCI types (same bytes and
    // digests): an OCI manifest carries OCI layer types (image-spec media-types.md).
    layers: [...(p.base?.manifest.layers ?? []).map(ociDescriptor), ...written.map((l) => l.descriptor)],
  };
  const annotations: Record<string, string> = { ...standardAnnotations(p.env, time) };
  if (p.base) {
    annotations[Annotation.BaseImageName] = p.base.name;
    annotations[Annotation.BaseImageDigest] = p.base.descriptor.digest;
  }
  Object.assign(annotations, annotationsAt(p.annotations, 'manifest'));
  manifest.annotations = sorted(annotations);
  return store.pushJSON(manifest, MediaType.ImageManifest, { platform: platformOf(config) });
}

function platformOf(config: ImageConfig): Platform {
  const p: Platform = { architecture: config.architecture, os: config.os };
  if (config.variant) p.variant = config.variant;
  return p;
}

/** The image config: the base's (when any) extended with our layers and settings. */
function buildConfig(p: IngestParams, time: BuildTime, layers: WrittenLayer[], history: History[]): ImageConfig {
  const base = p.base?.config;
  const baseCfg = base?.config ?? {};
  const c = p.imageConfig ?? {};
  // Env: the base's list with our keys replaced in place, new keys appended in input order.
  const env = [...(baseCfg.Env ?? [])];
  for (const k of Object.keys(c.env ?? {})) {
    const line = `${k}=${c.env![k]}`;
    const i = env.findIndex((e) => e.split('=')[0] === k);
    if (i >= 0) env[i] = line;
    else env.push(line);
  }
  const container: NonNullable<ImageConfig['config']> = { ...baseCfg };
  if (c.user !== undefined) container.User = c.user;
  if (env.length > 0) container.Env = env;
  if (c.entrypoint !== undefined) {
    container.Entrypoint = c.entrypoint;
    // Docker resets an inherited Cmd when the entrypoint changes.
    if (c.cmd === undefined && base) delete container.Cmd;
  }
  if (c.cmd !== undefined) container.Cmd = c.cmd;
  if (c.workdir !== undefined) container.WorkingDir = c.workdir;
  const labels = { ...(baseCfg.Labels ?? {}), ...(c.labels ?? {}) };
  if (Object.keys(labels).length > 0) container.Labels = sorted(labels);

  const cfg: ImageConfig = {
    ...(base ?? {}),
    created: rfc3339(time.created),
    architecture: p.platform.architecture,
    os: p.platform.os,
    rootfs: { type: 'layers', diff_ids: [...(base?.rootfs.diff_ids ?? []), ...layers.map((l) => l.diffID)] },
    history: [...(base?.history ?? []), ...history],
  } as ImageConfig;
  if (p.platform.variant) cfg.variant = p.platform.variant;
  else delete cfg.variant;
  if (Object.keys(container).length > 0) cfg.config = container;
  // A fixed key order for the top level (the base's unknown fields keep theirs, after ours).
  const order = ['created', 'author', 'architecture', 'os', 'os.version', 'os.features', 'variant', 'config', 'rootfs', 'history'];
  const out: Record<string, unknown> = {};
  for (const k of order) if (cfg[k] !== undefined) out[k] = cfg[k];
  for (const k of Object.keys(cfg)) if (!(k in out) && cfg[k] !== undefined) out[k] = cfg[k];
  return out as ImageConfig;
}

/**
 * Build one manifest per platform (SRC `{os}`/`{arch}` substituted) under an OCI image
 * index. Index annotations come from the `index:` level.
 */
export async function ingestIndex(
  store: IngestStore,
  perPlatform: Array<{ platform: Platform; params: IngestParams }>,
  env: Record<string, string | undefined>,
  annotations: AnnotationSpec[] | undefined,
): Promise<Descriptor> {
  const time = buildTime(env);
  const manifests: Descriptor[] = [];
  const descAnnotations = annotationsAt(annotations, 'manifest-descriptor');
  for (const { platform, params } of perPlatform) {
    const d = await ingestImage(store, { ...params, platform });
    const desc: Descriptor = { mediaType: d.mediaType, digest: d.digest, size: d.size, platform: d.platform ?? platform };
    if (Object.keys(descAnnotations).length > 0) desc.annotations = sorted(descAnnotations);
    manifests.push(desc);
  }
  const index: ImageIndex = {
    schemaVersion: 2,
    mediaType: MediaType.ImageIndex,
    manifests,
    annotations: sorted({ ...standardAnnotations(env, time), ...annotationsAt(annotations, 'index') }),
  };
  return store.pushJSON(index, MediaType.ImageIndex);
}

/** Annotation oras puts on a directory layer: "extract this tar+gzip". */
export const ORAS_UNPACK = 'io.deis.oras.content.unpack';
/** Annotation oras puts on a directory layer: digest of the uncompressed tar. */
export const ORAS_DIGEST = 'io.deis.oras.content.digest';

/**
 * An OCI 1.1 artifact as `oras push` writes it: config = the empty JSON descriptor,
 * `artifactType` set, one layer per file (raw bytes, `org.opencontainers.image.title`),
 * directories as tar+gzip with the title and oras's unpack annotations.
 */
export async function ingestArtifact(
  store: IngestStore,
  p: Omit<IngestParams, 'imageConfig' | 'base'> & { artifactType: string },
): Promise<Descriptor> {
  const time = buildTime(p.env);
  const layers: Descriptor[] = [];
  const titles = new Set<string>();
  for (const spec of p.layers) {
    const roots = await resolveSources(spec, p.workspace, p.platform);
    for (const root of roots) {
      const title = root.name;
      if (title === '') throw badLayers(`an artifact file needs a name (${spec.src})`, 'give the SRC a relative DEST, e.g. report:/report');
      if (titles.has(title)) throw badLayers(`two artifact files are both titled ${JSON.stringify(title)}`, 'give each SRC its own DEST');
      titles.add(title);
      const st = await stat(root.path);
      let layer: WrittenLayer;
      if (st.isDirectory()) {
        layer = await writeCompressed(store, packTar(walkInOrder(root, st, time, p.logger)), 'gzip', MediaType.LayerGzip, p.compressOptions ?? {});
        layer.descriptor.annotations = { [ORAS_DIGEST]: layer.diffID, [ORAS_UNPACK]: 'true', [Annotation.Title]: title };
      } else {
        layer = await writeCompressed(store, fileBytes(root.path, st.size), 'none', MediaType.Layer);
        layer.descriptor.annotations = { [Annotation.Title]: title };
      }
      layers.push(layer.descriptor);
    }
  }
  await store.pushBytes(Buffer.from('{}'), MediaType.Empty);
  const manifest: Manifest = {
    schemaVersion: 2,
    mediaType: MediaType.ImageManifest,
    artifactType: p.artifactType,
    config: { ...EMPTY_JSON_DESCRIPTOR },
    layers,
    annotations: sorted({ ...standardAnnotations(p.env, time), ...annotationsAt(p.annotations, 'manifest') }),
  };
  return store.pushJSON(manifest, MediaType.ImageManifest, { artifactType: p.artifactType });
}

/** A file's bytes, streamed, checked to have `size` bytes. */
async function* fileBytes(path: string, size: number): AsyncGenerator<Buffer> {
  const fh = await open(path, 'r');
  try {
    let pos = 0;
    for (;;) {
      const buf = Buffer.allocUnsafe(1 << 20);
      const { bytesRead } = await fh.read(buf, 0, buf.length, pos);
      if (bytesRead === 0) break;
      pos += bytesRead;
      yield buf.subarray(0, bytesRead);
    }
    if (pos !== size) {
      throw new OciError('INVALID_INPUT', `${path} changed while it was being read (${pos} bytes, expected ${size})`, {
        input: 'layers',
        hint: 'make sure nothing writes to the layer sources while ingest runs',
      });
    }
  } finally {
    await fh.close();
  }
}
