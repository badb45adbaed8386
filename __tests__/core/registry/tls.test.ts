/**
 * Push and pull over HTTPS against the real docker-registry, serving TLS only with a
 * certificate from a throwaway CA — the path every real registry (ghcr.io, Docker Hub)
 * takes, through the blob transport (registry/wire.ts, tls.connect) and node:https.
 *
 * The client reaches loopback hosts over plain HTTP (registry/http.ts `scheme`), so the
 * registry is named by its IPv4-mapped IPv6 address `[::ffff:127.0.0.1]:<port>`: the same
 * socket, not a loopback name, hence HTTPS. The registry answers nothing but TLS there.
 *
 * Reference: https://github.com/opencontainers/distribution-spec/blob/main/spec.md
 */
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type net from 'node:net';
import tls from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { baseEnv } from '../../harness/action.js';
import { built, NODE } from '../../harness/build.js';
import { startRegistry, type TestRegistry } from '../../harness/registry.js';
import { Wire } from '../../../src/core/registry/wire.js';

const run = promisify(execFile);

let tmp: string;
let certs: string;
let registry: TestRegistry;
let serverTls: { ca: string; certificate: string; key: string };
/** The registry as a reference names it: not a loopback name, so reached over HTTPS. */
let host: string;

/**
 * A throwaway CA and a server certificate it signs (SAN: localhost and 127.0.0.1 in both
 * forms). `dir` ends up holding only ca.crt — skopeo's --cert-dir reads every *.key there
 * as a client key — the rest goes to `dir`/private.
 */
async function makeCertificates(dir: string): Promise<{ ca: string; certificate: string; key: string }> {
  const own = join(dir, 'private');
  await mkdir(own);
  const ca = join(dir, 'ca.crt');
  const caKey = join(own, 'ca.key');
  const key = join(own, 'server.key');
  const csr = join(own, 'server.csr');
  const certificate = join(own, 'server.crt');
  const ext = join(own, 'server.ext');
  await run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', caKey, '-out', ca, '-days', '2', '-subj', '/CN=oci-store test CA']);
  await run('openssl', ['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', csr, '-subj', '/CN=localhost']);
  await writeFile(ext, 'subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::ffff:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n');
  await run('openssl', ['x509', '-req', '-in', csr, '-CA', ca, '-CAkey', caKey, '-CAserial', join(own, 'ca.srl'), '-CAcreateserial', '-out', certificate, '-days', '2', '-extfile', ext]);
  return { ca, certificate, key };
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

async function sha256File(path: string): Promise<string> {
  const h = createHash('sha256');
  await pipeline(createReadStream(path), h);
  return h.digest('hex');
}

/** A file of `size` pseudo-random (incompressible) bytes. */
async function randomFile(path: string, size: number, seed: number): Promise<void> {
  const out = Buffer.alloc(size);
  let block = createHash('sha256').update(String(seed)).digest();
  for (let o = 0; o < size; o += block.length) {
    block.copy(out, o);
    block = createHash('sha256').update(block).digest();
  }
  await writeFile(path, out);
}

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'oci-store-tls-'));
  certs = join(tmp, 'certs');
  await mkdir(certs);
  serverTls = await makeCertificates(certs);
  registry = await startRegistry({ tls: serverTls });
  host = `[::ffff:127.0.0.1]:${registry.port}`;
  // Three layers: 10 MiB (over 8 MiB: many socket reads, one body), 3 MiB and 64 KiB.
  for (const [name, size, seed] of [['big', 10 << 20, 1], ['mid', 3 << 20, 2], ['small', 64 << 10, 3]] as const) {
    await mkdir(join(tmp, 'src', name), { recursive: true });
    await randomFile(join(tmp, 'src', name, `${name}.bin`), size, seed);
  }
}, 60_000);

afterAll(async () => {
  await registry?.stop();
  await rm(tmp, { recursive: true, force: true });
});

interface Output {
  digest: string;
  metadata: { layers: { digest: string; size: number }[]; pushed: { ref: string; digest: string }[] };
}

describe('a registry serving HTTPS only, its certificate from a CA the process is given', () => {
  let pushed: { digest: string; layers: { digest: string; size: number }[] };

  test('the registry takes no plain HTTP at the port (so what follows went over TLS)', async () => {
    const status = await new Promise<number>((resolve) => {
      const req = http.get(`http://127.0.0.1:${registry.port}/v2/`, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', () => resolve(-1));
    });
    // Go's TLS server answers a plain HTTP request with 400 "client sent an HTTP request to an HTTPS server".
    expect(status).toBe(400);
  });

  test('ingest and push of three layers (one over 8 MiB) through NODE_EXTRA_CA_CERTS; skopeo reads the same digests with the CA', async () => {
    const ref = `${host}/tls/app:1`;
    const r = await cli(
      ['ingest', '--layers', 'src/big:/big', '--layers', 'src/mid:/mid', '--layers', 'src/small:/small', '--tags', ref, '--push', '--store', join(tmp, 'store-push')],
      { NODE_EXTRA_CA_CERTS: join(certs, 'ca.crt') },
    );
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: expect.any(String) });
    const out = JSON.parse(r.stdout) as Output;
    const metadata = out.metadata;
    expect(metadata.layers).toHaveLength(3);
    expect(Math.max(...metadata.layers.map((l) => l.size))).toBeGreaterThan(8 << 20);
    expect(metadata.pushed).toEqual([expect.objectContaining({ ref, digest: out.digest })]);
    pushed = { digest: out.digest, layers: metadata.layers };

    // skopeo verifies the registry's certificate with the same CA (cert-dir holds ca.crt).
    const skopeo = ['--cert-dir', certs, '--tls-verify=true'];
    const raw = await run('skopeo', ['inspect', '--raw', ...skopeo, `docker://localhost:${registry.port}/tls/app:1`], { encoding: 'buffer', maxBuffer: 1 << 20 });
    expect(`sha256:${createHash('sha256').update(raw.stdout).digest('hex')}`).toBe(out.digest);
    const manifest = JSON.parse(raw.stdout.toString('utf8')) as { layers: { digest: string; size: number }[] };
    expect(manifest.layers.map((l) => [l.digest, l.size])).toEqual(metadata.layers.map((l) => [l.digest, l.size]));
  }, 120_000);

  test('pull into an empty store: the same manifest, every blob present and matching its digest', async () => {
    expect(pushed).toBeDefined();
    const store = join(tmp, 'store-pull');
    const r = await cli(['pull', '--ref', `${host}/tls/app:1`, '--store', store], { NODE_EXTRA_CA_CERTS: join(certs, 'ca.crt') });
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: expect.any(String) });
    expect((JSON.parse(r.stdout) as Output).digest).toBe(pushed.digest);
    for (const l of pushed.layers) {
      const path = join(store, 'blobs', 'sha256', l.digest.slice('sha256:'.length));
      expect((await stat(path)).size).toBe(l.size);
      expect(`sha256:${await sha256File(path)}`).toBe(l.digest);
    }
  }, 120_000);

  test('without the CA: one coded line naming the registry and the untrusted certificate, no stack, the store untouched', async () => {
    const store = join(tmp, 'store-untrusted');
    const r = await cli(['pull', '--ref', `${host}/tls/app:1`, '--store', store]);
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    // The host as the URL parser writes it: [::ffff:7f00:1] is [::ffff:127.0.0.1].
    expect(lines[0]).toMatch(new RegExp(`cannot reach registry \\[::ffff:(127\\.0\\.0\\.1|7f00:1)\\]:${registry.port}: UNABLE_TO_VERIFY_LEAF_SIGNATURE`));
    expect(lines[0]).toMatch(/certificate/i);
    expect(lines[0]).toContain('NODE_EXTRA_CA_CERTS');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe('');
    const blobs = await readdir(join(store, 'blobs', 'sha256')).catch(() => []);
    expect(blobs).toEqual([]);
  }, 60_000);
});

describe('the blob transport names the server it connects to (SNI)', () => {
  // A TLS server on a shared IP picks its certificate by the name in the ClientHello;
  // an IP address is never sent as a name. Reference: RFC 6066 section 3.
  test.each([
    ['a host name', 'localhost', ['localhost']],
    ['an IP address', '127.0.0.1', []],
  ])('%s: the ClientHello carries %s as server name, or none for an IP', async (_what, hostname, expected) => {
    const names: string[] = [];
    let connections = 0;
    const ctx = tls.createSecureContext({ cert: await readFile(serverTls.certificate), key: await readFile(serverTls.key) });
    const server = tls.createServer({ SNICallback: (name, cb) => (names.push(name), cb(null, ctx)), cert: await readFile(serverTls.certificate), key: await readFile(serverTls.key) });
    server.on('connection', () => connections++);
    server.on('tlsClientError', () => undefined);
    const port = await new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)));
    const wire = new Wire(1);
    try {
      // The CA is not in this process's trust, so the handshake fails after the ClientHello.
      const err = await wire.request({ method: 'GET', url: new URL(`https://${hostname}:${port}/v2/`), headers: {} }).then(
        () => undefined,
        (e: unknown) => e as NodeJS.ErrnoException,
      );
      expect(err?.code).toMatch(/CERT|SIGNATURE|ISSUER/);
      expect(connections).toBe(1);
      expect(names).toEqual(expected);
    } finally {
      wire.close();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
