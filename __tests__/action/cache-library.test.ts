/**
 * The @actions/cache adapter (src/action/cache/library.ts): a call's outcome comes from its
 * return value and the HTTP exchanges it made (diagnostics_channel), never from what the
 * library prints; what it prints is only softened, and stdout is put back after every call.
 * The exchanges are real: a local Twirp cache service with Azurite behind its signed URLs,
 * driven by stubs that print nothing and by the real library.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, request, type IncomingMessage } from 'node:http';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exchangeKind, judgeCall, loadLibrary, presentLine, runLibraryCall, type CacheLibrary, type Exchange } from '../../src/action/cache/library.js';
import { CacheService, startAzurite, type Azurite } from '../harness/cache-service.js';

/** Run `fn` with stdout captured (below the adapter's own patch). */
async function capture<T>(fn: () => Promise<T>): Promise<{ value: T; out: string }> {
  const original = process.stdout.write;
  let out = '';
  process.stdout.write = ((chunk: unknown) => {
    out += String(chunk);
    return true;
  }) as typeof process.stdout.write;
  try {
    return { value: await fn(), out };
  } finally {
    process.stdout.write = original;
  }
}

/** A library whose saveCache prints `lines` (as @actions/core would), makes no request and returns `result`. */
function printing(lines: string[], result: number): CacheLibrary {
  return {
    restoreCache: async () => undefined,
    saveCache: async () => {
      for (const l of lines) process.stdout.write(`${l}\n`);
      return result;
    },
  };
}

const ex = (kind: Exchange['kind'], status: number | string, target = `h/${kind}`): Exchange =>
  typeof status === 'number' ? { kind, method: 'POST', target, status } : { kind, method: 'POST', target, error: status };

describe('outcomes from return values and exchanges', () => {
  test('the cache service routes of both protocols are told from storage by path', () => {
    expect(exchangeKind('POST', '/twirp/github.actions.results.api.v1.CacheService/CreateCacheEntry')).toBe('reserve');
    expect(exchangeKind('POST', '/twirp/github.actions.results.api.v1.CacheService/GetCacheEntryDownloadURL')).toBe('service');
    expect(exchangeKind('POST', '/abc/_apis/artifactcache/caches')).toBe('reserve');
    expect(exchangeKind('POST', '/abc/_apis/artifactcache/caches/7')).toBe('service');
    expect(exchangeKind('GET', '/abc/_apis/artifactcache/cache?keys=k')).toBe('service');
    expect(exchangeKind('PUT', '/devstoreaccount1/actions-cache/b?sig=x')).toBe('storage');
  });

  test.each([
    ['-1 after one 409 reservation: key exists', -1, [ex('reserve', 409)], { keyExists: true }],
    ['-1 after a 409 that followed a retry: failure (the first attempt may have been ours)', -1, [ex('reserve', 500), ex('reserve', 409)], { failure: 'POST h/reserve answered HTTP 409 (2 attempts)', keyExists: false }],
    ['-1 with every request answered 2xx: failure', -1, [ex('reserve', 200), ex('storage', 201), ex('service', 200)], { failure: "no cache entry was created, though every request succeeded (see the library's message above)", keyExists: false }],
    ['-1 with a refused connection: failure naming it', -1, [ex('reserve', 'ECONNREFUSED')], { failure: 'POST h/reserve failed (ECONNREFUSED)', keyExists: false }],
    ['-1 without any reservation: failure', -1, [], { failure: 'no cache entry was created (no reservation reached the cache service)', keyExists: false }],
    ['a cache id: saved', 7, [ex('reserve', 200), ex('storage', 201), ex('service', 200)], { keyExists: false }],
    ['undefined after a good lookup: a miss', undefined, [ex('service', 200)], { keyExists: false }],
    ['undefined after a lookup retried to success: a miss', undefined, [ex('service', 500), ex('service', 200)], { keyExists: false }],
    ['undefined after a failed lookup: failure', undefined, [ex('service', 429)], { failure: 'POST h/service answered HTTP 429', keyExists: false }],
    ['undefined after a download: failure', undefined, [ex('service', 200), ex('storage', 200)], { failure: 'the entry was found but not restored (download POST h/storage answered HTTP 200)', keyExists: false }],
  ] as const)('%s', (_name, value, traffic, verdict) => {
    expect(judgeCall(value, [...traffic])).toEqual(verdict);
  });

  test('printed text decides nothing: a reservation line without a 409 is not "key exists"', async () => {
    const lib = printing(['Failed to save: Unable to reserve cache with key k, another job may be creating this cache.'], -1);
    const { value, out } = await capture(() => runLibraryCall(lib, 'saving k', 10_000, (l) => l.saveCache(['/x'], 'k')));
    expect(value).toEqual({ ok: false, timedOut: false, message: 'saving k failed: no cache entry was created (no reservation reached the cache service)' });
    expect(out).toMatch(/^::debug::Failed to save: Unable to reserve/);
  });

  test("the library's ::error:: is printed as a warning; a saved entry stays saved whatever was printed", async () => {
    const lib = printing(['::error::Failed to save: boom', '::error::our own error'], 5);
    const { value, out } = await capture(() => runLibraryCall(lib, 'saving k', 10_000, (l) => l.saveCache(['/x'], 'k')));
    expect(value).toEqual({ ok: true, value: 5, keyExists: false });
    expect(out).toBe('::warning::Failed to save: boom\n::error::our own error\n');
  });

  test('a call past its deadline is abandoned as timed out, and stdout is restored', async () => {
    const before = process.stdout.write;
    const lib: CacheLibrary = { restoreCache: () => new Promise(() => undefined), saveCache: async () => 0 };
    const out = await runLibraryCall(lib, 'restoring k', 20, (l) => l.restoreCache(['/x'], 'k'));
    expect(out).toEqual({ ok: false, timedOut: true, message: 'restoring k did not finish within 0 s' });
    expect(process.stdout.write).toBe(before);
  });

  test('a throw is a failed outcome naming the call', async () => {
    const lib: CacheLibrary = { restoreCache: async () => Promise.reject(new Error('no route')), saveCache: async () => 0 };
    const out = await runLibraryCall(lib, 'restoring k', 10_000, (l) => l.restoreCache(['/x'], 'k'));
    expect(out.ok).toBe(false);
    expect(!out.ok && out.message).toMatch(/^restoring k failed: .*no route/);
  });

  test('chatter is debug output, other lines pass unchanged', () => {
    expect(presentLine('Cache Size: ~1 MB (1048576 B)', 0)).toBe('::debug::Cache Size: ~1 MB (1048576 B)');
    expect(presentLine('Received 5 of 10 (50.0%)', 5000)).toBe('Received 5 of 10 (50.0%)');
    expect(presentLine('Received 5 of 10 (50.0%)', 0)).toBe('::debug::Received 5 of 10 (50.0%25)');
    expect(presentLine('::error::Failed to restore: Cache service responded with 503', 0)).toBe('::warning::Failed to restore: Cache service responded with 503');
    expect(presentLine('our own line', 0)).toBe('our own line');
  });
});

describe('against the local cache service and Azurite', () => {
  let azurite: Azurite;
  let service: CacheService;
  let base: string;
  const saved: Record<string, string | undefined> = {};

  beforeAll(async () => {
    base = await mkdtemp(join(tmpdir(), 'oci-store-cache-library-test-'));
    azurite = await startAzurite(join(base, 'azurite'));
    service = await CacheService.start(azurite);
    // @actions/cache reads its service and temp directory from the environment at call time.
    const env = { ...service.env(), RUNNER_TEMP: join(base, 'runner-temp') };
    for (const [k, v] of Object.entries(env)) {
      saved[k] = process.env[k];
      process.env[k] = v;
    }
  });

  afterAll(async () => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    await service?.stop();
    await azurite?.stop();
    if (base) await rm(base, { recursive: true, force: true });
  });

  /** One Twirp call as the library makes it; prints nothing. */
  function twirp(method: string, body: object): Promise<{ status: number; body: Record<string, unknown> }> {
    return new Promise((resolve, reject) => {
      const req = request(
        `${service.url}twirp/github.actions.results.api.v1.CacheService/${method}`,
        { method: 'POST', headers: { authorization: 'Bearer test-runtime-token', 'content-type': 'application/json' } },
        (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text || '{}') as Record<string, unknown> }));
        },
      );
      req.on('error', reject);
      req.end(JSON.stringify(body));
    });
  }

  /** A library that speaks the service's protocol as @actions/cache does (one attempt), printing nothing. */
  const silent: CacheLibrary = {
    async saveCache(_paths, key) {
      const r = await twirp('CreateCacheEntry', { key, version: 'v1' });
      return r.status === 200 ? 1 : -1;
    },
    async restoreCache(_paths, key) {
      const r = await twirp('GetCacheEntryDownloadURL', { key, restore_keys: [], version: 'v1' });
      return r.status === 200 && r.body['ok'] === true ? String(r.body['matched_key']) : undefined;
    },
  };

  test('a silent library whose reservation is answered 409 gives "key exists"', async () => {
    // The first reservation is made outside any call: it is not the call's.
    expect((await twirp('CreateCacheEntry', { key: 'silent-taken', version: 'v1' })).status).toBe(200);
    const { value, out } = await capture(() => runLibraryCall(silent, 'saving silent-taken', 30_000, (l) => l.saveCache(['/x'], 'silent-taken')));
    expect(out).toBe('');
    expect(value).toEqual({ ok: true, value: -1, keyExists: true });
    expect(service.calls.filter((c) => c.key === 'silent-taken').map((c) => c.status)).toEqual([200, 409]);
  });

  test('a silent library: a miss is a miss, a rate-limited lookup is a failure naming the answer', async () => {
    const miss = await runLibraryCall(silent, 'looking up nothing-here', 30_000, (l) => l.restoreCache(['/x'], 'nothing-here'));
    expect(miss).toEqual({ ok: true, value: undefined, keyExists: false });
    await service.setFault('429');
    try {
      const limited = await runLibraryCall(silent, 'looking up nothing-here', 30_000, (l) => l.restoreCache(['/x'], 'nothing-here'));
      expect(limited).toEqual({
        ok: false,
        timedOut: false,
        message: expect.stringMatching(/^looking up nothing-here failed: POST 127\.0\.0\.1\/twirp\/.*\/GetCacheEntryDownloadURL answered HTTP 429$/),
      });
    } finally {
      await service.setFault(undefined);
    }
  });

  test("requests outside the call's async context are not the call's", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const lib: CacheLibrary = { ...silent, restoreCache: async (p, k) => ((await gate), silent.restoreCache(p, k)) };
    const call = runLibraryCall(lib, 'looking up outsider', 30_000, (l) => l.restoreCache(['/x'], 'outsider'));
    // Made while the call runs, from elsewhere in the process: a failed storage download.
    const status = await new Promise<number>((resolve, reject) => {
      request(`${service.url}devstoreaccount1/actions-cache/none`, (res) => (res.resume(), resolve(res.statusCode ?? 0))).on('error', reject).end();
    });
    expect(status).toBeGreaterThanOrEqual(400);
    release();
    expect(await call).toEqual({ ok: true, value: undefined, keyExists: false });
  });

  test('a lookup through a proxy tunnel: the CONNECT is no download, a miss stays a miss', async () => {
    // A forward proxy, as runners behind one have: CONNECT, then bytes both ways.
    const proxy = createServer().on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
      const [host, port] = (req.url ?? '').split(':');
      const up = connect(Number(port), host!, () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        up.write(head);
        up.pipe(client);
        client.pipe(up);
      });
      up.on('error', () => client.destroy());
      client.on('error', () => up.destroy());
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    const service_ = new URL(service.url);
    // What @actions/http-client's tunnel agent does: CONNECT, then the request over that socket.
    const tunnelled: CacheLibrary = {
      ...silent,
      restoreCache: async (_paths, key) => {
        const socket = await new Promise<Socket>((resolve, reject) => {
          request({ host: '127.0.0.1', port: (proxy.address() as { port: number }).port, method: 'CONNECT', path: service_.host })
            .on('connect', (_res: IncomingMessage, s: Socket) => resolve(s))
            .on('error', reject)
            .end();
        });
        const status = await new Promise<number>((resolve, reject) => {
          request(`${service.url}twirp/github.actions.results.api.v1.CacheService/GetCacheEntryDownloadURL`, {
            method: 'POST',
            createConnection: () => socket,
            headers: { authorization: 'Bearer test-runtime-token', 'content-type': 'application/json' },
          }, (res) => (res.resume(), res.on('end', () => resolve(res.statusCode ?? 0))))
            .on('error', reject)
            .end(JSON.stringify({ key, restore_keys: [], version: 'v1' }));
        });
        socket.destroy();
        expect(status).toBe(200);
        return undefined;
      },
    };
    try {
      const out = await runLibraryCall(tunnelled, 'looking up tunnelled', 30_000, (l) => l.restoreCache(['/x'], 'tunnelled'));
      expect(out).toEqual({ ok: true, value: undefined, keyExists: false });
      expect(service.calls.filter((c) => c.key === 'tunnelled').map((c) => c.status)).toEqual([200]);
    } finally {
      await new Promise((r) => proxy.close(r));
    }
  });

  test('the real library: two saves of one key at the same moment give one entry and one "key exists"', async () => {
    const dir = join(base, 'same-key');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'data.bin'), randomBytes(200_000));
    const lib = await loadLibrary();
    service.holdCreates((k) => k === 'real-same-moment', 2);
    const { value: [a, b], out } = await capture(async () => {
      const before = process.stdout.write;
      const both = await Promise.all([1, 2].map((n) => runLibraryCall(lib, `saving ${n}`, 60_000, (l) => l.saveCache([dir], 'real-same-moment'))));
      // Two calls at once share one rewrite of stdout, put back when the last one ends.
      expect(process.stdout.write).toBe(before);
      return both;
    });
    expect(out).toContain('::debug::Failed to save: Unable to reserve cache with key real-same-moment');
    const outcomes = [a!, b!].map((o) => (o.ok ? { saved: o.value > 0, keyExists: o.keyExists } : o));
    expect(outcomes).toEqual(expect.arrayContaining([{ saved: true, keyExists: false }, { saved: false, keyExists: true }]));
    expect(service.calls.filter((c) => c.key === 'real-same-moment' && c.method === 'CreateCacheEntry').map((c) => c.status).sort()).toEqual([200, 409]);
    // The winner's entry restores.
    const { value: back } = await capture(() => runLibraryCall(lib, 'looking up real-same-moment', 60_000, (l) => l.restoreCache([dir], 'real-same-moment', [], { lookupOnly: true })));
    expect(back).toEqual({ ok: true, value: 'real-same-moment', keyExists: false });
  });

  test('the real library: a rate-limited service fails the call; a miss is a miss', async () => {
    const lib = await loadLibrary();
    const dir = join(base, 'same-key');
    const miss = await capture(() => runLibraryCall(lib, 'looking up absent', 60_000, (l) => l.restoreCache([dir], 'absent')));
    expect(miss.value).toEqual({ ok: true, value: undefined, keyExists: false });
    await service.setFault('429');
    try {
      const { value, out } = await capture(() => runLibraryCall(lib, 'looking up absent', 60_000, (l) => l.restoreCache([dir], 'absent')));
      expect(value.ok).toBe(false);
      expect(!value.ok && value.message).toMatch(/^looking up absent failed: POST 127\.0\.0\.1\/twirp\/.*\/GetCacheEntryDownloadURL answered HTTP 429$/);
      expect(out).toContain('::warning::Failed to restore:');
      expect(out).not.toContain('::error::');
    } finally {
      await service.setFault(undefined);
    }
  });
});
