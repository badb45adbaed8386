/**
 * The memory policy of the action and the CLI (src/core/memory.ts says when the store asks
 * for it): V8 collections forced early enough for the peak-RSS budget of DESIGN.md §6
 * (150 MB while ingesting or unpacking a 1 GB layer). A front end's decision, not the
 * library's: it sets a process-wide V8 flag.
 *
 * Both collections need V8's `gc()`, exposed at run time (`--expose-gc`) because the
 * action's runner starts node without flags. Without it (a runtime that refuses the flag)
 * they do nothing: memory then peaks higher, nothing else changes.
 */
import { setMemoryPolicy, type MemoryPolicy } from '../core/memory.js';

type GcOptions = { type: 'minor' | 'major'; execution?: 'sync'; flavor?: 'regular' | 'last-resort' };

let gcFn: ((options: GcOptions) => void) | null | undefined;

function gc(): ((options: GcOptions) => void) | null {
  if (gcFn === undefined) {
    try {
      // Loaded on first use, not at start: every run of the CLI and the action installs the
      // policy, few ever compress (node:v8 alone costs ~15 ms of start-up).
      process.getBuiltinModule('node:v8').setFlagsFromString('--expose-gc');
      gcFn = process.getBuiltinModule('node:vm').runInNewContext('gc') as (options: GcOptions) => void;
    } catch {
      gcFn = null;
    }
  }
  return gcFn;
}

/**
 * New external (ArrayBuffer) memory allowed to pile up before collectGarbage collects.
 * 16 MiB, from 24: skopeo's 45-layer image (inflated on the pool, 256 KiB chunks of
 * garbage each) unpacked in 128-145 MB peak RSS, now 120-129 MB, CPU within the spread
 * (7 alternated pairs, 1.16-1.37 vs 1.20-1.33 s); a small-files ingest, whose collections
 * cost the most (30k entries on the heap), gzip and zstd, 4 alternated pairs each: CPU and
 * peak RSS within the spread of either.
 */
const EXTERNAL_BUDGET = 16 * 1024 * 1024;
/**
 * The fewest ArrayBuffer bytes seen held since the last collection: roughly what is live.
 * (Not measured right after collecting: V8 frees backing stores on a background thread.)
 */
let live = Infinity;

/**
 * Collect garbage if buffers have piled up; cheap to call often. Each block's zlib buffers
 * are external memory, and V8 collects them only after ~64 MB have piled up — measured,
 * that alone took a 1 GB gzip ingest to 150 MB peak RSS, against a 150 MB budget
 * (DESIGN.md §6). A full collection once EXTERNAL_BUDGET more ArrayBuffer bytes are held
 * than the fewest held since the previous one keeps it near 110 MB. Only then: a full
 * collection of a heap holding 30k file entries costs ~40 ms, and collecting at fixed
 * intervals cost a small-files zstd ingest ~10% of its time for no gain in RSS. (A minor
 * collection does not release ArrayBuffer backing stores, measured.)
 */
function collectGarbage(): void {
  const collect = gc();
  if (!collect) return;
  const held = process.memoryUsage().arrayBuffers;
  live = Math.min(live, held);
  if (held < live + EXTERNAL_BUDGET) return;
  collect({ type: 'major', execution: 'sync' });
  live = Infinity;
}

/**
 * Give back the heap a phase grew and no longer needs. Walking ~30k files allocates ~1 KB
 * of short-lived objects per file; V8 grows its young generation to ~50 MB for that and
 * keeps it. A last-resort collection shrinks it again (measured: heap 56 → 18 MB, RSS
 * -24 MB) before the layer streams through.
 */
function releaseHeap(): void {
  gc()?.({ type: 'major', execution: 'sync', flavor: 'last-resort' });
}

/** The front ends' policy: forced V8 collections, as measured above. */
export const gcPolicy: MemoryPolicy = { collectGarbage, releaseHeap };

/** Install gcPolicy for the store operations of this process (entry points call it first). */
export function installMemoryPolicy(): void {
  setMemoryPolicy(gcPolicy);
}
