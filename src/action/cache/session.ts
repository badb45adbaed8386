/**
 * One job's runner-cache session: what the first use of the action in a job restored,
 * the retention inputs of every use, and the job's totals — kept in the store so that
 * later uses in the job (and post) find them. Also what the cache did, for the summary.
 */
import type { Dropped, RetentionPolicy } from '../retention.js';

/** What the cache did, for the job summary and the logs. */
export interface CacheStats {
  /** Entries restored (index entry + blob entries). */
  restoredEntries: number;
  /** Bytes of blobs and index restored into the store. */
  restoredBytes: number;
  /** Entries saved. */
  savedEntries: number;
  /** Bytes of blobs and index saved. */
  savedBytes: number;
  /** Blob entries the ledger named but the cache no longer had (evicted). */
  evicted: number;
  /** Failed or timed-out cache calls. */
  failures: number;
}

/** Zeroed stats. */
export function emptyStats(): CacheStats {
  return { restoredEntries: 0, restoredBytes: 0, savedEntries: 0, savedBytes: 0, evicted: 0, failures: 0 };
}

/** Sum of two stats. */
export function addStats(a: CacheStats, b: CacheStats): CacheStats {
  return {
    restoredEntries: a.restoredEntries + b.restoredEntries,
    restoredBytes: a.restoredBytes + b.restoredBytes,
    savedEntries: a.savedEntries + b.savedEntries,
    savedBytes: a.savedBytes + b.savedBytes,
    evicted: a.evicted + b.evicted,
    failures: a.failures + b.failures,
  };
}

/** One job's shared cache state, in the store: lets later uses of the action in the job find the first. */
export interface Session {
  /** `<run_id>-<run_attempt>-<job>`. */
  job: string;
  /** Id of the use that restored (its post saves). */
  owner: string;
  cacheHit: boolean;
  restoredKey?: string;
  /** Fingerprint of the index entry as restored or last saved. */
  fingerprint?: string;
  /** Key of the index entry the store last matched (restored, merged and saved): the base of a fan-in merge. */
  baseKey?: string;
  /** When the job's first use began (ms): tags used since are this job's, never dropped for the budget. */
  started?: number;
  /** Retention inputs of every use in the job, combined (see combinePolicies). */
  policy?: RetentionPolicy;
  /** Totals of every use in the job so far. */
  stats: CacheStats;
}

/**
 * The retention inputs of several uses in one job, combined so that no use's intent is
 * lost: the strictest age and budget, and every use's pins.
 */
export function combinePolicies(a: RetentionPolicy | undefined, b: RetentionPolicy | undefined): RetentionPolicy | undefined {
  if (!a || !b) return a ?? b;
  const min = (x: number, y: number): number => (x === 0 ? y : y === 0 ? x : Math.min(x, y));
  return { days: min(a.days, b.days), maxBytes: min(a.maxBytes, b.maxBytes), pin: [...new Set([...a.pin, ...b.pin])] };
}

/** What post's retention and fan-in did, for the job summary. */
export interface SaveReport {
  /** Tags retention dropped, with why. */
  dropped: Dropped[];
  /** The policy applied. */
  policy?: RetentionPolicy;
  /** Estimated runner-cache bytes of the saved store. */
  bytes?: number;
  /** Over the budget even after dropping every droppable tag. */
  overBudget?: boolean;
  /** Index entries of other jobs merged in, by key. */
  merged: string[];
  /** The key the index entry was saved under. */
  savedKey?: string;
}
