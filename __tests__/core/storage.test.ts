import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { appendFile, mkdir, mkdtemp, open, readdir, readFile, rm, stat, utimes, writeFile, chmod } from 'node:fs/promises';
import { readlinkSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { isOciError } from '../../src/core/errors.js';
import { BlobStorage } from '../../src/core/storage.js';
import { contentSuite } from '../harness/content-suite.js';

const temps: string[] = [];
async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'oci-storage-'));
  temps.push(d);
  return d;
}
afterAll(async () => {
  for (const d of temps) {
    await chmodTree(d);
    await rm(d, { recursive: true, force: true });
  }
});
async function chmodTree(d: string): Promise<void> {
  // blobs are 0444; rm works on directories we own, but be explicit for odd setups.
  await chmod(d, 0o755).catch(() => {});
}

const digest = (b: Uint8Array): string => 'sha256:' + createHash('sha256').update(b).digest('hex');

async function readAll(s: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of s) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** Every file under dir, relative. */
async function files(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) out.push(join(e.parentPath, e.name).slice(dir.length + 1));
  }
  return out.sort();
}

/** pid of a process that has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0']);
  await new Promise((r) => child.on('exit', r));
  return child.pid!;
}

contentSuite('BlobStorage', async () => {
  const root = await tempDir();
  return { store: new BlobStorage(root), cleanup: async () => {} };
});

describe('BlobStorage on disk', () => {
  let root: string;
  let blobs: BlobStorage;
  beforeAll(async () => {
    root = await tempDir();
    blobs = new BlobStorage(root);
  });

  test('blobs live at blobs/<alg>/<hex>, read-only', async () => {
    const data = randomBytes(10);
    const { digest: d } = await blobs.put(data);
    const path = join(root, 'blobs', 'sha256', d.slice(7));
    expect((await readFile(path)).equals(data)).toBe(true);
    expect((await stat(path)).mode & 0o777).toBe(0o444);
  });

  test('an ingest keeps data and meta.json (ref, startedAt, updatedAt, total, expected) under ingest/<hash of ref>/', async () => {
    const ref = 'upload/with spaces & slashes';
    const w = await blobs.writer(ref, { total: 4, expected: digest(Buffer.from('abcd')) });
    await w.write(Buffer.from('ab'));
    await w.close();
    const dir = join(root, 'ingest', createHash('sha256').update(ref).digest('hex'));
    expect((await readFile(join(dir, 'data'))).toString()).toBe('ab');
    const meta = JSON.parse(await readFile(join(dir, 'meta.json'), 'utf8'));
    expect(meta).toMatchObject({ ref, total: 4, expected: digest(Buffer.from('abcd')) });
    expect(Date.parse(meta.startedAt)).not.toBeNaN();
    expect(Date.parse(meta.updatedAt)).not.toBeNaN();
    await blobs.abort(ref);
    await expect(stat(dir)).rejects.toThrow();
  });

  test('resume re-hashes the bytes on disk, not what the writer remembered', async () => {
    const ref = 'crashy';
    const w = await blobs.writer(ref);
    await w.write(Buffer.from('hello '));
    await w.close();
    // Bytes that reached the disk before a crash, after the last status update.
    await appendFile(join(root, 'ingest', createHash('sha256').update(ref).digest('hex'), 'data'), 'world');
    const r = await blobs.resume(ref);
    expect(r.offset).toBe(11);
    await r.write(Buffer.from('!'));
    const info = await r.commit(12, digest(Buffer.from('hello world!')));
    expect((await blobs.get(info.digest)).toString()).toBe('hello world!');
  });

  test('failed commits leave nothing under blobs/ and no ingest', async () => {
    const before = await files(join(root, 'blobs'));
    for (const [size, claimed] of [
      [5, digest(Buffer.from('other'))],
      [4, digest(Buffer.from('wrong'))],
    ] as const) {
      const w = await blobs.writer(`fail-${size}`);
      await w.write(Buffer.from('wrong'));
      await expect(w.commit(size, claimed)).rejects.toThrow();
    }
    expect(await files(join(root, 'blobs'))).toEqual(before);
    expect((await blobs.listStatuses()).map((s) => s.ref)).not.toContain('fail-5');
  });

  test('an existing blob is never rewritten', async () => {
    const data = randomBytes(1000);
    const { digest: d } = await blobs.put(data);
    const path = blobs.blobPath(d);
    const before = await stat(path);
    const w = await blobs.writer('again');
    await w.write(data);
    await w.commit(1000, d);
    await blobs.put(data);
    const after = await stat(path);
    expect(after.ino).toBe(before.ino);
    expect(after.mtimeMs).toBe(before.mtimeMs);
  });

  test('a tampered blob fails get, and a whole-blob stream errors at its end', async () => {
    const data = randomBytes(200_000);
    const { digest: d } = await blobs.put(data);
    const path = blobs.blobPath(d);
    await chmod(path, 0o644);
    const bad = Buffer.from(data);
    bad[150_000] ^= 1;
    await writeFile(path, bad);
    const e = await blobs.get(d, 1 << 20).catch((x: unknown) => x);
    expect(isOciError(e, 'DIGEST_MISMATCH')).toBe(true);
    expect((e as Error).message).toContain(path);
    const se = await readAll(await blobs.open(d)).catch((x: unknown) => x);
    expect(isOciError(se, 'DIGEST_MISMATCH')).toBe(true);
    // A range is served as stored (the caller verifies what it assembles).
    expect((await readAll(await blobs.open(d, { start: 0, end: 9 }))).equals(data.subarray(0, 10))).toBe(true);
    await blobs.delete(d);
  });

  test('a lock of a dead process is stale and taken over; a live one is LOCKED', async () => {
    const ref = 'stale-lock';
    const dir = blobs.ingestPath(ref);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'lock'), JSON.stringify({ pid: await deadPid(), host: hostname(), since: new Date().toISOString() }));
    const w = await blobs.writer(ref);
    await w.cancel();

    const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    try {
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, 'lock'), JSON.stringify({ pid: sleeper.pid, host: hostname(), since: '2020-01-01T00:00:00.000Z' }));
      // Alive, but older than any ingest can be (pid reuse): stale too.
      const w2 = await blobs.writer(ref);
      await w2.cancel();
      await mkdir(dir, { recursive: true });
      const since = new Date().toISOString();
      await writeFile(join(dir, 'lock'), JSON.stringify({ pid: sleeper.pid, host: hostname(), since }));
      const e = await blobs.writer(ref).catch((x: unknown) => x);
      expect(isOciError(e, 'LOCKED')).toBe(true);
      expect((e as Error).message).toContain(`locked since ${since} by pid ${sleeper.pid}`);
    } finally {
      sleeper.kill('SIGKILL');
    }
  });

  test('walk skips junk; strayFiles names it', async () => {
    await writeFile(join(root, 'blobs', 'sha256', 'not-a-digest'), 'x');
    const seen: string[] = [];
    await blobs.walk((b) => {
      seen.push(b.digest);
    });
    expect(seen.every((d) => /^sha(256|512):[0-9a-f]+$/.test(d))).toBe(true);
    expect(await blobs.strayFiles()).toContain(join('blobs', 'sha256', 'not-a-digest'));
    await rm(join(root, 'blobs', 'sha256', 'not-a-digest'));
  });

  test('pruneIngests removes old unlocked ingests and temp files, keeps fresh and locked ones', async () => {
    const r2 = await tempDir();
    const b = new BlobStorage(r2);
    const old = await b.writer('old');
    await old.write(Buffer.from('o'));
    await old.close();
    const fresh = await b.writer('fresh');
    await fresh.write(Buffer.from('f'));
    await fresh.close();
    const held = await b.writer('held');
    await held.write(Buffer.from('h'));
    const past = new Date(Date.now() - 3 * 3600_000);
    for (const ref of ['old', 'held']) {
      const dir = b.ingestPath(ref);
      for (const f of ['data', 'meta.json']) await utimes(join(dir, f), past, past);
      await utimes(dir, past, past);
    }
    await writeFile(join(r2, 'ingest', 'put-123-abc'), 'torn');
    await utimes(join(r2, 'ingest', 'put-123-abc'), past, past);
    expect(await b.pruneIngests(3600_000)).toBe(2);
    const refs = (await b.listStatuses()).map((s) => s.ref).sort();
    expect(refs).toEqual(['fresh', 'held']);
    await held.cancel();
  });

  test('tempWriter: a verified blob through one temp file, made in a store without ingest/ yet; a mismatch, close and cancel leave nothing', async () => {
    const root = await tempDir();
    const b = new BlobStorage(root);
    const data = randomBytes(300_000);
    const w = await b.tempWriter({ total: data.length, expected: digest(data) });
    expect(w.ref).toMatch(/^blob-\d+-[0-9a-f]{12}$/);
    // One plain file: no ingest directory, lock or meta.json.
    expect(await readdir(join(root, 'ingest'))).toEqual([w.ref]);
    await w.write(data.subarray(0, 100_000));
    await w.write(data.subarray(100_000));
    expect(w.offset).toBe(data.length);
    expect(await w.commit(data.length, digest(data))).toEqual({ digest: digest(data), size: data.length });
    expect(await readFile(b.blobPath(digest(data)))).toEqual(data);
    expect(((await stat(b.blobPath(digest(data)))).mode & 0o777).toString(8)).toBe('444');
    expect(await readdir(join(root, 'ingest'))).toEqual([]);

    const other = randomBytes(1000);
    const bad = await b.tempWriter();
    await bad.write(other);
    const e = await bad.commit(other.length, digest(data.subarray(1))).catch((x: unknown) => x);
    expect(isOciError(e, 'DIGEST_MISMATCH')).toBe(true);
    expect(await b.has(digest(other))).toBe(false);
    expect(await readdir(join(root, 'ingest'))).toEqual([]);

    const over = await b.tempWriter({ total: 10 });
    const e2 = await over.write(other).catch((x: unknown) => x);
    expect(isOciError(e2, 'SIZE_MISMATCH')).toBe(true);
    await over.cancel();

    // Nothing can resume a temp file's bytes: close discards them like cancel.
    const closed = await b.tempWriter();
    await closed.write(other);
    await closed.close();
    const cancelled = await b.tempWriter();
    await cancelled.write(other);
    await cancelled.cancel();
    expect(await readdir(join(root, 'ingest'))).toEqual([]);
    expect(await b.listStatuses()).toEqual([]);
  });

  test('bad ingest refs are refused', async () => {
    const e = await blobs.writer('').catch((x: unknown) => x);
    expect(isOciError(e, 'INVALID_INPUT')).toBe(true);
  });
});

describe('BlobStorage durability: one fsync per blob file, one per blob directory and commit', () => {
  type Proto = { datasync(): Promise<void>; sync(): Promise<void>; readonly fd: number };

  /** FileHandle's prototype (not exported by node:fs), to watch datasync and sync. */
  async function fileHandleProto(dir: string): Promise<Proto> {
    const fh = await open(join(dir, 'probe'), 'w');
    const proto = Object.getPrototypeOf(fh) as Proto;
    await fh.close();
    return proto;
  }

  /** Record every sync/datasync with the path of its file (Linux: /proc/self/fd). */
  async function watchSyncs(dir: string): Promise<{ events: { call: string; path: string }[]; restore: () => void }> {
    const proto = await fileHandleProto(dir);
    const { datasync, sync } = proto;
    const events: { call: string; path: string }[] = [];
    const pathOf = (fh: Proto): string => readlinkSync(`/proc/self/fd/${fh.fd}`);
    proto.datasync = async function (this: Proto) {
      events.push({ call: 'datasync', path: pathOf(this) });
      return datasync.call(this);
    };
    proto.sync = async function (this: Proto) {
      events.push({ call: 'sync', path: pathOf(this) });
      return sync.call(this);
    };
    return { events, restore: () => Object.assign(proto, { datasync, sync }) };
  }

  test('an ingest is fsynced once, at commit, with no flush during the writes', async () => {
    const root = await tempDir();
    const b = new BlobStorage(root);
    const { events, restore } = await watchSyncs(root);
    try {
      const data = randomBytes((9 << 20) + 5); // past 8 MiB, where a flush-behind would start
      const w = await b.writer('one-sync', { total: data.length });
      for (let off = 0; off < data.length; off += 1 << 20) await w.write(data.subarray(off, off + (1 << 20)));
      expect(events).toEqual([]);
      await w.commit(data.length, digest(data));
      expect(events.map((e) => e.call)).toEqual(['sync']);
      expect(events[0]!.path).toMatch(/\/ingest\/[0-9a-f]{64}\/data$/);
      expect(await readFile(b.blobPath(digest(data)))).toEqual(data);
    } finally {
      restore();
    }
  });

  test('a temp writer\'s blob is fsynced once, at commit, before its link', async () => {
    const root = await tempDir();
    const b = new BlobStorage(root);
    const { events, restore } = await watchSyncs(root);
    try {
      const data = randomBytes((9 << 20) + 5);
      const w = await b.tempWriter({ total: data.length, expected: digest(data) });
      for (let off = 0; off < data.length; off += 1 << 20) await w.write(data.subarray(off, off + (1 << 20)));
      expect(events).toEqual([]);
      await w.commit(data.length, digest(data));
      expect(events.map((e) => e.call)).toEqual(['sync']);
      expect(events[0]!.path).toBe(join(root, 'ingest', w.ref));
      events.length = 0;
      await b.syncPublished();
      expect(events.map((e) => e.path)).toEqual([join(root, 'blobs', 'sha256'), join(root, 'blobs')]);
    } finally {
      restore();
    }
  });

  test('links are fsynced by syncPublished, once per directory however many blobs', async () => {
    const root = await tempDir();
    const b = new BlobStorage(root);
    const { events, restore } = await watchSyncs(root);
    try {
      const blobs = [1, 2, 3].map(() => randomBytes(3000));
      for (const data of blobs) await b.put(data);
      // Three data files synced, no directory yet.
      expect(events.map((e) => e.call)).toEqual(['sync', 'sync', 'sync']);
      expect(events.every((e) => e.path.includes('/ingest/put-'))).toBe(true);
      events.length = 0;
      await b.syncPublished();
      // blobs/sha256 (its links), then blobs/ (the new sha256 entry) — each once.
      expect(events).toEqual([
        { call: 'sync', path: join(root, 'blobs', 'sha256') },
        { call: 'sync', path: join(root, 'blobs') },
      ]);
      events.length = 0;
      await b.syncPublished();
      // Nothing new: blobs/sha256 only (another process may have linked a blob there).
      expect(events).toEqual([{ call: 'sync', path: join(root, 'blobs', 'sha256') }]);
    } finally {
      restore();
    }
  });

  test('blobs/sha256 removed after a first blob is made again, and synced with blobs/, at the next publish', async () => {
    const root = await tempDir();
    const b = new BlobStorage(root);
    await b.put(randomBytes(100));
    await b.syncPublished();
    await rm(join(root, 'blobs', 'sha256'), { recursive: true, force: true });
    const { events, restore } = await watchSyncs(root);
    try {
      const data = randomBytes(5000);
      const w = await b.tempWriter();
      await w.write(data);
      await w.commit(data.length, digest(data));
      expect(await readFile(b.blobPath(digest(data)))).toEqual(data);
      events.length = 0;
      await b.syncPublished();
      expect(events.map((e) => e.path)).toEqual([join(root, 'blobs', 'sha256'), join(root, 'blobs')]);
    } finally {
      restore();
    }
  });

  test('a failed directory fsync is retried at the next syncPublished', async () => {
    const root = await tempDir();
    const b = new BlobStorage(root);
    await b.put(randomBytes(100));
    const proto = await fileHandleProto(root);
    const { sync } = proto;
    let failed = 0;
    proto.sync = async function () {
      failed++;
      throw Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO', errno: -5, syscall: 'fsync' });
    };
    try {
      const e = await b.syncPublished().catch((x: unknown) => x);
      expect((e as { code?: string }).code).toBe('EIO');
      expect(failed).toBe(1);
    } finally {
      proto.sync = sync;
    }
    const { events, restore } = await watchSyncs(root);
    try {
      await b.syncPublished();
      expect(events.map((e) => e.path).sort()).toEqual([join(root, 'blobs'), join(root, 'blobs', 'sha256')]);
    } finally {
      restore();
    }
  });
});

describe('BlobStorage chunks: lent, reused read buffers; a whole blob verified before its end', () => {
  test('a blob read as chunks is the blob, from a few reused buffers', async () => {
    const s = new BlobStorage(await tempDir());
    const data = randomBytes(5 * 1024 * 1024 + 7);
    const { digest: d } = await s.put(data);
    const parts: Buffer[] = [];
    const memory = new Set<ArrayBufferLike>();
    for await (const c of s.chunks(d, { size: data.length })) {
      memory.add(c.buffer);
      parts.push(Buffer.from(c));
    }
    expect(Buffer.concat(parts).equals(data)).toBe(true);
    expect(memory.size).toBeLessThanOrEqual(2);
    // a range, unverified (a range has no digest), inclusive end
    const range: Buffer[] = [];
    for await (const c of s.chunks(d, { start: 10, end: 1_000_009 })) range.push(Buffer.from(c));
    expect(Buffer.concat(range).equals(data.subarray(10, 1_000_010))).toBe(true);
  });

  test('a tampered blob fails with DIGEST_MISMATCH before its last chunk is handed out', async () => {
    const root = await tempDir();
    const s = new BlobStorage(root);
    const data = randomBytes(2 * 1024 * 1024);
    const { digest: d } = await s.put(data);
    const path = s.blobPath(d);
    await chmod(path, 0o644);
    const fh = await open(path, 'r+');
    await fh.write(Buffer.from('X'), 0, 1, data.length - 1);
    await fh.close();
    let given = 0;
    let failure: unknown;
    try {
      for await (const c of s.chunks(d, { size: data.length })) given += c.length;
    } catch (e) {
      failure = e;
    }
    expect(isOciError(failure, 'DIGEST_MISMATCH')).toBe(true);
    expect(given).toBeLessThan(data.length);
  });

  test('a size other than the descriptor says is SIZE_MISMATCH before any byte', async () => {
    const s = new BlobStorage(await tempDir());
    const data = randomBytes(1000);
    const { digest: d } = await s.put(data);
    let given = 0;
    await expect(
      (async () => {
        for await (const c of s.chunks(d, { size: 999 })) given += c.length;
      })(),
    ).rejects.toMatchObject({ code: 'SIZE_MISMATCH' });
    expect(given).toBe(0);
  });
});

describe('BlobStorage.open: bytes per read of a whole blob', () => {
  test('readSize sets the chunk of a whole-blob stream (unpack reads layers 1 MiB at a time); by default 64 KiB; either way the blob verified', async () => {
    const s = new BlobStorage(await tempDir());
    const data = randomBytes(3 * 1024 * 1024 + 5);
    const { digest: d } = await s.put(data);
    const read = async (options?: { readSize?: number }): Promise<{ data: Buffer; largest: number }> => {
      const parts: Buffer[] = [];
      for await (const c of await s.open(d, undefined, options)) parts.push(c as Buffer);
      return { data: Buffer.concat(parts), largest: Math.max(...parts.map((p) => p.length)) };
    };
    const big = await read({ readSize: 1024 * 1024 });
    expect(big.data.equals(data)).toBe(true);
    expect(big.largest).toBe(1024 * 1024);
    const small = await read();
    expect(small.data.equals(data)).toBe(true);
    expect(small.largest).toBe(64 * 1024);
  });
});
