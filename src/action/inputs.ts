/**
 * The action's inputs: read `INPUT_*` (@actions/core, through workflow.ts), mask the
 * secrets before anything can log, and hand the raw strings to the core's one parser
 * (options.ts), so the action and the CLI validate identically.
 */
import * as core from './workflow.js';
import { homedir } from 'node:os';
import { INPUT_NAMES, parseOptions } from '../core/commands/options.js';
import type { InputName, Options, RawInputs } from '../core/commands/options.js';

/** Inputs whose values must never appear in a log. */
export const SECRET_INPUTS: readonly InputName[] = ['password', 'github-token'];

/**
 * Register every secret value with the runner's log masking. Done first, before any
 * input is parsed (a parse error could quote a value) and before anything logs. The
 * base64 of `user:password` is masked too: it is what a Basic auth header carries.
 * Outside a runner (GITHUB_ACTIONS unset: a local run of the bundle) nothing would
 * consume the `::add-mask::` lines, which would only print the secrets: setSecret then
 * only keeps them out of what the action prints.
 */
export function maskSecrets(raw: RawInputs, env: Record<string, string | undefined> = process.env): void {
  for (const name of SECRET_INPUTS) {
    const v = raw[name];
    if (v !== undefined && v.trim() !== '') {
      core.setSecret(v, env);
      if (v.trim() !== v) core.setSecret(v.trim(), env);
    }
  }
  const user = raw.username?.trim();
  const password = raw.password;
  if (user && password) core.setSecret(Buffer.from(`${user}:${password}`).toString('base64'), env);
}

/** Read every input of action.yml as given (`''` when absent); secrets are masked first. */
export function readRawInputs(env: Record<string, string | undefined> = process.env): RawInputs {
  const raw: RawInputs = {};
  // Secrets first, untrimmed: a password may legitimately start or end with a space.
  for (const name of SECRET_INPUTS) raw[name] = core.getInput(name, { trimWhitespace: false }, env);
  maskSecrets(raw, env);
  for (const name of INPUT_NAMES) {
    if (!SECRET_INPUTS.includes(name)) raw[name] = core.getInput(name, {}, env);
  }
  return raw;
}

/** The directory relative paths resolve against: GITHUB_WORKSPACE, else the current directory. */
export function workspaceOf(env: Record<string, string | undefined>): string {
  const ws = env['GITHUB_WORKSPACE'];
  return ws !== undefined && ws !== '' ? ws : process.cwd();
}

/** Read, mask and validate the inputs into one typed object. Throws an OciError naming the input. */
export function getOptions(env: Record<string, string | undefined> = process.env): Options {
  const raw = readRawInputs(env);
  return parseOptions(raw, { cwd: workspaceOf(env), home: env['HOME'] || homedir() });
}
