/**
 * The runner cache of one store in one process (a main or post step): its keys and paths,
 * the ledger, the statistics, and the one queue every @actions/cache call goes through.
 * session.ts, restore.ts and save.ts work on it; action/cache.ts is their facade.
 *
 * Failure policy (actions/cache's): a cache failure is a warning and never fails the job.
 * After the first failure or timeout the cache is off for the rest of the step, so a
 * broken service costs one call, not one per blob.
 */
import { cacheKeys, entryPaths, IndexKeys, Ledger, type CacheKeys, type EntryPaths } from './keys.js';
import { DEFAULT_CALL_TIMEOUT_S, loadLibrary, runLibraryCall, type CacheLibrary, type CallOutcome } from './library.js';
import { emptyStats, type CacheStats } from './stats.js';
import type { Logger } from '../../core/content.js';
import type { RetentionPolicy } from '../retention.js';

/** Options of a RunnerCache. */
export interface RunnerCacheOptions {
  /** Absolute store root. */
  root: string;
  /** The `cache-key` input. */
  keyPrefix: string;
  env: Record<string, string | undefined>;
  logger: Logger;
  /** Defaults to the real @actions/cache, loaded on first use. */
  library?: CacheLibrary;
  /** This use's retention inputs (main records them in the job's session; post applies them). */
  retention?: RetentionPolicy;
}

/**
 * What one process knows of the cache. Calls are made one at a time: one slow call cannot
 * multiply into many, and each call's outcome is judged from its own HTTP exchanges (library.ts).
 */
export class CacheContext {
  readonly root: string;
  readonly keys: CacheKeys;
  readonly paths: EntryPaths;
  readonly stats: CacheStats = emptyStats();
  readonly env: Record<string, string | undefined>;
  readonly logger: Logger;
  readonly retention: RetentionPolicy | undefined;
  /** How long one call may take (env `OCI_STORE_CACHE_TIMEOUT`, seconds). */
  readonly timeoutMs: number;
  /** True after a failed or timed-out call: no more calls in this process. */
  broken = false;
  /** True when some call was abandoned at its deadline and may still be running. */
  dangling = false;

  #library: CacheLibrary | undefined;
  #ledger: Ledger | undefined;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(options: RunnerCacheOptions) {
    this.root = options.root;
    this.keys = cacheKeys(options.keyPrefix, options.env);
    this.paths = entryPaths(options.root);
    this.env = options.env;
    this.logger = options.logger;
    this.retention = options.retention;
    this.#library = options.library;
    const t = Number(options.env['OCI_STORE_CACHE_TIMEOUT']);
    this.timeoutMs = (Number.isFinite(t) && t > 0 ? t : DEFAULT_CALL_TIMEOUT_S) * 1000;
  }

  /** The keys of this run's index entries (fan-in, merge.ts). */
  get indexKeys(): IndexKeys {
    return new IndexKeys(this.keys.index, this.keys.indexPrefix);
  }

  /** The ledger, loaded from the store on first use. */
  async ledger(): Promise<Ledger> {
    this.#ledger ??= await Ledger.load(this.paths.ledger);
    return this.#ledger;
  }

  /** The ledger if loaded already (a BlobFallback's `has` must answer synchronously). */
  get loadedLedger(): Ledger | undefined {
    return this.#ledger;
  }

  /** Warn once and turn the cache off for the rest of the step. */
  fail(message: string): void {
    this.stats.failures++;
    this.broken = true;
    this.logger.warning(`Runner cache: ${message}. Continuing without the cache.`);
  }

  /**
   * Run one library call (library.ts): serialised, so one slow call cannot multiply into
   * many. A failure or timeout turns the cache off for the rest of the step.
   */
  async call<T>(what: string, fn: (lib: CacheLibrary) => Promise<T>): Promise<CallOutcome<T>> {
    const run = async (): Promise<CallOutcome<T>> => {
      if (this.broken) return { ok: false, timedOut: false, message: 'the cache failed earlier in this step' };
      this.#library ??= await loadLibrary();
      const out = await runLibraryCall(this.#library, what, this.timeoutMs, fn);
      if (!out.ok) {
        if (out.timedOut) this.dangling = true;
        this.fail(out.message);
      }
      return out;
    };
    const p = this.#queue.then(run, run);
    this.#queue = p.catch(() => undefined);
    return p;
  }
}
