/**
 * The adapter between the runner cache and @actions/cache: loads the library on first
 * use, runs one call with a deadline, and turns what the call did into a typed outcome.
 *
 * Outcomes come from the call's return value and its HTTP exchanges, never from the text
 * the library prints. restoreCache returns undefined for a miss and a failure alike, and
 * saveCache catches its own ReserveCacheError ("key exists") and returns -1, as it does
 * for every other failure; what tells them apart is on the wire. Node publishes every
 * node:http client request on diagnostics_channel (`http.client.request.start`,
 * `http.client.response.finish`, `http.client.request.error`), and both the library's
 * HTTP client (@actions/http-client) and the Azure SDK it uploads and downloads with
 * (@typespec/ts-http-runtime's node client) use node:http — neither uses fetch/undici.
 * A call's requests are the ones started in its async context (AsyncLocalStorage), so a
 * registry pull running meanwhile, or another call, is not counted; responses and errors
 * are matched to those requests by identity.
 *
 * What the wire says, per protocol (the library's lib/cache.js, internal/cacheHttpClient.js,
 * internal/shared/cacheTwirpClient.js):
 *   - v2 (Twirp, github.com): POST /twirp/github.actions.results.api.v1.CacheService/
 *     CreateCacheEntry answers HTTP 409 Conflict for a key another job holds ("cache
 *     entry with the same key, version, and scope already exists", actions/cache#1541);
 *     the client does not retry a 409 (it retries 500/502/503/504 up to 5 times). A
 *     read-only token gets 200 with `ok: false` ("cache write denied:"): no key exists.
 *   - v1 (GHES): POST …/_apis/artifactcache/caches answers 409; retried only on 502/503/504.
 * So "key exists" is: the call's one reservation request answered 409. A 409 after
 * retries is not: the first attempt may have reserved the key for this very call before
 * its answer was lost, and no other job would ever finish that entry.
 *
 * The one thing left to the text: @actions/core prints `::error::` for a 5xx (core.error
 * writes to stdout and has no hook), which would flag the job; a cache problem never
 * should. The only way to soften it is to rewrite stdout while the call runs
 * (softenLibraryOutput): it turns `::error::` into `::warning::` and the library's
 * per-call chatter into `::debug::`, and decides nothing. `::stop-commands::` is no
 * alternative: it would also drop the library's `::add-mask::` of signed URLs.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { ClientRequest, IncomingMessage } from 'node:http';
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

/** One HTTP request the library made during a call. */
export interface Exchange {
  /** `reserve`: the reservation of a key (v2 CreateCacheEntry, v1 POST caches); `service`: another cache service call; `storage`: a signed-URL transfer. */
  kind: 'reserve' | 'service' | 'storage';
  method: string;
  /** Host and path, without the query (a signed URL's query is a credential). */
  target: string;
  /** The response's status, once headers arrived. */
  status?: number;
  /** The request's error code or message, when it failed without a response. */
  error?: string;
}

const TWIRP_SERVICE = '/twirp/github.actions.results.api.v1.CacheService/';
const V1_API = '/_apis/artifactcache/';

/** What a request of the library is, by its path: the cache service's routes are fixed, everything else is storage. */
export function exchangeKind(method: string, path: string): Exchange['kind'] {
  const p = path.split('?')[0]!;
  if (p.includes(TWIRP_SERVICE)) return p.endsWith(`${TWIRP_SERVICE}CreateCacheEntry`) ? 'reserve' : 'service';
  if (p.includes(V1_API)) return method === 'POST' && p.endsWith(`${V1_API}caches`) ? 'reserve' : 'service';
  return 'storage';
}

/** The requests of the calls running now, each call's own list in its async context. */
const callTraffic = new AsyncLocalStorage<Exchange[]>();

/**
 * Record the HTTP exchanges started in `fn`'s async context until `stop`: the channels
 * are subscribed only while a call runs.
 */
function watchTraffic(traffic: Exchange[]): { run<T>(fn: () => Promise<T>): Promise<T>; stop(): void } {
  const mine = new WeakMap<ClientRequest, Exchange>();
  const onStart = (message: unknown): void => {
    if (callTraffic.getStore() !== traffic) return;
    const { request } = message as { request: ClientRequest };
    // A proxy tunnel's set-up (@actions/http-client's `tunnel` agents), not an exchange: the
    // request sent through it is recorded, and a refused tunnel fails that request too.
    if (request.method === 'CONNECT') return;
    const path = request.path ?? '/';
    const ex: Exchange = { kind: exchangeKind(request.method, path), method: request.method, target: `${request.host}${path.split('?')[0]}` };
    mine.set(request, ex);
    traffic.push(ex);
  };
  const onResponse = (message: unknown): void => {
    const { request, response } = message as { request: ClientRequest; response: IncomingMessage };
    const ex = mine.get(request);
    if (ex) ex.status = response.statusCode;
  };
  const onError = (message: unknown): void => {
    const { request, error } = message as { request: ClientRequest; error: NodeJS.ErrnoException };
    const ex = mine.get(request);
    if (ex && ex.status === undefined) ex.error = error.code ?? error.message;
  };
  subscribe('http.client.request.start', onStart);
  subscribe('http.client.response.finish', onResponse);
  subscribe('http.client.request.error', onError);
  return {
    run: (fn) => callTraffic.run(traffic, fn),
    stop() {
      unsubscribe('http.client.request.start', onStart);
      unsubscribe('http.client.response.finish', onResponse);
      unsubscribe('http.client.request.error', onError);
    },
  };
}

/** An exchange that failed and was not retried with success (same method and target, later). */
function unrecovered(traffic: Exchange[]): Exchange | undefined {
  const bad = (e: Exchange): boolean => e.error !== undefined || (e.status !== undefined && e.status >= 400);
  return traffic.find((e, i) => bad(e) && !traffic.slice(i + 1).some((l) => l.method === e.method && l.target === e.target && !bad(l) && l.status !== undefined));
}

/** `e`'s request as it ended: its last attempt's answer, and how many attempts there were. */
function describeExchange(e: Exchange, traffic: Exchange[]): string {
  const same = traffic.filter((t) => t.method === e.method && t.target === e.target);
  const attempts = same.length;
  const last = same[same.length - 1]!;
  const answer = last.error !== undefined ? `failed (${last.error})` : `answered HTTP ${last.status}`;
  return `${e.method} ${e.target} ${answer}${attempts > 1 ? ` (${attempts} attempts)` : ''}`;
}

/**
 * What a finished call came to, from its return value and its exchanges. saveCache's -1
 * is "key exists" only when the one reservation answered 409; otherwise nothing was
 * saved: a failure. restoreCache's undefined is a miss when every exchange succeeded and
 * no download started; a failed lookup or a download that brought nothing is a failure.
 */
export function judgeCall(value: unknown, traffic: Exchange[]): { failure?: string; keyExists: boolean } {
  const bad = unrecovered(traffic);
  if (value === -1) {
    const reserves = traffic.filter((e) => e.kind === 'reserve');
    if (reserves.length === 1 && reserves[0]!.status === 409) return { keyExists: true };
    if (bad) return { failure: describeExchange(bad, traffic), keyExists: false };
    if (reserves.length === 0) return { failure: 'no cache entry was created (no reservation reached the cache service)', keyExists: false };
    // E.g. a reservation or finalization answered 200 with `ok: false`.
    return { failure: 'no cache entry was created, though every request succeeded (see the library\'s message above)', keyExists: false };
  }
  if (value === undefined) {
    if (bad) return { failure: describeExchange(bad, traffic), keyExists: false };
    const download = traffic.find((e) => e.kind === 'storage');
    if (download) return { failure: `the entry was found but not restored (download ${describeExchange(download, traffic)})`, keyExists: false };
  }
  return { keyExists: false };
}

/** Progress and status lines @actions/cache prints for every call: debug output here, since lazy restores would repeat them per blob. */
const LIBRARY_CHATTER =
  /^(Cache hit for|Cache Size:|Cache restored successfully|Cache saved successfully|Received \d+ of|Sent \d+ of|Lookup only|\[command\]|Attempt \d+ of \d+ failed|Failed to save: Unable to reserve|Cache not found|Download concurrency|Uploading)/;

/** The library's transfer progress lines. */
const PROGRESS = /^(Received \d+ of|Sent \d+ of)/;

/**
 * The library's only `::error::` lines (core.error in lib/cache.js, for a 5xx); other
 * code's errors printed while a call runs stay errors.
 */
const LIBRARY_ERROR = /^::error(\s[^:]*)?::Failed to (restore|save): /;

/**
 * What to print for one line the library printed: its `::error::` becomes `::warning::`
 * (a cache problem never fails or flags the job), its chatter becomes `::debug::`.
 * Presentation only: no outcome depends on it.
 */
export function presentLine(line: string, elapsedMs: number): string {
  if (line === '') return line;
  if (LIBRARY_ERROR.test(line)) return line.replace(/^::error/, '::warning');
  // The library's own progress lines stay visible on a transfer that takes a while.
  if (PROGRESS.test(line) && elapsedMs > 3000) return line;
  if (LIBRARY_CHATTER.test(line)) return `::debug::${escapeDebug(line)}`;
  return line;
}

function escapeDebug(line: string): string {
  return line.replace(/%/g, '%25').replace(/\r/g, '%0D');
}

/** The one rewrite of stdout, shared by the calls running at once (each call's `stop` alone would undo another's). */
let softening: { original: typeof process.stdout.write; users: number } | undefined;

/**
 * Rewrite stdout's lines (presentLine) while a library call runs; `stop` puts stdout
 * back after the last call running stops. See the header for why this cannot be an
 * event: @actions/core only writes.
 */
export function softenLibraryOutput(): { stop(): void } {
  const started = Date.now();
  if (softening) softening.users++;
  else {
    const original = process.stdout.write;
    const rewrite = (text: string): string =>
      text
        .split('\n')
        .map((line) => presentLine(line, Date.now() - started))
        .join('\n');
    process.stdout.write = function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]): boolean {
      if (typeof chunk === 'string' || chunk instanceof Uint8Array) {
        const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
        return (original as (...a: unknown[]) => boolean).call(process.stdout, rewrite(text), ...rest);
      }
      return (original as (...a: unknown[]) => boolean).call(process.stdout, chunk, ...rest);
    } as typeof process.stdout.write;
    softening = { original, users: 1 };
  }
  let stopped = false;
  return {
    stop() {
      if (stopped || !softening) return;
      stopped = true;
      if (--softening.users === 0) {
        process.stdout.write = softening.original;
        softening = undefined;
      }
    },
  };
}

/**
 * What one library call came to. `keyExists`: a save found its key taken (HTTP 409, not
 * retried: another job saved it). A failure carries the message the cache warns with.
 */
export type CallOutcome<T> = { ok: true; value: T; keyExists: boolean } | { ok: false; timedOut: boolean; message: string };

/**
 * Run `fn` against `lib` with a deadline of `timeoutMs`, its HTTP exchanges recorded and
 * its output softened. A call that does not finish in time is abandoned (its promise is
 * still running: `timedOut`).
 */
export async function runLibraryCall<T>(lib: CacheLibrary, what: string, timeoutMs: number, fn: (lib: CacheLibrary) => Promise<T>): Promise<CallOutcome<T>> {
  const traffic: Exchange[] = [];
  const watch = watchTraffic(traffic);
  const output = softenLibraryOutput();
  let timer: NodeJS.Timeout | undefined;
  try {
    const deadline = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    const work = watch.run(() => fn(lib));
    const value = await Promise.race([work, deadline]);
    if (value === 'timeout') {
      work.catch(() => undefined);
      return { ok: false, timedOut: true, message: `${what} did not finish within ${Math.round(timeoutMs / 1000)} s` };
    }
    const verdict = judgeCall(value, traffic);
    if (verdict.failure) return { ok: false, timedOut: false, message: `${what} failed: ${verdict.failure}` };
    return { ok: true, value, keyExists: verdict.keyExists };
  } catch (err) {
    return { ok: false, timedOut: false, message: `${what} failed: ${formatError(err)}` };
  } finally {
    clearTimeout(timer);
    output.stop();
    watch.stop();
  }
}
