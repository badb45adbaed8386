/**
 * The detached registry process. `command: serve` in the action (and the CLI's
 * `serve --detach`) re-runs the very entry script it was started from — `process.argv[1]`:
 * `dist/main/index.js`, `dist/cli/index.js`, or `.test-build/src/core/serve/entry.js` — as
 * a detached child with `OCI_STORE_SERVE_CHILD` set to the JSON config. Every entry point
 * therefore calls `runServeChildIfRequested()` first thing: in the child it runs the
 * registry until SIGTERM and returns true (the entry then does nothing else); in any other
 * process it records the entry script and returns false.
 *
 * The child reports readiness (or its startup error) to the parent over the IPC channel,
 * then the parent disconnects and returns; the child's stdout/stderr go to a log file.
 */
import type { BlobFallback, Logger } from '../content.js';

/** Environment variable that marks the serve child; its value is the JSON ServeChildConfig. */
export const SERVE_CHILD_ENV = 'OCI_STORE_SERVE_CHILD';

/**
 * What the child serves. Credentials never go here: the registry serves a store on
 * loopback and needs none, and this travels in the child's environment.
 */
export interface ServeChildOptions {
  /** Absolute store directory. */
  store: string;
  /** Port; 0 = any free port. */
  port: number;
  /**
   * Key prefix of the runner-cache entries the store lives in, when the front end keeps it
   * in one: the hook `fallback` reads the blobs missing from the store from there.
   */
  cacheKey?: string;
}

/** What the parent passes to the child. */
export interface ServeChildConfig {
  options: ServeChildOptions;
  host: string;
  graceMs: number;
  debug: boolean;
}

/** Messages from the child over IPC. */
export type ServeChildMessage =
  | { type: 'ready'; registry: string; port: number; pid: number }
  | { type: 'error'; code: string; message: string; input?: string; hint?: string };

/** Hooks an entry point gives the child: what only the front end can build. */
export interface ServeChildHooks {
  /**
   * The lazy source of blobs missing from the store (the runner cache, built by the
   * action from its environment and `options.cacheKey`); undefined for none.
   */
  fallback?: (options: ServeChildOptions, logger: Logger) => Promise<BlobFallback | undefined>;
}

let entryScript: string | undefined;

/** The entry script recorded by `runServeChildIfRequested` in a non-child process. */
export function registeredServeEntry(): string | undefined {
  return entryScript;
}

/** True in the serve child process. */
export function isServeChild(env: NodeJS.ProcessEnv = process.env): boolean {
  return env[SERVE_CHILD_ENV] !== undefined && env[SERVE_CHILD_ENV] !== '';
}

/**
 * Call first thing in every entry point. In the serve child: run the registry until
 * SIGTERM/SIGINT, then resolve true — the entry must then return without doing anything
 * else (the process exits when the server has stopped). Elsewhere: remember
 * `process.argv[1]` as the script to re-run for a detached serve and resolve false.
 */
export async function runServeChildIfRequested(hooks: ServeChildHooks = {}): Promise<boolean> {
  if (!isServeChild()) {
    entryScript ??= process.argv[1];
    return false;
  }
  const raw = process.env[SERVE_CHILD_ENV]!;
  delete process.env[SERVE_CHILD_ENV];
  const send = (m: ServeChildMessage): void => {
    if (process.send && process.connected) process.send(m);
  };
  let config: ServeChildConfig;
  try {
    config = JSON.parse(raw) as ServeChildConfig;
  } catch (e) {
    send({ type: 'error', code: 'INVALID_INPUT', message: `bad ${SERVE_CHILD_ENV}: ${(e as Error).message}` });
    process.exitCode = 1;
    return true;
  }
  const logger = stderrLogger(config.debug);
  try {
    // Loaded here, not at the top: every entry point imports this module first thing, and
    // only the child needs the registry.
    const { runRegistry } = await import('./run.js');
    const fallback = hooks.fallback ? await hooks.fallback(config.options, logger) : undefined;
    await runRegistry({
      store: config.options.store,
      host: config.host,
      port: config.options.port,
      logger,
      ...(fallback ? { fallback } : {}),
      graceMs: config.graceMs,
      handleSignals: true,
      onReady: (r) => {
        send({ type: 'ready', registry: r.registry, port: r.port, pid: process.pid });
        if (process.connected) process.disconnect();
      },
    });
    logger.info('stopped');
  } catch (e) {
    const err = e as { code?: unknown; message?: unknown; input?: unknown; hint?: unknown };
    const m: ServeChildMessage = { type: 'error', code: typeof err.code === 'string' ? err.code : 'UNKNOWN', message: String(err.message ?? e) };
    if (typeof err.input === 'string') m.input = err.input;
    if (typeof err.hint === 'string') m.hint = err.hint;
    logger.warning(`failed: ${m.message}`);
    send(m);
    process.exitCode = 1;
  } finally {
    // A front end's hooks (a cache client's sockets) must not keep a stopped registry alive.
    setTimeout(() => process.exit(), 1_000).unref();
  }
  return true;
}

/** Lines with a timestamp on stderr (the child's stderr is its log file). */
function stderrLogger(debug: boolean): Logger {
  const line = (level: string, message: string): void => {
    process.stderr.write(`${new Date().toISOString()} ${level} ${message}\n`);
  };
  return {
    debug: (m) => {
      if (debug) line('debug', m);
    },
    info: (m) => line('info', m),
    warning: (m) => line('warning', m),
  };
}
