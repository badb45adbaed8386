/**
 * Deterministic benchmark workloads (DESIGN.md §6), built once from files already on this
 * machine and cached under bench/.work/ (gitignored):
 *
 * - smallFiles(): ~30k real small files — text (python sources, docs) and already-compressed
 *   (gzipped man pages and changelogs) — from /usr/share and /usr/lib/python3*.
 * - binaries(): a few hundred MB of shared libraries from /usr/lib.
 * - largeFile(): one big file (default 1 GiB) of concatenated shared libraries, for the
 *   peak-RSS targets.
 * - umociImage() / skopeoImage(): images made by other tools (one gzip stream per layer, as
 *   on Docker Hub) — umoci's `insert` of one tree, and a 45-layer image whose layers skopeo
 *   compressed — for push, pull, unpack and serve.
 *
 * BENCH_QUICK=1 (run.mjs --quick) shrinks every workload's defaults to a few MB, for a
 * self-check of the benches and of `--check` in seconds; its ratios mean nothing.
 *
 * Files are chosen by a sorted walk and given a fixed mtime, so two runs on one machine
 * build the same tree (and the same layer digests).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { copyFile, lstat, mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { ROOT } from './measure.mjs';

/** True in quick mode (BENCH_QUICK=1): tiny workloads, for checking the benches themselves. */
export const QUICK = process.env.BENCH_QUICK === '1';

/** Default sizes: DESIGN.md §6's workloads, or a few MB each in quick mode. */
export const SIZES = QUICK
  ? { smallFiles: 1500, binariesMB: 24, largeMB: 48, layers: 45, layeredMB: 12 }
  : { smallFiles: 30000, binariesMB: 300, largeMB: 1024, layers: 45, layeredMB: 150 };

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
  const info = await build(name, fill);
  used.set(name, info);
  return info;
}

/** Workloads used in this process: name → what cached() returned. */
const used = new Map();

/** One line per workload used so far (for the conditions of a run). */
export function usedWorkloads() {
  return [...used].map(([name, i]) => {
    const parts = [];
    if (i.files !== undefined) parts.push(`${i.files} files`);
    if (i.layers !== undefined) parts.push(`${i.layers} layer${i.layers === 1 ? '' : 's'}`);
    if (i.bytes !== undefined) parts.push(`${(i.bytes / 1e6).toFixed(0)} MB${i.layers !== undefined ? ' compressed' : ''}`);
    return `${name} (${parts.join(', ')})`;
  });
}

async function build(name, fill) {
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
export async function smallFiles({ count = SIZES.smallFiles, maxBytes = 64 * 1024, compressedShare = 0.4 } = {}) {
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
export async function binaries({ mb = SIZES.binariesMB, maxFileBytes = 32 * 1024 * 1024 } = {}) {
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
export async function largeFile({ mb = SIZES.largeMB } = {}) {
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

/** Every date inside the foreign images (config, history): FIXED_MTIME. */
const CREATED = FIXED_MTIME.toISOString();

function tool(argv) {
  const r = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`${argv.join(' ')}: ${r.error?.message ?? r.stderr}`);
  return r.stdout;
}

/**
 * What a workload image holds, read from its layout: `{dir, tag, digest, layers, bytes}`
 * where `layers` are the manifest's layer descriptors with `path` (the blob file) added.
 */
export async function imageOf(dir, tag = 'latest') {
  const index = JSON.parse(await readFile(join(dir, 'index.json'), 'utf8'));
  const desc = index.manifests.find((m) => m.annotations?.['org.opencontainers.image.ref.name'] === tag);
  if (!desc) throw new Error(`${dir} has no image tagged ${tag}`);
  const blob = (digest) => join(dir, 'blobs', ...digest.split(':'));
  const manifest = JSON.parse(await readFile(blob(desc.digest), 'utf8'));
  const layers = manifest.layers.map((l) => ({ ...l, path: blob(l.digest) }));
  return { dir, tag, digest: desc.digest, layers, bytes: layers.reduce((n, l) => n + l.size, 0) };
}

/**
 * An image made by umoci (`umoci init`, `new`, `unpack --rootless` of the empty image, the
 * workload tree copied into the bundle's rootfs, `repack`): one layer, one gzip stream
 * written by umoci, as other tools publish them. `tree` is `'binaries'` or `'small'`.
 *
 * Not `umoci insert`: umoci 0.4.7's insert writes a tar without its end (no padding after
 * the last file, no zero blocks) — `tar -x` stops with "Unexpected EOF" — and, inserted
 * at `/`, an entry named `/`.
 */
export async function umociImage({ tree = 'binaries' } = {}) {
  const src = tree === 'small' ? await smallFiles() : await binaries();
  const name = `umoci-repack-${src.dir.split('/').pop()}`;
  await cached(name, async (tmp) => {
    await rm(tmp, { recursive: true, force: true }); // umoci init wants a new directory
    const bundle = `${tmp}.bundle`;
    await rm(bundle, { recursive: true, force: true });
    tool(['umoci', 'init', '--layout', tmp]);
    tool(['umoci', 'new', '--image', `${tmp}:latest`]);
    tool(['umoci', 'config', '--no-history', '--image', `${tmp}:latest`, '--created', CREATED, '--os', 'linux', '--architecture', 'amd64']);
    tool(['umoci', 'unpack', '--rootless', '--image', `${tmp}:latest`, bundle]);
    const rootfs = join(bundle, 'rootfs');
    for (const top of (await readdir(src.dir)).sort()) tool(['cp', '-a', join(src.dir, top), rootfs]);
    await utimes(rootfs, FIXED_MTIME, FIXED_MTIME);
    tool(['umoci', 'repack', '--history.created', CREATED, '--image', `${tmp}:latest`, bundle]);
    await rm(bundle, { recursive: true, force: true });
    tool(['umoci', 'gc', '--layout', tmp]);
    const image = await imageOf(tmp);
    return { layers: image.layers.length, bytes: image.bytes };
  });
  return imageOf(join(WORK, name));
}

/**
 * Layer sizes of a typical many-layer Docker Hub image: a base layer, a few mid-sized
 * ones, then many small ones (RUN/COPY steps), as fractions of the whole.
 */
function layerShares(count) {
  const head = [0.4, 0.12, 0.08, 0.06, 0.04].slice(0, count);
  const rest = count - head.length;
  const left = 1 - head.reduce((a, b) => a + b, 0);
  // Small layers of uneven sizes (1..7 parts), in a fixed order.
  const parts = Array.from({ length: rest }, (_, i) => 1 + ((i * 5) % 7));
  const sum = parts.reduce((a, b) => a + b, 0);
  return [...head, ...parts.map((p) => (left * p) / sum)];
}

/** sha256 of a file, streamed. */
async function fileDigest(path) {
  const h = createHash('sha256');
  for await (const c of createReadStream(path, { highWaterMark: 1 << 20 })) h.update(c);
  return `sha256:${h.digest('hex')}`;
}

/**
 * An image made by skopeo with `layers` layers (default 45) of about `mb` MB in all: the
 * shared libraries, then the small files, cut into layers sized like a many-layer Docker
 * Hub image (layerShares). Each layer is a GNU tar (names sorted, one mtime, owner 0) in an
 * uncompressed layout; `skopeo copy oci:… oci:…` then gzips every layer (one stream each),
 * as it does for any uncompressed source.
 */
export async function skopeoImage({ layers = SIZES.layers, mb = SIZES.layeredMB } = {}) {
  const bins = await binaries();
  const small = await smallFiles();
  const name = `skopeo-${layers}x-${mb}M`;
  await cached(name, async (tmp) => {
    const files = [];
    for (const t of [bins, small]) {
      for await (const p of walkFiles(t.dir)) files.push({ path: p, rel: relative(t.dir, p), size: (await stat(p)).size });
    }
    const total = mb * 1e6;
    const budgets = layerShares(layers).map((f) => f * total);
    const raw = `${tmp}.raw`;
    await rm(raw, { recursive: true, force: true });
    await mkdir(join(raw, 'blobs', 'sha256'), { recursive: true });
    const descs = [];
    let next = 0;
    for (let i = 0; i < layers; i++) {
      const stage = join(raw, `stage-${i}`);
      let bytes = 0;
      let n = 0;
      const seen = new Set();
      while (next < files.length && (n === 0 || bytes < budgets[i])) {
        const f = files[next++];
        if (seen.has(f.rel)) continue; // the same path from both trees: keep the first
        seen.add(f.rel);
        const target = join(stage, f.rel);
        await mkdir(dirname(target), { recursive: true });
        await copyFile(f.path, target);
        bytes += f.size;
        n++;
      }
      if (n === 0) throw new Error(`skopeoImage: the workloads hold too few files for ${layers} layers`);
      const tar = join(raw, `layer-${i}.tar`);
      tool(['tar', '--create', '--file', tar, '--sort=name', '--owner=0', '--group=0', '--numeric-owner', `--mtime=${CREATED}`, '--format=posix', '--pax-option=delete=atime,delete=ctime', '-C', stage, '.']);
      await rm(stage, { recursive: true, force: true });
      const digest = await fileDigest(tar);
      const size = (await stat(tar)).size;
      await rename(tar, join(raw, 'blobs', 'sha256', digest.slice(7)));
      descs.push({ mediaType: 'application/vnd.oci.image.layer.v1.tar', digest, size });
    }
    const put = async (value, mediaType) => {
      const bytes = Buffer.from(JSON.stringify(value));
      const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
      await writeFile(join(raw, 'blobs', 'sha256', digest.slice(7)), bytes);
      return { mediaType, digest, size: bytes.length };
    };
    const config = await put(
      {
        created: CREATED,
        architecture: 'amd64',
        os: 'linux',
        config: {},
        rootfs: { type: 'layers', diff_ids: descs.map((d) => d.digest) },
        history: descs.map((_, i) => ({ created: CREATED, created_by: `layer ${i}` })),
      },
      'application/vnd.oci.image.config.v1+json',
    );
    const manifest = await put({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config, layers: descs }, 'application/vnd.oci.image.manifest.v1+json');
    await writeFile(join(raw, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
    await writeFile(join(raw, 'index.json'), JSON.stringify({ schemaVersion: 2, manifests: [{ ...manifest, annotations: { 'org.opencontainers.image.ref.name': 'latest' } }] }));
    await rm(tmp, { recursive: true, force: true });
    tool(['skopeo', '--insecure-policy', 'copy', '--quiet', `oci:${raw}:latest`, `oci:${tmp}:latest`]);
    await rm(raw, { recursive: true, force: true });
    const image = await imageOf(tmp);
    if (!image.layers.every((l) => /gzip/.test(l.mediaType))) throw new Error('skopeoImage: skopeo left a layer uncompressed');
    return { layers: image.layers.length, bytes: image.bytes };
  });
  return imageOf(join(WORK, name));
}

/** An empty scratch directory `bench/.work/tmp/<name>` (emptied if it existed). */
export async function scratch(name) {
  const dir = join(WORK, 'tmp', name);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  return dir;
}
