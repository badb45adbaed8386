/**
 * Push by digest (buildx's `push-by-digest`, DESIGN.md §2): a `tags` entry that names a
 * repository without a tag (`ghcr.io/o/app`) pushes the manifest by digest — no tag moves
 * in the registry — and is reported as `repo@digest`. On the store side such an entry makes
 * no tag. Against the real docker-registry; checked with skopeo.
 */
import { describe, expect, test, beforeAll, afterAll } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { execute } from '../../../src/core/commands/index.js';
import { Store } from '../../../src/core/layout.js';
import { sha256 } from '../../../src/core/digest.js';
import { isRepositoryOnly, withDigest } from '../../../src/core/reference.js';
import type { RawInputs } from '../../../src/core/commands/options.js';
import { withRegistry } from '../../harness/registry-fixture.js';
import { makeImage } from '../../harness/images.js';
import { context, options, recordingLogger, temps } from './helpers.js';

const exec = promisify(execFile);
const dirs = temps();
const registry = withRegistry();
let home: string;
let ws: string;

beforeAll(async () => {
  home = await dirs.make();
  ws = await dirs.make();
  await mkdir(join(ws, 'site'), { recursive: true });
  await writeFile(join(ws, 'site', 'index.html'), '<h1>by digest</h1>\n');
});

afterAll(async () => {
  await dirs.cleanup();
});

function run(raw: RawInputs) {
  return execute(options(raw), { ...context(recordingLogger()), env: { HOME: home }, workspace: ws });
}

async function skopeoRaw(ref: string): Promise<string> {
  const { stdout } = await exec('skopeo', ['inspect', '--tls-verify=false', '--raw', `docker://${ref}`]);
  return stdout;
}

/** The registry's tag list of a repository (distribution-spec "Listing Tags"). */
async function registryTags(repository: string): Promise<string[]> {
  const res = await fetch(`${registry.url}/v2/${repository}/tags/list`);
  if (res.status === 404) return [];
  const body = (await res.json()) as { tags?: string[] | null };
  return body.tags ?? [];
}

describe('repository-only refs', () => {
  test.each([
    ['ghcr.io/o/app', true],
    ['app', true],
    ['localhost:5000/a/b', true],
    ['ghcr.io/o/app:1', false],
    ['ghcr.io/o/app@sha256:' + 'a'.repeat(64), false],
    ['Not a ref', false],
  ])('%s names a repository only: %s', (ref, expected) => {
    expect(isRepositoryOnly(ref)).toBe(expected);
  });

  test('withDigest pins the repository as written', () => {
    const d = 'sha256:' + 'b'.repeat(64);
    expect(withDigest('ghcr.io/o/app', d)).toBe(`ghcr.io/o/app@${d}`);
    expect(withDigest('app', d)).toBe(`app@${d}`);
  });
});

describe('push by digest', () => {
  test('ingest with push: true and a repository-only tag pushes by digest, tags nothing, and reports repo@digest', async () => {
    const storeDir = join(await dirs.make(), 'store');
    const repo = `${registry.host}/bydigest/app`;
    const r = await run({ command: 'ingest', store: storeDir, layers: 'site:/srv', tags: repo, push: 'true' });
    const digest = r.digest!;
    const pinned = `${repo}@${digest}`;
    expect(r.tags).toEqual([pinned]);
    expect(r.metadata!.pushed).toEqual([expect.objectContaining({ ref: pinned, digest, uploaded: 3 })]);
    expect(sha256(Buffer.from(await skopeoRaw(pinned)))).toBe(digest);
    // No tag in the registry, and no store tag for the bare repository.
    expect(await registryTags('bydigest/app')).toEqual([]);
    const store = await Store.open(storeDir);
    expect(await store.listTags()).toEqual([]);
  });

  test('next to a tagged ref of the same repository: one push, the tag set, both reported', async () => {
    const storeDir = join(await dirs.make(), 'store');
    const store = await Store.open(storeDir);
    const image = await makeImage(store, { tag: 'app:1' });
    const repo = `${registry.host}/both/app`;
    const r = await run({ command: 'push', store: storeDir, ref: 'app:1', tags: `${repo}\n${repo}:v1` });
    expect(r.metadata!.pushed.map((p) => p.ref)).toEqual([`${repo}@${image.digest}`, `${repo}:v1`]);
    expect(r.metadata!.pushed[0]).toMatchObject({ uploaded: 4 });
    expect(await registryTags('both/app')).toEqual(['v1']);
  });

  test('command push to a repository-only tag sets no tag; ref as the target keeps docker push semantics (latest)', async () => {
    const storeDir = join(await dirs.make(), 'store');
    const store = await Store.open(storeDir);
    const self = `${registry.host}/self/app`;
    const image = await makeImage(store, { tag: self });
    const byDigest = await run({ command: 'push', store: storeDir, ref: self, tags: `${registry.host}/plain/app` });
    expect(byDigest.metadata!.pushed[0]!.ref).toBe(`${registry.host}/plain/app@${image.digest}`);
    expect(await registryTags('plain/app')).toEqual([]);
    const toItself = await run({ command: 'push', store: storeDir, ref: self });
    expect(toItself.metadata!.pushed[0]!.ref).toBe(`${self}:latest`);
    expect(await registryTags('self/app')).toEqual(['latest']);
  });

  test('tag with push: true and only a repository-only entry: pushed by digest, the store unchanged', async () => {
    const storeDir = join(await dirs.make(), 'store');
    const store = await Store.open(storeDir);
    const image = await makeImage(store, { tag: 'made:1' });
    const before = await store.readIndex();
    const repo = `${registry.host}/promote/app`;
    const r = await run({ command: 'tag', store: storeDir, ref: 'made:1', tags: repo, push: 'true' });
    expect(r.tags).toEqual([`${repo}@${image.digest}`]);
    expect(sha256(Buffer.from(await skopeoRaw(`${repo}@${image.digest}`)))).toBe(image.digest);
    expect(await (await Store.open(storeDir)).readIndex()).toEqual(before);
  });
});
