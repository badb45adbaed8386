/**
 * A store kept for months (issue 13, "Scale"): 100,000 tags on three small images, in a
 * plain OCI layout that umoci and skopeo read. Side by side on that same layout, whole
 * processes: `tag` vs `umoci tag`, `inspect` of one tag vs `skopeo inspect oci:…`, `unpack`
 * of one tag vs `umoci unpack --rootless`, and the bundled action's cold start (`inspect`
 * of one tag) vs `skopeo inspect` — each ≤ 1.0× at ≤ 150 MB peak RSS. `verify` is timed
 * alone (it must be linear in blobs, not in tags × graph; the tests count its reads).
 *
 * BENCH_SCALE_TAGS overrides the number of tags (2,000 with --quick).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { built, ROOT } from './lib/measure.mjs';
import { ours } from './ingest.bench.mjs';

export const tagName = (i) => `t-${String(i).padStart(6, '0')}`;

function run(argv, options = {}) {
  const r = spawnSync(argv[0], argv.slice(1), { maxBuffer: 64 << 20, ...options });
  if (r.status !== 0) throw new Error(`${argv.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/**
 * The layout: three images of one real gzip layer each (so both sides can unpack them),
 * then index.json written directly with `count` tags, tag i on image i % 3 — as a store
 * grown over months would look, without months of tagging.
 */
export async function buildLayout(dir, count, scratchDir) {
  const { Store } = await import(pathToFileURL(built('src/core/layout.js')).href);
  const store = await Store.open(dir);
  const images = [];
  for (let k = 0; k < 3; k++) {
    const tree = join(scratchDir, `tree-${k}`);
    await mkdir(join(tree, 'etc'), { recursive: true });
    await writeFile(join(tree, 'etc', 'image'), `image ${k}\n`);
    const tarArgs = ['-C', tree, '--owner=0', '--group=0', '--mtime=2024-01-01', '-cf', '-', 'etc'];
    const raw = run(['tar', ...tarArgs]);
    const gz = run(['gzip', '-n'], { input: raw });
    const layer = await store.pushBytes(gz, 'application/vnd.oci.image.layer.v1.tar+gzip');
    const diffID = `sha256:${createHash('sha256').update(raw).digest('hex')}`;
    const config = await store.pushJSON(
      { architecture: 'amd64', os: 'linux', config: {}, rootfs: { type: 'layers', diff_ids: [diffID] } },
      'application/vnd.oci.image.config.v1+json',
    );
    images.push(
      await store.pushJSON(
        { schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config, layers: [layer] },
        'application/vnd.oci.image.manifest.v1+json',
      ),
    );
  }
  const manifests = [];
  for (let i = 0; i < count; i++) {
    const m = images[i % 3];
    manifests.push({ mediaType: m.mediaType, digest: m.digest, size: m.size, annotations: { 'org.opencontainers.image.ref.name': tagName(i) } });
  }
  await writeFile(join(dir, 'index.json'), JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests }));
  return images;
}

export default async function ({ compare, single, workloads, NODE, cliPath }) {
  const count = Number(process.env.BENCH_SCALE_TAGS ?? (workloads.QUICK ? 2000 : 100_000));
  const argv0 = ours(NODE, cliPath);
  const dir = await workloads.scratch('scale');
  const store = join(dir, 'store');
  const images = await buildLayout(store, count, dir);
  const one = tagName(Math.floor(count / 2));
  const digestOf = images[Math.floor(count / 2) % 3].digest;
  console.log(`store: ${count} tags on ${images.length} images; acting on ${one}`);

  await compare({
    name: `tag, ${count} tags`,
    peerName: 'umoci tag',
    ours: (i) => ({ argv: [...argv0, 'tag', '--store', store, '--ref', one, '--tags', `ours-${i + 1}`], quiet: false }),
    peer: (i) => ({ argv: ['umoci', 'tag', '--image', `${store}:${one}`, `umoci-${i + 1}`] }),
    check: (side, r) => {
      if (side === 'ours' && !r.stdout.includes(digestOf)) throw new Error(`tag: unexpected output ${r.stdout.slice(0, 300)}`);
    },
    target: 1.0,
    rssMB: 150,
  });

  await compare({
    name: `inspect one tag, ${count} tags`,
    peerName: 'skopeo inspect',
    ours: { argv: [...argv0, 'inspect', '--store', store, '--ref', one], quiet: false },
    peer: { argv: ['skopeo', '--insecure-policy', 'inspect', `oci:${store}:${one}`] },
    check: (side, r) => {
      if (side === 'ours' && !r.stdout.includes(digestOf)) throw new Error(`inspect: unexpected output ${r.stdout.slice(0, 300)}`);
    },
    target: 1.0,
    rssMB: 150,
  });

  const dest = (side, i) => join(dir, `unpack-${side}-${i}`);
  const clear = async (side, i) => rm(dest(side, i), { recursive: true, force: true });
  await compare({
    name: `unpack one tag, ${count} tags`,
    peerName: 'umoci unpack',
    ours: (i) => ({ argv: [...argv0, 'unpack', '--store', store, '--ref', one, '--path', dest('ours', i)] }),
    peer: (i) => ({ argv: ['umoci', 'unpack', '--rootless', '--image', `${store}:${one}`, dest('peer', i)] }),
    prepare: clear,
    check: async (side, _r, i) => {
      const file = side === 'ours' ? join(dest(side, i), 'etc', 'image') : join(dest(side, i), 'rootfs', 'etc', 'image');
      if (!existsSync(file)) throw new Error(`unpack (${side}): ${file} is missing`);
      await clear(side, i);
    },
    target: 1.0,
    rssMB: 150,
  });

  const main = join(ROOT, 'dist', 'main', 'index.js');
  if (existsSync(main)) {
    // A local run of the bundle: no runner variables, so the runner cache is off.
    const env = Object.fromEntries(Object.keys(process.env).filter((k) => /^(GITHUB_|ACTIONS_|RUNNER_|INPUT_)/.test(k)).map((k) => [k, undefined]));
    await compare({
      name: `action cold start: inspect, ${count} tags`,
      peerName: 'skopeo inspect',
      ours: { argv: [NODE, main], env: { ...env, INPUT_COMMAND: 'inspect', INPUT_STORE: store, INPUT_REF: one }, quiet: false },
      peer: { argv: ['skopeo', '--insecure-policy', 'inspect', `oci:${store}:${one}`] },
      check: (side, r) => {
        if (side === 'ours' && !`${r.stdout}${r.stderr}`.includes(digestOf)) throw new Error(`action: unexpected output ${r.stdout.slice(0, 300)}`);
      },
      target: 1.0,
      rssMB: 150,
    });
  } else {
    console.log('action cold start: skipped, dist/ is missing (npm run package)');
  }

  await single({ name: `verify, ${count} tags, 9 blobs`, ours: { argv: [...argv0, 'verify', '--store', store] }, runs: 3, rssMB: 150 });
  await rm(dir, { recursive: true, force: true });
}
