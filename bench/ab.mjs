#!/usr/bin/env node
/**
 * Before/after of one change in one run (issue 12: "bench/ numbers within noise of today's,
 * before/after in one run"): the same commands of the benches, on the same workloads, for
 * two builds of the bundles (dist/cli, dist/main) — alternating pairs in one process after
 * a warm-up pair, so both builds share the machine's state (page cache, load, thermal
 * drift) — and one Markdown table: work, each build's median CPU time (user + system of
 * the process tree) with its min–max, after/before, wall medians, peak RSS.
 *
 *   node_modules/.bin/node bench/ab.mjs [--before-commit C | --before DIR]
 *       [--after DIR | --after-commit C] [--runs N] [--match RE] [--quick] [--list] [work...]
 *
 * - before: `--before-commit C` (default b63c56d, the last build of 2026-11-23, before the
 *   restructuring): C's committed dist/, taken with `git archive` (nothing is checked out);
 *   or `--before DIR`, a dist/ directory (holding cli/ and main/).
 * - after: the working tree's sources bundled as `npm run package` does (scripts/package.mjs's
 *   ncc flags) into bench/.work/ab/, not into dist/; `--after-commit C` bundles C's sources
 *   (git archive into bench/.work/ab/, for a tree others are editing); `--after DIR` a dist/.
 * - works (all by default): ingest, unpack, registry, coldstart, verify, scale.
 *   CPU time is what the table compares: on a shared machine wall time measures the
 *   neighbours. A work the before build cannot do (a flag or command its --help lacks) is
 *   skipped with the reason printed.
 * - `--match RE`: only the works whose name matches (case-insensitive), e.g.
 *   `--match 'ingest gzip'`; their set-up still runs.
 * - `--quick`: the benches' quick workloads (BENCH_QUICK=1), one pair: a self-check.
 *
 * Our image for unpack, push, pull and verify is ingested once by the before build, so
 * both builds read the same bytes. Ingest prints both builds' digests: they differ by
 * design where gzip's level now depends on the content.
 */
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdir, rm, symlink } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

const execFileP = promisify(execFile);

if (Number(process.versions.node.split('.')[0]) < 24) {
  console.error(`bench/ab.mjs needs Node 24 (this is ${process.version}): run it as node_modules/.bin/node bench/ab.mjs`);
  process.exit(2);
}

const WORKS = ['ingest', 'unpack', 'registry', 'coldstart', 'verify', 'scale'];
const USAGE =
  'usage: node_modules/.bin/node bench/ab.mjs [--before-commit C | --before DIR] [--after DIR | --after-commit C] [--runs N] [--match RE] [--quick] [--list] [work...]\n' +
  `works: ${WORKS.join(', ')}`;

const args = process.argv.slice(2);
const opt = { beforeCommit: 'b63c56d' };
const selected = [];
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
  const value = () => {
    const v = inline ?? args[++i];
    if (v === undefined || v === '') fail(`${flag} needs a value`);
    return v;
  };
  if (flag === '--before') opt.before = resolve(value());
  else if (flag === '--before-commit') opt.beforeCommit = value();
  else if (flag === '--after') opt.after = resolve(value());
  else if (flag === '--after-commit') opt.afterCommit = value();
  else if (flag === '--runs') process.env.BENCH_RUNS = value();
  else if (flag === '--match') {
    const v = value();
    try {
      opt.match = new RegExp(v, 'i');
    } catch (e) {
      fail(`--match ${v}: not a regular expression (${e.message})`);
    }
  }
  else if (flag === '--quick') process.env.BENCH_QUICK = '1';
  else if (flag === '--list') {
    console.log(WORKS.join('\n'));
    process.exit(0);
  } else if (flag === '-h' || flag === '--help') {
    console.log(USAGE);
    process.exit(0);
  } else if (WORKS.includes(a)) selected.push(a);
  else fail(`unknown argument ${a}`);
}
if (opt.after && opt.afterCommit) fail('give --after or --after-commit, not both');
if (process.env.BENCH_QUICK === '1') process.env.BENCH_RUNS ??= '1';
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
if (!Number.isInteger(RUNS) || RUNS < 1) fail(`--runs ${process.env.BENCH_RUNS}: give a whole number of pairs, 1 or more`);

function fail(message) {
  console.error(`bench/ab.mjs: ${message}\n${USAGE}`);
  process.exit(2);
}

// After the options: workloads.mjs sizes its defaults by BENCH_QUICK when loaded.
const { ROOT, NODE, built, measure, median, runOrThrow } = await import('./lib/measure.mjs');
const workloads = await import('./lib/workloads.mjs');
const AB = join(workloads.WORK, 'ab');

// ---- the two builds ------------------------------------------------------------------

async function git(...argv) {
  const { stdout } = await execFileP('git', argv, { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 });
  return stdout.trim();
}

/** `git archive C paths | tar -x -C dir`, streamed. */
async function extract(commit, paths, dir) {
  await mkdir(dir, { recursive: true });
  await new Promise((ok, no) => {
    const archive = spawn('git', ['archive', commit, ...paths], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    const tar = spawn('tar', ['-x', '-C', dir], { stdio: ['pipe', 'inherit', 'inherit'] });
    archive.stdout.pipe(tar.stdin);
    let left = 2;
    const done = (what) => (code) => (code === 0 ? --left === 0 && ok() : no(new Error(`${what} exited with ${code}`)));
    archive.on('close', done(`git archive ${commit}`));
    tar.on('close', done('tar -x'));
  });
}

/** The entries scripts/package.mjs bundles, with its ncc flags. */
const ENTRIES = [
  ['src/action/main.ts', 'main'],
  ['src/cli.ts', 'cli'],
];

/** Bundle `root`'s sources into `out/` (main and cli), one ncc process after the other. */
async function bundle(root, out) {
  const ncc = join(ROOT, 'node_modules/@vercel/ncc/dist/ncc/cli.js');
  for (const [entry, name] of ENTRIES) {
    await rm(join(out, name), { recursive: true, force: true });
    try {
      await execFileP(NODE, [ncc, 'build', entry, '-o', join(out, name), '--minify', '--license', 'licenses.txt', '--quiet'], { cwd: root, maxBuffer: 64 << 20 });
    } catch (e) {
      throw new Error(`ncc build ${entry} in ${root} failed — the sources do not compile; bundle a commit instead (--after-commit HEAD):\n${e.stderr || e.message}`);
    }
  }
  return out;
}

/** The short name of commit `ref`, or exit 2 naming the fix. */
async function commitOf(flag, ref) {
  try {
    return await git('rev-parse', '--short', '--verify', `${ref}^{commit}`);
  } catch {
    return fail(`${flag} ${ref}: not a commit of this repository (find one with git log --format='%h %ad %s' --date=iso)`);
  }
}

async function prepareBuilds() {
  let before = opt.before;
  let beforeLabel = opt.before;
  if (!before) {
    const commit = await commitOf('--before-commit', opt.beforeCommit);
    before = join(AB, `before-${commit}`, 'dist');
    if (!existsSync(join(before, 'cli', 'index.js'))) {
      await rm(join(AB, `before-${commit}`), { recursive: true, force: true });
      await extract(commit, ['dist'], join(AB, `before-${commit}`));
    }
    beforeLabel = `${commit} (${(await git('log', '-1', '--format=%ad %s', '--date=short', commit)).slice(0, 60)}…): its committed dist/`;
  }
  let after = opt.after;
  let afterLabel = opt.after;
  if (!after && opt.afterCommit) {
    const commit = await commitOf('--after-commit', opt.afterCommit);
    const tree = join(AB, `after-${commit}`);
    after = join(tree, 'dist');
    if (!existsSync(join(after, 'cli', 'index.js'))) {
      await rm(tree, { recursive: true, force: true });
      // ncc type-checks the whole tsconfig project, tests included.
      await extract(commit, ['src', '__tests__', 'tsconfig.json', 'package.json'], tree);
      await symlink(join(ROOT, 'node_modules'), join(tree, 'node_modules'));
      await bundle(tree, after);
    }
    afterLabel = `${commit} (${(await git('log', '-1', '--format=%ad %s', '--date=short', commit)).slice(0, 60)}…): its sources bundled by ncc`;
  } else if (!after) {
    after = await bundle(ROOT, join(AB, 'after-worktree'));
    afterLabel = `the working tree (HEAD ${await git('rev-parse', '--short', 'HEAD')}${(await git('status', '--porcelain', '--untracked-files=no', 'src')) ? ' with uncommitted changes in src/' : ''}) bundled by ncc`;
  }
  const builds = [];
  for (const [name, dir, label] of [
    ['before', before, beforeLabel],
    ['after', after, afterLabel],
  ]) {
    const cli = join(dir, 'cli', 'index.js');
    const main = join(dir, 'main', 'index.js');
    if (!existsSync(cli)) fail(`${name}: ${cli} is missing (give the dist/ directory, holding cli/ and main/)`);
    const help = (await execFileP(NODE, [cli, '--help'], { encoding: 'utf8' })).stdout;
    builds.push({
      name,
      dir,
      label,
      cli: [NODE, cli],
      main: existsSync(main) ? main : undefined,
      commands: new Set((/^Commands: (.*)$/m.exec(help)?.[1] ?? '').split(/,\s*/)),
      flags: new Set(/^Flags: (.*)$/m.exec(help)?.[1].split(/\s+/) ?? []),
    });
  }
  return builds;
}

// ---- measuring -------------------------------------------------------------------------

const rows = [];
const notes = [];

/** What a build cannot run of `command` with `flags`: a reason, or undefined. */
function lacks(build, command, flags = []) {
  if (!build.commands.has(command)) return `${build.name} build has no '${command}' command`;
  const missing = flags.filter((f) => !build.flags.has(f));
  return missing.length ? `${build.name} build's CLI lacks ${missing.join(', ')}` : undefined;
}

/**
 * One work for both builds: a warm-up pair, then RUNS pairs alternating which build goes
 * first. `cmd(build, i)` builds the command line; `prepare(build, i)` (untimed) and
 * `check(build, result, i)` run around every run, the warm-up too (i = -1).
 */
async function pair(builds, { name, cmd, prepare, check, needs, runs = RUNS }) {
  if (opt.match && !opt.match.test(name)) return false;
  const skip = needs && builds.map((b) => lacks(b, ...needs)).find(Boolean);
  if (skip) {
    console.log(`skip ${name}: ${skip}`);
    notes.push(`${name}: skipped, ${skip}`);
    return false;
  }
  const got = Object.fromEntries(builds.map((b) => [b.name, { cpu: [], wall: [], rss: [] }]));
  const one = async (build, i) => {
    if (prepare) await prepare(build, i);
    await execFileP('sync');
    const c = await cmd(build, i);
    const r = await measure(c);
    if (r.code !== 0) throw new Error(`${name}: ${build.name} run ${i} failed (${r.signal ?? `exit ${r.code}`}): ${c.argv.join(' ')}\n${r.stderr.slice(-2000)}`);
    if (check) await check(build, r, i);
    if (i >= 0) {
      got[build.name].cpu.push(r.cpuMs);
      got[build.name].wall.push(r.ms);
      got[build.name].rss.push(r.rssMB);
    }
  };
  for (const b of builds) await one(b, -1);
  for (let i = 0; i < runs; i++) for (const b of i % 2 ? [...builds].reverse() : builds) await one(b, i);
  const side = (s) => ({ cpu: median(s.cpu), cpuMin: Math.min(...s.cpu), cpuMax: Math.max(...s.cpu), wall: median(s.wall), rss: Math.max(...s.rss) });
  const row = { name, before: side(got.before), after: side(got.after) };
  row.ratio = row.after.cpu / row.before.cpu;
  rows.push(row);
  console.log(`${name.padEnd(50)} CPU before ${f0(row.before.cpu).padStart(6)} ms  after ${f0(row.after.cpu).padStart(6)} ms  after/before ${f2(row.ratio)}  RSS ${f0(row.before.rss)} / ${f0(row.after.rss)} MB`);
  return true;
}

const f0 = (x) => (Number.isFinite(x) ? x.toFixed(0) : '?');
const f2 = (x) => (Number.isFinite(x) ? x.toFixed(2) : '?');

function table() {
  const out = [
    '| work | before CPU ms median (min–max) | after CPU ms median (min–max) | after/before | wall ms before / after | peak RSS MB before / after |',
    '|---|---:|---:|---:|---:|---:|',
  ];
  for (const r of rows) {
    const c = (s) => `${f0(s.cpu)} (${f0(s.cpuMin)}–${f0(s.cpuMax)})`;
    out.push(`| ${r.name} | ${c(r.before)} | ${c(r.after)} | ${f2(r.ratio)} | ${f0(r.before.wall)} / ${f0(r.after.wall)} | ${f0(r.before.rss)} / ${f0(r.after.rss)} |`);
  }
  return out.join('\n');
}

/** Our ingest of `dir` into `store` (tag `tag`) by `build`, untimed; its JSON result. */
async function ingestWith(build, store, dir, tag, extra = []) {
  return JSON.parse(await runOrThrow([...build.cli, 'ingest', '--store', store, '--layers', '.:/', '--tags', tag, ...extra], { cwd: dir, env: { ...process.env, GITHUB_WORKSPACE: dir } }));
}

/** A clean environment: nothing of a runner, so the runner cache is off. */
const noRunner = Object.fromEntries(Object.keys(process.env).filter((k) => /^(GITHUB_|ACTIONS_|RUNNER_|INPUT_)/.test(k)).map((k) => [k, undefined]));

// ---- the works ---------------------------------------------------------------------------

const work = {};

/** ingest.bench.mjs's commands: gzip and zstd, small files and binaries; both builds' digests. */
work.ingest = async (builds, out) => {
  const trees = [
    ['small files', await workloads.smallFiles()],
    ['binaries', await workloads.binaries()],
  ];
  const store = (b, i) => join(out, `ingest-${b.name}-${i}`);
  for (const [label, tree] of trees) {
    for (const compression of ['gzip', 'zstd']) {
      const digests = { before: new Set(), after: new Set() };
      const layerBytes = {};
      const ran = await pair(builds, {
        name: `ingest ${compression}, ${label}`,
        needs: ['ingest', ['--store', '--layers', '--tags', '--compression']],
        prepare: (b, i) => rm(store(b, i), { recursive: true, force: true }),
        cmd: (b, i) => ({
          argv: [...b.cli, 'ingest', '--store', store(b, i), '--layers', '.:/', '--compression', compression, '--tags', 'bench'],
          cwd: tree.dir,
          env: { GITHUB_WORKSPACE: tree.dir },
        }),
        check: async (b, r, i) => {
          const result = JSON.parse(r.stdout);
          const layer = result.metadata.layers[0];
          digests[b.name].add(`image ${result.digest}, layer ${layer.digest}`);
          layerBytes[b.name] = layer.size;
          await rm(store(b, i), { recursive: true, force: true });
        },
      });
      if (!ran) continue;
      for (const b of builds) {
        const d = [...digests[b.name]];
        const line = `ingest ${compression}, ${label}, ${b.name}: ${d.join(' | ')} (${layerBytes[b.name]} bytes)${d.length > 1 ? ' — NOT reproducible between runs' : ''}`;
        console.log(`  ${line}`);
        notes.push(line);
      }
      const same = [...digests.before].join() === [...digests.after].join();
      notes.push(`ingest ${compression}, ${label}: digests ${same ? 'unchanged' : 'changed'} by the after build`);
    }
  }
};

/** Our image (ingested once by the before build) and the foreign images, unpacked by both. */
async function ourImages(builds, out) {
  const store = join(out, 'ours-store');
  if (!existsSync(join(store, 'index.json'))) {
    await ingestWith(builds[0], store, (await workloads.smallFiles()).dir, 'small');
    await ingestWith(builds[0], store, (await workloads.binaries()).dir, 'bins');
  }
  return store;
}

work.unpack = async (builds, out) => {
  const store = await ourImages(builds, out);
  const skopeo = await workloads.skopeoImage();
  const umoci = await workloads.umociImage();
  const dest = (b, i) => join(out, `unpack-${b.name}-${i}`);
  const clear = (b, i) => rm(dest(b, i), { recursive: true, force: true });
  for (const [label, dir, tag] of [
    ['our image, small files', store, 'small'],
    ['our image, binaries', store, 'bins'],
    [`umoci image, binaries`, umoci.dir, umoci.tag],
    [`skopeo image, ${skopeo.layers.length} layers`, skopeo.dir, skopeo.tag],
  ]) {
    await pair(builds, {
      name: `unpack ${label}`,
      needs: ['unpack', ['--store', '--ref', '--path']],
      prepare: clear,
      cmd: (b, i) => ({ argv: [...b.cli, 'unpack', '--store', dir, '--ref', tag, '--path', dest(b, i)] }),
      check: clear,
    });
  }
};

/** registry.bench.mjs's commands against docker-registry on loopback: push, pull, re-push. */
work.registry = async (builds, out) => {
  const { startRegistry } = await import(pathToFileURL(built('__tests__/harness/registry.js')).href);
  const store = await ourImages(builds, out);
  const skopeo = await workloads.skopeoImage();
  const env = { HOME: out, DOCKER_CONFIG: join(out, 'docker') };
  const manifestDigest = async (ref) => {
    const { stdout } = await execFileP('skopeo', ['inspect', '--tls-verify=false', '--raw', `docker://${ref}`], { encoding: 'buffer', maxBuffer: 64 << 20 });
    return 'sha256:' + createHash('sha256').update(stdout).digest('hex');
  };
  const images = [
    { label: 'our image, binaries', store, tag: 'bins', digest: (await workloads.imageOf(store, 'bins')).digest },
    { label: `skopeo image, ${skopeo.layers.length} layers`, store: skopeo.dir, tag: skopeo.tag, digest: skopeo.digest },
  ];
  let current;
  let source;
  try {
    for (const img of images) {
      await pair(builds, {
        name: `push ${img.label}`,
        needs: ['push', ['--store', '--ref', '--tags']],
        prepare: async () => {
          await current?.stop();
          current = await startRegistry();
        },
        cmd: (b) => ({ argv: [...b.cli, 'push', '--store', img.store, '--ref', img.tag, '--tags', `${current.host}/bench/img:${b.name}`], env }),
        check: async (b) => {
          const got = await manifestDigest(`${current.host}/bench/img:${b.name}`);
          if (got !== img.digest) throw new Error(`${b.name} pushed ${got}, expected ${img.digest}`);
        },
      });
    }
    await current?.stop();
    current = undefined;
    source = await startRegistry();
    for (const [n, img] of images.entries()) {
      const remote = `${source.host}/bench/img${n}:1`;
      await runOrThrow(['skopeo', '--insecure-policy', 'copy', '--quiet', '--dest-tls-verify=false', `oci:${img.store}:${img.tag}`, `docker://${remote}`], { env: { ...process.env, ...env } });
      const pullDir = (b, i) => join(out, `pull-${b.name}-${i}`);
      const clear = (b, i) => rm(pullDir(b, i), { recursive: true, force: true });
      await pair(builds, {
        name: `pull ${img.label}`,
        needs: ['pull', ['--store', '--ref']],
        prepare: clear,
        cmd: (b, i) => ({ argv: [...b.cli, 'pull', '--store', pullDir(b, i), '--ref', remote], env }),
        check: clear,
      });
    }
    await pair(builds, {
      name: 're-push, all blobs present',
      needs: ['push', ['--store', '--ref', '--tags']],
      cmd: (b) => ({ argv: [...b.cli, 'push', '--store', store, '--ref', 'bins', '--tags', `${source.host}/bench/img0:1`], env, quiet: false }),
      check: (b, r) => {
        const p = JSON.parse(r.stdout).metadata.pushed[0];
        if (p.uploaded !== 0) throw new Error(`${b.name}: re-push uploaded ${p.uploaded} blobs`);
      },
    });
  } finally {
    await current?.stop();
    await source?.stop();
  }
};

/** coldstart.bench.mjs's first two: inspect of an empty store by the CLI and by the action (runner cache off). */
work.coldstart = async (builds, out) => {
  const store = join(out, 'empty-store');
  const fresh = async () => {
    await rm(store, { recursive: true, force: true });
    await mkdir(store, { recursive: true });
  };
  // As coldstart.bench.mjs: at least 9 runs, a start's CPU time is ~10 clock ticks.
  const runs = Math.max(9, RUNS);
  await pair(builds, {
    name: 'CLI cold start: inspect, empty store',
    runs,
    needs: ['inspect', ['--store']],
    prepare: fresh,
    cmd: (b) => ({ argv: [...b.cli, 'inspect', '--store', store], env: noRunner, quiet: false }),
    check: (b, r) => {
      if (!Array.isArray(JSON.parse(r.stdout).details?.tags ?? JSON.parse(r.stdout).tags)) throw new Error(`${b.name}: unexpected output ${r.stdout.slice(0, 300)}`);
    },
  });
  const noMain = builds.find((b) => !b.main);
  if (noMain) {
    console.log(`skip action cold start: the ${noMain.name} build has no main/index.js`);
    notes.push(`action cold start: skipped, the ${noMain.name} build has no main/index.js`);
    return;
  }
  await pair(builds, {
    name: 'action cold start, caches off: inspect, empty store',
    runs,
    prepare: fresh,
    // No runner variables (the runner cache off) and Node's compile cache off: the before
    // build has none, the after build would keep one in os.tmpdir() between runs.
    cmd: (b) => ({ argv: [NODE, b.main], env: { ...noRunner, NODE_DISABLE_COMPILE_CACHE: '1', INPUT_COMMAND: 'inspect', INPUT_STORE: store }, quiet: false }),
    check: (b, r) => {
      if (!/"tags": \[\]/.test(r.stdout + r.stderr) && !r.stdout.includes('store:')) throw new Error(`${b.name}: unexpected output ${r.stdout.slice(0, 300)}`);
    },
  });
};

/** verify of our two-image store and of store.bench.mjs's ~760-blob store. */
work.verify = async (builds, out) => {
  const { buildStore } = await import('./store.bench.mjs');
  const ours = await ourImages(builds, out);
  const libs = join(out, 'libs-store');
  const info = await buildStore(libs, (await workloads.binaries()).dir);
  for (const [label, store] of [
    ['verify, our image store (2 images)', ours],
    [`verify, ${info.layers}-layer store`, libs],
  ]) {
    await pair(builds, { name: label, needs: ['verify', ['--store']], cmd: (b) => ({ argv: [...b.cli, 'verify', '--store', store] }) });
  }
};

/** scale.bench.mjs's tag and inspect at its number of tags, each build on its own copy of the layout. */
work.scale = async (builds, out) => {
  const { buildLayout, tagName } = await import('./scale.bench.mjs');
  const count = Number(process.env.BENCH_SCALE_TAGS ?? (workloads.QUICK ? 2000 : 100_000));
  const base = join(out, 'scale-base');
  const images = await buildLayout(base, count, out);
  const one = tagName(Math.floor(count / 2));
  const digestOf = images[Math.floor(count / 2) % 3].digest;
  const storeOf = (b) => join(out, `scale-${b.name}`);
  for (const b of builds) await cp(base, storeOf(b), { recursive: true });
  const hasDigest = (b, r) => {
    if (!r.stdout.includes(digestOf)) throw new Error(`${b.name}: unexpected output ${r.stdout.slice(0, 300)}`);
  };
  await pair(builds, {
    name: `tag, ${count} tags`,
    needs: ['tag', ['--store', '--ref', '--tags']],
    cmd: (b, i) => ({ argv: [...b.cli, 'tag', '--store', storeOf(b), '--ref', one, '--tags', `ab-${i + 2}`], quiet: false }),
    check: hasDigest,
  });
  await pair(builds, {
    name: `inspect one tag, ${count} tags`,
    needs: ['inspect', ['--store', '--ref']],
    cmd: (b) => ({ argv: [...b.cli, 'inspect', '--store', storeOf(b), '--ref', one], quiet: false }),
    check: hasDigest,
  });
};

// ---- the run -----------------------------------------------------------------------------

const builds = await prepareBuilds();
const c = cpus();
const conditions = [
  `before: ${builds[0].label} — ${builds[0].dir}`,
  `after: ${builds[1].label} — ${builds[1].dir}`,
  `${c.length} cores (${c[0]?.model?.trim() ?? 'unknown'}), node ${NODE}; ${RUNS} alternating pair${RUNS === 1 ? '' : 's'} per work after a warm-up pair; CPU = user + system of the process tree`,
];
if (workloads.QUICK) conditions.push('QUICK workloads: a self-check of the comparison, not a measurement');
for (const line of conditions) console.log(line);
// Its own scratch directory: two comparisons may run at once (a test beside a run).
const out = await workloads.scratch(`ab-${process.pid}`);
let failed = 0;
try {
  for (const name of selected.length ? selected : WORKS) {
    console.log(`\n# ${name}`);
    try {
      await work[name](builds, out);
    } catch (e) {
      failed++;
      console.error(`work ${name} failed: ${e instanceof Error ? e.stack : e}`);
    }
  }
} finally {
  await rm(out, { recursive: true, force: true });
}
if (workloads.usedWorkloads().length) conditions.push(`workloads: ${workloads.usedWorkloads().join('; ')}`);
conditions.push(`load ${loadavg().map((l) => l.toFixed(1)).join(' ')} at the end`);
console.log(`\n${conditions.map((l) => `- ${l}`).join('\n')}\n\n${table()}`);
if (notes.length) console.log(`\n${notes.map((l) => `- ${l}`).join('\n')}`);
if (failed) {
  console.log(`\n${failed} work(s) failed`);
  process.exit(1);
}
