/**
 * Run the compiled action's main and post steps as child processes, the way the runner
 * does: `INPUT_*` variables, GITHUB_OUTPUT / GITHUB_STATE / GITHUB_STEP_SUMMARY files,
 * `STATE_*` variables for post, one RUNNER_TEMP per job. A `Job` runs several uses of the
 * action and then their post steps in reverse order, as a real job does.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { built, NODE, ROOT } from './build.js';

/** What one step did. */
export interface StepResult {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  state: Record<string, string>;
  summary: string;
}

/** Parse the runner's `name<<delimiter` file format (GITHUB_OUTPUT, GITHUB_STATE). */
export function parseCommandFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const m = /^([^<=]+)<<(.+)$/.exec(line);
    if (m) {
      const [, name, delim] = m;
      const value: string[] = [];
      for (i++; i < lines.length && lines[i] !== delim; i++) value.push(lines[i]!);
      out[name!] = value.join('\n');
    } else if (line.includes('=')) {
      out[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
    }
  }
  return out;
}

/** The environment variable the runner sets for an input. */
export function inputEnv(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

/**
 * A clean environment: nothing of the host's GITHUB_* / ACTIONS_* / RUNNER_* leaks in (the
 * tests may themselves run on a runner with a real cache service).
 */
export function baseEnv(): Record<string, string> {
  const keep = ['PATH', 'HOME', 'LANG', 'TMPDIR', 'SystemRoot'];
  const env: Record<string, string> = {};
  for (const k of keep) if (process.env[k] !== undefined) env[k] = process.env[k]!;
  return env;
}

/** Options of one step. */
export interface StepOptions {
  inputs?: Record<string, string>;
  env?: Record<string, string>;
  /** For post: the state main saved. */
  state?: Record<string, string>;
  cwd?: string;
  timeoutMs?: number;
  /** A command the step runs under (`unshare …`): its argv before `node script`. */
  wrap?: string[];
}

/**
 * The script of a step: the compiled sources, or with OCI_STORE_TEST_BUNDLE=1 the ncc
 * bundle in dist/ (what a runner executes; `npm run package` first).
 */
export function stepScript(entry: 'main' | 'post'): string {
  return process.env['OCI_STORE_TEST_BUNDLE'] === '1' ? join(ROOT, 'dist', entry, 'index.js') : built(`src/action/${entry}.js`);
}

/** Run `main` or `post` once and collect what the runner would see. */
export async function runStep(entry: 'main' | 'post', options: StepOptions = {}): Promise<StepResult> {
  const dir = await mkdtemp(join(tmpdir(), 'oci-store-step-'));
  const files = { output: join(dir, 'output'), state: join(dir, 'state'), summary: join(dir, 'summary') };
  await Promise.all(Object.values(files).map((f) => writeFile(f, '')));
  const env: Record<string, string> = {
    ...baseEnv(),
    GITHUB_OUTPUT: files.output,
    GITHUB_STATE: files.state,
    GITHUB_STEP_SUMMARY: files.summary,
    ...options.env,
  };
  for (const [k, v] of Object.entries(options.inputs ?? {})) env[inputEnv(k)] = v;
  for (const [k, v] of Object.entries(options.state ?? {})) env[`STATE_${k}`] = v;
  try {
    const argv = [...(options.wrap ?? []), NODE, stepScript(entry)];
    const child = spawn(argv[0]!, argv.slice(1), { env, cwd: options.cwd ?? env['GITHUB_WORKSPACE'] ?? dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timeout = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    clearTimeout(timeout);
    return {
      code,
      stdout,
      stderr,
      outputs: parseCommandFile(await readFile(files.output, 'utf8')),
      state: parseCommandFile(await readFile(files.state, 'utf8')),
      summary: await readFile(files.summary, 'utf8'),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** `::warning::` lines of a step's stdout. */
export function warnings(r: StepResult): string[] {
  return r.stdout.split('\n').filter((l) => l.startsWith('::warning'));
}

/** `::error::` lines of a step's stdout. */
export function errors(r: StepResult): string[] {
  return r.stdout.split('\n').filter((l) => l.startsWith('::error'));
}

/**
 * One job on a runner: a run id and attempt, a job name, a RUNNER_TEMP wiped at its end,
 * and the post steps of every use, run last-first by `finish()`.
 */
export class Job {
  readonly mains: StepResult[] = [];
  readonly posts: StepResult[] = [];
  /** Run every step of this job under this command (see StepOptions.wrap). */
  wrap: string[] = [];
  readonly #env: Record<string, string>;
  readonly #temp: string;

  private constructor(env: Record<string, string>, temp: string) {
    this.#env = env;
    this.#temp = temp;
  }

  /** Start a job; `env` adds to the runner variables (cache service, workspace…). */
  static async start(runId: number, env: Record<string, string> = {}, attempt = 1): Promise<Job> {
    const temp = await mkdtemp(join(tmpdir(), 'oci-store-runner-temp-'));
    return new Job(
      {
        GITHUB_ACTIONS: 'true',
        GITHUB_RUN_ID: String(runId),
        GITHUB_RUN_ATTEMPT: String(attempt),
        GITHUB_JOB: 'build',
        RUNNER_TEMP: temp,
        ...env,
      },
      temp,
    );
  }

  /** Run one use of the action (its main step). */
  async use(inputs: Record<string, string>, env: Record<string, string> = {}): Promise<StepResult> {
    const r = await runStep('main', { inputs, env: { ...this.#env, ...env }, wrap: this.wrap });
    this.mains.push(r);
    return r;
  }

  /** Run every post step, last use first, then wipe RUNNER_TEMP. */
  async finish(env: Record<string, string> = {}): Promise<StepResult[]> {
    try {
      for (let i = this.mains.length - 1; i >= 0; i--) {
        this.posts.push(await runStep('post', { env: { ...this.#env, ...env }, state: this.mains[i]!.state, wrap: this.wrap }));
      }
      return this.posts;
    } finally {
      await rm(this.#temp, { recursive: true, force: true });
    }
  }
}
