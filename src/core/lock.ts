/**
 * Cross-process lock files: `open(O_CREAT|O_EXCL)` of a file holding the owner's pid, host
 * and start time. A lock whose owner is gone (a dead pid on this host, or older than a
 * bound) is stale and taken over; a live one either fails fast (ingest refs, like
 * containerd's "ref … locked since …") or is waited for with a bounded backoff (index.json).
 *
 * Taking over a stale lock renames it aside and checks that what was moved is the very
 * file judged stale (same inode), so two processes recovering at once cannot remove a
 * fresh lock taken in between.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { link, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { OciError, isErrno, withPath } from './errors.js';

/** What a lock file holds. */
export interface LockInfo {
  pid: number;
  host: string;
  /** ISO time the lock was taken. */
  since: string;
}

/** Options of `acquireLock`. */
export interface LockOptions {
  /** What is locked, for messages (`index.json`, `ingest "upload-1"`). */
  what: string;
  /** How long to wait for a live lock; 0 = fail fast. */
  waitMs?: number;
  /**
   * A lock older than this is stale even when its pid seems alive (pid reuse, another
   * host). Default 10 minutes.
   */
  staleMs?: number;
  /** Hint of the LOCKED error. */
  hint?: string;
  /** Told when a stale lock is taken over. */
  onStale?: (info: LockInfo | undefined, path: string) => void;
}

/** A held lock; `release` is idempotent and never removes a lock it does not own. */
export interface Lock {
  readonly path: string;
  release(): Promise<void>;
}

const HOST = hostname();
/** A lock file without readable content this long after its creation is torn (this version never writes one): stale. */
const EMPTY_GRACE_MS = 2000;

/**
 * True when `pid` names a live process on this host. A zombie (killed, not yet reaped by
 * its parent) answers `kill(pid, 0)` but holds nothing any more: it counts as dead, so its
 * locks are stale at once.
 */
export function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (isZombie(pid)) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: alive but not ours.
    return isErrno(e, 'EPERM');
  }
}

/** True when /proc says `pid` is a zombie or dead (state Z or X); false when unknown. */
export function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.charAt(stat.lastIndexOf(')') + 2);
    return state === 'Z' || state === 'X';
  } catch {
    return false;
  }
}

/** Parse a lock file's content; undefined when empty or garbled. */
export function parseLockInfo(text: string): LockInfo | undefined {
  try {
    const v = JSON.parse(text) as Partial<LockInfo>;
    if (typeof v.pid === 'number' && typeof v.host === 'string' && typeof v.since === 'string') return v as LockInfo;
  } catch {
    /* garbled */
  }
  return undefined;
}

/** Read the current holder of a lock file; undefined when absent. */
export async function readLock(path: string): Promise<{ info: LockInfo | undefined; ino: number; mtimeMs: number } | undefined> {
  try {
    const st = await stat(path);
    const text = await readFile(path, 'utf8');
    return { info: parseLockInfo(text), ino: st.ino, mtimeMs: st.mtimeMs };
  } catch (e) {
    if (isErrno(e, 'ENOENT')) return undefined;
    throw e;
  }
}

function isStale(held: { info: LockInfo | undefined; mtimeMs: number }, staleMs: number, now: number): boolean {
  const { info } = held;
  if (info === undefined) return now - held.mtimeMs > EMPTY_GRACE_MS;
  const age = now - Date.parse(info.since);
  if (!(age <= staleMs)) return true; // also NaN: an unreadable time
  if (info.host === HOST) return info.pid !== process.pid && !pidAlive(info.pid);
  return false;
}

/**
 * Create the lock file with its content in one step: the content goes to a private temp
 * file that is then hard-linked to `path` (link fails with EEXIST instead of replacing).
 * A holder killed at any point leaves either no lock or a complete one naming its pid —
 * never an empty file that others must wait out. A temp file left by a kill is junk that
 * gc sweeps (root) or that goes with its ingest directory.
 */
async function tryCreate(path: string): Promise<{ ino: number } | undefined> {
  const info: LockInfo = { pid: process.pid, host: HOST, since: new Date().toISOString() };
  const tmp = `${path}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(tmp, JSON.stringify(info), { mode: 0o644, flag: 'wx' });
  } catch (e) {
    // The file may exist, empty: a full disk fails the write after the create.
    await unlink(tmp).catch(() => {});
    throw withPath(e, path);
  }
  try {
    const st = await stat(tmp);
    try {
      await link(tmp, path);
    } catch (e) {
      if (isErrno(e, 'EEXIST')) return undefined;
      throw e;
    }
    return { ino: st.ino };
  } finally {
    await unlink(tmp).catch(() => {});
  }
}

/**
 * Move a stale lock aside and delete it, unless what moved is not the file judged stale
 * (inode and content compared: inodes are reused quickly on some file systems).
 */
async function breakStale(path: string, stale: { info: LockInfo | undefined; ino: number }): Promise<void> {
  const aside = `${path}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await rename(path, aside);
  } catch (e) {
    if (isErrno(e, 'ENOENT')) return; // someone else broke it
    throw e;
  }
  const moved = await readLock(aside);
  const same =
    moved !== undefined &&
    moved.ino === stale.ino &&
    (moved.info === undefined ? stale.info === undefined : moved.info.pid === stale.info?.pid && moved.info.since === stale.info.since);
  if (same || moved === undefined) {
    await unlink(aside).catch(() => {});
    return;
  }
  // We moved a fresh lock taken after our look: put it back (unless yet another exists).
  // link() fails with EEXIST instead of replacing, unlike rename().
  await link(aside, path).catch(() => {});
  await unlink(aside).catch(() => {});
}

function describe(info: LockInfo | undefined): string {
  if (!info) return 'by a process that is still starting';
  return `since ${info.since} by pid ${info.pid}${info.host !== HOST ? ` on ${info.host}` : ''}`;
}

/**
 * Take the lock file at `path`. Waits up to `waitMs` (with jittered backoff) for a live
 * holder, then throws LOCKED naming the holder. Stale locks are taken over.
 */
export async function acquireLock(path: string, options: LockOptions): Promise<Lock> {
  const staleMs = options.staleMs ?? 10 * 60_000;
  const deadline = Date.now() + (options.waitMs ?? 0);
  let delay = 2;
  for (;;) {
    const created = await tryCreate(path);
    if (created) return heldLock(path, created.ino);
    const held = await readLock(path);
    if (held === undefined) continue; // released between our two looks
    if (isStale(held, staleMs, Date.now())) {
      options.onStale?.(held.info, path);
      await breakStale(path, held);
      continue;
    }
    if (Date.now() >= deadline) {
      throw new OciError('LOCKED', `${options.what} is locked ${describe(held.info)}`, {
        hint: options.hint ?? 'another oci-store process is using the store; wait for it to finish and retry',
      });
    }
    await new Promise((r) => setTimeout(r, delay + Math.random() * delay));
    delay = Math.min(delay * 2, 50);
  }
}

function heldLock(path: string, ino: number): Lock {
  let released = false;
  return {
    path,
    async release() {
      if (released) return;
      released = true;
      try {
        // Never remove a lock that was taken over from us (we were judged stale).
        const st = await stat(path);
        if (st.ino === ino) await unlink(path);
      } catch (e) {
        if (!isErrno(e, 'ENOENT')) throw e;
      }
    },
  };
}
