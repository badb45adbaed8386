/**
 * The block probe picks each gzip member's level by content (gzip.ts GZIP_LEVEL_BY_KIND):
 * its answer must depend on the bytes alone, or layer digests would not be reproducible.
 */
import { describe, expect, test } from '@jest/globals';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { gzipSync, zstdCompressSync } from 'node:zlib';
import { probeBlock } from '../../../src/core/compress/probe.js';

const MiB = 1024 * 1024;

/** Pseudo-random bytes from a seed (sha256 in counter mode): the same on every run. */
function random(bytes: number, seed: string): Buffer {
  const out = Buffer.allocUnsafe(bytes + 32);
  for (let i = 0; i * 32 < bytes; i++) createHash('sha256').update(`${seed} ${i}`).digest().copy(out, i * 32);
  return out.subarray(0, bytes);
}

/** Text: lines of words, as in sources and docs. */
function text(bytes: number): Buffer {
  const lines: string[] = [];
  for (let i = 0, n = 0; n < bytes; i++) {
    const line = `${i}\tdef handler_${i % 97}(request, *args): return render(request, "page_${i % 13}.html")\n`;
    lines.push(line);
    n += line.length;
  }
  return Buffer.from(lines.join('')).subarray(0, bytes);
}

/** Machine code: the running node binary, past its ELF header. */
function machineCode(bytes: number): Buffer {
  const exe = readFileSync(process.execPath);
  const start = Math.min(4 * MiB, exe.length - bytes);
  return exe.subarray(start, start + bytes);
}

describe('probeBlock', () => {
  test.each([
    ['text', () => text(MiB), 'text'],
    ['random bytes', () => random(MiB, 'r'), 'incompressible'],
    ['gzip output (of machine code)', () => gzipSync(machineCode(4 * MiB)).subarray(0, MiB), 'incompressible'],
    ['zstd output (of machine code)', () => zstdCompressSync(machineCode(4 * MiB)).subarray(0, MiB), 'incompressible'],
    ['machine code', () => machineCode(MiB), 'binary'],
    ['zeros (tar padding)', () => Buffer.alloc(MiB), 'binary'],
    ['an empty block', () => Buffer.alloc(0), 'text'],
  ] as const)('%s is %s', (_name, make, kind) => {
    expect(probeBlock(make())).toBe(kind);
  });

  test('the answer depends only on the bytes: same for a copy, at any offset in memory, after other blocks', () => {
    const blocks = [text(MiB), random(MiB, 'a'), machineCode(MiB), random(300_001, 'b'), text(12_345)];
    const first = blocks.map((b) => probeBlock(b));
    // Probed again in another order and from copies at odd offsets of a larger buffer.
    const again = blocks
      .map((b, i) => [i, b] as const)
      .reverse()
      .map(([i, b]) => {
        const host = Buffer.alloc(b.length + 7);
        b.copy(host, 7);
        return [i, probeBlock(host.subarray(7))] as const;
      })
      .sort((x, y) => x[0] - y[0])
      .map(([, k]) => k);
    expect(again).toEqual(first);
    expect(first).toEqual(['text', 'incompressible', 'binary', 'incompressible', 'text']);
  });

  test('a text block with a little binary stays text; a binary block with a little text stays binary', () => {
    const mostlyText = Buffer.concat([text(900 * 1024), random(MiB - 900 * 1024, 'x')]);
    expect(probeBlock(mostlyText)).toBe('text');
    const mostlyCode = Buffer.concat([machineCode(900 * 1024), text(MiB - 900 * 1024)]);
    expect(probeBlock(mostlyCode)).toBe('binary');
  });
});
