/**
 * Secrets never leave the process in what it prints (issue 10, items 9 and 12).
 *
 * A registry that echoes the credentials it received (`Authorization: Basic <base64
 * user:password>`, `Bearer <token>`, the refresh token of a token exchange) into an error
 * body must not get them into an error, a log line, an output or the job summary; every
 * token the client obtains is reported for masking (`::add-mask::`, as docker/login-action
 * does). Real docker-registry peers (htpasswd Basic and token auth) behind an echoing
 * proxy; the CLI and the action as child processes.
 *
 * And `username` without `password` (or the reverse) is an input error before any
 * network call.
 */
import { describe, expect, test, beforeAll, afterAll } from '@jest/globals';
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RegistryClientOptions } from '../../../src/core/registry/client.js';
import { formatError, isOciError, type OciError } from '../../../src/core/errors.js';
import { Redactor } from '../../../src/core/secrets.js';
import type { Logger } from '../../../src/core/content.js';
import type { ExecFn } from '../../../src/core/commands/types.js';
import type { TestRegistry } from '../../harness/registry.js';
import { withClients, withRegistries } from '../../harness/registry-fixture.js';
import { startEchoProxy, type EchoProxy } from '../../harness/echo-proxy.js';
import { baseEnv, errors, runStep } from '../../harness/action.js';
import { built, NODE } from '../../harness/build.js';

const USER = 'alice';
const PASSWORD = 'Echo-pa55word-never-shown-7Qx';
const BASIC = Buffer.from(`${USER}:${PASSWORD}`).toString('base64');
const REFRESH = 'refresh-echo-0f9e8d7c6b5a4938';

let tmp: string;
const [basic, token] = withRegistries(
  { auth: 'htpasswd', users: { [USER]: PASSWORD } },
  { auth: 'token', users: { [USER]: PASSWORD }, refreshTokens: { [REFRESH]: USER } },
);
const proxies: EchoProxy[] = [];

/** A logger that keeps every line, and every secret reported to it. */
function recorder(): Logger & { lines: string[]; secrets: string[] } {
  const lines: string[] = [];
  const secrets: string[] = [];
  return { lines, secrets, debug: (m) => lines.push(m), info: (m) => lines.push(m), warning: (m) => lines.push(m), secret: (s) => secrets.push(s) };
}

const client = withClients({ retry: { retries: 1, baseDelayMs: 5, maxDelayMs: 20 } });

async function caught(p: Promise<unknown>): Promise<OciError> {
  try {
    await p;
  } catch (e) {
    if (isOciError(e)) return e;
    throw e;
  }
  throw new Error('expected an OciError');
}

/** An echoing proxy before `reg` (and its token service); answers GETs under /v2/leak/ with the echo. */
async function echoing(reg: TestRegistry, status = 400, code = 'UNKNOWN'): Promise<EchoProxy> {
  const p = await startEchoProxy(reg.host, { echo: /^GET \/v2\/leak\//, status, code, ...(reg.issuer ? { tokenService: reg.issuer.url } : {}) });
  proxies.push(p);
  return p;
}

/**
 * Where `text` shows any part of `secret`: the whole of a short one, any 16-character
 * window of a long one (an error clipped mid-token still leaks its start).
 */
function leaked(text: string, secret: string): string | undefined {
  if (secret.length <= 24) return text.includes(secret) ? secret : undefined;
  for (let i = 0; i + 16 <= secret.length; i += 8) {
    const part = secret.slice(i, i + 16);
    if (text.includes(part)) return part;
  }
  return undefined;
}

/** Assert that none of `secrets` shows in any of `texts`. */
function expectNoSecret(texts: string[], secrets: string[]): void {
  const all = texts.join('\n');
  for (const s of secrets) expect({ secret: s.slice(0, 6) + '…', shown: leaked(all, s) }).toEqual({ secret: s.slice(0, 6) + '…', shown: undefined });
}

async function dockerConfig(name: string, config: unknown): Promise<string> {
  const dir = join(tmp, name);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'config.json'), JSON.stringify(config));
  return dir;
}

/** A credential helper answering for every server URL. */
function helper(username: string, secret: string): ExecFn {
  return async (_command, _args, stdin) => ({ exitCode: 0, stdout: JSON.stringify({ ServerURL: stdin, Username: username, Secret: secret }), stderr: '' });
}

/** Run the compiled CLI; resolves with its exit code and output. */
async function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(NODE, [built('src/cli.js'), ...args], { env: { ...baseEnv(), HOME: tmp, ...env }, cwd: tmp, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
  return { code, stdout, stderr };
}

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'oci-store-secrets-'));
});

afterAll(async () => {
  await Promise.all(proxies.map((p) => p.stop()));
  await rm(tmp, { recursive: true, force: true });
});

describe('redactor', () => {
  test('a secret is removed in every form it travels in: raw, base64 user:password, URL-encoded', () => {
    const reported: string[] = [];
    const r = new Redactor((s) => reported.push(s));
    r.addBasic('bob', 'p@ss word/+=');
    r.add('tok+en/with=chars');
    const text = [
      'raw p@ss word/+= here',
      `header Basic ${Buffer.from('bob:p@ss word/+=').toString('base64')}`,
      `form refresh_token=${encodeURIComponent('tok+en/with=chars')}&x=1`,
      `query ${new URLSearchParams({ password: 'p@ss word/+=' }).toString()}`,
      'Bearer tok+en/with=chars.',
    ].join('\n');
    const out = r.redact(text);
    expect(out).not.toContain('p@ss');
    expect(out).not.toContain(Buffer.from('bob:p@ss word/+=').toString('base64'));
    expect(out).not.toContain('tok+en');
    expect(out).not.toContain('tok%2Ben');
    expect(out).not.toContain('p%40ss');
    expect(out).toContain('header Basic ***');
    // The raw values and the header credential are reported for masking; encoded forms too.
    expect(reported).toEqual(expect.arrayContaining(['p@ss word/+=', Buffer.from('bob:p@ss word/+=').toString('base64'), 'tok+en/with=chars']));
  });

  test('an Authorization header registers what it carries (Basic: the base64 and the password; Bearer: the token)', () => {
    const r = new Redactor();
    r.addAuthorization(`Basic ${BASIC}`);
    r.addAuthorization('Bearer abc.def-ghi_jkl');
    expect(r.redact(`${BASIC} ${PASSWORD} abc.def-ghi_jkl`)).toBe('*** *** ***');
  });
});

describe('issue 10 item 9: a registry that echoes the credentials it received into an error body', () => {
  const sources: Array<[string, () => TestRegistry, (dir: string) => RegistryClientOptions | Promise<RegistryClientOptions>]> = [
    ['htpasswd Basic, username and password inputs', () => basic, () => ({ username: USER, password: PASSWORD })],
    ['htpasswd Basic, config.json auth field', () => basic, async (host) => ({ env: { DOCKER_CONFIG: await dockerConfig(`cfg-auth-${host}`, { auths: { [host]: { auth: BASIC } } }) } })],
    [
      'htpasswd Basic, credential helper',
      () => basic,
      async (host) => ({ env: { DOCKER_CONFIG: await dockerConfig(`cfg-helper-${host}`, { credHelpers: { [host]: 'echo' } }) }, exec: helper(USER, PASSWORD) }),
    ],
    ['token auth, username and password inputs', () => token, () => ({ username: USER, password: PASSWORD })],
    ['token auth, config.json identity token', () => token, async (host) => ({ env: { DOCKER_CONFIG: await dockerConfig(`cfg-id-${host}`, { auths: { [host]: { identitytoken: REFRESH } } }) } })],
    [
      'token auth, identity token from a credential helper',
      () => token,
      async (host) => ({ env: { DOCKER_CONFIG: await dockerConfig(`cfg-idhelper-${host}`, { credsStore: 'echo' }) }, exec: helper('<token>', REFRESH) }),
    ],
  ];

  test.each(sources)('%s: the error and the log hold no credential; tokens are reported for masking', async (_name, reg, options) => {
    const proxy = await echoing(reg());
    const log = recorder();
    const c = client({ ...(await options(proxy.host)), logger: log });
    const e = await caught(c.repository(`${proxy.host}/leak/echo`).fetchManifest('1'));
    // The echo reached the client and its text is in the message, with the credentials cut out.
    expect(proxy.echoed).toBeGreaterThan(0);
    expect(e.code).toBe('REGISTRY_ERROR');
    const line = formatError(e);
    expect(line).toContain('rejected request with');
    expect(line).toContain('***');
    const secrets = [PASSWORD, BASIC, REFRESH, ...proxy.secrets];
    expectNoSecret([line, e.message, e.hint ?? '', JSON.stringify(e), ...log.lines], secrets);
    // Every bearer token the client sent was reported before it was used.
    const bearers = proxy.seen.filter((s) => s.startsWith('Authorization: Bearer ')).map((s) => s.slice('Authorization: Bearer '.length));
    if (reg().auth === 'token') expect(bearers.length).toBeGreaterThan(0);
    for (const b of bearers) expect(log.secrets).toContain(b);
  });

  test('a DENIED (403) echo is redacted too', async () => {
    const proxy = await startEchoProxy(token.host, { echo: /^GET \/v2\/leak\//, status: 403, code: 'DENIED', tokenService: token.issuer!.url });
    proxies.push(proxy);
    const log = recorder();
    const e = await caught(client({ username: USER, password: PASSWORD, logger: log }).repository(`${proxy.host}/leak/denied`).fetchManifest('1'));
    expect(e.code).toBe('DENIED');
    expect(formatError(e)).toContain('***');
    expectNoSecret([formatError(e), ...log.lines], [PASSWORD, BASIC, ...proxy.secrets]);
  });

  test('the CLI (a child process): stderr and stdout hold no credential', async () => {
    const proxy = await echoing(basic);
    const store = join(tmp, 'cli-store');
    const r = await cli(['pull', '--ref', `${proxy.host}/leak/echo:1`, '--username', USER, '--password', PASSWORD, '--store', store], { OCI_STORE_DEBUG: '1' });
    expect(r.code).toBe(1);
    expect(proxy.echoed).toBeGreaterThan(0);
    expect(r.stderr).toMatch(/^oci-store: .*rejected request with .*\*\*\*/m);
    expectNoSecret([r.stdout, r.stderr], [PASSWORD, BASIC, ...proxy.secrets]);
  });

  test('the action on a runner: ::error::, the log, the outputs and the job summary hold no credential; each token is ::add-mask::ed', async () => {
    const proxy = await echoing(token, 403, 'DENIED');
    const ws = join(tmp, 'ws');
    await mkdir(ws, { recursive: true });
    const r = await runStep('main', {
      inputs: { command: 'pull', ref: `${proxy.host}/leak/echo:1`, username: USER, password: PASSWORD, store: join(ws, 'store'), cache: 'false' },
      env: { GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: ws, RUNNER_DEBUG: '1' },
      cwd: ws,
    });
    expect(r.code).toBe(1);
    expect(proxy.echoed).toBeGreaterThan(0);
    const errs = errors(r);
    expect(errs).toHaveLength(1);
    expect(errs[0]).toMatch(/rejected request with .*\*\*\*/);
    const lines = r.stdout.split('\n');
    const masked = lines.filter((l) => l.startsWith('::add-mask::')).map((l) => l.slice('::add-mask::'.length));
    const printed = lines.filter((l) => !l.startsWith('::add-mask::')).join('\n');
    expectNoSecret([printed, r.stderr, JSON.stringify(r.outputs), JSON.stringify(r.state), r.summary], [PASSWORD, BASIC, ...proxy.secrets]);
    const bearers = proxy.seen.filter((s) => s.startsWith('Authorization: Bearer ')).map((s) => s.slice('Authorization: Bearer '.length));
    expect(bearers.length).toBeGreaterThan(0);
    for (const b of bearers) {
      expect(masked).toContain(b);
      // masked before the error that could have shown it
      expect(lines.indexOf(`::add-mask::${b}`)).toBeLessThan(lines.findIndex((l) => l.startsWith('::error::')));
    }
    expect(masked).toEqual(expect.arrayContaining([PASSWORD, BASIC]));
  });
});

describe('issue 10 item 12: username without password (and the reverse) is an input error before any network call', () => {
  /** A TCP listener that counts connections: the "registry" nothing may reach. */
  async function listener(): Promise<{ host: string; connections: () => number; close: () => Promise<void> }> {
    let n = 0;
    const server = net.createServer((s) => {
      n++;
      s.destroy();
    });
    const port = await new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)));
    return { host: `127.0.0.1:${port}`, connections: () => n, close: () => new Promise((r) => server.close(() => r())) };
  }

  const cases: Array<[string, 'username' | 'password', Record<string, string>]> = [
    ['username without password', 'password', { username: USER }],
    ['password without username', 'username', { password: PASSWORD }],
  ];

  test.each(cases)('the CLI: %s → INVALID_INPUT naming %s, no connection made', async (_name, input, creds) => {
    const l = await listener();
    try {
      const flags = Object.entries(creds).flatMap(([k, v]) => [`--${k}`, v]);
      const r = await cli(['pull', '--ref', `${l.host}/app:1`, '--store', join(tmp, 'cli-half'), ...flags]);
      expect(r.code).toBe(1);
      expect(r.stderr.trim()).toMatch(new RegExp(`^oci-store: ${input}: .+\\. .+\\.$`));
      expect(r.stderr).not.toMatch(/cannot reach|NETWORK/);
      expect(r.stderr).not.toContain(PASSWORD);
      expect(l.connections()).toBe(0);
    } finally {
      await l.close();
    }
  });

  test.each(cases)('the action: %s → one ::error:: naming %s, no connection made', async (_name, input, creds) => {
    const l = await listener();
    try {
      const ws = join(tmp, 'ws-half');
      await mkdir(ws, { recursive: true });
      const r = await runStep('main', { inputs: { command: 'pull', ref: `${l.host}/app:1`, store: join(ws, 'store'), cache: 'false', ...creds }, env: { GITHUB_WORKSPACE: ws }, cwd: ws });
      expect(r.code).toBe(1);
      const errs = errors(r);
      expect(errs).toHaveLength(1);
      expect(errs[0]).toMatch(new RegExp(`^::error::${input}: .+\\. .+\\.$`));
      expect(r.stdout + r.stderr).not.toContain(PASSWORD);
      expect(l.connections()).toBe(0);
    } finally {
      await l.close();
    }
  });
});
