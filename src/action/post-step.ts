/** The action's post step, loaded by post.ts once the compile cache is on: everything is in run.ts. */
import { installMemoryPolicy } from './memory.js';
import { runPost } from './run.js';

installMemoryPolicy(); // see main-step.ts

const outcome = await runPost();
// See main-step.ts: do not wait for a cache call abandoned at its deadline.
if (outcome.dangling) process.exit(0);
