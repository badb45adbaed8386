/**
 * One walk of the image graph (in the manner of containerd's `images.Walk` with handlers):
 * from some roots, each descriptor is handed to a handler, and the children of a manifest
 * or index are found by media type and walked in turn — each digest once, a bounded number
 * at a time. gc's mark, verify's check of each descriptor, serve's reachability, push's mount
 * hints, the metadata of an index, the Docker-content check of conversion and copy's count of
 * a skipped subgraph are handlers of it.
 *
 * Reference: image-spec manifest.md (config, layers, subject), image-index.md (manifests,
 * platform).
 */
import { OciError, isOciError, type ErrorCode } from './errors.js';
import { platformMatches } from './platform.js';
import { isIndexMediaType, isManifestMediaType, type Descriptor, type ImageIndex, type Manifest, type Platform } from './types/oci.js';

/** What reads a manifest or index: the store, a remote repository. */
export interface ManifestFetcher {
  readJSON<T>(desc: Descriptor): Promise<T>;
}

/** A handler's answer that leaves the node's children unwalked (as returning `false`). */
export const SKIP_CHILDREN: unique symbol = Symbol('walk: skip children');

/** Nothing (walk on), or `false` / SKIP_CHILDREN (do not walk this node's children). */
export type WalkAnswer = void | undefined | boolean | typeof SKIP_CHILDREN;

/** A node of the walk: its descriptor and how it was reached. */
export interface WalkNode {
  descriptor: Descriptor;
  /** The root it was reached from. */
  root: Descriptor;
  /** Its ancestors, the root first (empty for a root). */
  path: readonly Descriptor[];
}

export type WalkHandler = (node: WalkNode) => WalkAnswer | Promise<WalkAnswer>;

/** Options of {@link walk}. */
export interface WalkOptions {
  /**
   * Walk only the children of an index whose platform matches one of these (a child
   * without a platform is always walked, as containerd's FilterPlatforms).
   */
  platforms?: readonly Platform[];
  /** Walk a manifest's or index's `subject` too (default false: only what it contains). */
  subject?: boolean;
  /** Nodes handled at once (default 8). With 1, nodes are handled in breadth-first order. */
  concurrency?: number;
  /**
   * What makes two descriptors one node (default: the digest). verify keys by media type,
   * size and digest too, since a descriptor's own size or type can be wrong where another
   * descriptor of the same blob is right, and each must be checked.
   */
  key?: (desc: Descriptor) => string;
  /** Find a node's children another way (e.g. to remember them); the default reads it by media type. */
  children?: (desc: Descriptor) => Promise<Descriptor[]>;
  /**
   * Called when a manifest or index cannot be read: its children are then skipped and the
   * walk goes on. Without it the walk stops with that WalkError.
   */
  onError?: (error: WalkError) => void;
}

/** A manifest or index of the walk that could not be read, with the path it was reached by. */
export class WalkError extends OciError {
  readonly descriptor: Descriptor;
  readonly root: Descriptor;
  readonly path: readonly Descriptor[];

  constructor(node: WalkNode, cause: unknown) {
    const code: ErrorCode = isOciError(cause) ? cause.code : 'INVALID_MANIFEST';
    const via = [...node.path, node.descriptor].map((d) => d.digest).join(' → ');
    super(code, `${(cause as Error)?.message ?? String(cause)} (reached by ${via})`, {
      cause,
      hint: isOciError(cause) && cause.hint !== undefined ? cause.hint : `pull or ingest the image of ${node.root.digest} again`,
    });
    this.descriptor = node.descriptor;
    this.root = node.root;
    this.path = node.path;
  }
}

/**
 * The direct children of `desc` by its media type: a manifest's config and layers, an
 * index's manifests, and with `subject` the subject of either; nothing for other blobs.
 */
export async function childrenOf(fetcher: ManifestFetcher, desc: Descriptor, subject = false): Promise<Descriptor[]> {
  if (!isManifestMediaType(desc.mediaType) && !isIndexMediaType(desc.mediaType)) return [];
  return childrenOfDocument(desc, await fetcher.readJSON<Partial<Manifest & ImageIndex>>(desc), subject);
}

/**
 * The direct children of `desc` from its document already read and parsed (a caller that
 * needs the bytes too, as graph copy): the same rule as {@link childrenOf}.
 */
export function childrenOfDocument(desc: Descriptor, doc: Partial<Manifest & ImageIndex>, subject = false): Descriptor[] {
  const out: Descriptor[] = [];
  if (isManifestMediaType(desc.mediaType)) {
    if (doc.config) out.push(doc.config);
    if (Array.isArray(doc.layers)) out.push(...doc.layers);
  } else if (isIndexMediaType(desc.mediaType)) {
    if (Array.isArray(doc.manifests)) out.push(...doc.manifests);
  } else {
    return out;
  }
  if (subject && doc.subject) out.push(doc.subject);
  // A null or scalar entry of a hand-written manifest is no descriptor to walk.
  return out.filter((c) => typeof c === 'object' && c !== null);
}

/**
 * Walk the graphs under `roots`: `handler` sees each descriptor once (by digest, or by
 * `key`; the first path that reaches it), then, unless it answers `false` or SKIP_CHILDREN,
 * the node's children are walked. A handler's error stops the walk and is thrown as it is;
 * so is, without `onError`, the WalkError of an unreadable manifest or index. Resolves when
 * every node has been handled.
 */
export async function walk(fetcher: ManifestFetcher, roots: Iterable<Descriptor>, handler: WalkHandler, options: WalkOptions = {}): Promise<void> {
  const limit = options.concurrency ?? 8;
  if (!Number.isInteger(limit) || limit < 1) {
    throw new OciError('INVALID_INPUT', `walk concurrency must be a whole number of at least 1, not ${limit}`, { hint: 'pass concurrency: 1 or more' });
  }
  const children = options.children ?? ((d: Descriptor) => childrenOf(fetcher, d, options.subject ?? false));
  const platforms = options.platforms;
  const keyOf = options.key ?? ((d: Descriptor) => d.digest);
  const seen = new Set<string>();
  // A queue with a head index: shift() would make a walk of many roots quadratic.
  const queue: WalkNode[] = [];
  let head = 0;
  const enqueue = (descriptor: Descriptor, root: Descriptor, path: readonly Descriptor[]): void => {
    const key = keyOf(descriptor);
    if (seen.has(key)) return;
    seen.add(key);
    queue.push({ descriptor, root, path });
  };
  for (const r of roots) enqueue(r, r, []);

  const visit = async (node: WalkNode): Promise<void> => {
    const answer = await handler(node);
    if (answer === false || answer === SKIP_CHILDREN) return;
    const d = node.descriptor;
    const isIndex = isIndexMediaType(d.mediaType);
    if (!isIndex && !isManifestMediaType(d.mediaType)) return;
    let found: Descriptor[];
    try {
      found = await children(d);
    } catch (e) {
      const error = new WalkError(node, e);
      if (!options.onError) throw error;
      options.onError(error);
      return;
    }
    const path = [...node.path, d];
    for (const c of found) {
      if (isIndex && platforms && c.platform && !platforms.some((p) => platformMatches(p, c.platform!))) continue;
      enqueue(c, node.root, path);
    }
  };

  let active = 0;
  let failed = false;
  let failure: unknown;
  await new Promise<void>((resolve, reject) => {
    const pump = (): void => {
      if (failed) {
        if (active === 0) reject(failure);
        return;
      }
      while (active < limit && head < queue.length) {
        const node = queue[head]!;
        queue[head++] = undefined as unknown as WalkNode; // let handled nodes go
        active++;
        visit(node).then(
          () => {
            active--;
            pump();
          },
          (e: unknown) => {
            active--;
            if (!failed) {
              failed = true;
              failure = e;
            }
            pump();
          },
        );
      }
      if (active === 0 && head >= queue.length) resolve();
    };
    pump();
  });
}
