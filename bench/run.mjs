#!/usr/bin/env node
/**
 * Run benchmarks: every `bench/*.bench.mjs`, or the ones named on the command line
 * (`node bench/run.mjs ingest serve` runs ingest.bench.mjs and serve.bench.mjs).
 *
 * A bench file exports `default async function (ctx)` and calls `ctx.compare(…)` /
 * `ctx.single(…)` (see bench/lib/measure.mjs); results are printed as they come and as one
 * table at the end. Exit code 1 when a bench throws; a missed target is reported, not fatal
 * (set BENCH_STRICT=1 to fail on it) — unless `--check`.
 *
 * Options:
 * - `--check`: hold every result to its target with a margin (`--margin F`, default 0.1:
 *   issue 11's "at least 10% below the target"), print one table with the run's
 *   conditions (bench/lib/check.mjs), exit 1 when anything is missed.
 * - `--quick`: tiny workloads (BENCH_QUICK=1), a self-check of the benches in a minute;
 *   its ratios mean nothing.
 * - `--runs N` (pairs per workload; default BENCH_RUNS or 5), `--list`, `--dir D` (bench
 *   files from D instead of bench/).
 * - `--scratch auto|disk` (BENCH_SCRATCH; default auto): where the benches write. auto,
 *   on an ext4 running without a journal and as root, mounts a journaled ext4 for the run
 *   (bench/lib/scratchfs.mjs says why); disk keeps the disk as it is. `--dir` and `--quick`
 *   runs keep the disk.
 */
import { readdir } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

// Benches load the compiled sources in-process: they need the Node the product runs on.
if (Number(process.versions.node.split('.')[0]) < 24) {
  console.error(`bench/run.mjs needs Node 24 (this is ${process.version}): run it as node_modules/.bin/node bench/run.mjs`);
  process.exit(2);
}

const args = process.argv.slice(2);
const names = [];
let check = false;
let required = 0.1;
let benchDir;
const value = (i, a, flag) => (a.startsWith(`${flag}=`) ? [i, a.slice(flag.length + 1)] : [i + 1, args[i + 1]]);
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  let v;
  if (a === '--runs' || a.startsWith('--runs=')) [i, process.env.BENCH_RUNS] = value(i, a, '--runs');
  else if (a === '--margin' || a.startsWith('--margin=')) {
    [i, v] = value(i, a, '--margin');
    required = Number(v);
    if (!(required >= 0 && required < 1)) {
      console.error(`--margin ${v}: give a fraction between 0 and 1 (0.1 = 10% below every target)`);
      process.exit(2);
    }
  } else if (a === '--dir' || a.startsWith('--dir=')) {
    [i, v] = value(i, a, '--dir');
    benchDir = resolve(v);
  } else if (a === '--scratch' || a.startsWith('--scratch=')) {
    [i, v] = value(i, a, '--scratch');
    if (v !== 'auto' && v !== 'disk') {
      console.error(`--scratch ${v}: give auto (a journaled ext4 where the disk has none) or disk`);
      process.exit(2);
    }
    process.env.BENCH_SCRATCH = v;
  } else if (a === '--check') check = true;
  else if (a === '--quick') process.env.BENCH_QUICK = '1';
  else if (a === '--list') names.push('--list');
  else if (a === '-h' || a === '--help') {
    console.log('usage: node bench/run.mjs [--check [--margin F]] [--quick] [--runs N] [--dir D] [--scratch auto|disk] [--list] [name...]');
    process.exit(0);
  } else names.push(a.replace(/\.bench\.mjs$/, ''));
}

if (process.env.BENCH_QUICK === '1') process.env.BENCH_RUNS ??= '1';

// After the options: workloads.mjs sizes its defaults by BENCH_QUICK when loaded.
const measure = await import('./lib/measure.mjs');
const workloads = await import('./lib/workloads.mjs');
const { evaluate, floors, formatCheck } = await import('./lib/check.mjs');
const { prepareScratch } = await import('./lib/scratchfs.mjs');

const dir = benchDir ?? join(measure.ROOT, 'bench');
const all = (await readdir(dir)).filter((f) => f.endsWith('.bench.mjs')).sort();
if (names.includes('--list')) {
  for (const f of all) console.log(basename(f, '.bench.mjs'));
  process.exit(0);
}
const selected = names.length === 0 ? all : names.map((n) => `${n}.bench.mjs`);
for (const f of selected) {
  if (!all.includes(f)) {
    console.error(`no bench named ${basename(f, '.bench.mjs')}; have: ${all.map((a) => basename(a, '.bench.mjs')).join(', ')}`);
    process.exit(2);
  }
}

console.log(`node ${process.version}; bench node ${measure.NODE}; runs ${process.env.BENCH_RUNS ?? 5}${workloads.QUICK ? '; QUICK workloads (ratios mean nothing)' : ''}`);
let failed = 0;
await measure.emptyGraveyard(); // what an interrupted run left: removed before anything is timed
const scratchMode = benchDir !== undefined || workloads.QUICK ? 'disk' : (process.env.BENCH_SCRATCH ?? 'auto');
const scratch = await prepareScratch(join(workloads.WORK, 'tmp'), scratchMode);
console.log(scratch.description);
try {
  for (const f of selected) {
    console.log(`\n# ${basename(f, '.bench.mjs')}`);
    try {
      const mod = await import(pathToFileURL(join(dir, f)).href);
      await mod.default({ ...measure, workloads });
    } catch (e) {
      failed++;
      console.error(`bench ${f} failed: ${e instanceof Error ? e.stack : e}`);
    }
  }
  await measure.emptyGraveyard();
} finally {
  await scratch.release();
}
if (check) {
  const rows = evaluate(measure.results, { required });
  const conditions = [...measure.conditions(workloads.usedWorkloads()), scratch.description];
  if (workloads.QUICK) conditions.unshift('QUICK workloads: a self-check of the benches, not a measurement');
  console.log('\n' + formatCheck(rows, { conditions, required }));
  const missed = rows.filter((r) => r.checked && !r.ok);
  if (failed > 0) console.log(`\n${failed} bench(es) failed to run`);
  if (missed.length > 0) {
    console.log(`\n${missed.length} target(s) missed (margin < ${(required * 100).toFixed(0)}%): ${missed.map((r) => r.result.name).join('; ')}`);
    const bounded = floors(measure.results, { required }).filter((f) => !f.reachable && missed.some((m) => m.result === f.row));
    if (bounded.length > 0) console.log(`${bounded.length} of them under a floor no tool goes under here: ${bounded.map((f) => f.row.name).join('; ')}`);
  }
  if (failed === 0 && missed.length === 0) console.log(`\nevery target met with at least ${(required * 100).toFixed(0)}% to spare`);
  process.exit(failed > 0 || missed.length > 0 ? 1 : 0);
}
console.log('\n' + measure.formatTable());
const missed = measure.results.filter((r) => !r.ok).length;
if (failed > 0 || (process.env.BENCH_STRICT === '1' && missed > 0)) process.exit(1);
