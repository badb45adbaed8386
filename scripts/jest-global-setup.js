// Before any test: the real peers the integration tests run must be installed, or the run
// stops with the one command that installs them (tests never skip silently).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const PEERS = [
  ['docker-registry', ['--version']],
  ['skopeo', ['--version']],
  ['umoci', ['--version']],
  ['oci-image-tool', ['--version']],
  ['zstd', ['--version']],
  ['containerd', ['--version']],
  ['ctr', ['--version']],
  ['podman', ['--version']],
  ['busybox', ['--help']],
  ['fusermount3', ['--version']],
  ['/usr/bin/python3', ['-c', 'import fuse']],
];

const LIBFAKETIME = '/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1';

export default function globalSetup() {
  const missing = PEERS.filter(([cmd, args]) => {
    try {
      execFileSync(cmd, args, { stdio: 'ignore', timeout: 10_000 });
      return false;
    } catch {
      return true;
    }
  }).map(([cmd]) => cmd);
  // The retention tests preload the library itself (package libfaketime); the package
  // `faketime`, its command-line wrapper, is not needed.
  if (!existsSync(LIBFAKETIME)) missing.push(LIBFAKETIME);
  if (missing.length > 0) {
    throw new Error(
      `missing test peers: ${missing.join(', ')}. Install them with ` +
        `'sudo apt-get update && sudo apt-get install -y docker-registry skopeo umoci oci-image-tool zstd busybox containerd podman fuse3 python3-fuse libfaketime' ` +
        `(or run 'bash .ci/run', which does it).`,
    );
  }
}
