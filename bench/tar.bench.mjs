/**
 * Our tar (src/core/tar) beside tar-stream, the package that would replace it: extract
 * (parse a tar and write its files) and pack (walk a tree and write a tar), on the small
 * files and binaries workloads. No target: the numbers are the measured reason README's
 * "Dependencies" section gives for keeping our own.
 *
 * Parse only (every body read and dropped) is measured too: extracting 30k files is
 * mostly the file system's time, the same on both sides.
 *
 * Both sides run in this file's worker mode (`node bench/tar.bench.mjs <op> <impl> …`),
 * whole processes, with the same file-system code: the same sorted walk, the same
 * synchronous reads of small files (≤ 1 MiB; larger ones streamed), the same synchronous
 * writes of entries. Only the tar code differs. tar-stream is used as its README shows
 * (`extract()` fed by a file stream, `pack()` piped into one, one entry at a time); pack
 * hands it small files as buffers, its fast path. The archive extracted is GNU tar's
 * (`--format=gnu`), so neither side reads its own output.
 *
 * Uncompressed on purpose: compression would dominate both sides and say nothing of tar.
 */
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  closeSync,
  constants as fsc,
  createReadStream,
  createWriteStream,
  linkSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  symlinkSync,
  writeSync,
} from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { built } from './lib/measure.mjs';

const SMALL = 1 << 20;

// ---------------------------------------------------------------------------------------
// Worker mode: one operation, one implementation, one process.

/** Entries of a tree, parents first, in byte order of their names (as both writers expect). */
function walk(root) {
  const out = [];
  const visit = (dir, rel) => {
    const names = readdirSync(dir).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    for (const n of names) {
      const path = join(dir, n);
      const name = rel === '' ? n : `${rel}/${n}`;
      const st = lstatSync(path);
      const mtime = Math.floor(st.mtimeMs / 1000);
      const mode = st.mode & 0o7777;
      if (st.isDirectory()) {
        out.push({ name, type: 'directory', mode, mtime });
        visit(path, name);
      } else if (st.isFile()) out.push({ name, type: 'file', mode, mtime, size: st.size, source: path });
      else if (st.isSymbolicLink()) out.push({ name, type: 'symlink', mode: 0o777, mtime, linkname: readlinkSync(path) });
    }
  };
  visit(root, '');
  return out;
}

/** Writes entries under `root`: the one file-system half both extract sides share. */
class TreeWriter {
  constructor(root) {
    this.root = root;
    mkdirSync(root, { recursive: true });
    this.count = 0;
  }
  path(name) {
    return join(this.root, name.replace(/\/+$/, ''));
  }
  directory(name, mode) {
    mkdirSync(this.path(name), { recursive: true, mode: mode | 0o700 });
    this.count++;
  }
  symlink(name, target) {
    symlinkSync(target, this.path(name));
    this.count++;
  }
  link(name, target) {
    linkSync(this.path(target), this.path(name));
    this.count++;
  }
  async file(name, mode, chunks) {
    const path = this.path(name);
    const fd = openSync(path, fsc.O_WRONLY | fsc.O_CREAT | fsc.O_EXCL, 0o600);
    try {
      for await (const c of chunks) writeSync(fd, c);
    } finally {
      closeSync(fd);
    }
    chmodSync(path, mode);
    this.count++;
  }
}

async function extractOurs(tar, dest) {
  const { readTar } = await import(pathToFileURL(built('src/core/tar/index.js')).href);
  const w = new TreeWriter(dest);
  for await (const e of readTar(createReadStream(tar, { highWaterMark: SMALL }))) {
    const h = e.header;
    if (h.type === 'directory') w.directory(h.name, h.mode);
    else if (h.type === 'file') await w.file(h.name, h.mode, e.body());
    else if (h.type === 'symlink') w.symlink(h.name, h.linkname);
    else if (h.type === 'link') w.link(h.name, h.linkname);
  }
  return w.count;
}

async function extractTarStream(tar, dest) {
  const { extract } = await import('tar-stream');
  const w = new TreeWriter(dest);
  const ex = extract();
  createReadStream(tar, { highWaterMark: SMALL }).pipe(ex);
  for await (const entry of ex) {
    const h = entry.header;
    if (h.type === 'directory') w.directory(h.name, h.mode);
    else if (h.type === 'file' || h.type === 'contiguous-file') await w.file(h.name, h.mode, entry);
    else if (h.type === 'symlink') w.symlink(h.name, h.linkname);
    else if (h.type === 'link') w.link(h.name, h.linkname);
    entry.resume();
  }
  return w.count;
}

/** Parse only: every body read and dropped (what extract costs without the file system). */
async function parseOurs(tar) {
  const { readTar } = await import(pathToFileURL(built('src/core/tar/index.js')).href);
  let entries = 0;
  for await (const e of readTar(createReadStream(tar, { highWaterMark: SMALL }))) {
    for await (const _ of e.body());
    entries++;
  }
  return entries;
}

async function parseTarStream(tar) {
  const { extract } = await import('tar-stream');
  const ex = extract();
  createReadStream(tar, { highWaterMark: SMALL }).pipe(ex);
  let entries = 0;
  for await (const entry of ex) {
    for await (const _ of entry);
    entries++;
  }
  return entries;
}

async function packOurs(tree, out) {
  const { packTar } = await import(pathToFileURL(built('src/core/tar/index.js')).href);
  const entries = walk(tree);
  const fd = openSync(out, 'w');
  try {
    // As ingest writes an uncompressed layer: each chunk written before the next is made.
    for await (const c of packTar(entries, { reuseChunks: true })) writeSync(fd, c);
  } finally {
    closeSync(fd);
  }
  return entries.length;
}

async function packTarStream(tree, out) {
  const { pack } = await import('tar-stream');
  const entries = walk(tree);
  const p = pack();
  const written = pipeline(p, createWriteStream(out));
  const add = (header, body) =>
    new Promise((resolve, reject) => {
      const cb = (err) => (err ? reject(err) : resolve());
      if (body === undefined) p.entry(header, cb);
      else if (Buffer.isBuffer(body)) p.entry(header, body, cb);
      else pipeline(createReadStream(body), p.entry(header, cb)).catch(reject);
    });
  for (const e of entries) {
    const header = { name: e.name, type: e.type, mode: e.mode, mtime: new Date(e.mtime * 1000), uid: 0, gid: 0 };
    if (e.type === 'file') {
      header.size = e.size;
      await add(header, e.size <= SMALL ? readFileSync(e.source) : e.source);
    } else if (e.type === 'symlink') await add({ ...header, linkname: e.linkname });
    else await add(header);
  }
  p.finalize();
  await written;
  return entries.length;
}

const WORKERS = {
  'parse ours': parseOurs,
  'parse tar-stream': parseTarStream,
  'extract ours': extractOurs,
  'extract tar-stream': extractTarStream,
  'pack ours': packOurs,
  'pack tar-stream': packTarStream,
};

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [op, impl, from, to] = process.argv.slice(2);
  const fn = WORKERS[`${op} ${impl}`];
  if (!fn || !from || !to) {
    console.error(`usage: node bench/tar.bench.mjs parse|extract|pack ours|tar-stream FROM TO (have: ${Object.keys(WORKERS).join(', ')})`);
    process.exit(2);
  }
  process.stdout.write(JSON.stringify({ entries: await fn(from, to) }) + '\n');
}

// ---------------------------------------------------------------------------------------
// The bench.

export default async function ({ compare, bury, workloads, NODE }) {
  const self = fileURLToPath(import.meta.url);
  const out = await workloads.scratch('tar');
  // quiet: false keeps the worker's one line of stdout (its entry count) for check().
  const worker = (op, impl, from, to) => ({ argv: [NODE, self, op, impl, from, to], quiet: false });
  const entriesOf = (r) => JSON.parse(r.stdout).entries;

  for (const [label, tree] of [
    ['small files', await workloads.smallFiles()],
    ['binaries', await workloads.binaries()],
  ]) {
    const slug = label.replace(/\W+/g, '-');
    // The archive to extract: GNU tar's, made once, untimed.
    const archive = join(out, `${slug}.tar`);
    const made = spawnSync('tar', ['--format=gnu', '--sort=name', '--numeric-owner', '--owner=0', '--group=0', '-cf', archive, '-C', tree.dir, '.'], { encoding: 'utf8' });
    if (made.status !== 0) throw new Error(`tar -cf ${archive}: ${made.stderr}`);
    const parsed = { ours: [], peer: [] };
    await compare({
      name: `tar parse only, ${label}`,
      peerName: 'tar-stream',
      ours: () => worker('parse', 'ours', archive, '-'),
      peer: () => worker('parse', 'tar-stream', archive, '-'),
      check: (side, r) => void parsed[side].push(entriesOf(r)),
    });
    if (parsed.ours.some((n, i) => n !== parsed.peer[i] || n === 0)) throw new Error(`parse ${label}: entry counts differ: ${JSON.stringify(parsed)}`);

    const counts = { ours: [], peer: [] };
    const dest = (side, i) => join(out, `${slug}-x-${side}-${i}`);
    const clear = async (side, i) => bury(dest(side, i)); // removed after the run: see bury
    await compare({
      name: `tar extract, ${label}`,
      peerName: 'tar-stream',
      ours: (i) => worker('extract', 'ours', archive, dest('ours', i)),
      peer: (i) => worker('extract', 'tar-stream', archive, dest('peer', i)),
      prepare: clear,
      check: async (side, r, i) => {
        counts[side].push(entriesOf(r));
        await clear(side, i);
      },
    });
    if (counts.ours.some((n, i) => n !== counts.peer[i] || n === 0)) throw new Error(`extract ${label}: entry counts differ: ${JSON.stringify(counts)}`);

    const packed = (side, i) => join(out, `${slug}-pack-${side}-${i}.tar`);
    const sizes = { ours: [], peer: [] };
    await compare({
      name: `tar pack, ${label}`,
      peerName: 'tar-stream',
      ours: (i) => worker('pack', 'ours', tree.dir, packed('ours', i)),
      peer: (i) => worker('pack', 'tar-stream', tree.dir, packed('peer', i)),
      prepare: async (side, i) => rm(packed(side, i), { force: true }),
      check: async (side, r, i) => {
        if (entriesOf(r) === 0) throw new Error(`pack ${label}: no entries`);
        sizes[side].push((await stat(packed(side, i))).size);
        await rm(packed(side, i), { force: true });
      },
    });
    // Same entries, same bodies, headers of 512 bytes each: the archives differ only where
    // a name needs a PAX or GNU long-name record (a few blocks at most).
    const drift = Math.abs(sizes.ours[0] - sizes.peer[0]) / sizes.peer[0];
    if (drift > 0.01) throw new Error(`pack ${label}: archive sizes differ by ${(drift * 100).toFixed(1)}% (${sizes.ours[0]} vs ${sizes.peer[0]})`);
    await rm(archive, { force: true });
  }
}
