/**
 * The registry's error model: distribution-spec error codes with their HTTP statuses, and
 * the mapping from the store's OciError codes.
 *
 * Reference: https://github.com/opencontainers/distribution-spec/blob/main/spec.md#error-codes
 * (RANGE_INVALID, TAG_INVALID and PAGINATION_NUMBER_INVALID are distribution's, which
 * clients know too).
 */
import { isOciError } from '../errors.js';

/** Error codes a response body can carry, with their default status. */
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
  RANGE_INVALID: 416,
  TAG_INVALID: 400,
  PAGINATION_NUMBER_INVALID: 400,
  UNKNOWN: 500,
} as const;

/** A distribution-spec error code. */
export type RegistryErrorCode = keyof typeof REGISTRY_ERRORS;

/** A failure answered with `{"errors":[{code,message,detail}]}` and an HTTP status. */
export class RegistryError extends Error {
  readonly code: RegistryErrorCode;
  readonly status: number;
  readonly detail: unknown;
  /** Extra response headers (Range on a 416, Allow on a 405…). */
  readonly headers: Record<string, string>;
  /** Further errors of the same response (one MANIFEST_BLOB_UNKNOWN per missing blob). */
  readonly more: RegistryError[];

  constructor(
    code: RegistryErrorCode,
    message: string,
    options: { status?: number; detail?: unknown; headers?: Record<string, string>; cause?: unknown; more?: RegistryError[] } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'RegistryError';
    this.code = code;
    this.status = options.status ?? REGISTRY_ERRORS[code];
    this.detail = options.detail;
    this.headers = options.headers ?? {};
    this.more = options.more ?? [];
  }

  /** The JSON body of the response. */
  body(): { errors: Array<{ code: string; message: string; detail?: unknown }> } {
    return {
      errors: [this, ...this.more].map((err) => {
        const e: { code: string; message: string; detail?: unknown } = { code: err.code, message: err.message };
        if (err.detail !== undefined) e.detail = err.detail;
        return e;
      }),
    };
  }
}

/**
 * The registry error for any failure: a RegistryError as is; a store error by its code
 * (`fallback` says what a NOT_FOUND means where it happened); anything else is a 500.
 */
export function toRegistryError(err: unknown, fallback: RegistryErrorCode = 'BLOB_UNKNOWN'): RegistryError {
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
  return new RegistryError('UNKNOWN', message, { cause: err });
}
