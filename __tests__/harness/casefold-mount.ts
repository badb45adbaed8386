/**
 * A real case-insensitive, normalisation-insensitive mount for unpack tests: the FUSE
 * passthrough in casefold-fs.py (what macOS APFS does to names), started on a temp
 * directory and torn down by the tests.
 *
 * Policy: where /dev/fuse is absent (a container without FUSE) the tests that need the
 * mount are skipped with a loud warning — nothing can mount there. Where /dev/fuse exists
 * the mount must work: a failure to mount fails the tests (as root, or with fusermount).
 * It needs Debian's python3-fuse, run by /usr/bin/python3 (installed by .ci/run).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), 'casefold-fs.py');
const PYTHON = '/usr/bin/python3';

/** True where a FUSE file system can be mounted at all. */
export const fuseAvailable = existsSync('/dev/fuse');

/** A mounted case-folding file system. */
export interface CaseFoldMount {
  /** The mount point: create test trees under it. */
  dir: string;
  /** The backing directory (what is really on disk). */
  backing: string;
  close(): Promise<void>;
}

function mounted(dir: string): boolean {
  return readFileSync('/proc/mounts', 'utf8')
    .split('\n')
    .some((l) => l.split(' ')[1] === dir);
}

/** Mount a fresh case-folding file system; throws (with the harness's stderr) when it cannot. */
export async function mountCaseFold(): Promise<CaseFoldMount> {
  const base = await mkdtemp(join(tmpdir(), 'oci-casefold-'));
  const backing = join(base, 'backing');
  const dir = join(base, 'mnt');
  await mkdir(backing);
  await mkdir(dir);
  const opts = [`root=${backing}`, 'entry_timeout=0', 'attr_timeout=0', 'negative_timeout=0', 'use_ino'].join(',');
  const child: ChildProcess = spawn(PYTHON, [SCRIPT, dir, '-f', '-o', opts], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  let exited = false;
  child.once('exit', () => (exited = true));
  // Poll for the mount; a harness that exits or never mounts is a failure with its stderr.
  for (let i = 0; i < 200 && !mounted(dir); i++) {
    if (exited) break;
    await sleep(50);
  }
  if (!mounted(dir)) {
    child.kill('SIGKILL');
    await rm(base, { recursive: true, force: true });
    throw new Error(`the case-folding FUSE file system did not mount (${PYTHON} ${SCRIPT}); /dev/fuse exists, so this is a failure: ${stderr.trim() || 'no output'}`);
  }
  return {
    dir,
    backing,
    close: async () => {
      const done = exited ? Promise.resolve() : new Promise<void>((r) => child.once('exit', () => r()));
      try {
        await promisify(execFile)(process.getuid?.() === 0 ? 'umount' : 'fusermount', process.getuid?.() === 0 ? [dir] : ['-u', dir]);
      } catch {
        child.kill('SIGKILL');
      }
      await done;
      await rm(base, { recursive: true, force: true });
    },
  };
}
