/** State between main and post: typed, versioned, tolerant of garbage. */
import { describe, expect, test } from '@jest/globals';
import { loadMainState, MemoryStateProvider, saveMainState, STATE_NAME, type MainState } from '../../src/action/state.js';
import { emptyStats } from '../../src/action/cache.js';

describe('main → post state', () => {
  test('round-trips', () => {
    const p = new MemoryStateProvider();
    const s: MainState = { version: 1, store: '/s', command: 'serve', cache: { owner: true, keyPrefix: 'k', broken: false, stats: emptyStats() }, serve: { pid: 42, registry: '127.0.0.1:5000' } };
    saveMainState(p, s);
    expect(loadMainState(p)).toEqual(s);
  });

  test.each([[''], ['not json'], ['{"version":2}'], ['null']])('%j is no state', (text) => {
    const p = new MemoryStateProvider();
    p.set(STATE_NAME, text);
    expect(loadMainState(p)).toBeUndefined();
  });
});
