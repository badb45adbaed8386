/**
 * The registry fixture itself: each declared registry is started with the authentication
 * asked for (its `/v2/` challenge shows which), the value returned reads the started
 * registry, and reading it before `beforeAll` fails with a message saying where to read it.
 */
import { describe, expect, test } from '@jest/globals';
import { withClients, withRegistries, withRegistry } from './registry-fixture.js';

const [plain, basic, token] = withRegistries({}, { auth: 'htpasswd', users: { bob: 'b0b-pass' } }, { auth: 'token' });
const single = withRegistry();
let made = 0;
const client = withClients(() => ({ retry: { retries: 0 }, concurrency: 3, chunkSize: 1 << (20 + made++) }));

let early: unknown;
try {
  void single.host;
} catch (e) {
  early = e;
}

/** The status and WWW-Authenticate scheme of `GET /v2/`. */
async function challenge(url: string): Promise<[number, string]> {
  const res = await fetch(`${url}/v2/`);
  await res.arrayBuffer();
  return [res.status, (res.headers.get('www-authenticate') ?? '').split(' ')[0]!];
}

describe('withRegistries', () => {
  test('each registry runs with the authentication it was declared with', async () => {
    expect([plain.auth, basic.auth, token.auth]).toEqual(['none', 'htpasswd', 'token']);
    expect(await challenge(plain.url)).toEqual([200, '']);
    expect(await challenge(basic.url)).toEqual([401, 'Basic']);
    expect(await challenge(token.url)).toEqual([401, 'Bearer']);
    expect(basic.users).toEqual({ bob: 'b0b-pass' });
    expect(token.issuer?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/token$/);
    expect(new Set([plain.port, basic.port, token.port, single.port]).size).toBe(4);
    expect(single.host).toBe(`127.0.0.1:${single.port}`);
  });

  test('read before the fixture started it: one error naming where to read it', () => {
    expect(String(early)).toMatch(/the none registry is read before its fixture's beforeAll started it; read it inside a hook or a test/);
  });
});

describe('withClients', () => {
  test("clients carry the file's defaults (read per client), options override them, and reach the registry", async () => {
    const a = client();
    const b = client({ concurrency: 5 });
    expect([a.tuning.concurrency, a.tuning.chunkSize]).toEqual([3, 1 << 20]);
    expect([b.tuning.concurrency, b.tuning.chunkSize]).toEqual([5, 1 << 21]);
    await expect(a.repository(`${plain.host}/fixture/empty`).resolve('missing')).rejects.toMatchObject({ code: 'NAME_UNKNOWN' });
  });
});
