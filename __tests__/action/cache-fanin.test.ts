/**
 * Fan-in across the jobs of one run (DESIGN.md §3, README "The runner cache"): matrix jobs
 * that each change the store lose no tags — in the job that `needs:` them and in the next
 * run. The compiled action's main and post steps run as child processes against the real
 * @actions/cache library, the local cache service and Azurite.
 *
 * Every job of a matrix has the same store path (@actions/cache hashes paths into an
 * entry's version) on its own runner. Here each job's steps run in a mount namespace of
 * their own (`unshare -m`), with the job's directory bound over the common store path, so
 * jobs can run at the same time on one machine, each with its own store.
 */
import { describe, expect, test, beforeAll, afterAll } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CacheService, startAzurite, type Azurite } from '../harness/cache-service.js';
import { errors, Job, type StepResult } from '../harness/action.js';
import { IndexKeys, mergeEntries, snapshot } from '../../src/action/merge.js';
import type { Descriptor } from '../../src/core/types/oci.js';

const KEY = 'test-fanin';
let azurite: Azurite;
let service: CacheService;
let base: string;

function expectClean(step: StepResult): void {
  expect(errors(step)).toEqual([]);
  expect(step.code).toBe(0);
}

/** Tags (ref.name) in a store's index.json. */
async function tagsOf(storeDir: string): Promise<string[]> {
  const index = JSON.parse(await readFile(join(storeDir, 'index.json'), 'utf8')) as { manifests: Descriptor[] };
  return index.manifests.map((m) => m.annotations?.['org.opencontainers.image.ref.name'] ?? '').sort();
}

/** A job on its own "runner": its store directory bound over `storePath` for every step. */
async function matrixJob(runId: number, ws: string, storePath: string, name: string): Promise<{ job: Job; dir: string }> {
  const dir = join(ws, 'runners', name);
  await mkdir(dir, { recursive: true });
  const job = await Job.start(runId, { ...service.env(), GITHUB_WORKSPACE: ws });
  // Root has CAP_SYS_ADMIN for a mount namespace; others get one inside a user namespace.
  const unshare = process.getuid?.() === 0 ? ['unshare', '--mount'] : ['unshare', '--mount', '--map-root-user'];
  // bash, not dash: dash drops the runner's `INPUT_CACHE-KEY`-style variables.
  job.wrap = [...unshare, '--', 'bash', '-c', 'mount --bind "$1" "$2" && shift 2 && exec "$@"', 'bash', dir, storePath];
  return { job, dir };
}

const isIndexKey = (k: string): boolean => k.includes('-index-');

describe('three matrix jobs and a fan-in job of one run', () => {
  beforeAll(async () => {
    base = await mkdtemp(join(tmpdir(), 'oci-store-fanin-test-'));
    azurite = await startAzurite(join(base, 'azurite'));
    service = await CacheService.start(azurite);
  });

  afterAll(async () => {
    await service?.stop();
    await azurite?.stop();
    await rm(base, { recursive: true, force: true });
  });

  test('every matrix job’s tag is in the fan-in job and in the next run, with two jobs saving at the same moment', async () => {
    const ws = join(base, 'matrix');
    const storePath = join(ws, '.store');
    await mkdir(storePath, { recursive: true });
    const platforms = ['amd64', 'arm64', 's390x'];
    for (const p of platforms) {
      await mkdir(join(ws, p), { recursive: true });
      await writeFile(join(ws, p, 'app.bin'), randomBytes(1_200_000)); // a blob entry of its own
      await writeFile(join(ws, p, 'VERSION'), `${p}\n`);
    }

    // An earlier run left the store with one tag.
    const seed = await matrixJob(100, ws, storePath, 'seed');
    expectClean(await seed.job.use({ layers: 'amd64/VERSION:/VERSION', tags: 'seed:1', store: storePath, 'cache-key': KEY }));
    for (const p of await seed.job.finish()) expectClean(p);

    // Run 101: three matrix jobs restore the seed entry and each ingest their image.
    const runId = 101;
    const jobs = await Promise.all(platforms.map((p) => matrixJob(runId, ws, storePath, `build-${p}`)));
    for (const [i, p] of platforms.entries()) {
      const r = await jobs[i]!.job.use({ layers: `${p}:/app`, tags: `app:${p}`, store: storePath, 'cache-key': KEY });
      expectClean(r);
      expect(r.outputs['cache-hit']).toBe('true');
    }
    const keys = new IndexKeys(`${KEY}-index-${runId}-1`, `${KEY}-index-`);

    // amd64 finishes first; arm64 and s390x finish at the same moment: both merged amd64's
    // entry and ask for the same next key, the service answering them only together.
    for (const p of await jobs[0]!.job.finish()) expectClean(p);
    expect(service.keys().filter(isIndexKey)).toContain(keys.key(1));
    service.resetCounters();
    service.holdCreates((k) => isIndexKey(k), 2);
    const [postsArm, postsS390x] = await Promise.all([jobs[1]!.job.finish(), jobs[2]!.job.finish()]);
    for (const p of [...postsArm!, ...postsS390x!]) expectClean(p);

    // The key-exists answer happened, and the loser merged the winner and saved the next key.
    const creates = service.calls.filter((c) => c.method === 'CreateCacheEntry' && isIndexKey(c.key));
    expect(creates.map((c) => [c.key, c.status])).toEqual([
      [keys.key(2), 200],
      [keys.key(2), 409],
      [keys.key(3), 200],
    ]);
    const loser = [...postsArm!, ...postsS390x!].find((p) => p.stdout.includes(`saved the store index as ${keys.key(3)}`))!;
    expect(loser.stdout).toContain(`another job saved ${keys.key(2)} at the same moment`);
    expect(loser.summary).toContain(keys.key(2)); // the summary names what was merged

    // The fan-in job (`needs:` the matrix) restores the newest entry: every tag is there,
    // and a large layer of another runner comes back from the cache.
    const fanin = await matrixJob(runId, ws, storePath, 'fan-in');
    const out = join(ws, 'out');
    const u = await fanin.job.use({ command: 'unpack', ref: 'app:arm64', path: out, store: storePath, 'cache-key': KEY });
    expectClean(u);
    expect(await tagsOf(fanin.dir)).toEqual(['app:amd64', 'app:arm64', 'app:s390x', 'seed:1']);
    expect(await readFile(join(out, 'app', 'app.bin'))).toEqual(await readFile(join(ws, 'arm64', 'app.bin')));
    service.resetCounters();
    for (const p of await fanin.job.finish()) expectClean(p);
    // It changed nothing: nothing saved.
    expect(service.calls.filter((c) => c.method === 'CreateCacheEntry')).toEqual([]);

    // The next run, on a fresh runner, sees them all too.
    const next = await matrixJob(runId + 1, ws, storePath, 'next-run');
    const i = await next.job.use({ command: 'inspect', ref: 'app:s390x', store: storePath, 'cache-key': KEY });
    expectClean(i);
    expect(await tagsOf(next.dir)).toEqual(['app:amd64', 'app:arm64', 'app:s390x', 'seed:1']);
    for (const p of await next.job.finish()) expectClean(p);
  });

  test('a job that writes a tag another job of the run also wrote keeps its own value; other tags are kept', async () => {
    const ws = join(base, 'overlap');
    const storePath = join(ws, '.store');
    await mkdir(storePath, { recursive: true });
    for (const n of ['one', 'two']) {
      await mkdir(join(ws, n), { recursive: true });
      await writeFile(join(ws, n, 'f.txt'), `${n}\n`);
    }
    const key = `${KEY}-overlap`;
    const a = await matrixJob(200, ws, storePath, 'a');
    const b = await matrixJob(200, ws, storePath, 'b');
    const ra = await a.job.use({ layers: 'one:/x', tags: 'shared:1,only-a:1', store: storePath, 'cache-key': key });
    const rb = await b.job.use({ layers: 'two:/x', tags: 'shared:1,only-b:1', store: storePath, 'cache-key': key });
    expectClean(ra);
    expectClean(rb);
    for (const p of await a.job.finish()) expectClean(p);
    for (const p of await b.job.finish()) expectClean(p); // b saves last: its shared:1 wins

    const next = await matrixJob(201, ws, storePath, 'next');
    expectClean(await next.job.use({ command: 'inspect', ref: 'shared:1', store: storePath, 'cache-key': key }));
    expect(await tagsOf(next.dir)).toEqual(['only-a:1', 'only-b:1', 'shared:1']);
    const index = JSON.parse(await readFile(join(next.dir, 'index.json'), 'utf8')) as { manifests: Descriptor[] };
    const shared = index.manifests.find((m) => m.annotations?.['org.opencontainers.image.ref.name'] === 'shared:1')!;
    expect(shared.digest).toBe(rb.outputs['digest']);
    for (const p of await next.job.finish()) expectClean(p);
  });
});

describe('mergeEntries (three-way: this job, the other job, what this job restored)', () => {
  const d = (name: string, digest: string): Descriptor => ({
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    digest: `sha256:${digest.repeat(64).slice(0, 64)}`,
    size: 1,
    annotations: { 'org.opencontainers.image.ref.name': name },
  });
  test.each([
    ['a tag only the other job wrote is added', [d('x', 'a')], [d('x', 'a'), d('y', 'b')], [d('x', 'a')], { x: 'a', y: 'b' }],
    ['a tag this job wrote keeps its value', [d('x', 'c')], [d('x', 'b')], [d('x', 'a')], { x: 'c' }],
    ['a tag this job left alone takes the other job’s value', [d('x', 'a')], [d('x', 'b')], [d('x', 'a')], { x: 'b' }],
    ['a tag only this job has is kept', [d('x', 'a'), d('z', 'c')], [], [d('x', 'a')], { x: 'a', z: 'c' }],
    ['a tag this job dropped stays dropped', [], [d('x', 'a')], [d('x', 'a')], {}],
    ['a tag this job dropped but the other job rewrote comes back', [], [d('x', 'b')], [d('x', 'a')], { x: 'b' }],
  ] as const)('%s', (_name, ours, theirs, restored, expected) => {
    const m = mergeEntries(ours, theirs, snapshot(restored));
    const got = Object.fromEntries(Object.entries(snapshot(m.manifests)).map(([k, v]) => [k, v.slice(7, 8)]));
    expect(got).toEqual(expected);
  });
});

describe('IndexKeys', () => {
  const keys = new IndexKeys('k-index-7-1', 'k-index-');
  test.each([
    [undefined, 'k-index-7-1'],
    ['k-index-6-1', 'k-index-7-1'], // another run's entry: this run's first key
    ['k-index-6-1-9', 'k-index-7-1'],
    ['k-index-7-1', 'k-index-7-1-2'],
    ['k-index-7-1-2', 'k-index-7-1-3'],
    ['k-index-7-12', 'k-index-7-1'], // attempt 12 of run 7 is not this attempt's sequence
    ['k-index-7-10-4', 'k-index-7-1'],
  ])('after %s the next key is %s', (newest, next) => {
    expect(keys.next(newest)).toBe(next);
  });
});
