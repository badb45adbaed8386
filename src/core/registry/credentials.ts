/**
 * Where registry credentials come from, in order:
 *
 * 1. the `username`/`password` inputs, for the registries the run acts on;
 * 2. docker's config.json (`$DOCKER_CONFIG/config.json` or `~/.docker/config.json`), as
 *    docker/login-action leaves it: `credHelpers[host]`, then `auths[host]` (`auth` =
 *    base64 `user:password`, or `identitytoken`), then `credsStore` — helpers run as
 *    `docker-credential-<name> get` with the server URL on stdin;
 * 3. for ghcr.io, the `github-token` input;
 * 4. nothing: anonymous.
 *
 * Reference: docker/cli `cli/config/configfile/file.go`, docker-credential-helpers protocol.
 * Secrets are kept in memory only. Each one is registered with the run's redactor as soon
 * as it is known — the raw value and, for a user/password pair, the base64 that a Basic
 * header carries — so messages are redacted and front ends can mask it (secrets.ts).
 */
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { OciError, isErrno } from '../errors.js';
import type { Logger } from '../content.js';
import { silentLogger } from '../content.js';
import { Redactor } from '../secrets.js';

/** Runs an external helper program (docker-credential-*); injectable so a front end can run them through its own exec library. */
export type ExecFn = (
  command: string,
  args: string[],
  stdin: string,
) => Promise<{ exitCode: number; stdout: string; stderr: string }>;

/** Credentials for one registry. */
export interface Credential {
  username?: string;
  password?: string;
  /** An OAuth2 refresh token (docker's `identitytoken`), exchanged at the token endpoint. */
  identityToken?: string;
  /** Where they came from, for messages: `the username and password inputs`, a config path… */
  source: string;
  /** The input to blame when the registry rejects them. */
  input?: 'username' | 'password' | 'github-token';
}

/** Options of a CredentialStore. */
export interface CredentialOptions {
  username?: string;
  password?: string;
  githubToken?: string;
  /**
   * Registries (normalised, `docker.io` for Docker Hub) the username/password inputs are
   * for; `all` applies them everywhere.
   */
  explicitRegistries?: Iterable<string> | 'all';
  env?: Record<string, string | undefined>;
  exec?: ExecFn;
  logger?: Logger;
  /** Where every secret found is registered (default: a new one). */
  redactor?: Redactor;
}

/** The server URL docker uses for Docker Hub in config.json and with helpers. */
export const DOCKER_HUB_CONFIG_KEY = 'https://index.docker.io/v1/';

interface DockerConfig {
  auths?: Record<string, { auth?: string; username?: string; password?: string; identitytoken?: string }>;
  credHelpers?: Record<string, string>;
  credsStore?: string;
}

/** `https://host/v1/` → `host`, with Docker Hub's aliases folded into `docker.io`. */
export function configKeyHost(key: string): string {
  let h = key.trim().toLowerCase().replace(/^[a-z]+:\/\//, '');
  const slash = h.indexOf('/');
  if (slash >= 0) h = h.slice(0, slash);
  if (h === 'index.docker.io' || h === 'registry-1.docker.io' || h === 'registry.hub.docker.com') return 'docker.io';
  return h;
}

/** The server URL to hand a credential helper for a registry. */
export function helperServerURL(registry: string): string {
  return registry === 'docker.io' ? DOCKER_HUB_CONFIG_KEY : registry;
}

/** Run a program with stdin, collecting output (the CLI's default for credential helpers). */
export const spawnExec: ExecFn = (command, args, stdin) => spawnWithEnv(undefined)(command, args, stdin);

/** spawnExec in a given environment (the run's, so PATH finds the helper the user installed). */
export const spawnWithEnv =
  (env: Record<string, string | undefined> | undefined): ExecFn =>
  (command, args, stdin) =>
  new Promise((resolve, reject) => {
    // node:child_process is loaded here, not imported: a push or pull without a helper (the
    // usual case) never needs it, and loading it costs every start ~7 ms of CPU (with
    // node:dgram, which it loads; `node -e "require('node:child_process')"` 33 vs 26 ms).
    const { spawn } = process.getBuiltinModule('node:child_process');
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], ...(env ? { env: { ...process.env, ...env } } : {}) });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.once('error', reject);
    child.once('close', (code) =>
      resolve({ exitCode: code ?? 1, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }),
    );
    child.stdin.on('error', () => {});
    child.stdin.end(stdin);
  });

/** Resolves credentials per registry, memoised for the run. */
export class CredentialStore {
  readonly #opts: CredentialOptions;
  readonly #explicit: Set<string> | 'all';
  readonly #cache = new Map<string, Promise<Credential | undefined>>();
  readonly #secrets = new Set<string>();
  readonly #redactor: Redactor;
  readonly #logger: Logger;
  #config: Promise<{ path: string; config: DockerConfig } | undefined> | undefined;

  constructor(options: CredentialOptions = {}) {
    this.#opts = options;
    this.#logger = options.logger ?? silentLogger;
    this.#redactor = options.redactor ?? new Redactor();
    const ex = options.explicitRegistries ?? 'all';
    this.#explicit = ex === 'all' ? 'all' : new Set([...ex].map(configKeyHost));
    for (const s of [options.password, options.githubToken]) if (s) this.#remember(s);
  }

  /** Every secret seen so far (for redaction). */
  secrets(): string[] {
    return [...this.#secrets];
  }

  /** Replace every known secret in `text` (in each form it travels in) with `***`. */
  redact(text: string): string {
    return this.#redactor.redact(text);
  }

  /** Credentials for `registry` (normalised host, `docker.io` for Docker Hub), or undefined. */
  get(registry: string): Promise<Credential | undefined> {
    const key = configKeyHost(registry);
    let p = this.#cache.get(key);
    if (!p) {
      p = this.#resolve(key).then((c) => {
        // The pair as a Basic header will carry it, known before anything is sent.
        if (c?.username !== undefined && c.password !== undefined) this.#redactor.addBasic(c.username, c.password);
        return c;
      });
      this.#cache.set(key, p);
    }
    return p;
  }

  async #resolve(registry: string): Promise<Credential | undefined> {
    const o = this.#opts;
    const explicit = this.#explicit === 'all' || this.#explicit.has(registry);
    if (explicit && (o.username !== undefined || o.password !== undefined)) {
      if (!o.username) {
        throw new OciError('INVALID_INPUT', `password is set but username is empty (registry ${registry})`, {
          input: 'username',
          hint: 'set username together with password',
        });
      }
      if (!o.password) {
        throw new OciError('INVALID_INPUT', `username is set but password is empty (registry ${registry})`, {
          input: 'password',
          hint: 'pass the password or token, e.g. password: ${{ secrets.REGISTRY_TOKEN }} (an unset secret is empty)',
        });
      }
      return { username: o.username, password: o.password, source: 'the username and password inputs', input: 'username' };
    }
    const fromConfig = await this.#fromDockerConfig(registry);
    if (fromConfig) return fromConfig;
    if (registry === 'ghcr.io' && o.githubToken) {
      const env = o.env ?? process.env;
      return { username: env.GITHUB_ACTOR || 'github-actions', password: o.githubToken, source: 'the github-token input', input: 'github-token' };
    }
    return undefined;
  }

  #remember(secret: string): void {
    if (!secret) return;
    this.#secrets.add(secret);
    this.#redactor.add(secret);
  }

  #configPath(): string {
    const env = this.#opts.env ?? process.env;
    const dir = env.DOCKER_CONFIG || join(env.HOME || homedir(), '.docker');
    return join(dir, 'config.json');
  }

  #loadConfig(): Promise<{ path: string; config: DockerConfig } | undefined> {
    this.#config ??= (async () => {
      const path = this.#configPath();
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch (e) {
        if (isErrno(e, 'ENOENT', 'ENOTDIR')) return undefined;
        this.#logger.warning(`cannot read docker config ${path}: ${(e as Error).message}`);
        return undefined;
      }
      try {
        const config = JSON.parse(text) as DockerConfig;
        if (typeof config !== 'object' || config === null) throw new Error('not an object');
        return { path, config };
      } catch (e) {
        this.#logger.warning(`ignoring docker config ${path}: it is not valid JSON (${(e as Error).message})`);
        return undefined;
      }
    })();
    return this.#config;
  }

  async #fromDockerConfig(registry: string): Promise<Credential | undefined> {
    const loaded = await this.#loadConfig();
    if (!loaded) return undefined;
    const { path, config } = loaded;
    const helper = Object.entries(config.credHelpers ?? {}).find(([k]) => configKeyHost(k) === registry)?.[1];
    if (helper) return this.#fromHelper(helper, registry, `credential helper docker-credential-${helper} (credHelpers in ${path})`);
    const entry = Object.entries(config.auths ?? {}).find(([k]) => configKeyHost(k) === registry)?.[1];
    if (entry) {
      const source = `the auths entry for ${registry} in ${path}`;
      if (entry.identitytoken) {
        this.#remember(entry.identitytoken);
        let username: string | undefined;
        if (entry.auth) username = decodeAuth(entry.auth)?.username;
        const c: Credential = { identityToken: entry.identitytoken, source };
        if (username) c.username = username;
        return c;
      }
      if (entry.auth) {
        const d = decodeAuth(entry.auth);
        if (!d) {
          this.#logger.warning(`ignoring the auths entry for ${registry} in ${path}: its auth field is not base64 user:password`);
        } else {
          this.#remember(d.password);
          this.#remember(entry.auth);
          return { username: d.username, password: d.password, source };
        }
      } else if (entry.username && entry.password) {
        this.#remember(entry.password);
        return { username: entry.username, password: entry.password, source };
      }
    }
    if (config.credsStore) return this.#fromHelper(config.credsStore, registry, `credential store docker-credential-${config.credsStore} (credsStore in ${path})`);
    return undefined;
  }

  async #fromHelper(helper: string, registry: string, source: string): Promise<Credential | undefined> {
    if (!/^[A-Za-z0-9._-]+$/.test(helper)) {
      this.#logger.warning(`ignoring credential helper ${JSON.stringify(helper)}: not a valid helper name`);
      return undefined;
    }
    const exec = this.#opts.exec ?? spawnWithEnv(this.#opts.env);
    let out: { exitCode: number; stdout: string; stderr: string };
    try {
      out = await exec(`docker-credential-${helper}`, ['get'], helperServerURL(registry));
    } catch (e) {
      this.#logger.warning(`cannot run docker-credential-${helper}: ${isErrno(e, 'ENOENT') ? 'not installed' : (e as Error).message}; continuing without credentials for ${registry}`);
      return undefined;
    }
    if (out.exitCode !== 0) {
      // "credentials not found in native keychain" is the protocol's way of saying none.
      if (!/not found/i.test(out.stdout + out.stderr)) {
        this.#logger.warning(`docker-credential-${helper} get failed for ${registry} (exit ${out.exitCode}); continuing without credentials`);
      }
      return undefined;
    }
    let parsed: { Username?: string; Secret?: string };
    try {
      parsed = JSON.parse(out.stdout) as { Username?: string; Secret?: string };
    } catch {
      this.#logger.warning(`docker-credential-${helper} printed no JSON for ${registry}; continuing without credentials`);
      return undefined;
    }
    if (!parsed.Secret) return undefined;
    this.#remember(parsed.Secret);
    // Username "<token>" marks an identity (refresh) token (docker-credential-helpers).
    if (parsed.Username === '<token>') return { identityToken: parsed.Secret, source };
    const c: Credential = { password: parsed.Secret, source };
    if (parsed.Username) c.username = parsed.Username;
    return c;
  }
}

/** Decode config.json's `auth`: base64 of `user:password`. */
export function decodeAuth(auth: string): { username: string; password: string } | undefined {
  let text: string;
  try {
    text = Buffer.from(auth, 'base64').toString('utf8');
  } catch {
    return undefined;
  }
  const colon = text.indexOf(':');
  if (colon <= 0) return undefined;
  return { username: text.slice(0, colon), password: text.slice(colon + 1).replace(/\n$/, '') };
}
