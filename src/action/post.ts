/** The action's post step: everything is in run.ts. */
import { enableCompileCache } from './compile-cache.js';
import { installMemoryPolicy } from './memory.js';
import { runPost } from './run.js';

enableCompileCache(); // first, see main.ts

installMemoryPolicy(); // see main.ts

const outcome = await runPost();
// See main.ts: do not wait for a cache call abandoned at its deadline.
if (outcome.dangling) process.exit(0);
