/**
 * Memory policy of long store operations, as the program using the library sets it.
 * Layers stream through in bounded buffers, but V8 frees those buffers (external memory)
 * and its own grown heap only when it decides to; a program held to a peak-RSS budget
 * (DESIGN.md §6: 150 MB while ingesting or unpacking a 1 GB layer) can make it do so early
 * enough. Forcing collections is a process-wide decision (it needs V8's `gc()`, a V8 flag),
 * so it is the program's: the library only says when it would help, through the policy
 * installed with setMemoryPolicy — none by default, so a program that uses the library
 * never has its V8 flags touched. The action and the CLI install theirs at start
 * (src/action/memory.ts).
 */

/** What the store asks of the program's memory manager, and when. */
export interface MemoryPolicy {
  /**
   * Buffers may have piled up: once per compressed block while a layer is compressed, and
   * every few MB of a layer decompressed. Called often: must be cheap when it does nothing.
   */
  collectGarbage(): void;
  /**
   * A phase that allocated many short-lived objects is over (the ingest walk of a large
   * tree), before its layer streams through.
   */
  releaseHeap(): void;
}

let installed: MemoryPolicy | undefined;

/** Install the program's memory policy (undefined: none); returns the one it replaces. */
export function setMemoryPolicy(policy: MemoryPolicy | undefined): MemoryPolicy | undefined {
  const previous = installed;
  installed = policy;
  return previous;
}

/** Tell the installed policy that buffers may have piled up (see MemoryPolicy). */
export function collectGarbage(): void {
  installed?.collectGarbage();
}

/** Tell the installed policy that a phase's short-lived objects are garbage (see MemoryPolicy). */
export function releaseHeap(): void {
  installed?.releaseHeap();
}
