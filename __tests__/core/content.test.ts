/**
 * The optional capabilities of the content interfaces (content.ts): each type guard says
 * yes for what can do it — the remote repository for all four, the layout store for
 * listing referrers only — and no for a target without it or with only part of it.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isMounter, isRangeFetcher, isReferrerLister, isTagsPusher } from '../../src/core/content.js';
import { Store } from '../../src/core/layout.js';
import { RegistryClient } from '../../src/core/registry/client.js';

let tmp: string;
let store: Store;
let client: RegistryClient;

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'oci-store-content-'));
  store = await Store.open(join(tmp, 'store'));
  client = new RegistryClient({ retry: { retries: 0 } });
});

afterAll(async () => {
  client?.close();
  await rm(tmp, { recursive: true, force: true });
});

const fn = async (): Promise<void> => {};
const guards = { isMounter, isTagsPusher, isRangeFetcher, isReferrerLister };
type Guard = keyof typeof guards;

describe('capability guards', () => {
  // No request is made: a Repository is only constructed and asked what it can do.
  const cases: Array<{ name: string; target: () => unknown; yes: Guard[] }> = [
    { name: 'a remote repository', target: () => client.repository('127.0.0.1:5999/a/b', { push: true }), yes: ['isMounter', 'isTagsPusher', 'isRangeFetcher', 'isReferrerLister'] },
    { name: 'the layout store', target: () => store, yes: ['isReferrerLister'] },
    { name: 'a mount method', target: () => ({ mount: fn }), yes: ['isMounter'] },
    { name: 'pushReferences without referenceDigest', target: () => ({ pushReferences: fn }), yes: [] },
    { name: 'pushReferences and referenceDigest', target: () => ({ pushReferences: fn, referenceDigest: fn }), yes: ['isTagsPusher'] },
    { name: 'fetchRange without fetchResumable', target: () => ({ fetchRange: fn }), yes: [] },
    { name: 'fetchRange and fetchResumable', target: () => ({ fetchRange: fn, fetchResumable: fn }), yes: ['isRangeFetcher'] },
    { name: 'capability names that are not functions', target: () => ({ mount: true, pushReferences: 'x', referenceDigest: 1, fetchRange: {}, fetchResumable: [], referrers: null }), yes: [] },
    { name: 'null', target: () => null, yes: [] },
    { name: 'undefined', target: () => undefined, yes: [] },
    { name: 'a string', target: () => 'mount', yes: [] },
  ];
  test.each(cases)('$name', ({ target, yes }) => {
    const t = target();
    const answers = Object.fromEntries(Object.entries(guards).map(([name, guard]) => [name, guard(t)]));
    const expected = Object.fromEntries(Object.keys(guards).map((name) => [name, yes.includes(name as Guard)]));
    expect(answers).toEqual(expected);
  });
});
