import { OciError } from '../errors.js';
import type { CommandFn } from './types.js';

/** `serve`: not built yet. */
export const serve: CommandFn = async () => {
  throw new OciError('NOT_IMPLEMENTED', 'command serve is not implemented yet', { input: 'command' });
};
