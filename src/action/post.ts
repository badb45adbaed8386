/** The action's post step: everything is in run.ts. */
import { runPost } from './run.js';

const outcome = await runPost();
// See main.ts: do not wait for a cache call abandoned at its deadline.
if (outcome.dangling) process.exit(0);
