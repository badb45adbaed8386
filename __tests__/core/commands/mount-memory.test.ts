/**
 * Push remembers where blobs went: after a push the store records which repository of
 * which registry holds each blob (distribution-sources.json), so a later push of the same
 * image to another repository of that registry — in another process — mounts every blob
 * instead of uploading it. Against docker-registry with htpasswd Basic auth.
 */
import { describe, expect, test, beforeAll, afterAll } from '@jest/globals';
import { execFile, spawn } from 'node:child_process';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { execute } from '../../../src/core/commands/index.js';
import { Store } from '../../../src/core/layout.js';
import { BlobSources, MAX_REPOSITORIES, SOURCES_FILE } from '../../../src/core/sources.js';
import type { RawInputs } from '../../../src/core/commands/options.js';
import type { Descriptor } from '../../../src/core/types/oci.js';
import { withRegistry } from '../../harness/registry-fixture.js';
import { makeImage } from '../../harness/images.js';
import { built, NODE } from '../../harness/build.js';
import { baseEnv } from '../../harness/action.js';
import { context, options, recordingLogger, temps } from './helpers.js';

const exec = promisify(execFile);
const dirs = temps();
const registry = withRegistry({ auth: 'htpasswd' });
let home: string;
let user: string;
let password: string;

beforeAll(async () => {
  home = await dirs.make();
  [user, password] = Object.entries(registry.users)[0]!;
});

afterAll(async () => {
  await dirs.cleanup();
});

function run(raw: RawInputs) {
  return execute(options({ username: user, password, ...raw }), { ...context(recordingLogger()), env: { HOME: home } });
}

/** The CLI as a separate process; resolves with its parsed JSON output. */
function cli(args: string[]): Promise<{ code: number | null; json: Record<string, any>; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(NODE, [built('src/cli.js'), ...args], { env: { ...baseEnv(), HOME: home }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, json: stdout.trim() ? (JSON.parse(stdout) as Record<string, any>) : {}, stderr }));
  });
}

async function skopeoDigest(ref: string): Promise<string> {
  const { stdout } = await exec('skopeo', ['inspect', '--tls-verify=false', `--creds=${user}:${password}`, '--format', '{{.Digest}}', `docker://${ref}`]);
  return stdout.trim();
}

describe('push remembers where blobs went', () => {
  test('a second push to another repository, in another process, mounts every blob', async () => {
    const storeDir = join(await dirs.make(), 'store');
    const store = await Store.open(storeDir);
    const image = await makeImage(store, { tag: 'app:1' });
    const first = await run({ command: 'push', store: storeDir, ref: 'app:1', tags: `${registry.host}/team/app:1` });
    expect(first.metadata!.pushed[0]).toMatchObject({ uploaded: 4, mounted: 0 });

    const second = await cli(['push', '--store', storeDir, '--ref', 'app:1', '--tags', `${registry.host}/other/app:1`, '--username', user, '--password', password]);
    expect(second.stderr).not.toContain('error');
    expect(second.code).toBe(0);
    const pushed = second.json['metadata'].pushed[0];
    // 2 layers + config mounted; only the manifest (never mountable) is sent.
    expect(pushed).toMatchObject({ ref: `${registry.host}/other/app:1`, mounted: 3, uploaded: 1, uploadedBytes: image.size });
    expect(await skopeoDigest(`${registry.host}/other/app:1`)).toBe(image.digest);
  });

  test('the record is in the store, bounded per blob, most recent repository first', async () => {
    const storeDir = join(await dirs.make(), 'store');
    const store = await Store.open(storeDir);
    await makeImage(store, { tag: 'app:1' });
    const repos = Array.from({ length: MAX_REPOSITORIES + 2 }, (_, i) => `${registry.host}/bound/r${i}:1`);
    await run({ command: 'push', store: storeDir, ref: 'app:1', tags: repos.join('\n') });
    const doc = JSON.parse(await readFile(join(storeDir, SOURCES_FILE), 'utf8')) as { blobs: Record<string, Record<string, string[]>> };
    const entries = Object.values(doc.blobs);
    expect(entries).toHaveLength(3);
    for (const byRegistry of entries) {
      expect(byRegistry[registry.host]).toEqual(['bound/r5', 'bound/r4', 'bound/r3', 'bound/r2']);
    }
  });

  test('a re-push with nothing new to record leaves the file as it is; a push elsewhere rewrites it', async () => {
    const storeDir = join(await dirs.make(), 'store');
    const store = await Store.open(storeDir);
    const image = await makeImage(store, { tag: 'app:1' });
    const file = join(storeDir, SOURCES_FILE);
    await run({ command: 'push', store: storeDir, ref: 'app:1', tags: `${registry.host}/again/app:1` });
    const before = await stat(file);
    const again = await run({ command: 'push', store: storeDir, ref: 'app:1', tags: `${registry.host}/again/app:1` });
    expect(again.metadata!.pushed[0]).toMatchObject({ uploaded: 0, mounted: 0, skipped: 4 });
    const after = await stat(file);
    // Written atomically (a new file renamed over the old): a rewrite is a new inode.
    expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs]);
    expect(await readdir(storeDir)).not.toContain(`${SOURCES_FILE}.lock`);

    await run({ command: 'push', store: storeDir, ref: 'app:1', tags: `${registry.host}/elsewhere/app:1` });
    expect((await stat(file)).ino).not.toBe(before.ino);
    const sources = await BlobSources.load(storeDir);
    const manifest = await store.readJSON<{ config: Descriptor }>(image);
    expect(sources.repositories(registry.host, manifest.config.digest)).toEqual(['elsewhere/app', 'again/app']);
  });

  test('a stale record (repository without the blobs) falls back to uploading', async () => {
    const storeDir = join(await dirs.make(), 'store');
    const store = await Store.open(storeDir);
    const image = await makeImage(store, { tag: 'app:1' });
    const manifest = await store.readJSON<{ config: Descriptor; layers: Descriptor[] }>(image);
    const sources = await BlobSources.load(storeDir);
    await sources.record(registry.host, 'ghost/app', [manifest.config.digest, ...manifest.layers.map((l) => l.digest)]);
    const r = await run({ command: 'push', store: storeDir, ref: 'app:1', tags: `${registry.host}/real/app:1` });
    expect(r.metadata!.pushed[0]).toMatchObject({ uploaded: 4, mounted: 0 });
    expect(await skopeoDigest(`${registry.host}/real/app:1`)).toBe(image.digest);
  });

  test('a damaged record is ignored and replaced', async () => {
    const storeDir = join(await dirs.make(), 'store');
    const store = await Store.open(storeDir);
    await makeImage(store, { tag: 'app:1' });
    await writeFile(join(storeDir, SOURCES_FILE), '{"version":1,"blobs":');
    const r = await run({ command: 'push', store: storeDir, ref: 'app:1', tags: `${registry.host}/damaged/app:1` });
    expect(r.metadata!.pushed[0]).toMatchObject({ uploaded: 4 });
    expect((await BlobSources.load(storeDir)).size).toBe(3);
  });

  test('records of concurrent writers merge; another copy of the record merges in', async () => {
    const root = await dirs.make();
    const a = await BlobSources.load(root);
    const b = await BlobSources.load(root);
    const d = (n: number) => `sha256:${n.toString(16).padStart(64, '0')}`;
    await Promise.all([a.record('r.example', 'one/a', [d(1), d(2)]), b.record('r.example', 'two/b', [d(2), d(3)])]);
    const merged = await BlobSources.load(root);
    expect(merged.repositories('r.example', d(1))).toEqual(['one/a']);
    expect(merged.repositories('r.example', d(2)).sort()).toEqual(['one/a', 'two/b']);
    expect(merged.repositories('r.example', d(3))).toEqual(['two/b']);

    const other = await dirs.make();
    await (await BlobSources.load(other)).record('r.example', 'three/c', [d(1), d(4)]);
    await merged.mergeFrom(join(other, SOURCES_FILE));
    const after = await BlobSources.load(root);
    expect(after.repositories('r.example', d(1))).toEqual(['one/a', 'three/c']);
    expect(after.repositories('r.example', d(4))).toEqual(['three/c']);
  });
});
