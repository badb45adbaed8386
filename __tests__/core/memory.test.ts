/**
 * The library's side of the memory policy: it asks an installed policy at its call points
 * and, with none installed, leaves the process's V8 alone.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { compress } from '../../src/core/compress/index.js';
import { execute } from '../../src/core/commands/index.js';
import { setMemoryPolicy, type MemoryPolicy } from '../../src/core/memory.js';
import { parseOptions } from '../../src/core/commands/options.js';
import { built, NODE } from '../harness/build.js';
import { cleanup, context, makeTree, tempDir, type Node } from './tree-helpers.js';

const MiB = 1024 * 1024;

let dir: string;
const big = randomBytes(9 * MiB);
beforeAll(async () => {
  dir = await tempDir('oci-memory-core-');
  await makeTree(join(dir, 'ws'), { 'big/blob': { file: big } });
  const many: Record<string, Node> = {};
  for (let i = 0; i < 1000; i++) many[`many/f${i}`] = { file: `${i}\n` };
  await makeTree(join(dir, 'ws'), many);
});
afterAll(async () => cleanup(dir));

/** A policy that counts what the store asks. */
function counting(): MemoryPolicy & { collections: number; releases: number } {
  const p = {
    collections: 0,
    releases: 0,
    collectGarbage: () => void p.collections++,
    releaseHeap: () => void p.releases++,
  };
  return p;
}

async function drain(it: AsyncIterable<Buffer>): Promise<void> {
  for await (const _ of it);
}
async function* once(b: Buffer): AsyncGenerator<Buffer> {
  yield b;
}

describe('an installed policy is asked where memory piles up', () => {
  afterEach(() => void setMemoryPolicy(undefined));

  test.each([
    ['gzip', 1 * MiB],
    ['zstd', 4 * MiB],
  ] as const)('compress %s: at least once per full block', async (compression, block) => {
    const p = counting();
    setMemoryPolicy(p);
    await drain(compress(once(big), compression));
    expect(p.collections).toBeGreaterThanOrEqual(Math.floor(big.length / block));
    expect(p.releases).toBe(0);
  });

  test('ingest of a large tree releases the heap once its walk is done; unpack collects as the layer inflates', async () => {
    const ws = join(dir, 'ws');
    const store = join(dir, 'store');
    const p = counting();
    setMemoryPolicy(p);
    // Sources walked before the layer is written (a glob: 1000 of them) grow the heap.
    await execute(parseOptions({ command: 'ingest', store, layers: 'many/*:/m/', tags: 'many:1', compression: 'none' }, { cwd: ws }), context(ws));
    expect(p.releases).toBe(1);
    // One directory is walked while its layer is written: no walk's heap to give back.
    await execute(parseOptions({ command: 'ingest', store, layers: 'many:/m', tags: 'many:2', compression: 'none' }, { cwd: ws }), context(ws));
    expect(p.releases).toBe(1);
    await execute(parseOptions({ command: 'ingest', store, layers: 'big:/b', tags: 'big:1', compression: 'none' }, { cwd: ws }), context(ws));
    const before = p.collections;
    await execute(parseOptions({ command: 'unpack', store, ref: 'big:1', path: join(dir, 'out') }, { cwd: ws }), context(ws));
    // One per 4 MiB inflated.
    expect(p.collections - before).toBeGreaterThanOrEqual(2);
  });
});

describe('with no policy installed', () => {
  // A program that uses the library keeps its V8 as it started it: no --expose-gc set behind
  // its back. A fresh process, since V8 flags are process-wide.
  test('ingest (gzip and zstd) and unpack leave V8 flags alone', async () => {
    const url = (p: string): string => pathToFileURL(built(p)).href;
    const script = `
      import { runInNewContext } from 'node:vm';
      import { execute } from ${JSON.stringify(url('src/core/commands/index.js'))};
      import { parseOptions } from ${JSON.stringify(url('src/core/commands/options.js'))};
      import { silentLogger } from ${JSON.stringify(url('src/core/content.js'))};
      const ws = ${JSON.stringify(join(dir, 'ws'))};
      const store = ${JSON.stringify(join(dir, 'plain-store'))};
      const ctx = { logger: silentLogger, env: {}, workspace: ws };
      for (const compression of ['gzip', 'zstd']) {
        await execute(parseOptions({ command: 'ingest', store, layers: 'big:/b\\nmany:/m', tags: 'p:' + compression, compression }, { cwd: ws }), ctx);
        await execute(parseOptions({ command: 'unpack', store, ref: 'p:' + compression, path: ws + '/../out-' + compression }, { cwd: ws }), ctx);
      }
      process.stdout.write(runInNewContext('typeof gc'));
    `;
    const { stdout } = await promisify(execFile)(NODE, ['--input-type=module', '-e', script], { cwd: dir });
    expect(stdout).toBe('undefined');
  });
});
