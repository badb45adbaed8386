/**
 * The memory of compressed chunks goes back as soon as their consumer is done with them
 * (releaseOutput), not at V8's next full collection: only for the chunks that are the only
 * view of their memory (a block's output from gzip or zstd), never for anything else.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { zstdDecompressSync, gunzipSync } from 'node:zlib';
import { compress } from '../../../src/core/compress/index.js';
import { releaseOutput } from '../../../src/core/compress/pipeline.js';
import { writeCompressed } from '../../../src/core/ingest.js';
import { Store } from '../../../src/core/layout.js';
import { MediaType } from '../../../src/core/types/oci.js';
import { cleanup, tempDir } from '../tree-helpers.js';

const MiB = 1024 * 1024;
/** Half random (incompressible), half text: outputs of several sizes. */
const data = Buffer.concat([randomBytes(3 * MiB), Buffer.from('layer text '.repeat(600_000))]);

async function* once(b: Buffer): AsyncGenerator<Buffer> {
  yield b;
}

let dir: string;
beforeAll(async () => {
  dir = await tempDir('oci-release-');
});
afterAll(async () => cleanup(dir));

describe('releaseOutput', () => {
  test.each(['gzip', 'zstd'] as const)('frees a %s block output once read, and nothing else', async (compression) => {
    const copies: Buffer[] = [];
    let released = 0;
    for await (const c of compress(once(data), compression)) {
      copies.push(Buffer.from(c));
      const length = c.length;
      releaseOutput(c);
      if (c.length === 0) released++;
      else expect(c.length).toBe(length);
      releaseOutput(c); // twice: nothing more happens
    }
    expect(released).toBeGreaterThanOrEqual(compression === 'zstd' ? 2 : 5);
    const whole = Buffer.concat(copies);
    expect((compression === 'zstd' ? zstdDecompressSync(whole) : gunzipSync(whole)).equals(data)).toBe(true);
  });

  // gzip sizes a block's output buffer by the block (zstd always by the 4 MiB block size).
  test('leaves alone a small gzip output, which shares Buffer’s pool with other buffers', async () => {
    const neighbour = Buffer.from('a neighbour in the pool');
    // Each block takes ~1 KiB of the pool: soon one starts a fresh pool, at its offset 0.
    let first = 0;
    for (let i = 0; first === 0 && i < (2 * Buffer.poolSize) / 1024; i++) {
      for await (const c of compress(once(Buffer.from(`tiny layer ${i}`)), 'gzip')) {
        if (c.byteOffset === 0 && c.buffer.byteLength === Buffer.poolSize) first++;
        const copy = Buffer.from(c);
        releaseOutput(c);
        expect(c.equals(copy)).toBe(true);
      }
    }
    expect(first).toBeGreaterThan(0);
    expect(neighbour.toString()).toBe('a neighbour in the pool');
  });

  test('leaves alone a chunk that is not a block output: uncompressed, pooled, a slice', () => {
    const pooled = Buffer.from('small');
    const big = Buffer.alloc(MiB, 1);
    const slice = big.subarray(10, 20);
    for (const c of [pooled, big, slice]) {
      const length = c.length;
      releaseOutput(c);
      expect(c.length).toBe(length);
    }
    expect(pooled.toString()).toBe('small');
  });

  test('writeCompressed frees each chunk once written, and the blob holds every byte', async () => {
    const store = await Store.open(join(dir, 'store'));
    const seen: Uint8Array[] = [];
    // The real store, watched: the chunks it was given are kept to look at afterwards.
    const watched = {
      ...store,
      blobs: {
        writer: async (ref: string, options?: { total?: number; expected?: string }) => {
          const w = await store.blobs.writer(ref, options);
          const write = w.write.bind(w);
          w.write = (c: Uint8Array) => {
            seen.push(c);
            return write(c);
          };
          return w;
        },
        flushBehind: store.blobs.flushBehind.bind(store.blobs),
      },
      exists: store.exists.bind(store),
      pushJSON: store.pushJSON.bind(store),
      pushBytes: store.pushBytes.bind(store),
      readJSON: store.readJSON.bind(store),
    };
    const layer = await writeCompressed(watched, once(data), 'zstd', MediaType.LayerZstd);
    expect(seen.length).toBeGreaterThanOrEqual(2);
    expect(seen.every((c) => c.length === 0)).toBe(true);
    const blob = await store.blobs.get(layer.descriptor.digest, 64 * MiB);
    expect(zstdDecompressSync(blob).equals(data)).toBe(true);
  });
});

describe('writeCompressed writes while it compresses', () => {
  /**
   * The real store, with writes held: a write settles once another write is issued or
   * `holdMs` has passed. Counts the writes pending at once.
   */
  async function heldStore(root: string, holdMs: number) {
    const store = await Store.open(root);
    const stats = { maxPending: 0, writes: 0 };
    let pending = 0;
    let releaseHeld: (() => void) | undefined;
    const watched = {
      ...store,
      blobs: {
        writer: async (ref: string, options?: { total?: number; expected?: string }) => {
          const w = await store.blobs.writer(ref, options);
          const write = w.write.bind(w);
          w.write = async (c: Uint8Array) => {
            stats.writes++;
            pending++;
            stats.maxPending = Math.max(stats.maxPending, pending);
            releaseHeld?.(); // a second write came: the held one may go on
            await new Promise<void>((resolve) => {
              const timer = setTimeout(resolve, holdMs);
              releaseHeld = () => {
                clearTimeout(timer);
                resolve();
              };
            });
            try {
              await write(c);
            } finally {
              pending--;
            }
          };
          return w;
        },
        flushBehind: store.blobs.flushBehind.bind(store.blobs),
      },
      exists: store.exists.bind(store),
      pushJSON: store.pushJSON.bind(store),
      pushBytes: store.pushBytes.bind(store),
      readJSON: store.readJSON.bind(store),
    };
    return { store, watched, stats };
  }

  test.each(['gzip', 'zstd'] as const)('%s: the next blocks are compressed and written while a write is pending', async (compression) => {
    const { store, watched, stats } = await heldStore(join(dir, `held-${compression}`), 300);
    const big = Buffer.concat([data, data, data]);
    const layer = await writeCompressed(watched, once(big), compression, compression === 'zstd' ? MediaType.LayerZstd : MediaType.LayerGzip);
    expect(stats.writes).toBeGreaterThanOrEqual(3);
    // Awaiting each write before the next block (the old way) never has two pending.
    expect(stats.maxPending).toBeGreaterThanOrEqual(2);
    const blob = await store.blobs.get(layer.descriptor.digest, 64 * MiB);
    expect((compression === 'zstd' ? zstdDecompressSync(blob) : gunzipSync(blob)).equals(big)).toBe(true);
  });

  test('uncompressed chunks, which their producer reuses, are written one at a time', async () => {
    const { store, watched, stats } = await heldStore(join(dir, 'held-none'), 20);
    // One buffer refilled for every chunk, as the tar writer does (reuseChunks).
    async function* reused(): AsyncGenerator<Buffer> {
      const buf = Buffer.alloc(64 * 1024);
      for (let i = 0; i < 8; i++) {
        buf.fill(i);
        yield buf;
      }
    }
    const layer = await writeCompressed(watched, reused(), 'none', MediaType.Layer);
    expect(stats.writes).toBe(8);
    expect(stats.maxPending).toBe(1);
    const blob = await store.blobs.get(layer.descriptor.digest, MiB);
    const expected = Buffer.concat(Array.from({ length: 8 }, (_, i) => Buffer.alloc(64 * 1024, i)));
    expect(blob.equals(expected)).toBe(true);
  });
});
