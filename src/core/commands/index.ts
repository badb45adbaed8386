/**
 * The one entry point of every command. Each command lives in its own module, loaded on
 * demand so that a cold `inspect` does not pay for the registry client.
 */
import type { Command, Options } from '../options.js';
import type { CommandFn, Result, RunContext } from './types.js';

export type * from './types.js';

const loaders: Record<Command, () => Promise<CommandFn>> = {
  inspect: async () => (await import('./inspect.js')).inspect,
  tag: async () => (await import('./tag.js')).tag,
  verify: async () => (await import('./verify.js')).verify,
  gc: async () => (await import('./gc.js')).gc,
  ingest: async () => (await import('./ingest.js')).ingest,
  unpack: async () => (await import('./unpack.js')).unpack,
  pull: async () => (await import('./pull.js')).pull,
  push: async () => (await import('./push.js')).push,
  serve: async () => (await import('./serve.js')).serve,
};

/**
 * Run one command. With `push: true` (ingest, pull, tag), the produced digest is then
 * pushed to every ref in `tags`.
 */
export async function execute(options: Options, ctx: RunContext): Promise<Result> {
  const run = await loaders[options.command]();
  const result = await run(options, ctx);
  if (options.push && options.command !== 'push' && result.digest !== undefined) {
    const { pushResult } = await import('./push.js');
    return pushResult(result, options, ctx);
  }
  return result;
}
