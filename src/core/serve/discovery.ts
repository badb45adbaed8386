/**
 * Content discovery: `tags/list`, `_catalog` and `referrers/<digest>`, plus the lookups of
 * repository tags among the store's tags (see names.ts for the mapping).
 *
 * Reference: distribution-spec "Listing Tags", "Listing Referrers"; distribution's
 * `_catalog` extension.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Descriptor, ImageIndex } from '../types/oci.js';
import { MediaType } from '../types/oci.js';
import { checkDigest } from './blobs.js';
import type { ServeContext } from './context.js';
import { RegistryError } from './errors.js';
import { nextLink, paginate, parsePageSize, sendJSON } from './http.js';
import { repoTagOf } from './names.js';

/** A repository tag and the store tag it comes from. */
export interface RepoTag {
  tag: string;
  /** The store tag as written (`app:1`, or `app` for an implicit `latest`). */
  ref: string;
  descriptor: Descriptor;
}

/** Every tag of repository `name` (an explicit `name:latest` wins over a bare `name`). */
export async function repoTags(ctx: ServeContext, name: string): Promise<Map<string, RepoTag>> {
  const out = new Map<string, RepoTag>();
  for (const t of await ctx.store.listTags()) {
    const rt = repoTagOf(t.ref);
    if (!rt || rt.name !== name) continue;
    if (!rt.explicit && out.has(rt.tag)) continue;
    out.set(rt.tag, { tag: rt.tag, ref: t.ref, descriptor: t.descriptor });
  }
  return out;
}

/** Every repository name the store's tags expose. */
export async function repositories(ctx: ServeContext): Promise<string[]> {
  const names = new Set<string>();
  for (const t of await ctx.store.listTags()) {
    const rt = repoTagOf(t.ref);
    if (rt) names.add(rt.name);
  }
  return [...names].sort();
}

/** GET `/v2/<name>/tags/list[?n=&last=]`: NAME_UNKNOWN when the repository has no tag. */
export async function listTags(ctx: ServeContext, req: IncomingMessage, res: ServerResponse, name: string, query: URLSearchParams): Promise<void> {
  const n = parsePageSize(query.get('n'));
  const last = query.get('last') ?? undefined;
  const tags = [...(await repoTags(ctx, name)).keys()].sort();
  if (tags.length === 0) throw new RegistryError('NAME_UNKNOWN', `repository ${name} is not known`, { detail: { name } });
  const page = paginate(tags, n, last);
  const headers: Record<string, string> = {};
  if (page.more && n !== undefined) headers['Link'] = nextLink(`/v2/${name}/tags/list`, n, page.items[page.items.length - 1]!);
  sendJSON(req, res, 200, { name, tags: page.items }, headers);
}

/** GET `/v2/_catalog[?n=&last=]`: the distinct repository names of the store's tags. */
export async function catalog(ctx: ServeContext, req: IncomingMessage, res: ServerResponse, query: URLSearchParams): Promise<void> {
  const n = parsePageSize(query.get('n'));
  const last = query.get('last') ?? undefined;
  const page = paginate(await repositories(ctx), n, last);
  const headers: Record<string, string> = {};
  if (page.more && n !== undefined) headers['Link'] = nextLink('/v2/_catalog', n, page.items[page.items.length - 1]!);
  sendJSON(req, res, 200, { repositories: page.items }, headers);
}

/**
 * GET `/v2/<name>/referrers/<digest>[?artifactType=]`: an OCI index of the manifests whose
 * `subject` is `<digest>` (an empty one when there are none; never 404), with
 * `OCI-Filters-Applied: artifactType` when filtered.
 */
export async function referrers(ctx: ServeContext, req: IncomingMessage, res: ServerResponse, digest: string, query: URLSearchParams): Promise<void> {
  checkDigest(digest);
  const artifactType = query.get('artifactType') ?? undefined;
  const subject: Descriptor = { mediaType: MediaType.ImageManifest, digest, size: (await ctx.size(digest)) ?? 0 };
  // The store computes each referrer's artifactType (an image manifest without one takes
  // its config's media type) and copies its annotations, as the spec asks.
  const found = await ctx.store.referrers(subject, artifactType);
  const seen = new Set<string>();
  const manifests: Descriptor[] = [];
  for (const d of found) {
    if (seen.has(d.digest) || (artifactType !== undefined && d.artifactType !== artifactType)) continue;
    seen.add(d.digest);
    manifests.push(d);
  }
  manifests.sort((a, b) => (a.digest < b.digest ? -1 : a.digest > b.digest ? 1 : 0));
  const index: ImageIndex = { schemaVersion: 2, mediaType: MediaType.ImageIndex, manifests };
  const headers: Record<string, string> = { 'Content-Type': MediaType.ImageIndex };
  if (artifactType !== undefined) headers['OCI-Filters-Applied'] = 'artifactType';
  sendJSON(req, res, 200, index, headers);
}
