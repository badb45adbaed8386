/**
 * The one entry point of every command. Each command lives in its own module, loaded on
 * demand so that a cold `inspect` does not pay for the registry client.
 */
import { checkLocation } from '../dirs.js';
import { fromSystemError, type ErrorPlaces } from '../errors.js';
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
  try {
    // A store or target on /proc, /sys…: refused up front (creating one there hangs Node's mkdir).
    await checkLocation(options.store, 'store');
    if (options.path !== undefined && options.command === 'unpack') await checkLocation(options.path, 'path');
    const run = await loaders[options.command]();
    const result = await run(options, ctx);
    if (options.push && options.command !== 'push' && result.digest !== undefined) {
      const { pushResult } = await import('./push.js');
      return pushResult(result, options, ctx);
    }
    return result;
  } catch (err) {
    // The one place raw file-system errors become coded ones naming the input at fault.
    throw fromSystemError(err, errorPlaces(options, ctx));
  }
}

/** The directories each input names, for fromSystemError; a write with no path is blamed on what the command writes. */
function errorPlaces(options: Options, ctx: RunContext): ErrorPlaces {
  const places: Array<{ input: string; path: string }> = [{ input: 'store', path: options.store }];
  if (options.path !== undefined) places.push({ input: 'path', path: options.path });
  if (options.command === 'ingest') places.push({ input: 'layers', path: ctx.workspace });
  return { places, input: options.command === 'unpack' ? 'path' : 'store' };
}
