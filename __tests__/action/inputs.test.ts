/** Inputs: read as the runner sets them, secrets masked before anything else is written. */
import { describe, expect, test } from '@jest/globals';
import { maskSecrets, readRawInputs, workspaceOf } from '../../src/action/inputs.js';

function captureStdout(fn: () => void): string {
  const original = process.stdout.write;
  let out = '';
  process.stdout.write = ((chunk: string | Uint8Array) => {
    out += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
    return true;
  }) as typeof process.stdout.write;
  try {
    fn();
  } finally {
    process.stdout.write = original;
  }
  return out;
}

describe('inputs', () => {
  test('INPUT_* variables, hyphenated names included; secrets first and untrimmed', () => {
    const env = { GITHUB_ACTIONS: 'true', 'INPUT_CACHE-KEY': ' k1 ', INPUT_PASSWORD: ' p w ', INPUT_LAYERS: 'a:/a\nb:/b\n' };
    const out = captureStdout(() => {
      const raw = readRawInputs(env);
      expect(raw['cache-key']).toBe('k1');
      expect(raw.password).toBe(' p w ');
      expect(raw.layers).toBe('a:/a\nb:/b');
      expect(raw.command).toBe('');
    });
    expect(out.split('\n')).toEqual(expect.arrayContaining(['::add-mask:: p w ', '::add-mask::p w']));
  });

  test('the Basic auth form of username:password is masked too', () => {
    const out = captureStdout(() => maskSecrets({ username: 'alice', password: 's3cret' }, { GITHUB_ACTIONS: 'true' }));
    expect(out).toContain(`::add-mask::${Buffer.from('alice:s3cret').toString('base64')}`);
  });

  test('outside a runner nothing is printed (no one would consume the mask commands)', () => {
    expect(captureStdout(() => maskSecrets({ password: 's3cret', 'github-token': 't' }, {}))).toBe('');
  });

  test('workspace: GITHUB_WORKSPACE, else the current directory', () => {
    expect(workspaceOf({ GITHUB_WORKSPACE: '/w' })).toBe('/w');
    expect(workspaceOf({})).toBe(process.cwd());
  });
});
