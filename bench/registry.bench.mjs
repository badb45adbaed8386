/**
 * push and pull vs `skopeo copy` (DESIGN.md §6), whole processes, against Debian's
 * docker-registry on loopback:
 *
 * - push: our `push` of an image from the store vs `skopeo copy oci:STORE:tag
 *   docker://…` — each run into a fresh registry (started untimed in prepare);
 * - pull: our `pull` into a fresh store vs `skopeo copy docker://… oci:DIR:tag` (target
 *   ≤ 1.0× for both on our image; ≤ 0.9× on images other tools made — issue 11);
 * - re-push with every blob present: ≤ 0.3 s;
 * - peak RSS pushing a 1 GB (uncompressed) layer: ≤ 150 MB.
 *
 * Our side runs bench/driver.mjs over .test-build/ (BENCH_OURS=cli runs the CLI bundle,
 * BENCH_CLI=<path> a given build of it; the bundle starts ~200 ms faster than the driver).
 * The images: the `binaries` workload (~300 MB of shared libraries) ingested once by us
 * (gzip, 1 MiB members); the same tree as umoci's single-stream layer (umociImage); a
 * 45-layer image whose layers skopeo compressed (skopeoImage), like a Docker Hub image.
 */
import { createHash } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { pathToFileURL } from 'node:url';
import { largestBlob } from './ingest.bench.mjs';
import { ROOT, built, runOrThrow } from './lib/measure.mjs';

const execFileP = promisify(execFile);

/** Our command line: the driver over .test-build/, the CLI bundle (BENCH_OURS=cli), or BENCH_CLI=<path> (a fresh ncc build). */
function oursArgv(NODE, cliPath) {
  if (process.env.BENCH_CLI) return [NODE, process.env.BENCH_CLI];
  return process.env.BENCH_OURS === 'cli' ? [NODE, cliPath()] : [NODE, join(ROOT, 'bench', 'driver.mjs')];
}

/**
 * The registry's floor for receiving one blob: a shell that POSTs an upload and streams the
 * file in one PUT with curl — no client work beyond the socket (no hashing, no HEAD, no
 * manifest). What no client can go under against this registry.
 */
function bareUpload(host, repo, blob) {
  const script =
    'loc=$(curl -sf -o /dev/null -D - -X POST "http://$0/v2/$1/blobs/uploads/" | tr -d "\\r" | sed -n "s/^[Ll]ocation: //p"); ' +
    'case "$loc" in http*) ;; *) loc="http://$0$loc" ;; esac; ' +
    'case "$loc" in *\\?*) sep="&" ;; *) sep="?" ;; esac; ' +
    'curl -sf -o /dev/null -T "$2" -H "Content-Type: application/octet-stream" "$loc${sep}digest=$3"';
  return ['sh', '-c', script, host, repo, blob.path, blob.digest];
}

/**
 * The registry's floor for serving an image: curl fetching the manifest, then the config
 * and every layer in one process, four at once (our pull's transfer slots), into files —
 * no hashing, no fsync, no layout: what a client fetching four at once cannot go under.
 */
function bareDownload(host, repo, tag, digests, dir) {
  const script =
    'mkdir -p "$1" && cd "$1" || exit 1; ' +
    'curl -sf -o manifest -H "Accept: application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json" "$2" || exit 1; ' +
    'shift 2; curl -sf -Z --parallel-max 4 "$@"';
  const blobs = digests.flatMap((d) => ['-o', d, `http://${host}/v2/${repo}/blobs/${d}`]);
  return ['sh', '-c', script, 'sh', dir, `http://${host}/v2/${repo}/manifests/${tag}`, ...blobs];
}

/** The config's and layers' digests of `tag` in the OCI layout `dir`. */
async function blobDigests(dir, tag) {
  const index = JSON.parse(await readFile(join(dir, 'index.json'), 'utf8'));
  const m = index.manifests.find((d) => d.annotations?.['org.opencontainers.image.ref.name'] === tag);
  if (m === undefined) throw new Error(`no tag ${tag} in ${dir}`);
  const manifest = JSON.parse(await readFile(join(dir, 'blobs', ...m.digest.split(':')), 'utf8'));
  return [manifest.config.digest, ...manifest.layers.map((l) => l.digest)];
}

async function manifestDigest(ref) {
  const { stdout } = await execFileP('skopeo', ['inspect', '--tls-verify=false', '--raw', `docker://${ref}`], { encoding: 'buffer', maxBuffer: 64 << 20 });
  return 'sha256:' + createHash('sha256').update(stdout).digest('hex');
}

export default async function ({ compare, single, workloads, NODE, cliPath }) {
  const { startRegistry } = await import(pathToFileURL(built('__tests__/harness/registry.js')).href);
  const argv0 = oursArgv(NODE, cliPath);
  const out = await workloads.scratch('registry');
  const env = { HOME: out, DOCKER_CONFIG: join(out, 'docker') };

  // The image, ingested once (untimed).
  const bins = await workloads.binaries();
  const store = join(out, 'store');
  const made = JSON.parse(
    await runOrThrow([...argv0, 'ingest', '--store', store, '--layers', '.:/', '--tags', 'bench'], { cwd: bins.dir, env: { ...process.env, GITHUB_WORKSPACE: bins.dir } }),
  );
  const digest = made.digest;
  console.log(`image ${digest}: ${(made.metadata.layers.reduce((a, l) => a + l.size, 0) / 1e6).toFixed(0)} MB of layers`);

  // One registry per measured run, started and removed outside the timing.
  let current;
  const fresh = async () => {
    await current?.stop();
    current = await startRegistry();
    return current;
  };
  const umoci = await workloads.umociImage();
  const layered = await workloads.skopeoImage();
  const mb = (n) => `${(n / 1e6).toFixed(0)} MB`;
  const images = [
    { label: `our image (1 layer, ${mb(made.metadata.layers.reduce((a, l) => a + l.size, 0))})`, store, tag: 'bench', digest, target: 1.0 },
    { label: `umoci image (1 layer, ${mb(umoci.bytes)})`, store: umoci.dir, tag: umoci.tag, digest: umoci.digest, target: 0.9, foreign: true },
    { label: `skopeo image (${layered.layers.length} layers, ${mb(layered.bytes)})`, store: layered.dir, tag: layered.tag, digest: layered.digest, target: 0.9, foreign: true },
  ];
  let source;
  try {
    for (const img of images) {
      // ---- push ---------------------------------------------------------------------
      await compare({
        name: `push ${img.label}`,
        peerName: 'skopeo copy',
        prepare: async () => {
          await fresh();
        },
        ours: () => ({ argv: [...argv0, 'push', '--store', img.store, '--ref', img.tag, '--tags', `${current.host}/bench/img:ours`], env }),
        peer: () => ({ argv: ['skopeo', 'copy', '--quiet', '--dest-tls-verify=false', `oci:${img.store}:${img.tag}`, `docker://${current.host}/bench/img:peer`], env }),
        check: async (side) => {
          const got = await manifestDigest(`${current.host}/bench/img:${side}`);
          if (got !== img.digest) throw new Error(`${side} pushed ${got}, expected ${img.digest}`);
        },
        target: img.target,
        rssMB: 150,
      });
      if (img.foreign && img.label.startsWith('skopeo')) continue;
      // The floor under both: the same layer streamed by curl into a fresh registry. A
      // push can only be as much faster than skopeo as skopeo is slower than this.
      const blob = await largestBlob(img.store);
      await compare({
        name: `registry floor: curl -T of the layer of ${img.label}`,
        peerName: 'skopeo copy',
        prepare: async () => {
          await fresh();
        },
        ours: () => ({ argv: bareUpload(current.host, 'bench/floor', blob) }),
        peer: () => ({ argv: ['skopeo', 'copy', '--quiet', '--dest-tls-verify=false', `oci:${img.store}:${img.tag}`, `docker://${current.host}/bench/img:peer`], env }),
        bounds: `push ${img.label}`,
      });
    }

    // ---- pull ---------------------------------------------------------------------
    // One source registry for every pull run; foreign images are put there by skopeo.
    source = await fresh();
    current = undefined;
    for (const [n, img] of images.entries()) {
      const remote = `${source.host}/bench/img${n}:1`;
      if (img.foreign) await runOrThrow(['skopeo', '--insecure-policy', 'copy', '--quiet', '--dest-tls-verify=false', `oci:${img.store}:${img.tag}`, `docker://${remote}`], { env: { ...process.env, ...env } });
      else await runOrThrow([...argv0, 'push', '--store', img.store, '--ref', img.tag, '--tags', remote], { env: { ...process.env, ...env } });
      const pullDir = (side, i) => join(out, `pull-${side}-${i}`);
      await compare({
        name: `pull ${img.label}`,
        peerName: 'skopeo copy',
        prepare: async (side, i) => {
          await rm(pullDir(side, i), { recursive: true, force: true });
        },
        ours: (i) => ({ argv: [...argv0, 'pull', '--store', pullDir('ours', i), '--ref', remote], env }),
        peer: (i) => ({ argv: ['skopeo', 'copy', '--quiet', '--src-tls-verify=false', `docker://${remote}`, `oci:${pullDir('peer', i)}:t`], env }),
        check: async (side, _r, i) => {
          await rm(pullDir(side, i), { recursive: true, force: true });
        },
        target: img.target,
        rssMB: 150,
      });
      if (!img.foreign || !img.label.startsWith('skopeo')) continue;
      // The floor under both for an image of many layers: the same blobs fetched by curl.
      const digests = await blobDigests(img.store, img.tag);
      const [repo, tag] = remote.slice(source.host.length + 1).split(':');
      await compare({
        name: `registry floor: curl of every blob of ${img.label}, 4 at once`,
        peerName: 'skopeo copy',
        prepare: async (side, i) => {
          await rm(pullDir(side, i), { recursive: true, force: true });
        },
        ours: (i) => ({ argv: bareDownload(source.host, repo, tag, digests, pullDir('ours', i)) }),
        peer: (i) => ({ argv: ['skopeo', 'copy', '--quiet', '--src-tls-verify=false', `docker://${remote}`, `oci:${pullDir('peer', i)}:t`], env }),
        check: async (side, _r, i) => {
          if (side === 'ours') {
            for (const d of digests) {
              const got = 'sha256:' + createHash('sha256').update(await readFile(join(pullDir('ours', i), d))).digest('hex');
              if (got !== d) throw new Error(`floor fetched ${d} as ${got}`);
            }
          }
          await rm(pullDir(side, i), { recursive: true, force: true });
        },
        bounds: `pull ${img.label}`,
      });
    }

    // ---- re-push, everything present ----------------------------------------------
    await single({
      name: 're-push, all blobs present (whole process)',
      ours: { argv: [...argv0, 'push', '--store', store, '--ref', 'bench', '--tags', `${source.host}/bench/img0:1`], env, quiet: false },
      check: async (_side, r) => {
        const result = JSON.parse(r.stdout);
        const p = result.metadata.pushed[0];
        if (p.uploaded !== 0 || p.uploadedBytes !== 0) throw new Error(`re-push uploaded ${p.uploaded} blobs (${p.uploadedBytes} bytes)`);
      },
      ms: 300,
    });
    await source.stop();
    source = undefined;

    // ---- 1 GB layer, peak RSS -------------------------------------------------------
    const large = await workloads.largeFile();
    const bigStore = join(out, 'big-store');
    await runOrThrow([...argv0, 'ingest', '--store', bigStore, '--layers', '.:/', '--compression', 'none', '--tags', 'big'], {
      cwd: large.dir,
      env: { ...process.env, GITHUB_WORKSPACE: large.dir },
    });
    await single({
      name: 'push 1 GB layer, peak RSS',
      prepare: async () => {
        await fresh();
      },
      ours: () => ({ argv: [...argv0, 'push', '--store', bigStore, '--ref', 'big', '--tags', `${current.host}/bench/big:1`], env }),
      runs: Math.min(3, Number(process.env.BENCH_RUNS ?? 3)),
      rssMB: 150,
    });
    await rm(bigStore, { recursive: true, force: true });
  } finally {
    await source?.stop();
    await current?.stop();
    await rm(out, { recursive: true, force: true });
  }
}
