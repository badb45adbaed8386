/**
 * Real peer tools for interop tests (DESIGN.md §4): umoci, skopeo, oci-image-tool, tar,
 * zstd. Each run is bounded by a timeout and touches nothing outside the given paths;
 * skopeo gets `--insecure-policy` (no /etc/containers policy needed) and never a network
 * transport unless the test passes one.
 */
import { execFile } from 'node:child_process';

/** What a peer run gave. */
export interface PeerResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Peers the tests use, with the command that shows each is installed. */
export const PEERS = {
  umoci: ['umoci', '--version'],
  skopeo: ['skopeo', '--version'],
  'oci-image-tool': ['oci-image-tool', '--version'],
  tar: ['tar', '--version'],
  zstd: ['zstd', '--version'],
} as const;

/** Run a peer; resolves with its exit code and output (never rejects on a non-zero exit). */
export function runPeer(command: string, args: string[], options: { cwd?: string; timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): Promise<PeerResult> {
  return new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      { cwd: options.cwd, timeout: options.timeoutMs ?? 60_000, maxBuffer: 64 << 20, env: options.env ?? process.env, encoding: 'utf8' },
      (err, stdout, stderr) => {
        if (err && typeof (err as { code?: unknown }).code !== 'number') {
          reject(new Error(`${command} could not run (${(err as Error).message}); .ci/run installs the peers`));
          return;
        }
        resolve({ code: err ? ((err as { code: number }).code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}

/** Run a peer and throw with its stderr unless it exits 0; returns stdout. */
export async function peer(command: string, args: string[], options: { cwd?: string; timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): Promise<string> {
  const r = await runPeer(command, args, options);
  if (r.code !== 0) throw new Error(`${command} ${args.join(' ')} failed (exit ${r.code}): ${r.stderr.trim() || r.stdout.trim()}`);
  return r.stdout;
}

/** Throw a clear error unless every named peer is installed (tests never skip silently). */
export async function requirePeers(...names: Array<keyof typeof PEERS>): Promise<void> {
  for (const n of names) {
    const [cmd, ...args] = PEERS[n];
    await runPeer(cmd, [...args], { timeoutMs: 10_000 });
  }
}

/** skopeo with the flags every test run needs. */
export function skopeo(args: string[], options: { timeoutMs?: number } = {}): Promise<string> {
  return peer('skopeo', ['--insecure-policy', ...args], options);
}
