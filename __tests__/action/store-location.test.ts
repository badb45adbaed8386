/**
 * The action's main step with a store where nothing can be stored (issue 10, item 8): the
 * runner cache creates its directory inside the store before any command runs, so the
 * store path is checked first — the step fails with one `::error::` line instead of
 * hanging in Node's recursive mkdir under /proc.
 */
import { describe, expect, test } from '@jest/globals';
import { errors, runStep } from '../harness/action.js';

describe('main step with a store under /proc', () => {
  test('with the runner cache on, the step fails at once with one ::error:: naming the store (no hang)', async () => {
    const r = await runStep('main', {
      inputs: { command: 'gc', store: '/proc/oci-store-test/store', 'cache-key': 'k' },
      env: {
        // A cache service that is "available" (never reached: the store is refused first).
        ACTIONS_CACHE_SERVICE_V2: 'true',
        ACTIONS_RESULTS_URL: 'http://127.0.0.1:9/',
        ACTIONS_RUNTIME_TOKEN: 'token',
        GITHUB_RUN_ID: '1',
        GITHUB_JOB: 'build',
      },
      // A hang is killed here, well inside the jest timeout; its exit code is then not 1.
      timeoutMs: 60_000,
    });
    expect(r.code).toBe(1);
    expect(errors(r)).toHaveLength(1);
    expect(errors(r)[0]).toMatch(/::error::store: \/proc\/oci-store-test\/store is under \/proc, on a proc pseudo file system/);
    expect(r.stdout + r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
  });
});
