/** What the runner cache did in one process or job: counted by the context, summed by the session. */

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
