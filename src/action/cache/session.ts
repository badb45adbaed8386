/**
 * One job's runner-cache session: what the first use of the action in a job restored,
 * the retention inputs of every use, and the job's totals — kept in the store so that
 * later uses in the job (and post) find them. Also what the cache did, for the summary.
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { formatError } from '../../core/errors.js';
import { writeFileAtomic } from '../../core/storage.js';
import type { Dropped, RetentionPolicy } from '../retention.js';
import type { CacheContext } from './context.js';
import type { StoreLike } from './graph.js';

export { addStats, emptyStats, type CacheStats } from './stats.js';
import { addStats, emptyStats, type CacheStats } from './stats.js';

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

/** `<run_id>-<run_attempt>-<job>`: the job a session belongs to. */
function jobId(env: Record<string, string | undefined>): string {
  return `${env['GITHUB_RUN_ID'] || '0'}-${env['GITHUB_RUN_ATTEMPT'] || '1'}-${env['GITHUB_JOB'] || ''}`;
}

/** A file in RUNNER_TEMP (wiped between jobs) proving a session belongs to this very job. */
function sentinel(env: Record<string, string | undefined>, owner: string): string | undefined {
  const temp = env['RUNNER_TEMP'];
  return temp ? join(temp, `oci-store-session-${owner}`) : undefined;
}

/** This job's session, if an earlier use in the job started one. */
export async function readSession(ctx: CacheContext): Promise<Session | undefined> {
  let s: Session;
  try {
    s = JSON.parse(await readFile(ctx.paths.session, 'utf8')) as Session;
  } catch {
    return undefined;
  }
  if (!s || s.job !== jobId(ctx.env)) return undefined;
  const proof = sentinel(ctx.env, s.owner);
  if (proof !== undefined && !existsSync(proof)) return undefined; // an earlier job on a persistent runner
  return s;
}

/** Write the session atomically. */
export async function writeSession(ctx: CacheContext, s: Session): Promise<void> {
  await mkdir(ctx.paths.dir, { recursive: true });
  await writeFileAtomic(ctx.paths.session, JSON.stringify(s), ctx.paths.dir);
}

/**
 * Main: join this job's session, or start it by restoring the index entry with `restore`
 * (the first use in a job: it owns the session, and its post saves). Never throws for a
 * cache problem.
 */
export async function beginSession(
  ctx: CacheContext,
  openStore: () => Promise<StoreLike>,
  restore: (store: StoreLike) => Promise<{ key: string; fingerprint: string } | undefined>,
): Promise<{ owner: boolean; cacheHit: boolean }> {
  await ctx.ledger();
  const session = await readSession(ctx);
  if (session) {
    const policy = combinePolicies(session.policy, ctx.retention);
    if (policy) {
      session.policy = policy;
      await writeSession(ctx, session).catch(() => undefined);
    }
    ctx.logger.info(`Runner cache: the store was restored earlier in this job${session.restoredKey ? ` (${session.restoredKey})` : ''}; large blobs are restored as needed`);
    return { owner: false, cacheHit: session.cacheHit };
  }
  const owner = randomUUID();
  const proof = sentinel(ctx.env, owner);
  if (proof) await writeFile(proof, ctx.root).catch(() => undefined);
  const s: Session = { job: jobId(ctx.env), owner, cacheHit: false, started: Date.now(), stats: emptyStats() };
  if (ctx.retention) s.policy = ctx.retention;
  try {
    const restored = await restore(await openStore());
    if (restored) {
      s.cacheHit = true;
      s.restoredKey = restored.key;
      s.baseKey = restored.key;
      s.fingerprint = restored.fingerprint;
    }
  } catch (err) {
    ctx.fail(`could not restore the store: ${formatError(err)}`);
  }
  await writeSession(ctx, s).catch((err) => ctx.fail(`could not record the cache session: ${formatError(err)}`));
  return { owner: true, cacheHit: s.cacheHit };
}

/** Main, at its end: add this step's statistics to the job's totals. */
export async function endSession(ctx: CacheContext): Promise<CacheStats> {
  const s = await readSession(ctx);
  if (!s) return ctx.stats;
  s.stats = addStats(s.stats, ctx.stats);
  await writeSession(ctx, s).catch(() => undefined);
  return s.stats;
}
