import { OciError } from '../errors.js';
import type { CommandFn } from './types.js';

/** `unpack`: not built yet. */
export const unpack: CommandFn = async () => {
  throw new OciError('NOT_IMPLEMENTED', 'command unpack is not implemented yet', { input: 'command' });
};
