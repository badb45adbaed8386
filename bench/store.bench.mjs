/**
 * The store's own maintenance work on a ~300 MB store (one image whose ~760 layers are
 * shared libraries): `verify` re-hashing every blob beside `sha256sum` of the same files,
 * and `gc` / `inspect --ref` on that store (no peer; reported for regressions).
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { built } from './lib/measure.mjs';
import { ours } from './ingest.bench.mjs';

async function* walk(dir) {
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* walk(p);
    else if (e.isFile()) yield p;
  }
}

/** A store holding every file of `tree` as a layer of one tagged image. */
export async function buildStore(dir, tree) {
  const { Store } = await import(pathToFileURL(built('src/core/layout.js')).href);
  const store = await Store.open(dir);
  const layers = [];
  for await (const f of walk(tree)) {
    layers.push(await store.pushBytes(await readFile(f), 'application/vnd.oci.image.layer.v1.tar'));
  }
  const config = await store.pushJSON(
    { architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: layers.map((l) => l.digest) } },
    'application/vnd.oci.image.config.v1+json',
  );
  const manifest = await store.pushJSON(
    { schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config, layers },
    'application/vnd.oci.image.manifest.v1+json',
  );
  await store.tag(manifest, 'libs:1');
  return { layers: layers.length, bytes: layers.reduce((n, l) => n + l.size, 0) };
}

export default async function ({ compare, single, workloads, NODE, cliPath }) {
  const argv0 = ours(NODE, cliPath);
  const bins = await workloads.binaries();
  const dir = await workloads.scratch('store-bench');
  const store = join(dir, 'store');
  const info = await buildStore(store, bins.dir);
  console.log(`store: ${info.layers} layers, ${(info.bytes / 1e6).toFixed(0)} MB`);
  await compare({
    name: 'verify (re-hash ~300 MB) vs sha256sum',
    ours: { argv: [...argv0, 'verify', '--store', store] },
    peer: { argv: ['sh', '-c', 'sha256sum blobs/sha256/* > /dev/null'], cwd: store },
    target: 1.2,
    rssMB: 150,
  });
  await single({ name: 'gc, nothing to collect', ours: { argv: [...argv0, 'gc', '--store', store] } });
  await single({ name: 'inspect --ref (760 layers)', ours: { argv: [...argv0, 'inspect', '--store', store, '--ref', 'libs:1'] } });
}
