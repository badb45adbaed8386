/**
 * The runner's workflow-command protocol, the part the action's main and post use:
 * inputs from `INPUT_*`, outputs and state through the GITHUB_OUTPUT / GITHUB_STATE files,
 * `::add-mask::`, `::group::`, `::warning::`, `::error::`, and the job summary file.
 *
 * Why not @actions/core: it statically imports its OIDC client, hence @actions/http-client
 * and undici, which cost ~200 ms of a cold start whose whole budget is 300 ms (DESIGN.md
 * §6). This module writes the very same bytes (same escaping, same heredoc delimiters) in
 * a hundred lines; @actions/core still runs inside @actions/cache, which is loaded only
 * when the runner cache is used.
 *
 * Reference: https://docs.github.com/actions/reference/workflow-commands-for-github-actions
 */
import { randomUUID } from 'node:crypto';
import { appendFileSync, existsSync } from 'node:fs';
import { appendFile } from 'node:fs/promises';
import { EOL } from 'node:os';
import { Redactor } from '../core/secrets.js';

type Env = Record<string, string | undefined>;

/**
 * Every secret given to setSecret, in each form it travels in. All this module writes
 * (commands, log lines, outputs, the job summary) passes through it: the runner masks
 * only its log, and only values it was told of — not a local run, not a summary file.
 */
const secrets = new Redactor();

/** A command's message: `%`, CR and LF escaped, so one command is one line. */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A command property: as escapeData, plus `:` and `,`. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** Write `::command k=v,…::message` on its own line. */
export function issueCommand(command: string, properties: Record<string, string>, message: string): void {
  // add-mask carries the secret itself, for the runner to consume.
  const clean = command === 'add-mask' ? (t: string) => t : (t: string) => secrets.redact(t);
  const props = Object.entries(properties)
    .map(([k, v]) => `${k}=${escapeProperty(clean(v))}`)
    .join(',');
  process.stdout.write(`::${command}${props ? ` ${props}` : ''}::${escapeData(clean(message))}${EOL}`);
}

/** The value of input `name` (`INPUT_<NAME>`, spaces as `_`), trimmed unless asked not to. */
export function getInput(name: string, options: { trimWhitespace?: boolean } = {}, env: Env = process.env): string {
  const v = env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '';
  return options.trimWhitespace === false ? v : v.trim();
}

/**
 * Register a secret: every form of it is kept out of what this process writes, and on a
 * runner each new form is sent to the runner's log masking (`::add-mask::`). Outside a
 * runner nothing would consume the command, which would only print the secret.
 */
export function setSecret(secret: string, env: Env = process.env): void {
  const added = secrets.add(secret);
  if (env['GITHUB_ACTIONS'] !== 'true') return;
  for (const form of added) issueCommand('add-mask', {}, form);
}

/** A plain log line. */
export function info(message: string): void {
  process.stdout.write(secrets.redact(message) + EOL);
}

/** A line shown only with step debug logging on. */
export function debug(message: string): void {
  issueCommand('debug', {}, message);
}

/** A warning annotation. */
export function warning(message: string): void {
  issueCommand('warning', {}, message);
}

/** An error annotation. */
export function error(message: string): void {
  issueCommand('error', {}, message);
}

/** Fail the step: one error annotation and exit code 1. */
export function setFailed(message: string): void {
  process.exitCode = 1;
  error(message);
}

/** Start a collapsible log group. */
export function startGroup(name: string): void {
  issueCommand('group', {}, name);
}

/** End the current log group. */
export function endGroup(): void {
  issueCommand('endgroup', {}, '');
}

/** Run `fn` inside a log group. */
export async function group<T>(name: string, fn: () => Promise<T>): Promise<T> {
  startGroup(name);
  try {
    return await fn();
  } finally {
    endGroup();
  }
}

/**
 * Append `name<<delimiter\nvalue\ndelimiter` to a file command (GITHUB_OUTPUT, GITHUB_STATE):
 * multi-line values survive, and a random delimiter cannot be forged by the value.
 */
function fileCommand(file: string, name: string, value: string): void {
  if (!existsSync(file)) throw new Error(`missing file at path: ${file}`);
  const delimiter = `ghadelimiter_${randomUUID()}`;
  if (name.includes(delimiter) || value.includes(delimiter)) throw new Error('unexpected delimiter in a value');
  appendFileSync(file, `${name}<<${delimiter}${EOL}${value}${EOL}${delimiter}${EOL}`, { encoding: 'utf8' });
}

/** Set a step output (GITHUB_OUTPUT; the legacy command without it). */
export function setOutput(name: string, rawValue: string, env: Env = process.env): void {
  const value = secrets.redact(rawValue);
  const file = env['GITHUB_OUTPUT'];
  if (file) fileCommand(file, name, value);
  else {
    process.stdout.write(EOL);
    issueCommand('set-output', { name }, value);
  }
}

/** Save state for the post step (GITHUB_STATE; nothing without it). */
export function saveState(name: string, value: string, env: Env = process.env): void {
  const file = env['GITHUB_STATE'];
  if (file) fileCommand(file, name, value);
}

/** State main saved (`STATE_<name>`). */
export function getState(name: string, env: Env = process.env): string {
  return env[`STATE_${name}`] ?? '';
}

/** Append HTML/Markdown to the job summary (GITHUB_STEP_SUMMARY); false without one. */
export async function appendSummary(text: string, env: Env = process.env): Promise<boolean> {
  const file = env['GITHUB_STEP_SUMMARY'];
  if (!file || !existsSync(file)) return false;
  await appendFile(file, secrets.redact(text), { encoding: 'utf8' });
  return true;
}

/** Small HTML builders for the summary, in the shapes @actions/core's summary writes. */
export const html = {
  heading: (text: string, level: 1 | 2 | 3 | 4 = 2): string => `<h${level}>${text}</h${level}>${EOL}`,
  /** Rows of cells; a cell `{ data, header: true }` is a `<th>`. Data is HTML (escape it first). */
  table: (rows: Array<Array<string | { data: string; header?: boolean }>>): string =>
    `<table>${rows
      .map(
        (row) =>
          `<tr>${row
            .map((c) => (typeof c === 'string' ? `<td>${c}</td>` : c.header ? `<th>${c.data}</th>` : `<td>${c.data}</td>`))
            .join('')}</tr>`,
      )
      .join('')}</table>${EOL}`,
  details: (label: string, content: string): string => `<details><summary>${label}</summary>${content}</details>${EOL}`,
  raw: (text: string): string => text + EOL,
};
