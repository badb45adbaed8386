/**
 * `push` and `push: true`: copy an image from the store to every registry ref in `tags`
 * (docker semantics: a ref without a host is on docker.io).
 *
 * Refs of one repository are pushed together (one graph copy, several tags); repositories
 * are pushed one after another so that later ones on the same registry mount the blobs
 * the earlier ones received. Blobs a registry already has are never read from the store.
 *
 * - A `tags` entry naming a repository only (`ghcr.io/o/app`) is pushed by digest.
 * - After each repository, the store records that it holds the image's blobs
 *   (sources.ts), so a later push to another repository of that registry — another
 *   process, step or run — mounts them instead of uploading them.
 */
import { OciError, withInput } from '../errors.js';
import { isDigest } from '../digest.js';
import { Store } from '../layout.js';
import { formatReference, hasRegistry, isRepositoryOnly, normalize, parseReference, withDigest, type NormalizedReference } from '../reference.js';
import type { Options } from './options.js';
import { copyGraph } from '../copy.js';
import { RegistryClient } from '../registry/client.js';
import { registryClient } from './registry.js';
import { BlobSources } from '../sources.js';
import { isManifestMediaType, type Descriptor } from '../types/oci.js';
import { SKIP_CHILDREN, walk } from '../walk.js';
import { describeImage } from './metadata.js';
import type { CommandFn, PushedMetadata, Result, RunContext } from './types.js';

/** Whether the store holds `d`'s blob; a failure to tell counts as not. */
async function storeHas(store: Store, d: Descriptor): Promise<boolean> {
  try {
    return await store.blobs.has(d.digest);
  } catch {
    return false;
  }
}

/**
 * `blob` is called with the config and each layer of every manifest under `root` that the
 * store holds, two index levels down; a manifest or index the store lacks or cannot read
 * adds nothing.
 */
function eachStoredBlob(store: Store, root: Descriptor, blob: (d: Descriptor) => void): Promise<void> {
  return walk(
    store,
    [root],
    async ({ descriptor: d, path }) => {
      if (isManifestMediaType(path.at(-1)?.mediaType)) {
        blob(d);
        return SKIP_CHILDREN;
      }
      return path.length <= 2 && (await storeHas(store, d));
    },
    { onError: () => {} },
  );
}

/**
 * Repositories of `registry` that the store's tags say hold each blob (cross-run mount
 * sources): the configs and layers of the manifests the store holds, two index levels down.
 */
async function storeMountHints(store: Store, registry: string): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  let tags: Array<{ ref: string; descriptor: Descriptor }>;
  try {
    tags = await store.listTags();
  } catch {
    return out;
  }
  let walked = 0;
  for (const { ref, descriptor } of tags) {
    if (walked >= 50) break;
    let n: NormalizedReference;
    try {
      if (!hasRegistry(ref)) continue;
      n = normalize(ref);
    } catch {
      continue;
    }
    if (n.registry !== registry) continue;
    walked++;
    const add = (digest: string): void => {
      const list = out.get(digest) ?? [];
      if (!list.includes(n.repository)) list.push(n.repository);
      out.set(digest, list);
    };
    // a damaged or partial entry only means fewer mount hints
    await eachStoredBlob(store, descriptor, (d) => add(d.digest));
  }
  return out;
}

/**
 * The config and layer digests of the graph under `desc` that the store can read (children
 * of a partly pulled index it lacks are left out; non-distributable layers too).
 */
async function graphBlobs(store: Store, desc: Descriptor): Promise<Set<string>> {
  const out = new Set<string>();
  // unreadable here means fewer blobs remembered, never a failed push
  await eachStoredBlob(store, desc, (d) => {
    if (!d.urls?.length) out.add(d.digest);
  });
  return out;
}

/**
 * The registry a store image came from: a store tag naming a registry that points at it
 * (pull-through and pull tag images by their full reference). Children of a partly
 * pulled index are fetched from there when a push needs them.
 */
async function originOf(store: Store, desc: Descriptor): Promise<NormalizedReference | undefined> {
  let tags: Array<{ ref: string; descriptor: Descriptor }>;
  try {
    tags = await store.listTags();
  } catch {
    return undefined;
  }
  for (const { ref, descriptor } of tags) {
    if (descriptor.digest !== desc.digest) continue;
    try {
      if (hasRegistry(ref)) return normalize(ref);
    } catch {
      // not a reference: a bare tag written by another tool
    }
  }
  return undefined;
}

/** One destination repository and the refs of it to apply. */
interface Group {
  registry: string;
  repository: string;
  /** Refs as reported in `metadata.pushed` (a repository-only ref as `repo@digest`). */
  refs: string[];
  /** Tags to set (digest refs add none). */
  tags: string[];
}

/**
 * Group refs by repository, in first-seen order; digest refs must name `desc`. A ref that
 * names a repository only (`ghcr.io/o/app`) is pushed by digest: no tag is set, and it is
 * reported as `ghcr.io/o/app@<digest>` (buildx's `push-by-digest`, DESIGN.md §2).
 */
function groupTargets(refs: string[], desc: Descriptor, input: 'tags' | 'ref'): Group[] {
  const groups: Group[] = [];
  for (const written of refs) {
    const n = normalize(written, input);
    const ref = isRepositoryOnly(written) ? withDigest(written, desc.digest) : written;
    if (ref !== written) n.tag = undefined;
    if (n.digest !== undefined && n.digest !== desc.digest) {
      throw new OciError('INVALID_INPUT', `${ref} names digest ${n.digest}, but the image to push is ${desc.digest}`, {
        input,
        hint: 'push to a tag, or to the digest of the image itself',
      });
    }
    let g = groups.find((x) => x.registry === n.registry && x.repository === n.repository);
    if (!g) {
      g = { registry: n.registry, repository: n.repository, refs: [], tags: [] };
      groups.push(g);
    }
    g.refs.push(ref);
    if (n.tag !== undefined && !g.tags.includes(n.tag)) g.tags.push(n.tag);
  }
  return groups;
}

/**
 * Push `desc` from `store` to every ref (each a registry reference). Returns one
 * `metadata.pushed` entry per ref: the first ref of a repository carries what was
 * uploaded, skipped and mounted; later refs of the same repository find everything present.
 */
export async function pushToRefs(
  client: RegistryClient,
  store: Store,
  desc: Descriptor,
  refs: string[],
  options: { input?: 'tags' | 'ref'; signal?: AbortSignal } = {},
): Promise<PushedMetadata[]> {
  const input = options.input ?? 'tags';
  const groups = groupTargets(refs, desc, input);
  const origin = await originOf(store, desc);
  const hintsByRegistry = new Map<string, Map<string, string[]>>();
  // Where earlier pushes (other processes, steps, runs) put these blobs: mount sources.
  const sources = await BlobSources.load(store.root, client.logger);
  let blobs: Set<string> | undefined;
  const pushed: PushedMetadata[] = [];
  for (const g of groups) {
    let hints = hintsByRegistry.get(g.registry);
    if (!hints) {
      hints = await storeMountHints(store, g.registry);
      hintsByRegistry.set(g.registry, hints);
    }
    const storeHints = hints;
    const repo = client.repository({ registry: g.registry, repository: g.repository }, { push: true });
    let report;
    try {
      report = await copyGraph(store, repo, desc, {
        tags: g.tags,
        concurrency: client.tuning.concurrency,
        logger: client.logger,
        mountFrom: (digest) =>
          [
            ...new Set([
              ...client.knownRepositories(g.registry, digest, g.repository),
              ...sources.repositories(g.registry, digest),
              ...(storeHints.get(digest) ?? []),
              ...(origin && origin.registry === g.registry ? [origin.repository] : []),
            ]),
          ].filter((r) => r !== g.repository),
        ...(origin ? { origin: client.repository(origin) } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      });
    } catch (e) {
      throw withInput(e, input);
    }
    // The repository now holds every blob of the graph (a registry checks a manifest's
    // children on PUT): remember it for later pushes to other repositories.
    blobs ??= await graphBlobs(store, desc);
    await sources.record(g.registry, g.repository, blobs);
    client.logger.info(
      `pushed ${desc.digest} to ${g.refs.join(', ')}: ${report.uploaded} uploaded (${report.uploadedBytes} bytes), ${report.mounted} mounted, ${report.skipped} already there`,
    );
    const total = report.uploaded + report.skipped + report.mounted;
    g.refs.forEach((ref, i) => {
      pushed.push(
        i === 0
          ? { ref, digest: desc.digest, uploaded: report.uploaded, skipped: report.skipped, mounted: report.mounted, uploadedBytes: report.uploadedBytes }
          : { ref, digest: desc.digest, uploaded: 0, skipped: total, mounted: 0, uploadedBytes: 0 },
      );
    });
  }
  return pushed;
}

function openStore(options: Options, ctx: RunContext): Promise<Store> {
  return Store.open(options.store, { create: false, logger: ctx.logger, ...(ctx.fallback ? { fallback: ctx.fallback } : {}) });
}

/**
 * `push`: resolve `ref` in the store and push it to every ref in `tags`, or to `ref`
 * itself when `tags` is empty and `ref` names a registry.
 */
export const push: CommandFn = async (options, ctx) => {
  const ref = options.ref!;
  let targets = options.tags;
  let input: 'tags' | 'ref' = 'tags';
  if (targets.length === 0) {
    if (isDigest(ref) || !hasRegistry(ref)) {
      throw new OciError('INVALID_INPUT', `nowhere to push ${ref}: tags is empty and ref names no registry`, {
        input: 'tags',
        hint: 'list the registry refs to push to in tags, e.g. ghcr.io/owner/app:1',
      });
    }
    const r = parseReference(ref, 'ref');
    // `ref` names a store tag: pushed to that very tag (docker push's `latest` when none
    // is written), not by digest as a repository-only `tags` entry would be.
    if (r.tag === undefined && r.digest === undefined) r.tag = 'latest';
    targets = [formatReference(r)];
    input = 'ref';
  }
  const store = await openStore(options, ctx);
  let desc: Descriptor;
  try {
    desc = await store.resolve(ref);
  } catch (e) {
    throw withInput(e, 'ref');
  }
  const client = registryClient(options, ctx);
  try {
    const pushed = await pushToRefs(client, store, desc, targets, { input, ...(ctx.signal ? { signal: ctx.signal } : {}) });
    const metadata = await describeImage(store, desc, pushed);
    return { digest: desc.digest, tags: targets, metadata, store: store.root };
  } finally {
    client.close();
  }
};

/**
 * After ingest/pull/tag with `push: true`: push `result.digest` to every ref in `tags`
 * and fill `metadata.pushed`.
 */
export async function pushResult(result: Result, options: Options, ctx: RunContext): Promise<Result> {
  if (result.digest === undefined) return result;
  if (options.tags.length === 0) {
    throw new OciError('INVALID_INPUT', 'push: true needs tags to push to', { input: 'tags', hint: 'list the registry refs to push to, e.g. ghcr.io/owner/app:1' });
  }
  const store = await openStore(options, ctx);
  const desc = await store.resolve(result.digest);
  const client = registryClient(options, ctx);
  try {
    const pushed = await pushToRefs(client, store, desc, options.tags, { input: 'tags', ...(ctx.signal ? { signal: ctx.signal } : {}) });
    const metadata = result.metadata ? { ...result.metadata, pushed } : await describeImage(store, desc, pushed);
    return { ...result, metadata };
  } finally {
    client.close();
  }
}
