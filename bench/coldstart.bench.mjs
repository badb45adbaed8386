/**
 * Cold start of the bundled action (DESIGN.md §6: `inspect` on an empty store, whole
 * process, ≤ 0.3 s) and of the bundled CLI, beside bare Node for reference; then the
 * bundle sizes. Needs `npm run package` first (dist/ is what a runner executes).
 *
 * The action runs as a local run would: INPUT_* variables, no GITHUB_* files and no cache
 * service, so the runner cache is off and @actions/cache (the Azure SDK) is never loaded.
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** Bytes of every file under `dir`, largest first. */
async function sizes(dir) {
  const out = [];
  for (const name of await readdir(dir)) {
    const st = await stat(join(dir, name));
    if (st.isFile()) out.push({ name, bytes: st.size });
  }
  return out.sort((a, b) => b.bytes - a.bytes);
}

const kB = (n) => `${(n / 1000).toFixed(0)} kB`;

export default async function ({ single, workloads, NODE, ROOT }) {
  const main = join(ROOT, 'dist', 'main', 'index.js');
  const cli = join(ROOT, 'dist', 'cli', 'index.js');
  if (!existsSync(main) || !existsSync(cli)) throw new Error('dist/ is missing: run `npm run package` first');
  const scratch = await workloads.scratch('coldstart');
  const store = join(scratch, 'empty-store');
  // A clean environment: nothing of a runner (no cache service, no output files).
  const env = Object.fromEntries(Object.keys(process.env).filter((k) => /^(GITHUB_|ACTIONS_|RUNNER_|INPUT_)/.test(k)).map((k) => [k, undefined]));
  const fresh = async () => {
    await rm(store, { recursive: true, force: true });
    await mkdir(store, { recursive: true });
  };
  const runs = Math.max(9, Number(process.env.BENCH_RUNS ?? 0));

  await single({ name: 'node -e 0 (reference)', ours: { argv: [NODE, '-e', '0'] }, runs });
  await single({
    name: 'action cold start: inspect, empty store',
    ours: { argv: [NODE, main], env: { ...env, INPUT_COMMAND: 'inspect', INPUT_STORE: store }, quiet: false },
    prepare: fresh,
    runs,
    ms: 300,
    check: (_side, r) => {
      if (!/"tags": \[\]/.test(r.stdout + r.stderr) && !r.stdout.includes('store:')) throw new Error(`unexpected output: ${r.stdout.slice(0, 500)}`);
    },
  });
  await single({
    name: 'CLI cold start: inspect, empty store',
    ours: { argv: [NODE, cli, 'inspect', '--store', store], env, quiet: false },
    prepare: fresh,
    runs,
    ms: 300,
    check: (_side, r) => {
      const out = JSON.parse(r.stdout);
      if (!Array.isArray(out.details?.tags ?? out.tags)) throw new Error(`unexpected output: ${r.stdout.slice(0, 500)}`);
    },
  });
  await rm(scratch, { recursive: true, force: true });

  console.log('\nbundle sizes (loaded at start: index.js; chunks load on demand)');
  for (const entry of ['main', 'post', 'cli']) {
    const files = await sizes(join(ROOT, 'dist', entry));
    const js = files.filter((f) => f.name.endsWith('.js'));
    const total = js.reduce((n, f) => n + f.bytes, 0);
    const index = js.find((f) => f.name === 'index.js');
    const largest = js.filter((f) => f.name !== 'index.js').slice(0, 2).map((f) => `${f.name} ${kB(f.bytes)}`).join(', ');
    console.log(`  dist/${entry}: index.js ${kB(index?.bytes ?? 0)}, all .js ${kB(total)} in ${js.length} files${largest ? ` (largest chunks: ${largest})` : ''}`);
  }
}
