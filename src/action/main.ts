/**
 * The action's main step: turn Node's compile cache on, then load the program
 * (main-step.ts, run.ts and everything they import, @actions/core with its HTTP client).
 *
 * This file imports nothing else: an ES module's static imports are all compiled before
 * its first line runs, so with the program imported statically here the cache covered
 * only the chunks loaded later, not the ~0.6 MB the bundle's entry compiled at every start.
 * Imported after enableCompileCache(), the program's chunk comes from the cache when an
 * earlier step or run left it there (compile-cache.ts). The bundle keeps one copy of
 * undici (in the program's chunk; the @actions/cache chunk reuses it), but ncc minifies
 * only the entry file, so the program's chunks are 1.4 MB instead of 0.63 MB. Measured
 * all the same: CPU (user+sys, medians of 11 and 13 alternated pairs on a 2-core machine
 * at load 13, so wall times said nothing) of `inspect` on an empty store — warm cache
 * 111 → 95 and 136 → 110 ms, a job's first step (empty cache) 141 → 117 ms, cache off
 * 117 → 106 and 145 → 136 ms.
 */
import { enableCompileCache } from './compile-cache.js';

enableCompileCache();
await import('./main-step.js');
