/**
 * Paths of the compiled project for tests that need a real child process (the CLI, crash
 * children). `npm test` compiles src/ and __tests__/ into .test-build/ before jest runs.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Path of a compiled module: `built('src/cli.js')`. Throws with the fix when not compiled. */
export function built(relative: string): string {
  const p = join(ROOT, '.test-build', relative);
  if (!existsSync(p)) throw new Error(`${p} is missing: run 'npm run build:test' (npm test does it first)`);
  return p;
}

/** The Node binary running the tests (Node 24 from the node devDependency under npm scripts). */
export const NODE = process.execPath;
