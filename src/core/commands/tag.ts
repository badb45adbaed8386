import { OciError } from '../errors.js';
import type { CommandFn } from './types.js';

/** `tag`: not built yet. */
export const tag: CommandFn = async () => {
  throw new OciError('NOT_IMPLEMENTED', 'command tag is not implemented yet', { input: 'command' });
};
