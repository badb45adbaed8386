/**
 * The shared content suite (containerd's ContentSuite) run against a remote repository's
 * blobs on a real registry — every operation a registry supports (it cannot list blobs).
 */
import { afterAll } from '@jest/globals';
import { RegistryClient } from '../../../src/core/registry/client.js';
import { RemoteContentStore } from '../../../src/core/registry/content-store.js';
import { contentSuite } from '../../harness/content-suite.js';
import { withRegistry } from '../../harness/registry-fixture.js';

const registry = withRegistry();
let client: RegistryClient | undefined;
let n = 0;

afterAll(async () => {
  client?.close();
});

contentSuite(
  'registry repository',
  async () => {
    client ??= new RegistryClient({ retry: { retries: 2, baseDelayMs: 5 } });
    const repo = client.repository(`${registry.host}/suite/r${++n}`, { push: true });
    return { store: new RemoteContentStore(repo), cleanup: async () => {} };
  },
  { walk: false },
);
