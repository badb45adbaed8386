/**
 * Real registries for tests: Debian's `docker-registry` (CNCF distribution 2.8) on a
 * random loopback port with a temp storage directory, in three set-ups —
 *
 * - `none`: no authentication;
 * - `htpasswd`: Basic auth from an htpasswd file (bcrypt lines made with perl's crypt(3),
 *   libxcrypt's `$2b$`, which distribution's bcrypt accepts);
 * - `token`: distribution's `auth.token`, verifying RS256 JWTs from a token issuer run
 *   here (certificate made with `openssl`, JWTs signed with node:crypto carrying `x5c`).
 *
 * `startRegistry()` waits until `/v2/` answers; `stop()` kills it and removes its files.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createPrivateKey, createSign, randomBytes, type KeyObject } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Authentication of a test registry. */
export type RegistryAuth = 'none' | 'htpasswd' | 'token';

/** Options of startRegistry. */
export interface RegistryOptions {
  auth?: RegistryAuth;
  /** Users and passwords (htpasswd and token set-ups). Default `{ alice: 'wonderland-s3cret' }`. */
  users?: Record<string, string>;
  /** Token lifetime in seconds (token set-up; default 300). */
  tokenTtl?: number;
  /** Identity (refresh) tokens the issuer accepts: token → user. */
  refreshTokens?: Record<string, string>;
  /**
   * Serve HTTPS only (`http.tls` of the config) with this certificate and key (PEM paths);
   * `ca` (PEM path) is what the readiness probe trusts.
   */
  tls?: { certificate: string; key: string; ca: string };
}

/** A running token issuer. */
export interface TokenIssuer {
  url: string;
  /** Tokens issued so far. */
  issued: number;
  /** Scopes asked for, in order. */
  scopes: string[][];
}

/** A running test registry. */
export interface TestRegistry {
  /** `127.0.0.1:<port>`, usable as a reference's registry. */
  host: string;
  port: number;
  /** `http://127.0.0.1:<port>` (`https://` with the `tls` option). */
  url: string;
  auth: RegistryAuth;
  users: Record<string, string>;
  /** Temp directory (config, storage, certificates). */
  dir: string;
  issuer?: TokenIssuer;
  /** The registry's stderr so far (for failure messages). */
  log(): string;
  stop(): Promise<void>;
}

/** Close a server and every connection it holds (keep-alive sockets would keep it open). */
export async function closeServer(server: http.Server): Promise<void> {
  await new Promise<void>((r) => {
    server.close(() => r());
    server.closeAllConnections();
  });
}

/** A free TCP port on 127.0.0.1 (bound then released). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** A bcrypt hash of `password` via perl's crypt(3) (libxcrypt). */
export async function bcrypt(password: string): Promise<string> {
  const salt = randomBytes(16)
    .toString('base64')
    .replace(/[^A-Za-z0-9]/g, '.')
    .slice(0, 22);
  const { stdout } = await run('perl', ['-e', 'print crypt($ARGV[0], $ARGV[1])', password, `$2b$05$${salt}`]);
  if (!/^\$2[aby]\$05\$.{53}$/.test(stdout)) throw new Error(`perl crypt(3) made no bcrypt hash (${JSON.stringify(stdout)}); libxcrypt is needed`);
  return stdout;
}

function b64url(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url');
}

/** Sign a JWT (RS256) with an `x5c` header naming the certificate. */
function signJwt(key: KeyObject, certDer: string, claims: Record<string, unknown>): string {
  const header = { typ: 'JWT', alg: 'RS256', x5c: [certDer] };
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
  const sig = createSign('RSA-SHA256').update(input).sign(key);
  return `${input}.${b64url(sig)}`;
}

const SERVICE = 'oci-store-test-registry';
const ISSUER = 'oci-store-test-issuer';

async function startIssuer(
  dir: string,
  users: Record<string, string>,
  ttl: number,
  refresh: Record<string, string>,
): Promise<{ issuer: TokenIssuer; server: http.Server; certPath: string }> {
  const keyPath = join(dir, 'issuer.key');
  const certPath = join(dir, 'issuer.crt');
  await run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyPath, '-out', certPath, '-days', '2', '-subj', `/CN=${ISSUER}`]);
  const key = createPrivateKey(await readFile(keyPath));
  const pem = await readFile(certPath, 'utf8');
  const certDer = pem.replace(/-----(BEGIN|END) CERTIFICATE-----|\s/g, '');
  const issuer: TokenIssuer = { url: '', issued: 0, scopes: [] };

  const grant = (user: string | undefined, scopes: string[]): Record<string, unknown> => {
    const access = scopes
      .map((s) => {
        const m = /^(repository):(.+):([a-z*,]+)$/.exec(s);
        if (!m) return undefined;
        // Anonymous users get nothing; known users everything they ask for.
        return { type: m[1], name: m[2], actions: user ? m[3]!.split(',') : [] };
      })
      .filter((x) => x !== undefined);
    const now = Math.floor(Date.now() / 1000);
    issuer.issued++;
    issuer.scopes.push(scopes);
    const token = signJwt(key, certDer, { iss: ISSUER, sub: user ?? '', aud: SERVICE, exp: now + ttl, nbf: now - 10, iat: now, jti: randomBytes(8).toString('hex'), access });
    return { token, access_token: token, expires_in: ttl, issued_at: new Date(now * 1000).toISOString() };
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const send = (status: number, body: unknown): void => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (url.pathname !== '/token') return send(404, { error: 'not found' });
      let user: string | undefined;
      let scopes: string[];
      if (req.method === 'POST') {
        const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
        scopes = (form.get('scope') ?? '').split(' ').filter(Boolean);
        if (form.get('grant_type') === 'refresh_token') {
          user = refresh[form.get('refresh_token') ?? ''];
          if (!user) return send(401, { error: 'invalid_grant' });
        } else if (form.get('grant_type') === 'password') {
          const u = form.get('username') ?? '';
          if (users[u] === undefined || users[u] !== form.get('password')) return send(401, { error: 'invalid_grant' });
          user = u;
        } else {
          return send(400, { error: 'unsupported_grant_type' });
        }
      } else {
        scopes = url.searchParams.getAll('scope').flatMap((s) => s.split(' ')).filter(Boolean);
        const auth = req.headers.authorization;
        if (auth?.startsWith('Basic ')) {
          const text = Buffer.from(auth.slice(6), 'base64').toString('utf8');
          const colon = text.indexOf(':');
          const u = text.slice(0, colon);
          if (colon < 0 || users[u] === undefined || users[u] !== text.slice(colon + 1)) return send(401, { details: 'incorrect username or password' });
          user = u;
        }
      }
      send(200, grant(user, scopes));
    });
  });
  const port = await new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)));
  issuer.url = `http://127.0.0.1:${port}/token`;
  return { issuer, server, certPath };
}

async function waitReady(url: string, child: ChildProcess, log: () => string, timeoutMs = 15_000, ca?: Buffer): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`docker-registry exited with ${child.exitCode}: ${log()}`);
    const status = await new Promise<number>((resolve) => {
      const req = ca ? https.get(`${url}/v2/`, { ca }, onResponse) : http.get(`${url}/v2/`, onResponse);
      function onResponse(res: http.IncomingMessage): void {
        res.resume();
        resolve(res.statusCode ?? 0);
      }
      req.on('error', () => resolve(0));
      req.setTimeout(1000, () => req.destroy());
    });
    if (status === 200 || status === 401) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`docker-registry did not answer at ${url} within ${timeoutMs} ms: ${log()}`);
}

/** Start a docker-registry on loopback. */
export async function startRegistry(options: RegistryOptions = {}): Promise<TestRegistry> {
  const auth = options.auth ?? 'none';
  const users = options.users ?? { alice: 'wonderland-s3cret' };
  const dir = await mkdtemp(join(tmpdir(), 'oci-store-registry-'));
  let issuerServer: http.Server | undefined;
  let issuer: TokenIssuer | undefined;
  let authConfig = '';
  if (auth === 'htpasswd') {
    const lines = await Promise.all(Object.entries(users).map(async ([u, p]) => `${u}:${await bcrypt(p)}`));
    await writeFile(join(dir, 'htpasswd'), lines.join('\n') + '\n');
    authConfig = `auth:\n  htpasswd:\n    realm: oci-store-test\n    path: ${join(dir, 'htpasswd')}\n`;
  } else if (auth === 'token') {
    const started = await startIssuer(dir, users, options.tokenTtl ?? 300, options.refreshTokens ?? {});
    issuerServer = started.server;
    issuer = started.issuer;
    authConfig = `auth:\n  token:\n    realm: ${issuer.url}\n    service: ${SERVICE}\n    issuer: ${ISSUER}\n    rootcertbundle: ${started.certPath}\n`;
  }

  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const config = [
      'version: 0.1',
      'log:',
      '  level: error',
      '  accesslog:',
      '    disabled: true',
      'storage:',
      '  filesystem:',
      `    rootdirectory: ${join(dir, 'data')}`,
      '  delete:',
      '    enabled: true',
      '  maintenance:',
      '    uploadpurging:',
      '      enabled: false',
      'http:',
      `  addr: 127.0.0.1:${port}`,
      '  secret: oci-store-test-secret',
      ...(options.tls ? ['  tls:', `    certificate: ${options.tls.certificate}`, `    key: ${options.tls.key}`] : []),
      authConfig,
    ].join('\n');
    const configPath = join(dir, 'config.yml');
    await writeFile(configPath, config);
    const child = spawn('docker-registry', ['serve', configPath], { stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    child.stdout?.on('data', (c: Buffer) => (log = (log + c.toString()).slice(-8000)));
    child.stderr?.on('data', (c: Buffer) => (log = (log + c.toString()).slice(-8000)));
    const url = `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`;
    try {
      await waitReady(url, child, () => log, 15_000, options.tls ? await readFile(options.tls.ca) : undefined);
    } catch (e) {
      lastError = e;
      child.kill('SIGKILL');
      continue;
    }
    const stop = async (): Promise<void> => {
      if (child.exitCode === null) {
        const exited = new Promise<void>((r) => child.once('exit', () => r()));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
        await exited;
        clearTimeout(timer);
      }
      if (issuerServer) await closeServer(issuerServer);
      await rm(dir, { recursive: true, force: true });
    };
    const reg: TestRegistry = { host: `127.0.0.1:${port}`, port, url, auth, users, dir, log: () => log, stop };
    if (issuer) reg.issuer = issuer;
    return reg;
  }
  if (issuerServer) await closeServer(issuerServer);
  await rm(dir, { recursive: true, force: true });
  throw lastError;
}
