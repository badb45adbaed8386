/**
 * Block-parallel gzip, pigz-style: the input is cut into fixed-size blocks by byte offset;
 * each block is raw-deflated on the libuv thread pool with the previous block's last
 * 32 KiB as its dictionary and ends on a sync flush (byte-aligned, empty stored block), the
 * last one finishes the stream. The blocks concatenate into one deflate stream inside a
 * gzip member whose header and trailer (CRC-32, ISIZE) are written here.
 *
 * The output depends only on the input bytes, the level and the block size — never on
 * timing or the number of cores — so layer digests are reproducible.
 *
 * Reference: RFC 1952 (gzip), RFC 1951 (deflate); pigz's design notes.
 */
import { promisify } from 'node:util';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import zlib from 'node:zlib';

const deflateRaw = promisify(zlib.deflateRaw) as (buf: Uint8Array, options: zlib.ZlibOptions) => Promise<Buffer>;

/** Deflate's window: the most history a block can refer back to. */
const WINDOW = 32 * 1024;

/** Options of gzipStream. */
export interface GzipOptions {
  /** zlib level 1–9. */
  level: number;
  /** Block size in bytes (default 1 MiB). Part of the output's identity: keep it fixed. */
  blockSize?: number;
  /** Blocks deflating at once (default: the thread pool size, at least 2). */
  concurrency?: number;
}

/** A gzip member header: no name, no mtime (0), unknown OS — nothing machine-specific. */
function gzipHeader(level: number): Buffer {
  const xfl = level >= 9 ? 2 : level <= 1 ? 4 : 0;
  return Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, xfl, 0xff]);
}

let gcNow: (() => void) | null | undefined;

/**
 * Collect garbage now. Each block's zlib buffers are external memory, and V8 collects
 * them only after ~64 MB have piled up — measured, that alone took a 1 GB gzip ingest to
 * 150 MB peak RSS, against a 150 MB budget (DESIGN.md §6). A full collection of our small
 * heap every 16 MiB of input keeps it near 90 MB for a few ms per collection. (A minor
 * collection does not release ArrayBuffer backing stores, measured.)
 */
export function collectGarbage(): void {
  if (gcNow === undefined) {
    try {
      v8.setFlagsFromString('--expose-gc');
      const gc = runInNewContext('gc') as (options?: { type: 'minor' | 'major'; execution?: 'sync' }) => void;
      gcNow = () => gc({ type: 'major', execution: 'sync' });
    } catch {
      gcNow = null;
    }
  }
  gcNow?.();
}

/** Blocks in flight by default: the libuv pool size (UV_THREADPOOL_SIZE, default 4). */
export function defaultConcurrency(): number {
  const pool = Number(process.env.UV_THREADPOOL_SIZE) || 4;
  return Math.max(2, pool);
}

/**
 * Gzip an async stream of buffers with block-parallel deflate. Memory stays bounded by
 * `concurrency × blockSize` (input) plus the same for output.
 */
export async function* gzipStream(source: AsyncIterable<Uint8Array>, options: GzipOptions): AsyncGenerator<Buffer> {
  const level = options.level;
  const blockSize = options.blockSize ?? 1 << 20;
  const concurrency = Math.max(1, options.concurrency ?? defaultConcurrency());
  if (blockSize < WINDOW) throw new RangeError(`gzip block size must be at least ${WINDOW}`);

  yield gzipHeader(level);
  let crc = 0;
  let total = 0;
  // Input blocks are recycled once deflated: fewer large allocations keeps GC and RSS low.
  const inflight: Array<{ out: Promise<Buffer>; input: Buffer }> = [];
  const free: Buffer[] = [];
  let dictionary: Buffer | undefined;
  let block: Buffer = Buffer.allocUnsafe(blockSize);
  let used = 0;
  let blocks = 0;
  const next = async (): Promise<Buffer> => {
    const b = inflight.shift()!;
    const out = await b.out;
    free.push(b.input);
    blocks++;
    if (blocks % Math.max(1, Math.round((16 << 20) / blockSize)) === 0) collectGarbage();
    return out;
  };

  const submit = (data: Buffer, last: boolean): void => {
    crc = zlib.crc32(data, crc);
    total += data.length;
    const opts: zlib.ZlibOptions = {
      level,
      chunkSize: 256 * 1024,
      finishFlush: last ? zlib.constants.Z_FINISH : zlib.constants.Z_SYNC_FLUSH,
    };
    if (dictionary) opts.dictionary = dictionary;
    // The dictionary is copied into the new deflate state synchronously (deflateSetDictionary
    // runs in the constructor), so the previous block may be recycled once deflated.
    const p = deflateRaw(data, opts);
    p.catch(() => {}); // surfaced in order when awaited
    inflight.push({ out: p, input: data });
    // A copy: this block's buffer is recycled before the next block is submitted.
    dictionary = Buffer.from(data.length >= WINDOW ? data.subarray(data.length - WINDOW) : data);
  };

  for await (const chunk of source) {
    let off = 0;
    while (off < chunk.length) {
      const n = Math.min(blockSize - used, chunk.length - off);
      block.set(chunk.subarray(off, off + n), used);
      used += n;
      off += n;
      if (used === blockSize) {
        submit(block, false);
        used = 0;
        while (inflight.length >= concurrency) yield await next();
        block = free.pop() ?? Buffer.allocUnsafe(blockSize);
      }
    }
  }
  submit(block.subarray(0, used), true);
  while (inflight.length > 0) yield await next();

  const trailer = Buffer.allocUnsafe(8);
  trailer.writeUInt32LE(crc >>> 0, 0);
  trailer.writeUInt32LE(total % 2 ** 32, 4);
  yield trailer;
}
