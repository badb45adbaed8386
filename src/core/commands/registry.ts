/**
 * The registry client of a command run: the library's RegistryClient, given what it takes
 * of the command's inputs (options.ts registryInputs) and of its RunContext.
 */
import { RegistryClient, runClientOptions, type RegistryClientOptions } from '../registry/client.js';
import { registryInputs, type Options } from './options.js';
import type { RunContext } from './types.js';

/** A RegistryClient for a command run: credentials, insecure hosts, logger, progress, signal. */
export function registryClient(options: Options, ctx: RunContext, overrides: Partial<RegistryClientOptions> = {}): RegistryClient {
  return new RegistryClient(runClientOptions(registryInputs(options), ctx, overrides));
}
