import { describe, expect, test } from '@jest/globals';
import { collectGarbage, releaseHeap } from '../../src/core/memory.js';

const held = (): number => process.memoryUsage().arrayBuffers;
const MiB = 1024 * 1024;

/** Allocate `mib` MiB of buffers and drop them (nothing outside this call keeps them reachable). */
function pileUp(mib: number): void {
  Array.from({ length: mib }, () => Buffer.alloc(MiB, 1));
}

describe('memory policy', () => {
  // Catches a collectGarbage that never collects (no gc(), or a budget far above 24 MiB).
  test('collectGarbage frees buffers once more than its budget has piled up', () => {
    collectGarbage(); // may collect what is left from before (and forget its baseline) …
    collectGarbage(); // … so the baseline is noted here
    const before = held();
    pileUp(64);
    // Left alone, V8 keeps them for a while (measured: all 64 MiB still held after a
    // setImmediate).
    expect(held()).toBeGreaterThan(before + 60 * MiB);
    collectGarbage();
    expect(held()).toBeLessThan(before + 16 * MiB);
  });

  // Catches a collectGarbage that collects on every call (budget check dropped, inverted,
  // or a budget of 0): each such call costs ~40 ms on a 30k-file heap.
  test('collectGarbage leaves buffers alone below its budget', () => {
    collectGarbage(); // may collect what is left from before (and forget its baseline) …
    collectGarbage(); // … so the baseline is noted here
    const before = held();
    pileUp(8);
    collectGarbage();
    // Not collected: the 8 MiB are garbage but still held.
    expect(held()).toBeGreaterThanOrEqual(before + 8 * MiB);
  });

  // Catches a releaseHeap that does nothing (or has no gc() to call).
  test('releaseHeap shrinks a heap grown by short-lived objects', () => {
    const grown = (): number => {
      const junk: object[] = [];
      for (let i = 0; i < 300_000; i++) junk.push({ i, s: `entry ${i}` });
      return junk.length;
    };
    expect(grown()).toBe(300_000);
    const before = process.memoryUsage().heapTotal;
    releaseHeap();
    expect(process.memoryUsage().heapTotal).toBeLessThan(before);
  });
});
