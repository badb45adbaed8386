/**
 * A layer of one directory is walked while it is written (walkInOrder): its entries, their
 * order and so its digest must be exactly those of collectEntries, which walks first and
 * sorts. The trees here hold what the order depends on: names that sort between a
 * directory and its children (`x.txt`, `x-1` against `x/…`), names beyond U+D800 and
 * names that are not UTF-8 (byte order), hard links (the first name in archive order
 * carries the body), symlinks, empty directories, a nested DEST (parents added).
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { buildTime, collectEntries, walkInOrder, type BuildTime } from '../../src/core/ingest.js';
import { isOciError } from '../../src/core/errors.js';
import type { PackEntry } from '../../src/core/tar/writer.js';
import { captureLogger, cleanup, makeTree, tempDir, type Node } from './tree-helpers.js';

let dir: string;
let tree: string;

beforeAll(async () => {
  dir = await tempDir('oci-ingest-walk-');
  tree = join(dir, 'tree');
  const spec: Record<string, Node> = {
    'x/a': { file: 'a' },
    'x/b/c': { file: 'c', mode: 0o755 },
    'x.txt': { file: 'x.txt' },
    'x-1': { file: 'x-1' },
    x0: { dir: true },
    'x/z.link': { hardlink: 'x.txt' },
    'a.link': { hardlink: 'x.txt' },
    'y/ln': { symlink: '../x/a' },
    'y/empty': { dir: true, mode: 0o700 },
    'é/ü': { file: 'bmp' },
    '😀/f': { file: 'astral' },
    '\uffff~': { file: 'high bmp' },
    'Z/z': { file: 'upper' },
    'x/b/deep/er/est': { file: 'deep' },
  };
  for (let i = 0; i < 50; i++) spec[`many/f${(i * 7919) % 1000}`] = { file: String(i) };
  await makeTree(tree, spec);
  // Names that are not UTF-8 (Latin-1 bytes), a file and a directory.
  writeFileSync(Buffer.concat([Buffer.from(tree + '/caf'), Buffer.from([0xe9])]), 'latin1');
  mkdirSync(Buffer.concat([Buffer.from(tree + '/d'), Buffer.from([0xe8]), Buffer.from('.d')]));
  writeFileSync(Buffer.concat([Buffer.from(tree + '/d'), Buffer.from([0xe8]), Buffer.from('.d/f')]), 'in raw dir');
});
afterAll(async () => cleanup(dir));

/** Entries as comparable records (a Buffer source as its bytes). */
function plain(entries: Iterable<PackEntry>): unknown[] {
  return [...entries].map((e) => ({ ...e, source: Buffer.isBuffer(e.source) ? `bytes:${e.source.toString('hex')}` : e.source }));
}

describe('walkInOrder', () => {
  test.each([
    ['the image root', '', {}],
    ['a DEST', 'app', {}],
    ['a nested DEST, with SOURCE_DATE_EPOCH', 'opt/app/v1', { SOURCE_DATE_EPOCH: '1700000000' }],
  ])('gives collectEntries’ entries in its order: %s', async (_what, name, env: Record<string, string>) => {
    const time: BuildTime = buildTime(env);
    const root = { path: tree, name };
    const expected = plain(await collectEntries([root], time, captureLogger()));
    const got = plain(walkInOrder(root, await stat(tree), time, captureLogger()));
    expect(got.length).toBeGreaterThan(60);
    expect(got).toEqual(expected);
  });

  test('a directory that becomes a file while the layer is written is an error naming the fix', async () => {
    const t = join(dir, 'changing');
    await makeTree(t, { a: { file: 'a' }, 'd/f': { file: 'f' } });
    const it = walkInOrder({ path: t, name: '' }, await stat(t), buildTime({}), captureLogger());
    // `a` sorts first: the root is listed (`d` as a directory) before it is written.
    expect(it.next().value).toMatchObject({ name: 'a', type: 'file' });
    rmSync(join(t, 'd'), { recursive: true });
    writeFileSync(join(t, 'd'), 'now a file');
    let error: unknown;
    try {
      it.next();
    } catch (e) {
      error = e;
    }
    expect(isOciError(error) && error.code).toBe('INVALID_INPUT');
    expect((error as Error).message).toContain('changed while the layer was being written');
  });
});
