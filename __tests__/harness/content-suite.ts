/**
 * One content test suite (containerd's ContentSuite) for every ContentStore: the layout's
 * BlobStorage, and — with the capabilities a protocol lacks turned off — a remote
 * repository's upload sessions.
 *
 *   contentSuite('BlobStorage', async () => ({ store, cleanup }));
 *   contentSuite('registry', factory, { walk: false, statuses: false });
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ContentStore } from '../../src/core/content.js';
import { isOciError } from '../../src/core/errors.js';

/** Makes a fresh, empty store; `cleanup` removes everything it made. */
export type ContentFactory = () => Promise<{ store: ContentStore; cleanup(): Promise<void> }>;

/** Operations a store may be unable to do; all default to true. */
export interface ContentCapabilities {
  /** `walk` lists every blob. */
  walk?: boolean;
  /** `status` / `listStatuses` / `abort` know interrupted ingests. */
  statuses?: boolean;
  /** `close` then `resume` continues an ingest. */
  resume?: boolean;
  /** `delete` removes a blob. */
  delete?: boolean;
  /** `open` with a byte range. */
  ranges?: boolean;
  /** sha512 digests accepted. */
  sha512?: boolean;
}

/** sha256 digest of bytes. */
function digest(data: Uint8Array, alg: 'sha256' | 'sha512' = 'sha256'): string {
  return `${alg}:${createHash(alg).update(data).digest('hex')}`;
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** The code of the error `p` rejects with (fails the test when it resolves). */
async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (isOciError(e)) return e.code;
    throw e;
  }
  throw new Error('expected a rejection');
}

let counter = 0;
/** A unique ingest ref per test, so suites can share one store. */
function uniqueRef(label: string): string {
  return `suite-${label}-${process.pid}-${++counter}-${randomBytes(3).toString('hex')}`;
}

/** Register the content suite for one implementation. */
export function contentSuite(name: string, factory: ContentFactory, capabilities: ContentCapabilities = {}): void {
  const can = { walk: true, statuses: true, resume: true, delete: true, ranges: true, sha512: true, ...capabilities };
  describe(`content suite: ${name}`, () => {
    let store: ContentStore;
    let cleanup: () => Promise<void>;
    beforeAll(async () => {
      ({ store, cleanup } = await factory());
    });
    afterAll(async () => {
      await cleanup?.();
    });

    describe('put, stat, has, get', () => {
      test('put stores bytes that stat, has and get then see', async () => {
        const data = randomBytes(1000);
        const info = await store.put(data);
        expect(info).toEqual({ digest: digest(data), size: 1000 });
        expect(await store.stat(info.digest)).toEqual(info);
        expect(await store.has(info.digest)).toBe(true);
        expect((await store.get(info.digest)).equals(data)).toBe(true);
      });
      test('put twice keeps one blob', async () => {
        const data = Buffer.from('twice');
        const a = await store.put(data);
        const b = await store.put(data, digest(data));
        expect(b).toEqual(a);
      });
      test('put with a wrong expected digest is refused and stores nothing', async () => {
        const data = randomBytes(64);
        const wrong = digest(randomBytes(64));
        expect(await codeOf(store.put(data, wrong))).toBe('DIGEST_MISMATCH');
        expect(await store.has(digest(data))).toBe(false);
        expect(await store.has(wrong)).toBe(false);
      });
      test('unknown digest: NOT_FOUND; malformed digest: INVALID_DIGEST', async () => {
        const absent = digest(randomBytes(8));
        expect(await codeOf(store.stat(absent))).toBe('NOT_FOUND');
        expect(await codeOf(store.get(absent))).toBe('NOT_FOUND');
        expect(await codeOf(store.open(absent))).toBe('NOT_FOUND');
        expect(await store.has(absent)).toBe(false);
        for (const bad of ['sha256:xyz', 'md5:' + 'a'.repeat(32), 'sha256:' + 'A'.repeat(64), '../../etc/passwd', '']) {
          expect(await codeOf(store.stat(bad))).toBe('INVALID_DIGEST');
        }
      });
      test('get above maxBytes: TOO_LARGE', async () => {
        const info = await store.put(randomBytes(2048));
        expect(await codeOf(store.get(info.digest, 1024))).toBe('TOO_LARGE');
        expect((await store.get(info.digest, 2048)).length).toBe(2048);
      });
      test('an empty blob is a blob', async () => {
        const info = await store.put(new Uint8Array(0));
        expect(info.size).toBe(0);
        expect((await store.get(info.digest)).length).toBe(0);
      });
      if (can.sha512) {
        test('sha512 digests are accepted when given', async () => {
          const data = randomBytes(300);
          const info = await store.put(data, digest(data, 'sha512'));
          expect(info.digest).toBe(digest(data, 'sha512'));
          expect((await store.get(info.digest)).equals(data)).toBe(true);
        });
      }
    });

    describe('open', () => {
      const data = randomBytes(100_000);
      let d: string;
      beforeAll(async () => {
        d = (await store.put(data)).digest;
      });
      test('streams the whole blob', async () => {
        expect((await readAll(await store.open(d))).equals(data)).toBe(true);
      });
      if (can.ranges) {
        test.each([
          [{ start: 0, end: 0 }, [0, 1]],
          [{ start: 10, end: 19 }, [10, 20]],
          [{ start: 99_990 }, [99_990, 100_000]],
          [{ start: 50_000, end: 10_000_000 }, [50_000, 100_000]],
        ])('range %j', async (range, [from, to]) => {
          expect((await readAll(await store.open(d, range))).equals(data.subarray(from, to))).toBe(true);
        });
        test('a range past the end is refused', async () => {
          await expect(store.open(d, { start: 100_000 })).rejects.toThrow();
          await expect(store.open(d, { start: 10, end: 5 })).rejects.toThrow();
        });
      }
    });

    describe('writer and commit', () => {
      test('chunks written then committed become a blob', async () => {
        const parts = [randomBytes(10_000), randomBytes(1), randomBytes(70_000)];
        const all = Buffer.concat(parts);
        const w = await store.writer(uniqueRef('w'), { total: all.length, expected: digest(all) });
        expect(w.digest()).toBe(digest(Buffer.alloc(0)));
        for (const p of parts) await w.write(p);
        expect(w.offset).toBe(all.length);
        // The running digest of what was written, without ending the writer.
        expect(w.digest()).toBe(digest(all));
        expect(w.digest()).toBe(digest(all));
        expect(await w.commit(all.length, digest(all))).toEqual({ digest: digest(all), size: all.length });
        expect((await store.get(digest(all), 1 << 20)).equals(all)).toBe(true);
      });
      test('stream() works with pipeline', async () => {
        const all = randomBytes(300_000);
        const w = await store.writer(uniqueRef('s'));
        await pipeline(Readable.from([all.subarray(0, 1000), all.subarray(1000)]), w.stream());
        await w.commit(all.length, digest(all));
        expect((await store.stat(digest(all))).size).toBe(all.length);
      });
      test('committing an existing blob keeps it', async () => {
        const data = randomBytes(500);
        await store.put(data);
        const w = await store.writer(uniqueRef('dup'));
        await w.write(data);
        expect(await w.commit(data.length, digest(data))).toEqual({ digest: digest(data), size: 500 });
        expect((await store.get(digest(data))).equals(data)).toBe(true);
      });
      test('a size mismatch is refused; nothing is published and the ingest is gone', async () => {
        const ref = uniqueRef('size');
        const data = randomBytes(1000);
        const w = await store.writer(ref);
        await w.write(data);
        expect(await codeOf(w.commit(999, digest(data)))).toBe('SIZE_MISMATCH');
        expect(await store.has(digest(data))).toBe(false);
        if (can.statuses) expect(await codeOf(store.status(ref))).toBe('NOT_FOUND');
      });
      test('a digest mismatch is refused; nothing is published and the ingest is gone', async () => {
        const ref = uniqueRef('digest');
        const data = randomBytes(1000);
        const claimed = digest(randomBytes(1000));
        const w = await store.writer(ref);
        await w.write(data);
        expect(await codeOf(w.commit(1000, claimed))).toBe('DIGEST_MISMATCH');
        expect(await store.has(claimed)).toBe(false);
        expect(await store.has(digest(data))).toBe(false);
        if (can.statuses) expect(await codeOf(store.status(ref))).toBe('NOT_FOUND');
      });
      test('writing past the announced total fails early', async () => {
        const w = await store.writer(uniqueRef('total'), { total: 10 });
        await w.write(randomBytes(10));
        expect(await codeOf(w.write(randomBytes(1)))).toBe('SIZE_MISMATCH');
        await w.cancel();
      });
      test('cancel discards the ingest', async () => {
        const ref = uniqueRef('cancel');
        const data = randomBytes(100);
        const w = await store.writer(ref);
        await w.write(data);
        await w.cancel();
        expect(await store.has(digest(data))).toBe(false);
        if (can.statuses) expect(await codeOf(store.status(ref))).toBe('NOT_FOUND');
        if (can.resume) expect(await codeOf(store.resume(ref))).toBe('NOT_FOUND');
      });
      test('a second writer on a held ref fails fast with LOCKED', async () => {
        const ref = uniqueRef('lock');
        const w = await store.writer(ref);
        await w.write(Buffer.from('x'));
        const err = await store.writer(ref).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(isOciError(err, 'LOCKED')).toBe(true);
        expect((err as Error).message).toMatch(/locked since/);
        await w.cancel();
        const again = await store.writer(ref);
        await again.cancel();
      });
    });

    if (can.resume) {
      describe('resume', () => {
        test('close keeps the bytes; resume continues at the offset', async () => {
          const ref = uniqueRef('resume');
          const all = randomBytes(200_000);
          const w = await store.writer(ref, { total: all.length, expected: digest(all) });
          await w.write(all.subarray(0, 123_456));
          await w.close();
          if (can.statuses) {
            const st = await store.status(ref);
            expect(st.ref).toBe(ref);
            expect(st.offset).toBe(123_456);
            expect(st.total).toBe(all.length);
            expect(st.expected).toBe(digest(all));
            expect(st.updatedAt.getTime()).toBeGreaterThanOrEqual(st.startedAt.getTime());
          }
          const r = await store.resume(ref);
          expect(r.offset).toBe(123_456);
          await r.write(all.subarray(123_456));
          await r.commit(all.length, digest(all));
          expect((await store.get(digest(all), 1 << 20)).equals(all)).toBe(true);
        });
        test('resume of an unknown ref: NOT_FOUND', async () => {
          expect(await codeOf(store.resume(uniqueRef('none')))).toBe('NOT_FOUND');
        });
        test('resume of a ref held by a writer: LOCKED', async () => {
          const ref = uniqueRef('held');
          const w = await store.writer(ref);
          await w.write(Buffer.from('abc'));
          expect(await codeOf(store.resume(ref))).toBe('LOCKED');
          await w.cancel();
        });
      });
    }

    if (can.statuses) {
      describe('statuses', () => {
        test('listStatuses shows interrupted ingests; abort removes one', async () => {
          const a = uniqueRef('la');
          const b = uniqueRef('lb');
          for (const [ref, n] of [
            [a, 3],
            [b, 5],
          ] as const) {
            const w = await store.writer(ref, { total: 10 });
            await w.write(randomBytes(n));
            await w.close();
          }
          const list = await store.listStatuses();
          const byRef = new Map(list.map((s) => [s.ref, s]));
          expect(byRef.get(a)?.offset).toBe(3);
          expect(byRef.get(b)?.offset).toBe(5);
          expect(byRef.get(b)?.total).toBe(10);
          await store.abort(a);
          await store.abort(a); // absent: no-op
          const after = (await store.listStatuses()).map((s) => s.ref);
          expect(after).not.toContain(a);
          expect(after).toContain(b);
          await store.abort(b);
          expect(await codeOf(store.status(b))).toBe('NOT_FOUND');
        });
      });
    }

    if (can.delete) {
      test('delete removes a blob; a second delete is NOT_FOUND', async () => {
        const info = await store.put(randomBytes(77));
        await store.delete(info.digest);
        expect(await store.has(info.digest)).toBe(false);
        expect(await codeOf(store.delete(info.digest))).toBe('NOT_FOUND');
      });
    }

    if (can.walk) {
      test('walk visits every blob with its size', async () => {
        const mine = await Promise.all([store.put(randomBytes(11)), store.put(randomBytes(22)), store.put(randomBytes(33))]);
        const seen = new Map<string, number>();
        await store.walk((b) => {
          seen.set(b.digest, b.size);
        });
        for (const m of mine) expect(seen.get(m.digest)).toBe(m.size);
      });
    }
  });
}
