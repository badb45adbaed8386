/** The action's main step: everything is in run.ts. */
import { enableCompileCache } from './compile-cache.js';

// First: the code loaded below (run.ts, the store, @actions/*) is compiled from Node's
// on-disk cache when an earlier step or run left it there (compile-cache.ts).
enableCompileCache();
const { runServeChildIfRequested } = await import('../core/serve/child.js');
const { installMemoryPolicy } = await import('./memory.js');
const { runMain, serveChildFallback } = await import('./run.js');

// The store's forced collections are this program's choice (src/action/memory.ts).
installMemoryPolicy();

// `command: serve` re-runs this script as the detached registry: that child does only that.
if (!(await runServeChildIfRequested({ fallback: serveChildFallback }))) {
  const outcome = await runMain();
  // A cache call abandoned at its deadline may still hold timers (the library's retries):
  // exit now rather than wait for them, as actions/cache does.
  if (outcome.dangling) process.exit(outcome.ok ? 0 : 1);
}
