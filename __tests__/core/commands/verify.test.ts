import { afterAll, describe, expect, test } from '@jest/globals';
import { chmod, writeFile } from 'node:fs/promises';
import { execute } from '../../../src/core/commands/index.js';
import { formatError, isOciError } from '../../../src/core/errors.js';
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

  test('the error itself counts the problems and shows the first few, one compact line each; the log has all', async () => {
    const root = await tmp.make();
    const store = await Store.open(root);
    const m = await makeImage(store, { tag: 'app:1', layers: [1, 2, 3, 4, 5].map((i) => Buffer.alloc(100 * i, i)) });
    const layers = (await store.readJSON<Manifest>(m)).layers;
    for (const l of layers) await store.blobs.delete(l.digest);
    const logger = recordingLogger();
    const e = await execute(options({ command: 'verify', store: root }), context(logger)).catch((x: unknown) => x);
    expect(isOciError(e, 'INCOMPLETE')).toBe(true);
    const lines = (e as Error).message.split('\n');
    expect(lines[0]).toBe(`verify found 5 problem(s) in ${store.root} (2 blobs checked):`);
    expect(lines.slice(1, 4).every((l) => /^- INCOMPLETE: tag app:1: layer sha256:[0-9a-f]{12}… is missing from the store$/.test(l))).toBe(true);
    expect(lines[4]).toBe('- and 2 more (all listed in the log)');
    expect(lines).toHaveLength(5);
    // what the step shows: the whole error, hint included
    expect(formatError(e)).toContain('- INCOMPLETE: tag app:1: layer sha256:');
    expect(formatError(e)).toMatch(/\(the log lists every problem\)\.$/);
    // the log keeps every problem with full digests
    for (const l of layers) expect(logger.lines.some((x) => x.startsWith('warning INCOMPLETE') && x.includes(l.digest))).toBe(true);
  });

  test('a corrupt blob line names its file relative to the store and is capped', async () => {
    const root = await tmp.make();
    const store = await Store.open(root);
    const m = await makeImage(store, { tag: 'app:1' });
    const layer = (await store.readJSON<Manifest>(m)).layers[0]!;
    const path = store.blobs.blobPath(layer.digest);
    await chmod(path, 0o644);
    await writeFile(path, Buffer.alloc(layer.size, 1));
    const e = await execute(options({ command: 'verify', store: root }), context()).catch((x: unknown) => x);
    const line = (e as Error).message.split('\n')[1]!;
    expect(line).toMatch(new RegExp(`^- DIGEST_MISMATCH: blob ${layer.digest.slice(0, 19)}… is corrupt: its file blobs/sha256/${layer.digest.slice(7, 19)}… has digest sha256:`));
    expect(line).not.toContain(store.root);
    expect(line.length).toBeLessThanOrEqual(2 + 'DIGEST_MISMATCH: '.length + 160);
  });
});
