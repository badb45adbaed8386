import { afterAll, describe, expect, test } from '@jest/globals';
import { chmod, writeFile } from 'node:fs/promises';
import { execute } from '../../../src/core/commands/index.js';
import { isOciError } from '../../../src/core/errors.js';
import { Store } from '../../../src/core/layout.js';
import type { Manifest } from '../../../src/core/types/oci.js';
import { makeImage } from '../../harness/images.js';
import { context, options, recordingLogger, temps } from './helpers.js';

const tmp = temps();
afterAll(() => tmp.cleanup());

describe('verify', () => {
  test('a sound store: details is the report', async () => {
    const root = await tmp.make();
    const store = await Store.open(root);
    await makeImage(store, { tag: 'app:1' });
    const r = await execute(options({ command: 'verify', store: root }), context());
    expect(r.details).toMatchObject({ ok: true, checkedBlobs: 4, checkedEntries: 1, problems: [], notLocal: [] });
  });

  test('a corrupt blob fails with DIGEST_MISMATCH; each problem is logged', async () => {
    const root = await tmp.make();
    const store = await Store.open(root);
    const m = await makeImage(store, { tag: 'app:1' });
    const layer = (await store.readJSON<Manifest>(m)).layers[0]!;
    const path = store.blobs.blobPath(layer.digest);
    await chmod(path, 0o644);
    const bytes = Buffer.alloc(layer.size, 7);
    await writeFile(path, bytes);
    const logger = recordingLogger();
    const e = await execute(options({ command: 'verify', store: root }), context(logger)).catch((x: unknown) => x);
    expect(isOciError(e) ? e.code : e).toBe('DIGEST_MISMATCH');
    expect((e as Error).message).toMatch(/1 problem/);
    expect(logger.lines.some((l) => l.startsWith('warning DIGEST_MISMATCH') && l.includes(layer.digest))).toBe(true);
  });

  test('a missing blob fails with INCOMPLETE naming the tag', async () => {
    const root = await tmp.make();
    const store = await Store.open(root);
    const m = await makeImage(store, { tag: 'app:1' });
    await store.blobs.delete((await store.readJSON<Manifest>(m)).config.digest);
    const logger = recordingLogger();
    const e = await execute(options({ command: 'verify', store: root }), context(logger)).catch((x: unknown) => x);
    expect(isOciError(e, 'INCOMPLETE')).toBe(true);
    expect(logger.lines.some((l) => l.startsWith('warning INCOMPLETE') && l.includes('tag app:1'))).toBe(true);
  });
});
