#!/usr/bin/env node
/**
 * Run benchmarks: every `bench/*.bench.mjs`, or the ones named on the command line
 * (`node bench/run.mjs ingest serve` runs ingest.bench.mjs and serve.bench.mjs).
 *
 * A bench file exports `default async function (ctx)` and calls `ctx.compare(…)` /
 * `ctx.single(…)` (see bench/lib/measure.mjs); results are printed as they come and as one
 * table at the end. Exit code 1 when a bench throws; a missed target is reported, not fatal
 * (set BENCH_STRICT=1 to fail on it).
 *
 * Options: `--runs N` (pairs per workload; default BENCH_RUNS or 5), `--list`.
 */
import { readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as measure from './lib/measure.mjs';
import * as workloads from './lib/workloads.mjs';

const args = process.argv.slice(2);
const names = [];
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === '--runs') process.env.BENCH_RUNS = args[++i];
  else if (a.startsWith('--runs=')) process.env.BENCH_RUNS = a.slice(7);
  else if (a === '--list') names.push('--list');
  else if (a === '-h' || a === '--help') {
    console.log('usage: node bench/run.mjs [--runs N] [--list] [name...]');
    process.exit(0);
  } else names.push(a.replace(/\.bench\.mjs$/, ''));
}

const dir = join(measure.ROOT, 'bench');
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

console.log(`node ${process.version}; bench node ${measure.NODE}; runs ${process.env.BENCH_RUNS ?? 5}`);
let failed = 0;
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
console.log('\n' + measure.formatTable());
const missed = measure.results.filter((r) => !r.ok).length;
if (failed > 0 || (process.env.BENCH_STRICT === '1' && missed > 0)) process.exit(1);
