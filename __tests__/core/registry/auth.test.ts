/**
 * Authentication: challenge parsing, credential sources (inputs, docker config.json,
 * credential helpers, github-token), and push/pull against registries with htpasswd Basic
 * auth and distribution's token auth. Secrets never reach messages or logs.
 */
import { describe, expect, test, beforeAll, afterAll } from '@jest/globals';
import { execFile } from 'node:child_process';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Store } from '../../../src/core/layout.js';
import { copyGraph } from '../../../src/core/copy.js';
import type { RegistryClient } from '../../../src/core/registry/client.js';
import { parseChallenges, mergeScopes } from '../../../src/core/registry/auth.js';
import { CredentialStore, decodeAuth } from '../../../src/core/registry/credentials.js';
import { formatError, isOciError, type OciError } from '../../../src/core/errors.js';
import type { Logger } from '../../../src/core/content.js';
import type { ExecFn } from '../../../src/core/commands/types.js';
import { startRegistry, closeServer } from '../../harness/registry.js';
import { withClients, withRegistries } from '../../harness/registry-fixture.js';
import { makeImage } from '../../harness/images.js';
import { built, NODE } from '../../harness/build.js';

const PASSWORD = 'wonderland-s3cret';
const WRONG = 'not-the-password-9f3k';
let tmp: string;
const [basic, token] = withRegistries({ auth: 'htpasswd' }, { auth: 'token', refreshTokens: { 'refresh-abc-123': 'alice' } });
const client = withClients(() => ({ retry: { retries: 2, baseDelayMs: 5, maxDelayMs: 20 }, env: { HOME: tmp } }));

/** A logger that keeps every line. */
function recorder(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, debug: (m) => lines.push(m), info: (m) => lines.push(m), warning: (m) => lines.push(m) };
}

async function caught(p: Promise<unknown>): Promise<OciError> {
  try {
    await p;
  } catch (e) {
    if (isOciError(e)) return e;
    throw e;
  }
  throw new Error('expected an OciError');
}

async function dockerConfig(name: string, config: unknown): Promise<string> {
  const dir = join(tmp, name);
  await rm(dir, { recursive: true, force: true });
  await (await import('node:fs/promises')).mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'config.json'), JSON.stringify(config));
  return dir;
}

/** Push a fresh image to `repo` and pull it back into a fresh store; returns the digest pulled. */
async function roundTrip(c: RegistryClient, host: string, repoName: string): Promise<{ pushed: string; pulled: string }> {
  const store = await Store.open(join(tmp, `src-${repoName.replace(/\//g, '-')}-${Date.now()}`));
  const image = await makeImage(store);
  await copyGraph(store, c.repository(`${host}/${repoName}`, { push: true }), image, { tags: ['1'] });
  const back = await Store.open(join(tmp, `dst-${repoName.replace(/\//g, '-')}-${Date.now()}`));
  const repo = c.repository(`${host}/${repoName}`);
  const root = await repo.resolve('1');
  await copyGraph(repo, back, root, { tags: ['x:1'] });
  return { pushed: image.digest, pulled: (await back.resolve('x:1')).digest };
}

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'oci-store-auth-'));
});

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('WWW-Authenticate', () => {
  test.each([
    ['Basic realm="registry"', [{ scheme: 'basic', params: { realm: 'registry' } }]],
    [
      'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/alpine:pull"',
      [{ scheme: 'bearer', params: { realm: 'https://auth.docker.io/token', service: 'registry.docker.io', scope: 'repository:library/alpine:pull' } }],
    ],
    ['Bearer realm="r", error="insufficient_scope", scope="a:b:pull,push"', [{ scheme: 'bearer', params: { realm: 'r', error: 'insufficient_scope', scope: 'a:b:pull,push' } }]],
    ['Basic realm="a", Bearer realm="b"', [{ scheme: 'basic', params: { realm: 'a' } }, { scheme: 'bearer', params: { realm: 'b' } }]],
    ['Bearer realm="q\\"uote"', [{ scheme: 'bearer', params: { realm: 'q"uote' } }]],
    ['', []],
  ])('%s', (header, expected) => {
    expect(parseChallenges(header)).toEqual(expected);
  });

  test('scopes of one repository merge, sorted', () => {
    expect(mergeScopes(['repository:a:pull', 'repository:a:push', 'repository:b:pull', 'repository:a:pull'])).toEqual([
      'repository:a:pull,push',
      'repository:b:pull',
    ]);
  });
});

describe('credentials', () => {
  test('config.json auths: auth (base64 user:password) and identitytoken, Docker Hub aliases', async () => {
    const dir = await dockerConfig('cfg1', {
      auths: {
        'https://index.docker.io/v1/': { auth: Buffer.from('hubuser:hubpass').toString('base64') },
        'https://r.example:5000': { auth: Buffer.from('u:p:with:colons').toString('base64') },
        'ghcr.io': { identitytoken: 'refresh-xyz' },
      },
    });
    const creds = new CredentialStore({ env: { DOCKER_CONFIG: dir } });
    expect(await creds.get('docker.io')).toMatchObject({ username: 'hubuser', password: 'hubpass' });
    expect(await creds.get('r.example:5000')).toMatchObject({ username: 'u', password: 'p:with:colons' });
    expect(await creds.get('ghcr.io')).toMatchObject({ identityToken: 'refresh-xyz' });
    expect(await creds.get('other.example')).toBeUndefined();
    expect(creds.redact('x hubpass y refresh-xyz')).toBe('x *** y ***');
    expect(decodeAuth('bm9jb2xvbg==')).toBeUndefined();
  });

  test('credHelpers and credsStore run docker-credential-<name> get with the server URL', async () => {
    const dir = await dockerConfig('cfg2', { credHelpers: { 'helped.example': 'fake' }, credsStore: 'store' });
    const calls: Array<[string, string[], string]> = [];
    const exec: ExecFn = async (command, args, stdin) => {
      calls.push([command, args, stdin]);
      if (command === 'docker-credential-fake') return { exitCode: 0, stdout: JSON.stringify({ ServerURL: stdin, Username: 'helper-user', Secret: 'helper-secret' }), stderr: '' };
      if (stdin === 'https://index.docker.io/v1/') return { exitCode: 0, stdout: JSON.stringify({ Username: '<token>', Secret: 'identity-from-store' }), stderr: '' };
      return { exitCode: 1, stdout: 'credentials not found in native keychain', stderr: '' };
    };
    const log = recorder();
    const creds = new CredentialStore({ env: { DOCKER_CONFIG: dir }, exec, logger: log });
    expect(await creds.get('helped.example')).toMatchObject({ username: 'helper-user', password: 'helper-secret' });
    expect(await creds.get('docker.io')).toMatchObject({ identityToken: 'identity-from-store' });
    expect(await creds.get('nothing.example')).toBeUndefined();
    expect(calls).toEqual([
      ['docker-credential-fake', ['get'], 'helped.example'],
      ['docker-credential-store', ['get'], 'https://index.docker.io/v1/'],
      ['docker-credential-store', ['get'], 'nothing.example'],
    ]);
    expect(log.lines).toEqual([]); // "not found" is not worth a warning
  });

  test('a real helper program runs through child_process when no exec is given', async () => {
    const bin = join(tmp, 'bin');
    await (await import('node:fs/promises')).mkdir(bin, { recursive: true });
    const helper = join(bin, 'docker-credential-ocistoretest');
    await writeFile(helper, '#!/bin/sh\nread url\nprintf \'{"ServerURL":"%s","Username":"sh-user","Secret":"sh-secret"}\' "$url"\n');
    await chmod(helper, 0o755);
    const dir = await dockerConfig('cfg3', { credHelpers: { 'sh.example': 'ocistoretest' } });
    const log = recorder();
    const creds = new CredentialStore({ env: { DOCKER_CONFIG: dir, PATH: `${bin}:/usr/bin:/bin` }, logger: log });
    const got = await creds.get('sh.example');
    expect(log.lines).toEqual([]);
    expect(got).toMatchObject({ username: 'sh-user', password: 'sh-secret' });
  });

  // Start-up cost: node:child_process (and node:dgram with it) is loaded only to run a helper.
  test('without a helper to run, node:child_process is never loaded', async () => {
    const dir = await dockerConfig('cfg-nohelper', { auths: { 'plain.example': { auth: Buffer.from('u:p').toString('base64') } } });
    const script = `const { CredentialStore } = await import(${JSON.stringify(built('src/core/registry/credentials.js'))});
const creds = new CredentialStore({ env: { DOCKER_CONFIG: ${JSON.stringify(dir)} } });
const got = [await creds.get('plain.example'), await creds.get('none.example')];
console.log(JSON.stringify({ got: got.map((c) => c?.username ?? null), loaded: process.moduleLoadList.filter((m) => /child_process/.test(m)) }));`;
    const { stdout } = await promisify(execFile)(NODE, ['--input-type=module', '-e', script], { env: { PATH: process.env['PATH'] ?? '' } });
    expect(JSON.parse(stdout)).toEqual({ got: ['u', null], loaded: [] });
  });

  test('username/password apply to the listed registries; ghcr.io falls back to github-token', async () => {
    const creds = new CredentialStore({ username: 'me', password: 'pw', githubToken: 'ghs_token', explicitRegistries: ['ghcr.io', 'docker.io'], env: { HOME: tmp, GITHUB_ACTOR: 'octo' } });
    expect(await creds.get('docker.io')).toMatchObject({ username: 'me', input: 'username' });
    expect(await creds.get('quay.io')).toBeUndefined();
    const gh = new CredentialStore({ githubToken: 'ghs_token', env: { HOME: tmp, GITHUB_ACTOR: 'octo' } });
    expect(await gh.get('ghcr.io')).toMatchObject({ username: 'octo', password: 'ghs_token', input: 'github-token' });
    const half = new CredentialStore({ username: 'me', env: { HOME: tmp } });
    const e = await caught(half.get('ghcr.io'));
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.input).toBe('password');
  });
});

describe.each([
  ['htpasswd Basic auth', () => basic],
  ['token auth', () => token],
])('%s', (_name, reg) => {
  test('push and pull with username/password', async () => {
    const r = reg();
    const { pushed, pulled } = await roundTrip(client({ username: 'alice', password: PASSWORD }), r.host, 'auth/ok');
    expect(pulled).toBe(pushed);
  });

  test('credentials from docker config.json', async () => {
    const r = reg();
    const dir = await dockerConfig(`cfg-${r.auth}`, { auths: { [r.host]: { auth: Buffer.from(`alice:${PASSWORD}`).toString('base64') } } });
    const { pushed, pulled } = await roundTrip(client({ env: { DOCKER_CONFIG: dir } }), r.host, 'auth/config');
    expect(pulled).toBe(pushed);
  });

  test('wrong credentials → one UNAUTHORIZED naming the inputs, no secret anywhere', async () => {
    const r = reg();
    const log = recorder();
    const c = client({ username: 'alice', password: WRONG, logger: log });
    const e = await caught(c.repository(`${r.host}/auth/ok`).resolve('1'));
    expect(e.code).toBe('UNAUTHORIZED');
    expect(e.input).toBe('username');
    const line = formatError(e);
    expect(line).toContain(r.host);
    expect(line).toMatch(/username and password/);
    expect(line.split('\n')).toHaveLength(1);
    for (const text of [line, e.stack ?? '', JSON.stringify(e), ...log.lines]) {
      expect(text).not.toContain(WRONG);
      expect(text).not.toContain(Buffer.from(`alice:${WRONG}`).toString('base64'));
    }
  });

  test('wrong credentials from config.json name the file', async () => {
    const r = reg();
    const dir = await dockerConfig(`cfg-bad-${r.auth}`, { auths: { [r.host]: { auth: Buffer.from(`alice:${WRONG}`).toString('base64') } } });
    const e = await caught(client({ env: { DOCKER_CONFIG: dir } }).repository(`${r.host}/auth/ok`).resolve('1'));
    expect(e.code).toBe('UNAUTHORIZED');
    expect(e.message).toContain(join(dir, 'config.json'));
    expect(formatError(e)).not.toContain(WRONG);
  });

  test('no credentials → UNAUTHORIZED saying none were found', async () => {
    const r = reg();
    const e = await caught(client().repository(`${r.host}/auth/ok`).resolve('1'));
    expect(e.code).toBe('UNAUTHORIZED');
    expect(e.message).toMatch(/no credentials/);
  });
});

describe('token auth details', () => {
  test('one token per scope, reused; a mount asks for the source repository too', async () => {
    const c = client({ username: 'alice', password: PASSWORD });
    const before = token.issuer!.issued;
    const store = await Store.open(join(tmp, 'scopes'));
    const image = await makeImage(store);
    await copyGraph(store, c.repository(`${token.host}/scope/a`, { push: true }), image, { tags: ['1'] });
    expect(token.issuer!.issued - before).toBe(1);
    expect(token.issuer!.scopes.at(-1)).toEqual(['repository:scope/a:pull,push']);
    const b = c.repository(`${token.host}/scope/b`, { push: true });
    const report = await copyGraph(store, b, image, { tags: ['1'], mountFrom: (d) => c.knownRepositories(token.host, d, 'scope/b') });
    expect(report.mounted).toBe(3);
    expect(token.issuer!.scopes.some((s) => s.includes('repository:scope/a:pull') && s.includes('repository:scope/b:pull,push'))).toBe(true);
  });

  test('an identity token from config.json is exchanged with the refresh_token grant', async () => {
    const dir = await dockerConfig('cfg-identity', { auths: { [token.host]: { identitytoken: 'refresh-abc-123' } } });
    const { pushed, pulled } = await roundTrip(client({ env: { DOCKER_CONFIG: dir } }), token.host, 'auth/identity');
    expect(pulled).toBe(pushed);
  });

  test('a token is renewed when it expires', async () => {
    const short = await startRegistry({ auth: 'token', tokenTtl: 1 });
    try {
      const c = client({ username: 'alice', password: PASSWORD });
      const repo = c.repository(`${short.host}/renew/x`);
      await caught(repo.resolve('1')); // NOT_FOUND/NAME_UNKNOWN, but authenticated
      const first = short.issuer!.issued;
      await caught(repo.resolve('1'));
      expect(short.issuer!.issued).toBe(first); // cached
      await new Promise((r) => setTimeout(r, 1100));
      const e = await caught(repo.resolve('1'));
      expect(e.code).toBe('NAME_UNKNOWN');
      expect(short.issuer!.issued).toBe(first + 1); // renewed
    } finally {
      await short.stop();
    }
  });

  test('a token the registry rejects (401) is renewed once', async () => {
    let tokens = 0;
    let t1Used = false;
    const server = http.createServer((req, res) => {
      if (req.url?.startsWith('/token')) {
        tokens++;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ token: `t${tokens}`, expires_in: 300 }));
        return;
      }
      // t1 works once, then is revoked; t2 works from then on
      const ok = req.headers.authorization === 'Bearer t2' || (req.headers.authorization === 'Bearer t1' && !t1Used);
      if (req.headers.authorization === 'Bearer t1') t1Used = true;
      if (!ok) {
        res.writeHead(401, { 'www-authenticate': `Bearer realm="http://${req.headers.host}/token",service="svc"` });
        res.end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/vnd.oci.image.manifest.v1+json', 'docker-content-digest': 'sha256:' + 'a'.repeat(64), 'content-length': '2' });
      res.end();
    });
    const port = await new Promise<number>((r) => server.listen(0, '127.0.0.1', () => r((server.address() as net.AddressInfo).port)));
    try {
      const c = client();
      const repo = c.repository(`127.0.0.1:${port}/x/y`);
      // first request: 401 → token t1 → accepted
      expect((await repo.resolve('1')).digest).toBe('sha256:' + 'a'.repeat(64));
      expect(tokens).toBe(1);
      // second request: the cached t1 is refused → t2 fetched → accepted, in one call
      expect((await repo.resolve('1')).digest).toBe('sha256:' + 'a'.repeat(64));
      expect(tokens).toBe(2);
    } finally {
      await closeServer(server);
    }
  });
});
