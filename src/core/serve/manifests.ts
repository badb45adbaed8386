/**
 * Manifest endpoints: HEAD/GET/PUT/DELETE of `/v2/<name>/manifests/<tag-or-digest>`.
 *
 * - A tag is the store tag `<name>:<tag>` (names.ts); a digest is looked up in the whole
 *   store (the registry is one store: every repository sees every manifest by digest).
 * - GET/HEAD negotiate the media type with `Accept`: the stored type when accepted; for an
 *   index a client cannot take, the linux/amd64 manifest when that is accepted (docker's
 *   behaviour for clients without list support); else 404 MANIFEST_UNKNOWN.
 * - PUT stores the exact bytes after validating the JSON, its media type and that every
 *   blob and manifest it references is in the store (MANIFEST_BLOB_UNKNOWN per missing one;
 *   a `subject` may be absent, layers with `urls` may be foreign). A manifest pushed by
 *   digest only is kept as an untagged root of index.json so GC keeps it (a referrer, say);
 *   pushing an index drops the untagged roots it now reaches.
 *
 * Reference: distribution-spec "Pulling manifests", "Pushing Manifests", "Deleting
 * Manifests"; image-spec manifest.md, image-index.md.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { digestOf, parseDigest } from '../digest.js';
import type { Descriptor, Manifest } from '../types/oci.js';
import { Annotation, isIndexMediaType, isManifestMediaType, MediaType, SCHEMA1_MEDIA_TYPES } from '../types/oci.js';
import { tagOf } from '../layout.js';
import { checkDigest, streamBlob } from './blobs.js';
import type { ServeContext } from './context.js';
import { repoTags } from './discovery.js';
import { RegistryError } from './errors.js';
import { reachableDigests } from './graph.js';
import { accepts, BASE_HEADERS, mediaTypeOf, parseAccept, readBody, send } from './http.js';
import { isTag, storeRef } from './names.js';

/** Largest manifest accepted or served (distribution-spec: at least 4 MiB SHOULD work). */
export const MANIFEST_LIMIT = 4 * 1024 * 1024;

const SUPPORTED = [MediaType.ImageManifest, MediaType.ImageIndex, MediaType.DockerManifest, MediaType.DockerManifestList];

/** A manifest as served: its descriptor (the bytes are streamed from the store). */
interface Found {
  descriptor: Descriptor;
  /** An index's linux/amd64 entries, for clients that cannot take an index. */
  amd64: Descriptor[];
}

/** What a blob's bytes say about it as a manifest. */
interface Decoded {
  /** Undefined when the blob is no manifest. */
  mediaType: string | undefined;
  amd64: Descriptor[];
}

function manifestUnknown(name: string, reference: string, why = 'is unknown'): RegistryError {
  return new RegistryError('MANIFEST_UNKNOWN', `manifest ${name}:${reference} ${why}`, { detail: { name, reference } });
}

function isDigestRef(reference: string): boolean {
  return reference.includes(':');
}

/**
 * A tag to push under: 400 MANIFEST_INVALID otherwise (the spec lists no tag code; a
 * lookup of an invalid tag is simply 404, see find).
 */
function checkTag(tag: string): void {
  if (!isTag(tag)) {
    throw new RegistryError('MANIFEST_INVALID', `invalid tag ${JSON.stringify(tag)}: a tag is 1 to 128 of [A-Za-z0-9_.-], not starting with . or -`, {
      detail: { tag },
    });
  }
}

/** Decoded manifests by store and `<digest> <recorded type>`: content never changes under a digest. */
const decodedCache = new WeakMap<ServeContext, Map<string, Promise<Decoded>>>();
const DECODED_ENTRIES = 1024;

/**
 * What the manifest blob `d` is, read once per digest (concurrent requests share the read)
 * and at most MANIFEST_READS at a time per server (ServeContext.manifestReads). A blob that
 * does not start like a JSON object (a layer) is told apart from its first bytes.
 */
function decode(ctx: ServeContext, d: Descriptor, recorded: string | undefined): Promise<Decoded> {
  let cache = decodedCache.get(ctx);
  if (!cache) decodedCache.set(ctx, (cache = new Map()));
  const key = `${d.digest} ${recorded ?? ''}`;
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key); // most recently used last
    cache.set(key, hit);
    return hit;
  }
  const p = ctx.manifestReads.run(() => readManifest(ctx, d, recorded));
  cache.set(key, p);
  if (cache.size > DECODED_ENTRIES) cache.delete(cache.keys().next().value!);
  p.catch(() => cache.delete(key));
  return p;
}

async function readManifest(ctx: ServeContext, d: Descriptor, recorded: string | undefined): Promise<Decoded> {
  const stream = await ctx.store.fetch(d);
  const chunks: Buffer[] = [];
  let size = 0;
  let looked = false;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    if (!looked) {
      const i = chunk.findIndex((b) => b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d);
      if (i >= 0) {
        looked = true;
        if (chunk[i] !== 0x7b) return { mediaType: undefined, amd64: [] }; // not `{`: leaving the loop closes the stream
      }
    }
    chunks.push(chunk);
    size += chunk.length;
    if (size > MANIFEST_LIMIT) return { mediaType: undefined, amd64: [] };
  }
  return detectMediaType(Buffer.concat(chunks, size), recorded);
}

/**
 * The media type of manifest bytes: its `mediaType` field, else the type index.json
 * records for it, else by shape (`manifests` → OCI index, `config` → OCI manifest);
 * undefined when the bytes are not a manifest. For an index, its linux/amd64 entries.
 */
function detectMediaType(bytes: Buffer, recorded: string | undefined): Decoded {
  const none: Decoded = { mediaType: undefined, amd64: [] };
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    return none;
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return none;
  const o = json as Record<string, unknown>;
  if (o.schemaVersion !== 2) return none;
  let mediaType: string | undefined;
  if (typeof o.mediaType === 'string') mediaType = o.mediaType;
  else if (recorded && (isIndexMediaType(recorded) || isManifestMediaType(recorded))) mediaType = recorded;
  else if (Array.isArray(o.manifests)) mediaType = MediaType.ImageIndex;
  else if (typeof o.config === 'object' && o.config !== null) mediaType = MediaType.ImageManifest;
  const amd64: Descriptor[] = [];
  if (mediaType && isIndexMediaType(mediaType) && Array.isArray(o.manifests)) {
    for (const m of o.manifests as Array<Partial<Descriptor> | null>) {
      if (m?.platform?.os === 'linux' && m.platform.architecture === 'amd64' && typeof m.digest === 'string' && typeof m.mediaType === 'string') {
        amd64.push({ mediaType: m.mediaType, digest: m.digest, size: Number(m.size) });
      }
    }
  }
  return { mediaType, amd64 };
}

/** Find a manifest by tag (store tag `<name>:<tag>`) or digest (anywhere in the store). */
async function find(ctx: ServeContext, name: string, reference: string): Promise<Found> {
  if (isDigestRef(reference)) {
    checkDigest(reference);
    const size = await ctx.size(reference);
    if (size === undefined || size > MANIFEST_LIMIT) throw manifestUnknown(name, reference);
    const index = await ctx.index();
    const recorded = index.manifests?.find((d) => d.digest === reference)?.mediaType;
    const descriptor: Descriptor = { mediaType: recorded ?? MediaType.ImageManifest, digest: reference, size };
    const { mediaType, amd64 } = await decode(ctx, descriptor, recorded);
    if (!mediaType) throw manifestUnknown(name, reference, 'is not a manifest');
    return { descriptor: { ...descriptor, mediaType }, amd64 };
  }
  // The spec's conformance suite asks a tag that cannot exist for 404, like any unknown one.
  if (!isTag(reference)) throw manifestUnknown(name, reference, 'is unknown (not a valid tag)');
  const t = (await repoTags(ctx, name)).get(reference);
  if (!t) throw manifestUnknown(name, reference);
  const d = t.descriptor;
  if (d.size > MANIFEST_LIMIT) throw manifestUnknown(name, reference, 'is too large to serve');
  const decoded = await decode(ctx, d, d.mediaType);
  return { descriptor: { ...d, mediaType: decoded.mediaType ?? d.mediaType }, amd64: decoded.amd64 };
}

/** Content negotiation (see the module comment). */
async function negotiate(ctx: ServeContext, req: IncomingMessage, name: string, reference: string, found: Found): Promise<Found> {
  const accept = parseAccept(req.headers.accept);
  if (accepts(accept, found.descriptor.mediaType)) return found;
  if (isIndexMediaType(found.descriptor.mediaType)) {
    const pick = found.amd64.find((m) => accepts(accept, m.mediaType));
    if (pick) {
      const child = await find(ctx, name, pick.digest);
      if (accepts(accept, child.descriptor.mediaType)) return child;
    }
  }
  throw new RegistryError('MANIFEST_UNKNOWN', `manifest ${name}:${reference} is ${found.descriptor.mediaType}, which the Accept header does not include`, {
    detail: { name, reference, mediaType: found.descriptor.mediaType },
  });
}

/** GET/HEAD a manifest. */
export async function getManifest(ctx: ServeContext, req: IncomingMessage, res: ServerResponse, name: string, reference: string): Promise<void> {
  const found = await negotiate(ctx, req, name, reference, await find(ctx, name, reference));
  const d = found.descriptor;
  const headers = {
    'Content-Type': d.mediaType,
    'Docker-Content-Digest': d.digest,
    ETag: `"${d.digest}"`,
    'Content-Length': d.size,
  };
  if (req.method === 'HEAD') {
    send(res, 200, headers);
    return;
  }
  // Streamed (and verified) from the store, never held whole while a client reads it.
  const stream = await ctx.store.fetch({ mediaType: d.mediaType, digest: d.digest, size: d.size });
  res.writeHead(200, { ...BASE_HEADERS, ...headers });
  await streamBlob(ctx, stream, res, d.digest);
}

function invalid(message: string, detail?: unknown): RegistryError {
  return new RegistryError('MANIFEST_INVALID', message, detail === undefined ? {} : { detail });
}

/** Check a descriptor's shape (image-spec descriptor.md); throws MANIFEST_INVALID naming `where`. */
function checkDescriptor(d: unknown, where: string): Descriptor {
  if (typeof d !== 'object' || d === null || Array.isArray(d)) throw invalid(`${where} is not a descriptor`);
  const o = d as Record<string, unknown>;
  if (typeof o.mediaType !== 'string' || o.mediaType === '') throw invalid(`${where} has no mediaType`);
  if (typeof o.digest !== 'string') throw invalid(`${where} has no digest`);
  try {
    parseDigest(o.digest);
  } catch (e) {
    throw invalid(`${where}: ${(e as Error).message}`, { digest: o.digest });
  }
  if (typeof o.size !== 'number' || !Number.isSafeInteger(o.size) || o.size < 0) throw invalid(`${where} has no valid size`);
  if (o.urls !== undefined && (!Array.isArray(o.urls) || !o.urls.every((u) => typeof u === 'string'))) throw invalid(`${where} has invalid urls`);
  if (o.annotations !== undefined && !isStringMap(o.annotations)) throw invalid(`${where} has invalid annotations`);
  return d as Descriptor;
}

function isStringMap(v: unknown): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string');
}

/** What a validated manifest references. */
interface Parsed {
  mediaType: string;
  /** Content that must be present: config and layers, or an index's manifests. */
  required: Descriptor[];
  subject?: Descriptor;
  artifactType?: string;
  isIndex: boolean;
  children: Descriptor[];
}

/** Validate manifest bytes pushed with `contentType` (see the module comment). */
function parseManifest(bytes: Buffer, contentType: string | undefined): Parsed {
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch (e) {
    throw invalid(`manifest is not valid JSON: ${(e as Error).message}`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw invalid('manifest is not a JSON object');
  const o = json as Record<string, unknown>;
  const generic = contentType === undefined || contentType === 'application/json' || contentType === 'application/octet-stream';
  if (o.mediaType !== undefined && typeof o.mediaType !== 'string') throw invalid('mediaType is not a string');
  const declared = o.mediaType as string | undefined;
  if (declared !== undefined && !generic && declared !== contentType) {
    throw invalid(`mediaType ${declared} does not match Content-Type ${contentType}`, { mediaType: declared, contentType });
  }
  const mediaType =
    declared ?? (generic ? (Array.isArray(o.manifests) ? MediaType.ImageIndex : MediaType.ImageManifest) : contentType!);
  if (SCHEMA1_MEDIA_TYPES.has(mediaType) || o.schemaVersion === 1) {
    throw new RegistryError('UNSUPPORTED', 'Docker schema1 manifests are not supported', { status: 415, detail: { mediaType } });
  }
  if (!(SUPPORTED as string[]).includes(mediaType)) {
    throw new RegistryError('UNSUPPORTED', `manifest media type ${mediaType} is not supported`, {
      status: 415,
      detail: { mediaType, supported: SUPPORTED },
    });
  }
  if (o.schemaVersion !== 2) throw invalid('schemaVersion must be 2');
  if (o.artifactType !== undefined && typeof o.artifactType !== 'string') throw invalid('artifactType is not a string');
  if (o.annotations !== undefined && !isStringMap(o.annotations)) throw invalid('annotations must map strings to strings');
  const subject = o.subject === undefined ? undefined : checkDescriptor(o.subject, 'subject');
  const out: Parsed = { mediaType, required: [], isIndex: isIndexMediaType(mediaType), children: [] };
  if (subject) out.subject = subject;
  if (typeof o.artifactType === 'string') out.artifactType = o.artifactType;
  if (out.isIndex) {
    if (!Array.isArray(o.manifests)) throw invalid('an index needs a manifests array');
    out.children = o.manifests.map((m, i) => checkDescriptor(m, `manifests[${i}]`));
    out.required = out.children;
  } else {
    const config = checkDescriptor(o.config, 'config');
    if (!Array.isArray(o.layers)) throw invalid('a manifest needs a layers array');
    const layers = o.layers.map((l, i) => checkDescriptor(l, `layers[${i}]`));
    // Foreign / non-distributable layers (with urls) need not be in the registry.
    out.required = [config, ...layers.filter((l) => !(l.urls && l.urls.length > 0))];
  }
  return out;
}

/** PUT a manifest by tag or digest (`?tag=` adds tags to a digest push, answered in `OCI-Tag`). */
export async function putManifest(ctx: ServeContext, req: IncomingMessage, res: ServerResponse, name: string, reference: string, query: URLSearchParams): Promise<void> {
  const byDigest = isDigestRef(reference);
  if (byDigest) checkDigest(reference);
  else checkTag(reference);
  const extraTags = byDigest ? query.getAll('tag') : [];
  for (const t of extraTags) checkTag(t);
  const bytes = await readBody(req, MANIFEST_LIMIT);
  const parsed = parseManifest(bytes, mediaTypeOf(req.headers['content-type']));
  const digest = digestOf(bytes, byDigest ? parseDigest(reference).algorithm : 'sha256');
  if (byDigest && digest !== reference) {
    throw new RegistryError('DIGEST_INVALID', `manifest digest ${digest} does not match ${reference}`, { detail: { digest: reference } });
  }
  const missing: RegistryError[] = [];
  const checked = new Set<string>();
  for (const d of parsed.required) {
    if (checked.has(d.digest)) continue;
    checked.add(d.digest);
    if ((await ctx.size(d.digest)) === undefined) {
      missing.push(new RegistryError('MANIFEST_BLOB_UNKNOWN', `blob ${d.digest} is unknown to the registry`, { detail: { digest: d.digest } }));
    }
  }
  if (missing.length > 0) throw new RegistryError(missing[0]!.code, missing[0]!.message, { detail: missing[0]!.detail, more: missing.slice(1) });

  const descriptor: Descriptor = { mediaType: parsed.mediaType, digest, size: bytes.length };
  if (parsed.artifactType !== undefined) descriptor.artifactType = parsed.artifactType;
  // One temp file, fsynced and linked (BlobStorage.put): a manifest is read whole and never
  // resumed, so it needs no ingest directory, lock or meta.json (Store.push's writer).
  await ctx.store.blobs.put(bytes, digest);

  const tags = byDigest ? extraTags : [reference];
  if (tags.length > 0) await ctx.store.tagMany(descriptor, tags.map((t) => storeRef(name, t)));
  const children = new Set(parsed.children.map((c) => c.digest));
  const untagged = (d: Descriptor): boolean => !d.annotations?.[Annotation.RefName];
  const before = await ctx.store.readIndex();
  const needsUpdate =
    before.manifests.some((d) => untagged(d) && (children.has(d.digest) || (tags.length > 0 && d.digest === digest))) ||
    (tags.length === 0 && !parsed.subject && !before.manifests.some((d) => d.digest === digest));
  if (needsUpdate) await ctx.store.updateIndex((index) => {
    // Roots this index now reaches need no entry of their own.
    index.manifests = index.manifests.filter((d) => !(untagged(d) && children.has(d.digest)));
    // A referrer needs no root: gc keeps referrers of live manifests.
    const present = index.manifests.some((d) => d.digest === digest);
    if (tags.length === 0 && !present && !parsed.subject) index.manifests.push(descriptor);
    // A manifest pushed by digest first and tagged now needs no untagged entry.
    if (tags.length > 0) index.manifests = index.manifests.filter((d) => !(untagged(d) && d.digest === digest));
  });

  const headers: Record<string, string | string[]> = {
    Location: `/v2/${name}/manifests/${digest}`,
    'Docker-Content-Digest': digest,
  };
  if (parsed.subject) headers['OCI-Subject'] = parsed.subject.digest;
  if (byDigest && extraTags.length > 0) headers['OCI-Tag'] = extraTags;
  send(res, 201, headers);
}

/**
 * DELETE by tag: remove the tag (202). DELETE by digest: remove this repository's tags of
 * it and its untagged root, then the manifest blob itself once nothing in the store
 * reaches it (202).
 */
export async function deleteManifest(ctx: ServeContext, res: ServerResponse, name: string, reference: string): Promise<void> {
  if (!isDigestRef(reference)) {
    const t = isTag(reference) ? (await repoTags(ctx, name)).get(reference) : undefined;
    if (!t || !(await ctx.store.untag(t.ref))) throw manifestUnknown(name, reference);
    send(res, 202);
    return;
  }
  await find(ctx, name, reference); // MANIFEST_UNKNOWN unless it is a manifest of the store
  const mine = new Set([...(await repoTags(ctx, name)).values()].filter((t) => t.descriptor.digest === reference).map((t) => t.ref));
  await ctx.store.updateIndex((index) => {
    index.manifests = index.manifests.filter((d) => {
      if (d.digest !== reference) return true;
      // By the tag repoTags knows it by: a containerd entry's full name, not its bare ref.name.
      const ref = tagOf(d);
      return ref !== undefined && !mine.has(ref);
    });
  });
  const reachable = await reachableDigests(ctx);
  if (!reachable.has(reference) && (await ctx.local(reference))) {
    await ctx.store.blobs.delete(reference).catch(() => undefined);
  }
  send(res, 202);
}
