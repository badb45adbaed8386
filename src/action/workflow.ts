/**
 * The action's interface with the runner, on @actions/core: inputs, outputs, state,
 * masks, groups, annotations, debug lines and the job summary. What this module adds is
 * redaction: every secret given to setSecret is kept out of all the action writes.
 *
 * @actions/core statically imports its OIDC client (@actions/http-client, undici): it
 * costs the cold start some time, measured in README's "Dependencies"; with the runner
 * cache on, @actions/cache loads it anyway.
 *
 * Every function that reads the environment takes it as `env`: process.env on a runner;
 * tests pass their own, which is lent to @actions/core (it reads only process.env) for
 * the synchronous moment of the call.
 *
 * Reference: https://docs.github.com/actions/reference/workflow-commands-for-github-actions
 */
import * as core from '@actions/core';
import { existsSync } from 'node:fs';
import { Redactor } from '../core/secrets.js';

type Env = Record<string, string | undefined>;

/**
 * Every secret given to setSecret, in each form it travels in. All this module writes
 * (commands, log lines, outputs, the job summary) passes through it: the runner masks
 * only its log, and only values it was told of — not a local run, not a summary file.
 */
const secrets = new Redactor();

/** Run `fn` with the variables `names` of `env` in process.env, where @actions/core reads them. */
function withEnv<T>(env: Env, names: readonly string[], fn: () => T): T {
  if (env === process.env) return fn();
  const saved = names.map((n) => [n, process.env[n]] as const);
  const put = (n: string, v: string | undefined): void => {
    if (v === undefined) delete process.env[n];
    else process.env[n] = v;
  };
  for (const n of names) put(n, env[n]);
  try {
    return fn();
  } finally {
    for (const [n, v] of saved) put(n, v);
  }
}

/** A command's message as @actions/core escapes it: `%`, CR and LF, so one command is one line. */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A command property as @actions/core escapes it: as escapeData, plus `:` and `,`. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** Command properties (`file`, `line`, `col`, …) as @actions/core's AnnotationProperties, redacted. */
function annotation(properties: Record<string, string>): core.AnnotationProperties {
  const p: core.AnnotationProperties = {};
  const n = (k: string): number | undefined => (properties[k] === undefined ? undefined : Number(properties[k]));
  if (properties['title'] !== undefined) p.title = secrets.redact(properties['title']);
  if (properties['file'] !== undefined) p.file = secrets.redact(properties['file']);
  const [line, endLine, col, endColumn] = [n('line'), n('endLine'), n('col'), n('endColumn')];
  if (line !== undefined) p.startLine = line;
  if (endLine !== undefined) p.endLine = endLine;
  if (col !== undefined) p.startColumn = col;
  if (endColumn !== undefined) p.endColumn = endColumn;
  return p;
}

/**
 * Write `::command k=v,…::message` through @actions/core's call for that command; the
 * message and properties are redacted (add-mask carries the secret itself, for the runner).
 */
export function issueCommand(command: string, properties: Record<string, string>, message: string): void {
  switch (command) {
    case 'add-mask':
      return core.setSecret(message);
    case 'debug':
      return core.debug(secrets.redact(message));
    case 'error':
    case 'warning':
    case 'notice':
      return core[command](secrets.redact(message), annotation(properties));
    case 'group':
      return core.startGroup(secrets.redact(message));
    case 'endgroup':
      return core.endGroup();
    default:
      throw new Error(`no @actions/core call writes ::${command}::`);
  }
}

/** The value of input `name` (`INPUT_<NAME>`, spaces as `_`), trimmed unless asked not to. */
export function getInput(name: string, options: { trimWhitespace?: boolean } = {}, env: Env = process.env): string {
  return withEnv(env, [`INPUT_${name.replace(/ /g, '_').toUpperCase()}`], () => core.getInput(name, options));
}

/**
 * Register a secret: every form of it is kept out of what this process writes, and on a
 * runner each new form is sent to the runner's log masking (core.setSecret, `::add-mask::`).
 * Outside a runner nothing would consume the command, which would only print the secret.
 */
export function setSecret(secret: string, env: Env = process.env): void {
  const added = secrets.add(secret);
  if (env['GITHUB_ACTIONS'] !== 'true') return;
  for (const form of added) core.setSecret(form);
}

/** A plain log line. */
export function info(message: string): void {
  core.info(secrets.redact(message));
}

/** A line shown only with step debug logging on. */
export function debug(message: string): void {
  core.debug(secrets.redact(message));
}

/** A warning annotation. */
export function warning(message: string): void {
  core.warning(secrets.redact(message));
}

/** An error annotation. */
export function error(message: string): void {
  core.error(secrets.redact(message));
}

/** A notice annotation. */
export function notice(message: string): void {
  core.notice(secrets.redact(message));
}

/** Fail the step: one error annotation and exit code 1. */
export function setFailed(message: string): void {
  core.setFailed(secrets.redact(message));
}

/** Start a collapsible log group. */
export function startGroup(name: string): void {
  core.startGroup(secrets.redact(name));
}

/** End the current log group. */
export function endGroup(): void {
  core.endGroup();
}

/** Run `fn` inside a log group. */
export async function group<T>(name: string, fn: () => Promise<T>): Promise<T> {
  return core.group(secrets.redact(name), fn);
}

/** Set a step output (GITHUB_OUTPUT; the legacy `::set-output` command without it). Redacted. */
export function setOutput(name: string, rawValue: string, env: Env = process.env): void {
  const value = secrets.redact(rawValue);
  withEnv(env, ['GITHUB_OUTPUT'], () => core.setOutput(name, value));
}

/**
 * Save state for the post step (GITHUB_STATE). Without it nothing is saved: there is no
 * post step to read it, and the legacy `::save-state::` command would only add noise.
 */
export function saveState(name: string, value: string, env: Env = process.env): void {
  if (!env['GITHUB_STATE']) return;
  withEnv(env, ['GITHUB_STATE'], () => core.saveState(name, value));
}

/** State main saved (`STATE_<name>`). */
export function getState(name: string, env: Env = process.env): string {
  return withEnv(env, [`STATE_${name}`], () => core.getState(name));
}

/** The class of core.summary: a fresh one per use, since the shared one keeps its buffer and the first file path it saw. */
type Summary = typeof core.summary;
const newSummary = (): Summary => new (core.summary.constructor as new () => Summary)();

/** Append HTML/Markdown to the job summary (GITHUB_STEP_SUMMARY) with core.summary; false without one. Redacted. */
export async function appendSummary(text: string, env: Env = process.env): Promise<boolean> {
  const file = env['GITHUB_STEP_SUMMARY'];
  if (!file || !existsSync(file)) return false;
  const s = newSummary().addRaw(secrets.redact(text));
  // write() reads GITHUB_STEP_SUMMARY before its first await, so inside withEnv.
  await withEnv(env, ['GITHUB_STEP_SUMMARY'], () => s.write());
  return true;
}

/** HTML builders for the summary: core.summary's own, each returning its piece as text. */
export const html = {
  heading: (text: string, level: 1 | 2 | 3 | 4 = 2): string => newSummary().addHeading(text, level).stringify(),
  /** Rows of cells; a cell `{ data, header: true }` is a `<th>`. Data is HTML (escape it first). */
  table: (rows: Array<Array<string | { data: string; header?: boolean }>>): string => newSummary().addTable(rows).stringify(),
  details: (label: string, content: string): string => newSummary().addDetails(label, content).stringify(),
  raw: (text: string): string => newSummary().addRaw(text, true).stringify(),
};
