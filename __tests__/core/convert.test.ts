/**
 * Whether an image needs conversion to OCI (convert.ts), judged over the graph walk: Docker
 * content anywhere under the root (the root, a config, a layer, a child manifest, two index
 * levels down) says yes; a child a platform selection left out of the store is judged by its
 * descriptor alone. Table-driven over a small in-memory store (the store is the boundary).
 */
import { describe, expect, test } from '@jest/globals';
import { needsOCIConversion, type ConvertStore } from '../../src/core/convert.js';
import { OciError } from '../../src/core/errors.js';
import { MediaType, type Descriptor } from '../../src/core/types/oci.js';

const hex = (n: string): string => `sha256:${n.padEnd(64, '0')}`;
const d = (n: string, mediaType: string): Descriptor => ({ mediaType, digest: hex(n), size: 1 });

const ociConfig = d('c0', MediaType.ImageConfig);
const ociLayer = d('10', MediaType.LayerGzip);
const dockerConfig = d('c1', MediaType.DockerConfig);
const dockerLayer = d('11', MediaType.DockerLayerGzip);

const docs = new Map<string, unknown>([
  [hex('a0'), { mediaType: MediaType.ImageManifest, config: ociConfig, layers: [ociLayer] }],
  [hex('a1'), { mediaType: MediaType.ImageManifest, config: ociConfig, layers: [ociLayer, dockerLayer] }],
  [hex('a2'), { mediaType: MediaType.ImageManifest, config: dockerConfig, layers: [ociLayer] }],
  // a Docker-content manifest the store lacks (left out by a platform selection)
  [hex('a3'), { mediaType: MediaType.ImageManifest, config: ociConfig, layers: [dockerLayer] }],
]);
const plain = d('a0', MediaType.ImageManifest);
const withDockerLayer = d('a1', MediaType.ImageManifest);
const withDockerConfig = d('a2', MediaType.ImageManifest);
const leftOut = d('a3', MediaType.ImageManifest);
const dockerChild = d('a4', MediaType.DockerManifest); // not in the store either
docs.set(hex('e0'), { mediaType: MediaType.ImageIndex, manifests: [plain, plain] });
docs.set(hex('e1'), { mediaType: MediaType.ImageIndex, manifests: [plain, withDockerLayer] });
docs.set(hex('e2'), { mediaType: MediaType.ImageIndex, manifests: [plain, leftOut] });
docs.set(hex('e3'), { mediaType: MediaType.ImageIndex, manifests: [plain, dockerChild] });
docs.set(hex('e4'), { mediaType: MediaType.ImageIndex, manifests: [d('e0', MediaType.ImageIndex), d('e1', MediaType.ImageIndex)] });
docs.set(hex('e5'), { mediaType: MediaType.ImageIndex, manifests: [d('e0', MediaType.ImageIndex), d('e2', MediaType.ImageIndex)] });
const present = new Set([...docs.keys()].filter((k) => k !== hex('a3')));

const store: ConvertStore = {
  async readJSON<T>(desc: Descriptor): Promise<T> {
    if (!present.has(desc.digest)) throw new OciError('NOT_FOUND', `${desc.digest} is not in the store`);
    return docs.get(desc.digest) as T;
  },
  async pushJSON(): Promise<Descriptor> {
    throw new Error('not written by the check');
  },
  async exists(desc: Descriptor): Promise<boolean> {
    return present.has(desc.digest);
  },
};

describe('needsOCIConversion', () => {
  test.each([
    ['plain OCI manifest', plain, false],
    ['OCI manifest with a Docker layer', withDockerLayer, true],
    ['OCI manifest with a Docker config', withDockerConfig, true],
    ['a Docker manifest itself', d('b0', MediaType.DockerManifest), true],
    ['OCI index of plain manifests (one listed twice)', d('e0', MediaType.ImageIndex), false],
    ['OCI index with a child holding a Docker layer', d('e1', MediaType.ImageIndex), true],
    ['OCI index whose left-out child is judged by its OCI descriptor', d('e2', MediaType.ImageIndex), false],
    ['OCI index whose left-out child is Docker-typed', d('e3', MediaType.ImageIndex), true],
    ['Docker content two index levels down', d('e4', MediaType.ImageIndex), true],
    ['a left-out child two index levels down', d('e5', MediaType.ImageIndex), false],
  ])('%s → %s', async (_name, desc, expected) => {
    expect(await needsOCIConversion(store, desc)).toBe(expected);
  });
});
