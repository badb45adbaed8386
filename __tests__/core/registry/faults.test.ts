/**
 * Resilience: a proxy in front of the registry breaks ~20% of requests (500, 429 with
 * Retry-After, connections reset mid-body after the registry acted, stalls). Fifty
 * consecutive push → pull round trips must all succeed with identical digests, with a
 * bounded number of retries.
 */
import { describe, expect, test, beforeAll, afterAll } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Store } from '../../../src/core/layout.js';
import { copyGraph } from '../../../src/core/copy.js';
import { RegistryClient } from '../../../src/core/registry/client.js';
import { sha256 } from '../../../src/core/digest.js';
import { withRegistry } from '../../harness/registry-fixture.js';
import { startFaultProxy, seeded, type FaultProxy } from '../../harness/fault-proxy.js';
import { makeImage } from '../../harness/images.js';

const registry = withRegistry();
let proxy: FaultProxy;
let tmp: string;

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'oci-store-faults-'));
  proxy = await startFaultProxy({ host: '127.0.0.1', port: registry.port }, { seed: 42, rate: 0.2, retryAfterSeconds: 1 });
});

afterAll(async () => {
  await proxy?.stop();
  await rm(tmp, { recursive: true, force: true });
});

describe('through a fault-injecting proxy', () => {
  test('50 consecutive push/pull round trips succeed with identical digests', async () => {
    const src = await Store.open(join(tmp, 'src'));
    const client = new RegistryClient({
      // Retry-After (1 s) is honoured up to this cap, to keep the test fast.
      retry: { retries: 8, baseDelayMs: 5, maxDelayMs: 40, maxRetryAfterMs: 20 },
      stallTimeoutMs: 200,
      // a mid-size layer goes up in chunks, so chunk resumption is exercised too
      chunkThreshold: 48 * 1024,
      chunkSize: 32 * 1024,
      random: seeded(3),
    });
    try {
      for (let i = 0; i < 50; i++) await roundTrip(i);
      async function roundTrip(i: number): Promise<void> {
        try {
          await roundTripOnce(i);
        } catch (e) {
          const err = e as Error & { code?: string };
          throw new Error(`round ${i}: ${err.code ?? err.name}: ${err.message}\n${err.stack}`);
        }
      }
      async function roundTripOnce(i: number): Promise<void> {
        const layers = [randomBytes(512 + i)];
        if (i % 10 === 0) layers.push(randomBytes(100 * 1024)); // chunked: 4 PATCHes
        const image = await makeImage(src, { layers });
        const repo = client.repository(`${proxy.host}/faults/img`, { push: true });
        await copyGraph(src, repo, image, { tags: [`r${i}`] });

        const dst = await Store.open(join(tmp, 'dst'));
        const back = client.repository(`${proxy.host}/faults/img`);
        const root = await back.resolve(`r${i}`);
        expect(root.digest).toBe(image.digest);
        const report = await copyGraph(back, dst, root, { tags: [`img:r${i}`] });
        expect(report.uploaded).toBe(layers.length + 2);
        expect((await dst.resolve(`img:r${i}`)).digest).toBe(image.digest);
        for (const l of layers) expect((await dst.blobs.get(sha256(l), 1 << 20)).equals(l)).toBe(true);
      }
      const dst = await Store.open(join(tmp, 'dst'));
      expect((await dst.verify()).problems).toEqual([]);
      expect((await dst.listTags()).length).toBe(50);
      const faults = Object.values(proxy.stats.faults).reduce((a, b) => a + b, 0);
      // every kind of fault happened …
      for (const kind of ['500', '429', 'reset', 'stall'] as const) expect(proxy.stats.faults[kind]).toBeGreaterThan(0);
      // … and recovery cost a bounded number of retries
      expect(faults).toBeGreaterThan(30);
      expect(client.http.stats.retries).toBeGreaterThanOrEqual(faults / 2);
      // (a little slack: on a loaded machine a slow answer can pass for a stall)
      expect(client.http.stats.retries).toBeLessThanOrEqual(faults * 2 + 10);
      console.log(`fault proxy: ${proxy.stats.requests} requests, faults ${JSON.stringify(proxy.stats.faults)}, client retries ${client.http.stats.retries}`);
    } finally {
      client.close();
    }
  });
});
