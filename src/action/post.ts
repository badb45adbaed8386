/** The action's post step: the compile cache first, then the program (post-step.ts); see main.ts. */
import { enableCompileCache } from './compile-cache.js';

enableCompileCache();
await import('./post-step.js');
