#!/usr/bin/env node
/**
 * A minimal command-line driver over the compiled core (`.test-build/`), for benches and
 * manual runs until the CLI exists: `node bench/driver.mjs <command> --<input> <value>…`.
 * Prints the Result as JSON; errors as one line on stderr, exit 1.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { built } from './lib/measure.mjs';

const [command, ...rest] = process.argv.slice(2);
const raw = { command };
for (let i = 0; i < rest.length; i += 2) {
  const k = rest[i].replace(/^--/, '');
  raw[k] = raw[k] !== undefined && k === 'layers' ? `${raw[k]}\n${rest[i + 1]}` : rest[i + 1];
}
const { parseOptions } = await import(pathToFileURL(built('src/core/commands/options.js')).href);
const { execute } = await import(pathToFileURL(built('src/core/commands/index.js')).href);
const { formatError } = await import(pathToFileURL(built('src/core/errors.js')).href);
const logger = { debug() {}, info() {}, warning: (m) => process.stderr.write(`warning: ${m}\n`) };
try {
  const options = parseOptions(raw, { cwd: process.cwd() });
  const result = await execute(options, { logger, env: process.env, workspace: resolve(process.env.GITHUB_WORKSPACE ?? process.cwd()) });
  process.stdout.write(JSON.stringify(result) + '\n');
} catch (e) {
  process.stderr.write(`error: ${formatError(e)}\n`);
  if (process.env.DRIVER_DEBUG) console.error(e);
  process.exitCode = 1;
}
