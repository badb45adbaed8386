/**
 * Image references, by docker's grammar and normalisation
 * (distribution/reference: `reference.go`, `normalize.go`).
 *
 *   reference := name [ ":" tag ] [ "@" digest ]
 *   name      := [domain "/"] path-component ("/" path-component)*
 *
 * A first component is a domain when it contains "." or ":", is "localhost", or has an
 * uppercase letter; otherwise the name is on docker.io, and a one-component docker.io
 * name lives under `library/`.
 */
import { OciError } from './errors.js';
import { parseDigest } from './digest.js';

/** The registry a name without a domain lives on. */
export const DEFAULT_REGISTRY = 'docker.io';
/** The host docker.io's API is actually served from. */
export const DOCKER_HUB_API_HOST = 'registry-1.docker.io';
/** The tag a reference without tag or digest means. */
export const DEFAULT_TAG = 'latest';

const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const DOMAIN_COMPONENT = /^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const PORT = /^[0-9]+$/;
const NAME_MAX = 255;

/** A reference as written, validated but not normalised. */
export interface Reference {
  /** The domain as written (`ghcr.io`, `localhost:5000`), undefined when absent. */
  domain?: string;
  /** The repository path as written (`app`, `o/r`). */
  path: string;
  tag?: string;
  digest?: string;
}

/** A reference with docker's defaults applied: always a registry, a repository, and a tag or digest. */
export interface NormalizedReference {
  /** Registry host[:port] (`docker.io` for Docker Hub). */
  registry: string;
  /** Repository (`library/alpine`). */
  repository: string;
  tag?: string;
  digest?: string;
}

function invalid(ref: string, why: string, input?: string): OciError {
  return new OciError('INVALID_REFERENCE', `invalid reference ${JSON.stringify(ref)}: ${why}`, {
    input,
    hint: 'write a reference as [registry/]name[:tag][@sha256:digest], e.g. ghcr.io/owner/app:1 or app:1',
  });
}

function isDomain(component: string): boolean {
  return component.includes('.') || component.includes(':') || component === 'localhost' || component !== component.toLowerCase();
}

function validDomain(domain: string): boolean {
  let host = domain;
  let port: string | undefined;
  if (host.startsWith('[')) {
    const end = host.indexOf(']');
    if (end < 0) return false;
    const ipv6 = host.slice(1, end);
    if (!/^[0-9a-fA-F:.]+$/.test(ipv6)) return false;
    const rest = host.slice(end + 1);
    if (rest !== '') {
      if (!rest.startsWith(':')) return false;
      port = rest.slice(1);
    }
    host = '';
  } else {
    const colon = host.lastIndexOf(':');
    if (colon >= 0) {
      port = host.slice(colon + 1);
      host = host.slice(0, colon);
    }
    if (host === '' || !host.split('.').every((c) => DOMAIN_COMPONENT.test(c))) return false;
  }
  if (port !== undefined && (!PORT.test(port) || Number(port) > 65535)) return false;
  return true;
}

/**
 * Parse a reference as written. Throws INVALID_REFERENCE (attributed to `input` when
 * given) for anything docker would refuse.
 */
export function parseReference(ref: string, input?: string): Reference {
  if (typeof ref !== 'string' || ref.trim() === '') throw invalid(String(ref), 'it is empty', input);
  if (ref !== ref.trim() || /\s/.test(ref)) throw invalid(ref, 'it contains whitespace', input);
  let rest = ref;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    try {
      parseDigest(digest);
    } catch (e) {
      throw invalid(ref, (e as Error).message, input);
    }
  }
  let tag: string | undefined;
  const slash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > slash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) throw invalid(ref, `tag ${JSON.stringify(tag)} is not valid (letters, digits, _ . -; at most 128; not starting with . or -)`, input);
  }
  if (rest === '') throw invalid(ref, 'the name is empty', input);
  if (rest.length > NAME_MAX) throw invalid(ref, `the name is longer than ${NAME_MAX} characters`, input);
  const parts = rest.split('/');
  let domain: string | undefined;
  if (parts.length > 1 && isDomain(parts[0]!)) {
    domain = parts.shift()!;
    if (!validDomain(domain)) throw invalid(ref, `registry host ${JSON.stringify(domain)} is not valid`, input);
  }
  for (const p of parts) {
    if (!PATH_COMPONENT.test(p)) {
      const why = p !== p.toLowerCase() ? 'repository names must be lowercase' : `path component ${JSON.stringify(p)} is not valid`;
      throw invalid(ref, why, input);
    }
  }
  const out: Reference = { path: parts.join('/') };
  if (domain !== undefined) out.domain = domain;
  if (tag !== undefined) out.tag = tag;
  if (digest !== undefined) out.digest = digest;
  return out;
}

/** Apply docker's defaults: docker.io, `library/`, and `latest` when neither tag nor digest. */
export function normalize(ref: Reference | string, input?: string): NormalizedReference {
  const r = typeof ref === 'string' ? parseReference(ref, input) : ref;
  let registry = r.domain ?? DEFAULT_REGISTRY;
  if (registry === 'index.docker.io' || registry === DOCKER_HUB_API_HOST) registry = DEFAULT_REGISTRY;
  let repository = r.path;
  if (registry === DEFAULT_REGISTRY && !repository.includes('/')) repository = `library/${repository}`;
  const out: NormalizedReference = { registry, repository };
  if (r.tag !== undefined) out.tag = r.tag;
  if (r.digest !== undefined) out.digest = r.digest;
  if (out.tag === undefined && out.digest === undefined) out.tag = DEFAULT_TAG;
  return out;
}

/** `registry/repository[:tag][@digest]`. */
export function formatNormalized(r: NormalizedReference): string {
  return `${r.registry}/${r.repository}${r.tag !== undefined ? `:${r.tag}` : ''}${r.digest !== undefined ? `@${r.digest}` : ''}`;
}

/** `[domain/]path[:tag][@digest]` as written. */
export function formatReference(r: Reference): string {
  return `${r.domain !== undefined ? `${r.domain}/` : ''}${r.path}${r.tag !== undefined ? `:${r.tag}` : ''}${r.digest !== undefined ? `@${r.digest}` : ''}`;
}

/** The normalised string form of a reference (`app:1` → `docker.io/library/app:1`). */
export function normalizedString(ref: string, input?: string): string {
  return formatNormalized(normalize(ref, input));
}

/**
 * True when `ref` names a repository only: no tag and no digest (`ghcr.io/o/app`). As a
 * push target that means push by digest (buildx's `push-by-digest`): the manifest goes to
 * the repository without moving any tag. False for anything that does not parse.
 */
export function isRepositoryOnly(ref: string): boolean {
  try {
    const r = parseReference(ref);
    return r.tag === undefined && r.digest === undefined;
  } catch {
    return false;
  }
}

/** `ref` (a repository as written) pinned to `digest`: `ghcr.io/o/app@sha256:…`. */
export function withDigest(ref: string, digest: string): string {
  const r = parseReference(ref);
  return formatReference({ ...(r.domain !== undefined ? { domain: r.domain } : {}), path: r.path, digest });
}

/** True when the reference names a registry host explicitly. */
export function hasRegistry(ref: string): boolean {
  return parseReference(ref).domain !== undefined;
}

/** True for hosts reached over plain HTTP without asking: loopback addresses and localhost. */
export function isLoopbackHost(registry: string): boolean {
  const host = registry.startsWith('[') ? registry.slice(1, registry.indexOf(']')) : registry.replace(/:\d+$/, '');
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}
