/**
 * Registry authentication: `WWW-Authenticate` challenges (Basic and Bearer), token
 * requests with the right scopes, and a per-scope token cache renewed on expiry or 401.
 *
 * References: distribution `docs/spec/auth/token.md` (token endpoint, `expires_in`,
 * `access_token`), `docs/spec/auth/oauth.md` (refresh_token grant for identity tokens),
 * `docs/spec/auth/scope.md` (`repository:<name>:<actions>`), RFC 7235 (challenges).
 *
 * Secrets never appear in logs or messages: errors name the registry and where the
 * credentials came from, never their value; every token obtained is registered with the
 * HTTP client's redactor (and so reported for masking) before it is used.
 */
import { OciError } from '../errors.js';
import type { Logger } from '../content.js';
import { silentLogger } from '../content.js';
import { discard, readBody, redact, type HttpClient, type HttpRequest, type HttpResponse } from './http.js';
import type { Credential, CredentialStore } from './credentials.js';

/** One challenge of a `WWW-Authenticate` header. */
export interface Challenge {
  /** Lowercase scheme: `basic`, `bearer`. */
  scheme: string;
  /** Parameters with lowercase names. */
  params: Record<string, string>;
}

/**
 * Parse `WWW-Authenticate` (RFC 7235): one or more challenges, each a scheme followed by
 * comma-separated `name=value` / `name="quoted"` parameters.
 */
export function parseChallenges(header: string | string[] | undefined): Challenge[] {
  if (header === undefined) return [];
  const text = Array.isArray(header) ? header.join(', ') : header;
  const out: Challenge[] = [];
  let i = 0;
  const n = text.length;
  const skip = (): void => {
    while (i < n && (text[i] === ' ' || text[i] === '\t' || text[i] === ',')) i++;
  };
  const token = (): string => {
    const start = i;
    while (i < n && /[!#$%&'*+\-.^_`|~0-9A-Za-z/]/.test(text[i]!)) i++;
    return text.slice(start, i);
  };
  let current: Challenge | undefined;
  while (i < n) {
    skip();
    const start = i;
    const word = token();
    if (word === '') {
      i++;
      continue;
    }
    let j = i;
    while (j < n && text[j] === ' ') j++;
    if (text[j] === '=' && current !== undefined) {
      // a parameter of the current challenge
      i = j + 1;
      while (i < n && text[i] === ' ') i++;
      let value = '';
      if (text[i] === '"') {
        i++;
        while (i < n && text[i] !== '"') {
          if (text[i] === '\\' && i + 1 < n) i++;
          value += text[i];
          i++;
        }
        i++;
      } else {
        const vs = i;
        while (i < n && text[i] !== ',') i++;
        value = text.slice(vs, i).trim();
      }
      current.params[word.toLowerCase()] = value;
    } else {
      // a new scheme (a token68 after it is ignored: no registry scheme uses one)
      current = { scheme: text.slice(start, i).toLowerCase(), params: {} };
      out.push(current);
    }
  }
  return out;
}

/** `repository:<name>:<actions>` (scope.md). */
export function repositoryScope(name: string, actions: Array<'pull' | 'push' | 'delete' | '*'>): string {
  return `repository:${name}:${actions.join(',')}`;
}

/** Merge scopes naming the same resource (`a:pull` + `a:push` → `a:pull,push`), sorted. */
export function mergeScopes(scopes: Iterable<string>): string[] {
  const byResource = new Map<string, Set<string>>();
  for (const s of scopes) {
    for (const one of s.split(' ')) {
      if (one === '') continue;
      const last = one.lastIndexOf(':');
      if (last < 0) {
        byResource.set(one, byResource.get(one) ?? new Set());
        continue;
      }
      const resource = one.slice(0, last);
      const set = byResource.get(resource) ?? new Set<string>();
      for (const a of one.slice(last + 1).split(',')) if (a) set.add(a);
      byResource.set(resource, set);
    }
  }
  return [...byResource.entries()]
    .map(([r, a]) => (a.size > 0 ? `${r}:${[...a].sort().join(',')}` : r))
    .sort();
}

interface Token {
  value: string;
  expiresAt: number;
}

interface RegistryState {
  scheme?: 'basic' | 'bearer';
  realm?: string;
  service?: string;
  tokens: Map<string, Token>;
  pending: Map<string, Promise<Token>>;
}

/** Counters for tests. */
export interface AuthStats {
  tokenRequests: number;
}

/**
 * Sends requests to registries with the right `Authorization`, learning each registry's
 * scheme from its first 401 and sending credentials pre-emptively afterwards.
 */
export class Authorizer {
  readonly stats: AuthStats = { tokenRequests: 0 };
  readonly #http: HttpClient;
  readonly #creds: CredentialStore;
  readonly #logger: Logger;
  readonly #states = new Map<string, RegistryState>();

  constructor(http: HttpClient, creds: CredentialStore, logger: Logger = silentLogger) {
    this.#http = http;
    this.#creds = creds;
    this.#logger = logger;
  }

  /** Remove known secrets from text (registry messages can echo them). */
  redact(text: string): string {
    return this.#http.redactor.redact(this.#creds.redact(text));
  }

  #state(registry: string): RegistryState {
    let s = this.#states.get(registry);
    if (!s) {
      s = { tokens: new Map(), pending: new Map() };
      this.#states.set(registry, s);
    }
    return s;
  }

  /**
   * Send `req` to `registry` (normalised name; credentials are looked up by it) with
   * access `scopes`. A 401 is answered once: by fetching a token for the challenge's
   * scopes or by sending Basic credentials; a second 401 is UNAUTHORIZED.
   */
  async send(registry: string, req: HttpRequest, scopes: string[]): Promise<HttpResponse> {
    const state = this.#state(registry);
    let wanted = mergeScopes(scopes);
    const first = await this.#header(registry, state, wanted, false);
    let res = await this.#http.send(withAuth(req, first));
    if (res.status !== 401) return res;

    const challenges = parseChallenges(res.headers['www-authenticate']);
    await discard(res);
    const bearer = challenges.find((c) => c.scheme === 'bearer');
    const basic = challenges.find((c) => c.scheme === 'basic');
    let header: string | undefined;
    if (bearer && bearer.params.realm) {
      state.scheme = 'bearer';
      state.realm = bearer.params.realm;
      if (bearer.params.service !== undefined) state.service = bearer.params.service;
      if (bearer.params.scope) wanted = mergeScopes([...wanted, bearer.params.scope]);
      header = await this.#header(registry, state, wanted, true);
    } else if (basic) {
      state.scheme = 'basic';
      header = await this.#header(registry, state, wanted, true);
      if (header === undefined) throw unauthorized(registry, undefined);
      if (header === first) throw unauthorized(registry, await this.#creds.get(registry));
    } else {
      throw new OciError('REGISTRY_ERROR', `registry ${registry} asks for an authentication scheme this client does not speak (${challenges.map((c) => c.scheme).join(', ') || 'none'})`, {
        hint: 'the registry must offer Basic or Bearer authentication',
      });
    }
    res = await this.#http.send(withAuth(req, header));
    if (res.status === 401) {
      await discard(res);
      this.#forget(state, wanted);
      throw unauthorized(registry, await this.#creds.get(registry));
    }
    return res;
  }

  #forget(state: RegistryState, scopes: string[]): void {
    state.tokens.delete(scopes.join(' '));
  }

  /** The Authorization header for a request, or undefined while the scheme is unknown or no credentials exist. */
  async #header(registry: string, state: RegistryState, scopes: string[], force: boolean): Promise<string | undefined> {
    if (state.scheme === 'basic') {
      const cred = await this.#creds.get(registry);
      if (!cred?.username || cred.password === undefined) return undefined;
      return 'Basic ' + Buffer.from(`${cred.username}:${cred.password}`).toString('base64');
    }
    if (state.scheme === 'bearer' && state.realm) {
      const token = await this.#token(registry, state, scopes, force);
      return token ? `Bearer ${token.value}` : undefined;
    }
    return undefined;
  }

  async #token(registry: string, state: RegistryState, scopes: string[], force: boolean): Promise<Token | undefined> {
    const key = scopes.join(' ');
    const cached = state.tokens.get(key);
    if (!force && cached && cached.expiresAt > Date.now()) return cached;
    let pending = state.pending.get(key);
    if (!pending) {
      pending = this.#fetchToken(registry, state, scopes).finally(() => state.pending.delete(key));
      state.pending.set(key, pending);
    }
    const token = await pending;
    state.tokens.set(key, token);
    return token;
  }

  #fetchToken(registry: string, state: RegistryState, scopes: string[]): Promise<Token> {
    return this.#http.retrying(new URL(state.realm!), () => this.#fetchTokenOnce(registry, state, scopes));
  }

  async #fetchTokenOnce(registry: string, state: RegistryState, scopes: string[]): Promise<Token> {
    const realm = new URL(state.realm!);
    if (realm.protocol === 'http:' && this.#http.scheme(realm.host) !== 'http') {
      throw new OciError('REGISTRY_ERROR', `registry ${registry} sends credentials to a plain-HTTP token service (${realm.host})`, {
        hint: `list ${realm.host} in insecure if that is intended`,
      });
    }
    const cred = await this.#creds.get(registry);
    this.stats.tokenRequests++;
    let res: HttpResponse;
    if (cred?.identityToken) {
      // OAuth2 refresh-token grant (docker's identity tokens), oauth.md.
      const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: cred.identityToken, client_id: 'oci-store' });
      if (state.service !== undefined) form.set('service', state.service);
      if (scopes.length > 0) form.set('scope', scopes.join(' '));
      res = await this.#http.send({
        method: 'POST',
        url: realm,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: Buffer.from(form.toString()),
      });
    } else {
      const url = new URL(realm);
      if (state.service !== undefined) url.searchParams.set('service', state.service);
      for (const s of scopes) url.searchParams.append('scope', s);
      const headers: Record<string, string> = {};
      if (cred?.username && cred.password !== undefined) {
        url.searchParams.set('account', cred.username);
        headers.authorization = 'Basic ' + Buffer.from(`${cred.username}:${cred.password}`).toString('base64');
      }
      res = await this.#http.send({ method: 'GET', url, headers });
    }
    if (res.status === 401 || res.status === 403) {
      await discard(res);
      throw unauthorized(registry, cred);
    }
    if (res.status !== 200) {
      await discard(res);
      throw new OciError('REGISTRY_ERROR', `the token service of ${registry} (${redact(realm)}) answered HTTP ${res.status}`, {
        hint: 'the registry authentication service had a problem; retry later',
      });
    }
    let body: { token?: string; access_token?: string; refresh_token?: string; expires_in?: number; issued_at?: string };
    try {
      body = JSON.parse((await readBody(res, 1024 * 1024)).toString('utf8')) as typeof body;
    } catch {
      throw new OciError('REGISTRY_ERROR', `the token service of ${registry} answered something that is not a token`, {
        hint: 'the registry authentication service is misconfigured',
      });
    }
    // Registered (and reported for ::add-mask::) before first use, as docker/login-action masks what it obtains.
    for (const t of [body.access_token, body.token, body.refresh_token]) if (typeof t === 'string') this.#http.redactor.add(t);
    const value = body.access_token || body.token;
    if (!value) {
      throw new OciError('REGISTRY_ERROR', `the token service of ${registry} answered without a token`, { hint: 'the registry authentication service is misconfigured' });
    }
    // token.md: expires_in defaults to 60 s; renew a little early so a request never carries a stale token.
    const lifetimeMs = (typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : 60) * 1000;
    const slack = Math.min(10_000, lifetimeMs / 10);
    this.#logger.debug(`token for ${registry} (${scopes.join(' ') || 'no scope'}) valid ${Math.round(lifetimeMs / 1000)} s`);
    return { value, expiresAt: Date.now() + lifetimeMs - slack };
  }
}

function withAuth(req: HttpRequest, header: string | undefined): HttpRequest {
  if (header === undefined) return req;
  return { ...req, headers: { ...req.headers, authorization: header } };
}

/** UNAUTHORIZED naming where the rejected credentials came from (never their value). */
export function unauthorized(registry: string, cred: Credential | undefined): OciError {
  if (!cred) {
    return new OciError('UNAUTHORIZED', `registry ${registry} requires authentication and no credentials were found for it`, {
      input: 'username',
      hint: 'set username and password, or log in before this step (docker/login-action)',
    });
  }
  if (cred.input === 'username' || cred.input === 'password') {
    return new OciError('UNAUTHORIZED', `registry ${registry} rejected the credentials from the username and password inputs`, {
      input: 'username',
      hint: 'check username and password (a token needs read access to pull and write access to push)',
    });
  }
  if (cred.input === 'github-token') {
    return new OciError('UNAUTHORIZED', `registry ${registry} rejected the github-token input`, {
      input: 'github-token',
      hint: 'give the workflow `permissions: packages: write` to push, or set username and password',
    });
  }
  return new OciError('UNAUTHORIZED', `registry ${registry} rejected the credentials from ${cred.source}`, {
    hint: 'log in again (docker login or docker/login-action), or set username and password',
  });
}
