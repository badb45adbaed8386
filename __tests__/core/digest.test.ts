import { describe, expect, test } from '@jest/globals';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DigestStream, digestOf, isDigest, parseDigest, sha256, verifyBytes } from '../../src/core/digest.js';
import { isOciError } from '../../src/core/errors.js';

const HELLO = 'sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824';

describe('parsing', () => {
  test('sha256 and sha512 are accepted', () => {
    expect(parseDigest(HELLO)).toEqual({ algorithm: 'sha256', hex: HELLO.slice(7) });
    expect(parseDigest(digestOf('x', 'sha512')).algorithm).toBe('sha512');
  });
  test.each([
    [''],
    ['sha256'],
    ['sha256:'],
    ['sha256:abc'],
    ['sha256:' + 'A'.repeat(64)],
    ['sha256:' + 'a'.repeat(63)],
    ['md5:' + 'a'.repeat(32)],
    ['SHA256:' + 'a'.repeat(64)],
    [' sha256:' + 'a'.repeat(64)],
  ])('%j is INVALID_DIGEST', (d) => {
    expect(isDigest(d)).toBe(false);
    let caught: unknown;
    try {
      parseDigest(d);
    } catch (e) {
      caught = e;
    }
    expect(isOciError(caught, 'INVALID_DIGEST')).toBe(true);
  });
});

async function run(data: string, expected?: { digest?: string; size?: number }): Promise<{ digest: string; size: number }> {
  const ds = new DigestStream(expected);
  await pipeline(Readable.from([Buffer.from(data)]), ds, new Writable({ write: (_c, _e, cb) => cb() }));
  return { digest: ds.digest, size: ds.size };
}

describe('DigestStream', () => {
  test('hashes and counts', async () => {
    expect(await run('hello')).toEqual({ digest: HELLO, size: 5 });
    expect(sha256('hello')).toBe(HELLO);
  });
  test('accepts matching content', async () => {
    await expect(run('hello', { digest: HELLO, size: 5 })).resolves.toEqual({ digest: HELLO, size: 5 });
  });
  test('fails on a digest mismatch', async () => {
    await expect(run('hellO', { digest: HELLO, size: 5 })).rejects.toMatchObject({ code: 'DIGEST_MISMATCH' });
  });
  test('fails on short content', async () => {
    await expect(run('hell', { digest: HELLO, size: 5 })).rejects.toMatchObject({ code: 'SIZE_MISMATCH' });
  });
  test('fails early on long content', async () => {
    await expect(run('hello world', { digest: HELLO, size: 5 })).rejects.toMatchObject({ code: 'SIZE_MISMATCH' });
  });
});

describe('verifyBytes', () => {
  test('passes and fails', () => {
    expect(() => verifyBytes(Buffer.from('hello'), { digest: HELLO, size: 5 })).not.toThrow();
    expect(() => verifyBytes(Buffer.from('hello!'), { digest: HELLO })).toThrow(expect.objectContaining({ code: 'DIGEST_MISMATCH' }));
  });
});
