/**
 * Block-parallel gzip, pigz-style, that also decodes in parallel. The input is cut into
 * fixed-size blocks by byte offset; each block is raw-deflated on the libuv thread pool
 * and becomes one gzip member of its own (RFC 1952 §2.2: a gzip file is a series of
 * members, and every gzip reader — gzip(1), Go's compress/gzip, pgzip, zlib — reads them
 * all). Each member's header carries an extra field (subfield `OS`, RFC 1952 §2.3.1.1)
 * with the length of its compressed data, so a reader can find the next member without
 * inflating this one: `gunzipStream` inflates several members at once, where a single
 * deflate stream can only be inflated on one core.
 *
 * Members are independent (no shared dictionary): measured on the benchmark trees, that
 * costs 0.1-0.2% of layer size at 1 MiB blocks. The output depends only on the input
 * bytes, the level and the block size — never on timing or the number of cores — so
 * layer digests are reproducible.
 *
 * Reference: RFC 1952 (gzip), RFC 1951 (deflate); pigz's and BGZF's design notes.
 */
import zlib from 'node:zlib';
import { blockParallel, compressWhole, defaultConcurrency, own, pump } from './pipeline.js';
import { probeBlock, type BlockKind } from './probe.js';

/**
 * Default gzip level, that of text blocks. Chosen by measurement (bench/ingest.bench.mjs):
 * with block-parallel deflate on two cores, level 3 is faster than `umoci insert` while its
 * layers stay within a few percent of umoci's size; level 6 is about twice as slow per core.
 */
export const DEFAULT_GZIP_LEVEL = 3;

/**
 * The level of a block by what it holds (probe.ts), when no level is asked for. Measured
 * on the bench trees, 1 MiB blocks: on shared libraries level 2 deflates in 10-25% less
 * CPU than level 3 for output 1.1% larger, and level 1 in ~7% less than level 2 for output
 * 1.6% larger (300 MB of binaries: 123.0 -> 125.0 MB, 1.038x umoci's; the small-files
 * tree +0.2%). A gzip ingest of binaries is bound by the two cores' deflate CPU, and
 * against `umoci insert` it needs that 7%. On text level 3 keeps the 0.5-1% it buys; data
 * that no longer compresses is stored (level 0: a copy), where deflating it cost a full
 * match search to save nothing.
 */
export const GZIP_LEVEL_BY_KIND: Readonly<Record<BlockKind, number>> = { text: DEFAULT_GZIP_LEVEL, binary: 1, incompressible: 0 };

/** Options of gzipStream. */
export interface GzipOptions {
  /** zlib level 0–9 for every block; absent: each block's level by content (GZIP_LEVEL_BY_KIND). */
  level?: number;
  /** Block size in bytes (default 1 MiB). Part of the output's identity: keep it fixed. */
  blockSize?: number;
  /**
   * Blocks in flight (default: the thread pool size, at least 2, and QUEUED_BLOCKS more
   * waiting in the pool's queue).
   */
  concurrency?: number;
}

/**
 * Blocks handed to the thread pool beyond its threads, waiting in its queue: when a
 * deflate finishes, its thread takes the next block at once instead of waiting for the
 * main thread, itself waiting for the oldest block (output is in order) while younger
 * ones finish. Measured on the binaries tree, gzip, 2 cores under load (3 runs each,
 * timestamps of each block's submission and completion): the main thread waiting for a
 * block 1.4-2.1 s -> 0.06-0.21 s, and time with at most one deflate running while it
 * waited (a core idle on a quiet machine) 63-233 -> 4-20 ms; peak RSS +4 MB (two more
 * 1 MiB blocks, in and out).
 */
const QUEUED_BLOCKS = 2;

/** The extra subfield that records a member's compressed length: `OS`, 4 bytes. */
const SI1 = 0x4f;
const SI2 = 0x53;
/** Header of one of our members: 10 fixed bytes, XLEN, the 8-byte extra field. */
const MEMBER_HEADER = 10 + 2 + 8;
const TRAILER = 8;
/** Smallest block: below that, per-member overhead and lost matches start to show. */
const MIN_BLOCK = 32 * 1024;

/**
 * zlib's memLevel for compression. Measured on the benchmark trees at level 3: 9 (the
 * largest hash table) deflates 8-12% faster than the default 8, for output 0.2-0.3% larger.
 */
const MEM_LEVEL = 9;

/**
 * A member header: no name, no mtime (0), unknown OS — nothing machine-specific — and the
 * `OS` extra subfield holding `length`, the size of the compressed data that follows.
 */
function memberHeader(level: number, length: number): Buffer {
  const xfl = level >= 9 ? 2 : level <= 1 ? 4 : 0;
  const h = Buffer.from([0x1f, 0x8b, 8, 4, 0, 0, 0, 0, xfl, 0xff, 8, 0, SI1, SI2, 4, 0, 0, 0, 0, 0]);
  h.writeUInt32LE(length, 16);
  return h;
}

/**
 * Raw-deflate one block on the thread pool in a single call: the write finishes the stream
 * (Z_FINISH) into one output buffer that holds any deflate of the block (zlib's
 * deflateBound: a few bytes per 16 KiB stored block). `zlib.deflateRaw` writes with
 * Z_NO_FLUSH, finishes in a second call, and returns to the main thread for every 256 KiB
 * of output, to concatenate it: measured on the binaries tree, ~20% more CPU for the same
 * bytes. The stream is closed, never ended (ending would finish it again).
 */
function deflateBlock(data: Buffer, level: number): Promise<Buffer> {
  const z = zlib.createDeflateRaw({
    level,
    memLevel: MEM_LEVEL,
    chunkSize: data.length + (data.length >> 8) + 1024,
    flush: zlib.constants.Z_FINISH,
  });
  return compressWhole(z, data, 'deflate');
}

/**
 * Gzip an async stream of buffers with block-parallel deflate, one member per block.
 * Memory stays bounded by `concurrency × blockSize` (input) plus the same for output.
 */
export async function* gzipStream(source: AsyncIterable<Uint8Array>, options: GzipOptions): AsyncGenerator<Buffer> {
  const level = options.level;
  const blockSize = options.blockSize ?? 1 << 20;
  if (blockSize < MIN_BLOCK || blockSize > MAX_MEMBER_DATA) {
    throw new RangeError(`gzip block size must be between ${MIN_BLOCK} and ${MAX_MEMBER_DATA}`);
  }
  yield* blockParallel(source, {
    blockSize,
    concurrency: options.concurrency ?? defaultConcurrency() + QUEUED_BLOCKS,
    encode: (block) => {
      // Read before the block is handed back for reuse.
      const trailer = Buffer.allocUnsafe(TRAILER);
      trailer.writeUInt32LE(zlib.crc32(block) >>> 0, 0);
      trailer.writeUInt32LE(block.length, 4);
      const blockLevel = level ?? GZIP_LEVEL_BY_KIND[probeBlock(block)];
      return deflateBlock(block, blockLevel).then((data) => [memberHeader(blockLevel, data.length), data, trailer]);
    },
  });
}

/**
 * The largest member data and output `gunzipStream` inflates in parallel. Ours are at most
 * one block (1 MiB by default) in and out; a bigger member is inflated in sequence.
 */
const MAX_MEMBER_DATA = 16 * 1024 * 1024;
/** Compressed data of a member of MAX_MEMBER_DATA bytes, with room for stored blocks. */
const MAX_MEMBER_IN = MAX_MEMBER_DATA + 1024 * 1024;
/** After this many members, ones averaging under TINY_MEMBER bytes of output are read by zlib. */
const TINY_AFTER = 64;
const TINY_MEMBER = 16 * 1024;
/** Size of the recycled member buffers: one default block's member, stored or deflated. */
const RECYCLED = (1 << 20) + 64 * 1024;

/** Options of gunzipStream. */
export interface GunzipOptions {
  /** Members inflating at once (default: the thread pool size, at least 2). */
  concurrency?: number;
}

/**
 * Inflate one whole gzip member on the thread pool. The member must end exactly at the
 * end of `member` and hold at most `isize` bytes (its trailer's ISIZE, which zlib checks
 * with the CRC-32): trailing bytes zlib would skip are an error, so the parallel reading
 * never differs from a sequential one.
 */
function inflateMember(member: Buffer, isize: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // One output buffer that fits the whole member: no concatenation.
    const chunkSize = Math.max(1024, isize + 1);
    const z = zlib.createGunzip({ chunkSize });
    const parts: Buffer[] = [];
    let size = 0;
    z.on('data', (c: Buffer) => {
      size += c.length;
      if (size > isize) z.destroy(new Error(`a gzip member inflates past its recorded size of ${isize} bytes`));
      else parts.push(c);
    });
    z.once('error', reject);
    z.once('end', () => {
      if (z.bytesWritten !== member.length) {
        reject(new Error(`a gzip member ends ${member.length - z.bytesWritten} bytes before its recorded length`));
      } else {
        const out = parts.length === 1 ? parts[0]! : Buffer.concat(parts, size);
        // zlib's own output buffer, written no more once the stream ends: `chunkSize` bytes of
        // their own (Buffer's shared pool serves only sizes below half of Buffer.poolSize).
        if (out === parts[0] && out.byteOffset === 0 && out.buffer.byteLength === chunkSize && chunkSize >= Buffer.poolSize >>> 1) own(out);
        resolve(out);
      }
      z.close();
    });
    z.end(member);
  });
}

/**
 * Gunzip an async stream of buffers. Members written by `gzipStream` (recognised by their
 * `OS` extra field) are inflated `concurrency` at a time on the thread pool and yielded in
 * order; from the first member that is not ours (any other gzip writer), the rest of the
 * stream is inflated in sequence by zlib. Either way the bytes are those any gzip reader
 * gives, and zlib verifies every member's CRC-32 and size.
 */
export async function* gunzipStream(source: AsyncIterable<Uint8Array>, options: GunzipOptions = {}): AsyncGenerator<Buffer> {
  const concurrency = Math.max(1, options.concurrency ?? defaultConcurrency());
  const it = source[Symbol.asyncIterator]();
  let pending: Buffer[] = [];
  let pendingLength = 0;
  let ended = false;
  let members = 0;

  /** Buffer at least `n` bytes unless the source ends first. */
  const fill = async (n: number): Promise<void> => {
    while (pendingLength < n && !ended) {
      const r = await it.next();
      if (r.done) ended = true;
      else if (r.value.length > 0) {
        const c = Buffer.isBuffer(r.value) ? r.value : Buffer.from(r.value.buffer, r.value.byteOffset, r.value.length);
        pending.push(c);
        pendingLength += c.length;
      }
    }
  };
  /** The first `n` buffered bytes (n ≤ pendingLength), without consuming them. */
  const peek = (n: number): Buffer => {
    if (pending[0]!.length >= n) return pending[0]!.subarray(0, n);
    pending = [Buffer.concat(pending, pendingLength)];
    return pending[0]!.subarray(0, n);
  };
  // Member buffers are recycled once inflated: with the source's chunks and the output,
  // they were a quarter of the garbage (and of the collections) of an unpack.
  const free: Buffer[] = [];
  /** Consume `n` buffered bytes into a buffer of their own (recycled when n ≤ RECYCLED). */
  const take = (n: number): Buffer => {
    const out = n <= RECYCLED ? (free.pop() ?? Buffer.allocUnsafe(RECYCLED)).subarray(0, n) : Buffer.allocUnsafe(n);
    let got = 0;
    while (got < n) {
      const head = pending[0]!;
      const k = Math.min(n - got, head.length);
      head.copy(out, got, 0, k);
      got += k;
      if (k === head.length) pending.shift();
      else pending[0] = head.subarray(k);
    }
    pendingLength -= n;
    return out;
  };
  /** The compressed-data length of the member at the head, if it is one of ours. */
  const ourMember = memberLength;

  const inflight: Array<Promise<Buffer>> = [];
  let inflated = 0;
  const nextOutput = async (): Promise<Buffer> => {
    const out = await inflight.shift()!;
    inflated += out.length;
    return out;
  };
  let finished = false;
  try {
    for (;;) {
      await fill(MEMBER_HEADER);
      if (pendingLength === 0 && members > 0) break; // the end, after whole members
      // Each member costs a zlib stream and a pool round trip (~50 µs): right for ~1 MiB
      // blocks, not for a flood of tiny members (a hostile layer). Those go to zlib, which
      // reads members back to back: measured, 50k one-byte members in 42 ms, not 2.4 s.
      if (members >= TINY_AFTER && inflated < (members - inflight.length) * TINY_MEMBER) break;
      const length = pendingLength >= MEMBER_HEADER ? ourMember(peek(MEMBER_HEADER)) : undefined;
      if (length === undefined) break; // not ours (or truncated): zlib reads the rest
      const total = MEMBER_HEADER + length + TRAILER;
      await fill(total);
      if (pendingLength < total) break; // truncated: zlib reports it
      const member = take(total);
      const isize = member.readUInt32LE(total - 4);
      if (isize > MAX_MEMBER_DATA) {
        // Not one of our blocks after all: put it back for zlib.
        pending.unshift(member);
        pendingLength += total;
        break;
      }
      const p = inflateMember(member, isize).finally(() => {
        if (member.buffer.byteLength === RECYCLED && free.length < concurrency) free.push(Buffer.from(member.buffer, member.byteOffset, RECYCLED));
      });
      p.catch(() => {}); // surfaced in order when awaited
      inflight.push(p);
      members++;
      while (inflight.length >= concurrency) yield await nextOutput();
    }
    while (inflight.length > 0) yield await nextOutput();

    if (pendingLength > 0 || !ended || members === 0) {
      // The rest, in sequence: what is buffered, then what the source still holds. After
      // members of ours, zlib must read the rest as the continuation of a gzip file, not
      // as its start: trailing zero bytes (padding) are accepted after a member and refused
      // before the first one. An empty member stands in for those already inflated.
      const rest = members > 0 ? [EMPTY_MEMBER, ...pending] : pending;
      pending = [];
      pendingLength = 0;
      const remainder = async function* (): AsyncGenerator<Buffer> {
        yield* rest;
        for (let r = ended ? undefined : await it.next(); r !== undefined && !r.done; r = await it.next()) {
          yield Buffer.isBuffer(r.value) ? r.value : Buffer.from(r.value.buffer, r.value.byteOffset, r.value.length);
        }
        ended = true;
      };
      yield* sequentialGunzip(remainder());
    }
    finished = true;
  } finally {
    inflight.length = 0;
    // A consumer that stopped early, or a failure: let the source release what it holds.
    if (!finished && !ended) await it.return?.();
  }
}

/** The compressed-data length of the member `h` starts (≥ MEMBER_HEADER bytes), if it is one of ours. */
function memberLength(h: Buffer): number | undefined {
  if (h[0] !== 0x1f || h[1] !== 0x8b || h[2] !== 8 || h[3] !== 4) return undefined;
  if (h.readUInt16LE(10) !== 8 || h[12] !== SI1 || h[13] !== SI2 || h.readUInt16LE(14) !== 4) return undefined;
  const length = h.readUInt32LE(16);
  return length <= MAX_MEMBER_IN ? length : undefined;
}

/**
 * True when a gzip stream starting with `head` is made of our length-tagged members, which
 * gunzipStream inflates several at once; any other gzip (one deflate stream, as umoci,
 * skopeo and Docker write) inflates in sequence on one thread.
 */
export function isParallelGzip(head: Uint8Array): boolean {
  const h = Buffer.isBuffer(head) ? head : Buffer.from(head.buffer, head.byteOffset, head.byteLength);
  return h.length >= MEMBER_HEADER && memberLength(h) !== undefined;
}

/** A gzip member of no data (RFC 1952: header, an empty final stored block, CRC 0, ISIZE 0). */
const EMPTY_MEMBER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0]);

/**
 * Inflate a gzip stream (any number of members) in sequence with zlib: one deflate stream
 * (umoci, skopeo, Docker Hub layers) inflates on one pool thread. Up to four chunks may
 * wait inflated (readableHighWaterMark), so inflate keeps running while the consumer
 * writes files — as `gzip -d` keeps running while `tar -x` writes, into the pipe buffer.
 * With the default mark (one chunk) every chunk waited for the consumer.
 */
function sequentialGunzip(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  // Stream options pass through zlib's options to its Transform (not in ZlibOptions' type).
  const options: zlib.ZlibOptions & { readableHighWaterMark: number } = { chunkSize: GUNZIP_CHUNK, readableHighWaterMark: 4 * GUNZIP_CHUNK };
  return pump(source, zlib.createGunzip(options));
}

/** Output chunk of the sequential inflate: ~1 ms of inflate per pool round trip. */
const GUNZIP_CHUNK = 256 * 1024;
