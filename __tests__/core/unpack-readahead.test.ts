/**
 * The next small layer is opened and starts inflating while the one before it is applied
 * (unpack.ts readAhead), and that changes nothing of what an unpack reports: a failure is
 * still the first bad layer's, at its turn, and a layer read ahead is released when an
 * earlier one fails.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { sha256 } from '../../src/core/digest.js';
import { Store } from '../../src/core/layout.js';
import { encodeHeader, endOfArchive, padding, type TarHeader } from '../../src/core/tar/index.js';
import { MediaType, type Descriptor } from '../../src/core/types/oci.js';
import { unpackManifest, type UnpackStore } from '../../src/core/unpack.js';
import { captureLogger, cleanup, tempDir } from './tree-helpers.js';

let tmp: string;
let store: Store;
beforeAll(async () => {
  tmp = await tempDir('oci-readahead-');
  store = await Store.open(join(tmp, 'store'));
});
afterAll(async () => cleanup(tmp));

function tarOf(name: string, body: Buffer): Buffer {
  const h: TarHeader = { name, type: 'file', size: body.length, mode: 0o644, uid: 0, gid: 0, uname: '', gname: '', mtime: 1, linkname: '', devmajor: 0, devminor: 0 };
  return Buffer.concat([encodeHeader(h), body, padding(body.length), endOfArchive()]);
}

/** Small single-stream gzip layers (as skopeo writes them), each one file. */
async function image(layers: Array<{ tar: Buffer; blob?: Buffer; diffID?: string }>): Promise<{ manifest: Descriptor; layers: Descriptor[] }> {
  const descs: Descriptor[] = [];
  for (const l of layers) descs.push(await store.pushBytes(l.blob ?? gzipSync(l.tar, { level: 1 }), MediaType.LayerGzip));
  const config = await store.pushJSON({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: layers.map((l) => l.diffID ?? sha256(l.tar)) } }, MediaType.ImageConfig);
  const manifest = await store.pushJSON({ schemaVersion: 2, mediaType: MediaType.ImageManifest, config, layers: descs }, MediaType.ImageManifest);
  return { manifest, layers: descs };
}

/** The store, with what happened to each layer blob in order: `fetch N`, `end N` (read to its end), `closed N`. */
function recording(layers: Descriptor[]): { store: UnpackStore; events: string[] } {
  const events: string[] = [];
  const n = (d: Descriptor): number => layers.findIndex((l) => l.digest === d.digest) + 1;
  return {
    events,
    store: {
      fetch: async (desc, options) => {
        events.push(`fetch ${n(desc)}`);
        const s: Readable = await store.fetch(desc, options);
        s.once('end', () => events.push(`end ${n(desc)}`));
        s.once('close', () => events.push(`closed ${n(desc)}`));
        return s;
      },
      readJSON: (desc, maxBytes) => store.readJSON(desc, maxBytes),
    },
  };
}

describe('read-ahead of small layers', () => {
  const one = tarOf('one.bin', randomBytes(3 * 1024 * 1024));
  const two = tarOf('two.bin', randomBytes(100 * 1024));
  const three = tarOf('three.txt', Buffer.from('three\n'));

  test('the next layer is opened before the one before it has been read to its end, and every layer lands', async () => {
    const img = await image([{ tar: one }, { tar: two }, { tar: three }]);
    const r = recording(img.layers);
    const out = join(tmp, 'ok');
    await unpackManifest(r.store, img.manifest, out, { logger: captureLogger() });
    expect(r.events.indexOf('fetch 1')).toBeLessThan(r.events.indexOf('fetch 2'));
    expect(r.events.indexOf('fetch 2')).toBeLessThan(r.events.indexOf('end 1'));
    expect(r.events.filter((e) => e.startsWith('fetch'))).toHaveLength(3);
    expect((await stat(join(out, 'one.bin'))).size).toBe(3 * 1024 * 1024);
    expect((await stat(join(out, 'two.bin'))).size).toBe(100 * 1024);
    expect(await readFile(join(out, 'three.txt'), 'utf8')).toBe('three\n');
  });

  test('a corrupt layer read ahead fails at its turn, after the layers before it were applied', async () => {
    const corrupt = gzipSync(two, { level: 1 });
    corrupt[corrupt.length - 12] ^= 0xff; // inside the deflate data near its end
    const img = await image([{ tar: three }, { tar: two, blob: corrupt }]);
    const out = join(tmp, 'corrupt-second');
    const e = await unpackManifest(store, img.manifest, out, { logger: captureLogger() }).catch((x: unknown) => x);
    expect(e).toMatchObject({ code: 'INVALID_LAYER' });
    await expect(stat(out)).rejects.toMatchObject({ code: 'ENOENT' }); // staged, removed
  });

  test('when a layer fails, the failure is its own (not that of a bad layer read ahead), and the one read ahead is closed', async () => {
    const corrupt = Buffer.from(gzipSync(three));
    corrupt[corrupt.length - 12] ^= 0xff;
    const img = await image([{ tar: one, diffID: sha256('not this') }, { tar: three, blob: corrupt }]);
    const r = recording(img.layers);
    const unhandled: unknown[] = [];
    const onUnhandled = (x: unknown): void => void unhandled.push(x);
    process.on('unhandledRejection', onUnhandled);
    try {
      const e = await unpackManifest(r.store, img.manifest, join(tmp, 'bad-first'), { logger: captureLogger() }).catch((x: unknown) => x);
      expect(e).toMatchObject({ code: 'DIGEST_MISMATCH', message: expect.stringContaining(img.layers[0]!.digest) });
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
    expect(unhandled).toEqual([]);
    expect(r.events).toContain('fetch 2');
    expect(r.events).toContain('closed 2');
  });

  test('a layer read ahead that is missing from the store is NOT_FOUND at its turn', async () => {
    const img = await image([{ tar: three }, { tar: two }]);
    const missing: UnpackStore = {
      fetch: (desc, options) => (desc.digest === img.layers[1]!.digest ? Promise.reject(Object.assign(new Error('gone'), { code: 'NOT_FOUND' })) : store.fetch(desc, options)),
      readJSON: (desc, maxBytes) => store.readJSON(desc, maxBytes),
    };
    const e = await unpackManifest(missing, img.manifest, join(tmp, 'missing'), { logger: captureLogger() }).catch((x: unknown) => x);
    expect(e).toMatchObject({ code: 'NOT_FOUND' });
  });
});
