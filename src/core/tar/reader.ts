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

/** A GNU long name or link: bytes up to the first NUL (as Go's archive/tar reads it). */
function gnuLongName(body: Buffer): string {
  const nul = body.indexOf(0);
  return decodeName(body, 0, nul < 0 ? body.length : nul);
}

function truncated(what: string): Error {
  return invalidLayer(`the tar stream ends inside ${what} (truncated layer)`);
}

/** What TarDecoder.read hands out, in archive order. */
export type TarEvent =
  /** An entry; for a file, exactly `header.size` bytes of `data` events follow. */
  | { kind: 'entry'; header: TarHeader }
  /** A piece of the current file's body: a view of a pushed chunk, valid until the next push. */
  | { kind: 'data'; data: Buffer }
  /** The end of the archive (zero blocks, or the source ended at an entry's end). */
  | { kind: 'end' };

const END: TarEvent = { kind: 'end' };
const EMPTY = Buffer.alloc(0);

/** Padding after `size` bytes, to the next block. */
function padOf(size: number): number {
  return (BLOCK - (size % BLOCK)) % BLOCK;
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
export class TarDecoder {
  #chunk: Buffer = EMPTY;
  #pos = 0;
  #ended = false;
  /** header: at a header; meta: in a PAX/GNU record; body: in a file's body; pad: in padding; done: after the end. */
  #state: 'header' | 'meta' | 'body' | 'pad' | 'done' = 'header';
  /** Bytes left in the current body, record or padding. */
  #need = 0;
  /** The current entry's body size (its padding follows it). */
  #size = 0;
  /** Name of the current entry, for messages. */
  #name = '';
  /** A header cut by a chunk boundary. */
  readonly #block = Buffer.alloc(BLOCK);
  #blockLen = 0;
  /** The PAX/GNU record being read: its bytes and its typeflag. */
  #meta: Buffer = EMPTY;
  #metaLen = 0;
  #metaFlag = '';
  /** Padding that follows a record (truncation there is an error: an entry must follow). */
  #metaPad = false;
  #globalPax: Record<string, string> = {};
  #nextPax: Record<string, string> | undefined;
  #longName: string | undefined;
  #longLink: string | undefined;

  /** Add the next chunk of the archive. The previous one must have been read up to `undefined`. */
  push(chunk: Buffer): void {
    if (this.#pos < this.#chunk.length) throw new Error('TarDecoder: a chunk was pushed before the previous one was read');
    this.#chunk = chunk;
    this.#pos = 0;
  }

  /** The source has ended: the next reads give the last events, or throw if it was cut short. */
  end(): void {
    this.#ended = true;
  }

  /**
   * The next event, or undefined when the decoder needs the next chunk (it then holds no
   * reference to the pushed ones). After `end`, undefined means nothing more will come.
   */
  read(): TarEvent | undefined {
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
            if (this.#ended) throw truncated(`the body of ${JSON.stringify(displayName(this.#name))}`);
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
            if (!this.#ended) return this.#more();
            // The source ended inside padding: after a file, that is the end of the archive
            // (Go reads padding with tryReadFull); after a record, an entry is missing.
            if (this.#metaPad) throw truncated(META[this.#metaFlag]!);
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
            if (this.#ended) throw truncated(META[this.#metaFlag]!);
            return this.#more();
          }
          this.#need = padOf(this.#metaLen);
          this.#record();
          this.#state = 'pad';
          this.#metaPad = true;
          continue;
        }
        case 'header': {
          let block: Buffer;
          if (this.#blockLen === 0 && avail >= BLOCK) {
            block = this.#chunk.subarray(this.#pos, this.#pos + BLOCK);
            this.#pos += BLOCK;
          } else {
            const n = Math.min(avail, BLOCK - this.#blockLen);
            this.#chunk.copy(this.#block, this.#blockLen, this.#pos, this.#pos + n);
            this.#pos += n;
            this.#blockLen += n;
            if (this.#blockLen < BLOCK) {
              if (!this.#ended) return this.#more();
              if (this.#blockLen > 0) throw truncated('a header');
              this.#state = 'done'; // end of source at a header boundary: accepted, as Go does
              return END;
            }
            block = this.#block;
            this.#blockLen = 0;
          }
          this.#metaPad = false;
          const event = this.#header(block);
          if (event !== undefined) return event;
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
  #more(): undefined {
    this.#chunk = EMPTY;
    this.#pos = 0;
    return undefined;
  }

  /** Decode one header block: an entry event, or undefined for a record or the end marker (state set). */
  #header(block: Buffer): TarEvent | undefined {
    if (isZeroBlock(block)) {
      // End of archive (one or two zero blocks). Whatever follows is padding.
      if (this.#nextPax || this.#longName !== undefined || this.#longLink !== undefined) throw invalidLayer('an extended header is not followed by an entry');
      this.#state = 'done';
      this.#pos = this.#chunk.length;
      return END;
    }
    const raw = decodeRawHeader(block);
    const what = META[raw.typeflag];
    if (what !== undefined) {
      if (raw.size > LIMITS.metaBytes) throw invalidLayer(`${what} of ${raw.size} bytes exceeds the ${LIMITS.metaBytes}-byte limit`);
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
  #record(): void {
    const body = this.#meta;
    this.#meta = EMPTY;
    switch (this.#metaFlag) {
      case 'x':
        this.#nextPax = { ...(this.#nextPax ?? {}), ...parsePax(body) };
        break;
      case 'g':
        this.#globalPax = { ...this.#globalPax, ...parsePax(body) };
        break;
      case 'L':
        this.#longName = gnuLongName(body);
        break;
      default:
        this.#longLink = gnuLongName(body);
    }
  }

  /** An entry's header from its raw block and the records before it. */
  #entry(raw: ReturnType<typeof decodeRawHeader>): TarHeader {
    const type = entryTypeOf(raw.typeflag);
    if (type === undefined) {
      // 'S' is the old GNU sparse form: name it as the PAX forms are named below.
      if (raw.typeflag === 'S') throw invalidLayer(`GNU sparse files are not supported (${JSON.stringify(displayName(raw.name))})`);
      throw invalidLayer(`unsupported tar entry type ${JSON.stringify(raw.typeflag)} for ${JSON.stringify(displayName(raw.name))}`);
    }
    const pax = this.#nextPax ? { ...this.#globalPax, ...this.#nextPax } : this.#globalPax;
    this.#nextPax = undefined;
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
    if (this.#longName !== undefined) header.name = this.#longName;
    if (this.#longLink !== undefined) header.linkname = this.#longLink;
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
    return header;
  }
}

/** PAX and GNU record typeflags, named for messages. */
const META: Record<string, string> = { x: 'a PAX header', g: 'a PAX global header', L: 'a GNU long name', K: 'a GNU long link' };

/** Options of readTar. */
export interface ReadTarOptions {
  /** Keep reading the source after the end-of-archive marker (default true: digests need every byte). */
  drain?: boolean;
}

function asBuffer(v: Uint8Array): Buffer {
  return Buffer.isBuffer(v) ? v : Buffer.from(v.buffer, v.byteOffset, v.byteLength);
}

/**
 * Iterate over the entries of a tar stream (TarDecoder, for consumers that await). Each
 * entry's body must be read, or is skipped, before the next entry.
 */
export async function* readTar(source: AsyncIterable<Uint8Array>, options: ReadTarOptions = {}): AsyncGenerator<TarEntry> {
  const it = source[Symbol.asyncIterator]();
  const dec = new TarDecoder();
  let ended = false;
  const next = async (): Promise<TarEvent> => {
    for (;;) {
      const e = dec.read();
      if (e !== undefined) return e;
      if (ended) return END;
      const r = await it.next();
      if (r.done) {
        ended = true;
        dec.end();
      } else {
        dec.push(asBuffer(r.value));
      }
    }
  };
  let finished = false;
  try {
    for (;;) {
      const e = await next();
      if (e.kind === 'end') break;
      if (e.kind !== 'entry') continue; // the rest of a body the consumer did not read
      const header = e.header;
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
              const d = (await next()) as { kind: 'data'; data: Buffer };
              consumed += d.data.length;
              yield d.data;
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
      while (consumed < size) consumed += ((await next()) as { kind: 'data'; data: Buffer }).data.length;
    }
    if (options.drain !== false && !ended) while (!(await it.next()).done);
    finished = true;
  } finally {
    if (!finished && !ended) await it.return?.();
  }
}
