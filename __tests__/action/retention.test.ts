/**
 * Retention of the store in the runner cache (README "The runner cache"): the post step
 * drops tags unused for `retention-days` and, over `cache-max-size`, the least recently
 * used ones — never a pinned tag, never one the job used. End to end through the compiled
 * action, the real @actions/cache library, the local cache service and Azurite; the
 * passing of days is libfaketime's (LD_PRELOAD), so the product has no clock of its own
 * for tests.
 */
import { describe, expect, test, beforeAll, afterAll } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CacheService, startAzurite, type Azurite } from '../harness/cache-service.js';
import { errors, Job, warnings, type StepResult } from '../harness/action.js';
import { isPinned, planRetention, TagUses, type RetentionTag } from '../../src/action/retention.js';
import { parseByteSize, parseOptions } from '../../src/core/commands/options.js';
import { isOciError } from '../../src/core/errors.js';

const DAY = 86_400_000;
const LIBFAKETIME = '/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1';

function expectClean(step: StepResult): void {
  expect(errors(step)).toEqual([]);
  expect(step.code).toBe(0);
}

describe('retention through the runner cache, run after run', () => {
  const KEY = 'test-retention';
  let azurite: Azurite;
  let service: CacheService;
  let base: string;
  let runId = 3000;

  beforeAll(async () => {
    base = await mkdtemp(join(tmpdir(), 'oci-store-retention-test-'));
    azurite = await startAzurite(join(base, 'azurite'));
    service = await CacheService.start(azurite);
  });

  afterAll(async () => {
    await service?.stop();
    await azurite?.stop();
    await rm(base, { recursive: true, force: true });
  });

  /** Tags in the store's index.json. */
  async function tagsOf(store: string): Promise<string[]> {
    const index = JSON.parse(await readFile(join(store, 'index.json'), 'utf8')) as { manifests: Array<{ annotations?: Record<string, string> }> };
    return index.manifests.map((m) => m.annotations?.['org.opencontainers.image.ref.name'] ?? '').sort();
  }

  test('over cache-max-size: exactly the least recently used tags go, never a pinned one, and the cache holds less than the budget', async () => {
    const ws = join(base, 'lru');
    const store = join(ws, '.store');
    const key = `${KEY}-lru`;
    const budget = 4_000_000;
    const inputs = { store, 'cache-key': key, 'cache-max-size': '4MB', pin: 'keep:*', compression: 'none' };
    for (const n of ['keep', 'b', 'c', 'd', 'e']) {
      await mkdir(join(ws, n), { recursive: true });
      await writeFile(join(ws, n, 'data.bin'), randomBytes(1_200_000)); // one blob entry per tag; 4 of them are over 4 MB
    }

    /** One run on a fresh runner: its uses, then its post steps. Returns the post of the first use (it saves). */
    const run = async (uses: Array<Record<string, string>>): Promise<{ tags: string[]; post: StepResult }> => {
      await rm(store, { recursive: true, force: true });
      const job = await Job.start(++runId, { ...service.env(), GITHUB_WORKSPACE: ws });
      for (const u of uses) expectClean(await job.use({ ...inputs, ...u }));
      const posts = await job.finish();
      for (const p of posts) expectClean(p);
      return { tags: await tagsOf(store), post: posts[posts.length - 1]! };
    };
    const ingest = (n: string): Record<string, string> => ({ layers: `${n}:/${n}`, tags: `${n}:1` });

    // keep:1 is the oldest tag throughout: only its pin keeps it.
    expect((await run([ingest('keep')])).tags).toEqual(['keep:1']);
    expect((await run([ingest('b')])).tags).toEqual(['b:1', 'keep:1']);
    const r3 = await run([ingest('c')]);
    expect(r3.tags).toEqual(['b:1', 'c:1', 'keep:1']); // three fit
    expect(r3.post.summary).not.toContain('Dropped tag');

    // Run 4 reads b:1 and builds d:1: four do not fit; c:1 is the least recently used.
    const r4 = await run([{ command: 'unpack', ref: 'b:1', path: join(ws, 'out-b') }, ingest('d')]);
    expect(r4.tags).toEqual(['b:1', 'd:1', 'keep:1']);
    expect(r4.post.stdout).toMatch(/Retention: dropped c:1 — least recently used/);
    expect(r4.post.summary).toMatch(/<code>c:1<\/code><\/td><td>[^<]+<\/td><td>least recently used while over cache-max-size/);

    // Run 5 builds e:1: of b:1 (read in run 4) and d:1 (built after that read), b:1 goes.
    const r5 = await run([ingest('e')]);
    expect(r5.tags).toEqual(['d:1', 'e:1', 'keep:1']);
    expect(r5.post.stdout).toMatch(/Retention: dropped b:1 — least recently used/);
    expect(r5.post.stdout).not.toMatch(/Retention: dropped (keep|d|e):1/);

    // What the runner cache holds for the saved store: its newest index entry and the blob
    // entries its ledger names — under the budget.
    const ledger = JSON.parse(await readFile(join(store, '.oci-store-cache', 'ledger.json'), 'utf8')) as { blobs: Record<string, number> };
    expect(Object.keys(ledger.blobs)).toHaveLength(3);
    const entries = service.entries.filter((e) => e.finalized);
    const newestIndex = entries.filter((e) => e.key.startsWith(`${key}-index-`)).sort((a, b) => b.seq - a.seq)[0]!;
    const blobEntries = Object.keys(ledger.blobs).map((d) => entries.find((e) => e.key === `${key}-blob-${d.replace(':', '-')}`)!);
    expect(blobEntries.every((e) => e !== undefined)).toBe(true);
    const cached = newestIndex.size + blobEntries.reduce((n, e) => n + e.size, 0);
    expect(cached).toBeGreaterThan(3 * 1_200_000);
    expect(cached).toBeLessThanOrEqual(budget);

    // The next run restores exactly those tags.
    await rm(store, { recursive: true, force: true });
    const job = await Job.start(++runId, { ...service.env(), GITHUB_WORKSPACE: ws });
    expectClean(await job.use({ ...inputs, command: 'inspect' }));
    expect(await tagsOf(store)).toEqual(['d:1', 'e:1', 'keep:1']);
    for (const p of await job.finish()) expectClean(p);
  });

  test('retention-days: 40 days later, tags nobody used are dropped — not the pinned one, not the one built that day', async () => {
    expect(existsSync(LIBFAKETIME)).toBe(true); // apt package libfaketime (.ci/run installs it)
    const ws = join(base, 'days');
    const store = join(ws, '.store');
    const key = `${KEY}-days`;
    for (const n of ['old', 'base', 'new']) {
      await mkdir(join(ws, n), { recursive: true });
      await writeFile(join(ws, n, 'f.txt'), `${n}\n`);
    }
    const inputs = { store, 'cache-key': key, 'retention-days': '30', pin: 'base:*' };
    const job1 = await Job.start(++runId, { ...service.env(), GITHUB_WORKSPACE: ws });
    expectClean(await job1.use({ ...inputs, layers: 'old:/x', tags: 'old:1' }));
    expectClean(await job1.use({ ...inputs, layers: 'base:/x', tags: 'base:1' }));
    for (const p of await job1.finish()) expectClean(p);

    // 10 days on: nothing is old enough.
    await rm(store, { recursive: true, force: true });
    const later = (days: number): Record<string, string> => ({ LD_PRELOAD: LIBFAKETIME, FAKETIME: `+${days}d`, FAKETIME_DONT_FAKE_MONOTONIC: '1' });
    const job2 = await Job.start(++runId, { ...service.env(), GITHUB_WORKSPACE: ws, ...later(10) });
    expectClean(await job2.use({ ...inputs, command: 'inspect' }));
    const posts2 = await job2.finish();
    for (const p of posts2) expectClean(p);
    expect(posts2[0]!.stdout).not.toMatch(/Retention: dropped/);
    expect(await tagsOf(store)).toEqual(['base:1', 'old:1']);

    // 40 days on, a job builds new:1: old:1 goes, base:1 is pinned.
    await rm(store, { recursive: true, force: true });
    const job3 = await Job.start(++runId, { ...service.env(), GITHUB_WORKSPACE: ws, ...later(40) });
    expectClean(await job3.use({ ...inputs, layers: 'new:/x', tags: 'new:1' }));
    const posts3 = await job3.finish();
    for (const p of posts3) expectClean(p);
    expect(warnings(posts3[0]!)).toEqual([]);
    expect(posts3[0]!.stdout).toMatch(/Retention: dropped old:1 — unused for 40 day\(s\) \(retention-days: 30\)/);
    expect(posts3[0]!.summary).toMatch(/<code>old:1<\/code>.*unused for 40 day\(s\) \(retention-days 30\)/);
    expect(await tagsOf(store)).toEqual(['base:1', 'new:1']);

    // And the cache agrees: the next run restores what was kept.
    await rm(store, { recursive: true, force: true });
    const job4 = await Job.start(++runId, { ...service.env(), GITHUB_WORKSPACE: ws, ...later(41) });
    expectClean(await job4.use({ ...inputs, command: 'inspect' }));
    expect(await tagsOf(store)).toEqual(['base:1', 'new:1']);
    for (const p of await job4.finish()) expectClean(p);
  });
});

describe('planRetention', () => {
  const MB = 1_000_000;
  const tag = (name: string, blobs: Record<string, number>): RetentionTag => ({ name, blobs: new Map(Object.entries(blobs)) });
  const usesAt = (at: Record<string, number>): TagUses => {
    const u = new TagUses();
    for (const [n, t] of Object.entries(at)) u.touch([n], t);
    return u;
  };
  const now = 100 * DAY;

  test('drops least recently used first until under the budget; shared blobs count once', () => {
    const tags = [tag('a:1', { base: 2 * MB, a: MB }), tag('b:1', { base: 2 * MB, b: MB }), tag('c:1', { c: MB })];
    const uses = usesAt({ 'a:1': 1 * DAY, 'b:1': 3 * DAY, 'c:1': 2 * DAY });
    // 2 + 1 + 1 + 1 MB (+ overheads); a 4.5 MB budget needs one tag gone, and dropping a:1
    // frees only its own 1 MB: base stays for b:1.
    const plan = planRetention(tags, uses, { days: 0, maxBytes: 4.5 * MB, pin: [] }, now, now, 1024 * 1024, 0);
    expect(plan.dropped.map((d) => [d.name, d.reason])).toEqual([['a:1', 'budget']]);
    expect(plan.bytesBefore - plan.bytes).toBeLessThan(1.1 * MB);
    expect(plan.bytes).toBeLessThanOrEqual(4.5 * MB);
    expect(plan.overBudget).toBe(false);
  });

  test('pinned tags and tags used since the job started are never dropped for the budget; it says it is still over', () => {
    const tags = [tag('base:1', { x: 3 * MB }), tag('mine:1', { y: 3 * MB }), tag('old:1', { z: MB })];
    const uses = usesAt({ 'base:1': 1 * DAY, 'old:1': 2 * DAY, 'mine:1': now - 1000 });
    const plan = planRetention(tags, uses, { days: 0, maxBytes: 2 * MB, pin: ['base:*'] }, now, now - 5000, 1024 * 1024, 0);
    expect(plan.dropped.map((d) => d.name)).toEqual(['old:1']);
    expect(plan.overBudget).toBe(true);
  });

  test('retention-days drops every unpinned tag older than the cutoff, whatever the budget', () => {
    const tags = [tag('a:1', { a: 10 }), tag('b:1', { b: 10 }), tag('c:1', { c: 10 })];
    const uses = usesAt({ 'a:1': now - 31 * DAY, 'b:1': now - 29 * DAY, 'c:1': now - 90 * DAY });
    const plan = planRetention(tags, uses, { days: 30, maxBytes: 0, pin: ['c:1'] }, now, now, 1024 * 1024, 0);
    expect(plan.dropped).toEqual([{ name: 'a:1', reason: 'unused', lastUsed: now - 31 * DAY }]);
  });

  test('a tag with no recorded use counts as used now (a store from before retention loses nothing)', () => {
    const plan = planRetention([tag('a:1', { a: 10 })], new TagUses(), { days: 1, maxBytes: 0, pin: [] }, now, now, 1024 * 1024, 0);
    expect(plan.dropped).toEqual([]);
  });

  test('uses of app:1 and docker.io/library/app:1 are one tag’s', () => {
    const uses = usesAt({ 'app:1': 5 * DAY });
    expect(uses.get('docker.io/library/app:1')).toBe(5 * DAY);
  });
});

describe('pin patterns', () => {
  test.each([
    ['base:*', 'base:1', true],
    ['base:*', 'docker.io/library/base:1', true], // docker's short form matches too
    ['docker.io/library/base:*', 'base:1', true], // and the normalised one
    ['o/*', 'docker.io/o/app:1', true],
    ['ghcr.io/o/*', 'ghcr.io/o/app:1', true],
    ['app:?', 'app:1', true],
    ['app:?', 'app:12', false],
    ['app.1', 'appx1', false], // `.` is literal
    ['app:1', 'app:10', false],
  ])('%s matches %s: %s', (pattern, name, expected) => {
    expect(isPinned(name, [pattern])).toBe(expected);
  });
});

describe('retention inputs', () => {
  test.each([
    ['4GB', 4e9],
    ['500MB', 5e8],
    ['1.5g', 1.5e9],
    ['2GiB', 2 * 2 ** 30],
    ['123', 123],
    ['0', 0],
  ])('cache-max-size %s is %d bytes', (value, bytes) => {
    expect(parseByteSize('cache-max-size', value)).toBe(bytes);
  });

  test.each([
    [{ 'cache-max-size': '4 parsecs' }, 'cache-max-size'],
    [{ 'cache-max-size': '4toString' }, 'cache-max-size'],
    [{ 'cache-max-size': '-1GB' }, 'cache-max-size'],
    [{ 'retention-days': 'a month' }, 'retention-days'],
    [{ 'retention-days': '1.5' }, 'retention-days'],
  ])('%j is one INVALID_INPUT naming %s', (raw, input) => {
    let err: unknown;
    try {
      parseOptions({ command: 'inspect', ...raw }, { cwd: '/' });
    } catch (e) {
      err = e;
    }
    expect(isOciError(err, 'INVALID_INPUT')).toBe(true);
    expect((err as { input?: string }).input).toBe(input);
  });

  test('defaults: a 4 GB budget, no age limit, nothing pinned', () => {
    const o = parseOptions({ command: 'inspect' }, { cwd: '/' });
    expect([o.cacheMaxSize, o.retentionDays, o.pin]).toEqual([4e9, 0, []]);
  });
});
