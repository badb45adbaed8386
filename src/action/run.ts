/**
 * What the action's main and post steps do (actions/cache's restoreImpl/saveImpl): parse
 * inputs, restore the store from the runner cache, run the command, set outputs, write
 * the job summary; in post, stop a local registry and save the store.
 *
 * Failure policy: a bad input or a failed command fails the step with exactly one
 * `::error::` line (`input: what. fix.`), no stack trace; the runner cache only ever
 * warns.
 */
import * as core from './workflow.js';
import { pipeline } from 'node:stream/promises';
import { execute } from '../core/commands/index.js';
import { formatError } from '../core/errors.js';
import type { BlobFallback, Logger } from '../core/content.js';
import type { ExecFn, Result, RunContext } from '../core/commands/types.js';
import type { Options } from '../core/commands/options.js';
import type { ServeChildOptions } from '../core/serve/child.js';
import { addStats, cacheServiceAvailability, RunnerCache, type CacheLibrary, type CacheStats, type SaveReport, type StoreLike } from './cache.js';
import { retentionPolicy, tagsUsed } from './retention.js';
import { formatBytes } from './format.js';
import { getOptions, workspaceOf } from './inputs.js';
import { progressReporter } from './progress.js';
import { ActionsStateProvider, loadMainState, saveMainState, type MainState, type StateProvider } from './state.js';
import { renderSummary, writeSummary, type CacheSummary } from './summary.js';

/** What a step depends on; tests inject state and the cache library. */
export interface StepDeps {
  env: Record<string, string | undefined>;
  state: StateProvider;
  cacheLibrary?: CacheLibrary;
}

/** The real dependencies of a step on a runner. */
export function defaultDeps(): StepDeps {
  return { env: process.env, state: new ActionsStateProvider(process.env) };
}

/** The core's Logger on the runner's log; a secret the core reports (a registry token) is masked. */
export const actionsLogger: Logger = {
  debug: (m) => core.debug(m),
  info: (m) => core.info(m),
  warning: (m) => core.warning(m),
  secret: (s) => core.setSecret(s),
};

/**
 * Credential helpers through @actions/exec, silent: a helper's stdout is a secret, and
 * `[command]` echo lines would only add noise. A missing helper is exit code 127.
 */
export const actionsExec: ExecFn = async (command, args, stdin) => {
  const { getExecOutput } = await import('@actions/exec');
  try {
    const out = await getExecOutput(command, args, { input: Buffer.from(stdin), silent: true, ignoreReturnCode: true });
    return { exitCode: out.exitCode, stdout: out.stdout, stderr: out.stderr };
  } catch (err) {
    return { exitCode: 127, stdout: '', stderr: err instanceof Error ? err.message : String(err) };
  }
};

/** Open the layout store (loaded on demand: a bad-input run never pays for it). */
async function openStore(root: string, create: boolean): Promise<StoreLike> {
  const { Store } = await import('../core/layout.js');
  return Store.open(root, { create, logger: actionsLogger });
}

/** The outcome of main, for its entry point. */
export interface MainOutcome {
  ok: boolean;
  /** A cache call was abandoned at its deadline: the entry point exits explicitly. */
  dangling: boolean;
}

/** The main step. Never throws: failures become one `::error::` line and exit code 1. */
export async function runMain(deps: StepDeps = defaultDeps()): Promise<MainOutcome> {
  const { env } = deps;
  let options: Options;
  try {
    options = getOptions(env); // masks secrets first
  } catch (err) {
    core.setFailed(formatError(err));
    return { ok: false, dangling: false };
  }
  try {
    // Before the runner cache touches the store directory: one under /proc or /sys can never
    // work, and creating it there would hang the step.
    const { checkLocation } = await import('../core/dirs.js');
    await checkLocation(options.store, 'store');
  } catch (err) {
    core.setFailed(formatError(err));
    return { ok: false, dangling: false };
  }
  const state: MainState = { version: 1, store: options.store, command: options.command };
  let cache: RunnerCache | undefined;
  let cacheSummary: CacheSummary | undefined;
  let result: Result | undefined;
  let ok = true;
  try {
    if (options.cache) {
      const avail = cacheServiceAvailability(env);
      if (!avail.available) {
        core.info(`Runner cache: off — ${avail.reason}.`);
        cacheSummary = { scope: 'step', off: avail.reason };
      } else {
        cache = new RunnerCache({
          root: options.store,
          keyPrefix: options.cacheKey,
          env,
          logger: actionsLogger,
          retention: retentionPolicy(options),
          ...(deps.cacheLibrary ? { library: deps.cacheLibrary } : {}),
        });
        const c = cache;
        await core.group('Restore the store from the runner cache', () => c.begin(() => openStore(options.store, true)));
      }
    }

    const ctx: RunContext = {
      logger: actionsLogger,
      progress: progressReporter({ write: (l) => core.info(l) }),
      env,
      workspace: workspaceOf(env),
      exec: actionsExec,
      ...(cache ? { fallback: cache.fallback() } : {}),
    };
    if (cache) wireOrigin(cache, options, ctx);
    try {
      result = await core.group(`oci-store ${options.command}`, () => execute(options, ctx));
      // Retention's "last used": what this command wrote or read.
      if (cache) await cache.recordUse(tagsUsed(options, result));
    } catch (err) {
      ok = false;
      core.setFailed(formatError(err));
    }

    if (result) {
      setOutputs(result, cache?.cacheHit ?? false, env);
      if (options.command === 'serve') state.serve = serveState(result);
    } else if (env['GITHUB_OUTPUT']) {
      core.setOutput('store', options.store, env);
      core.setOutput('cache-hit', String(cache?.cacheHit ?? false), env);
    }
  } catch (err) {
    // Only a bug gets here (commands and the cache handle their own failures).
    ok = false;
    core.setFailed(formatError(err));
  }

  if (cache) {
    await cache.end().catch(() => undefined);
    state.cache = { owner: cache.owner, keyPrefix: options.cacheKey, broken: cache.broken, stats: cache.stats };
    cacheSummary = { scope: 'step', hit: cache.cacheHit, stats: cache.stats };
  }
  saveMainState(deps.state, state);
  await writeSummary(renderSummary({ command: options.command, ...(result ? { result } : {}), ...(cacheSummary ? { cache: cacheSummary } : {}) }), env);
  return { ok, dangling: cache?.dangling ?? false };
}

/**
 * Set the step's outputs (action.yml). On a runner they go to GITHUB_OUTPUT; a local run
 * of the bundle (no GITHUB_OUTPUT) prints them as `name: value` lines instead of the
 * runner's legacy `::set-output` commands.
 */
function setOutputs(r: Result, cacheHit: boolean, env: Record<string, string | undefined>): void {
  const outputs: Array<[string, string]> = [
    ['digest', r.digest ?? ''],
    ['tags', r.tags.join('\n')],
    ['metadata', r.metadata ? JSON.stringify(r.metadata) : ''],
    ['cache-hit', String(cacheHit)],
    ['store', r.store],
  ];
  if (r.registry) outputs.push(['registry', r.registry]);
  const onRunner = Boolean(env['GITHUB_OUTPUT']);
  for (const [name, value] of outputs) {
    if (onRunner) core.setOutput(name, value, env);
    else if (value !== '') core.info(`${name}: ${name === 'metadata' ? JSON.stringify(r.metadata, null, 2) : value.replace(/\n/g, ', ')}`);
  }
  if (onRunner) {
    if (r.digest) core.info(`digest: ${r.digest}`);
    if (r.tags.length) core.info(`tags: ${r.tags.join(', ')}`);
    if (r.registry) core.info(`registry: ${r.registry}`);
  }
  if (r.details && Object.keys(r.details).length > 0) core.info(JSON.stringify(r.details, null, 2));
}

/** What post needs to stop a `serve` started by main. */
function serveState(r: Result): NonNullable<MainState['serve']> {
  const s: NonNullable<MainState['serve']> = {};
  if (r.registry) s.registry = r.registry;
  const pid = r.details?.['pid'];
  if (typeof pid === 'number') s.pid = pid;
  if (r.details) s.details = r.details;
  return s;
}

/**
 * Let the cache re-fetch an evicted blob from the registry its tag names (a pulled base
 * image, a pushed build). The registry client is loaded only when that happens.
 */
function wireOrigin(cache: RunnerCache, options: Options, ctx: RunContext): void {
  cache.originFetch = async (ref, desc, blobs) => {
    const { registryClient } = await import('../core/commands/registry.js');
    const client = registryClient(options, ctx);
    try {
      const body = await client.repository(ref).fetchBlob(desc);
      const w = await blobs.writer(`origin-${desc.digest.replace(':', '-')}`, { total: desc.size, expected: desc.digest });
      try {
        await pipeline(body, w.stream());
      } catch (err) {
        await w.cancel().catch(() => undefined);
        throw err;
      }
      await w.commit(desc.size, desc.digest); // verifies size and digest
      return true;
    } finally {
      client.close();
    }
  };
}

/** The post step: stop a local registry, then (first use in the job only) save the store. Never fails the job. */
export async function runPost(deps: StepDeps = defaultDeps()): Promise<MainOutcome> {
  const state = loadMainState(deps.state);
  if (!state?.store) return { ok: true, dangling: false };
  const { env } = deps;
  if (state.serve) await stopServe(state).catch((err) => core.warning(`Could not stop the local registry: ${formatError(err)}`));
  const c = state.cache;
  if (!c) return { ok: true, dangling: false };
  if (!c.owner) {
    core.info('Runner cache: the first oci-store step of this job saves the store in its post step');
    return { ok: true, dangling: false };
  }
  if (c.broken) {
    core.warning('Runner cache: not saving — the cache failed in the main step');
    return { ok: true, dangling: false };
  }
  const cache = new RunnerCache({ root: state.store, keyPrefix: c.keyPrefix, env, logger: actionsLogger, ...(deps.cacheLibrary ? { library: deps.cacheLibrary } : {}) });
  let job: { stats: CacheStats; cacheHit: boolean } | undefined;
  let report: SaveReport | undefined;
  try {
    await core.group('Save the store to the runner cache', async () => {
      const { existsSync } = await import('node:fs');
      const { join } = await import('node:path');
      if (!existsSync(join(state.store!, 'index.json'))) {
        core.info('Runner cache: there is no store to save');
        return;
      }
      const store = await openStore(state.store!, false);
      report = await cache.save(store);
    });
    job = await cache.jobSession();
  } catch (err) {
    core.warning(`Runner cache: saving failed: ${formatError(err)}`);
  }
  const total = job ? addStats(job.stats, cache.stats) : cache.stats;
  core.info(
    `Runner cache this job: restored ${total.restoredEntries} entr${total.restoredEntries === 1 ? 'y' : 'ies'} (${formatBytes(total.restoredBytes)}), saved ${total.savedEntries} (${formatBytes(total.savedBytes)})`,
  );
  await writeSummary(renderSummary({ command: state.command ?? '', cache: { scope: 'job', hit: job?.cacheHit ?? false, stats: total, ...(report ? { save: report } : {}) } }), env);
  return { ok: true, dangling: cache.dangling };
}

/** Stop the local registry main started: it must not write to the store while post saves it. */
async function stopServe(state: MainState): Promise<void> {
  const pid = state.serve?.pid;
  if (pid === undefined) return;
  const { stopServer } = await import('../core/serve/detached.js');
  const r = await stopServer(pid);
  if (r.wasRunning) core.info(`Stopped the local registry ${state.serve?.registry ?? ''} (pid ${pid})${r.forced ? ' — it had to be killed' : ''}`);
}

/**
 * The runner cache as the lazy blob source of a detached `serve` registry: the child
 * inherits the runner's cache variables, reads the ledger the main step left in the
 * store, and restores a blob the first time a client pulls it.
 */
export async function serveChildFallback(options: ServeChildOptions, logger: Logger): Promise<BlobFallback | undefined> {
  // No key prefix: `cache: false` (commands/serve.ts passes the prefix only with the cache on).
  if (options.cacheKey === undefined || !cacheServiceAvailability(process.env).available) return undefined;
  const cache = new RunnerCache({ root: options.store, keyPrefix: options.cacheKey, env: process.env, logger });
  await cache.ledger();
  return cache.fallback();
}
