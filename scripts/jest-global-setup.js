// Before any test: the real peers the integration tests run must be installed, or the run
// stops with the one command that installs them (tests never skip silently).
import { execFileSync } from 'node:child_process';

const PEERS = [
  ['docker-registry', ['--version']],
  ['skopeo', ['--version']],
  ['umoci', ['--version']],
  ['oci-image-tool', ['--version']],
  ['zstd', ['--version']],
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
        `'sudo apt-get update && sudo apt-get install -y docker-registry skopeo umoci oci-image-tool zstd' ` +
        `(or run 'bash .ci/run', which does it).`,
    );
  }
}
