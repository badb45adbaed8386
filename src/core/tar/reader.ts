/**
 * A streaming tar reader: ustar, PAX (`x` and `g`), GNU long names/links (`L`/`K`).
 * Bodies are never buffered by the reader: each entry's body is handed out chunk by chunk
 * from the source, and skipped when the consumer does not read it.
 *
 * Reference: POSIX.1-2008 `pax`; GNU tar "Basic Tar Format".
 */
import {
  BLOCK,
  LIMITS,
  decodeRawHeader,
  entryTypeOf,
  invalidLayer,
  isZeroBlock,
  parsePax,
  paxNumber,
  type TarHeader,
} from './header.js';
import { decodeName, displayName, nameByteLength } from './names.js';

/** One entry handed out by `readTar`. Its body must be read (or is skipped) before the next entry. */
export interface TarEntry {
  header: TarHeader;
  /** The body, chunk by chunk (chunks may share memory with the source's buffers). */
  body(): AsyncIterable<Buffer>;
  /** The whole body as one buffer; only for bodies known to be small. */
  readAll(): Promise<Buffer>;
}

/**
 * Pulls exact byte counts from an async iterable of chunks without copying when a request
 * falls inside one chunk.
 */
class ChunkReader {
  #it: AsyncIterator<Uint8Array>;
  #chunk: Buffer = Buffer.alloc(0);
  #pos = 0;
  #done = false;

  constructor(source: AsyncIterable<Uint8Array>) {
    this.#it = source[Symbol.asyncIterator]();
  }

  /** Bytes buffered now. */
  get buffered(): number {
    return this.#chunk.length - this.#pos;
  }

  async #fill(): Promise<boolean> {
    while (this.#pos >= this.#chunk.length) {
      if (this.#done) return false;
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
  async some(max: number): Promise<Buffer | undefined> {
    if (!(await this.#fill())) return undefined;
    const n = Math.min(max, this.#chunk.length - this.#pos);
    const out = this.#chunk.subarray(this.#pos, this.#pos + n);
    this.#pos += n;
    return out;
  }

  /** Exactly `n` bytes, or fewer only at the end of the source. */
  async exact(n: number): Promise<Buffer> {
    const first = await this.some(n);
    if (first === undefined) return Buffer.alloc(0);
    if (first.length === n) return first;
    const parts = [first];
    let got = first.length;
    while (got < n) {
      const more = await this.some(n - got);
      if (more === undefined) break;
      parts.push(more);
      got += more.length;
    }
    return Buffer.concat(parts, got);
  }

  /** Skip `n` bytes; false when the source ended first. */
  async skip(n: number): Promise<boolean> {
    let left = n;
    while (left > 0) {
      const c = await this.some(left);
      if (c === undefined) return false;
      left -= c.length;
    }
    return true;
  }

  /** Read and drop everything left (so digests over the whole stream complete). */
  async drain(): Promise<void> {
    while ((await this.some(1 << 30)) !== undefined);
  }
}

/** A GNU long name or link: bytes up to the first NUL (as Go's archive/tar reads it). */
function gnuLongName(body: Buffer): string {
  const nul = body.indexOf(0);
  return decodeName(body, 0, nul < 0 ? body.length : nul);
}

function truncated(what: string): Error {
  return invalidLayer(`the tar stream ends inside ${what} (truncated layer)`);
}

/** Options of readTar. */
export interface ReadTarOptions {
  /** Keep reading the source after the end-of-archive marker (default true: digests need every byte). */
  drain?: boolean;
}

/**
 * Iterate over the entries of a tar stream. Throws INVALID_LAYER on bad checksums,
 * malformed numbers, oversized PAX/GNU metadata, unsupported entry kinds (GNU sparse,
 * multi-volume) and truncation.
 */
export async function* readTar(source: AsyncIterable<Uint8Array>, options: ReadTarOptions = {}): AsyncGenerator<TarEntry> {
  const r = new ChunkReader(source);
  let globalPax: Record<string, string> = {};
  let nextPax: Record<string, string> | undefined;
  let longName: string | undefined;
  let longLink: string | undefined;

  const readMeta = async (size: number, what: string): Promise<Buffer> => {
    if (size > LIMITS.metaBytes) throw invalidLayer(`${what} of ${size} bytes exceeds the ${LIMITS.metaBytes}-byte limit`);
    const body = await r.exact(size);
    if (body.length < size) throw truncated(what);
    if (!(await r.skip((BLOCK - (size % BLOCK)) % BLOCK))) throw truncated(what);
    return Buffer.from(body); // own copy: records outlive the chunk
  };

  for (;;) {
    const block = await r.exact(BLOCK);
    if (block.length === 0) break; // end of source at a header boundary: accepted, as Go does
    if (block.length < BLOCK) throw truncated('a header');
    if (isZeroBlock(block)) {
      // End of archive (one or two zero blocks). Whatever follows is padding.
      if (nextPax || longName !== undefined || longLink !== undefined) throw invalidLayer('an extended header is not followed by an entry');
      if (options.drain !== false) await r.drain();
      return;
    }
    const raw = decodeRawHeader(block);
    switch (raw.typeflag) {
      case 'x':
        nextPax = { ...(nextPax ?? {}), ...parsePax(await readMeta(raw.size, 'a PAX header')) };
        continue;
      case 'g':
        globalPax = { ...globalPax, ...parsePax(await readMeta(raw.size, 'a PAX global header')) };
        continue;
      case 'L':
        longName = gnuLongName(await readMeta(raw.size, 'a GNU long name'));
        continue;
      case 'K':
        longLink = gnuLongName(await readMeta(raw.size, 'a GNU long link'));
        continue;
      default:
        break;
    }
    const type = entryTypeOf(raw.typeflag);
    if (type === undefined) {
      // 'S' is the old GNU sparse form: name it as the PAX forms are named below.
      if (raw.typeflag === 'S') throw invalidLayer(`GNU sparse files are not supported (${JSON.stringify(displayName(raw.name))})`);
      throw invalidLayer(`unsupported tar entry type ${JSON.stringify(raw.typeflag)} for ${JSON.stringify(displayName(raw.name))}`);
    }
    const pax = nextPax ? { ...globalPax, ...nextPax } : globalPax;
    nextPax = undefined;
    const header: TarHeader = {
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
    if (longName !== undefined) header.name = longName;
    if (longLink !== undefined) header.linkname = longLink;
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
            header.size = paxNumber(v, k, false);
            break;
          case 'uid':
            header.uid = paxNumber(v, k, false);
            break;
          case 'gid':
            header.gid = paxNumber(v, k, false);
            break;
          case 'uname':
            header.uname = v;
            break;
          case 'gname':
            header.gname = v;
            break;
          case 'mtime':
            header.mtime = paxNumber(v, k, true);
            break;
          default:
            if (k.startsWith('GNU.sparse.')) throw invalidLayer(`GNU sparse files are not supported (${JSON.stringify(displayName(header.name))})`);
        }
      }
      header.pax = { ...pax };
    }
    if (header.name === '' || header.name.includes('\0')) {
      throw invalidLayer(`a tar entry has an empty name or one with a NUL byte (${JSON.stringify(displayName(header.name, 100))})`);
    }
    if (nameByteLength(header.name) > LIMITS.pathBytes || nameByteLength(header.linkname) > LIMITS.pathBytes) {
      throw invalidLayer(`a tar entry name or link target exceeds ${LIMITS.pathBytes} bytes (${JSON.stringify(displayName(header.name, 100))})`);
    }
    // A NUL can only come from PAX or GNU records (header fields end at the first NUL):
    // no file system name holds one.
    if (header.linkname.includes('\0')) {
      throw invalidLayer(`the link target of tar entry ${JSON.stringify(displayName(header.name, 100))} holds a NUL byte`);
    }
    // Pre-POSIX tars wrote directories as regular-file entries (typeflag NUL) whose name
    // ends in `/`: read them as directories, as Go's archive/tar and GNU tar do.
    if (raw.typeflag === '\0' && header.name.endsWith('/')) header.type = 'directory';
    // Only regular files carry a body: the size field of links, directories, devices and
    // FIFOs is ignored (POSIX ustar; Go's archive/tar `isHeaderOnlyType`).
    if (header.type !== 'file') header.size = 0;
    const size = header.size;

    let consumed = 0;
    let reading = false;
    const entry: TarEntry = {
      header,
      body: () => {
        if (reading) throw new Error('tar entry body read twice');
        reading = true;
        return (async function* () {
          while (consumed < size) {
            const c = await r.some(size - consumed);
            if (c === undefined) throw truncated(`the body of ${JSON.stringify(displayName(header.name))}`);
            consumed += c.length;
            yield c;
          }
        })();
      },
      readAll: async () => {
        const parts: Buffer[] = [];
        for await (const c of entry.body()) parts.push(c);
        return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
      },
    };
    yield entry;
    // Skip what the consumer left unread, plus the padding to the next block.
    if (consumed < size && !(await r.skip(size - consumed))) throw truncated(`the body of ${JSON.stringify(displayName(header.name))}`);
    consumed = size;
    // The source may end inside the padding of the last entry: that is the end of the
    // archive, as in Go's archive/tar (Reader.next reads the padding with tryReadFull:
    // io.EOF there ends the archive; only a short body is ErrUnexpectedEOF). umoci 0.4.7's
    // `insert` writes such tars (no padding after the last file, no zero blocks); the
    // diffID still covers every byte.
    if (!(await r.skip((BLOCK - (size % BLOCK)) % BLOCK))) return;
  }
}
