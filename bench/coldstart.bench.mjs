/**
 * Cold start of the bundled action (DESIGN.md §6: `inspect` on an empty store, whole
 * process, ≤ 0.3 s) and of the bundled CLI, beside bare Node for reference; then the
 * bundle sizes. Needs `npm run package` first (dist/ is what a runner executes).
 *
 * The action runs as a local run would: INPUT_* variables, no GITHUB_* files and no cache
 * service, so the runner cache is off and @actions/cache (the Azure SDK) is never loaded.
 * Then as on a runner: RUNNER_TEMP set and a cache service on loopback that answers every
 * lookup with a miss (a job's first run), so @actions/cache is loaded and asked — with
 * Node's compile cache (src/action/compile-cache.ts) empty before each run, warm (left
 * by the previous run, as for the second oci-store step of a job), and turned off.
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
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

  // As on a runner: the cache service (Twirp, DESIGN.md §3) answers a miss to every call.
  const service = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      res.end('{"ok":false}');
    });
  });
  await new Promise((r) => service.listen(0, '127.0.0.1', r));
  const runnerTemp = join(scratch, 'runner-temp');
  const compileCache = join(runnerTemp, 'node-compile-cache');
  const runner = {
    ...env,
    RUNNER_TEMP: runnerTemp,
    ACTIONS_CACHE_SERVICE_V2: 'true',
    ACTIONS_RESULTS_URL: `http://127.0.0.1:${service.address().port}/`,
    ACTIONS_RUNTIME_TOKEN: 'bench',
    GITHUB_REPOSITORY: 'bench/coldstart',
    GITHUB_RUN_ID: '1',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_JOB: 'coldstart',
  };
  const actionCheck = (_side, r) => {
    if (!/"tags": \[\]/.test(r.stdout + r.stderr) && !r.stdout.includes('store:')) throw new Error(`unexpected output: ${r.stdout.slice(0, 500)}`);
  };
  try {
    for (const [label, extra, emptyCache] of [
      ['compile cache empty', {}, true],
      ['compile cache warm', {}, false],
      ['compile cache off', { NODE_DISABLE_COMPILE_CACHE: '1' }, true],
    ]) {
      await single({
        name: `action cold start, runner cache on (a miss), ${label}: inspect, empty store`,
        ours: { argv: [NODE, main], env: { ...runner, ...extra, INPUT_COMMAND: 'inspect', INPUT_STORE: store }, quiet: false },
        prepare: async () => {
          await fresh();
          await mkdir(runnerTemp, { recursive: true });
          if (emptyCache) await rm(compileCache, { recursive: true, force: true });
        },
        runs,
        check: actionCheck,
      });
    }
  } finally {
    await new Promise((r) => service.close(r));
  }
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
