/**
 * serve's receive path keeps the store's durability rule (storage.ts): an uploaded blob's
 * file is fsynced once, by the writer's commit, before it is linked into blobs/ — no
 * fdatasync while the bytes arrive — and a chunked upload keeps every byte of each PATCH.
 */
import { describe, expect, test, afterAll } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { open, readFile } from 'node:fs/promises';
import { readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { digest, http, serveTemp, type Served } from './helpers.js';

type Proto = { datasync(): Promise<void>; sync(): Promise<void>; readonly fd: number };

const served: Served[] = [];
afterAll(async () => {
  for (const s of served) await s.stop();
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
  test('a 20 MiB monolithic push: no flush while it arrives, one fsync of its ingest file, then the blob', async () => {
    const s = await serveTemp();
    served.push(s);
    const data = randomBytes(20 << 20); // past 8 MiB, where a flush-behind would start
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
});
