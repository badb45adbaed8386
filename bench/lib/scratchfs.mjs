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
import { mkdirSync, readdirSync, rmSync, statfsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { runOrThrow } from './measure.mjs';

/** Largest scratch file system: a full run writes ~20 GB, removed trees are not reused. */
const MAX_BYTES = 64 * 2 ** 30;
/** Left free on the disk under the sparse file. */
const RESERVE_BYTES = 8 * 2 ** 30;

/** The mount holding `path` (findmnt): its file system type, source and mount point. */
async function mountOf(path) {
  try {
    const [type, source, ...point] = (await runOrThrow(['findmnt', '-n', '-o', 'FSTYPE,SOURCE,TARGET', '-T', path])).trim().split(/\s+/);
    return { type, source, point: point.join(' ') };
  } catch {
    return undefined;
  }
}

/** True when `source` (an ext4 block device) has a jbd2 journal loaded: /proc/fs/jbd2 has a `<device>-8` per loaded journal. */
function journalLoaded(source) {
  try {
    return readdirSync('/proc/fs/jbd2').some((d) => d.startsWith(`${basename(source)}-`));
  } catch {
    return true; // not Linux, or no jbd2 at all: nothing known to avoid
  }
}

/**
 * Prepare `tmp` (the benches' scratch directory) as `mode` says: 'disk' leaves it, 'auto'
 * mounts a journaled ext4 there when the disk is an ext4 without a journal and this runs
 * as root. Returns the conditions line and a function that undoes it (unmount, remove).
 */
export async function prepareScratch(tmp, mode = 'auto') {
  mkdirSync(tmp, { recursive: true });
  let m = await mountOf(tmp);
  if (m?.point === tmp && m.source.startsWith('/dev/loop')) {
    await runOrThrow(['umount', '-l', tmp]); // a run that was killed left its scratch mounted
    m = await mountOf(tmp);
  }
  const where = m ? `${m.type} on ${m.source}` : 'unknown file system';
  const noJournal = m?.type === 'ext4' && !journalLoaded(m.source);
  const described = (s) => ({ description: s, release: async () => {} });
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
    await runOrThrow(['truncate', '-s', `${gib}G`, image]);
    await runOrThrow(['mkfs.ext4', '-q', '-F', '-O', 'has_journal', image]);
    rmSync(tmp, { recursive: true, force: true }); // what earlier runs left on the disk
    mkdirSync(tmp, { recursive: true });
    await runOrThrow(['mount', '-o', 'loop', image, tmp]);
    return {
      description: `scratch: a journaled ext4 (${gib} GiB sparse file, loop device) on ${where}, which runs without a journal: as on a hosted runner's disk (see bench/lib/scratchfs.mjs)`,
      release: async () => {
        await runOrThrow(['umount', tmp]).catch((e) => console.error(`scratch not unmounted: ${e.message}`));
        rmSync(image, { force: true });
      },
    };
  } catch (e) {
    rmSync(image, { force: true });
    return described(`scratch: ${where} without a journal, kept: a journaled ext4 could not be mounted (${e instanceof Error ? e.message : e})`);
  }
}
