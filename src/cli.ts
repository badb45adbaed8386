#!/usr/bin/env node
/**
 * The command line: `oci-store <command> [--<input> <value>]...`. Every action input is a
 * flag of the same name (DESIGN.md §2); outputs are one JSON object on stdout, logs and
 * errors go to stderr (an error is one line), exit code 0 on success and 1 on failure.
 * There is no runner cache here. Ctrl-C cancels the operation through RunContext.signal.
 */
import { homedir } from 'node:os';
import { COMMANDS, INPUT_NAMES, parseOptions } from './core/options.js';
import { formatError, OciError } from './core/errors.js';
import type { InputName, RawInputs } from './core/options.js';
import type { Logger } from './core/content.js';
import { Redactor } from './core/secrets.js';
import type { Result, RunContext } from './core/commands/types.js';
import { progressReporter } from './action/progress.js';

/** Inputs that repeat by adding a line (`--tags a --tags b`). */
const LIST_INPUTS: ReadonlySet<InputName> = new Set(['tags', 'layers', 'env', 'labels', 'annotations', 'insecure', 'platform']);
/** Inputs that may be given bare (`--push` = `--push true`). */
const BOOLEAN_INPUTS: ReadonlySet<InputName> = new Set(['push', 'cache']);

/** Usage text. */
export const USAGE = `Usage: oci-store <command> [--<input> <value>]...

An OCI image-layout store: build images and artifacts from files, pull, push, tag,
unpack and serve them — no Docker daemon.

Commands: ${COMMANDS.join(', ')}

Every input of the GitHub Action is a flag of the same name, e.g.
  oci-store ingest --layers dist:/app --tags app:1 --store ./store
  oci-store unpack --ref app:1 --path ./out --store ./store
  oci-store push --ref app:1 --tags 127.0.0.1:5000/app:1 --store ./store
  oci-store inspect --store ./store

Flags: ${INPUT_NAMES.map((n) => `--${n}`).join(' ')}
List flags (--tags, --layers, --env, --labels, --annotations, --insecure, --platform)
may repeat. --push alone means --push true. The runner cache is the action's only.

Outputs are printed as one JSON object on stdout; logs and errors go to stderr.
Exit code: 0 on success, 1 on failure, 130 when interrupted.`;

/** Parse argv (without node and the script) into raw inputs. Throws an OciError for a bad flag. */
export function parseArgv(argv: string[]): { raw: RawInputs; help: boolean } {
  const raw: RawInputs = {};
  let help = false;
  const set = (name: InputName, value: string): void => {
    const prev = raw[name];
    if (prev !== undefined && LIST_INPUTS.has(name)) raw[name] = `${prev}\n${value}`;
    else if (prev !== undefined && name !== 'command') {
      throw new OciError('INVALID_INPUT', `--${name} is given twice`, { input: name, hint: `give --${name} once` });
    } else raw[name] = value;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h' || arg === 'help') {
      help = true;
      continue;
    }
    if (!arg.startsWith('--')) {
      if (raw.command === undefined && i === 0) {
        raw.command = arg;
        continue;
      }
      throw new OciError('INVALID_INPUT', `unexpected argument ${JSON.stringify(arg)}`, {
        input: 'command',
        hint: 'write oci-store <command> [--<input> <value>]...; quote values with spaces or newlines',
      });
    }
    const eq = arg.indexOf('=');
    const flag = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
    if (!(INPUT_NAMES as readonly string[]).includes(flag)) {
      throw new OciError('INVALID_INPUT', `unknown flag --${flag}`, { input: flag, hint: `run oci-store --help for the flags (${INPUT_NAMES.length} inputs)` });
    }
    const name = flag as InputName;
    if (eq >= 0) {
      set(name, arg.slice(eq + 1));
      continue;
    }
    const next = argv[i + 1];
    if (BOOLEAN_INPUTS.has(name) && (next === undefined || next.startsWith('--'))) {
      set(name, 'true');
      continue;
    }
    if (next === undefined) {
      throw new OciError('INVALID_INPUT', `--${name} needs a value`, { input: name, hint: `write --${name} <value>` });
    }
    set(name, next);
    i++;
  }
  return { raw, help };
}

/**
 * The core's Logger on stderr; debug lines only with OCI_STORE_DEBUG or RUNNER_DEBUG set.
 * Secrets the core reports (registry tokens) are kept out of every line.
 */
function stderrLogger(env: Record<string, string | undefined>, secrets: Redactor): Logger {
  const debug = Boolean(env['OCI_STORE_DEBUG'] || env['RUNNER_DEBUG'] === '1');
  return {
    debug: (m) => {
      if (debug) process.stderr.write(`debug: ${secrets.redact(m)}\n`);
    },
    info: (m) => process.stderr.write(`${secrets.redact(m)}\n`),
    warning: (m) => process.stderr.write(`warning: ${secrets.redact(m)}\n`),
    secret: (s) => {
      secrets.add(s);
    },
  };
}

/** The JSON the CLI prints for a result: the action's outputs, plus command details. */
export function resultJSON(r: Result): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (r.digest !== undefined) out['digest'] = r.digest;
  out['tags'] = r.tags;
  if (r.metadata !== undefined) out['metadata'] = r.metadata;
  out['store'] = r.store;
  if (r.registry !== undefined) out['registry'] = r.registry;
  if (r.details !== undefined) out['details'] = r.details;
  return out;
}

/** Run the CLI; resolves to the exit code. */
export async function main(argv: string[], env: Record<string, string | undefined> = process.env): Promise<number> {
  const controller = new AbortController();
  const secrets = new Redactor();
  let interrupted = false;
  const onSigint = (): void => {
    if (interrupted) process.exit(130); // a second Ctrl-C: do not wait for cleanup
    interrupted = true;
    process.stderr.write('oci-store: interrupted; cleaning up (Ctrl-C again to quit at once)\n');
    controller.abort(new OciError('CANCELLED', 'interrupted', { hint: 'run the command again; the store was left as it was' }));
  };
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigint);
  try {
    const { raw, help } = parseArgv(argv);
    if (help || argv.length === 0) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    const options = parseOptions(raw, { cwd: process.cwd(), home: env['HOME'] || homedir() });
    secrets.add(options.password);
    secrets.add(options.githubToken);
    if (options.username !== undefined && options.password !== undefined) secrets.addBasic(options.username, options.password);
    const ctx: RunContext = {
      logger: stderrLogger(env, secrets),
      progress: progressReporter({ write: (l) => process.stderr.write(`${l}\n`) }),
      env,
      workspace: process.cwd(),
      signal: controller.signal,
    };
    const { execute } = await import('./core/commands/index.js');
    const result = await execute(options, ctx);
    if (interrupted) throw controller.signal.reason;
    process.stdout.write(`${secrets.redact(JSON.stringify(resultJSON(result)))}\n`);
    return 0;
  } catch (err) {
    process.stderr.write(`oci-store: ${secrets.redact(formatError(interrupted ? controller.signal.reason : err))}\n`);
    return interrupted ? 130 : 1;
  } finally {
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigint);
  }
}

// Run when executed directly (the bundle, or `node .test-build/src/cli.js`), not when imported.
const invoked = process.argv[1] ?? '';
if (/(?:^|[\\/])(?:cli\.js|cli[\\/]index\.js|oci-store)$/.test(invoked)) {
  // `serve` re-runs this script as the detached registry: that child does only that.
  const { runServeChildIfRequested } = await import('./core/serve/child.js');
  if (!(await runServeChildIfRequested())) process.exitCode = await main(process.argv.slice(2));
}
