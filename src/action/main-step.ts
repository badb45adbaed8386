/** The action's main step, loaded by main.ts once the compile cache is on: everything is in run.ts. */
import { runServeChildIfRequested } from '../core/serve/child.js';
import { installMemoryPolicy } from './memory.js';
import { runMain, serveChildFallback } from './run.js';

// The store's forced collections are this program's choice (src/action/memory.ts).
installMemoryPolicy();

// `command: serve` re-runs this script as the detached registry: that child does only that.
if (!(await runServeChildIfRequested({ fallback: serveChildFallback }))) {
  const outcome = await runMain();
  // A cache call abandoned at its deadline may still hold timers (the library's retries):
  // exit now rather than wait for them, as actions/cache does.
  if (outcome.dangling) process.exit(outcome.ok ? 0 : 1);
}
