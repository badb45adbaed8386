/**
 * Path names as bytes, carried in JS strings without loss.
 *
 * Tar headers and POSIX file systems hold names as bytes, not text: `caf\xe9` (Latin-1)
 * and `caf\xe8` are two names, although neither is valid UTF-8. Decoding them as UTF-8
 * would turn both into `caf\uFFFD` — one name, the last file wins, and the real name can
 * no longer be opened. So names are decoded the way Python's `surrogateescape` does
 * (PEP 383): valid UTF-8 as text, and each byte that is not part of valid UTF-8 as the
 * lone surrogate U+DC80–U+DCFF. Valid UTF-8 never decodes to a lone surrogate, so the
 * mapping is one-to-one and `encodeName(decodeName(b))` gives back `b` exactly.
 *
 * Such a name must reach the file system as a Buffer (`toFsPath`): Node would encode the
 * string's lone surrogates as U+FFFD.
 */

/** A lone surrogate standing for one raw byte (0x80–0xFF). */
const ESCAPED = /[\uDC80-\uDCFF]/;

/** True when `name` carries bytes that are not UTF-8 (and must be written as a Buffer). */
export function hasRawBytes(name: string): boolean {
  return ESCAPED.test(name);
}

/** Length of the valid UTF-8 sequence at `i`, or 0 when the byte there starts none. */
function utf8Sequence(b: Uint8Array, i: number, end: number): number {
  const c = b[i]!;
  let n: number;
  let min: number;
  if (c >= 0xc2 && c <= 0xdf) [n, min] = [2, 0x80];
  else if (c >= 0xe0 && c <= 0xef) [n, min] = [3, 0x800];
  else if (c >= 0xf0 && c <= 0xf4) [n, min] = [4, 0x10000];
  else return 0;
  if (i + n > end) return 0;
  let cp = c & (0xff >> (n + 1));
  for (let k = 1; k < n; k++) {
    const d = b[i + k]!;
    if ((d & 0xc0) !== 0x80) return 0;
    cp = (cp << 6) | (d & 0x3f);
  }
  // No overlong forms, no encoded surrogates, nothing past U+10FFFF (RFC 3629 §3).
  if (cp < min || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff) return 0;
  return n;
}

/** Decode name bytes: UTF-8 where valid, every other byte as U+DC00 + byte. */
export function decodeName(b: Uint8Array, start = 0, end = b.length): string {
  const buf = Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  const text = buf.toString('utf8', start, end);
  // Fast path: no replacement character means every byte was valid UTF-8.
  if (!text.includes('\uFFFD')) return text;
  let out = '';
  let from = start;
  let i = start;
  while (i < end) {
    if (b[i]! < 0x80) {
      i++;
      continue;
    }
    const n = utf8Sequence(b, i, end);
    if (n > 0) {
      i += n;
      continue;
    }
    out += buf.toString('utf8', from, i) + String.fromCharCode(0xdc00 + b[i]!);
    i++;
    from = i;
  }
  return out + buf.toString('utf8', from, end);
}

/** Encode a name back to its bytes (the inverse of decodeName). */
export function encodeName(name: string): Buffer {
  if (!ESCAPED.test(name)) return Buffer.from(name, 'utf8');
  const parts: Buffer[] = [];
  let from = 0;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < name.length) {
      const d = name.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        i++; // a pair: one character outside the BMP, plain UTF-8
        continue;
      }
    }
    if (c >= 0xdc80 && c <= 0xdcff) {
      parts.push(Buffer.from(name.slice(from, i), 'utf8'), Buffer.from([c - 0xdc00]));
      from = i + 1;
    }
  }
  parts.push(Buffer.from(name.slice(from), 'utf8'));
  return Buffer.concat(parts);
}

/** Byte length of an encoded name. */
export function nameByteLength(name: string): number {
  return ESCAPED.test(name) ? encodeName(name).length : Buffer.byteLength(name);
}

/** A path for Node's fs: the string itself, or its bytes when it carries raw bytes. */
export function toFsPath(path: string): string | Buffer {
  return ESCAPED.test(path) ? encodeName(path) : path;
}

/** A name for a message: raw bytes shown as `\xNN`, cut to `max` characters. */
export function displayName(name: string, max = 200): string {
  const shown = name.replace(/[\uDC80-\uDCFF]/g, (c) => `\\x${(c.charCodeAt(0) - 0xdc00).toString(16)}`);
  return shown.length > max ? `${shown.slice(0, max)}…` : shown;
}
