/**
 * One remote repository (`registry/name`) as a content Target: the same interfaces as the
 * layout store, so graph copy (copy.ts) is both pull and push.
 *
 * Reference: distribution-spec spec.md — "Pulling manifests/blobs", "Pushing blobs"
 * (POST+PUT monolithic, PATCH chunked, `OCI-Chunk-Min-Length`, upload status `Range`),
 * "Mounting a blob from another repository", "Pushing manifests with subject"
 * (`OCI-Subject`), "Listing Referrers" and "Referrers Tag Schema" (the `sha256-<hex>`
 * fallback tag of registries without the referrers API).
 */
import { Readable, pipeline } from 'node:stream';
import { OciError, isOciError } from '../errors.js';
import { DigestStream, parseDigest, sha256, verifyBytes } from '../digest.js';
import { parseReference } from '../reference.js';
import type { BlobPushResult, BlobSource, ChunkSink, Mounter, PushOutcome, RangeFetcher, ReferrerFinder, TagsPusher, Target } from '../content.js';
import {
  MediaType,
  SCHEMA1_MEDIA_TYPES,
  isIndexMediaType,
  isManifestMediaType,
  type Descriptor,
  type ImageIndex,
  type Manifest,
} from '../types/oci.js';
import { discard, isRetryableNetworkError, networkError, pumpBody, readBody, type BodySink, type HttpRequest, type HttpResponse } from './http.js';
import { repositoryScope } from './auth.js';
import { registryError, type ErrorContext } from './errors.js';
import type { RegistrySession } from './session.js';

/** Largest manifest accepted (distribution-spec: registries SHOULD accept at least 4 MiB). */
export const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

/** Every manifest type we read, in the Accept header of manifest requests. */
export const MANIFEST_ACCEPT = [MediaType.ImageManifest, MediaType.ImageIndex, MediaType.DockerManifest, MediaType.DockerManifestList].join(', ');

/** True for media types fetched and pushed through the `manifests` endpoint. */
export function isManifestType(mediaType: string): boolean {
  return isManifestMediaType(mediaType) || isIndexMediaType(mediaType) || SCHEMA1_MEDIA_TYPES.has(mediaType);
}

// The blob source and push result belong to the content interfaces (a Mounter's); kept
// exported here for the callers that import them from the registry.
export type { BlobPushResult, BlobSource, PushOutcome };

/** Result of pushManifest. */
export interface ManifestPushResult {
  /** True when the registry said it indexed the subject (`OCI-Subject`). */
  subjectProcessed: boolean;
}

/** Options of a Repository. */
export interface RepositoryOptions {
  /** Ask for push access from the first request (one token for the whole push). */
  push?: boolean;
}

/** Parsed `Range: 0-<end>` of an upload: the next offset. */
function uploadOffset(range: string | undefined): number | undefined {
  if (range === undefined) return undefined;
  const m = /^(?:bytes=)?0-(\d+)$/.exec(range.trim());
  if (!m) return undefined;
  const end = Number(m[1]);
  // distribution answers 0-0 for an empty upload too; resuming at 0 is always safe.
  return end === 0 ? 0 : end + 1;
}

function mediaTypeOf(contentType: string | undefined): string | undefined {
  return contentType?.split(';')[0]?.trim().toLowerCase() || undefined;
}

/** The manifest media type of fetched bytes: the Content-Type when it is one we know, else the JSON's own. */
export function detectManifestType(contentType: string | undefined, bytes: Buffer): { mediaType: string; parsed: Record<string, unknown> } {
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
  } catch {
    throw new OciError('INVALID_MANIFEST', 'the registry sent a manifest that is not a JSON object', { hint: 'the registry or the image is broken' });
  }
  const ct = mediaTypeOf(contentType);
  const own = typeof parsed.mediaType === 'string' ? parsed.mediaType : undefined;
  if ((ct !== undefined && SCHEMA1_MEDIA_TYPES.has(ct)) || parsed.schemaVersion === 1 || (own !== undefined && SCHEMA1_MEDIA_TYPES.has(own))) {
    throw new OciError('UNSUPPORTED_MEDIA_TYPE', 'the image is a Docker schema 1 manifest, which is deprecated and not supported', {
      input: 'ref',
      hint: 're-push the image with a current docker, buildx or skopeo (schema 2 or OCI), or use a newer tag',
    });
  }
  let mediaType: string | undefined;
  if (ct !== undefined && isManifestType(ct)) mediaType = ct;
  else if (own !== undefined) mediaType = own;
  else if (Array.isArray(parsed.manifests)) mediaType = MediaType.ImageIndex;
  else if (typeof parsed.config === 'object') mediaType = MediaType.ImageManifest;
  if (mediaType === undefined || !(isManifestMediaType(mediaType) || isIndexMediaType(mediaType))) {
    throw new OciError('UNSUPPORTED_MEDIA_TYPE', `the registry sent a manifest of unsupported type ${JSON.stringify(mediaType ?? ct ?? 'unknown')}`, {
      input: 'ref',
      hint: 'only OCI and Docker schema 2 manifests and indexes are supported',
    });
  }
  return { mediaType, parsed };
}

/** A single-use BlobSource over a stream (a generic `push`): replays only what fits in memory. */
async function oneShotSource(content: Readable, size: number, bufferLimit: number): Promise<BlobSource> {
  if (size <= bufferLimit) {
    const bytes = await readBody(content, bufferLimit);
    return { open: async (start, end) => Readable.from([bytes.subarray(start, end === undefined ? undefined : end + 1)]) };
  }
  let used = false;
  return {
    async open(start) {
      if (used || start !== 0) {
        throw new OciError('INCOMPLETE', 'the upload broke and its source stream cannot be read again', {
          hint: 'retry; pushes from the store resume automatically',
        });
      }
      used = true;
      return content;
    },
  };
}

/** The chunks of `source`, telling `onError` when reading them fails (the source's fault, not the network's). */
async function* watched(source: AsyncIterable<Uint8Array>, onError: (e: unknown) => void): AsyncGenerator<Uint8Array> {
  try {
    yield* source;
  } catch (e) {
    onError(e);
    throw e;
  }
}

/** Skip the first `n` bytes of an async iterable of chunks. */
async function* skipBytes(body: AsyncIterable<Buffer>, n: number): AsyncGenerator<Buffer> {
  let left = n;
  for await (const chunk of body) {
    if (left >= chunk.length) {
      left -= chunk.length;
      continue;
    }
    yield left > 0 ? chunk.subarray(left) : chunk;
    left = 0;
  }
}

/** The first `n` bytes of an async iterable of chunks. */
async function* takeBytes(body: AsyncIterable<Buffer>, n: number): AsyncGenerator<Buffer> {
  let left = n;
  for await (const chunk of body) {
    if (left <= 0) return;
    const part = chunk.length > left ? chunk.subarray(0, left) : chunk;
    left -= part.length;
    yield part;
  }
}

/**
 * A remote repository. Implements Target (exists, fetch, push, resolve, tag) and the
 * capabilities a registry has beyond it (content.ts): ReferrerLister, Mounter (pushBlob
 * with mount), TagsPusher (pushManifest to several tags) and RangeFetcher (ranges, and
 * downloads resumed by Range).
 */
export class Repository implements Target, ReferrerFinder, Mounter, TagsPusher, RangeFetcher {
  /** Normalised registry (`docker.io` for Docker Hub). */
  readonly registry: string;
  /** Repository name (`library/alpine`). */
  readonly name: string;
  readonly #client: RegistrySession;
  readonly #scopes: string[];
  readonly #base: string;
  /** Recently fetched manifests by digest (small, immutable). */
  readonly #manifests = new Map<string, { descriptor: Descriptor; bytes: Buffer }>();

  constructor(client: RegistrySession, registry: string, name: string, options: RepositoryOptions = {}) {
    this.#client = client;
    this.registry = registry;
    this.name = name;
    this.#scopes = [repositoryScope(name, options.push ? ['pull', 'push'] : ['pull'])];
    this.#base = `${client.http.origin(client.apiHost(registry))}/v2/${name}/`;
  }

  /** `registry/name`. */
  toString(): string {
    return `${this.registry}/${this.name}`;
  }

  #url(path: string): URL {
    return new URL(path, this.#base);
  }

  #send(req: HttpRequest, extraScopes: string[] = []): Promise<HttpResponse> {
    return this.#client.auth.send(this.registry, req, [...this.#scopes, ...extraScopes]);
  }

  #ctx(what: string, op: 'pull' | 'push'): ErrorContext {
    return { registry: this.registry, repository: this.name, what, op, redact: (t) => this.#client.auth.redact(t) };
  }

  // ---- manifests -------------------------------------------------------------------

  /**
   * Fetch a manifest or index by tag or digest, verified: by digest against it, by tag
   * against the registry's `Docker-Content-Digest`, and against `expected` when given.
   */
  async fetchManifest(reference: string, expected?: Descriptor): Promise<{ descriptor: Descriptor; bytes: Buffer }> {
    // Content by digest never changes: a manifest read moments ago (resolve, then copy) is not fetched twice.
    const cached = this.#manifests.get(reference);
    if (cached) {
      if (expected) verifyBytes(cached.bytes, { digest: expected.digest, size: expected.size });
      return cached;
    }
    const got = await this.#fetchManifest(reference, expected);
    if (got.bytes.length <= 256 * 1024) {
      if (this.#manifests.size >= 32) this.#manifests.delete(this.#manifests.keys().next().value!);
      this.#manifests.set(got.descriptor.digest, got);
    }
    return got;
  }

  async #fetchManifest(reference: string, expected?: Descriptor): Promise<{ descriptor: Descriptor; bytes: Buffer }> {
    const url = this.#url(`manifests/${reference}`);
    const { res, bytes } = await this.#client.http.retrying(url, async () => {
      const res = await this.#send({ method: 'GET', url, headers: { accept: MANIFEST_ACCEPT } });
      if (res.status !== 200) throw await this.#manifestError(res, reference, 'pull');
      return { res, bytes: await readBody(res, MAX_MANIFEST_BYTES) };
    });
    const { mediaType } = detectManifestType(res.header('content-type'), bytes);
    const byDigest = reference.includes(':');
    const digest = byDigest ? reference : sha256(bytes);
    if (byDigest) verifyBytes(bytes, { digest: reference });
    const told = res.header('docker-content-digest');
    if (!byDigest && told !== undefined && told.startsWith('sha256:') && told !== digest) {
      throw new OciError('DIGEST_MISMATCH', `registry ${this.registry} says ${this}:${reference} is ${told} but its bytes hash to ${digest}`, {
        hint: 'the registry or a proxy altered the manifest; retry or report it to the registry',
      });
    }
    if (expected) verifyBytes(bytes, { digest: expected.digest, size: expected.size });
    return { descriptor: { mediaType, digest, size: bytes.length }, bytes };
  }

  async #manifestError(res: HttpResponse, reference: string, op: 'pull' | 'push'): Promise<OciError> {
    const what = reference.includes(':') ? `manifest ${reference}` : `tag ${reference}`;
    const err = await registryError(res, this.#ctx(what, op));
    if (err.code === 'NOT_FOUND' && !reference.includes(':')) {
      // Tell an unknown repository from a missing tag: the tag list answers NAME_UNKNOWN.
      const tags = await this.listTags(20).catch((e: unknown) => (isOciError(e, 'NAME_UNKNOWN') ? e : undefined));
      if (tags instanceof OciError) return tags;
      if (Array.isArray(tags)) {
        return new OciError('NOT_FOUND', `tag ${reference} not found in ${this}`, {
          hint: tags.length > 0 ? `the repository has ${tags.slice(0, 5).join(', ')}${tags.length > 5 ? ', …' : ''}` : 'the repository has no tags',
        });
      }
    }
    return err;
  }

  /** Tags of the repository (first `n`). */
  async listTags(n?: number): Promise<string[]> {
    const url = this.#url('tags/list');
    if (n !== undefined) url.searchParams.set('n', String(n));
    const text = await this.#client.http.retrying(url, async () => {
      const res = await this.#send({ method: 'GET', url });
      if (res.status !== 200) throw await registryError(res, this.#ctx('tag list', 'pull'));
      return (await readBody(res, MAX_MANIFEST_BYTES)).toString('utf8');
    });
    const body = JSON.parse(text) as { tags?: string[] | null };
    return body.tags ?? [];
  }

  /**
   * Push manifest bytes to each of `references` (tags and/or its digest; default: its
   * digest). When the manifest has a `subject` and the registry does not answer with
   * `OCI-Subject`, the referrers fallback tag index is updated.
   */
  async pushManifest(desc: Descriptor, bytes: Uint8Array, references: string[] = [desc.digest]): Promise<ManifestPushResult> {
    verifyBytes(bytes, desc);
    let subjectProcessed = false;
    for (const ref of (references.length > 0 ? references : [desc.digest]).map((r) => this.#referencePart(r))) {
      if (ref.includes(':') && ref !== desc.digest) {
        throw new OciError('DIGEST_MISMATCH', `cannot push ${desc.digest} as ${this}@${ref}`, { input: 'tags', hint: 'a digest reference must name the pushed content' });
      }
      const res = await this.#send({
        method: 'PUT',
        url: this.#url(`manifests/${ref}`),
        headers: { 'content-type': desc.mediaType },
        body: bytes,
      });
      if (res.status !== 201 && res.status !== 200 && res.status !== 202) throw await this.#manifestError(res, ref, 'push');
      await discard(res);
      const told = res.header('docker-content-digest');
      if (told !== undefined && told.startsWith('sha256:') && desc.digest.startsWith('sha256:') && told !== desc.digest) {
        throw new OciError('DIGEST_MISMATCH', `registry ${this.registry} stored ${this}:${ref} as ${told}, expected ${desc.digest}`, {
          hint: 'the registry rewrote the manifest; it may not support this media type',
        });
      }
      if (res.header('oci-subject') !== undefined) subjectProcessed = true;
    }
    const parsed = JSON.parse(Buffer.from(bytes).toString('utf8')) as Partial<Manifest & ImageIndex>;
    if (parsed.subject && !subjectProcessed) await this.#addReferrerFallback(parsed.subject, desc, parsed);
    if (subjectProcessed) this.#client.referrersSupport.set(this.registry, true);
    return { subjectProcessed };
  }

  /** TagsPusher: pushManifest to each of `references`. */
  async pushReferences(desc: Descriptor, bytes: Uint8Array, references: readonly string[]): Promise<void> {
    await this.pushManifest(desc, bytes, [...references]);
  }

  /** TagsPusher: the digest a tag points at (tagDigest). */
  referenceDigest(reference: string): Promise<string | undefined> {
    return this.tagDigest(reference);
  }

  /** The referrers tag of a subject: `<alg>-<hex>` (Referrers Tag Schema). */
  static referrersTag(subject: string): string {
    const d = parseDigest(subject);
    return `${d.algorithm}-${d.hex}`.slice(0, 128);
  }

  async #readFallbackIndex(subject: string): Promise<ImageIndex | undefined> {
    try {
      const { bytes } = await this.fetchManifest(Repository.referrersTag(subject));
      const index = JSON.parse(bytes.toString('utf8')) as ImageIndex;
      return Array.isArray(index.manifests) ? index : undefined;
    } catch (e) {
      if (isOciError(e, 'NOT_FOUND', 'NAME_UNKNOWN')) return undefined;
      throw e;
    }
  }

  async #addReferrerFallback(subject: Descriptor, desc: Descriptor, manifest: Partial<Manifest & ImageIndex>): Promise<void> {
    const current = await this.#readFallbackIndex(subject.digest);
    const manifests = (current?.manifests ?? []).filter((m) => m.digest !== desc.digest);
    const entry: Descriptor = { mediaType: desc.mediaType, digest: desc.digest, size: desc.size };
    const artifactType = manifest.artifactType ?? manifest.config?.mediaType;
    if (artifactType) entry.artifactType = artifactType;
    if (manifest.annotations && Object.keys(manifest.annotations).length > 0) entry.annotations = manifest.annotations;
    if (current && current.manifests.some((m) => m.digest === desc.digest)) return;
    const index: ImageIndex = { schemaVersion: 2, mediaType: MediaType.ImageIndex, manifests: [...manifests, entry] };
    const bytes = Buffer.from(JSON.stringify(index));
    await this.pushManifest({ mediaType: MediaType.ImageIndex, digest: sha256(bytes), size: bytes.length }, bytes, [Repository.referrersTag(subject.digest)]);
  }

  /**
   * Manifests whose `subject` is `subject`: the referrers API when the registry has it,
   * else the fallback tag index. Filtered by `artifactType` when given.
   */
  async referrers(subject: Descriptor, artifactType?: string): Promise<Descriptor[]> {
    const filter = (list: Descriptor[]): Descriptor[] => (artifactType ? list.filter((d) => d.artifactType === artifactType) : list);
    if (this.#client.referrersSupport.get(this.registry) !== false) {
      const url = this.#url(`referrers/${subject.digest}`);
      if (artifactType) url.searchParams.set('artifactType', artifactType);
      const answer = await this.#client.http.retrying(url, async () => {
        const res = await this.#send({ method: 'GET', url, headers: { accept: MediaType.ImageIndex } });
        if (res.status === 200) return (await readBody(res, MAX_MANIFEST_BYTES)).toString('utf8');
        if (res.status !== 404) throw await registryError(res, this.#ctx(`referrers of ${subject.digest}`, 'pull'));
        await discard(res);
        return undefined;
      });
      if (answer !== undefined) {
        this.#client.referrersSupport.set(this.registry, true);
        const index = JSON.parse(answer) as ImageIndex;
        return filter(index.manifests ?? []);
      }
      // spec: a registry with the API answers 200 even for an unknown subject; 404 = no API.
      this.#client.referrersSupport.set(this.registry, false);
    }
    const index = await this.#readFallbackIndex(subject.digest);
    return filter(index?.manifests ?? []);
  }

  // ---- Target ----------------------------------------------------------------------

  /** True when the manifest or blob exists in this repository. */
  async exists(desc: Descriptor): Promise<boolean> {
    const manifest = isManifestType(desc.mediaType);
    const res = await this.#send({
      method: 'HEAD',
      url: this.#url(`${manifest ? 'manifests' : 'blobs'}/${desc.digest}`),
      headers: manifest ? { accept: MANIFEST_ACCEPT } : {},
    });
    await discard(res);
    if (res.status === 200) return true;
    if (res.status === 404) return false;
    throw await registryError(res, this.#ctx(`${manifest ? 'manifest' : 'blob'} ${desc.digest}`, 'pull'));
  }

  /** A verified stream of a manifest or blob. Blob downloads resume after a broken connection. */
  async fetch(desc: Descriptor): Promise<Readable> {
    if (isManifestType(desc.mediaType)) {
      const { bytes } = await this.fetchManifest(desc.digest, desc);
      return Readable.from([bytes]);
    }
    return this.fetchBlob(desc);
  }

  /**
   * Stream a blob, verified against `desc` (unless `verify: false`, for a sink that
   * verifies what it stores). A connection that breaks mid-body is resumed
   * with `Range: bytes=<received>-` (a server that ignores Range is read past the bytes
   * already delivered), a bounded number of times.
   */
  async fetchBlob(desc: Descriptor, options: { verify?: boolean } = {}): Promise<Readable> {
    const url = this.#url(`blobs/${desc.digest}`);
    const first = await this.#send({ method: 'GET', url });
    if (first.status !== 200) throw await registryError(first, this.#ctx(`blob ${desc.digest}`, 'pull'));
    this.#client.remember(this.registry, this.name, desc.digest);
    const http = this.#client.http;
    const progress = this.#client.progressFor(desc, 'download');
    const send = (req: HttpRequest): Promise<HttpResponse> => this.#send(req);
    const ctx = this.#ctx(`blob ${desc.digest}`, 'pull');
    const size = desc.size;
    async function* body(): AsyncGenerator<Buffer> {
      let res = first;
      let source: AsyncIterable<Buffer> = res.body;
      let received = 0;
      let failures = 0;
      try {
        for (;;) {
          try {
            for await (const chunk of source) {
              received += chunk.length;
              progress?.(received);
              yield chunk;
            }
            if (received < size) {
              const e = new Error(`connection closed after ${received} of ${size} bytes`) as NodeJS.ErrnoException;
              e.code = 'ECONNRESET';
              throw e;
            }
            return;
          } catch (err) {
            if (!isRetryableNetworkError(err) || failures >= http.retryPolicy.retries) throw networkError(err, res.url);
            res.body.destroy();
            await http.pause(http.backoff(failures));
            failures++;
            http.stats.retries++;
            res = await send({ method: 'GET', url, headers: { range: `bytes=${received}-` } });
            if (res.status === 206) {
              const start = /^bytes (\d+)-/.exec(res.header('content-range') ?? '')?.[1];
              if (start !== undefined && Number(start) !== received) {
                await discard(res);
                throw new OciError('REGISTRY_ERROR', `registry answered a range from ${start}, asked from ${received}`, { hint: 'retry the pull' });
              }
              source = res.body;
            } else if (res.status === 200) {
              source = skipBytes(res.body, received);
            } else {
              throw await registryError(res, ctx);
            }
          }
        }
      } finally {
        if (!res.body.readableEnded) res.body.destroy();
      }
    }
    const raw = Readable.from(body(), { objectMode: false });
    // Unverified only for a caller whose sink verifies anyway (a Pusher checks what it stores).
    if (options.verify === false) return raw;
    const verified = new DigestStream({ digest: desc.digest, size: desc.size });
    pipeline(raw, verified, () => {});
    return verified;
  }

  /**
   * Download a blob into `sink`, batch by batch (chunks lent until the sink settles), over
   * the lean transport. Not verified here: the sink is a writer that verifies size and
   * digest before it publishes anything. A connection that breaks mid-body is resumed with
   * `Range: bytes=<received>-` (a server that ignores Range is read past the bytes already
   * delivered), a bounded number of times — as fetchBlob.
   */
  async downloadBlob(desc: Descriptor, sink: BodySink): Promise<void> {
    const url = this.#url(`blobs/${desc.digest}`);
    let res = await this.#send({ method: 'GET', url, bulk: true });
    if (res.status !== 200) throw await registryError(res, this.#ctx(`blob ${desc.digest}`, 'pull'));
    this.#client.remember(this.registry, this.name, desc.digest);
    const http = this.#client.http;
    const progress = this.#client.progressFor(desc, 'download');
    let received = 0;
    let skip = 0;
    let failures = 0;
    const counted: BodySink = (chunks) => {
      let batch = chunks;
      if (skip > 0) {
        // A server that answered 200 to a Range request: drop what the sink already has.
        batch = [];
        for (const c of chunks) {
          if (skip >= c.length) skip -= c.length;
          else {
            batch.push(skip > 0 ? c.subarray(skip) : c);
            skip = 0;
          }
        }
        if (batch.length === 0) return;
      }
      for (const c of batch) received += c.length;
      if (received > desc.size) {
        throw new OciError('SIZE_MISMATCH', `blob ${desc.digest} from ${this} is larger than the expected ${desc.size} bytes`, { hint: 'the registry sent other content; retry or report it' });
      }
      progress?.(received);
      return sink(batch);
    };
    for (;;) {
      let sinkError: unknown;
      try {
        await pumpBody(res, async (chunks) => {
          try {
            await counted(chunks);
          } catch (e) {
            sinkError = e;
            throw e;
          }
        });
        if (received < desc.size) {
          const e = new Error(`connection closed after ${received} of ${desc.size} bytes`) as NodeJS.ErrnoException;
          e.code = 'ECONNRESET';
          throw e;
        }
        return;
      } catch (err) {
        if (sinkError !== undefined) throw sinkError;
        if (!isRetryableNetworkError(err) || failures >= http.retryPolicy.retries) throw networkError(err, res.url);
        await http.pause(http.backoff(failures));
        failures++;
        http.stats.retries++;
        res = await this.#send({ method: 'GET', url, headers: { range: `bytes=${received}-` }, bulk: true });
        if (res.status === 206) {
          const start = /^bytes (\d+)-/.exec(res.header('content-range') ?? '')?.[1];
          if (start !== undefined && Number(start) !== received) {
            await discard(res);
            throw new OciError('REGISTRY_ERROR', `registry answered a range from ${start}, asked from ${received}`, { hint: 'retry the pull' });
          }
          skip = 0;
        } else if (res.status === 200) {
          skip = received;
        } else {
          throw await registryError(res, this.#ctx(`blob ${desc.digest}`, 'pull'));
        }
      }
    }
  }

  /** Push a manifest (by digest) or a blob from a stream. Prefer pushBlob with a replayable source. */
  async push(desc: Descriptor, content: Readable): Promise<void> {
    if (isManifestType(desc.mediaType)) {
      const bytes = await readBody(content, MAX_MANIFEST_BYTES);
      await this.pushManifest(desc, bytes);
      return;
    }
    const source = await oneShotSource(content, desc.size, 16 * 1024 * 1024);
    await this.pushBlob(desc, source);
  }

  /**
   * Resolve a tag, a digest, or a full reference naming this repository to the manifest's
   * descriptor (HEAD first — it does not count against pull rate limits — GET when the
   * registry leaves out the digest).
   */
  async resolve(reference: string): Promise<Descriptor> {
    const ref = this.#referencePart(reference);
    const res = await this.#send({ method: 'HEAD', url: this.#url(`manifests/${ref}`), headers: { accept: MANIFEST_ACCEPT } });
    await discard(res);
    if (res.status === 200) {
      const digest = res.header('docker-content-digest');
      const size = Number(res.header('content-length'));
      const mediaType = mediaTypeOf(res.header('content-type'));
      if (mediaType !== undefined && SCHEMA1_MEDIA_TYPES.has(mediaType)) detectManifestType(mediaType, Buffer.from('{"schemaVersion":1}'));
      if (digest !== undefined && (!ref.includes(':') || digest === ref) && Number.isSafeInteger(size) && size > 0 && mediaType !== undefined && isManifestType(mediaType)) {
        return { mediaType, digest, size };
      }
    } else if (res.status !== 404 && res.status !== 405) {
      throw await registryError(res, this.#ctx(`manifest ${ref}`, 'pull'));
    }
    // 404 on HEAD carries no error body: GET gives the precise error (or the manifest).
    return (await this.fetchManifest(ref)).descriptor;
  }

  /** The digest a tag points at (HEAD), or undefined when the tag does not exist. */
  async tagDigest(tag: string): Promise<string | undefined> {
    const ref = this.#referencePart(tag);
    const res = await this.#send({ method: 'HEAD', url: this.#url(`manifests/${ref}`), headers: { accept: MANIFEST_ACCEPT } });
    await discard(res);
    if (res.status === 200) return res.header('docker-content-digest');
    if (res.status === 404) return undefined;
    throw await registryError(res, this.#ctx(`tag ${ref}`, 'pull'));
  }

  /** Point a tag (or a full reference naming this repository) at `desc`. */
  async tag(desc: Descriptor, reference: string): Promise<void> {
    const { bytes } = await this.fetchManifest(desc.digest, desc);
    await this.pushManifest(desc, bytes, [this.#referencePart(reference)]);
  }

  #referencePart(reference: string): string {
    if (/^[a-z0-9]+:[a-f0-9]{32,}$/.test(reference)) return reference;
    if (/^[\w][\w.-]{0,127}$/.test(reference)) return reference;
    const r = parseReference(reference);
    return r.digest ?? r.tag ?? 'latest';
  }

  // ---- blobs -----------------------------------------------------------------------

  /** Bytes `start..end` (inclusive) of a blob, as served (not verified: a range has no digest). */
  async fetchBlobRange(digest: string, start: number, end: number): Promise<Readable> {
    const res = await this.#send({ method: 'GET', url: this.#url(`blobs/${digest}`), headers: { range: `bytes=${start}-${end}` } });
    if (res.status === 206) return res.body;
    if (res.status === 200) return Readable.from(takeBytes(skipBytes(res.body, start), end - start + 1));
    throw await registryError(res, this.#ctx(`blob ${digest}`, 'pull'));
  }

  /** RangeFetcher: bytes `start..end` of a blob (fetchBlobRange; `end` omitted = to its last byte). */
  fetchRange(desc: Descriptor, start: number, end?: number): Promise<Readable> {
    return this.fetchBlobRange(desc.digest, start, end ?? desc.size - 1);
  }

  /** RangeFetcher: the whole blob into a verifying sink, resumed by Range (downloadBlob). */
  fetchResumable(desc: Descriptor, sink: ChunkSink): Promise<void> {
    return this.downloadBlob(desc, sink);
  }

  /** HEAD a blob. */
  async blobExists(desc: Descriptor): Promise<boolean> {
    const res = await this.#send({ method: 'HEAD', url: this.#url(`blobs/${desc.digest}`) });
    await discard(res);
    if (res.status === 200) {
      this.#client.remember(this.registry, this.name, desc.digest);
      return true;
    }
    if (res.status === 404) return false;
    throw await registryError(res, this.#ctx(`blob ${desc.digest}`, 'pull'));
  }

  /**
   * Push a blob: HEAD → skipped; else a cross-repository mount from the first of
   * `mountFrom` that works → mounted; else an upload (monolithic up to the chunk
   * threshold, chunked above it) → uploaded. Broken uploads resume from the registry's
   * `Range` or restart, a bounded number of times; `Docker-Content-Digest` is verified.
   */
  async pushBlob(desc: Descriptor, source: BlobSource, options: { mountFrom?: string[]; skipExistsCheck?: boolean } = {}): Promise<BlobPushResult> {
    if (!options.skipExistsCheck && (await this.blobExists(desc))) return { outcome: 'skipped', bytes: 0 };
    let session: { location: URL; minChunk: number } | undefined;
    const candidates = (options.mountFrom ?? []).filter((f) => f !== this.name && !this.#client.mountFailed.has(`${this.registry}/${f}`));
    for (const from of candidates.slice(0, 3)) {
      const url = this.#url('blobs/uploads/');
      url.searchParams.set('mount', desc.digest);
      url.searchParams.set('from', from);
      let res: HttpResponse;
      try {
        res = await this.#send({ method: 'POST', url }, [repositoryScope(from, ['pull'])]);
      } catch (e) {
        if (isOciError(e, 'CANCELLED')) throw e;
        this.#client.logger.debug(`mount of ${desc.digest} from ${from} failed: ${(e as Error).message}`);
        // Usually no access to the source repository: do not ask again this run.
        this.#client.mountFailed.add(`${this.registry}/${from}`);
        continue;
      }
      if (res.status === 201) {
        await discard(res);
        this.#checkDigestHeader(res, desc);
        this.#client.remember(this.registry, this.name, desc.digest);
        return { outcome: 'mounted', bytes: 0 };
      }
      if (res.status === 202) {
        // Not mountable; the registry opened an ordinary upload session instead.
        session = this.#session(res);
        await discard(res);
        break;
      }
      await discard(res);
    }
    session ??= await this.#startUpload(desc);
    const bytes =
      desc.size > this.#client.tuning.chunkThreshold
        ? await this.#uploadChunked(desc, source, session)
        : await this.#uploadMonolithic(desc, source, session);
    this.#client.remember(this.registry, this.name, desc.digest);
    return { outcome: 'uploaded', bytes };
  }

  /** Mounter: pushBlob, mounting from the first of `from` that works. */
  mount(desc: Descriptor, from: readonly string[], source: BlobSource): Promise<BlobPushResult> {
    return this.pushBlob(desc, source, { mountFrom: [...from] });
  }

  #session(res: HttpResponse): { location: URL; minChunk: number } {
    const loc = res.header('location');
    if (!loc) throw new OciError('REGISTRY_ERROR', `registry ${this.registry} opened an upload without a Location`, { hint: 'the registry is not distribution-spec compliant' });
    const min = Number(res.header('oci-chunk-min-length'));
    return { location: new URL(loc, res.url), minChunk: Number.isSafeInteger(min) && min > 0 ? min : 0 };
  }

  async #startUpload(desc: Descriptor): Promise<{ location: URL; minChunk: number }> {
    const res = await this.#send({ method: 'POST', url: this.#url('blobs/uploads/') });
    if (res.status !== 202) throw await registryError(res, this.#ctx(`upload of ${desc.digest}`, 'push'));
    await discard(res);
    return this.#session(res);
  }

  #checkDigestHeader(res: HttpResponse, desc: Descriptor): void {
    const told = res.header('docker-content-digest');
    if (told !== undefined && told !== desc.digest) {
      throw new OciError('DIGEST_MISMATCH', `registry ${this.registry} stored ${told} for blob ${desc.digest}`, { hint: 'the content changed while it was sent; retry' });
    }
  }

  #finishURL(location: URL, digest: string): URL {
    const u = new URL(location);
    u.searchParams.set('digest', digest);
    return u;
  }

  /** True when a failed upload step is worth resuming or restarting. */
  #recoverable(e: unknown): boolean {
    if (!(e instanceof OciError)) return true;
    return ['NETWORK', 'REGISTRY_ERROR', 'NOT_FOUND', 'DIGEST_MISMATCH', 'SIZE_MISMATCH'].includes(e.code);
  }

  /** POST (done) + PUT with the whole body. A lost answer to the PUT is settled by HEAD. */
  async #uploadMonolithic(desc: Descriptor, source: BlobSource, first: { location: URL }): Promise<number> {
    let session = first;
    const progress = this.#client.progressFor(desc, 'upload');
    const maxRestarts = this.#client.http.retryPolicy.retries;
    for (let attempt = 0; ; attempt++) {
      let sourceError: unknown;
      try {
        const res = await this.#send({
          method: 'PUT',
          url: this.#finishURL(session.location, desc.digest),
          headers: { 'content-type': 'application/octet-stream' },
          body: {
            size: desc.size,
            open: async () => {
              const s = await source.open(0);
              s.once('error', (e) => (sourceError = e));
              return s;
            },
            ...(source.chunks ? { chunks: () => watched(source.chunks!(0), (e) => (sourceError = e)) } : {}),
            onProgress: (n) => progress?.(n),
          },
          bulk: true,
        });
        if (res.status === 201 || res.status === 204) {
          await discard(res);
          this.#checkDigestHeader(res, desc);
          return desc.size;
        }
        throw await registryError(res, this.#ctx(`blob ${desc.digest}`, 'push'));
      } catch (e) {
        if (sourceError !== undefined) throw sourceError;
        if (!this.#recoverable(e) || attempt >= maxRestarts) throw e;
        this.#client.logger.debug(`upload of ${desc.digest} to ${this} failed (${(e as Error).message}); checking and restarting`);
        await this.#client.http.pause(this.#client.http.backoff(attempt));
        // The PUT may have been committed before its answer was lost.
        if (await this.blobExists(desc)) return desc.size;
        session = await this.#startUpload(desc);
      }
    }
  }

  /** Where an upload stands: the registry's next offset, or undefined when the session is gone. */
  async #uploadStatus(location: URL): Promise<{ offset: number; location: URL } | undefined> {
    let res: HttpResponse;
    try {
      res = await this.#send({ method: 'GET', url: location });
    } catch (e) {
      if (isOciError(e, 'CANCELLED', 'UNAUTHORIZED')) throw e;
      return undefined;
    }
    await discard(res);
    if (res.status !== 204 && res.status !== 200) return undefined;
    const offset = uploadOffset(res.header('range')) ?? 0;
    const loc = res.header('location');
    return { offset, location: loc ? new URL(loc, res.url) : location };
  }

  /**
   * PATCH chunks of `chunkSize` (at least the registry's `OCI-Chunk-Min-Length`), then
   * PUT with the digest. After a failure: HEAD (committed already?), else ask the
   * session's status and continue from its `Range`, else start a new session.
   */
  async #uploadChunked(desc: Descriptor, source: BlobSource, first: { location: URL; minChunk: number }): Promise<number> {
    const tuning = this.#client.tuning;
    const single = tuning.singleChunkHosts.includes(this.registry);
    const size = desc.size;
    let loc = first.location;
    let chunk = single ? size : Math.max(tuning.chunkSize, first.minChunk);
    let offset = 0;
    let failures = 0;
    const progress = this.#client.progressFor(desc, 'upload');
    const http = this.#client.http;
    for (;;) {
      let sourceError: unknown;
      try {
        while (offset < size) {
          const start = offset;
          const end = Math.min(start + chunk, size) - 1;
          const res = await this.#send({
            method: 'PATCH',
            url: loc,
            headers: { 'content-type': 'application/octet-stream', 'content-range': `${start}-${end}` },
            body: {
              size: end - start + 1,
              open: async () => {
                const s = await source.open(start, end);
                s.once('error', (e) => (sourceError = e));
                return s;
              },
              ...(source.chunks ? { chunks: () => watched(source.chunks!(start, end), (e) => (sourceError = e)) } : {}),
              onProgress: (n) => progress?.(start + n),
            },
            retry: false,
            bulk: true,
          });
          if (res.status === 416 && failures < http.retryPolicy.retries) {
            // The registry holds another number of bytes than we sent from (a broken PATCH
            // kept part of its body): its Range says how many. `0-0` means 0 or 1 bytes;
            // refused for a chunk starting at 0, it can only mean 1.
            const told = uploadOffset(res.header('range'));
            const at = told === 0 && start === 0 ? 1 : told;
            if (at !== undefined && at !== start && at <= size) {
              await discard(res);
              failures++;
              offset = at;
              continue;
            }
          }
          if (res.status !== 202 && res.status !== 204) throw await registryError(res, this.#ctx(`chunk ${start}-${end} of blob ${desc.digest}`, 'push'));
          await discard(res);
          const next = res.header('location');
          if (next) loc = new URL(next, res.url);
          offset = end + 1;
        }
        const res = await this.#send({ method: 'PUT', url: this.#finishURL(loc, desc.digest), headers: { 'content-type': 'application/octet-stream' } });
        if (res.status !== 201 && res.status !== 204) throw await registryError(res, this.#ctx(`blob ${desc.digest}`, 'push'));
        await discard(res);
        this.#checkDigestHeader(res, desc);
        return size;
      } catch (e) {
        if (sourceError !== undefined) throw sourceError;
        if (!this.#recoverable(e) || failures >= http.retryPolicy.retries) throw e;
        await http.pause(http.backoff(failures));
        failures++;
        http.stats.retries++;
        this.#client.logger.debug(`chunked upload of ${desc.digest} to ${this} broke at ${offset} (${(e as Error).message}); resuming`);
        if (await this.blobExists(desc)) return size;
        const status = await this.#uploadStatus(loc);
        if (status !== undefined && status.offset <= size && status.offset <= offset + chunk) {
          offset = status.offset;
          loc = status.location;
          continue;
        }
        const fresh = await this.#startUpload(desc);
        loc = fresh.location;
        chunk = single ? size : Math.max(tuning.chunkSize, fresh.minChunk);
        offset = 0;
      }
    }
  }
}
