import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { compress, decompress, gzipStream } from '../../../src/core/compress/index.js';
import { isOciError } from '../../../src/core/errors.js';
import { cleanup, sh, tempDir } from '../tree-helpers.js';

async function collect(it: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of it) parts.push(c);
  return Buffer.concat(parts);
}

async function* chunked(buf: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size);
}

// Compressible but not trivial: text-like runs mixed with random bytes.
function sample(bytes: number): Buffer {
  const parts: Buffer[] = [];
  let n = 0;
  for (let i = 0; n < bytes; i++) {
    const b = i % 3 === 0 ? randomBytes(500) : Buffer.from(`line ${i} of the sample, repeated words words words\n`.repeat(20));
    parts.push(b);
    n += b.length;
  }
  return Buffer.concat(parts).subarray(0, bytes);
}

let dir: string;
let data: Buffer;
beforeAll(async () => {
  dir = await tempDir('oci-compress-');
  data = sample(5 * 1024 * 1024 + 12345);
});
afterAll(async () => cleanup(dir));

describe('block-parallel gzip', () => {
  test('output depends only on the bytes, level and block size (not chunking or concurrency)', async () => {
    const a = await collect(gzipStream(chunked(data, 1 << 20), { level: 3, blockSize: 256 * 1024, concurrency: 1 }));
    const b = await collect(gzipStream(chunked(data, 7777), { level: 3, blockSize: 256 * 1024, concurrency: 6 }));
    expect(a.equals(b)).toBe(true);
    expect(gunzipSync(a).equals(data)).toBe(true);
  });

  test('gzip(1) decodes it, including an input ending on a block boundary and empty input', async () => {
    for (const [name, input] of [['exact', data.subarray(0, 2 * 256 * 1024)], ['odd', data], ['empty', Buffer.alloc(0)]] as const) {
      const gz = await collect(gzipStream(chunked(input, 65536), { level: 3, blockSize: 256 * 1024 }));
      const file = join(dir, `${name}.gz`);
      await writeFile(file, gz);
      await sh('gzip', ['-t', file]);
      await sh('gzip', ['-dkf', file]);
      expect((await readFile(join(dir, name))).equals(input)).toBe(true);
    }
  });

  test('the dictionary keeps the ratio close to a single-stream deflate', async () => {
    const parallel = await collect(gzipStream(chunked(data, 1 << 20), { level: 6, blockSize: 128 * 1024 }));
    const { gzipSync } = await import('node:zlib');
    expect(parallel.length / gzipSync(data, { level: 6 }).length).toBeLessThan(1.01);
  });
});

describe('zstd and none', () => {
  test('zstd bytes do not depend on the concurrency, also for a whole number of 4 MiB blocks', async () => {
    const exact = sample(8 * 1024 * 1024);
    const one = await collect(compress(chunked(exact, 1 << 20), 'zstd', { concurrency: 1 }));
    const four = await collect(compress(chunked(exact, 65536), 'zstd', { concurrency: 4 }));
    expect(one.equals(four)).toBe(true);
    expect((await collect(decompress(chunked(one, 4096), 'zstd'))).equals(exact)).toBe(true);
  });

  test('zstd(1) decodes our block-parallel zstd (several frames); we decode zstd(1)', async () => {
    const z = await collect(compress(chunked(data, 100000), 'zstd'));
    expect(z.equals(await collect(compress(chunked(data, 4097), 'zstd', { concurrency: 1 })))).toBe(true);
    const file = join(dir, 'd.zst');
    await writeFile(file, z);
    await sh('zstd', ['-q', '-d', '-f', file, '-o', join(dir, 'd.out')]);
    expect((await readFile(join(dir, 'd.out'))).equals(data)).toBe(true);
    await sh('zstd', ['-q', '-f', join(dir, 'd.out'), '-o', join(dir, 'cli.zst')]);
    expect((await collect(decompress(chunked(await readFile(join(dir, 'cli.zst')), 4096), 'zstd'))).equals(data)).toBe(true);
  });

  test('one frame per 4 MiB block, each with its size, and no empty frames (zstd -l)', async () => {
    const input = sample(9_000_000);
    const file = join(dir, 'frames.zst');
    await writeFile(file, await collect(compress(chunked(input, 65536), 'zstd')));
    const listing = await sh('zstd', ['-lv', file]);
    expect(listing).toMatch(/# Zstandard Frames: 3\b/);
    // The decompressed size is known only when every frame records its content size.
    expect(listing).toMatch(/Decompressed Size: .*\(9000000 B\)/);
  });

  test('none passes bytes through', async () => {
    expect((await collect(compress(chunked(data, 999), 'none'))).equals(data)).toBe(true);
  });
});

describe('decompress errors', () => {
  test.each(['gzip', 'zstd'] as const)('truncated %s is INVALID_LAYER', async (c) => {
    const full = await collect(compress(chunked(data, 1 << 20), c));
    let err: unknown;
    try {
      await collect(decompress(chunked(full.subarray(0, full.length >> 1), 4096), c));
    } catch (e) {
      err = e;
    }
    expect(isOciError(err, 'INVALID_LAYER')).toBe(true);
  });
});
