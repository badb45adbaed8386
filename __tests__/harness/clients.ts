/**
 * Real container clients for interop tests (issue 14): containerd's `ctr` against a
 * containerd this harness starts, and podman. Both run as root without systemd, touch only
 * their temp dirs, and reach registries on loopback over plain HTTP. Every child process
 * has a timeout.
 *
 * - containerd: its own socket, root and state dirs; the `native` snapshotter (plain
 *   directories, no mount needed to read a tree); the CRI plugin and everything that runs
 *   containers disabled. `rootfs(ref)` finds the tree containerd unpacked for an image by
 *   its chain ID (image-spec config.md "Layer ChainID").
 * - podman: vfs storage under a temp root and runroot, cgroupfs, no events journal, no
 *   containers.conf or registries.conf from /etc; `rootfs(ref)` is `podman image mount`,
 *   which for vfs is the layer directory itself.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Run a program with a timeout; rejects with its output when it fails. */
export function runTool(cmd: string, args: string[], options: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      cmd,
      args,
      { timeout: options.timeoutMs ?? 120_000, maxBuffer: 64 << 20, env: options.env ?? process.env, encoding: 'utf8', killSignal: 'SIGKILL' },
      (err, stdout, stderr) => {
        if (err) reject(new Error(`${cmd} ${args.join(' ')} failed: ${(stderr || stdout || err.message).trim()}`));
        else resolve(stdout);
      },
    );
  });
}

/** The chain ID of a list of diff IDs (image-spec config.md "Layer ChainID"). */
export function chainID(diffIDs: string[]): string {
  let chain = diffIDs[0]!;
  for (const d of diffIDs.slice(1)) chain = 'sha256:' + createHash('sha256').update(`${chain} ${d}`).digest('hex');
  return chain;
}

/** A containerd started for a test. */
export interface Containerd {
  dir: string;
  /** Run `ctr` against it (namespace `oci-store-test`, native snapshotter). */
  ctr(args: string[], timeoutMs?: number): Promise<string>;
  /** The directory holding the unpacked root filesystem of a pulled image (linux/amd64 when it is an index). */
  rootfs(ref: string): Promise<string>;
  stop(): Promise<void>;
}

const CONTAINERD_DISABLED = [
  'io.containerd.grpc.v1.cri',
  'io.containerd.snapshotter.v1.aufs',
  'io.containerd.snapshotter.v1.btrfs',
  'io.containerd.snapshotter.v1.devmapper',
  'io.containerd.snapshotter.v1.overlayfs',
  'io.containerd.snapshotter.v1.zfs',
  'io.containerd.tracing.processor.v1.otlp',
  'io.containerd.internal.v1.tracing',
  // Nothing here runs a container.
  'io.containerd.runtime.v1.linux',
  'io.containerd.runtime.v2.task',
  'io.containerd.service.v1.tasks-service',
  'io.containerd.grpc.v1.tasks',
  'io.containerd.monitor.v1.cgroups',
  'io.containerd.internal.v1.restart',
];

/** Start containerd on its own socket in a temp dir; waits (bounded) until `ctr version` answers. */
export async function startContainerd(timeoutMs = 30_000): Promise<Containerd> {
  const dir = await mkdtemp(join(tmpdir(), 'oci-store-containerd-'));
  const socket = join(dir, 'containerd.sock');
  const config = [
    'version = 2',
    `root = ${JSON.stringify(join(dir, 'root'))}`,
    `state = ${JSON.stringify(join(dir, 'state'))}`,
    `disabled_plugins = ${JSON.stringify(CONTAINERD_DISABLED)}`,
    '[grpc]',
    `  address = ${JSON.stringify(socket)}`,
    '[ttrpc]',
    `  address = ${JSON.stringify(socket + '.ttrpc')}`,
    '[debug]',
    '  address = ""',
    '[metrics]',
    '  address = ""',
    '[plugins."io.containerd.internal.v1.opt"]',
    `  path = ${JSON.stringify(join(dir, 'opt'))}`,
    '',
  ].join('\n');
  await writeFile(join(dir, 'config.toml'), config);
  const child: ChildProcess = spawn('containerd', ['--config', join(dir, 'config.toml')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const keep = (c: Buffer): void => {
    log = (log + c.toString()).slice(-8000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let spawnError: Error | undefined;
  child.on('error', (e) => (spawnError = e));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));

  const env = { ...process.env, CONTAINERD_SNAPSHOTTER: 'native', CONTAINERD_NAMESPACE: 'oci-store-test' };
  const ctr = (args: string[], t = 120_000): Promise<string> => runTool('ctr', ['--address', socket, ...args], { timeoutMs: t, env });
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    await rm(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (spawnError) {
      await stop();
      throw new Error(`containerd could not start (${spawnError.message}); .ci/run installs it`);
    }
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`containerd exited with ${child.exitCode}: ${log}`);
    }
    try {
      await ctr(['version'], 5000);
      break;
    } catch (e) {
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`containerd did not answer on ${socket} within ${timeoutMs} ms: ${(e as Error).message}\n${log}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  let views = 0;
  const content = async <T>(digest: string): Promise<T> => JSON.parse(await ctr(['content', 'get', digest])) as T;
  const rootfs = async (ref: string): Promise<string> => {
    const line = (await ctr(['images', 'ls'])).split('\n').find((l) => l.split(/\s+/)[0] === ref);
    if (!line) throw new Error(`containerd has no image ${ref}`);
    const [, type, digest] = line.split(/\s+/);
    let manifestDigest = digest!;
    if (/index|list/.test(type!)) {
      const ix = await content<{ manifests: Array<{ digest: string; platform?: { os: string; architecture: string } }> }>(digest!);
      const pick = ix.manifests.find((m) => m.platform?.os === 'linux' && m.platform.architecture === 'amd64');
      if (!pick) throw new Error(`${ref} has no linux/amd64 manifest`);
      manifestDigest = pick.digest;
    }
    const manifest = await content<{ config: { digest: string } }>(manifestDigest);
    const config = await content<{ rootfs: { diff_ids: string[] } }>(manifest.config.digest);
    // A read-only view of the image's top snapshot; its mount is a bind of a plain directory.
    const key = `oci-store-test-view-${++views}`;
    await ctr(['snapshots', 'view', key, chainID(config.rootfs.diff_ids)]);
    const out = await ctr(['snapshots', 'mounts', join(dir, 'unused-target'), key]);
    const m = /mount -t bind (\S+)/.exec(out);
    if (!m) throw new Error(`ctr snapshots mounts printed no bind mount: ${out}`);
    return m[1]!;
  };
  return { dir, ctr, rootfs, stop };
}

/** podman with its own storage. */
export interface Podman {
  dir: string;
  /** Run podman with the storage flags (`--tls-verify=false` is the caller's). */
  podman(args: string[], timeoutMs?: number): Promise<string>;
  /** The directory of an image's root filesystem (vfs: the top layer's directory). */
  rootfs(ref: string): Promise<string>;
  stop(): Promise<void>;
}

/** podman on vfs storage in a temp dir. */
export async function podmanClient(): Promise<Podman> {
  const dir = await mkdtemp(join(tmpdir(), 'oci-store-podman-'));
  await mkdir(join(dir, 'tmp'));
  const flags = [
    '--storage-driver', 'vfs',
    '--root', join(dir, 'root'),
    '--runroot', join(dir, 'runroot'),
    '--tmpdir', join(dir, 'libpod-tmp'),
    '--cgroup-manager', 'cgroupfs',
    '--events-backend', 'none',
  ];
  // No /etc/containers/{containers,registries}.conf: every ref the tests use is fully qualified.
  const env = { ...process.env, CONTAINERS_CONF: '/dev/null', CONTAINERS_REGISTRIES_CONF: '/dev/null', TMPDIR: join(dir, 'tmp') };
  const podman = (args: string[], t = 120_000): Promise<string> => runTool('podman', [...flags, ...args], { timeoutMs: t, env });
  await podman(['version'], 30_000).catch((e: Error) => {
    throw new Error(`podman could not run (${e.message}); .ci/run installs it`);
  });
  return {
    dir,
    podman,
    rootfs: async (ref) => (await podman(['image', 'mount', ref])).trim(),
    stop: async () => {
      await podman(['image', 'unmount', '--all'], 30_000).catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
