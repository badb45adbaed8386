/**
 * `serve` receiving a skopeo push (DESIGN.md §6: ≤ 1.0× the same push into docker-registry).
 *
 * Each measured run is one `skopeo copy oci:… docker://127.0.0.1:P/…` into a fresh, empty
 * registry: ours is the detached registry process `command: serve` starts (compiled
 * .test-build), on a new store; the peer is Debian's `docker-registry` on new storage.
 * Starting and stopping the registries is not timed. Workloads (source layouts built once
 * by our ingest and cached under bench/.work/serve-src/):
 *
 * - small files: one gzip layer of the ~30k-file tree;
 * - binaries: one gzip layer of ~300 MB of shared libraries;
 * - 100 layers: the first 100 shared libraries, one gzip layer each (per-blob overhead;
 *   skopeo's own per-blob bookkeeping dominates both sides here);
 * - images other tools made (bench/lib/workloads.mjs): umoci's single-stream layer of the
 *   binaries, and skopeo's 45-layer image.
 *
 * Besides the wall time of the push (the §6 target), each workload prints the CPU time
 * (user+sys) of the registry process itself during the push, ours against the peer's.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { built, ROOT } from './lib/measure.mjs';
import { QUICK, WORK } from './lib/workloads.mjs';

// Quick mode's tiny sources apart from the real ones.
const SRC = join(WORK, QUICK ? 'serve-src-quick' : 'serve-src');

async function* walk(dir) {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* walk(p);
    else if (e.isFile()) yield p;
  }
}

/** Build (once) an OCI layout `SRC/<name>` tagged `<name>` by `fill(store)`. */
async function source(name, fill) {
  const dir = join(SRC, name);
  const marker = `${dir}.complete`;
  if (existsSync(marker)) return JSON.parse(await readFile(marker, 'utf8'));
  await rm(dir, { recursive: true, force: true });
  await mkdir(SRC, { recursive: true });
  const { Store } = await import(pathToFileURL(built('src/core/layout.js')).href);
  const store = await Store.open(dir);
  const info = await fill(store);
  const out = { dir, tag: name, ...info };
  await writeFile(marker, JSON.stringify(out));
  return out;
}

/** One gzip layer of `tree`, through our ingest. */
async function ingested(name, tree) {
  return source(name, async (store) => {
    const { parseOptions } = await import(pathToFileURL(built('src/core/commands/options.js')).href);
    const { execute } = await import(pathToFileURL(built('src/core/commands/index.js')).href);
    const logger = { debug() {}, info() {}, warning: (m) => console.error(`warning: ${m}`) };
    const options = parseOptions({ command: 'ingest', store: store.root, layers: `${tree}:/`, tags: name, platform: 'linux/amd64' }, { cwd: ROOT });
    const r = await execute(options, { logger, env: {}, workspace: ROOT });
    return { digest: r.digest, layers: 1, bytes: r.metadata?.layers?.[0]?.size };
  });
}

/**
 * Every file of `tree` as one gzip layer (compressed: skopeo would otherwise compress
 * uncompressed layers for a registry, and time its own gzip, not the registry).
 */
async function perFile(name, tree, count) {
  return source(name, async (store) => {
    const layers = [];
    for await (const f of walk(tree)) {
      if (layers.length >= count) break;
      layers.push(await store.pushBytes(gzipSync(await readFile(f), { level: 1 }), 'application/vnd.oci.image.layer.v1.tar+gzip'));
    }
    const config = await store.pushJSON(
      { architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: layers.map((l) => l.digest) } },
      'application/vnd.oci.image.config.v1+json',
    );
    const manifest = await store.pushJSON({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config, layers }, 'application/vnd.oci.image.manifest.v1+json');
    await store.tag(manifest, name);
    return { digest: manifest.digest, layers: layers.length, bytes: layers.reduce((n, l) => n + l.size, 0) };
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function waitFor(url, ms) {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      const r = await fetch(url);
      await r.arrayBuffer();
      if (r.status === 200) return;
    } catch {
      /* not yet */
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The registries of one side: at most one running at a time, fresh for every run. */
function registries(tmp) {
  let current;
  let n = 0;
  const mod = import(pathToFileURL(built('src/core/serve/detached.js')).href);
  const opts = import(pathToFileURL(built('src/core/commands/options.js')).href);

  async function stop() {
    const c = current;
    current = undefined;
    if (!c) return;
    await c.stop();
  }

  async function ours() {
    await stop();
    const { startDetached: start, stopServer: stopIt } = await mod;
    const { parseOptions } = await opts;
    const store = join(tmp, `ours-${n++}`);
    const options = { ...parseOptions({ command: 'serve', store }, { cwd: tmp }), port: 0 };
    const s = await start(options, { entry: built('src/core/serve/entry.js'), logFile: `${store}.log` });
    current = { registry: s.registry, pid: s.pid, stop: async () => void (await stopIt(s.pid, 10_000)) };
    return s.registry;
  }

  async function peer() {
    await stop();
    const dir = join(tmp, `peer-${n++}`);
    await mkdir(dir, { recursive: true });
    const port = await freePort();
    const config = join(dir, 'config.yml');
    await writeFile(
      config,
      ['version: 0.1', 'log:', '  level: error', '  accesslog:', '    disabled: true', 'storage:', '  filesystem:', `    rootdirectory: ${dir}/data`, 'http:', `  addr: 127.0.0.1:${port}`, ''].join('\n'),
    );
    const child = spawn('docker-registry', ['serve', config], { stdio: 'ignore' });
    await waitFor(`http://127.0.0.1:${port}/v2/`, 15_000);
    current = {
      registry: `127.0.0.1:${port}`,
      pid: child.pid,
      stop: async () => {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      },
    };
    return current.registry;
  }

  /** CPU seconds (user+sys, every thread) the running registry has used so far. */
  function cpu() {
    return current ? cpuSeconds(current.pid) : undefined;
  }

  return { ours, peer, stop, cpu };
}

const TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

/**
 * CPU seconds of process `pid`, user and system, all threads (Linux /proc/<pid>/stat,
 * fields 14 and 15); undefined where there is no /proc. Wall time says little on a shared
 * machine; the registry's CPU for the same push is what one registry costs against another.
 */
function cpuSeconds(pid) {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return { user: Number(f[11]) / TICKS, sys: Number(f[12]) / TICKS };
  } catch {
    return undefined;
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export default async function ({ compare, workloads }) {
  const small = await workloads.smallFiles();
  const bins = await workloads.binaries();
  const sources = [
    ['skopeo push → serve, small files', await ingested('small', small.dir)],
    ['skopeo push → serve, binaries', await ingested('binaries', bins.dir)],
    ['skopeo push → serve, 100 layers', await perFile('layers-100', bins.dir, 100)],
  ];
  for (const [label, image] of [
    ['umoci image', await workloads.umociImage()],
    [`skopeo image, ${workloads.SIZES.layers} layers`, await workloads.skopeoImage()],
  ]) {
    sources.push([`skopeo push → serve, ${label}`, { dir: image.dir, tag: image.tag, digest: image.digest, layers: image.layers.length, bytes: image.bytes }]);
  }
  for (const [name, src] of sources) {
    console.log(`${name}: ${src.layers} layer(s), ${(src.bytes / 1e6).toFixed(0)} MB`);
    const tmp = await workloads.scratch('serve-bench');
    const regs = registries(tmp);
    let registry;
    let before;
    const cpu = { ours: [], peer: [] };
    const copy = (i) => ({
      argv: ['skopeo', '--insecure-policy', 'copy', '--dest-tls-verify=false', `oci:${src.dir}:${src.tag}`, `docker://${registry}/bench/${src.tag}:${i + 1}`],
    });
    try {
      await compare({
        name,
        peerName: 'docker-registry',
        ours: copy,
        peer: copy,
        prepare: async (side) => {
          registry = side === 'ours' ? await regs.ours() : await regs.peer();
          before = regs.cpu();
        },
        check: async (side, result, i) => {
          const after = regs.cpu();
          if (result.code !== 0) throw new Error(result.stderr);
          if (i >= 0 && before && after) cpu[side][i] = after.user + after.sys - before.user - before.sys;
          const r = await fetch(`http://${registry}/v2/bench/${src.tag}/manifests/${src.digest}`, { method: 'HEAD', headers: { Accept: 'application/vnd.oci.image.manifest.v1+json' } });
          if (r.status !== 200) throw new Error(`${side}: the pushed manifest ${src.digest} is not at ${registry} (${r.status})`);
        },
        target: 1.0,
      });
      const pairs = cpu.ours.map((c, i) => c / cpu.peer[i]).filter((r) => Number.isFinite(r));
      if (pairs.length > 0) {
        console.log(
          `  registry CPU (user+sys) for the push: serve ${median(cpu.ours).toFixed(2)} s, docker-registry ${median(cpu.peer).toFixed(2)} s, ` +
            `ratio ${(median(cpu.ours) / median(cpu.peer)).toFixed(2)} (pairs ${Math.min(...pairs).toFixed(2)}-${Math.max(...pairs).toFixed(2)})`,
        );
      }
    } finally {
      await regs.stop();
      await rm(tmp, { recursive: true, force: true });
    }
  }
}
