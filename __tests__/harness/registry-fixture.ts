/**
 * The registry set-up shared by the registry tests, as one fixture: declare it at the top
 * of a test file and it starts docker-registry (no auth, htpasswd Basic or token auth; see
 * `startRegistry`) in `beforeAll` and stops it in `afterAll`, with the clients the tests
 * made closed first.
 *
 *     const registry = withRegistry();
 *     const [basic, token] = withRegistries({ auth: 'htpasswd' }, { auth: 'token' });
 *     const client = withClients({ retry: { retries: 2, baseDelayMs: 5 } });
 *
 * What is returned is usable at once as a `TestRegistry` value (tests keep writing
 * `registry.host`); its fields read the started registry, so they are only read inside
 * hooks and tests, after the fixture's `beforeAll` has run. Declare the fixture before
 * any `beforeAll` of the file that uses it (hooks run in declaration order).
 */
import { afterAll, beforeAll } from '@jest/globals';
import { RegistryClient, type RegistryClientOptions } from '../../src/core/registry/client.js';
import { startRegistry, type RegistryOptions, type TestRegistry } from './registry.js';

/** A `TestRegistry` whose fields are those of the one `get()` returns when read. */
function view(name: string, get: () => TestRegistry | undefined): TestRegistry {
  const started = (): TestRegistry => {
    const r = get();
    if (!r) throw new Error(`${name} is read before its fixture's beforeAll started it; read it inside a hook or a test`);
    return r;
  };
  return {
    get host() {
      return started().host;
    },
    get port() {
      return started().port;
    },
    get url() {
      return started().url;
    },
    get auth() {
      return started().auth;
    },
    get users() {
      return started().users;
    },
    get dir() {
      return started().dir;
    },
    get issuer() {
      return started().issuer;
    },
    log: () => started().log(),
    // Stopping twice is harmless: the fixture's afterAll stops it again.
    stop: async () => get()?.stop(),
  };
}

/**
 * Start one registry per options object, together, for the file's tests; stop them after.
 * Returns them in the order given.
 */
export function withRegistries<T extends RegistryOptions[]>(...options: T): { [K in keyof T]: TestRegistry } {
  const running: (TestRegistry | undefined)[] = options.map(() => undefined);
  beforeAll(async () => {
    // allSettled: one that fails to start must not leave the others running unowned.
    const results = await Promise.allSettled(options.map((o) => startRegistry(o)));
    results.forEach((r, i) => {
      if (r.status === 'fulfilled') running[i] = r.value;
    });
    const failed = results.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
  });
  afterAll(async () => {
    await Promise.all(running.map((r) => r?.stop()));
  });
  return options.map((o, i) => view(`the ${o.auth ?? 'none'} registry`, () => running[i])) as { [K in keyof T]: TestRegistry };
}

/** One registry for the file's tests (`auth` defaults to none). */
export function withRegistry(options: RegistryOptions = {}): TestRegistry {
  return withRegistries(options)[0]!;
}

/**
 * A maker of `RegistryClient`s with the file's defaults (`defaults()` is read per client, so
 * it may name a directory made in `beforeAll`); every client made is closed in `afterAll`.
 */
export function withClients(
  defaults: RegistryClientOptions | (() => RegistryClientOptions) = {},
): (options?: RegistryClientOptions) => RegistryClient {
  const clients: RegistryClient[] = [];
  afterAll(() => {
    for (const c of clients.splice(0)) c.close();
  });
  return (options = {}) => {
    const base = typeof defaults === 'function' ? defaults() : defaults;
    const c = new RegistryClient({ ...base, ...options });
    clients.push(c);
    return c;
  };
}
