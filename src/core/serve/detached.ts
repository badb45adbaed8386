/**
 * The registry as a detached process, the parent's side (child.ts is the child's):
 * `startDetached` re-runs the entry script as a child that outlives this process and
 * returns once `/v2/` answers; `stopServer(pid)` stops it gracefully (the action's post
 * step, the CLI user with `kill`).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { OciError, type ErrorCode } from '../errors.js';
import { pidAlive } from '../lock.js';
import { registeredServeEntry, SERVE_CHILD_ENV, type ServeChildConfig, type ServeChildMessage, type ServeChildOptions } from './child.js';

/** Environment override of the script the detached child runs (tests, development). */
export const SERVE_ENTRY_ENV = 'OCI_STORE_SERVE_ENTRY';

/** Options of startDetached. */
export interface StartDetachedOptions {
  /** The script the child runs; default the registered entry point, else `OCI_STORE_SERVE_ENTRY`, else the compiled `serve/entry.js`. */
  entry?: string;
  /** Environment of the child (merged over process.env; action secrets are removed). */
  env?: Record<string, string | undefined>;
  /** Port; default `options.port` (0 = any free port). */
  port?: number;
  host?: string;
  /** The child's log (stdout and stderr); default `$RUNNER_TEMP` or the temp dir. */
  logFile?: string;
  /** How long to wait for the child to answer (ms); default 30 s. */
  readyTimeoutMs?: number;
  /** Grace of the child's stop (ms); default 5000. */
  graceMs?: number;
  /** Debug lines in the log. */
  debug?: boolean;
}

/** A registry running in a detached child. */
export interface DetachedServer {
  pid: number;
  /** `127.0.0.1:<port>`. */
  registry: string;
  port: number;
  logFile: string;
}

/** Which script to re-run as the child (see StartDetachedOptions.entry). */
export function serveEntry(env: Record<string, string | undefined> = process.env): string {
  const fromEnv = env[SERVE_ENTRY_ENV];
  if (fromEnv) return fromEnv;
  const registered = registeredServeEntry();
  if (registered) return registered;
  // Resolved at run time from this module's own path (not `new URL(literal, import.meta.url)`,
  // which the bundler would copy into dist/ as an asset): only unbundled builds have it.
  const sibling = join(dirname(fileURLToPath(import.meta.url)), ['entry', 'js'].join('.'));
  if (existsSync(sibling)) return sibling;
  throw new OciError('NOT_IMPLEMENTED', 'cannot start the registry process: this entry point did not register itself', {
    input: 'command',
    hint: 'entry points must call runServeChildIfRequested() first (src/core/serve/child.ts)',
  });
}

/** Action inputs carrying secrets the child must not see. */
const SECRET_ENV = ['INPUT_PASSWORD', 'INPUT_GITHUB-TOKEN', 'INPUT_GITHUB_TOKEN', 'INPUT_USERNAME'];

/**
 * Start the registry as a detached child process (it outlives this one) and return once
 * it answers `GET /v2/`. Throws ADDRESS_IN_USE (input `port`) when the port is taken, or
 * the child's own startup error.
 */
export async function startDetached(options: ServeChildOptions, start: StartDetachedOptions = {}): Promise<DetachedServer> {
  const env: Record<string, string | undefined> = { ...process.env, ...(start.env ?? {}) };
  const entry = start.entry ?? serveEntry(env);
  const port = start.port ?? options.port;
  const host = start.host ?? '127.0.0.1';
  const logFile =
    start.logFile ?? join(env['RUNNER_TEMP'] || tmpdir(), `oci-store-serve-${port || randomBytes(4).toString('hex')}.log`);
  const config: ServeChildConfig = {
    // Named fields only: whatever else the caller's object holds (a front end's secrets)
    // stays in this process.
    options: { store: options.store, port, ...(options.cacheKey !== undefined ? { cacheKey: options.cacheKey } : {}) },
    host,
    graceMs: start.graceMs ?? 5_000,
    debug: start.debug ?? (env['RUNNER_DEBUG'] === '1' || env['OCI_STORE_DEBUG'] === '1'),
  };
  for (const k of SECRET_ENV) delete env[k];
  delete env[SERVE_ENTRY_ENV];
  env[SERVE_CHILD_ENV] = JSON.stringify(config);

  const log = openSync(logFile, 'a');
  let child;
  try {
    child = spawn(process.execPath, [entry], {
      detached: true,
      stdio: ['ignore', log, log, 'ipc'],
      env: env as NodeJS.ProcessEnv,
      cwd: process.cwd(),
    });
  } finally {
    closeSync(log);
  }
  const failed = (code: ErrorCode, message: string, extra: { input?: string; hint?: string } = {}): OciError =>
    new OciError(code, message, { hint: extra.hint ?? `see the registry log ${logFile}`, ...(extra.input ? { input: extra.input } : {}) });
  const timeoutMs = start.readyTimeoutMs ?? 30_000;
  const ready = await new Promise<{ registry: string; port: number }>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(failed('REGISTRY_ERROR', `the registry did not start within ${timeoutMs} ms`));
    }, timeoutMs);
    const done = (): void => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      child.off('error', onError);
    };
    const onMessage = (m: ServeChildMessage): void => {
      done();
      if (m.type === 'ready') resolve({ registry: m.registry, port: m.port });
      else reject(failed(m.code as ErrorCode, m.message, { input: m.input, hint: m.hint }));
    };
    const onExit = (code: number | null, signal: string | null): void => {
      done();
      reject(failed('REGISTRY_ERROR', `the registry process exited before it was ready (${signal ?? `exit code ${code}`})`));
    };
    const onError = (e: Error): void => {
      done();
      reject(failed('REGISTRY_ERROR', `cannot start the registry process: ${e.message}`));
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
    child.once('error', onError);
  });
  if (child.connected) child.disconnect();
  child.unref();
  const pid = child.pid!;
  if (!(await answers(host, ready.port, 5_000))) {
    await stopServer(pid, 2_000);
    throw failed('REGISTRY_ERROR', `the registry at ${ready.registry} does not answer GET /v2/`);
  }
  return { pid, registry: ready.registry, port: ready.port, logFile };
}

/** True once `GET http://host:port/v2/` answers 200 (retried until `timeoutMs`). */
export async function answers(host: string, port: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await new Promise<number>((resolve) => {
      const req = request({ host, port, path: '/v2/', method: 'GET', timeout: 2_000, agent: false }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('timeout', () => req.destroy());
      req.on('error', () => resolve(0));
      req.end();
    });
    if (status === 200) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** What stopServer did. */
export interface StopResult {
  /** The process is gone. */
  stopped: boolean;
  /** It needed SIGKILL after `timeoutMs`. */
  forced: boolean;
  /** It was running when asked. */
  wasRunning: boolean;
}

/** True while `pid` runs (a zombie awaiting its parent's wait counts as stopped). */
export function processRunning(pid: number): boolean {
  return pidAlive(pid);
}

/** True when `pid` is (as far as /proc tells) a registry child of ours, not a reused pid. */
function isServeChildPid(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').some((kv) => kv.startsWith(`${SERVE_CHILD_ENV}=`));
  } catch {
    return true; // no /proc (macOS) or not readable: trust the pid we were given
  }
}

/**
 * Stop a detached registry: SIGTERM (graceful: in-flight requests finish within the
 * child's grace, unfinished uploads stay resumable), then SIGKILL after `timeoutMs`.
 * A pid that is gone, or that /proc shows is not a registry child, is left alone.
 */
export async function stopServer(pid: number, timeoutMs = 10_000): Promise<StopResult> {
  if (!Number.isInteger(pid) || pid <= 0 || !pidAlive(pid) || !isServeChildPid(pid)) {
    return { stopped: !pidAlive(pid), forced: false, wasRunning: false };
  }
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return { stopped: !pidAlive(pid), forced: false, wasRunning: true };
  }
  const deadline = Date.now() + timeoutMs;
  while (pidAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
  if (!pidAlive(pid)) return { stopped: true, forced: false, wasRunning: true };
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    /* gone meanwhile */
  }
  const killDeadline = Date.now() + 2_000;
  while (pidAlive(pid) && Date.now() < killDeadline) await new Promise((r) => setTimeout(r, 25));
  return { stopped: !pidAlive(pid), forced: true, wasRunning: true };
}
