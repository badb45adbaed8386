/**
 * The `metadata` output of an index (DESIGN.md §2), read by the one graph walk a few
 * manifests at a time: platforms and layers come out in the index's order whatever order
 * the reads finish in, each layer once; a platform comes from the descriptor, else from the
 * image config; a child the store lacks still gives its descriptor's platform.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeImage } from '../../../src/core/commands/metadata.js';
import { sha256 } from '../../../src/core/digest.js';
import { Store } from '../../../src/core/layout.js';
import { MediaType, type Descriptor } from '../../../src/core/types/oci.js';
import { makeImage, makeIndex } from '../../harness/images.js';

let tmp: string;

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'oci-store-metadata-'));
});

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('describeImage of an index', () => {
  test('platforms and layers in index order, each layer once, platform from descriptor or config, a missing child by its descriptor', async () => {
    const store = await Store.open(join(tmp, 's'));
    const shared = randomBytes(500);
    const children: Descriptor[] = [];
    const layers: string[] = [];
    // Twelve manifests, more than the walk reads at once; every one shares the first layer.
    for (let i = 0; i < 12; i++) {
      const own = randomBytes(100 + i);
      const m = await makeImage(store, { layers: [shared, own], platform: { os: 'linux', architecture: `arch${i}` } });
      layers.push(sha256(own));
      // Odd ones name no platform in the index: it is read from their config.
      const { platform, ...bare } = m;
      children.push(i % 2 === 1 ? bare : { ...m, platform: platform! });
    }
    const missing: Descriptor = { mediaType: MediaType.ImageManifest, digest: sha256('not in the store'), size: 16, platform: { os: 'linux', architecture: 'riscv64' } };
    const index = await makeIndex(store, [children[0]!, missing, ...children.slice(1), children[3]!]);

    const meta = await describeImage(store, index);
    expect(meta.platform).toEqual([
      'linux/arch0',
      'linux/riscv64',
      ...Array.from({ length: 11 }, (_, i) => `linux/arch${i + 1}`),
    ]);
    expect(meta.layers.map((l) => l.digest)).toEqual([sha256(shared), layers[0], ...layers.slice(1)]);
    expect(meta.layers[0]).toEqual({ digest: sha256(shared), size: 500, mediaType: MediaType.LayerGzip });
    expect(meta.digest).toBe(index.digest);
  });
});
