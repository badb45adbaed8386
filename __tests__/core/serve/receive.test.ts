/**
 * serve's receive path (blobs.ts writeBody): the body's chunks go to the upload's writer in
 * batches, and the memory of each chunk is freed as soon as its batch is written and
 * hashed — while the bytes on disk and the digest the commit verifies stay those sent.
 */
import { afterAll, describe, expect, test } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { Store } from '../../../src/core/layout.js';
import { WRITES_AHEAD, writeBody } from '../../../src/core/serve/blobs.js';
import { isOciError } from '../../../src/core/errors.js';
import type { BlobWriter } from '../../../src/core/content.js';
import { digest, tempDir } from './helpers.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function store(): Promise<Store> {
  const dir = await tempDir('receive');
  dirs.push(dir);
  return Store.open(dir);
}

async function* body(chunks: Buffer[]): AsyncGenerator<Buffer> {
  for (const c of chunks) yield c;
}

/** The store's writer with its positioned many-chunk write (IngestWriter.writev), which writeBody uses. */
type ManyWriter = BlobWriter & { writev(chunks: Uint8Array[]): Promise<void> };

/** Chunks the way node:http hands them out: each a fresh buffer of its own. */
function ownedChunks(count: number, size: number): Buffer[] {
  return Array.from({ length: count }, (_, i) => {
    const c = Buffer.allocUnsafeSlow(size - (i % 7)); // uneven sizes, as socket reads are
    randomBytes(c.length).copy(c);
    return c;
  });
}

describe('serve: receiving a body', () => {
  test('each chunk that owns its memory is freed once written; the blob is the bytes sent', async () => {
    const s = await store();
    const chunks = ownedChunks(40, 64 * 1024); // ~2.5 MiB: two full batches and a tail
    const data = Buffer.concat(chunks);
    const w = await s.blobs.writer('upload-owned');
    await writeBody(body(chunks), w);
    expect(w.offset).toBe(data.length);
    await w.commit(data.length, digest(data));
    expect((await readFile(s.blobs.blobPath(digest(data)))).equals(data)).toBe(true);
    for (const c of chunks) {
      expect(c.buffer.byteLength).toBe(0);
      expect(c.length).toBe(0);
    }
  });

  test('a chunk that is a view into a larger buffer is left as it was', async () => {
    const s = await store();
    const whole = randomBytes(3 << 20);
    const copy = Buffer.from(whole);
    const views: Buffer[] = [];
    for (let at = 0; at < whole.length; at += 100_000) views.push(whole.subarray(at, Math.min(at + 100_000, whole.length)));
    const pooled = Buffer.from('a small chunk from the shared pool');
    const w = await s.blobs.writer('upload-views');
    await writeBody(body([...views, pooled]), w);
    const sent = Buffer.concat([copy, pooled]);
    await w.commit(sent.length, digest(sent));
    expect(whole.equals(copy)).toBe(true);
    expect(pooled.toString()).toBe('a small chunk from the shared pool');
    expect((await readFile(s.blobs.blobPath(digest(sent)))).equals(sent)).toBe(true);
  });

  test('reading goes on while a batch is on its way to disk: later batches are read before the first write returns', async () => {
    const s = await store();
    const perBatch = 16; // 16 × 64 KiB = one 1 MiB batch
    const chunks = ownedChunks(6 * perBatch, 64 * 1024);
    const data = Buffer.concat(chunks.map((c) => Buffer.from(c)));
    // The body as the socket delivers it, counting what writeBody has read.
    let read = 0;
    let enough!: () => void;
    const readAhead = new Promise<void>((r) => (enough = r));
    async function* counted(): AsyncGenerator<Buffer> {
      for (const c of chunks) {
        if (++read > 3 * perBatch) enough(); // a third batch is being read
        yield c;
      }
    }
    const w = (await s.blobs.writer('upload-ahead')) as ManyWriter;
    // The store's writer, its first write held until a third batch was read (or 3 s passed).
    const writev = w.writev.bind(w);
    let calls = 0;
    const seen: string[] = [];
    w.writev = async (batch: Uint8Array[]) => {
      if (++calls === 1) {
        const timer = new Promise<string>((r) => setTimeout(() => r('timed out'), 3000).unref());
        seen.push(await Promise.race([readAhead.then(() => 'read on'), timer]));
      }
      return writev(batch);
    };
    await writeBody(counted(), w);
    expect(WRITES_AHEAD).toBeGreaterThanOrEqual(3);
    expect(seen).toEqual(['read on']);
    expect(w.offset).toBe(data.length);
    await w.commit(data.length, digest(data));
    expect((await readFile(s.blobs.blobPath(digest(data)))).equals(data)).toBe(true);
  });

  test('after a failed write nothing more is appended: the upload holds the bytes before it, in order, and the failure is reported', async () => {
    const s = await store();
    const chunks = ownedChunks(5 * 16, 64 * 1024);
    const sent = chunks.map((c) => Buffer.from(c));
    const w = (await s.blobs.writer('upload-failing')) as ManyWriter;
    const writev = w.writev.bind(w);
    let calls = 0;
    const sizes: number[] = [];
    w.writev = async (batch: Uint8Array[]) => {
      if (++calls === 2) throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
      sizes.push(batch.reduce((n, c) => n + c.length, 0));
      return writev(batch);
    };
    const err = await writeBody(body(chunks), w).catch((e: unknown) => e);
    expect((err as NodeJS.ErrnoException).code).toBe('ENOSPC');
    expect(calls).toBe(2); // nothing was written after the failure
    expect(w.offset).toBe(sizes[0]);
    const first = Buffer.concat(sent).subarray(0, sizes[0]);
    await w.commit(first.length, digest(first));
    expect((await readFile(s.blobs.blobPath(digest(first)))).equals(first)).toBe(true);
  });

  test('the commit still verifies: a wrong digest is DIGEST_MISMATCH and nothing is published', async () => {
    const s = await store();
    const chunks = ownedChunks(20, 64 * 1024);
    const data = Buffer.concat(chunks);
    const wrong = digest(Buffer.concat([data, Buffer.from('x')]));
    const w = await s.blobs.writer('upload-wrong');
    await writeBody(body(chunks), w);
    let err: unknown;
    await w.commit(data.length, wrong).catch((e: unknown) => (err = e));
    expect(isOciError(err, 'DIGEST_MISMATCH')).toBe(true);
    expect(existsSync(s.blobs.blobPath(wrong))).toBe(false);
    expect(existsSync(s.blobs.blobPath(digest(data)))).toBe(false);
  });
});
