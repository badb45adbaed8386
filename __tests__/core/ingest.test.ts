import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { cp, mkdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execute } from '../../src/core/commands/index.js';
import { isOciError } from '../../src/core/errors.js';
import { Store } from '../../src/core/layout.js';
import { parseOptions, type RawInputs } from '../../src/core/commands/options.js';
import { Annotation, EMPTY_JSON_DESCRIPTOR, MediaType, type ImageConfig, type ImageIndex, type Manifest } from '../../src/core/types/oci.js';
import { cleanup, context, makeTree, sh, tempDir, walk, withoutNlink, type Node } from './tree-helpers.js';

let tmp: string;
let ws: string;

const TREE: Record<string, Node> = {
  'dist/bin/run.sh': { file: '#!/bin/sh\necho hi\n', mode: 0o755 },
  'dist/lib/data.txt': { file: 'data\n' },
  'dist/lib/secret.key': { file: 'k', mode: 0o600 },
  'dist/lib/empty': { dir: true, mode: 0o750 },
  'dist/link': { symlink: 'lib/data.txt' },
  'dist/abs-link': { symlink: '/etc/hostname' },
  'dist/lib/hard': { hardlink: 'dist/lib/data.txt' },
  ['dist/' + 'long/'.repeat(40) + 'ünïcødé.txt']: { file: 'deep' },
};

async function run(raw: RawInputs, env: Record<string, string> = {}, workspace = ws) {
  const ctx = context(workspace, env);
  const options = parseOptions({ store: join(tmp, 'store'), ...raw }, { cwd: workspace });
  return { result: await execute(options, ctx), ctx };
}

beforeAll(async () => {
  tmp = await tempDir('oci-ingest-');
  ws = join(tmp, 'ws');
  await makeTree(ws, TREE);
});
afterAll(async () => cleanup(tmp));

describe('round trip', () => {
  test('ingest then unpack gives back content, modes, symlinks and hard links', async () => {
    const { result } = await run({ command: 'ingest', layers: 'dist:/app', tags: 'rt:1' });
    expect(result.tags).toEqual(['rt:1']);
    expect(result.metadata?.layers).toHaveLength(1);
    const out = join(tmp, 'rt-out');
    await run({ command: 'unpack', ref: 'rt:1', path: out });
    expect(await walk(join(out, 'app'))).toEqual(await walk(join(ws, 'dist')));
  });

  test('zstd and uncompressed layers round-trip too', async () => {
    for (const compression of ['zstd', 'none']) {
      const { result } = await run({ command: 'ingest', layers: 'dist:/app', tags: `rt:${compression}`, compression });
      expect(result.metadata?.layers[0]?.mediaType).toBe(compression === 'zstd' ? MediaType.LayerZstd : MediaType.Layer);
      const out = join(tmp, `rt-${compression}`);
      await run({ command: 'unpack', ref: `rt:${compression}`, path: out });
      expect(await walk(join(out, 'app'))).toEqual(await walk(join(ws, 'dist')));
    }
  });

  test('re-ingesting the same SRC writes no new blob', async () => {
    await run({ command: 'ingest', layers: 'dist:/app', tags: 'again:1' });
    const before = (await sh('ls', [join(tmp, 'store/blobs/sha256')])).split('\n').sort();
    const { result } = await run({ command: 'ingest', layers: 'dist:/app', tags: 'again:2' });
    const after = (await sh('ls', [join(tmp, 'store/blobs/sha256')])).split('\n').sort();
    expect(after).toEqual(before);
    const store = await Store.open(join(tmp, 'store'));
    expect((await store.resolve('again:1')).digest).toBe(result.digest);
  });
});

describe('image config and manifest', () => {
  test('config carries diff_ids, history, created, settings and platform; manifest annotations', async () => {
    const env = { SOURCE_DATE_EPOCH: '1700000000', GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'o/r', GITHUB_SHA: 'abc123' };
    const { result } = await run(
      {
        command: 'ingest',
        layers: 'dist/bin:/usr/local/bin\ndist/lib:/lib',
        tags: 'cfg:1',
        env: 'A=1\nB=two',
        entrypoint: '["/usr/local/bin/run.sh"]',
        cmd: '--help',
        workdir: '/work',
        user: '1000:1000',
        labels: 'org.opencontainers.image.title=x',
        annotations: 'manifest:com.example.k=v',
        platform: 'linux/arm64/v8',
      },
      env,
    );
    const store = await Store.open(join(tmp, 'store'));
    const manifest = await store.readJSON<Manifest>(await store.resolve('cfg:1'));
    expect(manifest.layers).toHaveLength(2);
    expect(manifest.annotations).toEqual({
      [Annotation.Created]: '2023-11-14T22:13:20Z',
      [Annotation.Source]: 'https://github.com/o/r',
      [Annotation.Revision]: 'abc123',
      'com.example.k': 'v',
    });
    const config = await store.readJSON<ImageConfig>(manifest.config);
    expect(config).toMatchObject({
      created: '2023-11-14T22:13:20Z',
      architecture: 'arm64',
      os: 'linux',
      config: { Env: ['A=1', 'B=two'], Entrypoint: ['/usr/local/bin/run.sh'], Cmd: ['--help'], WorkingDir: '/work', User: '1000:1000', Labels: { 'org.opencontainers.image.title': 'x' } },
    });
    expect(config.rootfs.diff_ids).toHaveLength(2);
    expect(config.history?.map((h) => h.created_by)).toEqual(['oci-store ingest dist/bin:/usr/local/bin', 'oci-store ingest dist/lib:/lib']);
    expect(result.metadata?.platform).toBe('linux/arm64');
  });

  test('oci-image-tool validates what ingest writes', async () => {
    const store = join(tmp, 'store-validate');
    await execute(parseOptions({ store, command: 'ingest', layers: 'dist:/app', tags: 'valid' }, { cwd: ws }), context(ws));
    const out = await sh('oci-image-tool', ['validate', '--type', 'image', '--ref', 'name=valid', store]);
    expect(out).toMatch(/Validation succeeded/);
  });
});

describe('layers input', () => {
  test('globs, a file SRC, DEST into a directory, and the default DEST', async () => {
    await run({ command: 'ingest', layers: 'dist/lib/*.txt:/data\ndist/bin/run.sh:/usr/bin/\ndist/lib/secret.key', tags: 'glob:1' });
    const out = join(tmp, 'glob-out');
    await run({ command: 'unpack', ref: 'glob:1', path: out });
    const t = await walk(out);
    expect(Object.keys(t).filter((k) => t[k]!.type !== 'dir').sort()).toEqual(['data/data.txt', 'dist/lib/secret.key', 'usr/bin/run.sh']);
    expect(t['usr/bin/run.sh']!.mode).toBe('755');
  });

  test.each([
    ['a SRC that matches nothing', 'nope:/x', 'INVALID_INPUT'],
    ['a glob that matches nothing', 'dist/*.nothing:/x', 'INVALID_INPUT'],
    ['a SRC outside the workspace', '../outside:/x', 'INVALID_INPUT'],
    ['an absolute SRC outside the workspace', '/etc/hostname:/x', 'INVALID_INPUT'],
  ])('%s is refused with the input named', async (_label, layers, code) => {
    await writeFile(join(tmp, 'outside'), 'x');
    let err: unknown;
    try {
      await run({ command: 'ingest', layers, tags: 'bad:1' });
    } catch (e) {
      err = e;
    }
    expect(isOciError(err, code as 'INVALID_INPUT')).toBe(true);
    expect((err as { input?: string }).input).toBe('layers');
  });

  test('a symlinked SRC pointing outside the workspace is refused', async () => {
    const w = join(tmp, 'ws-escape');
    await makeTree(w, { out: { symlink: '/etc' } });
    await expect(run({ command: 'ingest', layers: 'out:/x', tags: 'esc:1' }, {}, w)).rejects.toMatchObject({ code: 'INVALID_INPUT', input: 'layers' });
  });
});

describe('reproducibility', () => {
  test('copies of a tree in different dirs, at different times, created in another order, give the same digest', async () => {
    const a = join(tmp, 'repro-a');
    const b = join(tmp, 'repro-b');
    await makeTree(join(a, 'src'), TREE);
    // The same tree created in reverse order, with other mtimes.
    const reversed = Object.fromEntries(Object.entries(TREE).reverse().filter(([, n]) => !('hardlink' in n)));
    await makeTree(join(b, 'src'), { ...reversed });
    await makeTree(join(b, 'src'), { 'dist/lib/hard': { hardlink: 'dist/lib/data.txt' } });
    await utimes(join(b, 'src/dist/lib/data.txt'), new Date('2030-01-01'), new Date('2030-01-01'));
    const digest = async (w: string, env: Record<string, string>) =>
      (await run({ command: 'ingest', layers: 'src/dist:/app', tags: 'repro' }, env, w)).result.digest;
    const d1 = await digest(a, {});
    await new Promise((r) => setTimeout(r, 1100));
    const d2 = await digest(b, {});
    expect(d2).toBe(d1);
    // With SOURCE_DATE_EPOCH, mtimes are clamped: still equal, but a different image.
    const s1 = await digest(a, { SOURCE_DATE_EPOCH: '1600000000' });
    const s2 = await digest(b, { SOURCE_DATE_EPOCH: '1600000000' });
    expect(s1).toBe(s2);
    expect(s1).not.toBe(d1);
  });

  test('an absolute SRC is recorded relative to the workspace: two checkouts at different paths give the same config digest', async () => {
    const checkouts = [join(tmp, 'runner-a', 'work', 'repo'), join(tmp, 'elsewhere', 'checkout')];
    const configs: string[] = [];
    for (const w of checkouts) {
      await makeTree(join(w, 'src'), TREE);
      const { result } = await run({ command: 'ingest', layers: `${join(w, 'src', 'dist')}:/app\n${join(w, 'src', 'dist', 'bin')}`, tags: 'abs-src' }, { SOURCE_DATE_EPOCH: '1600000000' }, w);
      const store = await Store.open(join(tmp, 'store'));
      const manifest = await store.readJSON<Manifest>(await store.resolve(result.digest!));
      const config = await store.readJSON<ImageConfig>(manifest.config);
      expect(config.history?.map((h) => h.created_by)).toEqual(['oci-store ingest src/dist:/app', 'oci-store ingest src/dist/bin']);
      configs.push(manifest.config.digest);
    }
    expect(configs[1]).toBe(configs[0]);
  });
});

describe('multi-platform', () => {
  test('one manifest per platform under an index carrying the tags, {os}/{arch} substituted', async () => {
    const w = join(tmp, 'ws-multi');
    await makeTree(w, { 'out/linux-amd64/app': { file: 'amd64', mode: 0o755 }, 'out/linux-arm64/app': { file: 'arm64', mode: 0o755 } });
    const { result } = await run({ command: 'ingest', layers: 'out/{os}-{arch}:/bin', platform: 'linux/amd64,linux/arm64', tags: 'multi:1', annotations: 'index:com.example.i=1' }, {}, w);
    expect(result.metadata?.mediaType).toBe(MediaType.ImageIndex);
    expect(result.metadata?.platform).toEqual(['linux/amd64', 'linux/arm64']);
    const store = await Store.open(join(tmp, 'store'));
    const index = await store.readJSON<ImageIndex>(await store.resolve('multi:1'));
    expect(index.annotations?.['com.example.i']).toBe('1');
    expect(index.manifests.map((m) => m.platform?.architecture)).toEqual(['amd64', 'arm64']);
    const out = join(tmp, 'multi-out');
    await run({ command: 'unpack', ref: 'multi:1', path: out, platform: 'linux/arm64' });
    expect(await readFile(join(out, 'bin/app'), 'utf8')).toBe('arm64');
    await expect(run({ command: 'unpack', ref: 'multi:1', path: join(tmp, 'multi-none'), platform: 'linux/s390x' })).rejects.toMatchObject({
      code: 'PLATFORM_NOT_FOUND',
      hint: expect.stringContaining('linux/amd64, linux/arm64'),
    });
  });
});

describe('base image', () => {
  test('keeps the base layers, appends ours, inherits and extends its config', async () => {
    const w = join(tmp, 'ws-base');
    await makeTree(w, { base: { dir: true }, 'base/etc/os-release': { file: 'base os' }, 'app/main.js': { file: 'main' } });
    await run({ command: 'ingest', layers: 'base:/', tags: 'base:1', env: 'PATH=/usr/bin\nKEEP=1', cmd: 'sh', platform: 'linux/amd64' }, {}, w);
    await run({ command: 'ingest', layers: 'app:/app', base: 'base:1', tags: 'onbase:1', env: 'PATH=/app/bin:/usr/bin', platform: 'linux/amd64' }, {}, w);
    const store = await Store.open(join(tmp, 'store'));
    const baseM = await store.readJSON<Manifest>(await store.resolve('base:1'));
    const m = await store.readJSON<Manifest>(await store.resolve('onbase:1'));
    expect(m.layers.slice(0, 1)).toEqual(baseM.layers);
    expect(m.layers).toHaveLength(2);
    expect(m.annotations?.[Annotation.BaseImageName]).toBe('base:1');
    const c = await store.readJSON<ImageConfig>(m.config);
    expect(c.config?.Env).toEqual(['PATH=/app/bin:/usr/bin', 'KEEP=1']);
    expect(c.config?.Cmd).toEqual(['sh']);
    expect(c.rootfs.diff_ids).toHaveLength(2);
    expect(c.history).toHaveLength(2);
    const out = join(tmp, 'base-out');
    await run({ command: 'unpack', ref: 'onbase:1', path: out, platform: 'linux/amd64' });
    expect(await readFile(join(out, 'etc/os-release'), 'utf8')).toBe('base os');
    expect(await readFile(join(out, 'app/main.js'), 'utf8')).toBe('main');
  });
});

describe('artifacts', () => {
  test('an OCI 1.1 artifact like oras push: empty config, artifactType, titled file and directory layers', async () => {
    const w = join(tmp, 'ws-art');
    await makeTree(w, { 'report.txt': { file: 'report' }, 'site/index.html': { file: '<html>' }, 'site/css/a.css': { file: 'a' } });
    const { result } = await run({ command: 'ingest', layers: 'report.txt\nsite', 'artifact-type': 'application/vnd.example.report.v1', tags: 'art:1' }, {}, w);
    const store = await Store.open(join(tmp, 'store'));
    const m = await store.readJSON<Manifest>(await store.resolve('art:1'));
    expect(m.artifactType).toBe('application/vnd.example.report.v1');
    expect(m.config).toEqual(EMPTY_JSON_DESCRIPTOR);
    expect(await store.exists(EMPTY_JSON_DESCRIPTOR)).toBe(true);
    expect(m.layers.map((l) => [l.mediaType, l.annotations?.[Annotation.Title]])).toEqual([
      [MediaType.Layer, 'report.txt'],
      [MediaType.LayerGzip, 'site'],
    ]);
    expect(m.layers[1]!.annotations?.['io.deis.oras.content.unpack']).toBe('true');
    expect(result.digest).toMatch(/^sha256:/);
    const out = join(tmp, 'art-out');
    await run({ command: 'unpack', ref: 'art:1', path: out });
    expect(withoutNlink(await walk(out))).toEqual(withoutNlink(await walk(w)));
  });
});

describe('umoci interop', () => {
  test('umoci unpack --rootless of our image equals the source tree', async () => {
    await run({ command: 'ingest', layers: 'dist:/app', tags: 'umoci' });
    const bundle = join(tmp, 'umoci-bundle');
    await sh('umoci', ['unpack', '--rootless', '--image', `${join(tmp, 'store')}:umoci`, bundle]);
    expect(await walk(join(bundle, 'rootfs/app'))).toEqual(await walk(join(ws, 'dist')));
  });

  test('umoci unpacks a layer of several gzip members (one per 1 MiB block) to the source tree', async () => {
    await mkdir(join(ws, 'big'), { recursive: true });
    for (let i = 0; i < 3; i++) {
      // Compressible but not trivially: text lines around random bytes, ~1.5 MB per file.
      const parts = Array.from({ length: 1500 }, (_, j) => Buffer.concat([Buffer.from(`file ${i} line ${j}\n`.repeat(20)), randomBytes(700)]));
      await writeFile(join(ws, 'big', `f${i}.bin`), Buffer.concat(parts), { mode: 0o644 });
    }
    const { result } = await run({ command: 'ingest', layers: 'big:/big', tags: 'members' });
    const layer = result.metadata!.layers[0]!;
    const blob = await readFile(join(tmp, 'store', 'blobs', 'sha256', layer.digest.slice('sha256:'.length)));
    let members = 0;
    for (let off = 0; off < blob.length; off += 20 + blob.readUInt32LE(off + 16) + 8) members++;
    expect(members).toBeGreaterThan(3);
    const bundle = join(tmp, 'umoci-members');
    await sh('umoci', ['unpack', '--rootless', '--image', `${join(tmp, 'store')}:members`, bundle]);
    expect(await walk(join(bundle, 'rootfs/big'))).toEqual(await walk(join(ws, 'big')));
    const ours = join(tmp, 'ours-members');
    await run({ command: 'unpack', ref: 'members', path: ours });
    expect(await walk(join(ours, 'big'))).toEqual(await walk(join(ws, 'big')));
  });

  test('our unpack of a multi-layer umoci image with deletions and opaque dirs equals umoci\'s own', async () => {
    const layout = join(tmp, 'umoci-layout');
    const img = `${layout}:img`;
    await sh('umoci', ['init', '--layout', layout]);
    await sh('umoci', ['new', '--image', img]);
    const b = join(tmp, 'umoci-work');
    await sh('umoci', ['unpack', '--rootless', '--image', img, b]);
    const rootfs = join(b, 'rootfs');
    // Layer 1: a tree.
    await makeTree(rootfs, {
      'etc/a.conf': { file: 'a' },
      'etc/b.conf': { file: 'b' },
      'opq/old1': { file: '1' },
      'opq/sub/old2': { file: '2' },
      'keep/x': { file: 'x', mode: 0o755 },
      'gone/y': { file: 'y' },
      'lnk': { symlink: 'keep/x' },
    });
    await sh('umoci', ['repack', '--image', img, b]);
    // A bundle diffs against the image it was unpacked from: unpack again for layer 2.
    await rm(b, { recursive: true });
    await sh('umoci', ['unpack', '--rootless', '--image', img, b]);
    // Layer 2: deletions (whiteouts), a directory replaced wholesale (opaque), a file replaced by a dir.
    await rm(join(rootfs, 'etc/b.conf'));
    await rm(join(rootfs, 'gone'), { recursive: true });
    await rm(join(rootfs, 'opq'), { recursive: true });
    await makeTree(rootfs, { 'opq/new': { file: 'n' }, 'etc/a.conf': { file: 'a2' } });
    await rm(join(rootfs, 'lnk'));
    await mkdir(join(rootfs, 'lnk'));
    await sh('umoci', ['repack', '--image', img, b]);
    const theirs = join(tmp, 'umoci-theirs');
    await sh('umoci', ['unpack', '--rootless', '--image', img, theirs]);

    // Bring the umoci layout's blobs into our store and tag the manifest.
    const store = await Store.open(join(tmp, 'store'));
    const idx = JSON.parse(await readFile(join(layout, 'index.json'), 'utf8')) as ImageIndex;
    const desc = idx.manifests.find((m) => m.annotations?.[Annotation.RefName] === 'img')!;
    await cp(join(layout, 'blobs'), join(tmp, 'store', 'blobs'), { recursive: true, force: false, errorOnExist: false });
    await store.tag({ mediaType: desc.mediaType, digest: desc.digest, size: desc.size }, 'from-umoci');
    const m = await store.readJSON<Manifest>(desc);
    expect(m.layers.length).toBeGreaterThanOrEqual(2);
    const ours = join(tmp, 'umoci-ours');
    await run({ command: 'unpack', ref: 'from-umoci', path: ours });
    const t = await walk(ours);
    expect(t).toEqual(await walk(join(theirs, 'rootfs')));
    expect(t['etc/b.conf']).toBeUndefined();
    expect(Object.keys(t).filter((k) => k.startsWith('opq/'))).toEqual(['opq/new']);
  });
});
