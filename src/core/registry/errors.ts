/**
 * Registry error responses → OciError codes.
 *
 * Reference: distribution-spec spec.md "Error Codes" — a failed request answers
 * `{"errors":[{"code","message","detail"}]}`; callers match our code, never the text.
 */
import { OciError, type ErrorCode } from '../errors.js';
import { readBody, type HttpResponse } from './http.js';

/** What the failed request was about, for the message. */
export interface ErrorContext {
  /** Normalised registry (`docker.io`, `ghcr.io`, `127.0.0.1:5000`). */
  registry: string;
  repository: string;
  /** What was asked for: `manifest 1.0`, `blob sha256:…`, `upload`. */
  what: string;
  /** Whether the request read or wrote. */
  op: 'pull' | 'push';
  /** Removes secrets from text that the registry echoes (the client's Redactor). */
  redact?: (text: string) => string;
}

/** One entry of a registry error body. */
export interface RegistryErrorEntry {
  code?: string;
  message?: string;
  detail?: unknown;
}

/** Parse an error body; tolerant of registries that answer HTML or nothing. */
export function parseErrorBody(body: Buffer): RegistryErrorEntry[] {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as { errors?: unknown };
    if (Array.isArray(parsed.errors)) return parsed.errors.filter((e): e is RegistryErrorEntry => typeof e === 'object' && e !== null);
  } catch {
    // not JSON
  }
  return [];
}

function clip(text: string, max = 200): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > max ? one.slice(0, max) + '…' : one;
}

/** Read the error body of `res` and build the OciError for it. */
export async function registryError(res: HttpResponse, ctx: ErrorContext): Promise<OciError> {
  let entries: RegistryErrorEntry[] = [];
  if (res.body.readable) {
    try {
      entries = parseErrorBody(await readBody(res, 64 * 1024));
    } catch {
      res.body.destroy();
    }
  }
  return errorFor(res.status, entries, ctx);
}

/** The OciError for a status and error entries. */
export function errorFor(status: number, entries: RegistryErrorEntry[], ctx: ErrorContext): OciError {
  const redact = ctx.redact ?? ((t: string) => t);
  const first = entries[0];
  const code = first?.code?.toUpperCase();
  const said = first?.message ? `: ${clip(redact(first.message))}` : '';
  const repo = `${ctx.registry}/${ctx.repository}`;
  // The registry's text can echo the Authorization header it got: redacted before clipping
  // (a clipped secret no longer matches), and the whole message once more.
  const make = (c: ErrorCode, message: string, hint: string): OciError => new OciError(c, redact(message), { hint: redact(hint) });

  if (code === 'DENIED' || status === 403) {
    return make(
      'DENIED',
      `registry ${ctx.registry} denied ${ctx.op} access to ${ctx.repository}${said}`,
      ctx.op === 'push'
        ? `check that the credentials may push to ${repo} (a GitHub token needs packages: write)`
        : `check that the credentials may pull ${repo}`,
    );
  }
  if (code === 'UNAUTHORIZED' || status === 401) {
    return make('UNAUTHORIZED', `registry ${ctx.registry} refused ${ctx.op} of ${ctx.repository}${said}`, 'set username and password, or log in before this step');
  }
  if (code === 'NAME_UNKNOWN') {
    return make('NAME_UNKNOWN', `repository ${repo} does not exist`, 'check the repository name in the reference');
  }
  if (code === 'TOOMANYREQUESTS' || status === 429) {
    return make('REGISTRY_ERROR', `registry ${ctx.registry} rate-limited the request for ${ctx.what}${said}`, 'log in to raise the limit, or retry later');
  }
  if (code === 'MANIFEST_UNKNOWN' || code === 'BLOB_UNKNOWN' || status === 404) {
    return make('NOT_FOUND', `${ctx.what} not found in ${repo}`, 'check the tag or digest');
  }
  if (code === 'MANIFEST_INVALID' || code === 'MANIFEST_BLOB_UNKNOWN' || code === 'MANIFEST_UNVERIFIED') {
    return make('INVALID_MANIFEST', `registry ${ctx.registry} rejected ${ctx.what}${said}`, 'the manifest refers to content the registry lacks or is malformed');
  }
  if (code === 'DIGEST_INVALID') {
    return make('DIGEST_MISMATCH', `registry ${ctx.registry} computed a different digest for ${ctx.what}${said}`, 'the content changed while it was sent; retry');
  }
  if (code === 'SIZE_INVALID') {
    return make('SIZE_MISMATCH', `registry ${ctx.registry} got a different size for ${ctx.what}${said}`, 'the content changed while it was sent; retry');
  }
  if (code === 'UNSUPPORTED' || status === 415) {
    return make('UNSUPPORTED_MEDIA_TYPE', `registry ${ctx.registry} does not support ${ctx.what}${said}`, 'the registry may not accept this media type');
  }
  if (status === 413) {
    return make('TOO_LARGE', `registry ${ctx.registry} refused ${ctx.what} as too large`, 'the registry limits the size of this content');
  }
  if (status >= 500) {
    return make('REGISTRY_ERROR', `registry ${ctx.registry} failed on ${ctx.what}: HTTP ${status}${said}`, 'the registry had a problem; retry later');
  }
  return make('REGISTRY_ERROR', `registry ${ctx.registry} answered HTTP ${status} for ${ctx.what}${said}`, 'see the registry documentation for this error');
}
