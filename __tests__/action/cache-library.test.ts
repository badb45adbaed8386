/**
 * The @actions/cache adapter (src/action/cache/library.ts): what the library prints
 * during a call becomes a typed outcome, and stdout is put back after every call.
 */
import { describe, expect, test } from '@jest/globals';
import { classifyLine, runLibraryCall, type CacheLibrary } from '../../src/action/cache/library.js';

/** A library whose saveCache prints `lines` (as @actions/core would) and returns `result`. */
function printing(lines: string[], result: number): CacheLibrary {
  return {
    restoreCache: async () => undefined,
    saveCache: async () => {
      for (const l of lines) process.stdout.write(`${l}\n`);
      return result;
    },
  };
}

/** Run `fn` with stdout captured (below the adapter's own patch). */
async function capture<T>(fn: () => Promise<T>): Promise<{ value: T; out: string }> {
  const original = process.stdout.write;
  let out = '';
  process.stdout.write = ((chunk: unknown) => {
    out += String(chunk);
    return true;
  }) as typeof process.stdout.write;
  try {
    return { value: await fn(), out };
  } finally {
    process.stdout.write = original;
  }
}

describe('runner cache library adapter', () => {
  test('a refused reservation without retries is "key exists"; the line becomes debug output', async () => {
    const lib = printing(['Failed to save: Unable to reserve cache with key k, another job may be creating this cache.'], -1);
    const { value, out } = await capture(() => runLibraryCall(lib, 'saving k', 10_000, (l) => l.saveCache(['/x'], 'k')));
    expect(value).toEqual({ ok: true, value: -1, keyExists: true });
    expect(out).toMatch(/^::debug::Failed to save: Unable to reserve/);
  });

  test('a reservation refused after retries is not "key exists"', async () => {
    const lib = printing(['Attempt 1 of 3 failed with error: 503', 'Failed to save: Unable to reserve cache with key k, another job may be creating this cache.'], -1);
    const { value } = await capture(() => runLibraryCall(lib, 'saving k', 10_000, (l) => l.saveCache(['/x'], 'k')));
    expect(value).toEqual({ ok: true, value: -1, keyExists: false });
  });

  test('a "Failed to save" error fails the call and is printed as a warning', async () => {
    const lib = printing(['::error::Failed to save: boom'], -1);
    const { value, out } = await capture(() => runLibraryCall(lib, 'saving k', 10_000, (l) => l.saveCache(['/x'], 'k')));
    expect(value).toEqual({ ok: false, timedOut: false, message: 'saving k failed (see the warning above)' });
    expect(out).toBe('::warning::Failed to save: boom\n');
  });

  test('a call past its deadline is abandoned as timed out, and stdout is restored', async () => {
    const before = process.stdout.write;
    const lib: CacheLibrary = { restoreCache: () => new Promise(() => undefined), saveCache: async () => 0 };
    const out = await runLibraryCall(lib, 'restoring k', 20, (l) => l.restoreCache(['/x'], 'k'));
    expect(out).toEqual({ ok: false, timedOut: true, message: 'restoring k did not finish within 0 s' });
    expect(process.stdout.write).toBe(before);
  });

  test('a throw is a failed outcome naming the call', async () => {
    const lib: CacheLibrary = { restoreCache: async () => Promise.reject(new Error('no route')), saveCache: async () => 0 };
    const out = await runLibraryCall(lib, 'restoring k', 10_000, (l) => l.restoreCache(['/x'], 'k'));
    expect(out.ok).toBe(false);
    expect(!out.ok && out.message).toMatch(/^restoring k failed: .*no route/);
  });

  test('chatter is debug output, other lines pass unchanged', () => {
    expect(classifyLine('Cache Size: ~1 MB (1048576 B)', 0).print).toBe('::debug::Cache Size: ~1 MB (1048576 B)');
    expect(classifyLine('Received 5 of 10 (50.0%)', 5000).print).toBe('Received 5 of 10 (50.0%)');
    expect(classifyLine('Received 5 of 10 (50.0%)', 0).print).toBe('::debug::Received 5 of 10 (50.0%25)');
    expect(classifyLine('our own line', 0)).toEqual({ print: 'our own line' });
  });
});
