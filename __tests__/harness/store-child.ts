/**
 * A child process for the store's crash and concurrency tests (compiled into .test-build
 * and run with NODE). Prints one line per completed step on stdout:
 *
 *   store-child.js tagger <root> <id> <count>  push one image, tag it <count> times as
 *                                               p<id>/img:<i>; prints "TAGGED <ref> <digest>"
 *   store-child.js crash <root>                 ingest and tag forever (until killed):
 *                                               "READY", then "TAGGED <ref> <digest>" after
 *                                               each tag() resolves
 */
import { randomBytes, createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Store } from '../../src/core/layout.js';
import { MediaType, type Descriptor } from '../../src/core/types/oci.js';

function out(line: string): void {
  process.stdout.write(line + '\n');
}

async function pushImage(store: Store, layerBytes: number, how: 'push' | 'writer' | 'resume'): Promise<Descriptor> {
  const data = randomBytes(layerBytes);
  const digest = 'sha256:' + createHash('sha256').update(data).digest('hex');
  const layer: Descriptor = { mediaType: MediaType.Layer, digest, size: data.length };
  const chunks = Array.from({ length: Math.ceil(data.length / 16384) }, (_, i) => data.subarray(i * 16384, (i + 1) * 16384));
  if (how === 'push') {
    await store.push(layer, Readable.from(chunks));
  } else {
    const ref = `child-${process.pid}-${digest.slice(7, 19)}`;
    let w = await store.blobs.writer(ref, { total: data.length, expected: digest });
    const half = Math.floor(chunks.length / 2);
    await pipeline(Readable.from(chunks.slice(0, half)), w.stream());
    if (how === 'resume') {
      await w.close();
      w = await store.blobs.resume(ref);
    }
    for (const c of chunks.slice(half)) await w.write(c);
    await w.commit(data.length, digest);
  }
  const config = await store.pushJSON(
    { architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [digest] } },
    MediaType.ImageConfig,
  );
  return store.pushJSON({ schemaVersion: 2, mediaType: MediaType.ImageManifest, config, layers: [layer] }, MediaType.ImageManifest);
}

async function tagger(root: string, id: string, count: number): Promise<void> {
  const store = await Store.open(root);
  const manifest = await pushImage(store, 1000 + Number(id), 'push');
  for (let i = 0; i < count; i++) {
    const ref = `p${id}/img:${i}`;
    await store.tag(manifest, ref);
    out(`TAGGED ${ref} ${manifest.digest}`);
  }
}

async function crash(root: string): Promise<void> {
  const store = await Store.open(root);
  out('READY');
  const hows = ['push', 'writer', 'resume'] as const;
  for (let i = 0; i < 100_000; i++) {
    const manifest = await pushImage(store, 1 + Math.floor(Math.random() * 512 * 1024), hows[i % 3]!);
    // Unreferenced junk for gc to sweep.
    if (i % 2 === 0) await store.pushBytes(randomBytes(100), MediaType.Layer);
    const ref = `crash/${process.pid}:${i}`;
    if (i % 4 === 3) {
      await store.tagMany(manifest, [ref, `${ref}-alias`]);
      out(`TAGGED ${ref} ${manifest.digest}`);
      out(`TAGGED ${ref}-alias ${manifest.digest}`);
    } else {
      await store.tag(manifest, ref);
      out(`TAGGED ${ref} ${manifest.digest}`);
    }
    if (i % 5 === 4) await store.gc({ staleIngestMs: 0 });
  }
}

const [mode, root, ...rest] = process.argv.slice(2);
const run = mode === 'tagger' ? tagger(root!, rest[0]!, Number(rest[1])) : mode === 'crash' ? crash(root!) : Promise.reject(new Error(`unknown mode ${mode}`));
run.catch((e: unknown) => {
  process.stderr.write(`store-child: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
