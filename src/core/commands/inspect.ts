import { OciError } from '../errors.js';
import type { CommandFn } from './types.js';

/** `inspect`: not built yet. */
export const inspect: CommandFn = async () => {
  throw new OciError('NOT_IMPLEMENTED', 'command inspect is not implemented yet', { input: 'command' });
};
