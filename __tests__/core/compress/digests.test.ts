/**
 * Layer digests are part of the product's contract: an unchanged tree ingested again must
 * give the same blobs (reproducible builds, re-push of nothing). These values were taken
 * from the compressors as they are and pin the bytes of gzip and zstd layers — any change
 * of block size, level, framing or pipeline order shows here.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { compress } from '../../../src/core/compress/index.js';
import { execute } from '../../../src/core/commands/index.js';
import { parseOptions } from '../../../src/core/commands/options.js';
import { cleanup, context, makeTree, tempDir, type Node } from '../tree-helpers.js';

/** `bytes` of fixed content: text runs and SHA-256 output (incompressible), alternating. */
function fixed(bytes: number, seed: string): Buffer {
  const parts: Buffer[] = [];
  let n = 0;
  for (let i = 0; n < bytes; i++) {
    const b =
      i % 3 === 0
        ? Buffer.concat(Array.from({ length: 16 }, (_, k) => createHash('sha256').update(`${seed} ${i} ${k}`).digest()))
        : Buffer.from(`${seed}: line ${i}, words that repeat, words that repeat\n`.repeat(12));
    parts.push(b);
    n += b.length;
  }
  return Buffer.concat(parts).subarray(0, bytes);
}

async function* chunked(buf: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size);
}

async function sha256(it: AsyncIterable<Buffer>): Promise<string> {
  const h = createHash('sha256');
  for await (const c of it) h.update(c);
  return `sha256:${h.digest('hex')}`;
}

// Every directory listed with its mode: nothing depends on the umask.
const TREE: Record<string, Node> = {
  app: { dir: true, mode: 0o755 },
  'app/bin': { dir: true, mode: 0o755 },
  'app/bin/run.sh': { file: '#!/bin/sh\necho hi\n', mode: 0o755 },
  'app/lib': { dir: true, mode: 0o750 },
  'app/lib/small.txt': { file: 'small\n' },
  // Larger than several gzip blocks (1 MiB) and than one zstd block (4 MiB).
  'app/lib/big.bin': { file: fixed(9 * 1024 * 1024 + 4321, 'big') },
  'app/link': { symlink: 'lib/small.txt' },
};

let tmp: string;
beforeAll(async () => {
  tmp = await tempDir('oci-digests-');
  await makeTree(join(tmp, 'ws'), TREE);
});
afterAll(async () => cleanup(tmp));

describe('layer bytes are pinned', () => {
  const input = fixed(6 * 1024 * 1024 + 777, 'stream');

  test.each([
    ['gzip', 'sha256:fbbd6a3f9e4d63ddb81efa6e94948efe8880f514168da47bf0a0f90fa6064f20'],
    ['zstd', 'sha256:1ad15be76f11d9638be3fbe8e2f72e491605900b6f307a0f75a6e57d132c059e'],
  ] as const)('compress %s at the default level and block size', async (compression, expected) => {
    // Chunking and concurrency never change the bytes.
    expect(await sha256(compress(chunked(input, 65536), compression))).toBe(expected);
    expect(await sha256(compress(chunked(input, 1_000_003), compression, { concurrency: 1 }))).toBe(expected);
  });

  test.each([
    // Every block of this tree is text to the probe (level 3, as before levels by content).
    ['gzip', 'sha256:36d52f019a87bc65b0a592e1054f10047a00871831a4722d7b2183f7506802a3'],
    ['zstd', 'sha256:fda7b460646a91f7e9f286e868c478f4a8dc1fedabccd158463e52841eea58fc'],
  ] as const)('ingest of a fixed tree, %s', async (compression, expected) => {
    const ws = join(tmp, 'ws');
    const options = parseOptions({ command: 'ingest', store: join(tmp, `store-${compression}`), layers: 'app:/app', compression, tags: 'pin:1' }, { cwd: ws });
    const result = await execute(options, context(ws));
    expect(result.metadata?.layers.map((l) => l.digest)).toEqual([expected]);
  });
});
