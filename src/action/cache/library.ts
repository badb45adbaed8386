/**
 * The adapter between the runner cache and @actions/cache: loads the library on first
 * use, runs one call with a deadline, and turns what the library says into a typed
 * outcome.
 *
 * The library reports most failures only by logging through @actions/core, which writes
 * to stdout: restoreCache returns undefined for a miss and a failure alike, and saveCache
 * catches its own ReserveCacheError (HTTP 409, "key exists") and returns -1, as it does for
 * every other failure. So while a call runs its output is read here — and only here —
 * and classified into events (LibraryEvent); the rest of the cache sees outcomes.
 */
import { formatError } from '../../core/errors.js';

/** Default time one cache call may take (seconds; env `OCI_STORE_CACHE_TIMEOUT`). */
export const DEFAULT_CALL_TIMEOUT_S = 900;

/** The two calls of @actions/cache we use; injectable so tests can count or break them. */
export interface CacheLibrary {
  restoreCache(paths: string[], primaryKey: string, restoreKeys?: string[], options?: { lookupOnly?: boolean }): Promise<string | undefined>;
  saveCache(paths: string[], key: string): Promise<number>;
}

/** Load @actions/cache on first use: it pulls in the Azure SDK, which a cold `inspect` must not pay for. */
export async function loadLibrary(): Promise<CacheLibrary> {
  const lib = await import('@actions/cache');
  return { restoreCache: lib.restoreCache, saveCache: lib.saveCache };
}

/**
 * Whether a cache service is reachable from this process, by the same rule as
 * @actions/cache's `isFeatureAvailable` (v2: ACTIONS_RESULTS_URL; v1: ACTIONS_CACHE_URL)
 * plus the runtime token both need. Checked without loading the library.
 */
export function cacheServiceAvailability(env: Record<string, string | undefined>): { available: boolean; reason: string } {
  const v2 = Boolean(env['ACTIONS_CACHE_SERVICE_V2']);
  const url = v2 ? env['ACTIONS_RESULTS_URL'] : env['ACTIONS_CACHE_URL'];
  if (!url) {
    return { available: false, reason: `no cache service (${v2 ? 'ACTIONS_RESULTS_URL' : 'ACTIONS_CACHE_URL'} is not set: not on a GitHub runner)` };
  }
  if (!env['ACTIONS_RUNTIME_TOKEN']) return { available: false, reason: 'no cache service (ACTIONS_RUNTIME_TOKEN is not set)' };
  return { available: true, reason: '' };
}

/** What the library's output said during one call. */
export type LibraryEvent =
  /** A `Failed to restore/save`, reservation or rate-limit warning or error: the call failed. */
  | { type: 'failed'; line: string }
  /** "Unable to reserve cache with key …, another job may be creating this cache". */
  | { type: 'reserve-refused' }
  /** The library retried a request (a refused reservation after retries is not "key exists"). */
  | { type: 'retried' };

/** Progress and status lines @actions/cache prints for every call: debug output here, since lazy restores would repeat them per blob. */
const LIBRARY_CHATTER =
  /^(Cache hit for|Cache Size:|Cache restored successfully|Cache saved successfully|Received \d+ of|Sent \d+ of|Lookup only|\[command\]|Attempt \d+ of \d+ failed|Failed to save: Unable to reserve|Cache not found|Download concurrency|Uploading)/;

/** The library's transfer progress lines. */
const PROGRESS = /^(Received \d+ of|Sent \d+ of)/;

/**
 * Classify one line the library printed, and say what to print instead: `Failed to …`
 * warnings or errors mark the call failed (their `::error::` becomes `::warning::`: a
 * cache problem never fails or flags the job), the library's chatter becomes `::debug::`.
 */
export function classifyLine(line: string, elapsedMs: number): { event?: LibraryEvent; print: string } {
  if (line === '') return { print: line };
  if (/^Failed to save: Unable to reserve cache with key .*another job may be creating this cache/.test(line)) {
    return { event: { type: 'reserve-refused' }, print: `::debug::${escapeDebug(line)}` };
  }
  if (/^Attempt \d+ of \d+ failed/.test(line)) return { event: { type: 'retried' }, print: `::debug::${escapeDebug(line)}` };
  if (/^::(warning|error)(\s[^:]*)?::(Failed to (restore|save)|Cache reservation failed|uploadCacheArchiveSDK|You've hit a rate limit)/.test(line)) {
    return { event: { type: 'failed', line }, print: line.replace(/^::error/, '::warning') };
  }
  // The library's own progress lines stay visible on a transfer that takes a while.
  if (PROGRESS.test(line) && elapsedMs > 3000) return { print: line };
  if (LIBRARY_CHATTER.test(line)) return { print: `::debug::${escapeDebug(line)}` };
  return { print: line };
}

function escapeDebug(line: string): string {
  return line.replace(/%/g, '%25').replace(/\r/g, '%0D');
}

/**
 * Observe stdout while a library call runs, rewriting its lines (classifyLine) and
 * passing each event to `onEvent`. `stop` puts stdout back.
 */
export function observeLibraryOutput(onEvent: (event: LibraryEvent) => void): { stop(): void } {
  const original = process.stdout.write;
  const started = Date.now();
  let stopped = false;
  const rewrite = (text: string): string =>
    text
      .split('\n')
      .map((line) => {
        const r = classifyLine(line, Date.now() - started);
        if (r.event) onEvent(r.event);
        return r.print;
      })
      .join('\n');
  process.stdout.write = function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]): boolean {
    if (!stopped && (typeof chunk === 'string' || chunk instanceof Uint8Array)) {
      const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      return (original as (...a: unknown[]) => boolean).call(process.stdout, rewrite(text), ...rest);
    }
    return (original as (...a: unknown[]) => boolean).call(process.stdout, chunk, ...rest);
  } as typeof process.stdout.write;
  return {
    stop() {
      stopped = true;
      process.stdout.write = original;
    },
  };
}

/**
 * What one library call came to. `keyExists`: a save found its key taken (HTTP 409, not
 * retried: another job saved it). A failure carries the message the cache warns with.
 */
export type CallOutcome<T> = { ok: true; value: T; keyExists: boolean } | { ok: false; timedOut: boolean; message: string };

/**
 * Run `fn` against `lib` with a deadline of `timeoutMs`, its output observed. A call that
 * does not finish in time is abandoned (its promise is still running: `timedOut`).
 */
export async function runLibraryCall<T>(lib: CacheLibrary, what: string, timeoutMs: number, fn: (lib: CacheLibrary) => Promise<T>): Promise<CallOutcome<T>> {
  let failed = false;
  // The library reports "key exists" (HTTP 409, not retried) and a reservation that failed
  // after retries with the same line; only the first is another job's save.
  let reserveRefused = false;
  let retried = false;
  const watch = observeLibraryOutput((e) => {
    if (e.type === 'failed') failed = true;
    else if (e.type === 'reserve-refused') reserveRefused = true;
    else retried = true;
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    const deadline = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    const work = fn(lib);
    const value = await Promise.race([work, deadline]);
    if (value === 'timeout') {
      work.catch(() => undefined);
      return { ok: false, timedOut: true, message: `${what} did not finish within ${Math.round(timeoutMs / 1000)} s` };
    }
    if (failed) return { ok: false, timedOut: false, message: `${what} failed (see the warning above)` };
    return { ok: true, value, keyExists: reserveRefused && !retried };
  } catch (err) {
    return { ok: false, timedOut: false, message: `${what} failed: ${formatError(err)}` };
  } finally {
    clearTimeout(timer);
    watch.stop();
  }
}
