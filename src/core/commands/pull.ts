import { OciError } from '../errors.js';
import type { CommandFn } from './types.js';

/** `pull`: not built yet. */
export const pull: CommandFn = async () => {
  throw new OciError('NOT_IMPLEMENTED', 'command pull is not implemented yet', { input: 'command' });
};
