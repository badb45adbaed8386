/**
 * Helpers of the serve tests: a store in a temp dir served on a random loopback port,
 * plain HTTP requests and content builders (the reference docker-registry is
 * __tests__/harness/registry.ts).
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Store } from '../../../src/core/layout.js';
import { RegistryServer, type RegistryServerOptions } from '../../../src/core/serve/server.js';
import type { Descriptor } from '../../../src/core/types/oci.js';
import { MediaType } from '../../../src/core/types/oci.js';

/** sha256 digest of bytes. */
export function digest(data: Uint8Array | string): string {
  return 'sha256:' + createHash('sha256').update(data).digest('hex');
}

/** A temp dir, removed by the returned cleanup. */
export async function tempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `oci-serve-${prefix}-`));
}

/** A served store on a random port. */
export interface Served {
  dir: string;
  store: Store;
  server: RegistryServer;
  base: string;
  stop(): Promise<void>;
}

/** Open a fresh store in a temp dir and serve it on 127.0.0.1:<random>. */
export async function serveTemp(options: RegistryServerOptions = {}, dir?: string): Promise<Served> {
  const root = dir ?? (await tempDir('store'));
  const store = await Store.open(root);
  const server = await RegistryServer.start(store, { port: 0, ...options });
  return {
    dir: root,
    store,
    server,
    base: server.url,
    stop: async () => {
      await server.close(500);
      if (!dir) await rm(root, { recursive: true, force: true });
    },
  };
}

/** A response, fully read. */
export interface Res {
  status: number;
  headers: Headers;
  body: Buffer;
  json(): any;
}

/** One request with fetch; `body` a Buffer/string or an async iterable (streamed, chunked). */
export async function http(
  base: string,
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: Uint8Array | string | AsyncIterable<Uint8Array> } = {},
): Promise<Res> {
  const init: RequestInit & { duplex?: string } = { method, headers: options.headers ?? {} };
  if (options.body !== undefined) {
    if (typeof options.body === 'string' || options.body instanceof Uint8Array) init.body = options.body as NonNullable<RequestInit["body"]>;
    else {
      init.body = ReadableStream.from(options.body) as unknown as NonNullable<RequestInit["body"]>;
      init.duplex = 'half';
    }
  }
  const r = await fetch(base + path, init);
  const body = Buffer.from(await r.arrayBuffer());
  return { status: r.status, headers: r.headers, body, json: () => JSON.parse(body.toString('utf8')) };
}

/** The error codes of an error body. */
export function codes(r: Res): string[] {
  if (r.body.length === 0) return [];
  return (r.json() as { errors: Array<{ code: string }> }).errors.map((e) => e.code);
}

/** Push a blob monolithically (POST ?digest=). */
export async function pushBlob(base: string, name: string, data: Uint8Array | string): Promise<Descriptor> {
  const d = digest(data);
  const r = await http(base, 'POST', `/v2/${name}/blobs/uploads/?digest=${d}`, {
    body: data,
    headers: { 'Content-Type': 'application/octet-stream' },
  });
  if (r.status !== 201) throw new Error(`push blob: ${r.status} ${r.body.toString()}`);
  return { mediaType: 'application/octet-stream', digest: d, size: Buffer.byteLength(data) };
}

/** An image's parts: config and layer bytes and the manifest JSON referencing them. */
export interface ImageParts {
  config: Buffer;
  layer: Buffer;
  manifest: Record<string, unknown>;
  bytes: Buffer;
  digest: string;
}

/** Build a small image (config, one "layer", OCI manifest) from a seed. */
export function image(seed: string, extra: Record<string, unknown> = {}, platform = { architecture: 'amd64', os: 'linux' }): ImageParts {
  const config = Buffer.from(JSON.stringify({ ...platform, rootfs: { type: 'layers', diff_ids: [digest(seed)] }, seed }));
  const layer = Buffer.from(`layer of ${seed}\n`.repeat(50));
  const manifest = {
    schemaVersion: 2,
    mediaType: MediaType.ImageManifest,
    config: { mediaType: MediaType.ImageConfig, digest: digest(config), size: config.length },
    layers: [{ mediaType: MediaType.LayerGzip, digest: digest(layer), size: layer.length }],
    ...extra,
  };
  const bytes = Buffer.from(JSON.stringify(manifest));
  return { config, layer, manifest, bytes, digest: digest(bytes) };
}

/** Push an image's blobs and manifest (by `reference`: a tag or its digest). */
export async function pushImage(base: string, name: string, reference: string, img: ImageParts, query = ''): Promise<Res> {
  await pushBlob(base, name, img.config);
  await pushBlob(base, name, img.layer);
  return http(base, 'PUT', `/v2/${name}/manifests/${reference}${query}`, {
    body: img.bytes,
    headers: { 'Content-Type': (img.manifest.mediaType as string) ?? MediaType.ImageManifest },
  });
}

/** A free loopback port (the registry harness's). */
export { freePort } from '../../harness/registry.js';
