/** Shared bits of the store command tests: options from raw inputs, a context, a temp store. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from '../../../src/core/content.js';
import type { RunContext } from '../../../src/core/commands/types.js';
import { parseOptions, type Options, type RawInputs } from '../../../src/core/commands/options.js';

/** A logger that keeps every line. */
export function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, debug: () => {}, info: (m) => lines.push(`info ${m}`), warning: (m) => lines.push(`warning ${m}`) };
}

/** Options as the action/CLI would parse them. */
export function options(raw: RawInputs): Options {
  return parseOptions(raw, { cwd: tmpdir(), home: tmpdir(), platform: 'linux', arch: 'x64' });
}

/** A context for one command run. */
export function context(logger: Logger = recordingLogger()): RunContext {
  return { logger, env: {}, workspace: tmpdir() };
}

/** Temp dirs removed by `cleanup`. */
export function temps(): { make(): Promise<string>; cleanup(): Promise<void> } {
  const dirs: string[] = [];
  return {
    async make() {
      const d = await mkdtemp(join(tmpdir(), 'oci-cmd-'));
      dirs.push(d);
      return d;
    },
    async cleanup() {
      for (const d of dirs) await rm(d, { recursive: true, force: true });
    },
  };
}
