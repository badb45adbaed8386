import { OciError } from '../errors.js';
import type { Options } from '../options.js';
import type { CommandFn, Result, RunContext } from './types.js';

/** `push`: not built yet. */
export const push: CommandFn = async () => {
  throw new OciError('NOT_IMPLEMENTED', 'command push is not implemented yet', { input: 'command' });
};

/** After ingest/pull/tag with `push: true`: push `result.digest` to every ref in `tags`. Not built yet. */
export async function pushResult(_result: Result, _options: Options, _ctx: RunContext): Promise<Result> {
  throw new OciError('NOT_IMPLEMENTED', 'push: true is not implemented yet', { input: 'push' });
}
