import { describe, expect, test } from '@jest/globals';
import { isOciError } from '../../src/core/errors.js';
import { formatNormalized, isLoopbackHost, normalize, parseReference } from '../../src/core/reference.js';

const D = 'sha256:' + 'a'.repeat(64);

describe('normalisation follows docker', () => {
  test.each([
    ['alpine', 'docker.io/library/alpine:latest'],
    ['alpine:3.20', 'docker.io/library/alpine:3.20'],
    ['user/app', 'docker.io/user/app:latest'],
    ['docker.io/alpine', 'docker.io/library/alpine:latest'],
    ['index.docker.io/library/alpine:1', 'docker.io/library/alpine:1'],
    ['ghcr.io/o/r:t', 'ghcr.io/o/r:t'],
    ['localhost/app', 'localhost/app:latest'],
    ['localhost:5000/app:1', 'localhost:5000/app:1'],
    ['127.0.0.1:5000/a/b/c:x', '127.0.0.1:5000/a/b/c:x'],
    [`app@${D}`, `docker.io/library/app@${D}`],
    [`ghcr.io/o/r:t@${D}`, `ghcr.io/o/r:t@${D}`],
    ['[::1]:5000/app', '[::1]:5000/app:latest'],
    ['Registry.Example/app', 'Registry.Example/app:latest'],
  ])('%s → %s', (input, expected) => {
    expect(formatNormalized(normalize(input))).toBe(expected);
  });
});

describe('a store tag is recorded as written', () => {
  test('no defaults are applied by parseReference', () => {
    expect(parseReference('app:1')).toEqual({ path: 'app', tag: '1' });
    expect(parseReference('ghcr.io/o/r')).toEqual({ domain: 'ghcr.io', path: 'o/r' });
  });
});

describe('malformed references are coded errors', () => {
  test.each([
    [''],
    [' app'],
    ['App'],
    ['app:'],
    ['app:-x'],
    ['app@sha256:123'],
    ['app@md5:' + 'a'.repeat(32)],
    ['a//b'],
    ['a/'],
    ['host:99999/app'],
    ['app:' + 'x'.repeat(129)],
    ['a'.repeat(256)],
    ['a b'],
  ])('%j', (input) => {
    let caught: unknown;
    try {
      parseReference(input, 'ref');
    } catch (e) {
      caught = e;
    }
    expect(isOciError(caught, 'INVALID_REFERENCE')).toBe(true);
    expect((caught as { input?: string }).input).toBe('ref');
  });
});

describe('loopback hosts', () => {
  test.each([
    ['127.0.0.1:5000', true],
    ['localhost', true],
    ['[::1]:80', true],
    ['ghcr.io', false],
    ['10.0.0.1:5000', false],
  ])('%s → %s', (host, expected) => {
    expect(isLoopbackHost(host)).toBe(expected);
  });
});
