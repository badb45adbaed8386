/**
 * The registry's error model: distribution-spec error codes with their HTTP statuses, and
 * the mapping from the store's OciError codes.
 *
 * Only the spec's own codes go into a JSON error body: the spec says a 4XX body's `code`
 * MUST be one of them, so distribution's extras (RANGE_INVALID, TAG_INVALID,
 * PAGINATION_NUMBER_INVALID, UNKNOWN) are never sent. A fault of the server itself (5XX)
 * has no spec code and is answered as plain text.
 *
 * Reference: https://github.com/opencontainers/distribution-spec/blob/main/spec.md#error-codes
 */
import { isOciError } from '../errors.js';

/** The spec's error codes (code-1 … code-14), with their default status. */
export const REGISTRY_ERRORS = {
  BLOB_UNKNOWN: 404,
  BLOB_UPLOAD_INVALID: 400,
  BLOB_UPLOAD_UNKNOWN: 404,
  DIGEST_INVALID: 400,
  MANIFEST_BLOB_UNKNOWN: 400,
  MANIFEST_INVALID: 400,
  MANIFEST_UNKNOWN: 404,
  NAME_INVALID: 400,
  NAME_UNKNOWN: 404,
  SIZE_INVALID: 400,
  UNAUTHORIZED: 401,
  DENIED: 403,
  UNSUPPORTED: 405,
  TOOMANYREQUESTS: 429,
} as const;

/** A distribution-spec error code. */
export type RegistryErrorCode = keyof typeof REGISTRY_ERRORS;

/**
 * A failure answered with `{"errors":[{code,message,detail}]}` and an HTTP status, or — a
 * server fault, without a spec code (`RegistryError.fault`) — with a 5XX and its message
 * as plain text.
 */
export class RegistryError extends Error {
  /** The spec code; undefined for a server fault. */
  readonly code: RegistryErrorCode | undefined;
  readonly status: number;
  readonly detail: unknown;
  /** Extra response headers (Range on a 416, Allow on a 405…). */
  readonly headers: Record<string, string>;
  /** Further errors of the same response (one MANIFEST_BLOB_UNKNOWN per missing blob). */
  readonly more: RegistryError[];

  constructor(
    code: RegistryErrorCode | undefined,
    message: string,
    options: { status?: number; detail?: unknown; headers?: Record<string, string>; cause?: unknown; more?: RegistryError[] } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'RegistryError';
    this.code = code;
    this.status = options.status ?? (code === undefined ? 500 : REGISTRY_ERRORS[code]);
    this.detail = options.detail;
    this.headers = options.headers ?? {};
    this.more = options.more ?? [];
  }

  /** A fault of the server (500 unless `status` says otherwise), answered as plain text. */
  static fault(message: string, options: { status?: number; headers?: Record<string, string>; cause?: unknown } = {}): RegistryError {
    return new RegistryError(undefined, message, options);
  }

  /** The JSON body of the response: every error of it that has a spec code. */
  body(): { errors: Array<{ code: RegistryErrorCode; message: string; detail?: unknown }> } {
    const errors: Array<{ code: RegistryErrorCode; message: string; detail?: unknown }> = [];
    for (const err of [this, ...this.more]) {
      if (err.code === undefined) continue;
      const e: { code: RegistryErrorCode; message: string; detail?: unknown } = { code: err.code, message: err.message };
      if (err.detail !== undefined) e.detail = err.detail;
      errors.push(e);
    }
    return { errors };
  }
}

/**
 * The registry error for any failure: a RegistryError as is; a store error by its code
 * (`fallback` says what a NOT_FOUND means where it happened, undefined: a fault); anything
 * else is a fault (500).
 */
export function toRegistryError(err: unknown, fallback: RegistryErrorCode | undefined = 'BLOB_UNKNOWN'): RegistryError {
  if (err instanceof RegistryError) return err;
  if (isOciError(err)) {
    switch (err.code) {
      case 'NOT_FOUND':
        return new RegistryError(fallback, err.message, { cause: err });
      case 'INVALID_DIGEST':
      case 'DIGEST_MISMATCH':
        return new RegistryError('DIGEST_INVALID', err.message, { cause: err });
      case 'SIZE_MISMATCH':
        return new RegistryError('SIZE_INVALID', err.message, { cause: err });
      case 'INVALID_REFERENCE':
        return new RegistryError('NAME_INVALID', err.message, { cause: err });
      case 'INVALID_MANIFEST':
        return new RegistryError('MANIFEST_INVALID', err.message, { cause: err });
      case 'TOO_LARGE':
        return new RegistryError('SIZE_INVALID', err.message, { status: 413, cause: err });
      case 'LOCKED':
        // Another request (or process) holds the upload: retry later, like a 429.
        return new RegistryError('TOOMANYREQUESTS', err.message, { headers: { 'Retry-After': '1' }, cause: err });
      default:
        break;
    }
  }
  const message = err instanceof Error ? err.message : String(err);
  return RegistryError.fault(message, { cause: err });
}
