import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { deflateRawSync, gunzipSync, gzipSync, inflateRawSync } from 'node:zlib';
import { compress, decompress, defaultConcurrency, gunzipStream, gzipStream, ownsItsMemory, zstdConcurrency } from '../../../src/core/compress/index.js';
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
  test('by default two blocks more than the thread pool has threads are in flight: one waits in its queue when a deflate ends', async () => {
    const MiB = 1 << 20;
    let read = 0;
    async function* counted(): AsyncGenerator<Buffer> {
      for (let i = 0; i < 12; i++) {
        read++;
        yield data.subarray(0, MiB);
      }
    }
    const it = gzipStream(counted(), {})[Symbol.asyncIterator]();
    await it.next(); // the first member's header: block 0 is done
    expect(read).toBe(defaultConcurrency() + 2);
    await it.return(undefined);
  });

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

  test('independent members cost little ratio against a single-stream deflate', async () => {
    const parallel = await collect(gzipStream(chunked(data, 1 << 20), { level: 6, blockSize: 128 * 1024 }));
    expect(parallel.length / gzipSync(data, { level: 6 }).length).toBeLessThan(1.01);
  });

  test('one gzip member per block, each recording its compressed length in an OS extra field', async () => {
    const gz = await collect(gzipStream(chunked(data, 65536), { level: 3, blockSize: 1 << 20 }));
    let off = 0;
    let members = 0;
    let inflated = 0;
    while (off < gz.length) {
      // ID1 ID2 CM=8 FLG=FEXTRA, XLEN=8, subfield "OS" of 4 bytes.
      expect([...gz.subarray(off, off + 4)]).toEqual([0x1f, 0x8b, 8, 4]);
      expect(gz.readUInt16LE(off + 10)).toBe(8);
      expect(gz.subarray(off + 12, off + 14).toString('latin1')).toBe('OS');
      const length = gz.readUInt32LE(off + 16);
      const member = gz.subarray(off, off + 20 + length + 8);
      inflated += gunzipSync(member).length;
      off += member.length;
      members++;
    }
    expect(off).toBe(gz.length);
    expect(members).toBe(Math.ceil(data.length / (1 << 20)));
    expect(inflated).toBe(data.length);
  });
});

describe('gzip level by content (no level asked for)', () => {
  const MiB = 1 << 20;
  const textBlock = Buffer.from(Array.from({ length: 30000 }, (_, i) => `${i}\tconst value_${i % 89} = compute(input, "key ${i % 7}");\n`).join('')).subarray(0, MiB);
  const exe = () => {
    const b = readFileSync(process.execPath);
    return b.subarray(Math.min(4 * MiB, b.length - MiB), Math.min(4 * MiB, b.length - MiB) + MiB);
  };
  const randomBlock = () => Buffer.concat(Array.from({ length: MiB / 32 }, (_, i) => createHash('sha256').update(`block ${i}`).digest()));

  /** The members of one of our gzip streams: level byte (XFL) and deflate data. */
  function members(gz: Buffer): Array<{ xfl: number; data: Buffer }> {
    const out: Array<{ xfl: number; data: Buffer }> = [];
    for (let off = 0; off < gz.length; ) {
      const length = gz.readUInt32LE(off + 16);
      out.push({ xfl: gz[off + 8]!, data: gz.subarray(off + 20, off + 20 + length) });
      off += 20 + length + 8;
    }
    return out;
  }

  test('text blocks at level 3, machine code at level 1, incompressible blocks stored; same bytes at any chunking and concurrency', async () => {
    const blocks = [textBlock, exe(), randomBlock(), textBlock.subarray(0, 1000)];
    expect(blocks.map((b) => b.length)).toEqual([MiB, MiB, MiB, 1000]);
    const input = Buffer.concat(blocks);
    const gz = await collect(compress(chunked(input, 65536), 'gzip'));
    expect(gz.equals(await collect(compress(chunked(input, 7777), 'gzip', { concurrency: 1 })))).toBe(true);
    const m = members(gz);
    expect(m).toHaveLength(4);
    const deflated = (b: Buffer, level: number) => deflateRawSync(b, { level, memLevel: 9 });
    expect(m[0]!.data.equals(deflated(blocks[0]!, 3))).toBe(true);
    expect(m[1]!.data.equals(deflated(blocks[1]!, 1))).toBe(true);
    // Stored (RFC 1951 section 3.2.4, BTYPE 00): the block itself behind a 5-byte header per 64 KiB at most.
    expect(m[2]!.data[0]! & 0b110).toBe(0);
    expect(m[2]!.data.length).toBeLessThan(MiB + 100);
    expect(inflateRawSync(m[2]!.data).equals(blocks[2]!)).toBe(true);
    expect(m[3]!.data.equals(deflated(blocks[3]!, 3))).toBe(true);
    // XFL says "fastest" for the level-1 and the stored members (RFC 1952 section 2.3.1).
    expect(m.map((x) => x.xfl)).toEqual([0, 4, 4, 0]);
    expect(gunzipSync(gz).equals(input)).toBe(true);
  });

  test('a tar of text, machine code and compressed files inflates to the same tar with gzip(1) and zstd(1)', async () => {
    const src = join(dir, 'mixed');
    await mkdir(join(src, 'lib'), { recursive: true });
    await writeFile(join(src, 'README.txt'), Buffer.concat([textBlock, textBlock]));
    await writeFile(join(src, 'lib', 'code.so'), exe());
    await writeFile(join(src, 'lib', 'data.gz'), gzipSync(exe()));
    await writeFile(join(src, 'small.txt'), 'small\n');
    const tarFile = join(dir, 'mixed.tar');
    await sh('tar', ['-cf', tarFile, '-C', src, '.']);
    const tar = await readFile(tarFile);
    for (const [c, tool] of [['gzip', ['gzip', '-dc']], ['zstd', ['zstd', '-dc']]] as const) {
      const file = join(dir, `mixed.tar.${c}`);
      await writeFile(file, await collect(compress(chunked(tar, 100_000), c)));
      const out = join(dir, `mixed-${c}.tar`);
      await sh('sh', ['-c', `${tool.join(' ')} < "${file}" > "${out}"`]);
      expect((await readFile(out)).equals(tar)).toBe(true);
      expect((await collect(decompress(chunked(await readFile(file), 65536), c))).equals(tar)).toBe(true);
    }
  });
});

describe('parallel gunzip', () => {
  const ours = (input: Buffer, blockSize = 64 * 1024): Promise<Buffer> => collect(gzipStream(chunked(input, 65536), { level: 3, blockSize }));
  const unzip = (gz: Buffer, chunk = 5000, concurrency?: number): Promise<Buffer> =>
    collect(gunzipStream(chunked(gz, chunk), concurrency === undefined ? {} : { concurrency }));
  const failure = async (p: Promise<unknown>): Promise<Error> => {
    try {
      await p;
    } catch (e) {
      return e as Error;
    }
    throw new Error('expected a failure');
  };

  test('gives back the bytes at any chunking and concurrency, empty input included', async () => {
    const gz = await ours(data);
    for (const [chunk, concurrency] of [[1, 1], [19, 2], [65536, 4], [gz.length, 8]] as const) {
      expect((await unzip(gz, chunk, concurrency)).equals(data)).toBe(true);
    }
    expect((await unzip(await ours(Buffer.alloc(0)))).length).toBe(0);
  });

  test('any other gzip is read in sequence, also after members of ours and with several members', async () => {
    const foreign = gzipSync(data.subarray(0, 300_000));
    expect((await unzip(foreign)).equals(data.subarray(0, 300_000))).toBe(true);
    const mixed = Buffer.concat([await ours(data.subarray(0, 200_000)), foreign, await ours(data.subarray(0, 100_000))]);
    const expected = Buffer.concat([data.subarray(0, 200_000), data.subarray(0, 300_000), data.subarray(0, 100_000)]);
    expect((await unzip(mixed, 4096)).equals(expected)).toBe(true);
    expect(gunzipSync(mixed).equals(expected)).toBe(true);
  });

  test('a member with bytes after its end inside the recorded length is refused (a sequential reader sees other bytes)', async () => {
    const gz = await ours(data.subarray(0, 100_000), 64 * 1024);
    // Stretch the first member: zeros and a copy of its trailer after its real end, with
    // the recorded length grown to cover them. zlib alone would stop at the zeros.
    const length = gz.readUInt32LE(16);
    const end = 20 + length + 8;
    const junk = Buffer.concat([Buffer.alloc(16), gz.subarray(end - 8, end)]);
    const stretched = Buffer.concat([gz.subarray(0, end), junk, gz.subarray(end)]);
    stretched.writeUInt32LE(length + junk.length, 16);
    expect((await failure(unzip(stretched))).message).toMatch(/ends 24 bytes before its recorded length/);
  });

  test('trailing zero bytes after members of ours are accepted, as after any other gzip (and garbage refused after both)', async () => {
    const part = data.subarray(0, 150_000);
    for (const gz of [await ours(part), gzipSync(part)]) {
      for (const zeros of [1, 7, 19, 20, 1024, 70_000]) {
        const padded = Buffer.concat([gz, Buffer.alloc(zeros)]);
        expect(gunzipSync(padded).equals(part)).toBe(true);
        expect((await unzip(padded, 4096)).equals(part)).toBe(true);
      }
      expect((await failure(unzip(Buffer.concat([gz, Buffer.from('xyz')])))).message).toMatch(/incorrect header check/);
    }
    // Zero bytes with no member before them are no gzip file.
    await expect(unzip(Buffer.alloc(64))).rejects.toThrow(/incorrect header check|unexpected end/);
  });

  test('corrupt, lying and truncated members are errors', async () => {
    const gz = await ours(data.subarray(0, 100_000), 64 * 1024);
    const flipped = Buffer.from(gz);
    flipped[40] = flipped[40]! ^ 0xff; // inside the first member's deflate data
    await failure(unzip(flipped));
    const badCrc = Buffer.from(gz);
    const end = 20 + gz.readUInt32LE(16) + 8;
    badCrc[end - 8] = badCrc[end - 8]! ^ 1; // the first member's CRC-32
    expect((await failure(unzip(badCrc))).message).toMatch(/check/);
    const shortIsize = Buffer.from(gz);
    shortIsize.writeUInt32LE(1000, end - 4); // ISIZE says less than the member holds
    expect((await failure(unzip(shortIsize))).message).toMatch(/recorded size|length/);
    await failure(unzip(gz.subarray(0, gz.length - 3)));
    await failure(unzip(gz.subarray(0, 30)));
  });

  test('a flood of tiny members (handed to zlib after the first ones) still gives back every byte', async () => {
    const pieces = await Promise.all(Array.from({ length: 200 }, (_, i) => ours(Buffer.from(`member ${i}\n`.repeat(i % 7)))));
    const expected = Buffer.concat(Array.from({ length: 200 }, (_, i) => Buffer.from(`member ${i}\n`.repeat(i % 7))));
    const flood = Buffer.concat(pieces);
    expect(flood.readUInt16LE(10)).toBe(8); // ours: each piece carries the OS extra field
    for (const chunk of [7, 4096]) expect((await unzip(flood, chunk)).equals(expected)).toBe(true);
  });

  test('a member of ours inflated in parallel is the only view of its memory (ownsItsMemory), and may be transferred away once read; sequential chunks never are', async () => {
    const mixed = Buffer.concat([await ours(data.subarray(0, 300_000)), gzipSync(data.subarray(300_000, 600_000)), await ours(data.subarray(600_000, 900_000))]);
    const got: Buffer[] = [];
    const kinds: boolean[] = [];
    for await (const c of gunzipStream(chunked(mixed, 4096))) {
      got.push(Buffer.from(c)); // a copy: the chunk itself is transferred below
      kinds.push(ownsItsMemory(c));
      // What unpack does with our members once applied: the memory goes to the hashing
      // thread. Here it is detached: the stream must never read or write it again.
      if (ownsItsMemory(c)) {
        structuredClone(c.buffer, { transfer: [c.buffer as ArrayBuffer] });
        expect(c.length).toBe(0);
      }
    }
    expect(Buffer.concat(got).equals(data.subarray(0, 900_000))).toBe(true);
    // 64 KiB members up to the foreign stream (the rest, ours too, is zlib's, in sequence).
    expect(kinds.slice(0, 4)).toEqual([true, true, true, true]);
    expect(kinds.filter((k) => !k).length).toBeGreaterThan(0);
    expect(kinds.indexOf(false)).toBe(5); // 300 000 bytes: four whole members and a part one
    expect(kinds.slice(5).every((k) => !k)).toBe(true);
    // A tiny member's output comes from the shared buffer pool: never owned.
    const tiny: boolean[] = [];
    for await (const c of gunzipStream(chunked(await ours(data.subarray(0, 100)), 4096))) tiny.push(ownsItsMemory(c));
    expect(tiny).toEqual([false]);
  });

  test('a consumer that stops early releases the source, in the parallel and the sequential part', async () => {
    for (const gz of [await ours(data), gzipSync(data)]) {
      let released = false;
      const source = async function* (): AsyncGenerator<Buffer> {
        try {
          yield* chunked(gz, 65536);
        } finally {
          released = true;
        }
      };
      for await (const c of gunzipStream(source())) {
        expect(c.length).toBeGreaterThan(0);
        break;
      }
      expect(released).toBe(true);
    }
  });

  test('decompress reports a broken member as INVALID_LAYER', async () => {
    const gz = await ours(data.subarray(0, 100_000));
    const broken = Buffer.from(gz);
    broken[40] = broken[40]! ^ 0xff;
    const err = await failure(collect(decompress(chunked(broken, 4096), 'gzip')));
    expect(isOciError(err, 'INVALID_LAYER')).toBe(true);
  });
});

describe('zstd and none', () => {
  test('by default no more zstd blocks are in flight than one per core and one waiting, within the pool', async () => {
    expect(zstdConcurrency(2)).toBe(Math.min(3, defaultConcurrency()));
    expect(zstdConcurrency(1)).toBe(2);
    expect(zstdConcurrency(64)).toBe(defaultConcurrency());
    const block = 4 << 20;
    let read = 0;
    async function* counted(): AsyncGenerator<Buffer> {
      for (let i = 0; i < 12; i++) {
        read++;
        yield Buffer.alloc(block, i);
      }
    }
    const it = compress(counted(), 'zstd')[Symbol.asyncIterator]();
    await it.next(); // the first frame: block 0 is done
    expect(read).toBe(zstdConcurrency());
    await it.return?.(undefined);
  });

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
