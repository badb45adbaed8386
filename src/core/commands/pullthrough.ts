/**
 * Pull-through for a command: the library's resolveThrough (../pullthrough.ts) given what
 * it takes of the command's inputs — the platforms, and the credentials with the
 * registries they are meant for (options.ts registryInputs).
 */
import type { Target } from '../content.js';
import { resolveThrough as resolveInStore } from '../pullthrough.js';
import type { Descriptor } from '../types/oci.js';
import { registryInputs, type InputName, type Options } from './options.js';
import type { RunContext } from './types.js';

/** Resolve `ref` in `store`, pulling it on a miss with the run's credentials; errors name `input`. */
export function resolveThrough(store: Target, ref: string, options: Options, ctx: RunContext, input: InputName = 'ref'): Promise<Descriptor> {
  return resolveInStore(store, ref, { platforms: options.platforms, ...registryInputs(options) }, ctx, input);
}
