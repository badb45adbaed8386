import { afterAll, describe, expect, test } from '@jest/globals';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execute } from '../../../src/core/commands/index.js';
import { sha256 } from '../../../src/core/digest.js';
import { isOciError } from '../../../src/core/errors.js';
import { Store } from '../../../src/core/layout.js';
import { makeImage } from '../../harness/images.js';
import { context, options, recordingLogger, temps } from './helpers.js';

const tmp = temps();
afterAll(() => tmp.cleanup());

describe('tag', () => {
  test('resolves ref in the store and applies every tag as written', async () => {
    const root = await tmp.make();
    const store = await Store.open(root);
    const m = await makeImage(store, { tag: 'app:1' });
    const logger = recordingLogger();
    const r = await execute(options({ command: 'tag', store: root, ref: 'app:1', tags: 'app:stable\nghcr.io/o/r:sha,ghcr.io/o/r:latest' }), context(logger));
    expect(r.digest).toBe(m.digest);
    expect(r.tags).toEqual(['app:stable', 'ghcr.io/o/r:sha', 'ghcr.io/o/r:latest']);
    expect(r.metadata?.digest).toBe(m.digest);
    expect(r.metadata?.platform).toBe('linux/amd64');
    for (const t of r.tags) expect((await store.resolve(t)).digest).toBe(m.digest);
    expect(logger.lines.join('\n')).toContain(m.digest);
  });

  test('a digest ref works; retagging moves the tag', async () => {
    const root = await tmp.make();
    const store = await Store.open(root);
    const a = await makeImage(store, { tag: 'app:1' });
    const b = await makeImage(store);
    await execute(options({ command: 'tag', store: root, ref: b.digest, tags: 'app:1' }), context());
    expect((await store.resolve('app:1')).digest).toBe(b.digest);
    expect(a.digest).not.toBe(b.digest);
  });

  test('an unknown digest fails with NOT_FOUND on ref and leaves index.json as it was', async () => {
    const root = await tmp.make();
    const store = await Store.open(root);
    await makeImage(store, { tag: 'app:1' });
    const before = await readFile(join(root, 'index.json'), 'utf8');
    const e = await execute(options({ command: 'tag', store: root, ref: sha256('absent'), tags: 'app:3' }), context()).catch((x: unknown) => x);
    expect(isOciError(e, 'NOT_FOUND')).toBe(true);
    expect((e as { input?: string }).input).toBe('ref');
    expect(await readFile(join(root, 'index.json'), 'utf8')).toBe(before);
  });

  test('missing tags is a coded input error', () => {
    let err: unknown;
    try {
      options({ command: 'tag', ref: 'app:1' });
    } catch (e) {
      err = e;
    }
    expect(isOciError(err, 'INVALID_INPUT')).toBe(true);
    expect((err as { input?: string }).input).toBe('tags');
  });
});
