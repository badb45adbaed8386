/**
 * Pull-through resolution: a `ref` or `base` is looked up in the store first (as written,
 * then normalised, by Store.resolve), and only on a miss fetched from its registry (docker
 * semantics: a name without a host is on docker.io) and tagged in the store by the
 * reference as written — or, for a reference with a digest (`name@sha256:…`), kept as an
 * untagged root. Later runs find it in the store (restored from the runner cache),
 * which saves registry rate limits.
 *
 * An index found in the store whose wanted platforms are not all present (an earlier pull
 * selected other platforms) is completed from the registry.
 */
import type { Logger, Target } from './content.js';
import { OciError, isOciError, withInput, type InputName } from './errors.js';
import { isDigest } from './digest.js';
import { hostPlatform, selectManifests } from './platform.js';
import { formatNormalized, hasRegistry, normalize, type NormalizedReference } from './reference.js';
// The registry client and the copier are loaded on first use: resolving a ref the store
// has (every unpack of a local image) needs neither, and they are half of the heap a
// local unpack would otherwise carry (marked at every collection) and ~20 ms of start-up.
import type * as Copy from './copy.js';
import type { CopyReport } from './copy.js';
import type { RegistryClient, RegistryInputs, RegistryRunContext } from './registry/client.js';
import type { Repository } from './registry/repository.js';
import { isIndexMediaType, type Descriptor, type ImageIndex, type Platform } from './types/oci.js';

/** The platforms a pull keeps: the given ones, every one for `all`, else the host's. */
export function pullPlatforms(options: { platforms: Platform[] | 'all' }): Platform[] | 'all' {
  if (options.platforms === 'all') return 'all';
  return options.platforms.length > 0 ? options.platforms : [hostPlatform()];
}

/** Options of pullInto. */
export interface PullOptions {
  platforms: Platform[] | 'all';
  /**
   * Store tags to apply to the root (as written). When the ref has a digest, the root is
   * also kept as an untagged index.json entry (Store.keepRoot).
   */
  tags: string[];
  input?: InputName;
  signal?: AbortSignal;
  /** The root, when the caller resolved it already. */
  root?: Descriptor;
  /**
   * The repository the root was resolved from: its manifest cache holds the root's bytes,
   * so the copy does not GET them a second time (a new Repository starts with none).
   */
  repository?: Repository;
}

/**
 * Pull `ref` from its registry into `store` (blobs the store has are skipped) and tag the
 * root. Resolves the reference remotely first, so an unknown repository, a missing tag or
 * an unreachable host fails before the store is touched.
 */
export async function pullInto(client: RegistryClient, store: Target, ref: string | NormalizedReference, options: PullOptions): Promise<CopyReport> {
  const n = typeof ref === 'string' ? normalize(ref, options.input) : ref;
  const repo = options.repository ?? client.repository(n);
  let root: Descriptor | undefined = options.root;
  if (root === undefined && n.digest !== undefined && (await store.exists({ mediaType: 'application/octet-stream', digest: n.digest, size: 0 }))) {
    // By digest and already here: no need to ask the registry what it is.
    try {
      root = await store.resolve(n.digest);
    } catch {
      root = undefined;
    }
  }
  root ??= await repo.resolve(n.digest ?? n.tag ?? 'latest');
  const { copyGraph } = await import('./copy.js');
  const copyOptions: Parameters<typeof Copy.copyGraph>[3] = {
    platforms: options.platforms,
    tags: options.tags,
    concurrency: client.tuning.concurrency,
    logger: client.logger,
    input: 'platform',
  };
  if (options.signal) copyOptions.signal = options.signal;
  const report = await copyGraph(repo, store, root, copyOptions);
  // A ref with a digest makes no tag (a tag cannot hold a digest): the root is kept as an
  // untagged entry, which gc keeps and `name@digest` finds again without the registry.
  const keeper = store as Partial<RootKeeper>;
  if (n.digest !== undefined && typeof keeper.keepRoot === 'function') {
    await keeper.keepRoot.call(store, report.root, isIndexMediaType(report.root.mediaType) ? { omitted: report.omitted } : {});
  }
  return report;
}

/** A store that records untagged roots (layout.ts Store.keepRoot). */
interface RootKeeper {
  keepRoot(desc: Descriptor, options: { omitted?: readonly Descriptor[] }): Promise<void>;
}

/** Children of a stored index that the wanted platforms need but the store lacks. */
async function missingPlatforms(store: Target, desc: Descriptor, platforms: Platform[] | 'all'): Promise<Descriptor[]> {
  if (!isIndexMediaType(desc.mediaType)) return [];
  let index: ImageIndex;
  try {
    const { readManifestBytes } = await import('./copy.js');
    index = JSON.parse((await readManifestBytes(store, desc)).toString('utf8')) as ImageIndex;
  } catch {
    return [];
  }
  let wanted: Descriptor[];
  try {
    wanted = selectManifests(index, platforms);
  } catch {
    return []; // the caller reports the platform the index does not have
  }
  const out: Descriptor[] = [];
  for (const w of wanted) if (!(await store.exists(w))) out.push(w);
  return out;
}

/** Options of resolveThrough: the platforms wanted, and the credentials and hosts of a pull on a miss. */
export interface ResolveOptions extends RegistryInputs {
  /** Platforms wanted: the given ones, every one for `all`; none = the host's. */
  platforms: Platform[] | 'all';
}

/** The run resolveThrough works in: its logger, and the services a registry client on a miss uses. */
export interface ResolveContext extends RegistryRunContext {
  logger: Logger;
}

/**
 * Resolve `ref` in `store`, pulling it from its registry on a miss (and completing an
 * index's missing platforms). Errors are attributed to `input`.
 */
export async function resolveThrough(store: Target, ref: string, options: ResolveOptions, ctx: ResolveContext, input: InputName = 'ref'): Promise<Descriptor> {
  const platforms = pullPlatforms(options);
  let found: Descriptor | undefined;
  try {
    found = await store.resolve(ref);
  } catch (e) {
    if (!isOciError(e, 'NOT_FOUND') || isDigest(ref)) throw withInput(e, input);
  }
  if (found !== undefined && (await missingPlatforms(store, found, platforms)).length === 0) return found;

  const { RegistryClient, runClientOptions } = await import('./registry/client.js');
  const client = new RegistryClient(runClientOptions(options, ctx));
  try {
    const n = normalize(ref, input);
    if (found !== undefined) {
      // Complete the index from the registry it came from; its bytes are already here.
      const repo = client.repository(n);
      const { copyGraph } = await import('./copy.js');
      await copyGraph(repo, store, found, { platforms, concurrency: client.tuning.concurrency, logger: client.logger, ...(ctx.signal ? { signal: ctx.signal } : {}) });
      return found;
    }
    const report = await pullInto(client, store, n, { platforms, tags: n.digest !== undefined ? [] : [ref], input, ...(ctx.signal ? { signal: ctx.signal } : {}) });
    ctx.logger.info(`pulled ${formatNormalized(n)} (${report.root.digest}) into the store`);
    return report.root;
  } catch (e) {
    if (!hasRegistry(ref) && isOciError(e, 'NOT_FOUND', 'NAME_UNKNOWN', 'UNAUTHORIZED', 'DENIED')) {
      // `app:1` was most likely meant as a store tag: say both places were tried.
      throw new OciError('NOT_FOUND', `${ref} is not in the store, and ${normalizedOr(ref)} could not be pulled: ${(e as Error).message}`, {
        input,
        hint: `ingest or pull ${ref} into the store first, or write the full registry reference`,
        cause: e,
      });
    }
    throw withInput(e, input);
  } finally {
    client.close();
  }
}

function normalizedOr(ref: string): string {
  try {
    return formatNormalized(normalize(ref));
  } catch {
    return ref;
  }
}
