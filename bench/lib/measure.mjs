/**
 * Benchmark runner: time whole processes (wall ms, and CPU ms: user + system) and their
 * peak RSS, and compare our command with a peer's on the same workload (DESIGN.md §6:
 * medians of alternating pairs).
 *
 * Peak RSS is the largest resident set of any process in the tree (the kernel's
 * ru_maxrss over the child and its waited-for descendants), CPU the tree's user + system
 * time (the same rusage), read via GNU time when present, else via a python3 wrapper
 * using resource.getrusage(RUSAGE_CHILDREN).
 */
import { execFile, spawn, spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rename, rm } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

/** Repository root. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The Node 24 binary (the `node` devDependency), else the Node running this script. */
export const NODE = existsSync(join(ROOT, 'node_modules/node/bin/node'))
  ? join(ROOT, 'node_modules/node/bin/node')
  : process.execPath;

/** Path of a compiled module under .test-build (`npm run -s build:test`). */
export function built(relative) {
  const p = join(ROOT, '.test-build', relative);
  if (!existsSync(p)) throw new Error(`${p} is missing: run 'npm run -s build:test' first`);
  return p;
}

/** The CLI to benchmark: the bundle when present (what users run), else the compiled sources. */
export function cliPath() {
  const bundle = join(ROOT, 'dist/cli/index.js');
  return existsSync(bundle) ? bundle : built('src/cli.js');
}

const GNU_TIME = ['/usr/bin/time', '/bin/time'].find((p) => existsSync(p));

// Runs argv, then writes "<user s> <system s> <maxrss KiB>" (GNU time's `%U %S %M`) to
// the file given as argv[1].
const PY_WRAPPER = [
  'import resource, subprocess, sys',
  'rc = subprocess.call(sys.argv[2:])',
  'u = resource.getrusage(resource.RUSAGE_CHILDREN)',
  "open(sys.argv[1], 'w').write(f'{u.ru_utime} {u.ru_stime} {u.ru_maxrss}')",
  'sys.exit(rc)',
].join('\n');

/**
 * Run one command to completion and measure it.
 *
 * @param {{argv: string[], env?: Record<string,string|undefined>, cwd?: string, input?: string|Buffer, quiet?: boolean}} cmd
 *   `env` is merged over process.env; `quiet` drops stdout (kept otherwise, up to 1 MiB).
 * @returns {Promise<{ms: number, cpuMs: number, rssMB: number, code: number|null, signal: string|null, stdout: string, stderr: string}>}
 *   `cpuMs`: user + system time of the process tree (10 ms resolution).
 */
export async function measure(cmd) {
  if (!Array.isArray(cmd.argv) || cmd.argv.length === 0) throw new Error('measure: argv is required');
  const dir = await mkdtemp(join(tmpdir(), 'bench-rss-'));
  const out = join(dir, 'rss');
  const argv = GNU_TIME
    ? [GNU_TIME, '-q', '-f', '%U %S %M', '-o', out, ...cmd.argv]
    : ['python3', '-c', PY_WRAPPER, out, ...cmd.argv];
  try {
    const start = process.hrtime.bigint();
    const { code, signal, stdout, stderr } = await run(argv, cmd);
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    let kib = NaN;
    let cpuMs = NaN;
    try {
      // The last line: GNU time puts "Command exited with non-zero status" lines before it.
      const [user, system, rss] = ((await readFile(out, 'utf8')).trim().split('\n').pop() ?? '').split(' ').map(Number);
      kib = rss;
      cpuMs = (user + system) * 1000;
    } catch {
      /* the wrapper died: RSS and CPU unknown */
    }
    return { ms, cpuMs, rssMB: kib / 1024, code, signal, stdout, stderr };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const CAP = 1 << 20;

function run(argv, cmd) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(argv[0], argv.slice(1), {
      cwd: cmd.cwd,
      env: { ...process.env, ...(cmd.env ?? {}) },
      stdio: [cmd.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      // Its own process group, so a stalled run is killed whole (the wrapper and the command).
      detached: true,
    });
    // A measured command that never ends would hold the whole run: killed after
    // BENCH_TIMEOUT_S (default 15 min), it fails its bench with signal SIGKILL.
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }, Number(process.env.BENCH_TIMEOUT_S ?? 900) * 1000);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      if (!cmd.quiet && stdout.length < CAP) stdout += d;
    });
    child.stderr.on('data', (d) => {
      if (stderr.length < CAP) stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolvePromise({ code, signal, stdout, stderr });
    });
    if (cmd.input !== undefined) child.stdin.end(cmd.input);
  });
}

/** Median of numbers (mean of the middle two for an even count). */
export function median(values) {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

/** Every result of compare()/single() in this process, in order, for the final table. */
export const results = [];

/**
 * A command spec, or a function building one for run `i` (e.g. a fresh output dir per run).
 * @typedef {{argv: string[], env?: Record<string,string|undefined>, cwd?: string, input?: string|Buffer, quiet?: boolean}} Cmd
 * @typedef {Cmd | ((i: number) => Cmd | Promise<Cmd>)} CmdSpec
 */

async function once(spec, i, label, name) {
  const cmd = typeof spec === 'function' ? await spec(i) : spec;
  const r = await measure({ quiet: true, ...cmd });
  if (r.code !== 0) {
    throw new Error(
      `${name}: ${label} run ${i} failed (${r.signal ?? `exit ${r.code}`}): ${cmd.argv.join(' ')}\n${r.stderr.slice(-2000)}`,
    );
  }
  return { ...r, program: basename(cmd.argv[0]) };
}

/**
 * Time our command beside a peer's on the same workload and print one line.
 *
 * - `runs` pairs (default BENCH_RUNS or 5), alternating which side goes first so cache
 *   warmth and thermal drift are shared evenly; one unmeasured warm-up pair first unless
 *   `warmup: false`.
 * - `prepare(side, i)` runs before every measured and warm-up run (clear an output dir…);
 *   it is not timed. `side` is `'ours'` or `'peer'`. Dirty pages are then flushed (`sync`,
 *   untimed), so one run's writeback is not timed in the next.
 * - `target`: the ratio ours/peer must not exceed (DESIGN.md §6), `rssMB` an optional
 *   ceiling on our peak RSS.
 * - `check(side, result)` may inspect output and throw (e.g. layer size ≤ 1.05× umoci's).
 * - `bounds`: for a floor (no target of its own), the name of the result whose target it
 *   bounds, e.g. a bare curl upload under a push: `--check` says whether that target,
 *   with its margin, is above or under the floor (check.mjs).
 *
 * @returns {Promise<{name, oursMs, peerMs, ratio, target, oursRssMB, peerRssMB, ok}>}
 */
export async function compare({ name, ours, peer, peerName, runs, prepare, target, rssMB, warmup = true, check, bounds }) {
  const n = runs ?? defaultRuns();
  const ourTimes = [];
  const peerTimes = [];
  const ourRss = [];
  const peerRss = [];
  let program;
  if (warmup) freeMemory();
  const side = async (which, i, record) => {
    if (prepare) await prepare(which, i);
    settle();
    const r = await once(which === 'ours' ? ours : peer, i, which, name);
    if (which === 'peer') program ??= r.program;
    if (check) await check(which, r, i);
    if (record) {
      (which === 'ours' ? ourTimes : peerTimes).push(r.ms);
      (which === 'ours' ? ourRss : peerRss).push(r.rssMB);
    }
  };
  if (warmup) {
    await side('ours', -1, false);
    await side('peer', -1, false);
  }
  for (let i = 0; i < n; i++) {
    const order = i % 2 === 0 ? ['ours', 'peer'] : ['peer', 'ours'];
    for (const which of order) await side(which, i, true);
  }
  const oursMs = median(ourTimes);
  const peerMs = median(peerTimes);
  const ratio = oursMs / peerMs;
  // The ratio of each pair (run i of both sides): how far one run may stray from the median.
  const pairs = ourTimes.map((t, i) => t / peerTimes[i]);
  const spread = [Math.min(...pairs), Math.max(...pairs)];
  const oursRssMB = Math.max(...ourRss);
  const peerRssMB = Math.max(...peerRss);
  const ok = (target === undefined || ratio <= target) && (rssMB === undefined || oursRssMB <= rssMB);
  const result = { name, peer: peerName ?? program, oursMs, peerMs, ratio, spread, runs: n, target, oursRssMB, peerRssMB, rssLimitMB: rssMB, ok, ...(bounds !== undefined ? { bounds } : {}) };
  results.push(result);
  console.log(formatLine(result));
  return result;
}

/**
 * Time our command alone against an absolute target (`ms`: median wall time ceiling,
 * `rssMB`: peak RSS ceiling), e.g. cold start or re-push with every blob present.
 */
export async function single({ name, ours, runs, prepare, ms, rssMB, warmup = true, check }) {
  const n = runs ?? defaultRuns();
  const times = [];
  const rss = [];
  if (warmup) {
    freeMemory();
    if (prepare) await prepare('ours', -1);
    settle();
    const r = await once(ours, -1, 'ours', name);
    if (check) await check('ours', r, -1);
  }
  for (let i = 0; i < n; i++) {
    if (prepare) await prepare('ours', i);
    settle();
    const r = await once(ours, i, 'ours', name);
    if (check) await check('ours', r, i);
    times.push(r.ms);
    rss.push(r.rssMB);
  }
  const oursMs = median(times);
  const oursRssMB = Math.max(...rss);
  const ok = (ms === undefined || oursMs <= ms) && (rssMB === undefined || oursRssMB <= rssMB);
  const result = { name, oursMs, spreadMs: [Math.min(...times), Math.max(...times)], runs: n, targetMs: ms, oursRssMB, rssLimitMB: rssMB, ok };
  results.push(result);
  console.log(formatLine(result));
  return result;
}

/**
 * The CPU floor of a piece of work beside a peer that does it: each of `parts` (the steps
 * no program doing that work can skip, e.g. creating the files, inflating, hashing) run
 * alone as a process, their CPU time (user + system, or what `cpu(result)` reads from the
 * part's own output) summed and divided by the cores — the wall time of a program that did
 * nothing else and kept every core busy from start to end. No program doing that work on
 * this machine goes under it; the ratio to the peer's wall time is printed as an
 * untargeted row, beside the target it bounds, with each part's CPU (`label` names a part).
 * Pairs alternate as in compare; `prepare` runs before each part (`side` is the part's
 * index) and before the peer (`'peer'`); `bounds` and `warmup` as in compare.
 */
export async function cpuFloor({ name, parts, peer, peerName, runs, prepare, check, bounds, warmup = true }) {
  const n = runs ?? defaultRuns();
  const cores = cpus().length;
  const floors = [];
  const partCpu = parts.map(() => []);
  const peerTimes = [];
  const peerRss = [];
  const partRss = [];
  if (warmup) freeMemory();
  const part = async (k, i) => {
    if (prepare) await prepare(k, i);
    settle();
    const spec = parts[k];
    const r = await once(spec.cmd, i, `part ${k}`, name);
    if (check) await check(k, r, i);
    partRss.push(r.rssMB);
    const cpu = spec.cpu ? spec.cpu(r) : r.cpuMs;
    if (!Number.isFinite(cpu)) throw new Error(`${name}: no CPU time for part ${k}`);
    return cpu;
  };
  const peerSide = async (i) => {
    if (prepare) await prepare('peer', i);
    settle();
    const r = await once(peer, i, 'peer', name);
    if (check) await check('peer', r, i);
    if (i >= 0) {
      peerTimes.push(r.ms);
      peerRss.push(r.rssMB);
    }
  };
  // Warm-up: every part and the peer once, unmeasured (reads the inputs into the page cache).
  if (warmup) {
    for (let k = 0; k < parts.length; k++) await part(k, -1);
    await peerSide(-1);
    partRss.length = 0;
  }
  for (let i = 0; i < n; i++) {
    if (i % 2 === 1) await peerSide(i); // alternating which goes first, as in compare
    let cpu = 0;
    for (let k = 0; k < parts.length; k++) {
      const c = await part(k, i);
      partCpu[k].push(c);
      cpu += c;
    }
    if (i % 2 === 0) await peerSide(i);
    floors.push(cpu / cores);
  }
  const oursMs = median(floors);
  const peerMs = median(peerTimes);
  const pairs = floors.map((f, i) => f / peerTimes[i]);
  const result = {
    name,
    peer: peerName,
    oursMs,
    peerMs,
    ratio: oursMs / peerMs,
    spread: [Math.min(...pairs), Math.max(...pairs)],
    runs: n,
    oursRssMB: Math.max(...partRss),
    peerRssMB: Math.max(...peerRss),
    partsCpuMs: partCpu.map((c) => median(c)),
    ok: true,
    ...(bounds !== undefined ? { bounds } : {}),
  };
  results.push(result);
  console.log(formatLine(result));
  console.log(`  CPU of each part (median): ${parts.map((p, k) => `${p.label ?? `part ${k}`} ${f0(result.partsCpuMs[k])} ms`).join(', ')}; over ${cores} cores`);
  return result;
}

/**
 * Record a measured quantity that is not a time against a ceiling, e.g. our layer's size
 * over umoci's (`value` 1.01, `limit` 1.05): a row of the table that --check holds to.
 * `values` (optional) are the per-run values, for the spread.
 */
export function bound({ name, peer, value, values, limit, unit = '×' }) {
  const v = values?.length ? values : [value];
  const result = { name, peer, value, spread: [Math.min(...v), Math.max(...v)], runs: v.length, limit, unit, ok: value <= limit };
  results.push(result);
  console.log(formatLine(result));
  return result;
}

/**
 * What a run was measured on, for the table's heading: cores, memory, load, Node, and the
 * workloads (sizes given by the caller).
 */
export function conditions(workloadSizes = []) {
  const c = cpus();
  const lines = [
    `${c.length} cores (${c[0]?.model?.trim() ?? 'unknown'}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, load ${loadavg().map((l) => l.toFixed(1)).join(' ')} at the end`,
    `node ${process.version} (runner), bench node ${NODE}; ${defaultRuns()} pairs per workload, medians`,
  ];
  if (process.getuid?.() === 0 && process.env.BENCH_DROP_CACHES !== '0') lines.push('page cache: flushed and its clean pages dropped before each workload (untimed; a warm-up pair reads the inputs back)');
  if (workloadSizes.length) lines.push(`workloads: ${workloadSizes.join('; ')}`);
  return lines;
}

/**
 * Where extracted trees go between runs instead of being deleted (bench/.work/tmp/graveyard,
 * the scratch directories' file system), removed once after the whole run
 * (emptyGraveyard). On an ext4 without a journal, creating files after a removal skips
 * every recently freed inode (bench/lib/scratchfs.mjs): run.mjs then gives the run a
 * journaled ext4, where removals cost nothing later; the graveyard still keeps the
 * removal of one side's tree out of the other side's time on any disk.
 */
export const GRAVEYARD = join(ROOT, 'bench', '.work', 'tmp', 'graveyard');

/** Move `path` into the graveyard (nothing when it does not exist). */
export async function bury(path) {
  await mkdir(GRAVEYARD, { recursive: true });
  try {
    await rename(path, join(GRAVEYARD, randomUUID()));
  } catch (e) {
    if (e?.code !== 'ENOENT') throw e;
  }
}

/** Remove what bury moved away (untimed: after the run, or before it for a previous one's). */
export async function emptyGraveyard() {
  await rm(GRAVEYARD, { recursive: true, force: true });
}

/**
 * Flush dirty pages before a measured run (untimed), so the writeback of what the previous
 * run wrote or removed is not billed to the next one — with ~30k files per run, that
 * writeback otherwise lands in whichever side runs next.
 */
function settle() {
  spawnSync('sync', { stdio: 'ignore' });
}

/**
 * Give the page cache back before a workload's pairs (untimed; root only, else nothing):
 * flush, then drop clean pages (`/proc/sys/vm/drop_caches`), so the workload starts with
 * free memory as on a fresh runner. A full run writes ~20 GB; once the page cache held all
 * but ~1.5 GB of the 24, every page a command wrote was first reclaimed, and the kernel
 * billed that to whichever side ran: unpack of the binaries layer went from 0.8-0.96 s to
 * 1.24-1.49 s (system time 0.2-0.3 -> 0.9-1.1 s) with nothing else changed. The warm-up
 * pair reads the inputs back, so the timed pairs find them cached, as before.
 */
function freeMemory() {
  if (process.getuid?.() !== 0 || process.env.BENCH_DROP_CACHES === '0') return;
  settle();
  try {
    writeFileSync('/proc/sys/vm/drop_caches', '1');
  } catch {
    /* not allowed here (a container): memory stays as it is */
  }
}

function defaultRuns() {
  const n = Number(process.env.BENCH_RUNS ?? 5);
  return Number.isInteger(n) && n > 0 ? n : 5;
}

const f0 = (x) => (Number.isFinite(x) ? x.toFixed(0) : '?');
const f2 = (x) => (Number.isFinite(x) ? x.toFixed(2) : '?');

/** One human line for a result. */
export function formatLine(r) {
  const mark = r.ok ? 'ok  ' : 'MISS';
  if (r.limit !== undefined) {
    return `${mark} ${r.name.padEnd(34)} ${f2(r.value)}${r.unit}  limit ${r.limit}${r.unit}${r.peer ? ` (vs ${r.peer})` : ''}`;
  }
  if (r.peerMs !== undefined) {
    const target = r.target !== undefined ? `≤ ${r.target}×` : '—';
    const rssLimit = r.rssLimitMB !== undefined ? ` (≤ ${r.rssLimitMB})` : '';
    return `${mark} ${r.name.padEnd(34)} ours ${f0(r.oursMs).padStart(7)} ms  peer ${f0(r.peerMs).padStart(7)} ms  ratio ${f2(r.ratio).padStart(5)}  target ${target.padEnd(7)}  RSS ours ${f0(r.oursRssMB)} MB${rssLimit} peer ${f0(r.peerRssMB)} MB`;
  }
  const target = r.targetMs !== undefined ? `≤ ${r.targetMs} ms` : '—';
  const rssLimit = r.rssLimitMB !== undefined ? ` (≤ ${r.rssLimitMB})` : '';
  return `${mark} ${r.name.padEnd(34)} ours ${f0(r.oursMs).padStart(7)} ms  ${''.padEnd(18)}  ${''.padEnd(11)}  target ${target.padEnd(9)}  RSS ours ${f0(r.oursRssMB)} MB${rssLimit}`;
}

/** A Markdown table of results (for job summaries and reports). */
export function formatTable(rs = results) {
  const rows = ['| workload | ours ms | peer ms | ratio | target | peak RSS MB | ok |', '|---|---:|---:|---:|---|---:|---|'];
  for (const r of rs) {
    if (r.limit !== undefined) {
      rows.push(`| ${r.name} | | | ${f2(r.value)}${r.unit} | ≤ ${r.limit}${r.unit} | | ${r.ok ? 'yes' : 'NO'} |`);
      continue;
    }
    const target = r.target !== undefined ? `≤ ${r.target}×` : r.targetMs !== undefined ? `≤ ${r.targetMs} ms` : '';
    const rssTarget = r.rssLimitMB !== undefined ? ` (≤ ${r.rssLimitMB})` : '';
    rows.push(
      `| ${r.name} | ${f0(r.oursMs)} | ${r.peerMs !== undefined ? f0(r.peerMs) : ''} | ${r.ratio !== undefined ? f2(r.ratio) : ''} | ${target} | ${f0(r.oursRssMB)}${rssTarget} | ${r.ok ? 'yes' : 'NO'} |`,
    );
  }
  return rows.join('\n');
}

const execFileP = promisify(execFile);

/**
 * An untimed set-up command, run asynchronously; its stdout. A registry a bench starts logs
 * every request into a pipe that the bench's event loop drains, so a synchronous spawn
 * (which stops that loop) lets a long push fill the pipe and stall the registry — and the
 * push with it. Bounded (10 min) all the same.
 */
export async function runOrThrow(argv, opts = {}) {
  try {
    const { stdout } = await execFileP(argv[0], argv.slice(1), { encoding: 'utf8', maxBuffer: 64 << 20, timeout: 600_000, killSignal: 'SIGKILL', ...opts });
    return stdout;
  } catch (e) {
    throw new Error(`${argv.join(' ')}: ${e.killed ? 'killed after 10 min' : e.stderr || e.stdout || e.message}`);
  }
}
