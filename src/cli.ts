#!/usr/bin/env node
/**
 * The command line: `oci-store <command> [--<input> <value>]...`. Every action input is a
 * flag of the same name (DESIGN.md §2); outputs are one JSON object on stdout, logs and
 * errors go to stderr (an error is one line), exit code 0 on success and 1 on failure.
 * There is no runner cache here. Ctrl-C cancels the operation through RunContext.signal.
 * `serve` runs the registry in the foreground until Ctrl-C or SIGTERM; `--detach` starts it
 * in the background as the action does, and returns.
 */
import { homedir } from 'node:os';
import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';
import { COMMANDS, INPUT_NAMES, parseOptions } from './core/commands/options.js';
import { formatError, OciError } from './core/errors.js';
import type { InputName, Options, RawInputs } from './core/commands/options.js';
import type { Logger } from './core/content.js';
import { Redactor } from './core/secrets.js';
import type { Result, RunContext } from './core/commands/types.js';
import { installMemoryPolicy } from './action/memory.js';
import { enableCompileCache } from './action/compile-cache.js';
import { progressReporter } from './action/progress.js';

/** Inputs that repeat by adding a line (`--tags a --tags b`). */
const LIST_INPUTS: ReadonlySet<InputName> = new Set(['tags', 'layers', 'env', 'labels', 'annotations', 'insecure', 'platform']);
/** Inputs that may be given bare (`--push` = `--push true`). */
const BOOLEAN_INPUTS: ReadonlySet<string> = new Set<InputName>(['push', 'cache', 'overwrite', 'same-owner']);

/**
 * The flags, for node:util's parseArgs: every action input a string flag (collected, so a
 * repeated single one is refused rather than silently overridden), and the CLI's own.
 */
const FLAGS: ParseArgsOptionsConfig = {
  ...Object.fromEntries(INPUT_NAMES.map((n) => [n, { type: 'string', multiple: true }])),
  help: { type: 'boolean', short: 'h' },
  detach: { type: 'boolean' },
};

/** Usage text. */
export const USAGE = `Usage: oci-store <command> [--<input> <value>]...

An OCI image-layout store: build images and artifacts from files, pull, push, tag,
unpack and serve them — no Docker daemon.

Commands: ${COMMANDS.join(', ')}

Every input of the GitHub Action is a flag of the same name, e.g.
  oci-store ingest --layers dist:/app --tags app:1 --store ./store
  oci-store unpack --ref app:1 --path ./out --store ./store
  oci-store push --ref app:1 --tags 127.0.0.1:5000/app:1 --store ./store
  oci-store index --ref app:amd64 --ref app:arm64 --tags app:1 --store ./store
  oci-store inspect --store ./store
  oci-store serve --port 5000 --store ./store

Flags: ${INPUT_NAMES.map((n) => `--${n}`).join(' ')}
Write --flag value or --flag=value (=value for a value that starts with -). List flags
(--tags, --layers, --env, --labels, --annotations, --insecure, --platform, and --ref of
index) may repeat. --push alone means --push true. The runner cache is the action's only.

serve runs the registry until Ctrl-C or SIGTERM, printing its address on stderr and the
JSON on stdout once it listens; --detach starts it in the background instead (as the
action does) and prints the JSON with the pid to stop it with kill.

Outputs are printed as one JSON object on stdout; logs and errors go to stderr.
Exit code: 0 on success (and when serve is stopped), 1 on failure, 130 when interrupted.`;

/** What the command line asks for. */
export interface Argv {
  raw: RawInputs;
  /** `--help`, `-h` or `help`: print the usage. */
  help: boolean;
  /** `serve --detach`: start the registry in the background and return. */
  detach: boolean;
}

/**
 * Parse argv (without node and the script) with node:util's parseArgs (strict). Throws one
 * INVALID_INPUT OciError naming the flag at fault: unknown, missing its value, given twice.
 */
export function parseArgv(argv: string[]): Argv {
  const args = bareBooleans(argv);
  let parsed: ReturnType<typeof parseArgs<{ args: string[]; options: typeof FLAGS; strict: true; allowPositionals: true; tokens: true }>>;
  try {
    parsed = parseArgs({ args, options: FLAGS, strict: true, allowPositionals: true, tokens: true });
  } catch (e) {
    throw argvError(args, e);
  }
  const raw: RawInputs = {};
  let help = parsed.values['help'] === true;
  for (const t of parsed.tokens) {
    if (t.kind !== 'positional') continue;
    if (t.value === 'help') help = true;
    else if (t.index === 0) raw.command = t.value;
    else {
      throw new OciError('INVALID_INPUT', `unexpected argument ${JSON.stringify(t.value)}`, {
        input: 'command',
        hint: 'write oci-store <command> [--<input> <value>]...; quote values with spaces or newlines',
      });
    }
  }
  for (const name of INPUT_NAMES) {
    const given = parsed.values[name] as string[] | undefined;
    if (given === undefined) continue;
    const values = name === 'command' && raw.command !== undefined ? [raw.command, ...given] : given;
    // index assembles several refs: --ref may repeat there.
    const list = LIST_INPUTS.has(name) || (name === 'ref' && raw.command?.trim() === 'index');
    if (values.length > 1 && !list) {
      throw new OciError('INVALID_INPUT', `--${name} is given twice`, { input: name, hint: `give --${name} once` });
    }
    raw[name] = values.join('\n');
  }
  const detach = parsed.values['detach'] === true;
  if (detach && raw.command?.trim() !== 'serve') {
    throw new OciError('INVALID_INPUT', '--detach applies to serve only', { input: 'detach', hint: 'drop --detach, or run oci-store serve --detach' });
  }
  return { raw, help, detach };
}

/**
 * `--push` and `--cache` given bare — last, or before another flag — mean true; written
 * `--push=true` for parseArgs, whose string flags always take a value (`--push false` and
 * `--push=false` keep theirs).
 */
function bareBooleans(argv: string[]): string[] {
  const out = [...argv];
  for (let i = 0; i < out.length && out[i] !== '--'; i++) {
    const arg = out[i]!;
    if (!arg.startsWith('--') || !BOOLEAN_INPUTS.has(arg.slice(2))) continue;
    const next = out[i + 1];
    if (next === undefined || next.startsWith('-')) out[i] = `${arg}=true`;
    else i++;
  }
  return out;
}

/**
 * The OciError for argv that strict parseArgs refused: the flag at fault is found in a
 * lenient pass over the same argv (never in the wording of parseArgs' message).
 */
function argvError(args: string[], cause: unknown): OciError {
  const { tokens } = parseArgs({ args, options: FLAGS, strict: false, allowPositionals: true, tokens: true });
  for (const t of tokens) {
    if (t.kind !== 'option') continue;
    const flag = Object.hasOwn(FLAGS, t.name) ? FLAGS[t.name] : undefined;
    if (flag === undefined) {
      return new OciError('INVALID_INPUT', `unknown flag ${t.rawName}`, {
        input: t.name,
        hint: `run oci-store --help for the flags (${INPUT_NAMES.length} inputs, each written --<input>)`,
        cause,
      });
    }
    if (flag.type === 'boolean' && t.value !== undefined) {
      return new OciError('INVALID_INPUT', `${t.rawName} takes no value`, { input: t.name, hint: `write ${t.rawName} alone`, cause });
    }
    if (flag.type === 'string' && (t.value === undefined || (!t.inlineValue && t.value.startsWith('-')))) {
      return new OciError('INVALID_INPUT', `--${t.name} needs a value`, {
        input: t.name,
        hint: `write --${t.name} <value>, or --${t.name}=<value> for a value that starts with -`,
        cause,
      });
    }
  }
  return new OciError('INVALID_INPUT', `cannot parse the arguments: ${(cause as Error).message}`, {
    input: 'command',
    hint: 'write oci-store <command> [--<input> <value>]...',
    cause,
  });
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

/**
 * `serve` on the command line: the registry runs in this process until Ctrl-C or SIGTERM
 * (`ctx.signal`), as `registry serve` and `python -m http.server` do. Once it listens, its
 * address is on stderr and the JSON result on stdout, for scripts. Stopping is its normal
 * end (exit 0): requests in flight get their grace, unfinished uploads stay resumable,
 * and index.json is only ever replaced whole, so the store is left consistent.
 */
async function serveInForeground(options: Options, ctx: RunContext): Promise<number> {
  const { runServer } = await import('./core/commands/serve.js');
  await runServer(options, ctx, { onReady: (r) => process.stdout.write(`${JSON.stringify(resultJSON(r))}\n`) });
  return 0;
}

/** Run the CLI; resolves to the exit code. */
export async function main(argv: string[], env: Record<string, string | undefined> = process.env): Promise<number> {
  const controller = new AbortController();
  const secrets = new Redactor();
  let interrupted = false;
  let serving = false;
  const onSigint = (): void => {
    if (interrupted) process.exit(130); // a second Ctrl-C: do not wait for cleanup
    interrupted = true;
    if (!serving) process.stderr.write('oci-store: interrupted; cleaning up (Ctrl-C again to quit at once)\n');
    controller.abort(new OciError('CANCELLED', 'interrupted', { hint: 'run the command again; the store was left as it was' }));
  };
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigint);
  try {
    const { raw, help, detach } = parseArgv(argv);
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
    if (options.command === 'serve' && !detach) {
      serving = true;
      return await serveInForeground(options, ctx);
    }
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
  // Before any chunk of the bundle loads (commands, store, registry: all import()ed below):
  // their code comes from Node's on-disk cache after the first run (action/compile-cache.ts).
  // Here, not at the top of the file, so a module that imports the CLI enables nothing.
  enableCompileCache();
  // The store's forced collections are this program's choice, not the library's.
  installMemoryPolicy();
  // `serve --detach` re-runs this script as the detached registry: that child does only that.
  const { runServeChildIfRequested } = await import('./core/serve/child.js');
  if (!(await runServeChildIfRequested())) process.exitCode = await main(process.argv.slice(2));
}
