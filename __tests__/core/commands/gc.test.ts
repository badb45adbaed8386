import { afterAll, describe, expect, test } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { execute } from '../../../src/core/commands/index.js';
import { Store } from '../../../src/core/layout.js';
import { MediaType } from '../../../src/core/types/oci.js';
import { makeImage } from '../../harness/images.js';
import { context, options, recordingLogger, temps } from './helpers.js';

const tmp = temps();
afterAll(() => tmp.cleanup());

describe('gc', () => {
  test('removes untagged content and reports it; tagged images stay whole', async () => {
    const root = await tmp.make();
    const store = await Store.open(root);
    const kept = await makeImage(store, { tag: 'app:1' });
    await makeImage(store, { layers: [randomBytes(5000)] }); // untagged: manifest, config, layer
    const junk = await store.pushBytes(randomBytes(1000), MediaType.Layer);
    const logger = recordingLogger();
    const r = await execute(options({ command: 'gc', store: root }), context(logger));
    expect(r.details).toMatchObject({ removedBlobs: 4, removedIngests: 0 });
    expect(r.details!.bytesFreed as number).toBeGreaterThan(6000);
    expect(await store.blobs.has(junk.digest)).toBe(false);
    expect((await store.resolve('app:1')).digest).toBe(kept.digest);
    expect((await store.verify()).ok).toBe(true);
    expect(logger.lines.join('\n')).toMatch(/removed 4 blob/);
    const again = await execute(options({ command: 'gc', store: root }), context());
    expect(again.details).toEqual({ removedBlobs: 0, bytesFreed: 0, removedIngests: 0 });
  });
});
