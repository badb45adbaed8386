import { afterAll, describe, expect, test } from '@jest/globals';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execute } from '../../../src/core/commands/index.js';
import { sha256 } from '../../../src/core/digest.js';
import { isOciError } from '../../../src/core/errors.js';
import { OMITTED_ANNOTATION, Store } from '../../../src/core/layout.js';
import { Annotation, type Descriptor, type ImageIndex } from '../../../src/core/types/oci.js';
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

describe('tag: what the new entries carry', () => {
  const CONTAINERD_NAME = 'io.containerd.image.name';
  const entryOf = (index: ImageIndex, ref: string): Descriptor | undefined => index.manifests.find((d) => d.annotations?.[Annotation.RefName] === ref);

  test('a retag of a containerd-named entry keeps what describes the content and names the new entries after their own tags', async () => {
    const root = await tmp.make();
    const store = await Store.open(root);
    const m = await makeImage(store);
    const platform = { architecture: 'amd64', os: 'linux' };
    const omitted = sha256('a child left out by a platform selection');
    // As `ctr image export` writes it, plus a record of ours and another tool's bookkeeping.
    await store.updateIndex((ix) => {
      ix.manifests.push({
        mediaType: m.mediaType,
        digest: m.digest,
        size: m.size,
        platform,
        annotations: {
          [CONTAINERD_NAME]: 'docker.io/library/old:1',
          [Annotation.RefName]: '1',
          'containerd.io/distribution.source.docker.io': 'library/old',
          [Annotation.Created]: '2024-01-01T00:00:00Z',
          [OMITTED_ANNOTATION]: omitted,
          'io.cri-containerd.image': 'managed',
        },
      });
    });
    const before = entryOf(JSON.parse(await readFile(join(root, 'index.json'), 'utf8')) as ImageIndex, '1');
    await execute(options({ command: 'tag', store: root, ref: 'old:1', tags: 'ghcr.io/o/new:2\nnew:3' }), context());
    const index = JSON.parse(await readFile(join(root, 'index.json'), 'utf8')) as ImageIndex;
    const content = {
      'containerd.io/distribution.source.docker.io': 'library/old',
      [Annotation.Created]: '2024-01-01T00:00:00Z',
      [OMITTED_ANNOTATION]: omitted,
    };
    expect(entryOf(index, 'ghcr.io/o/new:2')).toEqual({
      mediaType: m.mediaType,
      digest: m.digest,
      size: m.size,
      platform,
      annotations: { ...content, [Annotation.RefName]: 'ghcr.io/o/new:2', [CONTAINERD_NAME]: 'ghcr.io/o/new:2' },
    });
    expect(entryOf(index, 'new:3')?.annotations).toEqual({ ...content, [Annotation.RefName]: 'new:3', [CONTAINERD_NAME]: 'docker.io/library/new:3' });
    // The old image keeps its entry and its name.
    expect(entryOf(index, '1')).toEqual(before);
    expect(index.manifests).toHaveLength(3);
    // A containerd-named retag onto a name the old entry has replaces it, nothing else.
    await execute(options({ command: 'tag', store: root, ref: 'ghcr.io/o/new:2', tags: 'docker.io/library/old:1' }), context());
    const after = JSON.parse(await readFile(join(root, 'index.json'), 'utf8')) as ImageIndex;
    expect(after.manifests.filter((d) => d.annotations?.[CONTAINERD_NAME] === 'docker.io/library/old:1')).toHaveLength(1);
    expect(after.manifests).toHaveLength(3);
  });

  test('a retag of a tag of ours adds no containerd name and no annotation of the old entry beyond the content', async () => {
    const root = await tmp.make();
    const store = await Store.open(root);
    const m = await makeImage(store, { tag: 'app:1' });
    await execute(options({ command: 'tag', store: root, ref: 'app:1', tags: 'app:2' }), context());
    const index = JSON.parse(await readFile(join(root, 'index.json'), 'utf8')) as ImageIndex;
    expect(entryOf(index, 'app:2')).toEqual({ mediaType: m.mediaType, digest: m.digest, size: m.size, annotations: { [Annotation.RefName]: 'app:2' } });
  });
});
