import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { gzipStream, isParallelGzip, ownsItsMemory } from '../../src/core/compress/index.js';
import { sha256 } from '../../src/core/digest.js';
import { Store } from '../../src/core/layout.js';
import { encodeHeader, endOfArchive, padding, type TarHeader } from '../../src/core/tar/index.js';
import { ThreadHash } from '../../src/core/thread-hash.js';
import { MediaType, type Descriptor } from '../../src/core/types/oci.js';
import { applyLayerBlob, Extractor, unpackManifest, type UnpackStore } from '../../src/core/unpack.js';
import { captureLogger, cleanup, tempDir } from './tree-helpers.js';

let tmp: string;
let store: Store;
beforeAll(async () => {
  tmp = await tempDir('oci-diffid-');
  store = await Store.open(join(tmp, 'store'));
});
afterAll(async () => cleanup(tmp));

describe('ThreadHash: sha256 on a worker thread', () => {
  test('equals createHash over any chunking (empty, smaller and larger than a slot, more than the ring), stream after stream', async () => {
    const data = randomBytes(5 * 1024 * 1024 + 123);
    const t = new ThreadHash();
    try {
      for (const sizes of [[data.length], [0, 1, 7, 256 * 1024, 256 * 1024 + 1, 3 * 1024 * 1024], [100_000]]) {
        let off = 0;
        for (let i = 0; off < data.length; i++) {
          const n = Math.min(sizes[i % sizes.length]!, data.length - off);
          const chunk = Buffer.from(data.subarray(off, off + n));
          await t.update(chunk);
          chunk.fill(0); // copied: the caller may reuse its buffer once update settles
          off += n;
        }
        expect(await t.digest()).toBe(`sha256:${createHash('sha256').update(data).digest('hex')}`);
      }
      expect(await t.digest()).toBe(sha256(Buffer.alloc(0)));
    } finally {
      await t.close();
    }
  });

  test('give: hashes a chunk without copying it (its memory goes to the worker, freed there), in order with update', async () => {
    const data = randomBytes(20 * 1024 * 1024 + 5);
    const t = new ThreadHash();
    try {
      let off = 0;
      for (let i = 0; off < data.length; i++) {
        const n = Math.min(i % 3 === 2 ? 1000 : 1024 * 1024, data.length - off);
        const chunk = Buffer.from(new Uint8Array(data.subarray(off, off + n)).buffer);
        if (i % 3 === 2) {
          await t.update(chunk);
          expect(chunk.length).toBe(n);
        } else {
          await t.give(chunk); // more than its 8 MiB in flight: waits for the worker
          expect(chunk.length).toBe(0); // detached here: transferred
        }
        off += n;
      }
      expect(await t.digest()).toBe(`sha256:${createHash('sha256').update(data).digest('hex')}`);
    } finally {
      await t.close();
    }
  });

  test('works in a process whose eval\'d code is an ES module (--input-type=module: a worker inherits it, and has no require)', async () => {
    const script = `const { ThreadHash } = await import(${JSON.stringify(join(process.cwd(), 'src/core/thread-hash.ts'))});
const t = new ThreadHash(); await t.update(Buffer.from('abc')); console.log(await t.digest()); await t.close();`;
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, NODE_OPTIONS: '' } });
    expect(stdout.trim()).toBe(sha256(Buffer.from('abc')));
  });
});

describe('diffIDs of large layers (hashed off the main thread)', () => {
  /** One file of incompressible bytes: its gzip layer is past the threshold for the thread. */
  const body = randomBytes(9 * 1024 * 1024);
  const h: TarHeader = { name: 'big.bin', type: 'file', size: body.length, mode: 0o644, uid: 0, gid: 0, uname: '', gname: '', mtime: 1, linkname: '', devmajor: 0, devminor: 0 };
  const tar = Buffer.concat([encodeHeader(h), body, padding(body.length), endOfArchive()]);
  const blob = gzipSync(tar, { level: 1 });

  async function image(diffID: string): Promise<Descriptor> {
    const layer = await store.pushBytes(blob, MediaType.LayerGzip);
    expect(layer.size).toBeGreaterThan(8 * 1024 * 1024);
    const config = await store.pushJSON({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [diffID, diffID] } }, MediaType.ImageConfig);
    return store.pushJSON({ schemaVersion: 2, mediaType: MediaType.ImageManifest, config, layers: [layer, layer] }, MediaType.ImageManifest);
  }

  test('a large two-layer image unpacks, each layer verified against its diffID', async () => {
    const out = join(tmp, 'big');
    await unpackManifest(store, await image(sha256(tar)), out, { logger: captureLogger() });
    expect((await readFile(join(out, 'big.bin'))).equals(body)).toBe(true);
  });

  test('our own block-parallel gzip is told from one gzip stream (its members are handed to the hashing thread once applied, no copy)', async () => {
    const ours: Buffer[] = [];
    for await (const c of gzipStream((async function* () { yield tar; })(), { level: 1 })) ours.push(c);
    expect(isParallelGzip(Buffer.concat(ours).subarray(0, 64))).toBe(true);
    expect(isParallelGzip(blob.subarray(0, 64))).toBe(false);
    expect(isParallelGzip(Buffer.concat(ours).subarray(0, 10))).toBe(false);
    // Either way, a wrong diffID is caught.
    const layer = await store.pushBytes(Buffer.concat(ours), MediaType.LayerGzip);
    const config = await store.pushJSON({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [sha256('other')] } }, MediaType.ImageConfig);
    const desc = await store.pushJSON({ schemaVersion: 2, mediaType: MediaType.ImageManifest, config, layers: [layer] }, MediaType.ImageManifest);
    await expect(unpackManifest(store, desc, join(tmp, 'ours-wrong'), { logger: captureLogger() })).rejects.toMatchObject({ code: 'DIGEST_MISMATCH' });
    // The tar went to the hashing thread member by member, each one's own memory (no copy).
    class Counting extends ThreadHash {
      owned = 0;
      given = 0;
      override async give(chunk: Uint8Array): Promise<void> {
        if (ownsItsMemory(chunk)) this.owned++;
        this.given += chunk.length;
        return super.give(chunk);
      }
    }
    const t = new Counting();
    const root = join(tmp, 'ours-given');
    await mkdir(root);
    try {
      await applyLayerBlob(store, new Extractor(root, { logger: captureLogger(), hadFiles: false }), layer, sha256(tar), { thread: () => t });
      expect(t.given).toBe(tar.length);
      // Every 1 MiB member; not the last one of 1.5 KiB (a slice of Buffer's pool: copied).
      expect(tar.length % (1024 * 1024)).toBe(1536);
      expect(t.owned).toBe(Math.floor(tar.length / (1024 * 1024)));
    } finally {
      await t.close();
    }
    expect((await readFile(join(root, 'big.bin'))).equals(body)).toBe(true);
  });

  test('a layer blob is read 256 KiB at a time (at 64 KiB, inflate waited for each read behind the members on the pool; 1 MiB raised peak RSS by ~30 MB)', async () => {
    const asked: Array<{ readSize?: number } | undefined> = [];
    const reading: UnpackStore = {
      fetch: (desc, options) => {
        asked.push(options);
        return store.fetch(desc, options);
      },
      readJSON: (desc, maxBytes) => store.readJSON(desc, maxBytes),
    };
    const out = join(tmp, 'read-size');
    await unpackManifest(reading, await image(sha256(tar)), out, { logger: captureLogger() });
    expect((await readFile(join(out, 'big.bin'))).equals(body)).toBe(true);
    expect(asked.filter((o) => o?.readSize === 256 * 1024)).toHaveLength(2);
  });

  test('a wrong diffID of a large layer is DIGEST_MISMATCH and nothing is left behind', async () => {
    const out = join(tmp, 'big-wrong');
    await expect(unpackManifest(store, await image(sha256('other')), out, { logger: captureLogger() })).rejects.toMatchObject({
      code: 'DIGEST_MISMATCH',
      message: expect.stringContaining(`is ${sha256(tar)}, expected ${sha256('other')}`),
    });
    await expect(readFile(join(out, 'big.bin'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
