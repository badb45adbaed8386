/**
 * Tar headers: ustar encoding (with PAX extended headers where ustar cannot say it) and
 * strict decoding of ustar, PAX and GNU headers.
 *
 * Reference: POSIX.1-2008 `pax` "ustar Interchange Format" and "pax Interchange Format";
 * GNU tar manual "Basic Tar Format" (base-256 numbers, `L`/`K` long names).
 */
import { OciError } from '../errors.js';
import { decodeName, encodeName, hasRawBytes } from './names.js';

/** Size of a tar block. */
export const BLOCK = 512;

/** Entry types we read and write (the typeflag byte, decoded). */
export type EntryType = 'file' | 'link' | 'symlink' | 'chardev' | 'blockdev' | 'directory' | 'fifo';

const TYPE_FLAGS: Record<EntryType, string> = {
  file: '0',
  link: '1',
  symlink: '2',
  chardev: '3',
  blockdev: '4',
  directory: '5',
  fifo: '6',
};

/** One tar entry's metadata as a writer takes it and a reader gives it. */
export interface TarHeader {
  /** Path inside the archive, `/`-separated; directories may end in `/`. */
  name: string;
  type: EntryType;
  /** Body size in bytes (0 for everything but files). */
  size: number;
  /** Permission bits incl. setuid/setgid/sticky (07777). */
  mode: number;
  uid: number;
  gid: number;
  uname: string;
  gname: string;
  /** Modification time, seconds since the epoch (may be fractional from PAX). */
  mtime: number;
  /** Target of a symlink or hard link. */
  linkname: string;
  devmajor: number;
  devminor: number;
  /** PAX records that applied to this entry (incl. global ones), e.g. `SCHILY.xattr.*`. */
  pax?: Record<string, string>;
}

/** Limits a reader enforces so a hostile archive cannot make it allocate without bound. */
export const LIMITS = {
  /** Largest PAX extended header or GNU long name/link body we read into memory. */
  metaBytes: 1 << 20,
  /** Longest path or link target we accept (bytes). */
  pathBytes: 16384,
} as const;

function invalid(message: string, cause?: unknown): OciError {
  return new OciError('INVALID_LAYER', message, {
    hint: 'the layer is not a valid tar archive; rebuild or re-pull the image',
    cause,
  });
}

// ---------------------------------------------------------------------------------------
// Encoding

const ZEROS = Buffer.alloc(BLOCK);

/** Padding that brings `size` bytes up to a whole block. */
export function padding(size: number): Buffer {
  const rest = size % BLOCK;
  return rest === 0 ? ZEROS.subarray(0, 0) : ZEROS.subarray(0, BLOCK - rest);
}

/** The two zero blocks that end an archive. */
export function endOfArchive(): Buffer {
  return Buffer.alloc(2 * BLOCK);
}

function isAscii(s: string): boolean {
  // eslint-disable-next-line no-control-regex
  return /^[\x01-\x7f]*$/.test(s);
}

/** Largest value an octal field of `width` bytes holds (width-1 digits and a NUL). */
function octalMax(width: number): number {
  return 8 ** (width - 1) - 1;
}

function writeOctal(buf: Buffer, offset: number, width: number, value: number): void {
  // Digits right to left, zero-padded to width-1, then a NUL (as toString(8).padStart).
  let v = Math.floor(value);
  if (v > octalMax(width) || v < 0 || !Number.isFinite(v)) {
    // Forged headers (tests) only: what toString gives, cut to the field.
    buf.write(v.toString(8).padStart(width - 1, '0'), offset, width - 1, 'ascii');
  } else {
    for (let i = offset + width - 2; i >= offset; i--) {
      buf[i] = 0x30 + (v % 8);
      v = Math.floor(v / 8);
    }
  }
  buf[offset + width - 1] = 0;
}

function writeString(buf: Buffer, offset: number, width: number, value: string): void {
  // Names may carry raw (non-UTF-8) bytes: see names.ts.
  if (hasRawBytes(value)) encodeName(value).copy(buf, offset, 0, width);
  else buf.write(value, offset, width, 'utf8');
}

/** Raw header fields, written as given (the low-level door for tests and hostile fixtures). */
export interface RawHeaderFields {
  name?: string;
  mode?: string | number;
  uid?: string | number;
  gid?: string | number;
  size?: string | number;
  mtime?: string | number;
  /** Written verbatim instead of the computed checksum (to forge a bad one). */
  checksum?: string;
  typeflag?: string;
  linkname?: string;
  magic?: string;
  version?: string;
  uname?: string;
  gname?: string;
  devmajor?: string | number;
  devminor?: string | number;
  prefix?: string;
}

/**
 * Encode one 512-byte header block from raw fields. Numbers are written as octal; strings
 * verbatim (truncated to the field), so callers can forge any header.
 */
export function rawHeader(f: RawHeaderFields): Buffer {
  const b = Buffer.alloc(BLOCK);
  writeRawHeader(b, 0, f);
  return b;
}

/** rawHeader's encoding, into `b` at `at`, whose 512 bytes must be zero. */
function writeRawHeader(b: Buffer, at: number, f: RawHeaderFields): void {
  const num = (offset: number, width: number, v: string | number | undefined): void => {
    if (v === undefined) v = 0;
    if (typeof v === 'string') b.write(v, at + offset, width, 'latin1');
    else writeOctal(b, at + offset, width, v);
  };
  writeString(b, at, 100, f.name ?? '');
  num(100, 8, f.mode ?? 0o644);
  num(108, 8, f.uid);
  num(116, 8, f.gid);
  num(124, 12, f.size);
  num(136, 12, f.mtime);
  b.write(f.typeflag ?? '0', at + 156, 1, 'latin1');
  writeString(b, at + 157, 100, f.linkname ?? '');
  b.write(f.magic ?? 'ustar\0', at + 257, 6, 'latin1');
  b.write(f.version ?? '00', at + 263, 2, 'latin1');
  writeString(b, at + 265, 32, f.uname ?? '');
  writeString(b, at + 297, 32, f.gname ?? '');
  num(329, 8, f.devmajor);
  num(337, 8, f.devminor);
  writeString(b, at + 345, 155, f.prefix ?? '');
  if (f.checksum !== undefined) {
    b.write(f.checksum.padEnd(8, '\0').slice(0, 8), at + 148, 8, 'latin1');
  } else {
    b.fill(0x20, at + 148, at + 156);
    writeOctal(b, at + 148, 7, checksumOf(b, at));
    b[at + 155] = 0x20;
  }
}

/** Sum of the header's bytes with the checksum field taken as spaces. */
export function checksumOf(block: Uint8Array, offset = 0): number {
  let sum = 8 * 0x20;
  for (let i = offset; i < offset + 148; i++) sum += block[i]!;
  for (let i = offset + 156; i < offset + BLOCK; i++) sum += block[i]!;
  return sum;
}

/** Split a name into ustar prefix (≤155 bytes) and name (≤100 bytes) at a slash, or undefined. */
function splitUstar(name: string): { prefix: string; name: string } | undefined {
  if (name.length <= 100) return { prefix: '', name };
  if (name.length > 256) return undefined;
  // The name part must be ≤100 bytes and the prefix ≤155, split at a '/'.
  for (let i = name.length - 101; i < name.length; i++) {
    if (i < 1) continue;
    if (name[i] === '/' && i <= 155 && name.length - i - 1 <= 100 && name.length - i - 1 > 0) {
      return { prefix: name.slice(0, i), name: name.slice(i + 1) };
    }
  }
  return undefined;
}

/**
 * One PAX record `"<len> key=value\n"`, where len counts the whole record. A value with
 * raw (non-UTF-8) bytes is written as those bytes (see names.ts).
 */
export function paxRecord(key: string, value: string): Buffer {
  const body = Buffer.concat([Buffer.from(` ${key}=`), encodeName(value), Buffer.from('\n')]);
  const bodyLen = body.length;
  let len = bodyLen + String(bodyLen).length;
  if (String(len).length + bodyLen !== len) len = bodyLen + String(len).length;
  return Buffer.concat([Buffer.from(String(len)), body]);
}

/** A PAX extended header entry (`x`) carrying `records`, ready to precede an entry. */
export function paxHeader(entryName: string, records: Record<string, string>, mtime: number, global = false): Buffer {
  // Sorted keys: the bytes must not depend on insertion order.
  const body = Buffer.concat(
    Object.keys(records)
      .sort()
      .map((k) => paxRecord(k, records[k]!)),
  );
  // A deterministic, ASCII-only name of ≤100 bytes, like Go's archive/tar `PaxHeaders.0/`.
  const base = entryName.replace(/\/+$/, '').split('/').pop() ?? '';
  const safe = asciiTruncate(base, 80);
  const header = rawHeader({
    name: global ? 'GlobalHead.0' : `PaxHeaders.0/${safe}`,
    mode: 0o644,
    size: body.length,
    mtime,
    typeflag: global ? 'g' : 'x',
  });
  return Buffer.concat([header, body, padding(body.length)]);
}

/**
 * Encode the header block(s) of an entry: a PAX extended header first when a field does
 * not fit ustar (long or non-ASCII names and link targets, sizes ≥ 8 GiB, large ids or
 * mtimes, extra records in `h.pax`), then the ustar header.
 */
export function encodeHeader(h: TarHeader): Buffer {
  const pax: Record<string, string> = { ...(h.pax ?? {}) };
  let name = h.name;
  if (h.type === 'directory' && !name.endsWith('/')) name += '/';
  let ustarName: { prefix: string; name: string } | undefined;
  if (isAscii(name)) ustarName = splitUstar(name);
  if (!ustarName) {
    pax.path = name;
    ustarName = { prefix: '', name: asciiTruncate(name, 100) };
  }
  let linkname = h.linkname;
  if (Buffer.byteLength(linkname) > 100 || !isAscii(linkname)) {
    pax.linkpath = linkname;
    linkname = asciiTruncate(linkname, 100);
  }
  // Names that are not UTF-8 go into PAX as their bytes, flagged as such (POSIX pax
  // `hdrcharset`): GNU tar then keeps them as bytes, Go's archive/tar always does.
  if (hasRawBytes(name) || hasRawBytes(h.linkname)) pax.hdrcharset = 'BINARY';
  const size = h.type === 'file' ? h.size : 0;
  const big = (field: string, value: number, width: number): number => {
    if (value > octalMax(width) || value < 0 || !Number.isInteger(value)) {
      pax[field] = String(value);
      return 0;
    }
    return value;
  };
  const sizeField = big('size', size, 12);
  const uid = big('uid', h.uid, 8);
  const gid = big('gid', h.gid, 8);
  const mtime = big('mtime', h.mtime, 12);
  let uname = h.uname;
  if (Buffer.byteLength(uname) > 32 || !isAscii(uname)) {
    pax.uname = uname;
    uname = '';
  }
  let gname = h.gname;
  if (Buffer.byteLength(gname) > 32 || !isAscii(gname)) {
    pax.gname = gname;
    gname = '';
  }
  const header = rawHeader({
    name: ustarName.name,
    prefix: ustarName.prefix,
    mode: h.mode & 0o7777,
    uid,
    gid,
    size: sizeField,
    mtime,
    typeflag: TYPE_FLAGS[h.type],
    linkname,
    uname,
    gname,
    devmajor: h.devmajor,
    devminor: h.devminor,
  });
  if (Object.keys(pax).length === 0) return header;
  return Buffer.concat([paxHeader(name, pax, mtime), header]);
}

/** Printable-or-control ASCII without NUL, at most `max` characters (= bytes). */
function plainAscii(s: string, max: number): boolean {
  if (s.length > max) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0 || c > 0x7f) return false;
  }
  return true;
}

function fitsOctal(value: number, width: number): boolean {
  return Number.isInteger(value) && value >= 0 && value <= octalMax(width);
}

/**
 * Write the ustar header of `h` straight into `buf` at `offset` when it needs nothing
 * beyond plain ustar (ASCII name and link of ≤ 100 bytes, numbers that fit, no PAX
 * records) — the common case, without the allocations of encodeHeader; the bytes are
 * the same as encodeHeader's. Returns false, writing nothing, otherwise.
 */
export function writeUstarInto(h: TarHeader, buf: Buffer, offset: number): boolean {
  const name = h.type === 'directory' && !h.name.endsWith('/') ? `${h.name}/` : h.name;
  const size = h.type === 'file' ? h.size : 0;
  if (h.pax !== undefined && Object.keys(h.pax).length > 0) return false;
  if (!plainAscii(name, 100) || !plainAscii(h.linkname, 100) || !plainAscii(h.uname, 32) || !plainAscii(h.gname, 32)) return false;
  if (!fitsOctal(size, 12) || !fitsOctal(h.uid, 8) || !fitsOctal(h.gid, 8) || !fitsOctal(h.mtime, 12)) return false;
  if (!fitsOctal(h.devmajor, 8) || !fitsOctal(h.devminor, 8)) return false;
  buf.fill(0, offset, offset + BLOCK);
  writeRawHeader(buf, offset, {
    name,
    mode: h.mode & 0o7777,
    uid: h.uid,
    gid: h.gid,
    size,
    mtime: h.mtime,
    typeflag: TYPE_FLAGS[h.type],
    linkname: h.linkname,
    uname: h.uname,
    gname: h.gname,
    devmajor: h.devmajor,
    devminor: h.devminor,
  });
  return true;
}

/** Keep printable ASCII only and cut to `max` bytes (the ustar fallback when PAX carries the truth). */
function asciiTruncate(s: string, max: number): string {
  return s.replace(/[^\x20-\x7e]/g, '_').slice(0, max);
}

// ---------------------------------------------------------------------------------------
// Decoding

/** A decoded header block before PAX/GNU extensions are applied. */
export interface RawHeader {
  name: string;
  mode: number;
  uid: number;
  gid: number;
  size: number;
  mtime: number;
  typeflag: string;
  linkname: string;
  uname: string;
  gname: string;
  devmajor: number;
  devminor: number;
}

function cString(block: Uint8Array, offset: number, width: number): string {
  let end = offset;
  const limit = offset + width;
  while (end < limit && block[end] !== 0) end++;
  // Names and link targets are bytes: kept as they are when not UTF-8 (names.ts).
  return decodeName(block, offset, end);
}

/**
 * Parse a numeric field: octal (NUL/space padded) or GNU base-256 (high bit set). Throws
 * INVALID_LAYER on anything else, on negative values, and above 2^53.
 */
export function parseNumeric(block: Uint8Array, offset: number, width: number, field: string): number {
  const first = block[offset]!;
  if (first & 0x80) {
    if (first === 0xff) throw invalid(`negative ${field} in a tar header`);
    let v = first & 0x7f;
    for (let i = 1; i < width; i++) {
      v = v * 256 + block[offset + i]!;
      if (v > Number.MAX_SAFE_INTEGER) throw invalid(`${field} in a tar header is too large`);
    }
    return v;
  }
  let i = offset;
  const end = offset + width;
  while (i < end && (block[i] === 0x20 || block[i] === 0)) i++; // leading spaces (and empty)
  let v = 0;
  let digits = 0;
  for (; i < end; i++) {
    const c = block[i]!;
    if (c === 0 || c === 0x20) break;
    if (c < 0x30 || c > 0x37) throw invalid(`malformed ${field} field in a tar header`);
    v = v * 8 + (c - 0x30);
    digits++;
  }
  for (; i < end; i++) {
    const c = block[i]!;
    if (c !== 0 && c !== 0x20) throw invalid(`malformed ${field} field in a tar header`);
  }
  if (v > Number.MAX_SAFE_INTEGER) throw invalid(`${field} in a tar header is too large`);
  return digits === 0 ? 0 : v;
}

/** True when the block is all zeros (end-of-archive marker). */
export function isZeroBlock(block: Uint8Array): boolean {
  for (let i = 0; i < BLOCK; i++) if (block[i] !== 0) return false;
  return true;
}

/**
 * Decode one header block, verifying its checksum (unsigned, or signed as some old tars
 * wrote it). The ustar `prefix` is joined only for POSIX ustar magic: GNU tar keeps
 * times there.
 */
export function decodeRawHeader(block: Uint8Array): RawHeader {
  const stored = parseNumeric(block, 148, 8, 'checksum');
  const unsigned = checksumOf(block);
  if (stored !== unsigned) {
    let signed = 0;
    for (let i = 0; i < BLOCK; i++) {
      const b = i >= 148 && i < 156 ? 0x20 : block[i]!;
      signed += b > 127 ? b - 256 : b;
    }
    if (stored !== signed) throw invalid(`tar header checksum mismatch (stored ${stored}, computed ${unsigned})`);
  }
  const magic = cString(block, 257, 6);
  const version = Buffer.from(block.buffer, block.byteOffset + 263, 2).toString('latin1');
  let name = cString(block, 0, 100);
  if (magic === 'ustar' && version === '00') {
    const prefix = cString(block, 345, 155);
    if (prefix !== '') name = `${prefix}/${name}`;
  }
  // NUL stays NUL: old tars wrote directories as NUL entries named `…/` (see readTar).
  const typeflag = String.fromCharCode(block[156]!);
  return {
    name,
    mode: parseNumeric(block, 100, 8, 'mode') & 0o7777,
    uid: parseNumeric(block, 108, 8, 'uid'),
    gid: parseNumeric(block, 116, 8, 'gid'),
    size: parseNumeric(block, 124, 12, 'size'),
    mtime: parseNumeric(block, 136, 12, 'mtime'),
    typeflag,
    linkname: cString(block, 157, 100),
    uname: cString(block, 265, 32),
    gname: cString(block, 297, 32),
    devmajor: parseNumeric(block, 329, 8, 'devmajor'),
    devminor: parseNumeric(block, 337, 8, 'devminor'),
  };
}

/**
 * Parse a PAX extended header body into records. Throws INVALID_LAYER on a malformed
 * record (bad length, missing `=`, length past the end).
 */
export function parsePax(body: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  let pos = 0;
  while (pos < body.length) {
    if (body[pos] === 0) break; // some writers pad with NULs
    const space = body.indexOf(0x20, pos);
    if (space < 0 || space - pos > 20) throw invalid('malformed PAX record (no length)');
    const lenText = body.toString('latin1', pos, space);
    if (!/^[1-9][0-9]*$/.test(lenText)) throw invalid('malformed PAX record length');
    const len = Number(lenText);
    if (pos + len > body.length || len < space - pos + 3) throw invalid('PAX record runs past its header');
    if (body[pos + len - 1] !== 0x0a) throw invalid('PAX record does not end in a newline');
    const rec = decodeName(body, space + 1, pos + len - 1);
    const eq = rec.indexOf('=');
    if (eq <= 0) throw invalid('malformed PAX record (no key)');
    out[rec.slice(0, eq)] = rec.slice(eq + 1);
    pos += len;
  }
  return out;
}

/** Map a typeflag to an EntryType, or undefined for types that are not entries (x, g, L, K…). */
export function entryTypeOf(typeflag: string): EntryType | undefined {
  switch (typeflag) {
    case '0':
    case '\0': // pre-POSIX regular file (a name ending in `/` is a directory: see readTar)
    case '7': // contiguous file: a regular file everywhere that matters
      return 'file';
    case '1':
      return 'link';
    case '2':
      return 'symlink';
    case '3':
      return 'chardev';
    case '4':
      return 'blockdev';
    case '5':
      return 'directory';
    case '6':
      return 'fifo';
    default:
      return undefined;
  }
}

/** Parse a PAX numeric value (`size`, `uid`, `mtime` may be fractional). */
export function paxNumber(value: string, key: string, fractional: boolean): number {
  const re = fractional ? /^-?[0-9]+(\.[0-9]+)?$/ : /^[0-9]+$/;
  if (!re.test(value)) throw invalid(`malformed PAX ${key} ${JSON.stringify(value.slice(0, 40))}`);
  const n = Number(value);
  if (!Number.isFinite(n) || Math.abs(n) > Number.MAX_SAFE_INTEGER) throw invalid(`PAX ${key} is too large`);
  return n;
}

export { invalid as invalidLayer };
