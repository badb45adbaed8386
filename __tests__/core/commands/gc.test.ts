import { afterAll, describe, expect, test } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { appendFile, chmod, readdir } from 'node:fs/promises';
import { join } from 'node:path';
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

describe('gc when a tagged image cannot be read', () => {
  test('one byte appended to its manifest: the command keeps every blob, warns naming the tag, and says why in its report', async () => {
    const root = await tmp.make();
    const store = await Store.open(root);
    const image = await makeImage(store, { layers: [randomBytes(2 * 1024 * 1024)], tag: 'app:1' });
    const manifestPath = store.blobs.blobPath(image.digest);
    await chmod(manifestPath, 0o644);
    await appendFile(manifestPath, '\n');
    const before = await blobFiles(root);
    const logger = recordingLogger();
    const r = await execute(options({ command: 'gc', store: root }), context(logger));
    expect(await blobFiles(root)).toEqual(before);
    expect(r.details).toMatchObject({ removedBlobs: 0, bytesFreed: 0, unreadable: [{ ref: 'app:1', digest: image.digest }] });
    const warnings = logger.lines.filter((l) => l.startsWith('warning '));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/tag app:1 cannot be read/);
    expect(logger.lines.join('\n')).toMatch(/gc: kept 2 unreferenced blob\(s\) \(2\.0 MiB\)/);
  });
});

async function blobFiles(root: string): Promise<string[]> {
  return (await readdir(join(root, 'blobs', 'sha256'))).sort();
}
