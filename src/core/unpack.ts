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
import { execFileSync } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  constants as fsc,
  fchmodSync,
  fchownSync,
  futimesSync,
  lchownSync,
  linkSync,
  lstatSync,
  lutimesSync,
  mkdirSync,
  openSync,
  readdirSync,
  rmSync,
  symlinkSync,
  unlinkSync,
  utimesSync,
  writeSync,
  type Stats,
} from 'node:fs';
import { chmod, mkdir, readdir, realpath, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, sep } from 'node:path';
import type { Readable } from 'node:stream';
import type { Logger, ProgressFn } from './content.js';
import { decompress, isParallelGzip, layerCompression, ownsItsMemory, type Compression } from './compress/index.js';
import { collectGarbage } from './memory.js';
import { DigestStream } from './digest.js';
import { checkLocation, makeDirectory } from './dirs.js';
import { OciError, fromSystemError, isErrno, isOciError } from './errors.js';
import { TarDecoder, type TarEvent } from './tar/reader.js';
import { encodeHeader, endOfArchive, padding, type TarHeader } from './tar/header.js';
import { decodeName, displayName, encodeName, hasRawBytes, nameByteLength, toFsPath } from './tar/names.js';
import { ORAS_UNPACK } from './ingest.js';
import { ThreadHash, type FileWriteError } from './thread-hash.js';
import { Annotation, MediaType, type Descriptor, type ImageConfig, type Manifest } from './types/oci.js';

/** The subset of the layout Store that unpack reads through. */
export interface UnpackStore {
  fetch(desc: Descriptor, options?: { readSize?: number }): Promise<Readable>;
  readJSON<T>(desc: Descriptor, maxBytes?: number): Promise<T>;
}

/** Options of unpack. */
export interface UnpackOptions {
  logger: Logger;
  progress?: ProgressFn;
  /**
   * Device nodes and FIFOs: `create` (needs root; via mknod(1), Node has no mknod) or
   * `skip` with a warning. Default: create with `sameOwner`, else skip.
   */
  devices?: 'create' | 'skip';
  /**
   * Let the image replace files that were in the target before the unpack (tar's
   * `--overwrite`). Default false: such an entry is an ALREADY_EXISTS error. Directories
   * always merge; a whiteout never deletes what was there before, either way.
   */
  overwrite?: boolean;
  /**
   * Root only (GNU tar's `--same-owner`): apply each entry's uid/gid, keep setuid/setgid
   * bits, create device nodes. Default false: as root, entries are root's, setuid/setgid
   * bits are cleared and device nodes skipped — the safe way to unpack a tool image.
   */
  sameOwner?: boolean;
  signal?: AbortSignal;
}

/** What an unpack did. */
export interface UnpackReport {
  /** Layers applied. */
  layers: number;
  /** Entries written (files, dirs, links). */
  entries: number;
  /** Entries skipped with a warning (devices, FIFOs). */
  skipped: number;
}

const WH = '.wh.';
const OPAQUE = '.wh..wh..opq';

/** A name for a message: raw bytes as `\xNN`, cut short (a hostile name may be kilobytes long). */
function quote(name: string): string {
  return JSON.stringify(displayName(name, 160));
}

function unsafe(entry: string, why: string): OciError {
  return new OciError('UNSAFE_ENTRY', `refused layer entry ${quote(entry)}: ${why}`, {
    hint: 'the image contains a hostile or broken layer; do not unpack it, or rebuild it from trusted sources',
  });
}

/**
 * Normalise an artifact title to a relative path of components: as entryPath, and an
 * absolute title is refused (a file artifact names files relative to where it is unpacked).
 */
export function safeName(name: string): string {
  if (name.startsWith('/')) throw unsafe(name, 'absolute names are not allowed');
  return entryPath(name);
}

/**
 * Normalise a layer entry name or hard link name to a relative path of components: a
 * leading `/` is relative to the target, as GNU tar ("Removing leading `/'") and
 * containerd read it — umoci's `insert` at `/` writes an entry named `/`, other tools
 * names like `/usr/bin/x` — and `/` alone is the target itself (`''`). `..` components
 * are refused, so no spelling leaves the target.
 */
export function entryPath(name: string): string {
  // Most names are already plain (`usr/bin/x`, or `./usr/bin/x` from `tar -C dir .`):
  // returned without splitting. Anything else takes the component walk below.
  const plain = name.startsWith('./') ? name.slice(2) : name;
  if (plain !== '' && !plain.startsWith('/') && !plain.endsWith('/') && !plain.endsWith('.') && !plain.includes('//') && !plain.includes('./')) return plain;
  const parts: string[] = [];
  for (const p of name.split('/')) {
    if (p === '' || p === '.') continue;
    if (p === '..') throw unsafe(name, 'path traversal ("..") is not allowed');
    parts.push(p);
  }
  return parts.join('/');
}

/** How an Extractor treats the target and what it may do there. */
export interface ExtractorOptions {
  logger: Logger;
  /** Device nodes and FIFOs: `create` (root only) or `skip` with a warning. Default: create with `sameOwner`. */
  devices?: 'create' | 'skip';
  /**
   * The target held files before the unpack (default true: the safe assumption). When
   * false, everything under the root is this unpack's own and no ownership is tracked.
   */
  hadFiles?: boolean;
  /** Replace files that were in the target before the unpack (never their directories' contents by whiteouts). */
  overwrite?: boolean;
  /** Apply entries' uid/gid and keep setuid/setgid bits (needs root; GNU tar's --same-owner). */
  sameOwner?: boolean;
}

/** A directory's identity as the file system reports it (lstat), for re-checks by path. */
interface DirId {
  dev: number;
  ino: number;
}

interface DirMeta extends DirId {
  mode: number;
  mtime: number;
  uid: number;
  gid: number;
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
export class Extractor {
  readonly root: string;
  readonly #logger: Logger;
  readonly #devices: 'create' | 'skip';
  readonly #hadFiles: boolean;
  readonly #overwrite: boolean;
  readonly #sameOwner: boolean;
  /** Running as root without same-owner: setuid/setgid bits are cleared (files would be root's). */
  readonly #dropSetid: boolean;
  /** Directories (relative paths) verified real since the last removal of a directory; '' = root. */
  #safeDirs = new Map<string, DirId | undefined>([['', undefined]]);
  #dirs = new Map<string, DirMeta>();
  /** Paths created or replaced by the layer being applied, with their ancestors (whiteouts hide lower layers only). */
  #touched = new Set<string>();
  /**
   * A layer was applied before the one being applied. Until then a whiteout has nothing to
   * hide (what is there is this layer's or the user's) and no path is recorded as touched.
   */
  #lower = false;
  /** When the target had files: paths this unpack created (everything below them is its own too). */
  #created = new Set<string>();
  /** Ancestors of #created paths: where this unpack's entries sit among the user's. */
  #holdsCreated = new Set<string>();
  #umask = -1;
  #setidDropped = 0;
  /** The file whose body is being written; `thread` when its writes and close are the hashing thread's. */
  #out: { fd: number; pos: number; header: TarHeader; thread: boolean } | undefined;
  /** The hashing thread of the layer being applied, when it also writes file bodies. */
  #thread: ThreadHash | undefined;
  /** The piece of the tar pushed last to the decoder (its bytes are in the thread's ring). */
  #piece: Buffer = Buffer.alloc(0);
  entries = 0;
  skipped = 0;

  constructor(root: string, options: ExtractorOptions) {
    this.root = root;
    this.#logger = options.logger;
    this.#hadFiles = options.hadFiles ?? true;
    this.#overwrite = options.overwrite === true;
    this.#sameOwner = options.sameOwner === true;
    this.#dropSetid = process.getuid?.() === 0 && !this.#sameOwner;
    this.#devices = options.devices ?? (this.#sameOwner ? 'create' : 'skip');
  }

  /** The absolute path of `rel`, as a Buffer when the name is not UTF-8 (see tar/names.ts). */
  #abs(rel: string): string | Buffer {
    if (rel === '') return this.root;
    // `rel` is already normal (entryPath): a concatenation, not path.join's normalisation.
    return hasRawBytes(rel) ? Buffer.concat([Buffer.from(this.root + sep), encodeName(rel)]) : this.root + sep + rel;
  }

  /** The process umask, measured once on a probe file (reading process.umask() is deprecated). */
  #getUmask(): number {
    if (this.#umask < 0) {
      const probe = join(this.root, `.oci-store-umask-${randomUUID()}`);
      closeSync(openSync(probe, 'wx', 0o777));
      const st = lstatSync(probe);
      unlinkSync(probe);
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
  async applyLayer(tar: AsyncIterable<Uint8Array>, options: { prefix?: string; thread?: ThreadHash } = {}): Promise<void> {
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
    } catch (e) {
      throw threadError(e);
    } finally {
      this.#lower = true;
      const out = this.#out;
      this.#out = undefined;
      this.#thread = undefined;
      this.#piece = Buffer.alloc(0);
      if (out?.thread === true) thread!.closeFile(out.fd);
      else if (out !== undefined) closeSync(out.fd);
      thread?.commit();
    }
  }

  /** Apply what the decoder holds, up to the end of its chunk. */
  #events(dec: TarDecoder, prefix: string | undefined): void {
    for (let ev: TarEvent | undefined; (ev = dec.read()) !== undefined; ) {
      if (ev.kind === 'data') this.#write(ev.data);
      else if (ev.kind === 'entry') {
        try {
          this.#apply(ev.header, prefix);
        } catch (e) {
          throw fsError(e, ev.header.name);
        }
      }
    }
  }

  /** Record `rel` and its ancestors as touched by this layer. */
  #touch(rel: string): void {
    while (rel !== '' && !this.#touched.has(rel)) {
      this.#touched.add(rel);
      rel = parentOf(rel);
    }
  }

  /** Record `rel` as created by this unpack (only tracked when the target had files). */
  #own(rel: string): void {
    if (!this.#hadFiles) return;
    this.#created.add(rel);
    for (let p = parentOf(rel); p !== '' && !this.#holdsCreated.has(p); p = parentOf(p)) this.#holdsCreated.add(p);
  }

  /** True when `rel` was created by this unpack (not in the target before it). */
  #isOwn(rel: string): boolean {
    if (!this.#hadFiles) return true;
    for (let p = rel; p !== ''; p = parentOf(p)) if (this.#created.has(p)) return true;
    return false;
  }

  /**
   * Remove what is at `rel` (recursively for a directory), never following symlinks. A
   * removed directory may have been reachable under other spellings (case, normalisation):
   * every directory must be verified again.
   */
  #remove(rel: string, st: Stats): void {
    if (st.isDirectory()) {
      this.#safeDirs = new Map([['', undefined]]);
      const below = rel + '/';
      for (const d of this.#dirs.keys()) if (d === rel || d.startsWith(below)) this.#dirs.delete(d);
      rmSync(this.#abs(rel), { recursive: true, force: true });
    } else {
      unlinkSync(this.#abs(rel));
    }
  }

  /**
   * Make room for a new entry at `rel`, where `st` already is: an earlier entry of this
   * unpack is replaced; what was in the target before is replaced only with `overwrite`,
   * and a directory of the user's never is (a whiteout or entry would delete its tree).
   */
  #replace(rel: string, name: string, st: Stats, wantDir: boolean): void {
    if (!this.#isOwn(rel)) {
      if (!this.#overwrite) {
        const what = rel === entryPath(name) ? `a ${kindOf(st)}` : `the ${kindOf(st)} ${quote(rel)}`;
        throw new OciError('ALREADY_EXISTS', `layer entry ${quote(name)} would replace ${what} that was in path before the unpack`, {
          input: 'path',
          hint: 'unpack into a new or empty directory, or set overwrite to true to let the image replace files already in path',
        });
      }
      if (st.isDirectory() && !wantDir) {
        throw new OciError('ALREADY_EXISTS', `layer entry ${quote(name)} would replace the directory ${quote(rel)} that was in path before the unpack`, {
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
  #chain(dir: string, name: string, create: boolean, link?: string): boolean {
    if (this.#safeDirs.has(dir)) return true;
    let cur = '';
    for (const p of dir.split('/')) {
      cur = cur === '' ? p : `${cur}/${p}`;
      if (this.#safeDirs.has(cur)) continue;
      const abs = this.#abs(cur);
      let st = lstatSync(abs, { throwIfNoEntry: false });
      if (st === undefined) {
        if (!create) return false;
        mkdirSync(abs, { mode: 0o755 });
        st = lstatSync(abs);
        this.#own(cur);
      } else if (st.isSymbolicLink()) {
        if (link !== undefined) throw unsafe(name, `its hard link target ${quote(link)} is reached through the symlink ${quote(cur)}`);
        throw unsafe(name, `its parent ${quote(cur)} is a symlink (following it could leave the target)`);
      } else if (!st.isDirectory()) {
        if (link !== undefined) throw unsafe(name, `its hard link target ${quote(link)} is reached through the file ${quote(cur)}`);
        if (!create) return false;
        if (!this.#isOwn(cur)) this.#replace(cur, name, st, true);
        else {
          throw new OciError('INVALID_LAYER', `layer entry ${quote(name)} needs ${quote(cur)} to be a directory, but it is a file`, {
            hint: 'the image is inconsistent; rebuild it',
          });
        }
        mkdirSync(abs, { mode: 0o755 });
        st = lstatSync(abs);
        this.#own(cur);
      }
      this.#safeDirs.set(cur, { dev: st.dev, ino: st.ino });
    }
    return true;
  }

  #apply(h: TarHeader, prefix: string | undefined): void {
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
    if (rel === '') return; // the root itself: its mode and owner stay the user's
    if (slash > 0) this.#chain(rel.slice(0, slash), h.name, true);
    if (this.#lower) this.#touch(rel);
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

  #whiteout(rel: string, base: string, name: string): void {
    const dir = parentOf(rel);
    if (base === OPAQUE) {
      if (this.#chain(dir, name, false) && this.#lower) this.#hideChildren(dir);
      return;
    }
    const target = base.slice(WH.length);
    if (target === '') throw unsafe(name, 'a bare ".wh." whiteout names nothing');
    if (target === '.' || target === '..') throw unsafe(name, `a whiteout of ${quote(target)} would leave its directory`);
    if (target.startsWith(WH)) {
      this.#logger.debug(`ignoring AUFS metadata entry ${displayName(name)}`);
      return;
    }
    if (!this.#chain(dir, name, false) || !this.#lower) return; // nothing below to hide
    this.#hide(dir === '' ? target : `${dir}/${target}`);
  }

  /**
   * Hide what lower layers put at `rel` (image-spec layer.md "Whiteouts": they apply to
   * lower layers only, as in umoci). What this layer created there stays, and so does what
   * was in the target before the unpack: a whiteout never deletes the user's files.
   */
  #hide(rel: string): void {
    const st = lstatSync(this.#abs(rel), { throwIfNoEntry: false });
    if (st === undefined) return;
    if (this.#touched.has(rel) || !this.#isOwn(rel)) {
      // Keep it; below a directory, hide what is neither this layer's nor the user's.
      if (st.isDirectory() && (this.#touched.has(rel) || this.#holdsCreated.has(rel))) this.#hideChildren(rel);
      return;
    }
    this.#remove(rel, st);
  }

  #hideChildren(dir: string): void {
    let names: Buffer[];
    try {
      names = readdirSync(this.#abs(dir), { encoding: 'buffer' });
    } catch (e) {
      if (isErrno(e, 'ENOENT', 'ENOTDIR')) return;
      throw e;
    }
    for (const n of names) {
      const c = decodeName(n);
      this.#hide(dir === '' ? c : `${dir}/${c}`);
    }
  }

  /** Mode bits to apply: setuid/setgid cleared when running as root without same-owner. */
  #mode(mode: number): number {
    if (this.#dropSetid && (mode & 0o6000) !== 0) {
      this.#setidDropped++;
      return mode & ~0o6000;
    }
    return mode;
  }

  #directory(rel: string, h: TarHeader): void {
    let id = this.#safeDirs.get(rel);
    if (id === undefined) {
      const abs = this.#abs(rel);
      const mode = 0o700 | (h.mode & 0o777);
      try {
        mkdirSync(abs, { mode });
        this.#own(rel);
      } catch (e) {
        if (!isErrno(e, 'EEXIST')) throw e;
        const st = lstatSync(abs);
        if (!st.isDirectory()) {
          this.#replace(rel, h.name, st, true);
          mkdirSync(abs, { mode });
          this.#own(rel);
        }
      }
      // One lstat per directory: its identity, for the re-check before finish() applies its mode.
      const st = lstatSync(abs);
      id = { dev: st.dev, ino: st.ino };
      this.#safeDirs.set(rel, id);
    }
    // A directory that was in path before keeps its mode, owner and times, unless overwrite.
    if (!this.#overwrite && !this.#isOwn(rel)) return;
    // Modes and times are applied in finish(): a read-only directory must stay writable
    // while its children are extracted, and children change its mtime.
    this.#dirs.set(rel, { ...id, mode: this.#mode(h.mode & 0o7777), mtime: h.mtime, uid: h.uid, gid: h.gid });
  }

  /** Open `rel` for a new file; never follows a symlink, replaces only what #replace allows. */
  #create(rel: string, name: string, mode: number): number {
    const abs = this.#abs(rel);
    try {
      return openSync(abs, CREATE_FLAGS, mode & 0o777);
    } catch (e) {
      if (!isErrno(e, 'EEXIST')) throw e;
    }
    this.#replace(rel, name, lstatSync(abs), false);
    return openSync(abs, CREATE_FLAGS, mode & 0o777);
  }

  /**
   * Create a file; its body arrives as data events (#write), then #close finishes it. With
   * a hashing thread, the body is written and the file closed there (see applyLayer).
   */
  #file(rel: string, h: TarHeader): void {
    const fd = this.#create(rel, h.name, h.mode);
    this.#own(rel);
    const thread = this.#thread !== undefined && h.size > 0 && this.#thread.canTakeFile;
    if (thread) this.#thread!.adoptFile(fd, h.name);
    this.#out = { fd, pos: 0, header: h, thread };
    if (h.size === 0) this.#close();
  }

  /**
   * Write a piece of the open file's body; the file is finished with its last byte. The
   * body of an entry that writes no file (a whiteout, `/`) is skipped.
   */
  #write(data: Buffer): void {
    const out = this.#out;
    if (out === undefined) return;
    if (out.thread) {
      // A view of the piece the thread holds: written from there, not copied again.
      this.#thread!.writeFile(out.fd, data.byteOffset - this.#piece.byteOffset, data.length, out.pos);
      out.pos += data.length;
      if (out.pos === out.header.size) this.#close();
      return;
    }
    try {
      let off = 0;
      while (off < data.length) {
        const n = writeSync(out.fd, data, off, data.length - off, out.pos);
        off += n;
        out.pos += n;
      }
      if (out.pos === out.header.size) this.#close();
    } catch (e) {
      throw fsError(e, out.header.name);
    }
  }

  #close(): void {
    const { fd, header: h, thread } = this.#out!;
    this.#out = undefined;
    if (thread) {
      // As below, on the thread: owner, then mode (only when open's mode was not it), times.
      const mode = this.#mode(h.mode & 0o7777);
      const chmod = (mode & 0o7000) !== 0 || (mode & this.#umask & 0o777) !== 0;
      this.#thread!.closeFile(fd, { uid: this.#sameOwner ? h.uid : -1, gid: this.#sameOwner ? h.gid : -1, mode: chmod ? mode : -1, mtime: h.mtime });
      return;
    }
    try {
      // Owner first: chown clears setuid/setgid, the mode below sets them again.
      if (this.#sameOwner) fchownSync(fd, h.uid, h.gid);
      const mode = this.#mode(h.mode & 0o7777);
      if ((mode & 0o7000) !== 0 || (mode & this.#umask & 0o777) !== 0) fchmodSync(fd, mode);
      futimesSync(fd, h.mtime, h.mtime);
    } finally {
      closeSync(fd);
    }
  }

  #symlink(rel: string, h: TarHeader): void {
    const abs = this.#abs(rel);
    // The target text is stored, never resolved: a symlink may point anywhere as long as
    // we never follow it (parents are checked with lstat, files opened O_NOFOLLOW).
    const target = toFsPath(h.linkname);
    try {
      symlinkSync(target, abs);
    } catch (e) {
      if (!isErrno(e, 'EEXIST')) throw e;
      this.#replace(rel, h.name, lstatSync(abs), false);
      symlinkSync(target, abs);
    }
    this.#own(rel);
    if (this.#sameOwner) lchownSync(abs, h.uid, h.gid);
    try {
      lutimesSync(abs, h.mtime, h.mtime);
    } catch {
      /* not every filesystem keeps symlink times */
    }
  }

  #hardlink(rel: string, h: TarHeader): void {
    const target = entryPath(h.linkname);
    if (target === '') throw unsafe(h.name, 'a hard link to the root directory');
    // The target must be a non-directory reached through real directories inside the root.
    const tdir = parentOf(target);
    if (tdir !== '' && !this.#chain(tdir, h.name, false, h.linkname)) {
      throw unsafe(h.name, `its hard link target ${quote(h.linkname)} does not exist`);
    }
    const tst = lstatSync(this.#abs(target), { throwIfNoEntry: false });
    if (tst === undefined) throw unsafe(h.name, `its hard link target ${quote(h.linkname)} does not exist`);
    if (tst.isDirectory()) throw unsafe(h.name, 'a hard link to a directory');
    if (target === rel) return;
    if (target.startsWith(rel + '/')) throw unsafe(h.name, `a hard link would replace the directory holding its own target ${quote(h.linkname)}`);
    const abs = this.#abs(rel);
    try {
      linkSync(this.#abs(target), abs);
    } catch (e) {
      if (!isErrno(e, 'EEXIST')) throw e;
      this.#replace(rel, h.name, lstatSync(abs), false);
      try {
        linkSync(this.#abs(target), abs);
      } catch (e2) {
        // Replacing `rel` removed the target: another spelling of its parent (case, normalisation).
        if (isErrno(e2, 'ENOENT')) throw unsafe(h.name, `replacing it removed its own hard link target ${quote(h.linkname)}`);
        throw e2;
      }
    }
    this.#own(rel);
  }

  #special(rel: string, h: TarHeader): void {
    if (this.#devices === 'skip' || hasRawBytes(rel)) {
      this.skipped++;
      this.#logger.warning(`skipping ${h.type} ${displayName(h.name)}: device nodes and FIFOs are created only with same-owner (as root)`);
      return;
    }
    const abs = this.#abs(rel) as string;
    const st = lstatSync(abs, { throwIfNoEntry: false });
    if (st !== undefined) this.#replace(rel, h.name, st, false);
    const args = h.type === 'fifo' ? [abs, 'p'] : [abs, h.type === 'chardev' ? 'c' : 'b', String(h.devmajor), String(h.devminor)];
    execFileSync('mknod', ['-m', this.#mode(h.mode & 0o7777).toString(8), ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    this.#own(rel);
    if (this.#sameOwner) {
      lchownSync(abs, h.uid, h.gid);
      chmodSync(abs, h.mode & 0o7777); // chown cleared setuid/setgid
    }
    lutimesSync(abs, h.mtime, h.mtime);
    this.entries++;
  }

  /**
   * Apply directory owners, modes and times, deepest first (children's writes changed the
   * times). By path, but only after lstat shows the very directory that was created: a
   * name may since lead elsewhere (a removed directory, a symlink under another spelling).
   */
  finish(): void {
    const dirs = [...this.#dirs.entries()].sort((a, b) => b[0].length - a[0].length);
    for (const [rel, meta] of dirs) {
      const abs = this.#abs(rel);
      const st = lstatSync(abs, { throwIfNoEntry: false });
      if (st === undefined || !st.isDirectory() || st.dev !== meta.dev || st.ino !== meta.ino) {
        this.#logger.debug(`not applying the mode of ${displayName(rel)}: it was replaced after it was created`);
        continue;
      }
      if (this.#sameOwner) lchownSync(abs, meta.uid, meta.gid);
      chmodSync(abs, meta.mode);
      utimesSync(abs, meta.mtime, meta.mtime);
    }
    if (this.#setidDropped > 0) {
      this.#logger.warning(
        `cleared the setuid/setgid bits of ${this.#setidDropped} entries: running as root, the files are root's, not their owners' in the image; set same-owner to apply owners and keep the bits`,
      );
    }
  }
}

function kindOf(st: Stats): string {
  return st.isDirectory() ? 'directory' : st.isSymbolicLink() ? 'symlink' : st.isFile() ? 'file' : 'special file';
}

/** The parent of a relative path ('' for a top-level name). */
function parentOf(rel: string): string {
  const slash = rel.lastIndexOf('/');
  return slash < 0 ? '' : rel.slice(0, slash);
}

/**
 * A system error met while writing an entry, as one coded error naming the entry (short:
 * a hostile name may be kilobytes long). Others pass through.
 */
function fsError(e: unknown, name: string): unknown {
  if (!isErrno(e, 'ENAMETOOLONG', 'ENOSPC', 'EDQUOT', 'EROFS', 'EACCES', 'EPERM')) return e;
  const what = `layer entry ${quote(name)}`;
  switch (e.code) {
    case 'ENAMETOOLONG':
      return new OciError('INVALID_LAYER', `${what} has a name too long for this file system (${nameByteLength(name)} bytes)`, {
        hint: 'file systems limit a name to 255 bytes and a path to about 4096: rebuild the image with shorter paths',
        cause: e,
      });
    case 'ENOSPC':
    case 'EDQUOT':
      return new OciError('INVALID_INPUT', `no space left on the device of path while writing ${what}`, { input: 'path', hint: 'free disk space, or unpack onto a larger disk', cause: e });
    case 'EROFS':
    case 'EACCES':
    case 'EPERM':
      return new OciError('INVALID_INPUT', `cannot write ${what} into path (${e.code})`, { input: 'path', hint: 'choose a directory this user may write for path', cause: e });
    default:
      return e;
  }
}

/** A file's write that failed on the hashing thread, as fsError names it; others pass through. */
function threadError(e: unknown): unknown {
  const entry = (e as Partial<FileWriteError> | undefined)?.entry;
  return typeof entry === 'string' ? fsError(e, entry) : e;
}

/** Create a new file: write-only, exclusive, never through a symlink. */
const CREATE_FLAGS = fsc.O_WRONLY | fsc.O_CREAT | fsc.O_EXCL | fsc.O_NOFOLLOW;

/** Wrap a stream so that its bytes are hashed; `digest()` after the end. */
function hashing(source: AsyncIterable<Uint8Array>, gcEvery = 0): { stream: AsyncGenerator<Uint8Array>; digest: () => string; size: () => number } {
  const h = createHash('sha256');
  let result: string | undefined;
  const counted = metered(source, gcEvery, (c) => h.update(c));
  async function* run(): AsyncGenerator<Uint8Array> {
    yield* counted.stream;
    result = 'sha256:' + h.digest('hex');
  }
  return {
    stream: run(),
    digest: () => {
      if (result === undefined) throw new Error('digest read before the end of the stream');
      return result;
    },
    size: counted.size,
  };
}

/**
 * Count a stream's bytes, each chunk passed to `each` first; every `gcEvery` bytes the
 * memory policy is told that buffers may have piled up.
 */
function metered(source: AsyncIterable<Uint8Array>, gcEvery = 0, each?: (c: Uint8Array) => void): { stream: AsyncGenerator<Uint8Array>; size: () => number } {
  let size = 0;
  let nextGc = gcEvery;
  async function* run(): AsyncGenerator<Uint8Array> {
    for await (const c of source) {
      each?.(c);
      size += c.length;
      if (gcEvery > 0 && size >= nextGc) {
        nextGc += gcEvery;
        collectGarbage(); // decompressed chunks are external memory: see collectGarbage
      }
      yield c;
    }
  }
  return { stream: run(), size: () => size };
}

function mismatch(what: string, desc: Descriptor, expected: string, actual: string): OciError {
  return new OciError('DIGEST_MISMATCH', `layer ${desc.digest}: ${what} is ${actual}, expected ${expected}`, {
    hint: 'the layer blob is corrupt or does not belong to this image; re-pull or rebuild it',
  });
}

/**
 * Pass a decompressed tar through to applyLayer, each chunk hashed on `hasher` once applied
 * (applyLayer is done with a chunk when it asks for the next: TarDecoder keeps none). A
 * member's own buffer (ownsItsMemory) is handed over without a copy and freed on the worker;
 * any other chunk (a layer that goes on in one gzip stream) is copied first.
 */
async function* handOver(tar: AsyncIterable<Uint8Array>, hasher: ThreadHash): AsyncGenerator<Uint8Array> {
  for await (const c of tar) {
    yield c;
    await hasher.give(ownsItsMemory(c) ? c : new Uint8Array(c));
  }
}

/** A layer blob opened for applying, its bytes counted and hashed as they are read. */
interface OpenedLayer {
  blob: Readable;
  compressed: { stream: AsyncIterable<Uint8Array>; digest: () => string; size: () => number };
}

async function openLayer(store: UnpackStore, desc: Descriptor): Promise<OpenedLayer> {
  const blob = await store.fetch(desc, { readSize: READ_SIZE });
  // The layout Store hands out a DigestStream that already hashes every byte: reuse its
  // digest rather than hashing the compressed layer a second time on the main thread
  // (measured: sha256 runs at ~0.5-1.5 GB/s here, 0.1-0.25 s per 120 MB layer).
  const own = blob instanceof DigestStream ? undefined : hashing(blob as AsyncIterable<Uint8Array>);
  const compressed = own ?? {
    stream: blob as AsyncIterable<Uint8Array>,
    digest: () => (blob as DigestStream).digest,
    size: () => (blob as DigestStream).size,
  };
  return { blob, compressed };
}

/** A small layer opened, and inflating its first bytes, before its turn (readAhead). */
export interface LayerAhead extends OpenedLayer {
  uncompressed: ReturnType<typeof hashing>;
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
export function readAhead(store: UnpackStore, desc: Descriptor, compression: Compression): { take: () => Promise<LayerAhead>; close: () => Promise<void> } {
  let inner: AsyncGenerator<Uint8Array> | undefined;
  let blob: Readable | undefined;
  let taken = false;
  const ready = (async (): Promise<LayerAhead> => {
    const layer = await openLayer(store, desc);
    blob = layer.blob;
    const uncompressed = hashing(decompress(layer.compressed.stream, compression), 4 << 20);
    const it = (inner = uncompressed.stream);
    const first = it.next();
    first.catch(() => {}); // surfaced when the layer is applied
    const stream = (async function* (): AsyncGenerator<Uint8Array> {
      const r = await first;
      if (r.done === true) return;
      yield r.value;
      yield* it;
    })();
    return { ...layer, uncompressed: { ...uncompressed, stream } };
  })();
  ready.catch(() => {}); // likewise
  return {
    take: () => {
      taken = true;
      return ready;
    },
    close: async () => {
      if (taken) return; // applyLayerBlob owns it
      await ready.catch(() => {});
      // Never started, the wrapper would not pass a return on: end the inflate itself.
      await inner?.return(undefined).catch(() => {});
      blob?.destroy();
    },
  };
}

/** Apply one layer blob from the store, verifying its digest and diffID while streaming. */
export async function applyLayerBlob(
  store: UnpackStore,
  x: Extractor,
  desc: Descriptor,
  diffID: string | undefined,
  options: { prefix?: string; thread?: () => ThreadHash; ahead?: Promise<LayerAhead> } = {},
): Promise<void> {
  const compression = layerCompression(desc.mediaType);
  if (compression === undefined) {
    throw new OciError('UNSUPPORTED_MEDIA_TYPE', `layer ${desc.digest} has media type ${desc.mediaType}, which is not a tar layer`, {
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
  let thread: ThreadHash | undefined;
  let hasher: ThreadHash | undefined;
  if (!ahead && options.thread && desc.size >= THREAD_HASH_MIN) {
    const it = source[Symbol.asyncIterator]();
    const first = await it.next();
    if (compression !== 'gzip' || first.done === true || !isParallelGzip(first.value)) thread = options.thread();
    else hasher = options.thread();
    source = (async function* () {
      if (first.done !== true) yield first.value;
      for (let r = await it.next(); r.done !== true; r = await it.next()) yield r.value;
    })();
  }
  // With a thread, the extractor hands it each piece of the tar: hashed and written there.
  // With a hasher, each inflated member is handed to it once applied: hashed there only.
  const uncompressed = ahead?.uncompressed ?? (thread || hasher ? undefined : hashing(decompress(source, compression), 4 << 20));
  try {
    // A large layer in one gzip stream inflates on a thread of its own (gunzip-thread.ts):
    // on the pool, each chunk waited for the main thread to come back to its event loop.
    const inflateThread = thread !== undefined && desc.size >= THREAD_GUNZIP_MIN;
    let tar = uncompressed?.stream ?? metered(decompress(source, compression, { thread: inflateThread }), 4 << 20).stream;
    if (hasher) tar = handOver(tar, hasher);
    await x.applyLayer(tar, { ...(options.prefix !== undefined ? { prefix: options.prefix } : {}), ...(thread ? { thread } : {}) });
  } finally {
    blob.destroy();
  }
  const diffIDOf = uncompressed?.digest() ?? (await (thread ?? hasher)!.digest());
  if (compressed.size() !== desc.size) {
    throw new OciError('SIZE_MISMATCH', `layer ${desc.digest} has ${compressed.size()} bytes, expected ${desc.size}`, {
      hint: 'the layer blob is truncated or corrupt; re-pull or rebuild it',
    });
  }
  if (compressed.digest() !== desc.digest) throw mismatch('the digest of its bytes', desc, desc.digest, compressed.digest());
  if (diffID !== undefined && diffIDOf !== diffID) throw mismatch('the digest of its uncompressed tar (diffID)', desc, diffID, diffIDOf);
}

/** Write one artifact file (a non-tar layer) to `root/title`, verified while streaming. */
async function writeArtifactFile(store: UnpackStore, x: Extractor, desc: Descriptor, title: string): Promise<void> {
  const rel = safeName(title);
  if (rel === '') throw unsafe(title, 'an empty artifact title');
  // Written as a one-entry tar through the extractor: the same path checks and
  // O_EXCL|O_NOFOLLOW creation as image layers, with no second code path to get wrong.
  const entryHeader: TarHeader = {
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
  const h = hashing(blob as AsyncIterable<Uint8Array>);
  async function* tarOfOne(): AsyncGenerator<Uint8Array> {
    yield encodeHeader(entryHeader);
    for await (const c of h.stream) yield c;
    yield padding(desc.size);
    yield endOfArchive();
  }
  try {
    await x.applyLayer(tarOfOne());
  } finally {
    blob.destroy();
  }
  if (h.digest() !== desc.digest || h.size() !== desc.size) throw mismatch('the digest of its bytes', desc, desc.digest, h.digest());
}

/** True when a manifest is an artifact whose layers are titled files (oras's layout). */
export function isFileArtifact(manifest: Manifest): boolean {
  const titled = manifest.layers.length > 0 && manifest.layers.every((l) => l.annotations?.[Annotation.Title] !== undefined);
  return titled && (manifest.artifactType !== undefined || manifest.config.mediaType !== MediaType.ImageConfig);
}

/**
 * Unpack one image manifest (or file artifact) into `target`. When `target` does not
 * exist, it is built in a sibling staging directory and renamed into place on success.
 */
export async function unpackManifest(store: UnpackStore, manifestDesc: Descriptor, target: string, options: UnpackOptions): Promise<UnpackReport> {
  if (options.sameOwner && process.getuid?.() !== 0) {
    throw new OciError('INVALID_INPUT', 'same-owner applies the image\'s owners, which only root can do', {
      input: 'same-owner',
      hint: 'run the unpack as root (sudo), or leave same-owner unset to unpack as this user',
    });
  }
  const manifest = await store.readJSON<Manifest>(manifestDesc);
  if (!Array.isArray(manifest.layers) || typeof manifest.config !== 'object') {
    throw new OciError('INVALID_MANIFEST', `${manifestDesc.digest} is not an image manifest`, { hint: 'unpack takes an image or an index of images' });
  }
  const artifact = isFileArtifact(manifest);
  let diffIDs: Array<string | undefined> = manifest.layers.map(() => undefined);
  if (!artifact) {
    const config = await store.readJSON<ImageConfig>(manifest.config);
    const ids = config.rootfs?.diff_ids;
    if (!Array.isArray(ids) || ids.length !== manifest.layers.length) {
      throw new OciError('INVALID_MANIFEST', `image ${manifestDesc.digest} has ${manifest.layers.length} layers but ${Array.isArray(ids) ? ids.length : 'no'} diff_ids in its config`, {
        hint: 'the image is inconsistent; rebuild it',
      });
    }
    diffIDs = ids;
    for (const l of manifest.layers) {
      if (layerCompression(l.mediaType) === undefined) {
        throw new OciError('UNSUPPORTED_MEDIA_TYPE', `layer ${l.digest} has media type ${l.mediaType}, which is not a tar layer`, {
          hint: 'only OCI and Docker tar layers (uncompressed, gzip, zstd) can be unpacked',
        });
      }
    }
  }

  let existed = true;
  try {
    const st = await stat(target);
    if (!st.isDirectory()) {
      throw new OciError('INVALID_INPUT', `${target} exists and is not a directory`, { input: 'path', hint: 'choose a directory (existing or new) to unpack into' });
    }
  } catch (e) {
    if (!isErrno(e, 'ENOENT')) throw e;
    existed = false;
  }
  let root: string;
  let hadFiles = false;
  if (existed) {
    root = await realpath(target);
    hadFiles = (await readdir(root)).length > 0;
  } else {
    // One level at a time (dirs.ts): Node's recursive mkdir spins under /proc and reports
    // a read-only file system as ENOENT; a pseudo file system is refused up front.
    await checkLocation(target, 'path');
    root = join(dirname(target), `.${basename(target)}.oci-store-unpack-${randomUUID().slice(0, 8)}`);
    try {
      await makeDirectory(dirname(target), { input: 'path' });
      await mkdir(root, { mode: 0o755 }); // exclusive (EEXIST is an error): it is removed on failure
    } catch (e) {
      // The staging directory is beside the target, in a directory `path` names too.
      throw fromSystemError(e, { places: [{ input: 'path', path: dirname(target) }], input: 'path' });
    }
  }

  const xopts: ExtractorOptions = { logger: options.logger, hadFiles, overwrite: options.overwrite === true, sameOwner: options.sameOwner === true };
  if (options.devices) xopts.devices = options.devices;
  const x = new Extractor(root, xopts);
  // The thread that hashes diffIDs off the main thread (applyLayerBlob), started now when a
  // layer is large enough to use it: a worker takes ~30 ms to start, which then overlaps the
  // first reads and inflates rather than holding up the main thread at its first 8 MiB
  // (measured: two waits, 20-30 ms in all, on the binaries layer).
  let thread: ThreadHash | undefined = artifact || !manifest.layers.some((l) => l.size >= THREAD_HASH_MIN) ? undefined : new ThreadHash();
  // The next layer when small, opened and inflating while this one is applied (readAhead).
  let ahead: ReturnType<typeof readAhead> | undefined;
  try {
    for (let i = 0; i < manifest.layers.length; i++) {
      if (options.signal?.aborted) throw new OciError('CANCELLED', 'unpack was cancelled');
      const layer = manifest.layers[i]!;
      options.progress?.({ digest: layer.digest, done: i, total: manifest.layers.length, phase: 'extract' });
      if (artifact) {
        const title = layer.annotations![Annotation.Title]!;
        if (layer.annotations?.[ORAS_UNPACK] === 'true' && layerCompression(layer.mediaType) !== undefined) {
          await applyLayerBlob(store, x, layer, undefined, { prefix: safeName(title) });
        } else {
          await writeArtifactFile(store, x, layer, title);
        }
      } else {
        const current = ahead;
        const applying = applyLayerBlob(store, x, layer, diffIDs[i], { thread: () => (thread ??= new ThreadHash()), ...(current ? { ahead: current.take() } : {}) });
        // Asked for once this layer's blob is (the current layer's reads go first).
        const next = manifest.layers[i + 1];
        ahead = next !== undefined && next.size < THREAD_HASH_MIN ? readAhead(store, next, layerCompression(next.mediaType)!) : undefined;
        await applying;
      }
    }
    x.finish();
    if (!existed) {
      await chmod(root, 0o755);
      await rename(root, target);
    }
  } catch (e) {
    if (!existed) {
      await rm(root, { recursive: true, force: true }).catch(() => {});
      throw e;
    }
    if (isOciError(e)) {
      // Never advise removing a directory that held the user's files (a checkout).
      const after = hadFiles ? `then unpack into a new directory (the files that were in ${target} are as they were)` : `then remove ${target} or unpack into a new directory`;
      throw new OciError(e.code, `${e.message}; ${target} may now hold a partly unpacked image`, {
        input: e.input ?? 'ref',
        hint: `${e.hint ?? 'fix the cause'}; ${after}`,
        cause: e,
      });
    }
    throw e;
  } finally {
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
