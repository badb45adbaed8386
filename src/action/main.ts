/** The action's main step: everything is in run.ts. */
import { enableCompileCache } from './compile-cache.js';
import { runServeChildIfRequested } from '../core/serve/child.js';
import { installMemoryPolicy } from './memory.js';
import { runMain, serveChildFallback } from './run.js';

// First: the chunks the bundle loads on demand (the store's commands; with the runner
// cache on, @actions/cache and the Azure SDK, ~2.5 MB) are compiled from Node's on-disk
// cache when an earlier step or run left it there (compile-cache.ts). run.ts stays a static
// import: loaded with import() it became a chunk of its own in which ncc bundled undici
// twice (+0.7 MB read at every start), more than the cache saves on the entry file.
enableCompileCache();

// The store's forced collections are this program's choice (src/action/memory.ts).
installMemoryPolicy();

// `command: serve` re-runs this script as the detached registry: that child does only that.
if (!(await runServeChildIfRequested({ fallback: serveChildFallback }))) {
  const outcome = await runMain();
  // A cache call abandoned at its deadline may still hold timers (the library's retries):
  // exit now rather than wait for them, as actions/cache does.
  if (outcome.dangling) process.exit(outcome.ok ? 0 : 1);
}
