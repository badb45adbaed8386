/**
 * Durability of what a tag names: when index.json is committed (its temp file fsynced,
 * then renamed), every blob the new index reaches has had its data fsynced and its link in
 * blobs/sha256 made durable — and that costs one fsync per blob file plus one directory
 * fsync per commit, not a flush every few MB nor a directory fsync per blob (an ingested
 * layer alone is flushed behind while it is compressed: FlushBehind, storage.ts).
 *
 * The oracle watches FileHandle sync/datasync in this process and records, at each sync,
 * what it made durable: a file's content (by digest) or a directory's entries.
 */
import { afterAll, describe, expect, test } from '@jest/globals';
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { Readable } from 'node:stream';
import { execute } from '../../src/core/commands/index.js';
import { parseOptions } from '../../src/core/commands/options.js';
import { copyGraph } from '../../src/core/copy.js';
import { Store } from '../../src/core/layout.js';
import { MediaType, type Descriptor, type ImageIndex, type Manifest } from '../../src/core/types/oci.js';
import { context, makeTree } from './tree-helpers.js';

const temps: string[] = [];
async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'oci-durable-'));
  temps.push(d);
  return d;
}
afterAll(async () => {
  for (const d of temps) await rm(d, { recursive: true, force: true });
});

type Proto = { datasync(): Promise<void>; sync(): Promise<void>; readonly fd: number };

interface Oracle {
  /** Digests of file contents at the moment they were fsynced. */
  durableData: Set<string>;
  /** Entries of blobs/sha256 at its last fsync. */
  durableLinks: Set<string>;
  /** Every sync: what and which file. */
  events: { call: string; path: string }[];
  /** Problems found at index.json commits. */
  violations: string[];
  commits: number;
  restore(): void;
}

const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

/** Watch syncs of the store at `root` (a probe file is made in `scratch`). */
async function watch(root: string, scratch: string): Promise<Oracle> {
  const fh = await open(join(scratch, 'probe'), 'w');
  const proto = Object.getPrototypeOf(fh) as Proto;
  await fh.close();
  const { datasync, sync } = proto;
  const o: Oracle = { durableData: new Set(), durableLinks: new Set(), events: [], violations: [], commits: 0, restore: () => Object.assign(proto, { datasync, sync }) };
  const blobDir = join(root, 'blobs', 'sha256');

  /** Every blob reachable from an index, by walking the manifests in blobs/. */
  const reachable = (index: ImageIndex): string[] => {
    const out: string[] = [];
    const visit = (d: Descriptor): void => {
      out.push(d.digest.slice(7));
      if (d.mediaType === MediaType.ImageManifest) {
        const m = JSON.parse(readFileSync(join(blobDir, d.digest.slice(7)), 'utf8')) as Manifest;
        [m.config, ...m.layers].forEach(visit);
      }
    };
    index.manifests.forEach(visit);
    return out;
  };

  const record = (self: Proto, call: string): void => {
    const path = readlinkSync(`/proc/self/fd/${self.fd}`);
    o.events.push({ call, path });
    if (path === blobDir) {
      o.durableLinks = new Set(readdirSync(path));
    } else if (statSync(path).isFile()) {
      const bytes = readFileSync(path);
      o.durableData.add(sha(bytes));
      if (/^index\.json\..*\.tmp$/.test(basename(path))) {
        // The commit point: what this index names must already be durable.
        o.commits++;
        for (const hex of reachable(JSON.parse(bytes.toString('utf8')) as ImageIndex)) {
          if (!o.durableData.has(hex)) o.violations.push(`commit ${o.commits}: data of ${hex.slice(0, 12)} not fsynced`);
          if (!o.durableLinks.has(hex)) o.violations.push(`commit ${o.commits}: link of ${hex.slice(0, 12)} not fsynced`);
        }
      }
    }
  };
  proto.datasync = async function (this: Proto) {
    record(this, 'datasync');
    return datasync.call(this);
  };
  proto.sync = async function (this: Proto) {
    // Before the call: what the file holds now is what this fsync makes durable.
    record(this, 'sync');
    return sync.call(this);
  };
  return o;
}

/** An image of `layers` random layers of `size` bytes, tagged `src`, in a new store. */
async function sourceImage(layers: number, size: number): Promise<{ store: Store; root: Descriptor }> {
  const store = await Store.open(join(await tempDir(), 'src'));
  const descs: Descriptor[] = [];
  for (let i = 0; i < layers; i++) {
    const data = randomBytes(size);
    descs.push(await store.pushBytes(data, MediaType.Layer));
  }
  const config = await store.pushJSON({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: descs.map((d) => d.digest) } }, MediaType.ImageConfig);
  const root = await store.pushJSON({ schemaVersion: 2, mediaType: MediaType.ImageManifest, config, layers: descs }, MediaType.ImageManifest);
  await store.tag(root, 'src');
  return { store, root };
}

describe('a committed tag never names a blob that a power loss could take', () => {
  test('pull into a store (graph copy): every blob fsynced before index.json; one directory fsync per commit, no flushes', async () => {
    const { store: src, root } = await sourceImage(4, 10 << 20);
    const dir = await tempDir();
    const dst = await Store.open(join(dir, 'dst'));
    const o = await watch(join(dir, 'dst'), dir);
    try {
      // Small chunks, as from a socket: the writer sees many writes.
      const chunked: typeof src = Object.create(src) as typeof src;
      chunked.fetch = async (d: Descriptor) => {
        const whole = await src.fetch(d);
        return Readable.from(
          (async function* () {
            for await (const c of whole) for (let i = 0; i < (c as Buffer).length; i += 65536) yield (c as Buffer).subarray(i, i + 65536);
          })(),
        );
      };
      await copyGraph(chunked, dst, root, { tags: ['app:1'] });
    } finally {
      o.restore();
    }
    expect(o.commits).toBe(1);
    expect(o.violations).toEqual([]);
    expect(o.events.filter((e) => e.call === 'datasync')).toEqual([]);
    // 6 blob files (4 layers, config, manifest) + blobs/sha256 once + index.json's temp file and the root.
    const dirSyncs = o.events.filter((e) => e.path === join(dir, 'dst', 'blobs', 'sha256'));
    expect(dirSyncs).toHaveLength(1);
    const dataSyncs = o.events.filter((e) => e.path.includes(`${join(dir, 'dst', 'ingest')}/`));
    expect(dataSyncs).toHaveLength(6);
    expect((await dst.resolve('app:1')).digest).toBe(root.digest);
    expect((await dst.verify()).problems).toEqual([]);
  });

  test('ingest: a large layer is flushed behind while it is compressed, then fsynced once by its commit before index.json', async () => {
    const dir = await tempDir();
    const ws = join(dir, 'ws');
    // Incompressible: gzip stores it, ~20 MiB written, past two flush intervals of 8 MiB.
    await makeTree(ws, { 'app/data.bin': { file: randomBytes(20 << 20) } });
    const root = join(dir, 'store');
    await Store.open(root);
    const o = await watch(root, dir);
    try {
      const options = parseOptions({ command: 'ingest', store: root, layers: 'app:/app', compression: 'gzip', tags: 'app:1' }, { cwd: ws });
      await execute(options, context(ws));
    } finally {
      o.restore();
    }
    expect(o.commits).toBe(1);
    expect(o.violations).toEqual([]);
    const data = o.events.filter((e) => /\/ingest\/[0-9a-f]{64}\/data$/.test(e.path));
    // Flushes behind, one at a time (at least one), then the commit's one fsync.
    expect(data.length).toBeGreaterThanOrEqual(2);
    expect(data.slice(0, -1).every((e) => e.call === 'datasync')).toBe(true);
    expect(data.at(-1)!.call).toBe('sync');
    expect(new Set(data.map((e) => e.path)).size).toBe(1);
  });

  test('tags of several images in a row: each commit finds its blobs durable', async () => {
    const dir = await tempDir();
    const store = await Store.open(join(dir, 'store'));
    const o = await watch(join(dir, 'store'), dir);
    try {
      for (let i = 0; i < 3; i++) {
        const layer = await store.pushBytes(randomBytes(1000 + i), MediaType.Layer);
        const config = await store.pushJSON({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [layer.digest] } }, MediaType.ImageConfig);
        const m = await store.pushJSON({ schemaVersion: 2, mediaType: MediaType.ImageManifest, config, layers: [layer] }, MediaType.ImageManifest);
        await store.tag(m, `app:${i}`);
      }
    } finally {
      o.restore();
    }
    expect(o.commits).toBe(3);
    expect(o.violations).toEqual([]);
    expect(o.events.filter((e) => e.path === join(dir, 'store', 'blobs', 'sha256'))).toHaveLength(3);
  });
});
