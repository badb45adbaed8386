// Bundle the action's entry points and the CLI into dist/ with @vercel/ncc.
// dist/ is committed; CI checks it equals a fresh run of this script.
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';

const ncc = createRequire(import.meta.url).resolve('@vercel/ncc/dist/ncc/cli.js');
const entries = [
  ['src/action/main.ts', 'dist/main'],
  ['src/action/post.ts', 'dist/post'],
  ['src/cli.ts', 'dist/cli'],
];

/** One ncc build in its own process (no npx start-up); the three run side by side. */
function build([entry, out]) {
  rmSync(out, { recursive: true, force: true });
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [ncc, 'build', entry, '-o', out, '--minify', '--license', 'licenses.txt', '--quiet'], {
      stdio: 'inherit',
    });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`ncc build ${entry} exited with ${code}`))));
  });
}

await Promise.all(entries.map(build));
