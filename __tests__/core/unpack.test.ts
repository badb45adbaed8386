import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { readdir, readFile, writeFile, chmod, mkdtemp, lstat } from 'node:fs/promises';
import { mkdirSync, readdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { sha256 } from '../../src/core/digest.js';
import { isOciError } from '../../src/core/errors.js';
import { Store } from '../../src/core/layout.js';
import { buildTime, collectEntries, writeLayer } from '../../src/core/ingest.js';
import { decodeName, encodeHeader, endOfArchive, padding, paxHeader, rawHeader, type TarHeader } from '../../src/core/tar/index.js';
import { MediaType, type Descriptor } from '../../src/core/types/oci.js';
import { unpackManifest } from '../../src/core/unpack.js';
import { captureLogger, cleanup, context, makeTree, sh, tempDir, walk, withoutNlink } from './tree-helpers.js';
import { unpack as unpackCommand } from '../../src/core/commands/unpack.js';
import { parseOptions } from '../../src/core/commands/options.js';
import { fuseAvailable, mountCaseFold, type CaseFoldMount } from '../harness/casefold-mount.js';

/** A tar entry for fixtures: header fields plus an optional body. */
type E = Partial<TarHeader> & { name: string; body?: string };

function tarOf(entries: Array<E | Buffer>): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    if (Buffer.isBuffer(e)) {
      parts.push(e);
      continue;
    }
    const body = Buffer.from(e.body ?? '');
    const h: TarHeader = {
      type: 'file', size: body.length, mode: e.type === 'directory' ? 0o755 : 0o644, uid: 0, gid: 0, uname: '', gname: '',
      mtime: 1, linkname: '', devmajor: 0, devminor: 0, ...e,
    } as TarHeader;
    if (h.type !== 'file') h.size = 0;
    parts.push(encodeHeader(h), body, padding(body.length));
  }
  parts.push(endOfArchive());
  return Buffer.concat(parts);
}

let tmp: string;
let store: Store;

/** Store an image of uncompressed layer tars (gzipped unless told), return its manifest descriptor. */
async function image(layers: Buffer[], opts: { gzip?: boolean; diffIDs?: string[]; blobs?: Buffer[] } = {}): Promise<Descriptor> {
  const descs: Descriptor[] = [];
  for (let i = 0; i < layers.length; i++) {
    const blob = opts.blobs?.[i] ?? (opts.gzip === false ? layers[i]! : gzipSync(layers[i]!));
    descs.push(await store.pushBytes(blob, opts.gzip === false ? MediaType.Layer : MediaType.LayerGzip));
  }
  const config = await store.pushJSON(
    { architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: opts.diffIDs ?? layers.map((l) => sha256(l)) } },
    MediaType.ImageConfig,
  );
  return store.pushJSON({ schemaVersion: 2, mediaType: MediaType.ImageManifest, config, layers: descs }, MediaType.ImageManifest);
}

/** The case-insensitive mount (where /dev/fuse exists): see harness/casefold-mount.ts. */
let casefold: CaseFoldMount | undefined;

beforeAll(async () => {
  tmp = await tempDir('oci-unpack-');
  store = await Store.open(join(tmp, 'store'));
  if (fuseAvailable) casefold = await mountCaseFold();
});
afterAll(async () => {
  await casefold?.close();
  await cleanup(tmp);
});

/**
 * Where hostile layers are unpacked: the temp directory's file system, and a real
 * case-insensitive, normalising one (what macOS and Windows runners have) where FUSE can
 * mount. Without /dev/fuse that second run cannot exist: it is skipped, loudly.
 */
const fileSystems: Array<[string, () => string]> = [['the temp file system', () => tmpdir()]];
if (fuseAvailable) fileSystems.push(['a case-insensitive, normalising mount', () => casefold!.dir]);
else console.warn('/dev/fuse is absent: the hostile-layer suite runs on the temp file system only, not on a case-insensitive mount');

describe.each(fileSystems)('hostile layers on %s', (_fs, fsBase) => {
  // Each case: layers (tars, or a function building the image), the expected code.
  type Case = [string, Array<Array<E | Buffer>>, string, { gzip?: boolean; corruptDiffID?: boolean; truncate?: boolean; corruptBlob?: boolean }?];
  const cases: Case[] = [
    ['parent traversal', [[{ name: '../escape', body: 'x' }]], 'UNSAFE_ENTRY'],
    ['traversal inside a name', [[{ name: 'a/../../escape', body: 'x' }]], 'UNSAFE_ENTRY'],
    ['traversal after a leading /', [[{ name: '/../escape', body: 'x' }]], 'UNSAFE_ENTRY'],
    ['a file through an absolute symlink', [[{ name: 'ln', type: 'symlink', linkname: '@OUTSIDE@' }, { name: 'ln/pwn', body: 'x' }]], 'UNSAFE_ENTRY'],
    ['a file through a relative symlink', [[{ name: 'ln', type: 'symlink', linkname: '../outside' }, { name: 'ln/pwn', body: 'x' }]], 'UNSAFE_ENTRY'],
    ['a hard link out of the root', [[{ name: 'h', type: 'link', linkname: '../outside/secret' }]], 'UNSAFE_ENTRY'],
    ['a hard link to an absolute path', [[{ name: 'h', type: 'link', linkname: '@OUTSIDE@/secret' }]], 'UNSAFE_ENTRY'],
    ['a hard link through a symlink', [[{ name: 'ln', type: 'symlink', linkname: '@OUTSIDE@' }, { name: 'h', type: 'link', linkname: 'ln/secret' }]], 'UNSAFE_ENTRY'],
    ['a symlink planted by an earlier layer', [[{ name: 'ln', type: 'symlink', linkname: '@OUTSIDE@' }], [{ name: 'ln/pwn', body: 'x' }]], 'UNSAFE_ENTRY'],
    ['a symlink replacing a directory mid-layer', [[{ name: 'd', type: 'directory' }, { name: 'd', type: 'symlink', linkname: '@OUTSIDE@' }, { name: 'd/pwn', body: 'x' }]], 'UNSAFE_ENTRY'],
    ['a whiteout through a symlink', [[{ name: 'ln', type: 'symlink', linkname: '@OUTSIDE@' }], [{ name: 'ln/.wh.secret' }]], 'UNSAFE_ENTRY'],
    ['an opaque whiteout through a symlink', [[{ name: 'ln', type: 'symlink', linkname: '@OUTSIDE@' }], [{ name: 'ln/.wh..wh..opq' }]], 'UNSAFE_ENTRY'],
    ['a bare .wh.', [[{ name: '.wh.' }]], 'UNSAFE_ENTRY'],
    ['a whiteout of ..', [[{ name: 'sub/.wh...' }]], 'UNSAFE_ENTRY'],
    ['a whiteout of . at the root', [[{ name: '.wh..' }]], 'UNSAFE_ENTRY'],
    ['a malformed size field', [[rawHeader({ name: 'a', size: '99999999999x' })]], 'INVALID_LAYER'],
    ['a huge PAX header', [[rawHeader({ name: 'p', typeflag: 'x', size: 0o77777777777 })]], 'INVALID_LAYER'],
    ['a huge PAX path', [[paxHeader('a', { path: 'p/'.repeat(20000) }, 0), rawHeader({ name: 'a' })]], 'INVALID_LAYER'],
    ['a bad header checksum', [[rawHeader({ name: 'a', checksum: '1234567' })]], 'INVALID_LAYER'],
    ['a truncated gzip stream', [[{ name: 'big', body: 'x'.repeat(100000) }]], 'INVALID_LAYER', { truncate: true }],
    ['a diffID mismatch', [[{ name: 'a', body: 'x' }]], 'DIGEST_MISMATCH', { corruptDiffID: true }],
    ['a corrupted blob (digest mismatch)', [[{ name: 'a', body: 'hello' }]], 'DIGEST_MISMATCH', { corruptBlob: true }],
  ];

  test.each(cases)('%s → %s, nothing written outside the target', async (_label, layerSpecs, code, opts = {}) => {
    const root = await mkdtemp(join(fsBase(), 'oci-hostile-'));
    try {
      const outside = join(root, 'outside');
      await makeTree(outside, { secret: { file: 'secret' } });
      const layers = layerSpecs.map((entries) =>
        tarOf(entries.map((e) => (Buffer.isBuffer(e) || e.linkname === undefined ? e : { ...e, linkname: e.linkname.replace('@OUTSIDE@', outside) }))),
      );
      let blobs: Buffer[] | undefined;
      if (opts.truncate) blobs = layers.map((l) => gzipSync(l).subarray(0, 60));
      const desc = await image(layers, {
        ...(blobs ? { blobs } : {}),
        ...(opts.corruptDiffID ? { diffIDs: layers.map(() => sha256('other')) } : {}),
      });
      if (opts.corruptBlob) {
        const m = JSON.parse((await store.blobs.get(desc.digest)).toString()) as { layers: Descriptor[] };
        const file = join(tmp, 'store/blobs/sha256', m.layers[0]!.digest.slice(7));
        await chmod(file, 0o644);
        // From the good bytes (the suite runs twice against one store): the gzip trailer, still decodes, wrong digest.
        const bytes = gzipSync(layers[0]!);
        bytes[bytes.length - 5] ^= 0xff;
        await writeFile(file, bytes);
      }
      const before = await walk(root);
      const target = join(root, 'target');
      let err: unknown;
      try {
        await unpackManifest(store, desc, target, { logger: captureLogger(), devices: 'skip' });
      } catch (e) {
        err = e;
      }
      expect(isOciError(err)).toBe(true);
      expect((err as { code: string }).code).toBe(code);
      if (code === 'UNSAFE_ENTRY') expect((err as Error).message).toMatch(/refused layer entry "/);
      // Nothing outside the target changed, and the never-existing target was not left half-made.
      expect(await walk(root)).toEqual(before);
      expect(await readdir(root)).toEqual(['outside']);
    } finally {
      await cleanup(root);
    }
  });

  test('a leading / is the target (as GNU tar and containerd read it): / is the target itself, /abs/x lands at abs/x, nothing outside changes', async () => {
    const { err, root } = await contained(fsBase(), [
      [
        { name: '/', type: 'directory', mode: 0o700 },
        { name: '/abs/', type: 'directory' },
        { name: '/abs/escape', body: 'inside' },
        { name: '//abs//twice', body: 'twice' },
        { name: '/h', type: 'link', linkname: '/abs/escape' },
        { name: '/abs/ln', type: 'symlink', linkname: '@OUTSIDE@' },
      ],
    ]);
    try {
      expect(err).toBeUndefined();
      const t = await walk(join(root, 'target'));
      expect(Object.keys(t).sort()).toEqual(['abs', 'abs/escape', 'abs/ln', 'abs/twice', 'h']);
      expect(await readFile(join(root, 'target/abs/escape'), 'utf8')).toBe('inside');
      expect(await readFile(join(root, 'target/abs/twice'), 'utf8')).toBe('twice');
      expect(t['h']!.nlink).toBe(2);
      // `/` is the target itself, whose mode stays the user's (0755 for a new target), not the entry's 0700.
      expect((await lstat(join(root, 'target'))).mode & 0o777).toBe(0o755);
      expect((await readdir(root)).sort()).toEqual(['outside', 'target']);
    } finally {
      await cleanup(root);
    }
  });

  test('the body of an entry that writes no file (a whiteout, "/") is skipped, and the entries after it apply', async () => {
    const { err, root } = await contained(fsBase(), [
      [{ name: 'keep', body: 'k' }],
      [{ name: '.wh.gone', body: 'junk in a whiteout' }, { name: '/', body: 'junk in the root entry' }, { name: 'after', body: 'after' }],
    ]);
    try {
      expect(err).toBeUndefined();
      expect(Object.keys(await walk(join(root, 'target'))).sort()).toEqual(['after', 'keep']);
      expect(await readFile(join(root, 'target/after'), 'utf8')).toBe('after');
    } finally {
      await cleanup(root);
    }
  });

  test('a file replacing a symlink replaces the link and never writes through it', async () => {
    const root = await mkdtemp(join(fsBase(), 'oci-hostile-'));
    try {
      const outside = join(root, 'outside');
      await makeTree(outside, { secret: { file: 'secret' } });
      const desc = await image([tarOf([{ name: 'ln', type: 'symlink', linkname: join(outside, 'secret') }, { name: 'ln', body: 'mine' }])]);
      await unpackManifest(store, desc, join(root, 'target'), { logger: captureLogger() });
      expect(await readFile(join(outside, 'secret'), 'utf8')).toBe('secret');
      expect((await walk(join(root, 'target'))).ln).toMatchObject({ type: 'file' });
    } finally {
      await cleanup(root);
    }
  });

  test('device nodes and FIFOs are skipped with a warning when not creating them', async () => {
    const root = await mkdtemp(join(fsBase(), 'oci-hostile-'));
    try {
      const desc = await image([tarOf([{ name: 'dev/null', type: 'chardev', devmajor: 1, devminor: 3 }, { name: 'fifo', type: 'fifo' }, { name: 'ok', body: 'ok' }])]);
      const logger = captureLogger();
      const r = await unpackManifest(store, desc, join(root, 'target'), { logger, devices: 'skip' });
      expect(r.skipped).toBe(2);
      expect(logger.warnings.join('\n')).toMatch(/skipping chardev dev\/null/);
      expect(Object.keys(await walk(join(root, 'target'))).sort()).toEqual(['dev', 'ok']);
    } finally {
      await cleanup(root);
    }
  });
});

describe('layer semantics', () => {
  const lower = tarOf([
    { name: 'etc/', type: 'directory' },
    { name: 'etc/a', body: 'a' },
    { name: 'etc/b', body: 'b' },
    { name: 'opq/', type: 'directory' },
    { name: 'opq/old', body: 'old' },
    { name: 'opq/sub/', type: 'directory' },
    { name: 'opq/sub/deep', body: 'deep' },
    { name: 'file-then-dir', body: 'f' },
    { name: 'dir-then-file/', type: 'directory' },
    { name: 'dir-then-file/x', body: 'x' },
    { name: 'bin/', type: 'directory', mode: 0o755 },
    { name: 'bin/tool', body: '#!', mode: 0o755 },
    { name: 'bin/hard', type: 'link', linkname: 'bin/tool' },
    { name: 'ro/', type: 'directory', mode: 0o555 },
    { name: 'ro/f', body: 'r', mode: 0o444 },
  ]);
  const upper = tarOf([
    { name: 'etc/.wh.b' },
    { name: 'opq/.wh..wh..opq' },
    { name: 'opq/new', body: 'new' },
    { name: 'file-then-dir/', type: 'directory' },
    { name: 'dir-then-file', body: 'now a file' },
    { name: 'etc/a', body: 'a2' },
    { name: 'etc/', type: 'directory', mode: 0o750 },
  ]);

  test('whiteouts, opaque dirs, replacement and dir-over-dir equal umoci\'s own unpack', async () => {
    const desc = await image([lower, upper]);
    await store.tag(desc, 'semantics');
    const ours = join(tmp, 'sem-ours');
    await unpackManifest(store, desc, ours, { logger: captureLogger() });
    const bundle = join(tmp, 'sem-umoci');
    await sh('umoci', ['unpack', '--rootless', '--image', `${join(tmp, 'store')}:semantics`, bundle]);
    const t = await walk(ours);
    expect(t).toEqual(await walk(join(bundle, 'rootfs')));
    expect(t['etc/b']).toBeUndefined();
    expect(t['etc']!.mode).toBe('750');
    expect(Object.keys(t).filter((k) => k.startsWith('opq/'))).toEqual(['opq/new']);
    expect(t['file-then-dir']!.type).toBe('dir');
    expect(t['dir-then-file']!.type).toBe('file');
    expect(t['bin/hard']!.nlink).toBe(2);
    expect(t['ro']!.mode).toBe('555');
  });

  test('unpacking into an existing directory with overwrite replaces only what the image holds', async () => {
    const desc = await image([lower]);
    const target = join(tmp, 'existing');
    await makeTree(target, { 'mine.txt': { file: 'keep me' }, 'etc/a': { file: 'old a' }, 'etc/local': { file: 'local' } });
    await unpackManifest(store, desc, target, { logger: captureLogger(), overwrite: true });
    const t = await walk(target);
    expect(await readFile(join(target, 'mine.txt'), 'utf8')).toBe('keep me');
    expect(await readFile(join(target, 'etc/a'), 'utf8')).toBe('a');
    expect(t['etc/local']).toBeDefined();
  });

  test('a failure in an existing directory says the tree may be partial', async () => {
    const desc = await image([tarOf([{ name: 'ok', body: 'ok' }, { name: '../bad', body: 'x' }])]);
    const target = join(tmp, 'existing-partial');
    await makeTree(target, { keep: { file: 'k' } });
    await expect(unpackManifest(store, desc, target, { logger: captureLogger() })).rejects.toMatchObject({
      code: 'UNSAFE_ENTRY',
      message: expect.stringContaining('partly unpacked'),
    });
  });

  test('uncompressed and zstd layers and Docker media types unpack', async () => {
    const tar = tarOf([{ name: 'z', body: 'zstd!' }]);
    const { zstdCompressSync } = await import('node:zlib');
    const zblob = zstdCompressSync(tar);
    const layers: Descriptor[] = [
      await store.pushBytes(zblob, MediaType.LayerZstd),
      await store.pushBytes(tarOf([{ name: 'n', body: 'none' }]), MediaType.DockerLayer),
      await store.pushBytes(gzipSync(tarOf([{ name: 'g', body: 'gz' }])), MediaType.DockerLayerGzip),
    ];
    const diffs = [sha256(tar), sha256(tarOf([{ name: 'n', body: 'none' }])), sha256(tarOf([{ name: 'g', body: 'gz' }]))];
    const config = await store.pushJSON({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: diffs } }, MediaType.DockerConfig);
    const desc = await store.pushJSON({ schemaVersion: 2, mediaType: MediaType.DockerManifest, config, layers }, MediaType.DockerManifest);
    const out = join(tmp, 'mixed');
    await unpackManifest(store, desc, out, { logger: captureLogger() });
    expect([await readFile(join(out, 'z'), 'utf8'), await readFile(join(out, 'n'), 'utf8'), await readFile(join(out, 'g'), 'utf8')]).toEqual(['zstd!', 'none', 'gz']);
  });
});

/** Unpack into a fresh directory under `base`; the error (if any) and what changed outside. */
async function contained(base: string, layers: Array<Array<E | Buffer>>, options: Partial<Parameters<typeof unpackManifest>[3]> = {}): Promise<{ err: unknown; root: string; outside: string }> {
  const root = await mkdtemp(join(base, 'oci-safety-'));
  const outside = join(root, 'outside');
  await makeTree(outside, { secret: { file: 'secret' }, 'dir/keep': { file: 'keep' } });
  const desc = await image(layers.map((entries) => tarOf(entries.map((e) => (Buffer.isBuffer(e) || e.linkname === undefined ? e : { ...e, linkname: e.linkname.replace('@OUTSIDE@', outside) })))));
  const before = await walk(outside);
  const times = (await lstat(outside)).mtimeMs;
  let err: unknown;
  try {
    await unpackManifest(store, desc, join(root, 'target'), { logger: captureLogger(), ...options });
  } catch (e) {
    err = e;
  }
  expect(await walk(outside)).toEqual(before);
  expect((await lstat(outside)).mtimeMs).toBe(times);
  expect((await lstat(outside)).mode & 0o7777).toBe(0o755);
  return { err, root, outside };
}

const NFC = '\u00e9'; // é, precomposed
const NFD = 'e\u0301'; // é, decomposed

(fuseAvailable ? describe : describe.skip)('case-insensitive and normalising file systems (a real FUSE mount): 0 writes outside the target', () => {
  test('case: dir a, symlink A -> outside, file a/x is refused (the symlink that replaced a is never trusted as the directory a)', async () => {
    const { err } = await contained(casefold!.dir, [[{ name: 'a', type: 'directory' }, { name: 'A', type: 'symlink', linkname: '@OUTSIDE@' }, { name: 'a/x', body: 'pwned' }]]);
    expect(err).toMatchObject({ code: 'UNSAFE_ENTRY', message: expect.stringContaining('"a/x"') });
  });

  test('NFC/NFD: dir é (NFC), symlink é (NFD) -> outside, file é (NFC)/x is refused', async () => {
    const { err } = await contained(casefold!.dir, [[{ name: NFC, type: 'directory' }, { name: NFD, type: 'symlink', linkname: '@OUTSIDE@' }, { name: `${NFC}/x`, body: 'pwned' }]]);
    expect(err).toMatchObject({ code: 'UNSAFE_ENTRY' });
  });

  test('case, across layers: dir a, then symlink A -> outside, then file a/x is refused', async () => {
    const { err } = await contained(casefold!.dir, [[{ name: 'a', type: 'directory' }], [{ name: 'A', type: 'symlink', linkname: '@OUTSIDE@' }], [{ name: 'a/x', body: 'pwned' }]]);
    expect(err).toMatchObject({ code: 'UNSAFE_ENTRY' });
  });

  test('hard links: dir a, symlink A -> outside, hard link h -> a/secret is refused (no outside file linked in)', async () => {
    const { err } = await contained(casefold!.dir, [[{ name: 'a', type: 'directory' }, { name: 'A', type: 'symlink', linkname: '@OUTSIDE@' }, { name: 'h', type: 'link', linkname: 'a/secret' }]]);
    expect(err).toMatchObject({ code: 'UNSAFE_ENTRY' });
  });

  test("finish() never chmods or utimes through a swapped symlink: dir a (0700), symlink A -> outside", async () => {
    const { err, root } = await contained(casefold!.dir, [[{ name: 'a/', type: 'directory', mode: 0o700, mtime: 12345 }, { name: 'A', type: 'symlink', linkname: '@OUTSIDE@' }]]);
    expect(err).toBeUndefined();
    expect((await lstat(join(root, 'target', 'a'))).isSymbolicLink()).toBe(true);
  });

  test('finish() never chmods through a swapped parent: dir a/d (0700), symlink A -> outside (which has a dir d)', async () => {
    const { err } = await contained(casefold!.dir, [[{ name: 'a/', type: 'directory' }, { name: 'a/dir/', type: 'directory', mode: 0o700, mtime: 5 }, { name: 'A', type: 'symlink', linkname: '@OUTSIDE@' }]]);
    expect(err).toBeUndefined();
  });
});

describe('unpacking into an existing path never destroys the files that were there', () => {
  async function existing(spec: Parameters<typeof makeTree>[1]): Promise<string> {
    const target = await mkdtemp(join(tmp, 'existing-'));
    await makeTree(target, spec);
    return target;
  }
  const USER = { '.git/config': { file: '[core]' }, 'src/main.c': { file: 'int main;' }, X: { file: 'mine' } } as const;

  test('a root opaque whiteout in the first layer keeps .git and the sources', async () => {
    const target = await existing(USER);
    await unpackManifest(store, await image([tarOf([{ name: '.wh..wh..opq' }, { name: 'app', body: 'app' }])]), target, { logger: captureLogger() });
    expect(await readFile(join(target, '.git/config'), 'utf8')).toBe('[core]');
    expect(await readFile(join(target, 'src/main.c'), 'utf8')).toBe('int main;');
    expect(await readFile(join(target, 'app'), 'utf8')).toBe('app');
  });

  test('.wh.X does not delete a pre-existing X; whiteouts still hide what lower layers of this image put there', async () => {
    const target = await existing(USER);
    const lower = tarOf([{ name: 'src/gen.c', body: 'generated' }, { name: 'y', body: 'y' }]);
    const upper = tarOf([{ name: '.wh.X' }, { name: '.wh.y' }, { name: 'src/.wh..wh..opq' }, { name: '.wh..git' }]);
    await unpackManifest(store, await image([lower, upper]), target, { logger: captureLogger() });
    expect(Object.keys(await walk(target)).sort()).toEqual(['.git', '.git/config', 'X', 'src', 'src/main.c']);
  });

  test('an entry that would replace a file that was in path is ALREADY_EXISTS naming it (the file kept), unless overwrite', async () => {
    const target = await existing(USER);
    const desc = await image([tarOf([{ name: 'new', body: 'n' }, { name: 'src/main.c', body: 'theirs' }])]);
    await expect(unpackManifest(store, desc, target, { logger: captureLogger() })).rejects.toMatchObject({
      code: 'ALREADY_EXISTS',
      input: 'path',
      message: expect.stringContaining('"src/main.c" would replace a file that was in path before the unpack'),
      hint: expect.stringContaining('overwrite'),
    });
    // The advice must not be to remove path: it holds the user's files.
    await expect(unpackManifest(store, desc, target, { logger: captureLogger() })).rejects.toMatchObject({ hint: expect.not.stringContaining(`remove ${target}`) });
    expect(await readFile(join(target, 'src/main.c'), 'utf8')).toBe('int main;');
    await unpackManifest(store, desc, target, { logger: captureLogger(), overwrite: true });
    expect(await readFile(join(target, 'src/main.c'), 'utf8')).toBe('theirs');
  });

  test('overwrite never replaces a directory of the user\'s by a file, and a user\'s directory keeps its mode', async () => {
    const target = await existing({ ...USER, 'keepmode/': { dir: true, mode: 0o750 } });
    await expect(unpackManifest(store, await image([tarOf([{ name: 'src', body: 'file now' }])]), target, { logger: captureLogger(), overwrite: true })).rejects.toMatchObject({
      code: 'ALREADY_EXISTS',
    });
    expect(await readFile(join(target, 'src/main.c'), 'utf8')).toBe('int main;');
    await unpackManifest(store, await image([tarOf([{ name: 'keepmode/', type: 'directory', mode: 0o700 }, { name: 'keepmode/f', body: 'f' }])]), target, { logger: captureLogger() });
    expect((await lstat(join(target, 'keepmode'))).mode & 0o777).toBe(0o750);
  });
});

describe('whiteouts in the same layer hide lower layers only (as umoci)', () => {
  const lower = tarOf([{ name: 'd/', type: 'directory' }, { name: 'd/old', body: 'old' }, { name: 'd/sub/', type: 'directory' }, { name: 'd/sub/old', body: 'old' }, { name: 'e/', type: 'directory' }, { name: 'e/sub/', type: 'directory' }, { name: 'e/sub/old', body: 'old' }, { name: 'e/keep', body: 'k' }]);
  const upper = tarOf([{ name: 'd/new', body: 'new' }, { name: '.wh.d' }, { name: 'e/sub/new', body: 'new' }, { name: 'e/.wh..wh..opq' }]);

  test("d/new then .wh.d, and e/sub/new then e/.wh..wh..opq keep this layer's new files; the tree equals umoci's", async () => {
    const desc = await image([lower, upper]);
    await store.tag(desc, 'same-layer-whiteouts');
    const ours = join(tmp, 'same-layer-ours');
    await unpackManifest(store, desc, ours, { logger: captureLogger() });
    const bundle = join(tmp, 'same-layer-umoci');
    await sh('umoci', ['unpack', '--rootless', '--image', `${join(tmp, 'store')}:same-layer-whiteouts`, bundle]);
    const t = await walk(ours);
    expect(Object.keys(t).sort()).toEqual(['d', 'd/new', 'e', 'e/sub', 'e/sub/new']);
    expect(t).toEqual(await walk(join(bundle, 'rootfs')));
  });
});

describe('names that are not UTF-8', () => {
  const E9 = Buffer.from('caf\xe9', 'latin1');
  const E8 = Buffer.from('caf\xe8', 'latin1');

  test('caf\\xe9 and caf\\xe8 stay two files on unpack, as umoci keeps them', async () => {
    const desc = await image([tarOf([{ name: decodeName(E9), body: 'e9' }, { name: decodeName(E8), body: 'e8' }, { name: `dir-${decodeName(E9)}/`, type: 'directory' }, { name: `dir-${decodeName(E9)}/f`, body: 'f' }, { name: 'ln', type: 'symlink', linkname: decodeName(E8) }])]);
    await store.tag(desc, 'latin1');
    const out = join(tmp, 'latin1-ours');
    await unpackManifest(store, desc, out, { logger: captureLogger() });
    const names = (dir: string): string[] => readdirSync(dir, { encoding: 'buffer' }).map((n) => n.toString('hex')).sort();
    expect(names(out)).toEqual([E9, E8, Buffer.concat([Buffer.from('dir-'), E9]), Buffer.from('ln')].map((n) => n.toString('hex')).sort());
    expect(readFileSync(Buffer.concat([Buffer.from(out + '/'), E9]), 'utf8')).toBe('e9');
    expect(readFileSync(Buffer.concat([Buffer.from(out + '/'), E8]), 'utf8')).toBe('e8');
    expect(readlinkSync(join(out, 'ln'), { encoding: 'buffer' }).equals(E8)).toBe(true);
    const bundle = join(tmp, 'latin1-umoci');
    await sh('umoci', ['unpack', '--rootless', '--image', `${join(tmp, 'store')}:latin1`, bundle]);
    expect(names(join(bundle, 'rootfs'))).toEqual(names(out));
  });

  test('a directory with such names ingests (no misleading ENOENT) and unpacks back to the same bytes', async () => {
    const src = join(tmp, 'latin1-src');
    mkdirSync(src);
    writeFileSync(Buffer.concat([Buffer.from(src + '/'), E9]), 'e9');
    writeFileSync(Buffer.concat([Buffer.from(src + '/'), E8]), 'e8');
    mkdirSync(Buffer.concat([Buffer.from(src + '/'), E8, Buffer.from('.d')]));
    writeFileSync(Buffer.concat([Buffer.from(src + '/'), E8, Buffer.from('.d/'), E9]), 'deep');
    symlinkSync(E9, Buffer.concat([Buffer.from(src + '/'), Buffer.from('ln')]));
    const entries = await collectEntries([{ path: src, name: '' }], buildTime({}), captureLogger());
    const layer = await writeLayer(store, entries, 'gzip');
    const config = await store.pushJSON({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [layer.diffID] } }, MediaType.ImageConfig);
    const desc = await store.pushJSON({ schemaVersion: 2, mediaType: MediaType.ImageManifest, config, layers: [layer.descriptor] }, MediaType.ImageManifest);
    const out = join(tmp, 'latin1-roundtrip');
    await unpackManifest(store, desc, out, { logger: captureLogger() });
    expect(readFileSync(Buffer.concat([Buffer.from(out + '/'), E9]), 'utf8')).toBe('e9');
    expect(readFileSync(Buffer.concat([Buffer.from(out + '/'), E8]), 'utf8')).toBe('e8');
    expect(readFileSync(Buffer.concat([Buffer.from(out + '/'), E8, Buffer.from('.d/'), E9]), 'utf8')).toBe('deep');
    expect(readlinkSync(join(out, 'ln'), { encoding: 'buffer' }).equals(E9)).toBe(true);
    // GNU tar lists the same bytes from our layer.
    const listed = await sh('sh', ['-c', `gzip -dc ${join(tmp, 'store/blobs/sha256', layer.descriptor.digest.slice(7))} | tar -t --quoting-style=escape`]);
    expect(listed).toContain('caf\\351');
    expect(listed).toContain('caf\\350');
  });
});

(process.getuid?.() === 0 ? describe : describe.skip)('running as root', () => {
  const setuid = tarOf([
    { name: 'bin/', type: 'directory' },
    { name: 'bin/su', body: '#!', mode: 0o4755, uid: 1000, gid: 1000 },
    { name: 'shared/', type: 'directory', mode: 0o2775, uid: 1000, gid: 1000 },
    { name: 'dev/', type: 'directory' },
    { name: 'dev/null', type: 'chardev', devmajor: 1, devminor: 3, mode: 0o666 },
  ]);

  test('by default a setuid file owned by uid 1000 does not become a root-owned setuid file, and no device nodes are made', async () => {
    const out = join(tmp, 'root-default');
    const logger = captureLogger();
    const r = await unpackManifest(store, await image([setuid]), out, { logger });
    const su = await lstat(join(out, 'bin/su'));
    expect([su.uid, su.mode & 0o7777]).toEqual([0, 0o755]);
    expect((await lstat(join(out, 'shared'))).mode & 0o7777).toBe(0o775);
    expect(r.skipped).toBe(1);
    expect(await readdir(join(out, 'dev'))).toEqual([]);
    expect(logger.warnings.join('\n')).toMatch(/cleared the setuid\/setgid bits of 2 entries.*same-owner/);
  });

  test('sameOwner applies owners, keeps setuid/setgid and creates device nodes (GNU tar --same-owner)', async () => {
    const out = join(tmp, 'root-same-owner');
    const r = await unpackManifest(store, await image([setuid]), out, { logger: captureLogger(), sameOwner: true });
    const su = await lstat(join(out, 'bin/su'));
    expect([su.uid, su.gid, su.mode & 0o7777]).toEqual([1000, 1000, 0o4755]);
    const shared = await lstat(join(out, 'shared'));
    expect([shared.uid, shared.mode & 0o7777]).toEqual([1000, 0o2775]);
    expect(r.skipped).toBe(0);
    expect((await lstat(join(out, 'dev/null'))).isCharacterDevice()).toBe(true);
  });
});

describe('layers made by other tools', () => {
  test('umoci 0.4.7 insert at / (an entry named "/", no padding after the last file, no end-of-archive blocks) unpacks like its source tree', async () => {
    const src = join(tmp, 'umoci-insert-src');
    await makeTree(src, { 'usr/bin/x': { file: 'hi\n', mode: 0o755 }, odd: { file: 'abc' } });
    const layout = join(tmp, 'umoci-insert');
    await sh('umoci', ['init', '--layout', layout]);
    await sh('umoci', ['new', '--image', `${layout}:t`]);
    await sh('umoci', ['insert', '--rootless', '--image', `${layout}:t`, src, '/']);
    const umoci = await Store.open(layout);
    const desc = await umoci.resolve('t');
    const manifest = JSON.parse((await umoci.blobs.get(desc.digest)).toString()) as { layers: Descriptor[] };
    // The layer is what the test is about: an entry named `/`, and a tar that stops right after the last file's bytes.
    const { gunzipSync } = await import('node:zlib');
    const layer = gunzipSync(await umoci.blobs.get(manifest.layers.at(-1)!.digest));
    expect(layer.length % 512).not.toBe(0);
    expect(layer.subarray(-3).toString()).toBe('hi\n');
    expect(layer.subarray(0, 2).toString()).toBe('/\0');
    const out = join(tmp, 'umoci-insert-out');
    await unpackManifest(umoci, desc, out, { logger: captureLogger() });
    expect(withoutNlink(await walk(out))).toEqual(withoutNlink(await walk(src)));
    expect((await lstat(out)).mode & 0o777).toBe(0o755);
  });
});

describe('old tars and raw system errors', () => {
  test('old-style directory entries (typeflag NUL, name ending in "/") unpack as directories', async () => {
    const old = { magic: '\0\0\0\0\0\0', version: '\0\0', typeflag: '\0' };
    const layer = Buffer.concat([rawHeader({ name: 'olddir/', mode: 0o755, ...old }), rawHeader({ name: 'olddir/f', size: 1, ...old }), padding(0), Buffer.from('x'), Buffer.alloc(511), endOfArchive()]);
    const out = join(tmp, 'old-style');
    await unpackManifest(store, await image([layer]), out, { logger: captureLogger() });
    expect((await lstat(join(out, 'olddir'))).isDirectory()).toBe(true);
    expect(await readFile(join(out, 'olddir/f'), 'utf8')).toBe('x');
  });

  test('a NUL in a PAX linkpath is one INVALID_LAYER naming the entry', async () => {
    const layer = Buffer.concat([paxHeader('ln', { linkpath: 'target\0junk' }, 0), rawHeader({ name: 'ln', typeflag: '2' }), endOfArchive()]);
    await expect(unpackManifest(store, await image([layer]), join(tmp, 'nul-link'), { logger: captureLogger() })).rejects.toMatchObject({
      code: 'INVALID_LAYER',
      message: expect.stringContaining('"ln"'),
    });
  });

  test('a hard link onto its own parent is UNSAFE_ENTRY, not a raw ENOENT', async () => {
    const layer = tarOf([{ name: 'a/', type: 'directory' }, { name: 'a/f', body: 'f' }, { name: 'a', type: 'link', linkname: 'a/f' }]);
    await expect(unpackManifest(store, await image([layer]), join(tmp, 'link-parent'), { logger: captureLogger() })).rejects.toMatchObject({
      code: 'UNSAFE_ENTRY',
      message: expect.stringContaining('refused layer entry "a"'),
    });
  });

  test.each([
    ['a 300-byte component', 'd'.repeat(300) + '/x'],
    ['a 4 KB path', 'abcdefgh/'.repeat(460) + 'f'],
  ])('ENAMETOOLONG with %s is one short INVALID_LAYER naming the entry', async (_label, name) => {
    const err = await unpackManifest(store, await image([tarOf([{ name, body: 'x' }])]), join(tmp, `too-long-${name.length}`), { logger: captureLogger() }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ code: 'INVALID_LAYER', message: expect.stringMatching(/too long for this file system/) });
    expect((err as Error).message.length).toBeLessThan(400);
    expect((err as Error).message).toContain(name.slice(0, 40));
  });
});

describe('the overwrite and same-owner inputs', () => {
  test('reach unpack from the inputs (action and CLI share them); a non-boolean is INVALID_INPUT naming the input', async () => {
    const target = await mkdtemp(join(tmp, 'inputs-'));
    await makeTree(target, { f: { file: 'mine' } });
    await store.tag(await image([tarOf([{ name: 'f', body: 'image' }])]), 'inputs:1');
    const raw = { command: 'unpack', store: join(tmp, 'store'), ref: 'inputs:1', path: target };
    const ctx = context(tmp);
    await expect(unpackCommand(parseOptions(raw, { cwd: tmp }), ctx)).rejects.toMatchObject({ code: 'ALREADY_EXISTS', input: 'path' });
    expect(await readFile(join(target, 'f'), 'utf8')).toBe('mine');
    await unpackCommand(parseOptions({ ...raw, overwrite: 'true' }, { cwd: tmp }), ctx);
    expect(await readFile(join(target, 'f'), 'utf8')).toBe('image');
    expect(parseOptions({ ...raw, 'same-owner': 'true' }, { cwd: tmp }).sameOwner).toBe(true);
    expect(() => parseOptions({ ...raw, 'same-owner': 'yes' }, { cwd: tmp })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', input: 'same-owner' }));
  });

  test('same-owner when not running as root is an input error before anything is written', async () => {
    const desc = await image([tarOf([{ name: 'f', body: 'f' }])]);
    const getuid = process.getuid;
    process.getuid = () => 1000; // the boundary faked: this suite runs as root
    try {
      await expect(unpackManifest(store, desc, join(tmp, 'same-owner-user'), { logger: captureLogger(), sameOwner: true })).rejects.toMatchObject({ code: 'INVALID_INPUT', input: 'same-owner' });
    } finally {
      process.getuid = getuid;
    }
    await expect(readdir(join(tmp, 'same-owner-user'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
