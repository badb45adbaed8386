import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdir, writeFile } from 'node:fs/promises';
import { createReadStream, mkdirSync, readdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import { pbkdf2, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { isOciError } from '../../../src/core/errors.js';
import {
  BLOCK,
  decodeName,
  encodeHeader,
  encodeName,
  endOfArchive,
  packTar,
  paxHeader,
  rawHeader,
  readTar,
  sortEntries,
  TarDecoder,
  withParents,
  writeUstarInto,
  type PackEntry,
  type TarHeader,
} from '../../../src/core/tar/index.js';
import { cleanup, makeTree, sh, tempDir } from '../tree-helpers.js';

async function collect(it: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of it) parts.push(c);
  return Buffer.concat(parts);
}

async function* chunks(buf: Buffer, size = 7): AsyncGenerator<Buffer> {
  for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size);
}

async function entriesOf(tar: Buffer, chunk = 100): Promise<Array<{ h: TarHeader; body: string }>> {
  const out: Array<{ h: TarHeader; body: string }> = [];
  for await (const e of readTar(chunks(tar, chunk))) out.push({ h: e.header, body: (await e.readAll()).toString('utf8') });
  return out;
}

function pad(b: Buffer): Buffer {
  return Buffer.concat([b, Buffer.alloc((BLOCK - (b.length % BLOCK)) % BLOCK)]);
}

let dir: string;
beforeAll(async () => {
  dir = await tempDir();
});
afterAll(async () => cleanup(dir));

const LONG = 'd'.repeat(120) + '/' + 'f'.repeat(120);
const UNICODE = 'dir/ünïcødé-名前.txt';

describe('writer', () => {
  const entries: PackEntry[] = sortEntries(
    withParents(
      [
        { name: 'b/run.sh', type: 'file', mode: 0o755, mtime: 0, data: Buffer.from('#!/bin/sh\n') },
        { name: 'a.txt', type: 'file', mode: 0o644, mtime: 0, data: Buffer.from('hello') },
        { name: LONG, type: 'file', mode: 0o600, mtime: 0, data: Buffer.from('long') },
        { name: UNICODE, type: 'file', mode: 0o644, mtime: 0, data: Buffer.from('u') },
        { name: 'b/link', type: 'symlink', mode: 0o777, mtime: 0, linkname: '../' + 'x'.repeat(150) },
        { name: 'b/hard', type: 'link', mode: 0o644, mtime: 0, linkname: 'a.txt' },
      ],
      0,
    ),
  );

  test('is deterministic and independent of output chunking', async () => {
    const a = await collect(packTar(entries));
    const b = await collect(packTar(entries, { chunkSize: 512 }));
    expect(a.equals(b)).toBe(true);
    expect(a.length % BLOCK).toBe(0);
  });

  test('emits parents before children, sorted, with ids 0 and empty owner names', async () => {
    const got = await entriesOf(await collect(packTar(entries)));
    const names = got.map((e) => e.h.name);
    expect(names.indexOf('b/')).toBeLessThan(names.indexOf('b/run.sh'));
    expect(names.indexOf('d'.repeat(120) + '/')).toBeLessThan(names.indexOf(LONG));
    expect(names).toContain('dir/');
    for (const e of got) {
      expect([e.h.uid, e.h.gid, e.h.uname, e.h.gname]).toEqual([0, 0, '', '']);
    }
  });

  test('sorts by UTF-8 bytes, also where UTF-16 order differs (astral vs U+E000–U+FFFF)', () => {
    const names = ['b/\u{1F600}', 'b/\uFF21', 'b/z', 'a', 'b/\u00E9', 'b', 'b/\uE000x', 'B'];
    const entries = names.map((name): PackEntry => ({ name, type: 'file', mode: 0o644, mtime: 0, data: Buffer.alloc(0) }));
    const byBytes = [...names].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)));
    expect(sortEntries(entries).map((e) => e.name)).toEqual(byBytes);
    // U+FF21 sorts after U+1F600 in UTF-16, before it in UTF-8.
    expect(byBytes.indexOf('b/\uFF21')).toBeLessThan(byBytes.indexOf('b/\u{1F600}'));
    const ascii = ['z/a', 'a/b', 'a', 'a.b', 'a/b/c', 'A'];
    expect(sortEntries(ascii.map((name): PackEntry => ({ name, type: 'directory', mode: 0o755, mtime: 0 }))).map((e) => e.name)).toEqual(
      [...ascii].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y))),
    );
  });

  test('adds each missing ancestor once, also above a directory that is listed', () => {
    const listed: PackEntry[] = [
      { name: 'a/b', type: 'directory', mode: 0o700, mtime: 5 },
      { name: 'a/b/c/d.txt', type: 'file', mode: 0o644, mtime: 5, data: Buffer.alloc(0) },
      { name: 'a/b/c/e.txt', type: 'file', mode: 0o644, mtime: 5, data: Buffer.alloc(0) },
      { name: 'x/y/z', type: 'symlink', mode: 0o777, mtime: 5, linkname: 'a' },
    ];
    const all = sortEntries(withParents(listed, 9));
    expect(all.map((e) => `${e.name}:${e.type}:${e.mode.toString(8)}:${e.mtime}`)).toEqual([
      'a:directory:755:9',
      'a/b:directory:700:5',
      'a/b/c:directory:755:9',
      'a/b/c/d.txt:file:644:5',
      'a/b/c/e.txt:file:644:5',
      'x:directory:755:9',
      'x/y:directory:755:9',
      'x/y/z:symlink:777:5',
    ]);
  });

  test('round-trips long and non-ASCII names, long link targets, modes and hard links', async () => {
    const got = await entriesOf(await collect(packTar(entries)), 13);
    const by = Object.fromEntries(got.map((e) => [e.h.name, e]));
    expect(by[LONG]!.body).toBe('long');
    expect(by[LONG]!.h.mode).toBe(0o600);
    expect(by[UNICODE]!.body).toBe('u');
    expect(by['b/run.sh']!.h.mode).toBe(0o755);
    expect(by['b/link']!.h).toMatchObject({ type: 'symlink', linkname: '../' + 'x'.repeat(150) });
    expect(by['b/hard']!.h).toMatchObject({ type: 'link', linkname: 'a.txt', size: 0 });
  });

  test('a large file is read without waiting for the thread pool, where blocks are being compressed', async () => {
    const data = randomBytes(3 * 1024 * 1024 + 5); // past the 1 MiB of a small file: streamed
    const file = join(dir, 'large.bin');
    writeFileSync(file, data);
    // Every pool thread busy for a while, as with blocks being deflated there.
    const threads = Number(process.env.UV_THREADPOOL_SIZE) || 4;
    const order: string[] = [];
    const busy = Array.from({ length: threads }, () => new Promise<void>((done) => pbkdf2('x', 'salt', 300_000, 32, 'sha256', () => done(void order.push('pool')))));
    const tar = await collect(packTar([{ name: 'large.bin', type: 'file', mode: 0o644, mtime: 0, size: data.length, source: file }]));
    order.push('tar');
    await Promise.all(busy);
    expect(order[0]).toBe('tar');
    const got: Buffer[] = [];
    for await (const e of readTar(chunks(tar, 65536))) got.push(await e.readAll());
    expect(got).toHaveLength(1);
    expect(got[0]!.equals(data)).toBe(true);
  });

  test('a large file that is not the size it was listed with is an error naming the fix', async () => {
    const file = join(dir, 'sized.bin');
    writeFileSync(file, randomBytes(2 * 1024 * 1024));
    for (const [size, why] of [[2 * 1024 * 1024 - 1, 'grew past'], [2 * 1024 * 1024 + 1, 'ended at']] as const) {
      const e = await collect(packTar([{ name: 'f', type: 'file', mode: 0o644, mtime: 0, size, source: file }])).catch((x: unknown) => x);
      expect(isOciError(e, 'INVALID_INPUT')).toBe(true);
      expect((e as Error).message).toContain(`changed while it was being read (${why}`);
    }
  });

  test('GNU tar lists and extracts what we write', async () => {
    const tar = await collect(packTar(entries));
    const file = join(dir, 'ours.tar');
    await writeFile(file, tar);
    const listing = await sh('tar', ['-tf', file]);
    expect(listing.split('\n')).toEqual(expect.arrayContaining([LONG, UNICODE, 'b/link', 'b/hard']));
    const out = join(dir, 'x');
    await sh('mkdir', ['-p', out]);
    await sh('tar', ['-xf', file, '-C', out]);
    expect(await sh('cat', [join(out, LONG)])).toBe('long');
  });

  test('sizes of 8 GiB and more go into a PAX size record', () => {
    const h = encodeHeader({ name: 'big', type: 'file', size: 2 ** 33 + 5, mode: 0o644, uid: 0, gid: 0, uname: '', gname: '', mtime: 0, linkname: '', devmajor: 0, devminor: 0 });
    expect(h.length).toBeGreaterThan(BLOCK);
    expect(h.toString('latin1')).toContain(`size=${2 ** 33 + 5}\n`);
  });

  test('headers written in place are byte for byte encodeHeader\'s, and refused where ustar is not enough', () => {
    const base: TarHeader = { name: 'a', type: 'file', size: 0, mode: 0o644, uid: 0, gid: 0, uname: '', gname: '', mtime: 0, linkname: '', devmajor: 0, devminor: 0 };
    const plain: Array<Partial<TarHeader>> = [
      { name: 'usr/bin/tool', size: 123456, mode: 0o4755, mtime: 1700000000 },
      { name: 'etc/dir', type: 'directory', mode: 0o750 },
      { name: 'etc/dir/', type: 'directory' },
      { name: 'lib/link', type: 'symlink', mode: 0o777, linkname: '../usr/lib/x.so.1' },
      { name: 'lib/hard', type: 'link', linkname: 'usr/bin/tool' },
      { name: 'n'.repeat(100), size: 8 ** 11 - 1, uid: 8 ** 7 - 1, gid: 12, uname: 'root', gname: 'g'.repeat(32), mtime: 8 ** 11 - 1 },
      { name: 'dev/null', type: 'chardev', devmajor: 1, devminor: 3, mode: 0o666 },
    ];
    for (const fields of plain) {
      const h = { ...base, ...fields };
      const buf = Buffer.alloc(3 * BLOCK, 0xaa);
      expect(writeUstarInto(h, buf, BLOCK)).toBe(true);
      expect(buf.subarray(BLOCK, 2 * BLOCK).equals(encodeHeader(h))).toBe(true);
      expect(buf.subarray(0, BLOCK).every((b) => b === 0xaa) && buf.subarray(2 * BLOCK).every((b) => b === 0xaa)).toBe(true);
    }
    const needPax: Array<Partial<TarHeader>> = [
      { name: 'n'.repeat(101) },
      { name: 'd'.repeat(100), type: 'directory' }, // 101 bytes with its slash
      { name: 'ünï.txt' },
      { linkname: 'l'.repeat(101), type: 'symlink' },
      { size: 8 ** 11 },
      { uid: 8 ** 7 },
      { mtime: 1.5 },
      { mtime: -1 },
      { uname: 'u'.repeat(33) },
      { pax: { 'SCHILY.xattr.user.a': 'b' } },
    ];
    for (const fields of needPax) {
      const buf = Buffer.alloc(BLOCK, 0xaa);
      expect(writeUstarInto({ ...base, ...fields }, buf, 0)).toBe(false);
      expect(buf.every((b) => b === 0xaa)).toBe(true);
    }
  });
});

describe('reader', () => {
  test('reads GNU long names (L/K) and PAX global headers written by GNU tar', async () => {
    const src = join(dir, 'gnu-src');
    const SPLIT = 'u'.repeat(140) + '/' + 'v'.repeat(90);
    await makeTree(src, { [LONG]: { file: 'g' }, [SPLIT]: { file: 'g' }, ['l/' + 'k'.repeat(10)]: { symlink: 'z'.repeat(140) } });
    for (const format of ['gnu', 'pax', 'ustar']) {
      const file = join(dir, `${format}.tar`);
      const args = ['--format', format, '-cf', file, '-C', src, '.'];
      if (format === 'ustar') {
        // ustar holds a 231-byte name only split into prefix and name.
        await sh('tar', ['--format', 'ustar', '-cf', file, '-C', src, SPLIT]);
      } else {
        await sh('tar', args);
      }
      const names: string[] = [];
      for await (const e of readTar(createReadStream(file))) {
        names.push(e.header.name.replace(/^\.\//, ''));
        if (e.header.type === 'file') expect((await e.readAll()).toString()).toBe('g');
        if (e.header.type === 'symlink') expect(e.header.linkname).toBe('z'.repeat(140));
      }
      expect(names).toContain(SPLIT);
      if (format !== 'ustar') expect(names).toContain(LONG);
    }
  });

  test('applies x records to the next entry only and g records to all later ones', async () => {
    const tar = Buffer.concat([
      paxHeader('', { comment: 'global' }, 0, true),
      paxHeader('a', { path: 'renamed', 'SCHILY.xattr.user.k': 'v' }, 0),
      rawHeader({ name: 'a', size: 1 }),
      pad(Buffer.from('A')),
      rawHeader({ name: 'b', size: 0 }),
      endOfArchive(),
    ]);
    const got = await entriesOf(tar);
    expect(got.map((e) => e.h.name)).toEqual(['renamed', 'b']);
    expect(got[0]!.h.pax).toMatchObject({ 'SCHILY.xattr.user.k': 'v', comment: 'global' });
    expect(got[1]!.h.pax).toEqual({ comment: 'global' });
  });

  test('skips unread bodies and accepts a missing end marker at a header boundary', async () => {
    const tar = Buffer.concat([rawHeader({ name: 'a', size: 600 }), pad(Buffer.alloc(600, 1)), rawHeader({ name: 'b', size: 2 }), pad(Buffer.from('hi'))]);
    const names: string[] = [];
    let body = '';
    for await (const e of readTar(chunks(tar, 33))) {
      names.push(e.header.name);
      if (e.header.name === 'b') body = (await e.readAll()).toString();
    }
    expect(names).toEqual(['a', 'b']);
    expect(body).toBe('hi');
  });

  // Go's archive/tar reads an entry's padding with tryReadFull: the source ending there is
  // io.EOF, the end of the archive; only a short body is ErrUnexpectedEOF. umoci 0.4.7's
  // insert writes such tars.
  test.each([
    ['no padding and no end-of-archive blocks (umoci 0.4.7 insert)', 0],
    ['part of the padding', 100],
  ])('accepts a source that ends in the padding of the last entry: %s', async (_label, padBytes) => {
    const tar = Buffer.concat([rawHeader({ name: 'a', size: 600 }), pad(Buffer.alloc(600, 1)), rawHeader({ name: 'b', size: 3 }), Buffer.from('hi\n'), Buffer.alloc(padBytes)]);
    for (const chunk of [1, 7, 512, 4096]) {
      const got = await entriesOf(tar, chunk);
      expect(got.map((e) => [e.h.name, e.body.length])).toEqual([['a', 600], ['b', 3]]);
      expect(got[1]!.body).toBe('hi\n');
    }
  });

  test('TarDecoder gives the same events at any chunking and keeps no chunk once it asks for the next', () => {
    const tar = Buffer.concat([
      paxHeader('', { comment: 'global' }, 0, true),
      paxHeader('a', { path: 'renamed' }, 0),
      rawHeader({ name: 'a', size: 700 }),
      pad(Buffer.alloc(700, 7)),
      rawHeader({ name: 'L'.repeat(13), typeflag: 'L', size: 201 }),
      pad(Buffer.from('n'.repeat(200) + '\0')),
      rawHeader({ name: 'short', size: 3 }),
      pad(Buffer.from('abc')),
      rawHeader({ name: 'd/', typeflag: '5' }),
      endOfArchive(),
      Buffer.from('trailing bytes after the end are ignored'),
    ]);
    const decode = (size: number): string[] => {
      const dec = new TarDecoder();
      const out: string[] = [];
      let body = '';
      for (let i = 0; i <= tar.length; i += size) {
        if (i < tar.length) {
          // Each chunk is a copy that is scribbled over once the decoder asks for more:
          // a reference kept past that point would change what is decoded.
          const chunk = Buffer.from(tar.subarray(i, i + size));
          dec.push(chunk);
          for (let e = dec.read(); e !== undefined; e = dec.read()) {
            if (e.kind === 'data') body += e.data.toString('latin1');
            else {
              if (body) out.push(`body ${body.length} ${body.slice(0, 3)}`);
              body = '';
              out.push(e.kind === 'entry' ? `${e.kind} ${e.header.name} ${e.header.type}` : e.kind);
            }
          }
          chunk.fill(0xee);
        } else {
          dec.end();
          for (let e = dec.read(); e !== undefined; e = dec.read()) out.push(e.kind);
        }
      }
      return out;
    };
    const whole = decode(tar.length);
    expect(whole).toEqual(['entry renamed file', 'body 700 \x07\x07\x07', `entry ${'n'.repeat(200)} file`, 'body 3 abc', 'entry d/ directory', 'end']);
    for (const size of [1, 3, 100, 511, 512, 513, 1000, 4096]) expect(decode(size)).toEqual(whole);
  });

  test('TarDecoder lets go of a chunk once it asks for the next: its memory may be detached (transferred away)', () => {
    const tar = Buffer.concat([rawHeader({ name: 'a', size: 1000 }), pad(Buffer.alloc(1000, 5)), rawHeader({ name: 'b', size: 10 }), pad(Buffer.alloc(10, 6)), endOfArchive()]);
    /** Decode `tar` cut at `cuts`, each chunk detached once read; `end` after `upTo` bytes. */
    const decode = (cuts: number[], upTo = tar.length): string[] => {
      const dec = new TarDecoder();
      const out: string[] = [];
      const bounds = [0, ...cuts.filter((c) => c < upTo), upTo];
      for (let i = 0; i + 1 < bounds.length; i++) {
        // A chunk with memory of its own, as unpack's gzip members are.
        const chunk = Buffer.from(new Uint8Array(tar.subarray(bounds[i], bounds[i + 1])).buffer);
        dec.push(chunk);
        for (let e = dec.read(); e !== undefined; e = dec.read()) out.push(e.kind === 'data' ? `data ${e.data.length}` : e.kind === 'entry' ? `entry ${e.header.name}` : e.kind);
        structuredClone(chunk.buffer, { transfer: [chunk.buffer] });
        expect(chunk.length).toBe(0);
      }
      dec.end();
      for (let e = dec.read(); e !== undefined; e = dec.read()) out.push(e.kind);
      return out;
    };
    expect(decode([700, 1536, 1600])).toEqual(['entry a', 'data 188', 'data 812', 'entry b', 'data 10', 'end']);
    // Cut short inside a body, a header and padding: a kept, detached chunk read as length 0
    // would throw nothing, or hand out empty data, where these are truncation.
    for (const upTo of [700, 1536 + 100]) expect(() => decode([700], upTo)).toThrow(/truncated layer/);
  });

  const bad: Array<[string, Buffer]> = [
    ['a body one byte short at the end of the source', Buffer.concat([rawHeader({ name: 'a', size: 3 }), Buffer.from('hi')])],

    ['a bad checksum', Buffer.concat([rawHeader({ name: 'a', checksum: '0000000' }), endOfArchive()])],
    ['a non-octal size', Buffer.concat([rawHeader({ name: 'a', size: '12x' }), endOfArchive()])],
    ['a size beyond 2^53 (base-256)', Buffer.concat([(() => {
      const h = rawHeader({ name: 'a' });
      h.fill(0xff, 124, 136);
      h[124] = 0x80;
      h.fill(0x20, 148, 156);
      let s = 0;
      for (const b of h) s += b;
      h.write(s.toString(8).padStart(6, '0') + '\0 ', 148, 'latin1');
      return h;
    })(), endOfArchive()])],
    ['a huge PAX header', Buffer.concat([rawHeader({ name: 'p', typeflag: 'x', size: 64 * 1024 * 1024 }), endOfArchive()])],
    ['a malformed PAX record', Buffer.concat([rawHeader({ name: 'p', typeflag: 'x', size: 10 }), pad(Buffer.from('99 path=a\n')), rawHeader({ name: 'a' }), endOfArchive()])],
    ['a truncated body', Buffer.concat([rawHeader({ name: 'a', size: 4096 }), Buffer.alloc(512)])],
    ['a truncated header', rawHeader({ name: 'a' }).subarray(0, 300)],
    ['a GNU sparse file', Buffer.concat([rawHeader({ name: 'a', typeflag: 'S' }), endOfArchive()])],
    ['an oversized name', Buffer.concat([paxHeader('a', { path: 'x'.repeat(20000) }, 0), rawHeader({ name: 'a' }), endOfArchive()])],
  ];
  test.each(bad)('rejects %s with INVALID_LAYER', async (_label, tar) => {
    let err: unknown;
    try {
      for await (const e of readTar(chunks(tar, 512))) await e.readAll();
    } catch (e) {
      err = e;
    }
    expect(isOciError(err, 'INVALID_LAYER')).toBe(true);
  });
});

describe('names as bytes, old tars, malformed link targets', () => {
  test('decodeName and encodeName give back any bytes exactly (surrogateescape), and UTF-8 text as is', () => {
    for (let b = 0; b < 256; b++) expect(encodeName(decodeName(Buffer.from([0x61, b, 0x62]))).equals(Buffer.from([0x61, b, 0x62]))).toBe(true);
    // Overlong, surrogate and truncated sequences, a valid 4-byte character next to raw bytes.
    const tricky = [Buffer.from([0xc0, 0xaf]), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from([0xe2, 0x82]), Buffer.from('𝄞\xe9', 'latin1'), Buffer.concat([Buffer.from('𝄞'), Buffer.from([0xe9, 0xff])])];
    for (const t of tricky) expect(encodeName(decodeName(t)).equals(t)).toBe(true);
    for (let i = 0; i < 200; i++) {
      const r = randomBytes(1 + (i % 40));
      expect(encodeName(decodeName(r)).equals(r)).toBe(true);
    }
    expect(decodeName(Buffer.from('dir/ünïcødé-名前.txt'))).toBe('dir/ünïcødé-名前.txt');
    expect(decodeName(Buffer.from('caf\xe9', 'latin1'))).not.toBe(decodeName(Buffer.from('caf\xe8', 'latin1')));
  });

  test('names that are not UTF-8 (caf\\xe9, caf\\xe8) stay two names both ways, with GNU tar as the reference', async () => {
    const src = join(dir, 'latin1-src');
    await mkdir(src);
    const e9 = Buffer.from('caf\xe9', 'latin1');
    const e8 = Buffer.from('caf\xe8', 'latin1');
    const long = Buffer.concat([Buffer.from('d'.repeat(120) + '/'), e9]);
    writeFileSync(Buffer.concat([Buffer.from(src + '/'), e9]), 'e9');
    writeFileSync(Buffer.concat([Buffer.from(src + '/'), e8]), 'e8');
    mkdirSync(Buffer.from(join(src, 'd'.repeat(120))));
    writeFileSync(Buffer.concat([Buffer.from(src + '/'), long]), 'long');
    symlinkSync(e9, Buffer.concat([Buffer.from(src + '/'), Buffer.from('ln-'), e8]));
    // GNU tar's archives (raw bytes in ustar fields and GNU long names; PAX) → our reader.
    for (const format of ['gnu', 'pax']) {
      const file = join(dir, `latin1-${format}.tar`);
      await sh('tar', ['--format', format, '-cf', file, '-C', src, '.']);
      const got = new Map<string, { body: string; link: string }>();
      for await (const e of readTar(createReadStream(file))) got.set(e.header.name.replace(/^\.\//, ''), { body: (await e.readAll()).toString(), link: e.header.linkname });
      expect(got.get(decodeName(e9))?.body).toBe('e9');
      expect(got.get(decodeName(e8))?.body).toBe('e8');
      expect(got.get(decodeName(long))?.body).toBe('long');
      expect(encodeName(got.get(decodeName(Buffer.concat([Buffer.from('ln-'), e8])))!.link).equals(e9)).toBe(true);
    }
    // Our writer → GNU tar extracts the same bytes.
    const ours = join(dir, 'latin1-ours.tar');
    const entries = sortEntries(
      withParents(
        [
          { name: decodeName(e9), type: 'file', mode: 0o644, mtime: 0, data: Buffer.from('e9') },
          { name: decodeName(e8), type: 'file', mode: 0o644, mtime: 0, data: Buffer.from('e8') },
          { name: decodeName(long), type: 'file', mode: 0o644, mtime: 0, data: Buffer.from('long') },
          { name: 'ln', type: 'symlink', mode: 0o777, mtime: 0, linkname: decodeName(e8) },
        ],
        0,
      ),
    );
    await writeFile(ours, await collect(packTar(entries)));
    const out = join(dir, 'latin1-out');
    await mkdir(out);
    await sh('tar', ['-xf', ours, '-C', out]);
    const names = readdirSync(out, { encoding: 'buffer' }).map((n) => n.toString('hex')).sort();
    expect(names).toEqual([e8, e9, Buffer.from('d'.repeat(120)), Buffer.from('ln')].map((n) => n.toString('hex')).sort());
    expect(readFileSync(Buffer.concat([Buffer.from(out + '/'), e9]), 'utf8')).toBe('e9');
    expect(readFileSync(Buffer.concat([Buffer.from(out + '/'), long]), 'utf8')).toBe('long');
    expect(readlinkSync(join(out, 'ln'), { encoding: 'buffer' }).equals(e8)).toBe(true);
  });

  test('old-style directory entries (typeflag NUL, name ending in "/") read as directories, as Go archive/tar does', async () => {
    const tar = Buffer.concat([
      rawHeader({ name: 'old/', typeflag: '\0', mode: 0o755, magic: '\0\0\0\0\0\0', version: '\0\0' }),
      rawHeader({ name: 'old/file', typeflag: '\0', size: 2, magic: '\0\0\0\0\0\0', version: '\0\0' }),
      pad(Buffer.from('hi')),
      endOfArchive(),
    ]);
    const got = await entriesOf(tar);
    expect(got.map((e) => [e.h.name, e.h.type, e.body])).toEqual([
      ['old/', 'directory', ''],
      ['old/file', 'file', 'hi'],
    ]);
  });

  test('a NUL in a PAX linkpath is one INVALID_LAYER naming the entry', async () => {
    const tar = Buffer.concat([paxHeader('ln', { linkpath: 'target\0junk' }, 0), rawHeader({ name: 'ln', typeflag: '2' }), endOfArchive()]);
    const err = await entriesOf(tar).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isOciError(err, 'INVALID_LAYER')).toBe(true);
    expect((err as Error).message).toMatch(/link target of tar entry "ln" holds a NUL byte/);
  });
});
