/**
 * serve's receive path keeps the store's durability rule (storage.ts): an uploaded blob's
 * file is fsynced once, by the writer's commit, before it is linked into blobs/; a body
 * larger than FLUSH_BEHIND is flushed behind while it arrives (fdatasync, one at a time),
 * a smaller one not at all; and a chunked upload keeps every byte of each PATCH.
 */
import { describe, expect, test, afterAll } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { open, readFile, rm } from 'node:fs/promises';
import { readdirSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { FLUSH_BEHIND } from '../../../src/core/serve/blobs.js';
import { FlushBehind } from '../../../src/core/storage.js';
import { digest, http, serveTemp, tempDir, type Served } from './helpers.js';

type Proto = { datasync(): Promise<void>; sync(): Promise<void>; readonly fd: number };

const served: Served[] = [];
const dirs: string[] = [];
afterAll(async () => {
  for (const s of served) await s.stop();
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

/** Record every FileHandle sync/datasync with the path of its file (Linux: /proc/self/fd). */
async function watchSyncs(dir: string): Promise<{ events: { call: string; path: string }[]; restore: () => void }> {
  const fh = await open(join(dir, 'probe'), 'w');
  const proto = Object.getPrototypeOf(fh) as Proto;
  await fh.close();
  const { datasync, sync } = proto;
  const events: { call: string; path: string }[] = [];
  const pathOf = (h: Proto): string => {
    try {
      return readlinkSync(`/proc/self/fd/${h.fd}`);
    } catch {
      return '?';
    }
  };
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

describe('serve: an upload is fsynced once, at commit', () => {
  test('a 20 MiB monolithic push: no flush behind, one fsync of its ingest file, then the blob', async () => {
    const s = await serveTemp();
    served.push(s);
    const data = randomBytes(20 << 20); // below FLUSH_BEHIND: the commit's fsync is the only one
    expect(data.length).toBeLessThan(FLUSH_BEHIND);
    const { events, restore } = await watchSyncs(s.dir);
    let r;
    try {
      r = await http(s.base, 'POST', `/v2/d/one/blobs/uploads/?digest=${digest(data)}`, { body: data, headers: { 'Content-Type': 'application/octet-stream' } });
    } finally {
      restore();
    }
    expect(r.status).toBe(201);
    expect(events.filter((e) => e.call === 'datasync')).toEqual([]);
    const ingestSyncs = events.filter((e) => /\/ingest\/[0-9a-f]{64}\/data$/.test(e.path));
    expect(ingestSyncs.map((e) => e.call)).toEqual(['sync']);
    expect((await readFile(s.store.blobs.blobPath(digest(data)))).equals(data)).toBe(true);
  });

  test('a chunked upload (PATCH, PATCH, PUT) keeps every byte, in order, and is synced once', async () => {
    const s = await serveTemp();
    served.push(s);
    const data = randomBytes((3 << 20) + 17);
    const start = await http(s.base, 'POST', '/v2/d/two/blobs/uploads/');
    expect(start.status).toBe(202);
    let location = start.headers.get('location')!;
    const { events, restore } = await watchSyncs(s.dir);
    try {
      const cut = (2 << 20) + 5;
      for (const [from, to] of [
        [0, cut],
        [cut, data.length],
      ] as const) {
        // streamed bodies arrive as many small reads
        async function* pieces(): AsyncGenerator<Uint8Array> {
          for (let at = from; at < to; at += 100_000) yield data.subarray(at, Math.min(at + 100_000, to));
        }
        const p = await http(s.base, 'PATCH', location, { body: pieces(), headers: { 'Content-Type': 'application/octet-stream', 'Content-Range': `${from}-${to - 1}` } });
        expect(p.status).toBe(202);
        location = p.headers.get('location')!;
      }
      const u = new URL(location, s.base);
      u.searchParams.set('digest', digest(data));
      const put = await http(s.base, 'PUT', u.pathname + u.search);
      expect(put.status).toBe(201);
    } finally {
      restore();
    }
    expect(events.filter((e) => e.call === 'datasync')).toEqual([]);
    expect((await readFile(s.store.blobs.blobPath(digest(data)))).equals(data)).toBe(true);
  });

  test('a push of 2.5 × FLUSH_BEHIND is flushed behind while it arrives, then fsynced once by the commit, and keeps no descriptor', async () => {
    const s = await serveTemp();
    served.push(s);
    const data = randomBytes(FLUSH_BEHIND * 2 + (FLUSH_BEHIND >> 1));
    const { events, restore } = await watchSyncs(s.dir);
    let r;
    try {
      r = await http(s.base, 'POST', `/v2/d/big/blobs/uploads/?digest=${digest(data)}`, { body: data, headers: { 'Content-Type': 'application/octet-stream' } });
    } finally {
      restore();
    }
    expect(r.status).toBe(201);
    const ingest = events.filter((e) => /\/ingest\/[0-9a-f]{64}\/data$/.test(e.path)).map((e) => e.call);
    // One or two flushes behind (the second only when the first is done in time), then the commit's fsync.
    expect(ingest.length).toBeGreaterThanOrEqual(2);
    expect(ingest.length).toBeLessThanOrEqual(3);
    expect(ingest.slice(0, -1).every((c) => c === 'datasync')).toBe(true);
    expect(ingest.at(-1)).toBe('sync');
    expect((await readFile(s.store.blobs.blobPath(digest(data)))).equals(data)).toBe(true);
    const open = readdirSync('/proc/self/fd').map((fd) => {
      try {
        return readlinkSync(`/proc/self/fd/${fd}`);
      } catch {
        return '';
      }
    });
    expect(open.filter((p) => p.includes(join(s.dir, 'ingest')))).toEqual([]);
  });
});

describe('serve: a chunked upload of 2.5 × FLUSH_BEHIND', () => {
  test('its PATCH is flushed behind, its PUT fsyncs once, and the blob is the bytes sent', async () => {
    const s = await serveTemp();
    served.push(s);
    const data = randomBytes(FLUSH_BEHIND * 2 + (FLUSH_BEHIND >> 1));
    const start = await http(s.base, 'POST', '/v2/d/chunked/blobs/uploads/');
    expect(start.status).toBe(202);
    const { events, restore } = await watchSyncs(s.dir);
    try {
      const p = await http(s.base, 'PATCH', start.headers.get('location')!, { body: data, headers: { 'Content-Type': 'application/octet-stream' } });
      expect(p.status).toBe(202);
      const afterPatch = events.filter((e) => /\/ingest\/[0-9a-f]{64}\/data$/.test(e.path)).map((e) => e.call);
      expect(afterPatch.length).toBeGreaterThanOrEqual(1);
      expect(afterPatch.every((c) => c === 'datasync')).toBe(true);
      const u = new URL(p.headers.get('location')!, s.base);
      u.searchParams.set('digest', digest(data));
      const put = await http(s.base, 'PUT', u.pathname + u.search);
      expect(put.status).toBe(201);
    } finally {
      restore();
    }
    const ingest = events.filter((e) => /\/ingest\/[0-9a-f]{64}\/data$/.test(e.path)).map((e) => e.call);
    expect(ingest.filter((c) => c === 'sync')).toEqual(['sync']);
    expect(ingest.at(-1)).toBe('sync');
    expect((await readFile(s.store.blobs.blobPath(digest(data)))).equals(data)).toBe(true);
  });
});

describe('serve: a manifest PUT', () => {
  test('writes its manifest as one fsynced temp file, with no ingest directory, lock or meta.json', async () => {
    const s = await serveTemp();
    served.push(s);
    const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [] } }));
    const c = await http(s.base, 'POST', `/v2/d/m/blobs/uploads/?digest=${digest(config)}`, { body: config, headers: { 'Content-Type': 'application/octet-stream' } });
    expect(c.status).toBe(201);
    const manifest = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: digest(config), size: config.length },
        layers: [],
      }),
    );
    const { events, restore } = await watchSyncs(s.dir);
    let r;
    try {
      r = await http(s.base, 'PUT', '/v2/d/m/manifests/v1', { body: manifest, headers: { 'Content-Type': 'application/vnd.oci.image.manifest.v1+json' } });
    } finally {
      restore();
    }
    expect(r.status).toBe(201);
    const files = events.filter((e) => e.path.includes(`${join(s.dir, 'ingest')}/`)).map((e) => e.path.slice(join(s.dir, 'ingest').length + 1));
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^put-\d+-[0-9a-f]+$/);
    expect((await readFile(s.store.blobs.blobPath(digest(manifest)))).equals(manifest)).toBe(true);
    expect(readdirSync(join(s.dir, 'ingest'))).toEqual([]);
  });
});

describe('FlushBehind', () => {
  test('one fdatasync per `every` bytes written, never two at once, none below `every`', async () => {
    const dir = await tempDir('flush-behind');
    dirs.push(dir);
    const file = join(dir, 'data');
    const fh = await open(file, 'w');
    await fh.write(randomBytes(1 << 20));
    const proto = Object.getPrototypeOf(fh) as Proto;
    const { datasync } = proto;
    let running = 0;
    let most = 0;
    let calls = 0;
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    proto.datasync = async function (this: Proto) {
      calls++;
      running++;
      most = Math.max(most, running);
      await gate;
      running--;
      return datasync.call(this);
    };
    try {
      const f = new FlushBehind(file, 100);
      f.written(99);
      await new Promise((r) => setTimeout(r, 20));
      expect(calls).toBe(0);
      f.written(1); // 100: the first flush starts
      await new Promise((r) => setTimeout(r, 20));
      expect(calls).toBe(1);
      f.written(500); // while it runs: no second one
      await new Promise((r) => setTimeout(r, 20));
      expect(calls).toBe(1);
      release();
      await f.close();
      expect(most).toBe(1);
    } finally {
      proto.datasync = datasync;
      await fh.close();
    }
  });

  test('a file that cannot be opened, or a flush that fails, costs the upload nothing', async () => {
    const dir = await tempDir('flush-behind');
    dirs.push(dir);
    const gone = new FlushBehind(join(dir, 'missing'), 1);
    gone.written(10);
    gone.written(10);
    await expect(gone.close()).resolves.toBeUndefined();

    const file = join(dir, 'data');
    const fh = await open(file, 'w');
    const proto = Object.getPrototypeOf(fh) as Proto;
    const { datasync } = proto;
    let calls = 0;
    proto.datasync = async function () {
      calls++;
      throw Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' });
    };
    try {
      const failing = new FlushBehind(file, 1);
      failing.written(1);
      await new Promise((r) => setTimeout(r, 20));
      failing.written(1); // the failed flush is over: the next one is tried
      await expect(failing.close()).resolves.toBeUndefined();
      expect(calls).toBe(2);
    } finally {
      proto.datasync = datasync;
      await fh.close();
    }
  });
});
