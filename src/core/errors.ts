/**
 * Errors with codes. Callers match `code`, never the message text.
 *
 * Every error that reaches a user names what was wrong (`input`, when an action input or
 * CLI flag is at fault) and how to fix it (`hint`).
 */
import { sep } from 'node:path';

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
  | 'NOT_IMPLEMENTED'
  // File-system failures, from fromSystemError:
  | 'NO_SPACE'
  | 'READ_ONLY'
  | 'PERMISSION_DENIED'
  | 'NAME_TOO_LONG'
  | 'TOO_MANY_OPEN_FILES'
  | 'FILE_SYSTEM';

/**
 * The action input or CLI flag an error is blamed on (`ref`, `platform`). A plain name: the
 * library knows no list of inputs — the command layer does (commands/options.ts).
 */
export type InputName = string;

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

/**
 * One line for a user: `input: message. hint` — no stack, no cause chain. A raw Node
 * system error is translated first (fromSystemError); any word longer than a screen line
 * (a 4 KB path in some message) is shortened in the middle.
 */
export function formatError(err: unknown): string {
  const e = fromSystemError(err);
  let line: string;
  if (e instanceof OciError) {
    const parts = [e.input ? `${e.input}: ${e.message}` : e.message];
    if (e.hint) parts.push(e.hint);
    line = parts.map((p) => p.replace(/[.\s]+$/, '')).join('. ') + '.';
  } else if (e instanceof Error) {
    line = e.message;
  } else {
    line = String(e);
  }
  return line.replace(/\S{201,}/g, (w) => shortenPath(w));
}

/** A path (or any long word) cut in the middle to at most `max` characters: `/home/u/…/last/parts`. */
export function shortenPath(path: string, max = 120): string {
  if (path.length <= max) return path;
  const head = Math.floor((max - 1) * 0.4);
  const tail = max - 1 - head;
  return `${path.slice(0, head)}…${path.slice(path.length - tail)}`;
}

/**
 * Record on a system error the file it concerns when Node left it out (a failed `write`
 * on a handle carries no path): `err` itself, for rethrowing.
 */
export function withPath<T>(err: T, path: string): T {
  if (isErrno(err, (err as NodeJS.ErrnoException).code as string) && (err as NodeJS.ErrnoException).path === undefined) {
    (err as NodeJS.ErrnoException).path = path;
  }
  return err;
}

/** Where a command's files are: lets a system error name the input at fault. */
export interface ErrorPlaces {
  /** Directories named by inputs, e.g. `{ input: 'store', path: '/home/u/.cache/oci-store' }`. */
  places?: ReadonlyArray<{ input: string; path: string }>;
  /** The input to blame when the error carries no path (ENOSPC on a write). */
  input?: string;
}

/** `a` is `b` or inside it. */
function within(a: string, b: string): boolean {
  const base = b.endsWith(sep) ? b : b + sep;
  return a === b || a.startsWith(base);
}

/** What a system call was doing, in words. */
const DOING: Record<string, string> = {
  open: 'open',
  mkdir: 'create the directory',
  rmdir: 'remove the directory',
  unlink: 'remove',
  rename: 'rename',
  link: 'link',
  symlink: 'create the symlink',
  scandir: 'list',
  stat: 'read',
  lstat: 'read',
  read: 'read',
  write: 'write',
  copyfile: 'copy',
  chmod: 'change the mode of',
  utime: 'set the times of',
  chown: 'change the owner of',
  fsync: 'flush',
  fdatasync: 'flush',
  ftruncate: 'truncate',
  readlink: 'read the link',
  realpath: 'resolve',
  access: 'access',
  statfs: 'read',
};

/** Node network errnos, reported as NETWORK. */
const NETWORK_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'ECONNABORTED']);

/**
 * Translate a raw Node system error (`err.code` like ENOSPC, EROFS, EACCES…) into one
 * OciError that names the input at fault (the place holding `err.path`, else
 * `places.input`), says what happened with the path shortened, and how to fix it. The
 * original error is kept as `cause`. Anything else is returned unchanged.
 */
export function fromSystemError(err: unknown, where: ErrorPlaces = {}): unknown {
  // Duck-typed: errors raised by Node may come from another realm (vm contexts), where instanceof fails.
  if (err instanceof OciError || typeof err !== 'object' || err === null) return err;
  const e = err as NodeJS.ErrnoException & { address?: string; port?: number; hostname?: string };
  const code = e.code;
  // System errors carry an errno name and the failed call; Node's own ERR_* codes are not ours to reword.
  if (typeof code !== 'string' || !/^E[A-Z0-9_]+$/.test(code) || code.startsWith('ERR_')) return err;
  if (typeof e.syscall !== 'string' && !NETWORK_ERRNOS.has(code)) return err;
  const path = typeof e.path === 'string' ? e.path : undefined;
  const place = path !== undefined ? where.places?.find((p) => within(path, p.path) || within(p.path, path)) : undefined;
  const input = place?.input ?? (path === undefined ? where.input : undefined);
  const opts = (hint: string): OciErrorOptions => ({ ...(input !== undefined ? { input } : {}), hint, cause: err });
  const short = path !== undefined ? shortenPath(path) : undefined;
  const doing = DOING[e.syscall ?? ''] ?? e.syscall ?? 'use';
  const placePath = input !== undefined ? where.places?.find((p) => p.input === input)?.path : undefined;
  const target = short !== undefined ? `${doing} ${short}` : placePath !== undefined ? `${doing} in ${shortenPath(placePath)}` : doing;
  const them = input ?? 'it';
  if (NETWORK_ERRNOS.has(code)) {
    const peer = e.hostname ?? (e.address !== undefined ? `${e.address}${e.port !== undefined ? `:${e.port}` : ''}` : 'the server');
    return new OciError('NETWORK', `${peer}: ${ERRNO_NETWORK_TEXT[code] ?? code}`, opts('check the address, that the server runs and is reachable from here, and retry'));
  }
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return new OciError('NO_SPACE', `${code === 'EDQUOT' ? 'disk quota exceeded' : 'no space left on the device'}: cannot ${target}`, opts(`free disk space (gc removes unreferenced blobs from a store), or point ${them} at a larger disk`));
    case 'EROFS':
      return new OciError('READ_ONLY', `cannot ${target}: the file system is read-only`, opts(`point ${them} at a writable directory`));
    case 'EACCES':
    case 'EPERM':
      return new OciError('PERMISSION_DENIED', `permission denied: cannot ${target}`, opts(`give this user${typeof process.getuid === 'function' ? ` (uid ${process.getuid()})` : ''} access to it, or point ${them} at a directory it owns`));
    case 'ENAMETOOLONG':
      return new OciError('NAME_TOO_LONG', `a path${path !== undefined ? ` of ${path.length} characters` : ''} is too long for the file system: cannot ${target}`, opts(`use a shorter ${input ?? 'path'} (or shorter file names)`));
    case 'EMFILE':
    case 'ENFILE':
      return new OciError('TOO_MANY_OPEN_FILES', `too many open files: cannot ${target}`, opts('raise the open-file limit (ulimit -n), or run fewer oci-store commands at once'));
    case 'ENOENT':
      return new OciError('NOT_FOUND', `cannot ${target}: it does not exist`, opts(`check ${them}, and that nothing else removes it while oci-store runs`));
    default:
      return new OciError('FILE_SYSTEM', `cannot ${target}: ${ERRNO_TEXT[code] ?? `${code.toLowerCase()} error`}`, opts(ERRNO_HINT[code] ?? `check ${them} and the file system holding it, then retry`));
  }
}

/** What the other errnos mean, in words (the message part after `cannot …:`). */
const ERRNO_TEXT: Record<string, string> = {
  ENOSPC: 'no space left',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'read-only file system',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENAMETOOLONG: 'name too long',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files in the system',
  ENOENT: 'it does not exist',
  ENOTDIR: 'a part of the path is a file, not a directory',
  EISDIR: 'it is a directory',
  EEXIST: 'it already exists',
  ENOTEMPTY: 'the directory is not empty',
  ELOOP: 'too many levels of symbolic links',
  EIO: 'input/output error',
  EBUSY: 'it is busy',
  ETXTBSY: 'it is a running program',
  EXDEV: 'it is on another file system',
  EMLINK: 'too many links',
  EFBIG: 'the file is too large for the file system',
  EINVAL: 'the file system does not support this',
  ENOTSUP: 'the file system does not support this',
  EOPNOTSUPP: 'the file system does not support this',
  ENXIO: 'no such device',
  ENODEV: 'no such device',
  ESTALE: 'stale network file handle',
};

const ERRNO_HINT: Record<string, string> = {
  ENOTDIR: 'remove the file that stands where a directory is needed, or choose another path',
  EIO: 'the disk or network file system failed; check it and retry',
  ESTALE: 'the network file system dropped the file; retry',
  EXDEV: 'keep the store and its temporary files on one file system',
  EFBIG: 'use a file system that allows larger files',
};

const ERRNO_NETWORK_TEXT: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'the connection was reset',
  ETIMEDOUT: 'the connection timed out',
  ENOTFOUND: 'the host name does not resolve',
  EAI_AGAIN: 'the host name could not be resolved (DNS unavailable)',
  EHOSTUNREACH: 'the host is unreachable',
  ENETUNREACH: 'the network is unreachable',
  EPIPE: 'the connection was closed while sending',
  ECONNABORTED: 'the connection was aborted',
};
