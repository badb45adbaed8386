/**
 * A stand-alone entry for the detached registry when no bundled entry point is running
 * (tests from `.test-build/`, development): `node entry.js` with `OCI_STORE_SERVE_CHILD` set.
 */
import { runServeChildIfRequested } from './child.js';

if (!(await runServeChildIfRequested())) {
  process.stderr.write('entry.js only runs the oci-store registry child (OCI_STORE_SERVE_CHILD is not set)\n');
  process.exitCode = 2;
}
