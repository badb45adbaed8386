import { describe, expect, test } from '@jest/globals';
import { isOciError } from '../../../src/core/errors.js';
import {
  explicitRegistries,
  hostPlatform,
  parseAnnotations,
  parseArgs,
  parseLayerSpec,
  parseOptions,
  parsePlatform,
  registryInputs,
  type RawInputs,
} from '../../../src/core/commands/options.js';

const env = { cwd: '/work/ws', home: '/home/u', platform: 'linux' as const, arch: 'x64' };

function failure(fn: () => unknown): { code?: string; input?: string; hint?: string } {
  try {
    fn();
  } catch (e) {
    if (isOciError(e)) return { code: e.code, input: e.input, hint: e.hint };
    throw e;
  }
  throw new Error('expected a failure');
}

describe('defaults', () => {
  test('ingest with layers, everything else defaulted', () => {
    const o = parseOptions({ layers: 'dist:/app' }, env);
    expect(o.command).toBe('ingest');
    expect(o.store).toBe('/home/u/.cache/oci-store');
    expect(o.compression).toBe('gzip');
    expect(o.cache).toBe(true);
    expect(o.push).toBe(false);
    expect(o.cacheKey).toBe('oci-store-linux-amd64');
    expect(o.port).toBe(5000);
    expect(o.platforms).toEqual([]);
    expect(o.base).toBeUndefined();
    expect(o.layers).toEqual([{ src: 'dist', dest: '/app' }]);
  });
  test('base scratch means none', () => {
    expect(parseOptions({ layers: 'a', base: 'scratch' }, env).base).toBeUndefined();
  });
  test('relative store and path resolve against cwd; ~ expands', () => {
    const o = parseOptions({ command: 'unpack', ref: 'app:1', path: 'out', store: '~/s' }, env);
    expect(o.path).toBe('/work/ws/out');
    expect(o.store).toBe('/home/u/s');
  });
});

describe('lists accept metadata-action output verbatim', () => {
  test('tags split on newlines and commas', () => {
    const o = parseOptions({ command: 'tag', ref: 'app:1', tags: 'ghcr.io/o/r:1\nghcr.io/o/r:latest, app:2\n' }, env);
    expect(o.tags).toEqual(['ghcr.io/o/r:1', 'ghcr.io/o/r:latest', 'app:2']);
  });
  test('labels are key=value lines, values keep = and commas', () => {
    const o = parseOptions({ layers: 'a', labels: 'org.opencontainers.image.title=x\norg.opencontainers.image.description=a=b, c' }, env);
    expect(o.labels).toEqual({ 'org.opencontainers.image.title': 'x', 'org.opencontainers.image.description': 'a=b, c' });
  });
  test('annotations keep their level prefix', () => {
    expect(parseAnnotations('manifest:a=1\nindex:b=2\nc=3')).toEqual([
      { level: 'manifest', key: 'a', value: '1' },
      { level: 'index', key: 'b', value: '2' },
      { level: 'manifest', key: 'c', value: '3' },
    ]);
  });
});

describe('entrypoint and cmd', () => {
  test.each([
    ['["node","app.js"]', ['node', 'app.js']],
    ['node app.js', ['node', 'app.js']],
    [`sh -c 'echo "hi there"'`, ['sh', '-c', 'echo "hi there"']],
    ['a\\ b c', ['a b', 'c']],
    ['""', ['']],
  ])('%s', (input, expected) => {
    expect(parseArgs('cmd', input)).toEqual(expected);
  });
});

describe('platforms', () => {
  test.each([
    ['linux/amd64', { os: 'linux', architecture: 'amd64' }],
    ['linux/x86_64', { os: 'linux', architecture: 'amd64' }],
    ['linux/aarch64', { os: 'linux', architecture: 'arm64' }],
    ['linux/arm64/v8', { os: 'linux', architecture: 'arm64' }],
    ['linux/arm/v6', { os: 'linux', architecture: 'arm', variant: 'v6' }],
  ])('%s', (input, expected) => {
    expect(parsePlatform(input)).toEqual(expected);
  });
  test('host platform', () => {
    expect(hostPlatform('linux', 'x64')).toEqual({ os: 'linux', architecture: 'amd64' });
    expect(hostPlatform('linux', 'arm64')).toEqual({ os: 'linux', architecture: 'arm64' });
  });
  test('a list and all', () => {
    expect(parseOptions({ layers: 'a', platform: 'linux/amd64,linux/arm64' }, env).platforms).toHaveLength(2);
    expect(parseOptions({ command: 'pull', ref: 'a', platform: 'all' }, env).platforms).toBe('all');
  });
});

describe('layers', () => {
  test('SRC alone and SRC:DEST', () => {
    expect(parseLayerSpec('dist')).toEqual({ src: 'dist' });
    expect(parseLayerSpec('build/{os}-{arch}/bin:/usr/local/bin')).toEqual({ src: 'build/{os}-{arch}/bin', dest: '/usr/local/bin' });
  });
});

describe('bad input names the input and the fix', () => {
  const cases: Array<[string, RawInputs, string, string]> = [
    ['unknown command', { command: 'build' }, 'command', 'INVALID_INPUT'],
    ['ingest without layers', { command: 'ingest' }, 'layers', 'INVALID_INPUT'],
    ['empty layers', { command: 'ingest', layers: '\n  \n' }, 'layers', 'INVALID_INPUT'],
    ['DEST not absolute', { layers: 'dist:app' }, 'layers', 'INVALID_INPUT'],
    ['malformed ref', { command: 'pull', ref: 'owner/Upper' }, 'ref', 'INVALID_REFERENCE'],
    ['malformed digest ref', { command: 'unpack', ref: 'app@sha256:xyz', path: 'o' }, 'ref', 'INVALID_REFERENCE'],
    ['malformed bare digest', { command: 'inspect', ref: 'sha256:' + 'A'.repeat(64) }, 'ref', 'INVALID_DIGEST'],
    ['malformed tag', { command: 'tag', ref: 'a:1', tags: 'a:-bad' }, 'tags', 'INVALID_REFERENCE'],
    ['bad platform', { layers: 'a', platform: 'linux' }, 'platform', 'INVALID_PLATFORM'],
    ['platform all on ingest', { layers: 'a', platform: 'all' }, 'platform', 'INVALID_INPUT'],
    ['bad compression', { layers: 'a', compression: 'brotli' }, 'compression', 'INVALID_INPUT'],
    ['bad boolean', { layers: 'a', push: 'yes' }, 'push', 'INVALID_INPUT'],
    ['push without tags', { layers: 'a', push: 'true' }, 'tags', 'INVALID_INPUT'],
    ['push with gc', { command: 'gc', push: 'true', tags: 'a:1' }, 'push', 'INVALID_INPUT'],
    ['bad port', { command: 'serve', port: '70000' }, 'port', 'INVALID_INPUT'],
    ['bad env line', { layers: 'a', env: 'NOVALUE' }, 'env', 'INVALID_INPUT'],
    ['bad workdir', { layers: 'a', workdir: 'app' }, 'workdir', 'INVALID_INPUT'],
    ['bad artifact type', { layers: 'a', 'artifact-type': 'not a type' }, 'artifact-type', 'INVALID_INPUT'],
    ['bad entrypoint json', { layers: 'a', entrypoint: '["a",' }, 'entrypoint', 'INVALID_INPUT'],
    ['unpack without path', { command: 'unpack', ref: 'a:1' }, 'path', 'INVALID_INPUT'],
    ['tag without tags', { command: 'tag', ref: 'a:1' }, 'tags', 'INVALID_INPUT'],
    ['bad cache key', { layers: 'a', 'cache-key': 'a b' }, 'cache-key', 'INVALID_INPUT'],
    ['bad base', { layers: 'a', base: 'Bad:Base' }, 'base', 'INVALID_REFERENCE'],
  ];
  test.each(cases)('%s', (_name, raw, input, code) => {
    const f = failure(() => parseOptions(raw, env));
    expect(f.input).toBe(input);
    expect(f.code).toBe(code);
    expect(f.hint).toBeTruthy();
  });
});

describe('username and password go together (issue 10 item 12)', () => {
  const secret = 's3cret-never-quoted';
  test.each([
    ['username without password', { command: 'pull', ref: 'ghcr.io/o/app:1', username: 'alice' }, 'password'],
    ['username with an empty (unset secret) password', { command: 'pull', ref: 'ghcr.io/o/app:1', username: 'alice', password: '  ' }, 'password'],
    ['password without username', { command: 'pull', ref: 'ghcr.io/o/app:1', password: secret }, 'username'],
  ] as Array<[string, RawInputs, string]>)('%s → INVALID_INPUT naming %s', (_name, raw, input) => {
    let message = '';
    const f = failure(() => {
      try {
        return parseOptions(raw, env);
      } catch (e) {
        message = (e as Error).message;
        throw e;
      }
    });
    expect(f).toMatchObject({ code: 'INVALID_INPUT', input });
    expect(f.hint).toBeTruthy();
    expect(`${message} ${f.hint}`).not.toContain(secret);
  });
  test('both, or neither, are accepted', () => {
    expect(parseOptions({ command: 'pull', ref: 'a:1', username: 'alice', password: secret }, env)).toMatchObject({ username: 'alice', password: secret });
    expect(parseOptions({ command: 'pull', ref: 'a:1' }, env).username).toBeUndefined();
  });
});

describe('the registries the username and password inputs are for', () => {
  test.each([
    ['pull: the ref\'s registry, docker.io for a name without a host', { command: 'pull', ref: 'app:1' }, ['docker.io']],
    ['pull from ghcr.io', { command: 'pull', ref: 'ghcr.io/o/app:1' }, ['ghcr.io']],
    ['push to its tags', { command: 'push', ref: 'ghcr.io/o/app:1', tags: 'quay.io/o/app:1,quay.io/o/app:latest' }, ['ghcr.io', 'quay.io']],
    ['push with no tags: the ref itself', { command: 'push', ref: 'ghcr.io/o/app:1' }, ['ghcr.io']],
    ['ingest on a Docker Hub base, pushed to ghcr.io: not Docker Hub', { command: 'ingest', layers: 'dist', base: 'node:24', tags: 'ghcr.io/o/app:1', push: 'true' }, ['ghcr.io']],
    ['ingest on a ghcr.io base, not pushed', { command: 'ingest', layers: 'dist', base: 'ghcr.io/o/base:1', tags: 'app:1' }, ['ghcr.io']],
    ['unpack of a store tag: none', { command: 'unpack', ref: 'app:1', path: 'out' }, []],
    ['unpack by digest: none', { command: 'unpack', ref: `sha256:${'a'.repeat(64)}`, path: 'out' }, []],
  ] as Array<[string, RawInputs, string[]]>)('%s', (_name, raw, registries) => {
    const o = parseOptions(raw, env);
    expect([...explicitRegistries(o)].sort()).toEqual(registries);
    expect([...(registryInputs(o).explicitRegistries as Set<string>)].sort()).toEqual(registries);
  });

  test('registryInputs carries the credentials given and the insecure hosts, nothing else of the inputs', () => {
    const o = parseOptions({ command: 'pull', ref: 'ghcr.io/o/app:1', username: 'alice', password: 'pw', insecure: 'reg.local:5000' }, env);
    expect(registryInputs(o)).toEqual({ username: 'alice', password: 'pw', insecure: ['reg.local:5000'], explicitRegistries: new Set(['ghcr.io']) });
    expect(Object.keys(registryInputs(parseOptions({ command: 'pull', ref: 'a:1' }, env))).sort()).toEqual(['explicitRegistries', 'insecure']);
  });
});
