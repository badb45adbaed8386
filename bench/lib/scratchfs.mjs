/**
 * The file system the benches write to (bench/.work/tmp: stores, unpacked trees, pulls).
 *
 * A hosted runner's disk is ext4 with a journal. An ext4 mounted without one (as this
 * bench machine's root disk is: has_journal, but no jbd2 journal loaded) does not reuse an
 * inode deleted in the last minutes: every file created first skips over each recently
 * freed inode of its group (ext4 ialloc.c, recently_deleted). After a tree of 30k files is
 * removed, extracting another 30k files with `tar -xf` took 10.9-28.3 s instead of 0.97 s
 * (perf: 71% of the time in recently_deleted and find_get_block_common), still 25 s
 * 75 s after the removal; on a journaled ext4 the same extraction right after the same
 * removal took 0.96-1.08 s. Whichever side of a pair ran after a removal paid for it, so
 * the unpack rows measured the order of the runs, not the tools (`tar -xzf` of one layer
 * 1.4, 6.4 and 9.2 s in three runs).
 *
 * So on such a disk, when run as root, the run's scratch directory is a journaled ext4 in
 * a sparse file on the same disk, mounted through a loop device for the run and removed
 * after it: on the disk it is one file, and the run's files are inodes of the journaled
 * ext4. Both sides of every pair write there. `--scratch disk` (BENCH_SCRATCH=disk) keeps the disk as
 * it is; the conditions line says which was used.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, statfsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Largest scratch file system: a full run writes ~20 GB, removed trees are not reused. */
const MAX_BYTES = 64 * 2 ** 30;
/** Left free on the disk under the sparse file. */
const RESERVE_BYTES = 8 * 2 ** 30;

/** The mount holding `path`: its file system type and source, from /proc/self/mountinfo. */
function mountOf(path) {
  const st = statSync(path);
  const want = `${Math.floor(st.dev / 256) & 0xfff}:${(st.dev & 0xff) | ((st.dev >> 12) & 0xfff00)}`;
  let found;
  for (const line of readFileSync('/proc/self/mountinfo', 'utf8').split('\n')) {
    const f = line.split(' ');
    if (f[2] !== want) continue;
    const sep = f.indexOf('-');
    found = { point: f[4], type: f[sep + 1], source: f[sep + 2] };
  }
  return found;
}

/** True when `source` (an ext4 block device) has a jbd2 journal loaded: /proc/fs/jbd2 has a `<device>-8` per loaded journal. */
function journalLoaded(source) {
  try {
    return readdirSync('/proc/fs/jbd2').some((d) => d.startsWith(`${basename(source)}-`));
  } catch {
    return true; // not Linux, or no jbd2 at all: nothing known to avoid
  }
}

function ok(argv) {
  const r = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${argv.join(' ')}: ${(r.stderr || r.error?.message || '').trim()}`);
}

/**
 * Prepare `tmp` (the benches' scratch directory) as `mode` says: 'disk' leaves it, 'auto'
 * mounts a journaled ext4 there when the disk is an ext4 without a journal and this runs
 * as root. Returns the conditions line and a function that undoes it (unmount, remove).
 */
export function prepareScratch(tmp, mode = 'auto') {
  mkdirSync(tmp, { recursive: true });
  let m = mountOf(tmp);
  if (m?.point === tmp && m.source.startsWith('/dev/loop')) {
    spawnSync('umount', ['-l', tmp]); // a run that was killed left its scratch mounted
    m = mountOf(tmp);
  }
  const where = m ? `${m.type} on ${m.source}` : 'unknown file system';
  const noJournal = m?.type === 'ext4' && !journalLoaded(m.source);
  const described = (s) => ({ description: s, release: () => {} });
  if (mode === 'disk' || !noJournal) {
    return described(`scratch: ${where}${noJournal ? ' without a journal (file creation after removals is slowed, see bench/lib/scratchfs.mjs)' : ''}`);
  }
  if (process.getuid?.() !== 0) {
    return described(`scratch: ${where} without a journal, not root: kept (file creation after removals is slowed, see bench/lib/scratchfs.mjs)`);
  }
  const image = join(dirname(tmp), 'scratch-ext4.img');
  try {
    rmSync(image, { force: true });
    const free = statfsSync(dirname(tmp));
    const bytes = Math.min(MAX_BYTES, free.bavail * free.bsize - RESERVE_BYTES);
    if (bytes < 24 * 2 ** 30) throw new Error(`only ${(bytes / 2 ** 30).toFixed(0)} GiB free for it`);
    const gib = Math.floor(bytes / 2 ** 30);
    ok(['truncate', '-s', `${gib}G`, image]);
    ok(['mkfs.ext4', '-q', '-F', '-O', 'has_journal', image]);
    rmSync(tmp, { recursive: true, force: true }); // what earlier runs left on the disk
    mkdirSync(tmp, { recursive: true });
    ok(['mount', '-o', 'loop', image, tmp]);
    return {
      description: `scratch: a journaled ext4 (${gib} GiB sparse file, loop device) on ${where}, which runs without a journal: as on a hosted runner's disk (see bench/lib/scratchfs.mjs)`,
      release: () => {
        spawnSync('umount', [tmp]);
        if (existsSync(image)) rmSync(image, { force: true });
      },
    };
  } catch (e) {
    rmSync(image, { force: true });
    return described(`scratch: ${where} without a journal, kept: a journaled ext4 could not be mounted (${e instanceof Error ? e.message : e})`);
  }
}
