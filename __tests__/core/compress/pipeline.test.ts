/**
 * The block-parallel pipeline gzip and zstd share, with a stand-in encoder: blocks are cut
 * by byte offset whatever the chunking, outputs come in input order whatever order the
 * encoders finish in, no more than `concurrency` blocks are encoded at once, and a block's
 * buffer is reused only once its encoder is done with it.
 */
import { describe, expect, test } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import { blockParallel } from '../../../src/core/compress/pipeline.js';

async function* chunked(buf: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size);
}

async function collect(it: AsyncIterable<Buffer>): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for await (const c of it) out.push(c);
  return out;
}

/** Input bytes 0, 1, 2, … (mod 251, so no block repeats another). */
const bytes = (n: number): Buffer => Buffer.from(Array.from({ length: n }, (_, i) => i % 251));

/**
 * An encoder that copies its block after a delay that makes later blocks finish first, and
 * records how many run at once and whether a block changed while it ran.
 */
function slowCopy(): {
  encode: (b: Buffer) => Promise<Buffer[]>;
  stats: { running: number; most: number; changed: number; calls: number };
} {
  const stats = { running: 0, most: 0, changed: 0, calls: 0 };
  const encode = async (block: Buffer): Promise<Buffer[]> => {
    const call = stats.calls++;
    stats.running++;
    stats.most = Math.max(stats.most, stats.running);
    const before = Buffer.from(block);
    await sleep(call % 2 === 0 ? 15 : 1);
    if (!block.equals(before)) stats.changed++;
    stats.running--;
    return [Buffer.from(`[${before.length}]`), before];
  };
  return { encode, stats };
}

describe('blockParallel', () => {
  test('outputs in input order at any chunking, blocks cut by offset, at most `concurrency` at once, buffers reused only when done', async () => {
    const input = bytes(10 * 1000 + 123);
    const expected = Buffer.concat(
      Array.from({ length: 11 }, (_, i) => {
        const b = input.subarray(i * 1000, (i + 1) * 1000);
        return Buffer.concat([Buffer.from(`[${b.length}]`), b]);
      }),
    );
    for (const [chunk, concurrency] of [[1, 1], [333, 3], [4096, 2], [input.length, 8]] as const) {
      const { encode, stats } = slowCopy();
      const out = Buffer.concat(await collect(blockParallel(chunked(input, chunk), { blockSize: 1000, concurrency, encode })));
      expect(out.equals(expected)).toBe(true);
      expect(stats.calls).toBe(11);
      expect(stats.most).toBeLessThanOrEqual(concurrency);
      expect(stats.changed).toBe(0);
    }
  });

  test('an input that fills whole blocks gets no extra empty block; an empty input is one empty block', async () => {
    const whole = slowCopy();
    await collect(blockParallel(chunked(bytes(3000), 700), { blockSize: 1000, concurrency: 2, encode: whole.encode }));
    expect(whole.stats.calls).toBe(3);
    const empty = slowCopy();
    const out = await collect(blockParallel(chunked(Buffer.alloc(0), 1), { blockSize: 1000, concurrency: 2, encode: empty.encode }));
    expect(empty.stats.calls).toBe(1);
    expect(Buffer.concat(out).toString()).toBe('[0]');
  });

  test('an encoder failure surfaces in order, after the blocks before it', async () => {
    const seen: string[] = [];
    const encode = async (block: Buffer): Promise<Buffer[]> => {
      if (block[0] === bytes(3000)[2000]) throw new Error('third block fails');
      return [Buffer.from(block)];
    };
    const err = await (async () => {
      try {
        for await (const c of blockParallel(chunked(bytes(5000), 512), { blockSize: 1000, concurrency: 4, encode })) seen.push(`${c.length}`);
      } catch (e) {
        return e as Error;
      }
      return undefined;
    })();
    expect(err?.message).toBe('third block fails');
    expect(seen).toEqual(['1000', '1000']);
  });
});
