import { OciError } from '../errors.js';
import type { CommandFn } from './types.js';

/** `ingest`: not built yet. */
export const ingest: CommandFn = async () => {
  throw new OciError('NOT_IMPLEMENTED', 'command ingest is not implemented yet', { input: 'command' });
};
