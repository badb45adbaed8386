/**
 * `index`: assemble an image index from the images `ref` lists — `docker buildx imagetools
 * create` without Docker (DESIGN.md §1 use 6, §2). The fan-in step of a matrix: each job
 * pushes its platform's image by digest, one job lists those digests here and pushes the
 * multi-platform index.
 *
 * - A ref is a store tag, `name@sha256:…`, or a remote ref pulled through the store (every
 *   platform of an index). An index among them contributes its manifests.
 * - Every child descriptor carries its platform: the one it was listed with, else the
 *   image config's (image-index.md "platform": os, architecture, variant, os.version).
 * - Two children for one platform are refused, unless they are the same manifest (kept
 *   once). Children without a platform, or `unknown/unknown` (buildx's attestation
 *   manifests), are not compared.
 * - Annotations: `index:` and unprefixed keys (and `manifest:`, there being no manifest to
 *   hold them; imagetools' default level is the index too) on the index;
 *   `manifest-descriptor:` on every child descriptor.
 * - The result is an OCI image index (it may list Docker schema 2 manifests, which
 *   registries, containerd and skopeo accept), written to the store and tagged with `tags`.
 *
 * Reference: image-spec image-index.md.
 */
import { OciError, isOciError, withInput } from '../errors.js';
import { isDigest } from '../digest.js';
import { annotationsAt, buildTime, standardAnnotations } from '../ingest.js';
import { Store } from '../layout.js';
import type { Options } from './options.js';
import { pullInto } from '../pullthrough.js';
import { resolveThrough } from './pullthrough.js';
import { hasRegistry, normalize, parseReference } from '../reference.js';
import {
  MediaType,
  formatPlatform,
  isIndexMediaType,
  isManifestMediaType,
  type Descriptor,
  type ImageConfig,
  type ImageIndex,
  type Manifest,
  type Platform,
} from '../types/oci.js';
import { describeImage } from './metadata.js';
import type { CommandFn, RunContext } from './types.js';

/** One child of the index to be, and the ref that brought it (for messages). */
interface Child {
  descriptor: Descriptor;
  from: string;
}

/** Config media types that carry a platform. */
const IMAGE_CONFIG_TYPES: ReadonlySet<string> = new Set([MediaType.ImageConfig, MediaType.DockerConfig]);

function namesRegistry(ref: string): boolean {
  try {
    return hasRegistry(ref);
  } catch {
    return false;
  }
}

/**
 * Resolve one listed ref: a store tag or a digest the store has, as it has it; a remote ref
 * (or a name the store lacks) pulled through with every platform, so an index contributes
 * all of them. `repo@digest` (a matrix job's output) is pulled without a store tag: the
 * new index's tags keep it.
 */
async function resolveRef(store: Store, ref: string, options: Options, ctx: RunContext): Promise<Descriptor> {
  const pinned = !isDigest(ref) && parseReference(ref, 'ref').digest !== undefined;
  if (!namesRegistry(ref) || pinned) {
    try {
      return await store.resolve(ref);
    } catch (e) {
      if (!isOciError(e, 'NOT_FOUND') || isDigest(ref)) throw withInput(e, 'ref');
    }
  }
  if (!pinned) return resolveThrough(store, ref, { ...options, platforms: 'all' }, ctx, 'ref');
  const { registryClient } = await import('./registry.js');
  const client = registryClient(options, ctx);
  try {
    const report = await pullInto(client, store, normalize(ref, 'ref'), { platforms: 'all', tags: [], input: 'ref', ...(ctx.signal ? { signal: ctx.signal } : {}) });
    ctx.logger.info(`pulled ${ref} into the store`);
    return report.root;
  } catch (e) {
    throw withInput(e, 'ref');
  } finally {
    client.close();
  }
}

/** The platform an image manifest's config states, when the store can read it. */
async function configPlatform(store: Store, manifest: Descriptor): Promise<Platform | undefined> {
  if (!(await store.exists(manifest))) return undefined;
  const m = await store.readJSON<Manifest>(manifest);
  if (!m.config || !IMAGE_CONFIG_TYPES.has(m.config.mediaType)) return undefined;
  const c = await store.readJSON<ImageConfig>(m.config);
  if (typeof c.os !== 'string' || typeof c.architecture !== 'string') return undefined;
  const p: Platform = { architecture: c.architecture, os: c.os };
  if (typeof c['os.version'] === 'string') p['os.version'] = c['os.version'];
  if (Array.isArray(c['os.features']) && c['os.features'].length > 0) p['os.features'] = c['os.features'];
  if (typeof c.variant === 'string' && c.variant !== '') p.variant = c.variant;
  return p;
}

/** A key equal for platforms an engine cannot tell apart (arm's implied v7, arm64's v8). */
function platformKey(p: Platform): string | undefined {
  if (p.os === 'unknown' && p.architecture === 'unknown') return undefined;
  let variant = p.variant;
  if (p.architecture === 'arm') variant ??= 'v7';
  if (p.architecture === 'arm64' && variant === 'v8') variant = undefined;
  return `${p.os}/${p.architecture}/${variant ?? ''}/${p['os.version'] ?? ''}`;
}

/** The children one listed ref contributes: its manifests for an index, itself for a manifest. */
async function childrenOf(store: Store, ref: string, root: Descriptor): Promise<Child[]> {
  if (isIndexMediaType(root.mediaType)) {
    const index = await store.readJSON<ImageIndex>(root);
    return (index.manifests ?? []).map((descriptor) => ({ descriptor: { ...descriptor }, from: ref }));
  }
  if (!isManifestMediaType(root.mediaType)) {
    throw new OciError('UNSUPPORTED_MEDIA_TYPE', `${ref} is a ${root.mediaType}, not an image or an index`, {
      input: 'ref',
      hint: 'list images (manifests) or indexes in ref',
    });
  }
  const descriptor: Descriptor = { mediaType: root.mediaType, digest: root.digest, size: root.size };
  if (root.artifactType !== undefined) descriptor.artifactType = root.artifactType;
  if (root.platform !== undefined) descriptor.platform = root.platform;
  return [{ descriptor, from: ref }];
}

/** `index` command. */
export const indexImage: CommandFn = async (options, ctx) => {
  const refs = options.refs ?? [];
  const store = await Store.open(options.store, { logger: ctx.logger, ...(ctx.fallback ? { fallback: ctx.fallback } : {}) });

  const children: Child[] = [];
  for (const ref of refs) children.push(...(await childrenOf(store, ref, await resolveRef(store, ref, options, ctx))));

  const descAnnotations = annotationsAt(options.annotations, 'manifest-descriptor');
  const manifests: Descriptor[] = [];
  const byDigest = new Map<string, Child>();
  const byPlatform = new Map<string, Child>();
  for (const child of children) {
    const d = child.descriptor;
    if (byDigest.has(d.digest)) continue; // listed twice (or by two indexes): once is enough
    byDigest.set(d.digest, child);
    if (d.platform === undefined && isManifestMediaType(d.mediaType)) {
      const p = await configPlatform(store, d);
      if (p !== undefined) d.platform = p;
    }
    const key = d.platform !== undefined ? platformKey(d.platform) : undefined;
    if (key !== undefined) {
      const other = byPlatform.get(key);
      if (other !== undefined) {
        throw new OciError(
          'INVALID_INPUT',
          `two images for platform ${formatPlatform(d.platform!)}: ${other.descriptor.digest} (from ${other.from}) and ${d.digest} (from ${child.from})`,
          { input: 'ref', hint: 'list one image per platform; an index holds one manifest for each' },
        );
      }
      byPlatform.set(key, child);
    }
    if (Object.keys(descAnnotations).length > 0) d.annotations = { ...d.annotations, ...descAnnotations };
    manifests.push(d);
  }

  const index: ImageIndex = {
    schemaVersion: 2,
    mediaType: MediaType.ImageIndex,
    manifests,
    annotations: sortedKeys({
      ...standardAnnotations(ctx.env, buildTime(ctx.env)),
      ...annotationsAt(options.annotations, 'manifest'),
      ...annotationsAt(options.annotations, 'index'),
    }),
  };
  const desc = await store.pushJSON(index, MediaType.ImageIndex);
  // Children the store lacks (an index listed by a store tag, pulled for some platforms):
  // recorded as left out on purpose, so verify does not call them missing.
  const absent: Descriptor[] = [];
  for (const m of manifests) if (!(await store.exists(m))) absent.push(m);
  await store.tagMany(desc, options.tags, absent.length > 0 ? { omitted: absent } : {});
  const platforms = manifests.filter((m) => m.platform && platformKey(m.platform)).map((m) => formatPlatform(m.platform!));
  ctx.logger.info(`assembled index ${desc.digest} of ${manifests.length} manifest(s)${platforms.length > 0 ? ` (${platforms.join(', ')})` : ''}`);
  return {
    digest: desc.digest,
    tags: [...options.tags],
    metadata: await describeImage(store, desc),
    store: store.root,
  };
};

/** Keys sorted, so the index's bytes (and digest) do not depend on input order. */
function sortedKeys(rec: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of Object.keys(rec).sort()) out[k] = rec[k]!;
  return out;
}
