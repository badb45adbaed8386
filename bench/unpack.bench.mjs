/**
 * unpack vs `tar -xzf` of the same layer blob and vs `umoci unpack --rootless` of the same
 * image (≤ 0.3×), on ~30k small files and on shared libraries; peak RSS unpacking a 1 GB
 * layer (≤ 150 MB). Our images are ingested once, untimed.
 *
 * Targets vs `tar -xzf` (DESIGN.md §6 ≤ 1.0×, tightened by issue 11): ≤ 0.6× on our own
 * layers (1 MiB gzip members, inflated in parallel); ≤ 1.0× on layers other tools made
 * (one gzip stream: umoci's insert of the same trees, and skopeo's 45-layer image, whose
 * peer is `tar -xzf` of each layer in turn into one directory).
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { createGunzip } from 'node:zlib';
import { ours } from './ingest.bench.mjs';
import { SIZES } from './lib/workloads.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));

function run(argv, opts = {}) {
  const r = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8', ...opts });
  if (r.status !== 0) throw new Error(`${argv.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/**
 * The CPU floor under unpacking our small-files layer on this machine, beside `tar -xzf`
 * (measure.mjs cpuFloor): creating the files (`tar -xf` of the layer's uncompressed tar,
 * without restoring owners and modes, which our unpack does not do either: openat, write,
 * utimensat and close per file, as ours) plus inflating and hashing the layer
 * (lib/inflate-hash.mjs), summed and spread over every core. The target (≤ 0.6×, 0.54×
 * with --check's margin) can only be met by a program that gets close to it.
 */
async function unpackFloor({ cpuFloor, bury, NODE, out, label, blob }) {
  const tarFile = join(out, 'floor-layer.tar');
  await pipeline(createReadStream(blob), createGunzip(), createWriteStream(tarFile));
  const dir = join(out, 'floor');
  await cpuFloor({
    name: `unpack floor, ${label}: CPU of creating the files + inflate and hash, over the cores`,
    peerName: 'tar -xzf',
    parts: [
      { label: 'creating the files (tar -xf)', cmd: { argv: ['tar', '-xf', tarFile, '--no-same-owner', '--no-same-permissions', '-C', dir] } },
      { label: 'inflate and hash', cmd: { argv: [NODE, join(HERE, 'lib', 'inflate-hash.mjs'), blob], quiet: false }, cpu: (r) => JSON.parse(r.stdout).cpuMs },
    ],
    peer: { argv: ['tar', '-xzf', blob, '-C', dir] },
    bounds: `unpack vs tar -xzf, ${label}`,
    prepare: async () => {
      await bury(dir);
      await mkdir(dir, { recursive: true });
    },
  });
  await bury(dir);
  await rm(tarFile, { force: true });
}

export default async function ({ compare, cpuFloor, single, bury, workloads, NODE, cliPath }) {
  const argv0 = ours(NODE, cliPath);
  const out = await workloads.scratch('unpack');
  const store = join(out, 'store');
  const images = [];
  for (const [label, tag, tree] of [
    ['small files', 'small', await workloads.smallFiles()],
    ['binaries', 'bins', await workloads.binaries()],
  ]) {
    const result = JSON.parse(run([...argv0, 'ingest', '--store', store, '--layers', '.:/', '--tags', tag], { cwd: tree.dir, env: { ...process.env, GITHUB_WORKSPACE: tree.dir } }));
    const layer = result.metadata.layers[0].digest;
    images.push({ label, tag, blob: join(store, 'blobs', 'sha256', layer.slice(7)) });
  }
  const dest = (side, i) => join(out, `${side}-${i}`);
  const clear = async (_side, i) => {
    for (const s of ['ours', 'peer']) await bury(dest(s, i)); // removed after the run: see bury
  };
  for (const { label, tag, blob } of images) {
    if (tag === 'small') await unpackFloor({ cpuFloor, bury, NODE, out, label, blob });
    await compare({
      name: `unpack vs tar -xzf, ${label}`,
      peerName: 'tar -xzf',
      ours: (i) => ({ argv: [...argv0, 'unpack', '--store', store, '--ref', tag, '--path', dest('ours', i)] }),
      peer: (i) => ({ argv: ['tar', '-xzf', blob, '-C', dest('peer', i)] }),
      prepare: async (side, i) => {
        await clear(side, i);
        if (side === 'peer') await mkdir(dest('peer', i), { recursive: true });
      },
      check: clear,
      target: 0.6,
      rssMB: 150,
    });
    await compare({
      name: `unpack vs umoci unpack, ${label}`,
      peerName: 'umoci unpack',
      ours: (i) => ({ argv: [...argv0, 'unpack', '--store', store, '--ref', tag, '--path', dest('ours', i)] }),
      peer: (i) => ({ argv: ['umoci', 'unpack', '--rootless', '--image', `${store}:${tag}`, dest('peer', i)] }),
      prepare: clear,
      check: clear,
      target: 0.3,
      rssMB: 150,
    });
  }

  // Images other tools made: every layer one gzip stream.
  const foreign = [
    ['umoci image, small files', await workloads.umociImage({ tree: 'small' })],
    ['umoci image, binaries', await workloads.umociImage()],
    [`skopeo image, ${SIZES.layers} layers`, await workloads.skopeoImage()],
  ];
  for (const [label, image] of foreign) {
    const blobs = image.layers.map((l) => l.path);
    await compare({
      name: `unpack vs tar -xzf, ${label}`,
      peerName: 'tar -xzf',
      ours: (i) => ({ argv: [...argv0, 'unpack', '--store', image.dir, '--ref', image.tag, '--path', dest('ours', i)] }),
      // Layers in order into one directory, as an unpacker must.
      peer: (i) => ({ argv: ['sh', '-c', 'd=$1; shift; for b; do tar -xzf "$b" -C "$d" || exit 1; done', 'sh', dest('peer', i), ...blobs] }),
      prepare: async (side, i) => {
        await clear(side, i);
        if (side === 'peer') await mkdir(dest('peer', i), { recursive: true });
      },
      check: clear,
      target: 1.0,
      rssMB: 150,
    });
  }

  const large = await workloads.largeFile();
  run([...argv0, 'ingest', '--store', store, '--layers', '.:/', '--tags', 'large'], { cwd: large.dir, env: { ...process.env, GITHUB_WORKSPACE: large.dir } });
  await single({
    name: 'unpack 1 GB layer, peak RSS',
    ours: (i) => ({ argv: [...argv0, 'unpack', '--store', store, '--ref', 'large', '--path', dest('ours', i)] }),
    prepare: clear,
    check: async (_s, _r, i) => {
      const size = (await stat(join(dest('ours', i), 'blob.bin'))).size;
      if (size !== large.bytes) throw new Error(`unpacked ${size} bytes, expected ${large.bytes}`);
      await clear('ours', i);
    },
    runs: 1,
    warmup: false,
    rssMB: 150,
  });
}
