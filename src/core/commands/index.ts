/**
 * The one entry point of every command. Each command lives in its own module, loaded on
 * demand so that a cold `inspect` does not pay for the registry client.
 */
import { checkLocation } from '../dirs.js';
import { fromSystemError, type ErrorPlaces } from '../errors.js';
import type { Command, Options } from './options.js';
import { isRepositoryOnly, withDigest } from '../reference.js';
import type { CommandFn, Result, RunContext } from './types.js';

export type * from './types.js';

const loaders: Record<Command, () => Promise<CommandFn>> = {
  inspect: async () => (await import('./inspect.js')).inspect,
  tag: async () => (await import('./tag.js')).tag,
  index: async () => (await import('./index-image.js')).indexImage,
  verify: async () => (await import('./verify.js')).verify,
  gc: async () => (await import('./gc.js')).gc,
  ingest: async () => (await import('./ingest.js')).ingest,
  unpack: async () => (await import('./unpack.js')).unpack,
  pull: async () => (await import('./pull.js')).pull,
  push: async () => (await import('./push.js')).push,
  serve: async () => (await import('./serve.js')).serve,
};

/**
 * Run one command. With `push: true` (ingest, pull, tag, index), the produced digest is
 * then pushed to every ref in `tags`. A `tags` entry naming a repository only
 * (`ghcr.io/o/app`) is then a push-by-digest target: it makes no store tag (a store tag
 * names a tag), and the `tags` output lists it as `ghcr.io/o/app@<digest>`.
 */
export async function execute(options: Options, ctx: RunContext): Promise<Result> {
  try {
    // A store or target on /proc, /sys…: refused up front (creating one there hangs Node's mkdir).
    await checkLocation(options.store, 'store');
    if (options.path !== undefined && options.command === 'unpack') await checkLocation(options.path, 'path');
    const run = await loaders[options.command]();
    const byDigest = options.push && options.command !== 'push' ? options.tags.filter(isRepositoryOnly) : [];
    const result = await run(byDigest.length > 0 ? { ...options, tags: options.tags.filter((t) => !byDigest.includes(t)) } : options, ctx);
    if (options.push && options.command !== 'push' && result.digest !== undefined) {
      const { pushResult } = await import('./push.js');
      const out = await pushResult(result, options, ctx);
      return byDigest.length > 0 ? { ...out, tags: [...out.tags, ...byDigest.map((t) => withDigest(t, result.digest!))] } : out;
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
