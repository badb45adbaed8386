// Before any test: the real peers the integration tests run must be installed, or the run
// stops with the one command that installs them (tests never skip silently).
import { execFileSync } from 'node:child_process';

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
  ['faketime', ['--version']],
  ['fusermount3', ['--version']],
  ['/usr/bin/python3', ['-c', 'import fuse']],
];

export default function globalSetup() {
  const missing = PEERS.filter(([cmd, args]) => {
    try {
      execFileSync(cmd, args, { stdio: 'ignore', timeout: 10_000 });
      return false;
    } catch {
      return true;
    }
  }).map(([cmd]) => cmd);
  if (missing.length > 0) {
    throw new Error(
      `missing test peers: ${missing.join(', ')}. Install them with ` +
        `'sudo apt-get update && sudo apt-get install -y docker-registry skopeo umoci oci-image-tool zstd busybox containerd podman fuse3 python3-fuse libfaketime' ` +
        `(or run 'bash .ci/run', which does it).`,
    );
  }
}
