import { OciError } from '../errors.js';
import type { CommandFn } from './types.js';

/** `gc`: not built yet. */
export const gc: CommandFn = async () => {
  throw new OciError('NOT_IMPLEMENTED', 'command gc is not implemented yet', { input: 'command' });
};
