/**
 * Node's on-disk cache of compiled code for the program's entry points (the action's main
 * and post, the CLI). Start-up of the bundled action is mostly V8 compiling the bundle's
 * chunks (the store's commands, and with the runner cache on, @actions/cache and the Azure
 * SDK: ~2.5 MB); a later process reads the code cached by an earlier one instead.
 *
 * It covers modules loaded after the call: an entry calls it first, and the bundle's
 * chunks, loaded on demand with import(), come from the cache. Where the cache lives:
 * - `NODE_COMPILE_CACHE` when set (Node enabled it at start-up; this call leaves it);
 * - on a runner, `$RUNNER_TEMP/node-compile-cache`: the runner's scratch directory, shared
 *   by the steps of a job (several oci-store steps, the `serve` child, post) and emptied by
 *   the runner after it, so nothing is left in the machine's /tmp;
 * - otherwise Node's default, `os.tmpdir()/node-compile-cache`.
 * `NODE_DISABLE_COMPILE_CACHE=1` turns it off. Node keys entries by its version and each
 * file's content, so a stale entry is never used.
 *
 * Reference: https://nodejs.org/api/module.html#module-compile-cache
 */
import module from 'node:module';
import { join } from 'node:path';

/** What enabling gave: Node's status name (ENABLED, ALREADY_ENABLED, FAILED, DISABLED, or UNSUPPORTED). */
export interface CompileCacheStatus {
  status: string;
  directory?: string;
}

/**
 * Enable the compile cache. Never throws and never prints: a cache directory that cannot
 * be created or written (read-only, not a directory) only leaves start-up as fast as
 * without it.
 */
export function enableCompileCache(env: Record<string, string | undefined> = process.env): CompileCacheStatus {
  try {
    if (typeof module.enableCompileCache !== 'function') return { status: 'UNSUPPORTED' };
    const runnerTemp = env['NODE_COMPILE_CACHE'] ? undefined : env['RUNNER_TEMP'];
    const result = module.enableCompileCache(runnerTemp ? join(runnerTemp, 'node-compile-cache') : undefined);
    const status = Object.entries(module.constants.compileCacheStatus).find(([, v]) => v === result.status)?.[0] ?? String(result.status);
    return result.directory === undefined ? { status } : { status, directory: result.directory };
  } catch {
    return { status: 'FAILED' };
  }
}
