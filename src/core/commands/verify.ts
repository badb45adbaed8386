import { OciError } from '../errors.js';
import type { CommandFn } from './types.js';

/** `verify`: not built yet. */
export const verify: CommandFn = async () => {
  throw new OciError('NOT_IMPLEMENTED', 'command verify is not implemented yet', { input: 'command' });
};
