/**
 * ingest vs `umoci insert --rootless` (DESIGN.md §6): gzip at the default level (time ≤
 * 1.0×, ≤ 0.9× on binaries — issue 11 — and layer size ≤ 1.05× umoci's), zstd vs umoci's
 * gzip (time ≤ 0.5×), and peak RSS ingesting a 1 GB layer (≤ 150 MB). Our side runs bench/driver.mjs over .test-build/
 * (set BENCH_OURS=cli to run the CLI bundle instead).
 */
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { ROOT } from './lib/measure.mjs';

/** argv prefix of our command line. */
export function ours(NODE, cliPath) {
  return process.env.BENCH_OURS === 'cli' ? [NODE, cliPath()] : [NODE, join(ROOT, 'bench', 'driver.mjs')];
}

/** The largest blob of an OCI layout (the layer, for a one-layer image): its path, size and digest. */
export async function largestBlob(layout) {
  const dir = join(layout, 'blobs', 'sha256');
  let best = { path: '', size: -1, digest: '' };
  for (const n of await readdir(dir)) {
    const { size } = await stat(join(dir, n));
    if (size > best.size) best = { path: join(dir, n), size, digest: `sha256:${n}` };
  }
  return best;
}

function umoci(...args) {
  const r = spawnSync('umoci', args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`umoci ${args.join(' ')}: ${r.stderr}`);
}

export default async function ({ compare, single, bound, workloads, NODE, cliPath }) {
  const argv0 = ours(NODE, cliPath);
  const out = await workloads.scratch('ingest');
  const trees = [
    ['small files', await workloads.smallFiles()],
    ['binaries', await workloads.binaries()],
  ];
  for (const [label, tree] of trees) {
    for (const compression of ['gzip', 'zstd']) {
      const sizes = { ours: [], peer: [] };
      const store = (i) => join(out, `ours-${i}`);
      const image = (i) => join(out, `umoci-${i}`);
      await compare({
        name: `ingest ${compression}, ${label}`,
        peerName: 'umoci insert',
        ours: (i) => ({
          argv: [...argv0, 'ingest', '--store', store(i), '--layers', '.:/', '--compression', compression, '--tags', 'bench'],
          cwd: tree.dir,
          env: { GITHUB_WORKSPACE: tree.dir },
        }),
        peer: (i) => ({ argv: ['umoci', 'insert', '--rootless', '--image', `${image(i)}:bench`, tree.dir, '/'] }),
        prepare: async (side, i) => {
          await rm(store(i), { recursive: true, force: true });
          await rm(image(i), { recursive: true, force: true });
          if (side === 'peer') {
            umoci('init', '--layout', image(i));
            umoci('new', '--image', `${image(i)}:bench`);
          }
        },
        check: async (side, _r, i) => {
          sizes[side].push((await largestBlob(side === 'ours' ? store(i) : image(i))).size);
          await rm(side === 'ours' ? store(i) : image(i), { recursive: true, force: true });
        },
        target: compression === 'zstd' ? 0.5 : label === 'binaries' ? 0.9 : 1.0,
        rssMB: 150,
      });
      const ratio = sizes.ours[0] / sizes.peer[0];
      console.log(`layer size ${compression}, ${label}: ours ${(sizes.ours[0] / 1e6).toFixed(1)} MB, umoci (gzip) ${(sizes.peer[0] / 1e6).toFixed(1)} MB, ratio ${ratio.toFixed(3)}`);
      if (compression === 'gzip') {
        bound({ name: `layer size gzip, ${label}`, peer: 'umoci insert', value: ratio, values: sizes.ours.map((s, i) => s / sizes.peer[i]), limit: 1.05 });
      }
    }
  }

  const large = await workloads.largeFile();
  await single({
    name: 'ingest 1 GB layer, peak RSS',
    ours: (i) => ({
      argv: [...argv0, 'ingest', '--store', join(out, `large-${i}`), '--layers', '.:/', '--tags', 'bench'],
      cwd: large.dir,
      env: { GITHUB_WORKSPACE: large.dir },
    }),
    prepare: async (_s, i) => rm(join(out, `large-${i}`), { recursive: true, force: true }),
    check: async (_s, _r, i) => rm(join(out, `large-${i}`), { recursive: true, force: true }),
    runs: 1,
    warmup: false,
    rssMB: 150,
  });
}
