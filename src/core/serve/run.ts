/**
 * The registry in this process, from start to a graceful stop: what the CLI's foreground
 * `serve` and the detached child (child.ts) both run.
 */
import type { BlobFallback, Logger } from '../content.js';
import { Store } from '../layout.js';
import { RegistryServer } from './server.js';

/** Options of runRegistry. */
export interface RunRegistryOptions {
  /** Store directory. */
  store: string;
  /** Listen address; default 127.0.0.1. */
  host?: string;
  /** Port (0 = any free port). */
  port: number;
  logger: Logger;
  /** Lazy source of blobs missing from the store (a runner cache). */
  fallback?: BlobFallback;
  /** Stops the registry when aborted. */
  signal?: AbortSignal;
  /** Also stop on SIGTERM/SIGINT of this process. */
  handleSignals?: boolean;
  /** How long in-flight requests may finish when stopping (ms); default 5000. */
  graceMs?: number;
  /** Called once the registry answers. */
  onReady?: (running: RunningRegistry) => void;
}

/** A registry that runs (or ran) in this process. */
export interface RunningRegistry {
  /** Absolute store path. */
  store: string;
  /** `host:port`. */
  registry: string;
  port: number;
}

/**
 * Run the registry until stopped (`signal`, SIGTERM/SIGINT with `handleSignals`), then stop
 * gracefully: new connections refused, requests in flight given `graceMs`, unfinished
 * uploads kept resumable. Resolves once stopped; rejects ADDRESS_IN_USE (input `port`)
 * when the port is taken.
 */
export async function runRegistry(run: RunRegistryOptions): Promise<RunningRegistry> {
  const { logger } = run;
  const store = await Store.open(run.store, { logger, ...(run.fallback ? { fallback: run.fallback } : {}) });
  const server = await RegistryServer.start(store, { host: run.host ?? '127.0.0.1', port: run.port, logger });
  const running: RunningRegistry = { store: store.root, registry: server.registry, port: server.port };
  logger.info(`serving ${store.root} as a registry at ${server.registry}`);
  const signal = run.signal;
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      signal?.removeEventListener('abort', stop);
      if (run.handleSignals) {
        process.off('SIGTERM', stop);
        process.off('SIGINT', stop);
      }
      resolve();
    };
    if (signal?.aborted) return stop();
    signal?.addEventListener('abort', stop, { once: true });
    if (run.handleSignals) {
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
    }
    run.onReady?.(running);
  });
  logger.info(`stopping the registry at ${server.registry}`);
  await server.close(run.graceMs ?? 5_000);
  return running;
}
