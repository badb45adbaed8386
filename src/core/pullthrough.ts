/**
 * Pull-through resolution: a `ref` or `base` is looked up in the store first (as written,
 * then normalised, by Store.resolve), and only on a miss fetched from its registry and
 * tagged in the store by its full reference.
 */
import type { Target } from './content.js';
import type { RunContext } from './commands/types.js';
import type { InputName, Options } from './options.js';
import type { Descriptor } from './types/oci.js';

/**
 * Resolve `ref` in `store`, pulling it from its registry on a miss. The registry step is
 * added by the registry client; until then a miss is the store's NOT_FOUND.
 */
export async function resolveThrough(
  store: Target,
  ref: string,
  _options: Options,
  _ctx: RunContext,
  _input: InputName = 'ref',
): Promise<Descriptor> {
  return store.resolve(ref);
}
