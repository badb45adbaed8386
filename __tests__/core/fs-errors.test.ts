/**
 * Raw Node file-system errors never reach the user (issue 10, item 8): each becomes one
 * coded line naming the input and a fix, with long paths shortened; a failed write leaves
 * no temp file behind; no store path can hang a command.
 *
 * A full disk and a read-only file system are real: small tmpfs mounts (the tests run as
 * root, as CI does), unmounted in afterAll.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, open, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execute } from '../../src/core/commands/index.js';
import { makeDirectory } from '../../src/core/dirs.js';
import { formatError, fromSystemError, isOciError, OciError } from '../../src/core/errors.js';
import { Store } from '../../src/core/layout.js';
import { silentLogger } from '../../src/core/content.js';
import { unpackManifest } from '../../src/core/unpack.js';
import { built, NODE } from '../harness/build.js';
import { makeImage } from '../harness/images.js';
import { context, options } from './commands/helpers.js';

let base: string;
const mounts: string[] = [];

/** A tmpfs of `size` at a new directory under `base` (root only: the test fails with the reason otherwise). */
function tmpfs(name: string, size: string): string {
  const dir = join(base, name);
  execFileSync('mkdir', ['-p', dir]);
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0755`, 'tmpfs', dir]);
  mounts.push(dir);
  return dir;
}

function remountReadOnly(dir: string): void {
  execFileSync('mount', ['-o', 'remount,ro', dir]);
}

/** Write junk into `dir` until the disk is full. */
async function fill(dir: string): Promise<void> {
  const fh = await open(join(dir, 'filler'), 'w');
  const chunk = Buffer.alloc(64 * 1024, 1);
  try {
    for (;;) await fh.write(chunk);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOSPC') throw e;
  } finally {
    await fh.close();
  }
  // Small writes may still fit in the last partial page: fill those too.
  for (let i = 0; ; i++) {
    try {
      await writeFile(join(dir, `filler-${i}`), Buffer.alloc(4096, 1));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOSPC') break;
      throw e;
    }
  }
}

async function rejection(p: Promise<unknown>): Promise<OciError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof OciError) return e;
    throw new Error(`expected a coded OciError, got: ${String((e as Error)?.stack ?? e)}`);
  }
  throw new Error('expected a rejection');
}

/** Every file under `dir` whose name marks it as temporary. */
async function temps(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (/\.tmp$|^put-|\.stale-/.test(e.name)) out.push(join(e.parentPath, e.name));
  }
  const ingest = join(dir, 'ingest');
  out.push(...(await readdir(ingest).catch(() => [] as string[])).map((n) => join(ingest, n)));
  return out;
}

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'oci-fs-errors-'));
});
afterAll(async () => {
  for (const m of mounts.reverse()) {
    try {
      execFileSync('umount', ['-l', m]);
    } catch {
      /* already gone */
    }
  }
  await rm(base, { recursive: true, force: true });
});

describe('a full disk (ENOSPC)', () => {
  test('tag on a full disk: NO_SPACE naming the store and a fix; index.json as it was; no index.json.lock.*.tmp or other temp left', async () => {
    const disk = tmpfs('full-tag', '1m');
    const root = join(disk, 'store');
    const store = await Store.open(root);
    await makeImage(store, { tag: 'app:1' });
    const indexBefore = await readFile(join(root, 'index.json'), 'utf8');
    await fill(disk);

    const e = await rejection(execute(options({ command: 'tag', ref: 'app:1', tags: 'app:2', store: root }), context()));
    expect(e.code).toBe('NO_SPACE');
    expect(e.input).toBe('store');
    const line = formatError(e);
    expect(line).toMatch(/^store: no space left on the device: cannot .*index\.json/);
    expect(line).toMatch(/free disk space/);
    expect(line.split('\n')).toHaveLength(1);
    expect(await readFile(join(root, 'index.json'), 'utf8')).toBe(indexBefore);
    expect(await temps(root)).toEqual([]);
  });

  test('ingest on a full disk: NO_SPACE naming the store; the partial layer and its ingest are removed', async () => {
    const disk = tmpfs('full-ingest', '2m');
    const root = join(disk, 'store');
    await Store.open(root);
    const src = join(base, 'src-ingest');
    await mkdir(src, { recursive: true });
    await writeFile(join(src, 'big.bin'), randomBytes(3 * 1024 * 1024)); // cannot fit
    const e = await rejection(execute(options({ command: 'ingest', layers: `${src}:/data`, tags: 'big:1', store: root, compression: 'none' }), context()));
    expect(e.code).toBe('NO_SPACE');
    expect(e.input).toBe('store');
    expect(formatError(e)).toMatch(/point store at a larger disk/);
    expect(await temps(root)).toEqual([]);
    expect(await readdir(join(root, 'blobs', 'sha256'))).toEqual([]);
  });
});

describe('a read-only file system (EROFS)', () => {
  test('a new store on a read-only mount is READ_ONLY, not reported as a missing directory (ENOENT)', async () => {
    const disk = tmpfs('ro-new', '1m');
    remountReadOnly(disk);
    const root = join(disk, 'deep', 'store');
    const e = await rejection(execute(options({ command: 'gc', store: root }), context()));
    expect(e.code).toBe('READ_ONLY');
    expect(e.input).toBe('store');
    const line = formatError(e);
    expect(line).not.toMatch(/ENOENT|does not exist/);
    expect(line).toMatch(/read-only/);
    expect(line).toMatch(/writable directory/);
  });

  test('tag in a store whose disk became read-only is READ_ONLY and changes nothing', async () => {
    const disk = tmpfs('ro-existing', '1m');
    const root = join(disk, 'store');
    const store = await Store.open(root);
    await makeImage(store, { tag: 'app:1' });
    const before = await readFile(join(root, 'index.json'), 'utf8');
    remountReadOnly(disk);
    const e = await rejection(execute(options({ command: 'tag', ref: 'app:1', tags: 'app:2', store: root }), context()));
    expect(e.code).toBe('READ_ONLY');
    expect(e.input).toBe('store');
    expect(await readFile(join(root, 'index.json'), 'utf8')).toBe(before);
  });
});

describe('a path too long for the file system (ENAMETOOLONG)', () => {
  test('a 4 KB store path gives one short line naming the store, not the 4 KB path', async () => {
    const root = join(base, ...Array.from({ length: 22 }, (_, i) => `${i}`.padEnd(200, 'x')));
    expect(root.length).toBeGreaterThan(4096); // PATH_MAX
    const e = await rejection(execute(options({ command: 'gc', store: root }), context()));
    expect(e.code).toBe('NAME_TOO_LONG');
    expect(e.input).toBe('store');
    const line = formatError(e);
    expect(line.length).toBeLessThan(400);
    expect(line).toMatch(/^store: a path of \d{4} characters is too long/);
    expect(line).toMatch(/…/);
    expect(line).toMatch(/shorter store/);
  });
});

describe('one translator for every system error', () => {
  /** A system error as Node raises it (EACCES and EMFILE cannot be provoked as root, nor portably). */
  function errno(code: string, syscall: string, path?: string): NodeJS.ErrnoException {
    const e = new Error(`${code}: ${syscall}${path ? ` '${path}'` : ''}`) as NodeJS.ErrnoException;
    e.code = code;
    e.errno = -1;
    e.syscall = syscall;
    if (path !== undefined) e.path = path;
    return e;
  }
  const places = { places: [{ input: 'store', path: '/srv/store' }, { input: 'path', path: '/work/out' }], input: 'store' };

  test.each([
    ['EACCES', 'open', '/srv/store/index.json', 'PERMISSION_DENIED', 'store', /permission denied: cannot open \/srv\/store\/index\.json\. give this user/],
    ['EPERM', 'unlink', '/work/out/x', 'PERMISSION_DENIED', 'path', /cannot remove \/work\/out\/x/],
    ['EMFILE', 'open', '/work/out/a/b', 'TOO_MANY_OPEN_FILES', 'path', /ulimit -n/],
    ['ENOSPC', 'write', undefined, 'NO_SPACE', 'store', /no space left on the device: cannot write in \/srv\/store/],
    ['EROFS', 'mkdir', '/srv/store/ingest', 'READ_ONLY', 'store', /read-only/],
    ['ENOTDIR', 'mkdir', '/work/out/f/g', 'FILE_SYSTEM', 'path', /a part of the path is a file/],
    ['EIO', 'read', '/srv/store/blobs/sha256/ab', 'FILE_SYSTEM', 'store', /input\/output error.*check it and retry/],
    ['ENAMETOOLONG', 'open', `/srv/store/${'n'.repeat(5000)}`, 'NAME_TOO_LONG', 'store', /a path of 5011 characters/],
  ])('%s on %s becomes one coded line', (code, syscall, path, expectedCode, input, text) => {
    const e = fromSystemError(errno(code, syscall, path), places);
    expect(isOciError(e)).toBe(true);
    const o = e as OciError;
    expect([o.code, o.input]).toEqual([expectedCode, input]);
    expect(o.hint).toBeTruthy();
    const line = formatError(o);
    expect(line).toMatch(text);
    expect(line).not.toMatch(new RegExp(`^${code}:`));
    expect(line.length).toBeLessThan(400);
    expect(o.cause).toBeInstanceOf(Error);
  });

  test('a raw system error reaching a front end is still printed as one coded line', () => {
    const line = formatError(errno('ENOSPC', 'write'));
    expect(line).toMatch(/^no space left on the device: cannot write\. free disk space/);
  });

  test('other errors are left as they are', () => {
    const coded = new OciError('NOT_FOUND', 'x');
    expect(fromSystemError(coded)).toBe(coded);
    const plain = new Error('boom');
    expect(fromSystemError(plain)).toBe(plain);
    const internal = Object.assign(new Error('premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' });
    expect(fromSystemError(internal)).toBe(internal);
  });
});

describe('no store path hangs a command', () => {
  test('makeDirectory under /proc fails at once with a clear error (Node’s recursive mkdir spins there)', async () => {
    const e = await rejection(makeDirectory(`/proc/oci-store-test-${process.pid}/store`, { input: 'store' }));
    expect(e.code).toBe('INVALID_INPUT');
    expect(formatError(e)).toMatch(/^store: cannot create \/proc\/oci-store-test-\d+: \/proc does not allow new directories/);
  });

  test.each([
    ['/proc', `/proc/oci-store-test/store`, /store: \/proc\/oci-store-test\/store is under \/proc, on a proc pseudo file system/],
    ['/sys', `/sys/oci-store-test/store`, /store: \/sys\/oci-store-test\/store is under \/sys, on a sysfs pseudo file system/],
  ])('the CLI with a store under %s exits 1 with one clear line instead of spinning', async (_fs, store, text) => {
    const cli = built('src/cli.js');
    const child = spawn(NODE, [cli, 'gc', '--store', store], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // A hang is killed well inside the jest timeout, and then the exit code is not 1.
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    clearTimeout(timer);
    expect(code).toBe(1);
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(text);
  });

  test('Store.open under /proc (as a library, no front end) fails instead of spinning', async () => {
    const script = `import { Store } from ${JSON.stringify(built('src/core/layout.js'))};
try { await Store.open('/proc/oci-store-test/lib/store'); process.exit(2); }
catch (e) { process.stdout.write(String(e.code)); process.exit(1); }`;
    const child = spawn(NODE, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    clearTimeout(timer);
    expect([code, stdout]).toEqual([1, 'INVALID_INPUT']);
  });
});

describe('unpack creates its target one level at a time', () => {
  test('unpack with path on a read-only mount is READ_ONLY naming path, not reported as a missing directory (ENOENT)', async () => {
    const root = join(base, 'store-unpack-ro');
    const store = await Store.open(root);
    await makeImage(store, { tag: 'app:1' });
    const disk = tmpfs('ro-unpack', '1m');
    remountReadOnly(disk);
    for (const path of [join(disk, 'deep', 'er', 'out'), join(disk, 'out')]) {
      const e = await rejection(execute(options({ command: 'unpack', ref: 'app:1', store: root, path }), context()));
      expect(e.code).toBe('READ_ONLY');
      expect(e.input).toBe('path');
      const line = formatError(e);
      expect(line).not.toMatch(/ENOENT|does not exist/);
      expect(line).toMatch(/^path: cannot create the directory .*: the file system is read-only/);
      expect(line).toMatch(/point path at a writable directory/);
      expect(line.split('\n')).toHaveLength(1);
    }
    expect(await readdir(disk)).toEqual([]);
  });

  test('unpackManifest (as a library, no front end) into a path under /proc fails at once with INVALID_INPUT naming path instead of spinning', async () => {
    const store = await Store.open(join(base, 'store-unpack-proc'));
    const image = await makeImage(store);
    const target = `/proc/oci-store-test-${process.pid}/out`;
    let timer: NodeJS.Timeout | undefined;
    const hang = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`unpackManifest into ${target} did not return within 20 s`)), 20_000);
    });
    try {
      const e = await rejection(Promise.race([unpackManifest(store, image, target, { logger: silentLogger }), hang]));
      expect(e.code).toBe('INVALID_INPUT');
      expect(e.input).toBe('path');
      expect(formatError(e)).toMatch(/^path: .*\/proc/);
    } finally {
      clearTimeout(timer);
    }
  }, 30_000);
});
