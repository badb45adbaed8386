/**
 * The codec table and what derives from it: the media types each compression is read from
 * and written as (image-spec media-types.md and its compatibility matrix), the values the
 * `compression` input takes, and a round trip through every codec.
 */
import { describe, expect, test } from '@jest/globals';
import { createHash } from 'node:crypto';
import { COMPRESSIONS, compress, decompress, layerCompression, layerMediaType } from '../../../src/core/compress/index.js';
import { isOciError } from '../../../src/core/errors.js';
import { parseOptions } from '../../../src/core/commands/options.js';

describe('media types', () => {
  test.each([
    ['application/vnd.oci.image.layer.v1.tar', 'none'],
    ['application/vnd.oci.image.layer.v1.tar+gzip', 'gzip'],
    ['application/vnd.oci.image.layer.v1.tar+zstd', 'zstd'],
    ['application/vnd.oci.image.layer.nondistributable.v1.tar', 'none'],
    ['application/vnd.oci.image.layer.nondistributable.v1.tar+gzip', 'gzip'],
    ['application/vnd.oci.image.layer.nondistributable.v1.tar+zstd', 'zstd'],
    ['application/vnd.docker.image.rootfs.diff.tar', 'none'],
    ['application/vnd.docker.image.rootfs.diff.tar.gzip', 'gzip'],
    ['application/vnd.docker.image.rootfs.diff.tar.zstd', 'zstd'],
    ['application/vnd.docker.image.rootfs.foreign.diff.tar', 'none'],
    ['application/vnd.docker.image.rootfs.foreign.diff.tar.gzip', 'gzip'],
    // Not layer types anyone writes: not read as layers.
    ['application/vnd.docker.image.rootfs.foreign.diff.tar.zstd', undefined],
    ['application/vnd.oci.image.layer.v1.tar+lz4', undefined],
    ['application/vnd.oci.image.config.v1+json', undefined],
    ['', undefined],
  ] as const)('%s is read as %s', (mediaType, compression) => {
    expect(layerCompression(mediaType)).toBe(compression);
  });

  test('layers are written with the OCI type of their compression', () => {
    expect(Object.fromEntries(COMPRESSIONS.map((c) => [c, layerMediaType(c)]))).toEqual({
      gzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
      zstd: 'application/vnd.oci.image.layer.v1.tar+zstd',
      none: 'application/vnd.oci.image.layer.v1.tar',
    });
    for (const c of COMPRESSIONS) expect(layerCompression(layerMediaType(c))).toBe(c);
  });
});

describe('the compression input', () => {
  test('takes every codec, gzip by default, and names them all when refusing another', () => {
    expect(COMPRESSIONS).toEqual(['gzip', 'zstd', 'none']);
    for (const c of COMPRESSIONS) expect(parseOptions({ command: 'ingest', layers: 'a', compression: c }, { cwd: '/' }).compression).toBe(c);
    expect(parseOptions({ command: 'ingest', layers: 'a' }, { cwd: '/' }).compression).toBe('gzip');
    let err: unknown;
    try {
      parseOptions({ command: 'ingest', layers: 'a', compression: 'lz4' }, { cwd: '/' });
    } catch (e) {
      err = e;
    }
    expect(isOciError(err, 'INVALID_INPUT')).toBe(true);
    expect((err as { input?: string }).input).toBe('compression');
    expect((err as { hint?: string }).hint).toBe('use gzip, zstd or none');
  });
});

describe('every codec', () => {
  async function* source(): AsyncGenerator<Buffer> {
    for (let i = 0; i < 40; i++) yield Buffer.concat([createHash('sha256').update(String(i)).digest(), Buffer.from(`line ${i}\n`.repeat(3000))]);
  }
  const expected = async (): Promise<Buffer> => {
    const parts: Buffer[] = [];
    for await (const c of source()) parts.push(c);
    return Buffer.concat(parts);
  };

  test.each([...COMPRESSIONS])('%s round-trips', async (c) => {
    const packed: Buffer[] = [];
    for await (const b of compress(source(), c)) packed.push(Buffer.from(b));
    const out: Buffer[] = [];
    async function* again(): AsyncGenerator<Buffer> {
      yield* packed;
    }
    for await (const b of decompress(again(), c)) out.push(Buffer.from(b));
    expect(Buffer.concat(out).equals(await expected())).toBe(true);
  });
});
