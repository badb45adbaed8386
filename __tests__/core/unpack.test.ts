import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { readdir, readFile, writeFile, chmod } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { sha256 } from '../../src/core/digest.js';
import { isOciError } from '../../src/core/errors.js';
import { Store } from '../../src/core/layout.js';
import { encodeHeader, endOfArchive, padding, paxHeader, rawHeader, type TarHeader } from '../../src/core/tar/index.js';
import { MediaType, type Descriptor } from '../../src/core/types/oci.js';
import { unpackManifest } from '../../src/core/unpack.js';
import { captureLogger, cleanup, makeTree, sh, tempDir, walk } from './tree-helpers.js';

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

beforeAll(async () => {
  tmp = await tempDir('oci-unpack-');
  store = await Store.open(join(tmp, 'store'));
});
afterAll(async () => cleanup(tmp));

describe('hostile layers', () => {
  // Each case: layers (tars, or a function building the image), the expected code.
  type Case = [string, Array<Array<E | Buffer>>, string, { gzip?: boolean; corruptDiffID?: boolean; truncate?: boolean; corruptBlob?: boolean }?];
  const cases: Case[] = [
    ['parent traversal', [[{ name: '../escape', body: 'x' }]], 'UNSAFE_ENTRY'],
    ['traversal inside a name', [[{ name: 'a/../../escape', body: 'x' }]], 'UNSAFE_ENTRY'],
    ['an absolute name', [[{ name: '/abs/escape', body: 'x' }]], 'UNSAFE_ENTRY'],
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
    const root = await tempDir('oci-hostile-');
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
        const bytes = await readFile(file);
        bytes[bytes.length - 5] ^= 0xff; // the gzip trailer: still decodes, wrong digest
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

  test('a file replacing a symlink replaces the link and never writes through it', async () => {
    const root = await tempDir('oci-hostile-');
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
    const root = await tempDir('oci-hostile-');
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

  test('unpacking into an existing directory overwrites only what the image holds', async () => {
    const desc = await image([lower]);
    const target = join(tmp, 'existing');
    await makeTree(target, { 'mine.txt': { file: 'keep me' }, 'etc/a': { file: 'old a' }, 'etc/local': { file: 'local' } });
    await unpackManifest(store, desc, target, { logger: captureLogger() });
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
