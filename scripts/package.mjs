// Bundle the action's entry points and the CLI into dist/ with @vercel/ncc.
// dist/ is committed; CI checks it equals a fresh run of this script.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';

const entries = [
  ['src/action/main.ts', 'dist/main'],
  ['src/action/post.ts', 'dist/post'],
  ['src/cli.ts', 'dist/cli'],
];
rmSync('dist', { recursive: true, force: true });
for (const [entry, out] of entries) {
  execFileSync('npx', ['--no-install', 'ncc', 'build', entry, '-o', out, '--minify', '--license', 'licenses.txt', '--quiet'], {
    stdio: 'inherit',
  });
}
