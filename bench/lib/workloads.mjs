/**
 * Deterministic benchmark workloads (DESIGN.md §6), built once from files already on this
 * machine and cached under bench/.work/ (gitignored):
 *
 * - smallFiles(): ~30k real small files — text (python sources, docs) and already-compressed
 *   (gzipped man pages and changelogs) — from /usr/share and /usr/lib/python3*.
 * - binaries(): a few hundred MB of shared libraries from /usr/lib.
 * - largeFile(): one big file (default 1 GiB) of concatenated shared libraries, for the
 *   peak-RSS targets.
 *
 * Files are chosen by a sorted walk and given a fixed mtime, so two runs on one machine
 * build the same tree (and the same layer digests).
 */
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { copyFile, lstat, mkdir, readdir, readFile, rename, rm, utimes, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { ROOT } from './measure.mjs';

/** Where workloads and scratch directories live. */
export const WORK = join(ROOT, 'bench', '.work');

/** Every file gets this mtime (2024-01-01T00:00:00Z) so layers are reproducible. */
export const FIXED_MTIME = new Date('2024-01-01T00:00:00Z');

/** Regular files under `dir`, depth-first in sorted order; symlinks and unreadable dirs skipped. */
async function* walkFiles(dir) {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* walkFiles(p);
    else if (e.isFile()) yield p;
  }
}

/**
 * Build `name` once: `fill(tmpDir)` populates a temporary directory that is then renamed
 * into place with a `.complete` marker, so an interrupted build is never mistaken for a
 * finished one. Returns `{dir, files, bytes}`.
 */
async function cached(name, fill) {
  const dir = join(WORK, name);
  const marker = join(WORK, `${name}.complete`);
  if (existsSync(marker) && existsSync(dir)) return JSON.parse(await readFile(marker, 'utf8'));
  await mkdir(WORK, { recursive: true });
  const tmp = join(WORK, `${name}.tmp-${process.pid}`);
  await rm(tmp, { recursive: true, force: true });
  await rm(dir, { recursive: true, force: true });
  await mkdir(tmp, { recursive: true });
  const stats = await fill(tmp);
  await rename(tmp, dir);
  const info = { dir, ...stats };
  await writeFile(marker, JSON.stringify(info));
  return info;
}

async function copyInto(dest, base, src) {
  const target = join(dest, relative(base, src));
  await mkdir(dirname(target), { recursive: true });
  await copyFile(src, target);
  await utimes(target, FIXED_MTIME, FIXED_MTIME);
  return target;
}

async function fixDirTimes(dir) {
  const entries = await readdir(dir, { withFileTypes: true });
  for (const e of entries) if (e.isDirectory()) await fixDirTimes(join(dir, e.name));
  await utimes(dir, FIXED_MTIME, FIXED_MTIME);
}

/**
 * ~`count` real small files (≤ `maxBytes` each, default 64 KiB): python sources, C headers,
 * docs and data as text, plus already-compressed files (gzipped man pages and changelogs,
 * images) up to `compressedShare` of the count. Layout mirrors the source (`usr/share/…`).
 * @returns {Promise<{dir: string, files: number, bytes: number}>}
 */
export async function smallFiles({ count = 30000, maxBytes = 64 * 1024, compressedShare = 0.4 } = {}) {
  return cached(`small-files-${count}`, async (tmp) => {
    const pythons = existsSync('/usr/lib')
      ? (await readdir('/usr/lib')).filter((n) => /^python3/.test(n)).sort().map((n) => join('/usr/lib', n))
      : [];
    const roots = [...pythons, '/usr/include', '/usr/share/doc', '/usr/share/man', '/usr/share'];
    const seen = new Set();
    let files = 0;
    let bytes = 0;
    let compressed = 0;
    const maxCompressed = Math.round(count * compressedShare);
    outer: for (const r of roots) {
      for await (const p of walkFiles(r)) {
        if (seen.has(p)) continue;
        seen.add(p);
        let st;
        try {
          st = await lstat(p);
        } catch {
          continue;
        }
        if (st.size === 0 || st.size > maxBytes) continue;
        const isCompressed = COMPRESSED.test(p);
        if (isCompressed && compressed >= maxCompressed) continue;
        try {
          await copyInto(tmp, '/', p);
        } catch {
          continue; // unreadable: skip
        }
        files++;
        bytes += st.size;
        if (isCompressed) compressed++;
        if (files >= count) break outer;
      }
    }
    if (files < count * 0.5) throw new Error(`smallFiles: only ${files} files found on this machine`);
    await fixDirTimes(tmp);
    return { files, bytes, compressed };
  });
}

const COMPRESSED = /\.(gz|xz|bz2|zst|lz4|zip|png|jpg|jpeg|gif|webp|woff2?)$/i;

function libRoots() {
  return ['/usr/lib/x86_64-linux-gnu', '/usr/lib/aarch64-linux-gnu', '/usr/lib64', '/usr/lib'].filter((p) => existsSync(p));
}

/**
 * Shared libraries (`*.so*`, regular files up to `maxFileBytes`) totalling at least `mb` MB
 * (default 300), or all there are when the machine has fewer (at least half is required).
 * @returns {Promise<{dir: string, files: number, bytes: number}>}
 */
export async function binaries({ mb = 300, maxFileBytes = 32 * 1024 * 1024 } = {}) {
  const want = mb * 1e6;
  return cached(`binaries-${mb}M`, async (tmp) => {
    let files = 0;
    let bytes = 0;
    const seen = new Set();
    outer: for (const r of libRoots()) {
      for await (const p of walkFiles(r)) {
        if (!/\.so(\.|$)/.test(p)) continue;
        try {
          const st = await lstat(p);
          // One copy per inode (drivers are often hard links of one file), and no giant
          // outliers: many ordinary libraries, like a real image.
          const id = `${st.dev}:${st.ino}`;
          if (seen.has(id) || st.size > maxFileBytes) continue;
          seen.add(id);
          await copyInto(tmp, '/', p);
          files++;
          bytes += st.size;
        } catch {
          continue;
        }
        if (bytes >= want) break outer;
      }
    }
    if (bytes < want * 0.5) throw new Error(`binaries: only ${(bytes / 1e6).toFixed(0)} MB of shared libraries found`);
    await fixDirTimes(tmp);
    return { files, bytes };
  });
}

/**
 * A directory holding one file `blob.bin` of exactly `mb` MiB (default 1024): shared
 * libraries concatenated in a fixed order, repeated as needed — compressible like a
 * real layer, never all zeros.
 * @returns {Promise<{dir: string, file: string, files: number, bytes: number}>}
 */
export async function largeFile({ mb = 1024 } = {}) {
  const want = mb * 1024 * 1024;
  const bins = await binaries();
  const sources = [];
  for await (const p of walkFiles(bins.dir)) sources.push(p);
  const info = await cached(`large-${mb}M`, async (tmp) => {
    const file = join(tmp, 'blob.bin');
    let written = 0;
    const out = createWriteStream(file);
    async function* chunks() {
      for (let round = 0; written < want; round++) {
        for (const s of sources) {
          for await (const c of createReadStream(s, { highWaterMark: 1 << 20 })) {
            const take = Math.min(c.length, want - written);
            written += take;
            yield take === c.length ? c : c.subarray(0, take);
            if (written >= want) return;
          }
        }
      }
    }
    await pipeline(chunks, out);
    await utimes(file, FIXED_MTIME, FIXED_MTIME);
    await utimes(tmp, FIXED_MTIME, FIXED_MTIME);
    return { files: 1, bytes: written };
  });
  return { ...info, file: join(info.dir, 'blob.bin') };
}

/** An empty scratch directory `bench/.work/tmp/<name>` (emptied if it existed). */
export async function scratch(name) {
  const dir = join(WORK, 'tmp', name);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  return dir;
}
