/**
 * `serve`: the store as a distribution-spec registry on 127.0.0.1 for later steps — the
 * command over the registry of ../serve/, from the command's Options.
 *
 * - `serve(options, ctx)` (the action's main, the CLI's `serve --detach`) starts the
 *   registry as a detached child process and returns once `/v2/` answers: `registry` =
 *   `127.0.0.1:<port>`, `details.pid` = the child to stop in post (or with `kill`, or
 *   `stopServer` of ../serve/detached.ts).
 * - `runServer(options, ctx)` runs it in this process until `ctx.signal` (the CLI's `serve`,
 *   in the foreground until Ctrl-C or SIGTERM, like `registry serve`).
 */
import type { Options } from './options.js';
import { startDetached } from '../serve/detached.js';
import { runRegistry, type RunningRegistry } from '../serve/run.js';
import type { CommandFn, Result, RunContext } from './types.js';

/** Options of runServer. */
export interface RunServerOptions {
  /** Listen address; default 127.0.0.1. */
  host?: string;
  /** Port; default `options.port` (0 = any free port). */
  port?: number;
  /** Stops the server when aborted; default `ctx.signal`. */
  signal?: AbortSignal;
  /** Also stop on SIGTERM/SIGINT of this process. */
  handleSignals?: boolean;
  /** How long in-flight requests may finish when stopping (ms); default 5000. */
  graceMs?: number;
  /** Called once the registry answers, with the Result `serve` reports. */
  onReady?: (result: Result) => void;
}

/**
 * Run the registry in this process until stopped (`ctx.signal`, SIGTERM/SIGINT with
 * `handleSignals`) — runRegistry of ../serve/run.ts on the store of `options` — and resolve
 * with the Result `serve` reports once stopped; rejects ADDRESS_IN_USE (input `port`)
 * when the port is taken.
 */
export async function runServer(options: Options, ctx: RunContext, run: RunServerOptions = {}): Promise<Result> {
  const result = (r: RunningRegistry): Result => ({
    tags: [],
    store: r.store,
    registry: r.registry,
    details: { port: r.port, pid: process.pid },
  });
  const signal = run.signal ?? ctx.signal;
  const onReady = run.onReady;
  const running = await runRegistry({
    store: options.store,
    host: run.host ?? '127.0.0.1',
    port: run.port ?? options.port,
    logger: ctx.logger,
    ...(ctx.fallback ? { fallback: ctx.fallback } : {}),
    ...(signal ? { signal } : {}),
    ...(run.handleSignals !== undefined ? { handleSignals: run.handleSignals } : {}),
    ...(run.graceMs !== undefined ? { graceMs: run.graceMs } : {}),
    ...(onReady ? { onReady: (r: RunningRegistry) => onReady(result(r)) } : {}),
  });
  return result(running);
}

/**
 * `serve`: start the registry detached and report `registry` — the action's behaviour (its
 * post step stops the child) and the CLI's `serve --detach`. The CLI's plain `serve` calls
 * runServer instead.
 */
export const serve: CommandFn = async (options, ctx) => {
  // The runner cache goes along as its key prefix only: the child rebuilds its blob
  // fallback from it (the action's serve hook); credentials stay here.
  const child = { store: options.store, port: options.port, ...(options.cache ? { cacheKey: options.cacheKey } : {}) };
  const started = await startDetached(child, { env: ctx.env });
  ctx.logger.info(`registry running at ${started.registry} (pid ${started.pid}, log ${started.logFile})`);
  return {
    tags: [],
    store: options.store,
    registry: started.registry,
    details: { pid: started.pid, port: started.port, log: started.logFile },
  };
};
