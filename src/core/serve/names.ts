/**
 * Repository names and tags of the registry API, and how they map onto store tags.
 *
 * Mapping (decided here, documented in the README's serve section):
 * - `<name>` + `<tag>` is the store tag `<name>:<tag>`, as written. What `ingest` tagged
 *   `app:1` is `127.0.0.1:P/app:1`; a store tag written as a full ref `ghcr.io/o/r:t` is
 *   repository `ghcr.io/o/r`, tag `t` (its host is a valid name component).
 * - Store tags whose name is no valid `<name>` (a host with a port, `localhost:5000/x:1`)
 *   or that carry a digest are not exposed by tag (their manifests still are, by digest).
 * - A store tag written without a tag (`app`) is exposed as `app:latest` unless `app:latest`
 *   exists too.
 * - No normalisation: repository `alpine` is the store tags `alpine:*`, never
 *   `docker.io/library/alpine:*` (that one is repository `docker.io/library/alpine`).
 * - An entry exported by containerd is the store tag of its full name
 *   (`io.containerd.image.name`, Store.listTags): `docker.io/library/a:1` is repository
 *   `docker.io/library/a`, tag `1` — never repository `1` from its bare ref.name.
 *
 * Reference: distribution-spec "Pulling manifests" (the `<name>` and tag grammars).
 */
import { RegistryError } from './errors.js';

/** `<name>` (distribution-spec). */
export const NAME_RE = /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*)*$/;
/** A tag (distribution-spec). */
export const TAG_RE = /^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}$/;
/** Longest `<name>` accepted (the spec: the total length MUST be less than 256). */
export const NAME_MAX = 255;

/** True for a valid repository name. */
export function isName(name: string): boolean {
  return name.length <= NAME_MAX && NAME_RE.test(name);
}

/** Throw NAME_INVALID unless `name` is a valid repository name. */
export function checkName(name: string): void {
  if (!isName(name)) {
    throw new RegistryError('NAME_INVALID', `invalid repository name ${JSON.stringify(name)}`, {
      detail: { name },
    });
  }
}

/** True for a valid tag. */
export function isTag(tag: string): boolean {
  return TAG_RE.test(tag);
}

/** The store tag of a repository tag. */
export function storeRef(name: string, tag: string): string {
  return `${name}:${tag}`;
}

/**
 * The repository and tag a store tag is served as, or undefined when it is not exposed
 * (see the module comment).
 */
export function repoTagOf(ref: string): { name: string; tag: string; explicit: boolean } | undefined {
  if (ref.includes('@')) return undefined;
  const slash = ref.lastIndexOf('/');
  const colon = ref.lastIndexOf(':');
  let name = ref;
  let tag = 'latest';
  let explicit = false;
  if (colon > slash) {
    name = ref.slice(0, colon);
    tag = ref.slice(colon + 1);
    explicit = true;
  }
  if (!isName(name) || !isTag(tag)) return undefined;
  return { name, tag, explicit };
}
