/**
 * Creating the directories a user names (the store, an unpack target) without the two
 * traps of `mkdir(path, { recursive: true })`:
 *
 * - Under /proc (and other pseudo file systems) it never returns: mkdir of a child answers
 *   ENOENT although the parent exists, and Node's recursive mkdir retries the parent and
 *   the child forever.
 * - On a read-only file system it reports ENOENT instead of EROFS, so the user is told a
 *   directory is missing when it cannot be written.
 *
 * Here the parents are created one level at a time, each step bounded by the number of
 * path components, and every failure keeps its own errno (translated for the user by
 * errors.ts's `fromSystemError`).
 */
import { mkdir, stat, statfs } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { OciError, isErrno } from './errors.js';

/**
 * Linux file systems that hold no files of their own (statfs f_type): a store or an unpack
 * target there can never work. Reference: linux include/uapi/linux/magic.h.
 */
const PSEUDO_FILE_SYSTEMS: ReadonlyMap<number, string> = new Map([
  [0x9fa0, 'proc'],
  [0x62656572, 'sysfs'],
  [0x64626720, 'debugfs'],
  [0x74726163, 'tracefs'],
  [0x73636673, 'securityfs'],
  [0x27e0eb, 'cgroup'],
  [0x63677270, 'cgroup2'],
  [0xcafe4a11, 'bpf'],
  [0x1cd1, 'devpts'],
  [0x62656570, 'configfs'],
  [0x6165676c, 'pstore'],
  [0xde5e81e4, 'efivarfs'],
  [0x65735543, 'fusectl'],
  [0x42494e4d, 'binfmt_misc'],
  [0xf97cff8c, 'selinuxfs'],
  [0x19800202, 'mqueue'],
  [0x6e736673, 'nsfs'],
]);

/** The nearest directory of `path` (itself or an ancestor) that exists, and the missing rest, outermost first. */
async function existingAncestor(path: string): Promise<{ existing: string; missing: string[] }> {
  const missing: string[] = [];
  let p = resolve(path);
  // Bounded: each step drops one component, and the root always exists.
  for (;;) {
    try {
      await stat(p);
      return { existing: p, missing: missing.reverse() };
    } catch (e) {
      const parent = dirname(p);
      if (!isErrno(e, 'ENOENT') || parent === p) throw e;
      missing.push(p);
      p = parent;
    }
  }
}

/**
 * Refuse a location on a pseudo file system (/proc, /sys, cgroup…) with INVALID_INPUT
 * naming `input`: nothing can be stored there, and creating directories there is where
 * Node's recursive mkdir spins. Elsewhere (and off Linux) this does nothing.
 */
export async function checkLocation(path: string, input: string): Promise<void> {
  if (process.platform !== 'linux') return;
  let existing: string;
  try {
    ({ existing } = await existingAncestor(path));
  } catch {
    return; // an unreadable path fails later, with its own errno
  }
  let type: number;
  try {
    type = Number((await statfs(existing)).type);
  } catch {
    return;
  }
  const fs = PSEUDO_FILE_SYSTEMS.get(type);
  if (fs !== undefined) {
    throw new OciError('INVALID_INPUT', `${path} is under ${existing}, on a ${fs} pseudo file system that cannot hold files`, {
      input,
      hint: `point ${input} at a directory on a real disk (the workspace, $RUNNER_TEMP or ~/.cache)`,
    });
  }
}

/**
 * `mkdir -p`, one level at a time. Returns the directories it created, outermost first.
 * A directory another process creates meanwhile is fine. When a level cannot be created
 * although its parent exists and the file system gives no reason (ENOENT: a pseudo file
 * system), the error says so, naming `input` when given.
 */
export async function makeDirectory(path: string, options: { mode?: number; input?: string } = {}): Promise<string[]> {
  const { missing } = await existingAncestor(path);
  const created: string[] = [];
  for (const dir of missing) {
    try {
      await mkdir(dir, options.mode === undefined ? undefined : { mode: options.mode });
      created.push(dir);
    } catch (e) {
      if (isErrno(e, 'EEXIST')) continue; // made meanwhile; a file there fails the next level (ENOTDIR)
      if (isErrno(e, 'ENOENT') && (await isDirectory(dirname(dir)))) {
        throw new OciError('INVALID_INPUT', `cannot create ${dir}: ${dirname(dir)} does not allow new directories (a pseudo file system such as /proc or /sys?)`, {
          ...(options.input !== undefined ? { input: options.input } : {}),
          hint: `point ${options.input ?? 'it'} at a directory on a real disk`,
          cause: e,
        });
      }
      throw e;
    }
  }
  return created;
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}
