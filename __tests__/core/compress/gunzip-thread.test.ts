import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { decompress, gzipStream } from '../../../src/core/compress/index.js';
import { threadGunzip } from '../../../src/core/compress/gunzip-thread.js';
import { sha256 } from '../../../src/core/digest.js';
import { isOciError } from '../../../src/core/errors.js';
import { Store } from '../../../src/core/layout.js';
import { encodeHeader, endOfArchive, padding, type TarHeader } from '../../../src/core/tar/index.js';
import { MediaType, type Descriptor } from '../../../src/core/types/oci.js';
import { unpackManifest } from '../../../src/core/unpack.js';
import { captureLogger, cleanup, tempDir } from '../tree-helpers.js';

let tmp: string;
let store: Store;
beforeAll(async () => {
  tmp = await tempDir('oci-gunzip-thread-');
  store = await Store.open(join(tmp, 'store'));
});
afterAll(async () => cleanup(tmp));

/** Every chunk copied: a chunk of threadGunzip is valid only until the next is asked for. */
async function collect(it: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of it) parts.push(Buffer.from(c));
  return Buffer.concat(parts);
}

async function* chunked(buf: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size);
}

// Compresses ~3:1, as a layer of text does: several output chunks per compressed one.
function sample(bytes: number): Buffer {
  const parts: Buffer[] = [];
  for (let i = 0, n = 0; n < bytes; i++) {
    const b = i % 4 === 0 ? randomBytes(300) : Buffer.from(`line ${i} of the sample with some words\n`.repeat(10));
    parts.push(b);
    n += b.length;
  }
  return Buffer.concat(parts).subarray(0, bytes);
}

const data = sample(12 * 1024 * 1024 + 777);
const gz = gzipSync(data, { level: 1 });

describe('threadGunzip', () => {
  test('yields the bytes zlib does, whatever the chunking of the source (smaller and larger than a slot)', async () => {
    for (const size of [1000, 256 * 1024, 1024 * 1024 + 3]) {
      expect((await collect(threadGunzip(chunked(gz, size)))).equals(data)).toBe(true);
    }
  });

  test('a yielded chunk is reused once the next is asked for: kept views change, copies do not', async () => {
    // Documents the contract that applyLayer relies on (it copies each piece into the
    // hashing thread's ring before asking for the next).
    const views: Buffer[] = [];
    const copies: Buffer[] = [];
    for await (const c of threadGunzip(chunked(gz, 64 * 1024))) {
      views.push(c);
      copies.push(Buffer.from(c));
    }
    expect(Buffer.concat(copies).equals(data)).toBe(true);
    expect(Buffer.concat(views).equals(data)).toBe(false);
  });

  test('reads members back to back and accepts trailing zeros, as zlib does', async () => {
    const a = sample(300 * 1024);
    const b = sample(900 * 1024);
    const multi = Buffer.concat([gzipSync(a), gzipSync(b), Buffer.alloc(512)]);
    expect(gunzipSync(multi).equals(Buffer.concat([a, b]))).toBe(true);
    expect((await collect(threadGunzip(chunked(multi, 100 * 1024)))).equals(Buffer.concat([a, b]))).toBe(true);
    // Our own block-parallel members too (a layer of ours read by another tool).
    const ours = await collect(gzipStream(chunked(a, 50 * 1024), { blockSize: 64 * 1024 }));
    expect((await collect(threadGunzip(chunked(ours, 30 * 1024)))).equals(a)).toBe(true);
  });

  test('an empty stream (one empty member) yields nothing', async () => {
    expect((await collect(threadGunzip(chunked(gzipSync(Buffer.alloc(0)), 10)))).length).toBe(0);
  });

  test('corrupt and truncated input fail with zlib\'s error', async () => {
    const corrupt = Buffer.from(gz);
    corrupt.fill(0x55, 5000, 6000);
    await expect(collect(threadGunzip(chunked(corrupt, 256 * 1024)))).rejects.toMatchObject({ code: 'Z_DATA_ERROR' });
    const truncated = gz.subarray(0, gz.length - 100);
    await expect(collect(threadGunzip(chunked(truncated, 256 * 1024)))).rejects.toThrow('unexpected end of file');
    const badCrc = Buffer.from(gz);
    badCrc[badCrc.length - 6] ^= 0xff; // the CRC-32 of the trailer
    await expect(collect(threadGunzip(chunked(badCrc, 256 * 1024)))).rejects.toMatchObject({ code: 'Z_DATA_ERROR' });
  });

  test('an error of the source is thrown as it is', async () => {
    async function* failing(): AsyncGenerator<Buffer> {
      yield gz.subarray(0, 100 * 1024);
      throw new Error('the blob went away');
    }
    await expect(collect(threadGunzip(failing()))).rejects.toThrow('the blob went away');
  });

  test('a consumer that stops early ends the source and the thread', async () => {
    let returned = false;
    async function* source(): AsyncGenerator<Buffer> {
      try {
        yield* chunked(gz, 64 * 1024);
      } finally {
        returned = true;
      }
    }
    let got = 0;
    for await (const c of threadGunzip(source())) {
      got += c.length;
      if (got > 1024 * 1024) break;
    }
    // The feed sees the stop at its next chunk: give it one turn of the event loop.
    for (let i = 0; i < 50 && !returned; i++) await new Promise((r) => setTimeout(r, 10));
    expect(returned).toBe(true);
  });
});

describe('decompress with thread', () => {
  test('gzip inflates on the thread with the same bytes; its errors are INVALID_LAYER', async () => {
    expect((await collect(decompress(chunked(gz, 256 * 1024), 'gzip', { thread: true }))).equals(data)).toBe(true);
    const err = await collect(decompress(chunked(gz.subarray(0, 5000), 5000), 'gzip', { thread: true })).catch((e: unknown) => e);
    expect(isOciError(err) && err.code === 'INVALID_LAYER' && /cannot decompress the gzip layer: unexpected end of file/.test(err.message)).toBe(true);
  });

  test('other compressions ignore it', async () => {
    expect((await collect(decompress(chunked(data, 1 << 20), 'none', { thread: true }))).equals(data)).toBe(true);
  });
});

describe('unpack of a large layer in one gzip stream (inflated on its own thread)', () => {
  const body = randomBytes(33 * 1024 * 1024); // incompressible: the layer is past the 32 MiB threshold (THREAD_GUNZIP_MIN)
  const file = (name: string, size: number): TarHeader => ({ name, type: 'file', size, mode: 0o644, uid: 0, gid: 0, uname: '', gname: '', mtime: 1, linkname: '', devmajor: 0, devminor: 0 });

  async function image(tar: Buffer, blob: Buffer): Promise<Descriptor> {
    const layer = await store.pushBytes(blob, MediaType.LayerGzip);
    expect(layer.size).toBeGreaterThan(32 * 1024 * 1024);
    const config = await store.pushJSON({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [sha256(tar)] } }, MediaType.ImageConfig);
    return store.pushJSON({ schemaVersion: 2, mediaType: MediaType.ImageManifest, config, layers: [layer] }, MediaType.ImageManifest);
  }

  test('a corrupt stream is INVALID_LAYER and leaves no target behind', async () => {
    const tar = Buffer.concat([encodeHeader(file('big.bin', body.length)), body, padding(body.length), endOfArchive()]);
    const blob = gzipSync(tar, { level: 1 });
    blob.fill(0, 20 * 1024 * 1024, 20 * 1024 * 1024 + 4096); // deflate's stored blocks: their lengths no longer check
    const out = join(tmp, 'corrupt');
    await expect(unpackManifest(store, await image(tar, blob), out, { logger: captureLogger() })).rejects.toMatchObject({ code: 'INVALID_LAYER' });
    await expect(stat(out)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  test('a hostile entry after a large file stops the unpack while the thread still inflates', async () => {
    const hostile = encodeHeader(file('../escape', 0));
    const tar = Buffer.concat([encodeHeader(file('big.bin', body.length)), body, padding(body.length), hostile, encodeHeader(file('after', 0)), endOfArchive()]);
    const out = join(tmp, 'hostile');
    await expect(unpackManifest(store, await image(tar, gzipSync(tar, { level: 1 })), out, { logger: captureLogger() })).rejects.toMatchObject({ code: 'UNSAFE_ENTRY' });
    await expect(stat(out)).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(stat(join(tmp, 'escape'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  test('the tree and diffID are those of the tar', async () => {
    const small = Buffer.from('a small file after the large one\n');
    const tar = Buffer.concat([encodeHeader(file('big.bin', body.length)), body, padding(body.length), encodeHeader(file('small.txt', small.length)), small, padding(small.length), endOfArchive()]);
    const out = join(tmp, 'ok');
    await unpackManifest(store, await image(tar, gzipSync(tar, { level: 1 })), out, { logger: captureLogger() });
    expect((await readFile(join(out, 'big.bin'))).equals(body)).toBe(true);
    expect((await readFile(join(out, 'small.txt'))).equals(small)).toBe(true);
  });
});
