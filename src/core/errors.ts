/**
 * Errors with codes. Callers match `code`, never the message text.
 *
 * Every error that reaches a user names what was wrong (`input`, when an action input or
 * CLI flag is at fault) and how to fix it (`hint`).
 */

/** The codes an OciError can carry. */
export type ErrorCode =
  | 'NOT_FOUND'
  | 'ALREADY_EXISTS'
  | 'DIGEST_MISMATCH'
  | 'SIZE_MISMATCH'
  | 'INVALID_DIGEST'
  | 'INVALID_REFERENCE'
  | 'INVALID_PLATFORM'
  | 'INVALID_INPUT'
  | 'INVALID_MANIFEST'
  | 'INVALID_LAYER'
  | 'UNSAFE_ENTRY'
  | 'UNSUPPORTED_LAYOUT'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'CORRUPT_INDEX'
  | 'LOCKED'
  | 'TOO_LARGE'
  | 'INCOMPLETE'
  | 'PLATFORM_NOT_FOUND'
  | 'UNAUTHORIZED'
  | 'DENIED'
  | 'NAME_UNKNOWN'
  | 'REGISTRY_ERROR'
  | 'NETWORK'
  | 'ADDRESS_IN_USE'
  | 'CANCELLED'
  | 'NOT_IMPLEMENTED';

/** Options of an OciError. */
export interface OciErrorOptions {
  /** The action input / CLI flag at fault (e.g. `ref`, `layers`). */
  input?: string;
  /** What the user should do about it, one sentence. */
  hint?: string;
  /** The underlying error. */
  cause?: unknown;
}

/** An error with a stable code, the input at fault and a hint for the fix. */
export class OciError extends Error {
  readonly code: ErrorCode;
  readonly input?: string;
  readonly hint?: string;

  constructor(code: ErrorCode, message: string, options: OciErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'OciError';
    this.code = code;
    if (options.input !== undefined) this.input = options.input;
    if (options.hint !== undefined) this.hint = options.hint;
  }
}

/** True when `err` is an OciError, optionally with one of the given codes. */
export function isOciError(err: unknown, ...codes: ErrorCode[]): err is OciError {
  return err instanceof OciError && (codes.length === 0 || codes.includes(err.code));
}

/** True when `err` is a Node system error with the given errno code (ENOENT, EEXIST…). */
export function isErrno(err: unknown, ...codes: string[]): err is NodeJS.ErrnoException {
  return (
    typeof err === 'object' &&
    err !== null &&
    typeof (err as NodeJS.ErrnoException).code === 'string' &&
    codes.includes((err as NodeJS.ErrnoException).code as string)
  );
}

/**
 * Return a copy of `err` attributed to `input` when it has no input yet: lets a front end
 * say which input a core failure came from without the core knowing input names.
 */
export function withInput(err: unknown, input: string): unknown {
  if (err instanceof OciError && err.input === undefined) {
    const e = new OciError(err.code, err.message, { input, hint: err.hint, cause: err.cause });
    e.stack = err.stack;
    return e;
  }
  return err;
}

/** One line for a user: `input: message. hint` — no stack, no cause chain. */
export function formatError(err: unknown): string {
  if (err instanceof OciError) {
    const parts = [err.input ? `${err.input}: ${err.message}` : err.message];
    if (err.hint) parts.push(err.hint);
    return parts.map((p) => p.replace(/[.\s]+$/, '')).join('. ') + '.';
  }
  if (err instanceof Error) return err.message;
  return String(err);
}
