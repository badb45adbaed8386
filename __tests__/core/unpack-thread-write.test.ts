import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync } from 'node:fs';
import { lstat, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { encodeHeader, endOfArchive, padding, type TarHeader } from '../../src/core/tar/index.js';
import { ThreadHash } from '../../src/core/thread-hash.js';
import { Extractor } from '../../src/core/unpack.js';
import { captureLogger, cleanup, sh, tempDir, walk } from './tree-helpers.js';

let tmp: string;
beforeAll(async () => {
  tmp = await tempDir('oci-thread-write-');
});
afterAll(async () => cleanup(tmp));

function header(name: string, over: Partial<TarHeader> = {}): TarHeader {
  return { name, type: 'file', size: 0, mode: 0o644, uid: 0, gid: 0, uname: '', gname: '', mtime: 1_600_000_000, linkname: '', devmajor: 0, devminor: 0, ...over };
}

/** A tar of entries; a file's body is given, its size taken from it. */
function tarOf(entries: Array<[TarHeader, Buffer?]>): Buffer {
  const parts: Buffer[] = [];
  for (const [h, body] of entries) {
    parts.push(encodeHeader({ ...h, size: body?.length ?? 0 }));
    if (body) parts.push(body, padding(body.length));
  }
  parts.push(endOfArchive());
  return Buffer.concat(parts);
}

/** Bytes that differ from file to file (a misplaced piece shows). */
function bytes(n: number, seed: number): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = (i * 31 + seed * 7 + (i >> 9)) & 0xff;
  return b;
}

async function* chunked(data: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let off = 0; off < data.length; off += size) yield Buffer.from(data.subarray(off, off + size));
}

/** Modes, contents, link counts and mtimes of a tree. */
async function snapshot(root: string): Promise<Record<string, unknown>> {
  const t = await walk(root);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(t)) out[k] = v.type === 'file' ? { ...v, mtime: (await lstat(join(root, k))).mtimeMs } : v;
  return out;
}

const PIECE = ThreadHash.PIECE;
/**
 * Bodies at and around the piece boundary, across several pieces, empty; a file written
 * twice (the later entry wins), a file replaced by a symlink, a hard link to a file whose
 * body is still on its way; modes the umask would cut and setuid-free ones; more small
 * files than the thread takes at once (the rest written on the main thread).
 */
const entries: Array<[TarHeader, Buffer?]> = [
  ...Array.from({ length: 1500 }, (_, i): [TarHeader, Buffer] => [header(`many/f${i}`, { mtime: 1_500_000_000 + i }), bytes(1 + (i % 5), i)]),
  [header('d', { type: 'directory', mode: 0o755 })],
  [header('d/empty')],
  [header('d/one'), bytes(1, 1)],
  [header('d/block'), bytes(512, 2)],
  [header('d/edge'), bytes(PIECE - 1024, 3)],
  [header('d/big', { mode: 0o600, mtime: 1_700_000_000 }), bytes(3 * PIECE + 77, 4)],
  [header('d/link', { type: 'link', linkname: 'd/big' })],
  [header('d/twice'), bytes(1000, 5)],
  [header('d/gone'), bytes(70_000, 6)],
  [header('d/exec', { mode: 0o777 }), bytes(3000, 7)],
  [header('d/twice', { mode: 0o640 }), bytes(PIECE + 5, 8)],
  [header('d/gone', { type: 'symlink', linkname: 'big' })],
  [header('d/last'), bytes(10, 9)],
];
const tar = tarOf(entries);

async function extract(dir: string, chunk: number, thread?: ThreadHash): Promise<void> {
  await mkdir(dir);
  const x = new Extractor(dir, { logger: captureLogger(), hadFiles: false });
  await x.applyLayer(chunked(tar, chunk), thread ? { thread } : {});
  x.finish();
}

describe('file bodies written on the hashing thread', () => {
  test('the tree equals the one written on the main thread and by GNU tar, and the thread hashed the whole tar', async () => {
    const main = join(tmp, 'main');
    await extract(main, 100_000);
    const peer = join(tmp, 'tar');
    await mkdir(peer);
    const tarFile = join(tmp, 'layer.tar');
    await writeFile(tarFile, tar);
    await sh('tar', ['-xf', tarFile, '-C', peer, '--no-same-owner']);
    const expected = await snapshot(main);
    expect(await snapshot(peer)).toEqual(expected);

    // Written on the thread; then with few files open to it at once, so that the rest are
    // written on the main thread, both ways mixed.
    for (const [t, options] of [{}, { maxOpenFiles: 16 }].entries()) {
      const thread = new ThreadHash(options);
      try {
        // Chunks smaller than a piece, of one piece, and larger (cut into pieces).
        for (const [i, chunk] of [100_000, PIECE, 3 * PIECE + 1000].entries()) {
          const dir = join(tmp, `thread-${t}-${i}`);
          await extract(dir, chunk, thread);
          expect(await thread.digest()).toBe(`sha256:${createHash('sha256').update(tar).digest('hex')}`);
          expect(await snapshot(dir)).toEqual(expected);
          expect((await readFile(join(dir, 'd/twice'))).equals(entries.at(-3)![1]!)).toBe(true);
          expect((await lstat(join(dir, 'd/link'))).nlink).toBe(2);
          expect((await lstat(join(dir, 'd/gone'))).isSymbolicLink()).toBe(true);
        }
      } finally {
        await thread.close();
      }
    }
  });

  test('a write that fails on the thread is its error, naming the file; the file is closed all the same', async () => {
    const thread = new ThreadHash();
    const fd = openSync('/dev/full', 'w');
    try {
      thread.adoptFile(fd, 'usr/full');
      await thread.claim(Buffer.from('hello'));
      thread.writeFile(fd, 0, 5, 0);
      thread.closeFile(fd, { mtime: 1 });
      thread.commit();
      await expect(thread.settle()).rejects.toMatchObject({ code: 'ENOSPC', entry: 'usr/full' });
      expect(() => fstatSync(fd)).toThrow(expect.objectContaining({ code: 'EBADF' }));
    } finally {
      await thread.close();
    }
  });

  test('an extraction that fails leaves no file open on the thread', async () => {
    const dir = join(tmp, 'fails');
    await mkdir(dir);
    const bad = tarOf([[header('a'), bytes(PIECE + 100, 1)], [header('b', { type: 'link', linkname: 'missing' })]]);
    const thread = new ThreadHash();
    const x = new Extractor(dir, { logger: captureLogger(), hadFiles: false });
    try {
      await expect(x.applyLayer(chunked(bad, 1000), { thread })).rejects.toMatchObject({ code: 'UNSAFE_ENTRY' });
      // A body cut short by the failure: its file is closed by the thread, not left open.
      const cut = tarOf([[header('c'), bytes(PIECE * 2, 2)]]).subarray(0, PIECE);
      await expect(x.applyLayer(chunked(cut, 4096), { thread })).rejects.toMatchObject({ code: 'INVALID_LAYER' });
      await thread.settle();
    } finally {
      await thread.close();
    }
    const open = await sh('sh', ['-c', `ls -l /proc/${process.pid}/fd | grep -c ${dir} || true`]);
    expect(open.trim()).toBe('0');
  });
});
