/**
 * The action's main step through its real entry point (the compiled main.js in a child
 * process, INPUT_* variables, a GITHUB_OUTPUT file): outputs on success, and for bad input
 * exactly one `::error::` line naming the input and the fix — exit code 1, no stack
 * trace, no secret in any output, the store left byte for byte as it was.
 */
import { describe, expect, test, beforeAll, afterAll } from '@jest/globals';
import { createHash } from 'node:crypto';
import { lstat, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { errors, runStep, type StepResult } from '../harness/action.js';
import { freePort } from '../harness/cache-service.js';
import { startRegistry, type TestRegistry } from '../harness/registry.js';

const PASSWORD = 'pa55-W0rd-never-printed';
const TOKEN = 'ghs_TokenNeverPrinted0123456789';
let ws: string;
let store: string;
let registry: TestRegistry;
let closedPort: number;

/** Every path under `dir` with its type, mode, size and content hash. */
async function hashTree(dir: string): Promise<string> {
  const h = createHash('sha256');
  const walk = async (d: string, rel: string): Promise<void> => {
    const entries = (await readdir(d, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const e of entries) {
      const p = join(d, e.name);
      const st = await lstat(p);
      h.update(`${rel}${e.name}\0${st.mode}\0${st.size}\0`);
      if (e.isDirectory()) await walk(p, `${rel}${e.name}/`);
      else if (e.isFile()) h.update(await readFile(p));
    }
  };
  await walk(dir, '');
  return h.digest('hex');
}

beforeAll(async () => {
  ws = await mkdtemp(join(tmpdir(), 'oci-store-main-test-'));
  store = join(ws, 'store');
  await mkdir(join(ws, 'site', 'css'), { recursive: true });
  await writeFile(join(ws, 'site', 'index.html'), '<h1>hello</h1>\n');
  await writeFile(join(ws, 'site', 'css', 'a.css'), 'h1{color:red}\n');
  await writeFile(join(ws, 'not-a-store'), 'just a file\n');
  registry = await startRegistry({ auth: 'htpasswd', users: { alice: 'wonderland-s3cret' } });
  closedPort = await freePort();
});

afterAll(async () => {
  await registry?.stop();
  await rm(ws, { recursive: true, force: true });
});

async function main(inputs: Record<string, string>, env: Record<string, string> = {}): Promise<StepResult> {
  return runStep('main', { inputs, env: { GITHUB_WORKSPACE: ws, ...env }, cwd: ws });
}

describe('a good run', () => {
  test('ingest sets digest, tags, metadata, cache-hit and store; inspect reads it back', async () => {
    const r = await main({ layers: 'site:/srv', tags: 'site:1\nsite:latest', store, 'cache-key': 'x' });
    expect(errors(r)).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.outputs['digest']).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(r.outputs['tags']).toBe('site:1\nsite:latest');
    expect(r.outputs['cache-hit']).toBe('false');
    expect(r.outputs['store']).toBe(store);
    const metadata = JSON.parse(r.outputs['metadata']!) as { digest: string; layers: unknown[]; pushed: unknown[]; store: string };
    expect(metadata.digest).toBe(r.outputs['digest']);
    expect(metadata.layers).toHaveLength(1);
    expect(metadata.pushed).toEqual([]);
    expect(r.summary).toContain('oci-store ingest');
    expect(r.summary).toContain(r.outputs['digest']);
    expect(r.stdout).toContain('::group::oci-store ingest');

    const i = await main({ command: 'inspect', ref: 'site:1', store });
    expect(i.code).toBe(0);
    expect(i.outputs['digest']).toBe(r.outputs['digest']);
  });

  test('a local run of the entry point (no runner files) prints the outputs as lines', async () => {
    const r = await runStep('main', { inputs: { command: 'inspect', ref: 'site:1', store }, env: { GITHUB_WORKSPACE: ws, GITHUB_OUTPUT: '', GITHUB_STATE: '', GITHUB_STEP_SUMMARY: '' } });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^digest: sha256:[0-9a-f]{64}$/m);
    expect(r.stdout).not.toContain('::set-output');
  });
});

/** [name, inputs, the input the error must name]. */
const BAD: Array<[string, Record<string, string>, string]> = [
  ['unknown command', { command: 'frobnicate' }, 'command'],
  ['command in capitals', { command: 'INGEST', layers: 'site:/srv' }, 'command'],
  ['ref with spaces', { command: 'inspect', ref: 'my app:1' }, 'ref'],
  ['ref with capitals in the repository', { command: 'inspect', ref: 'MyApp:1' }, 'ref'],
  ['ref with an empty tag', { command: 'inspect', ref: 'app:' }, 'ref'],
  ['ref with a short digest', { command: 'inspect', ref: 'app@sha256:1234' }, 'ref'],
  ['ref with an upper-case digest', { command: 'inspect', ref: `sha256:${'A'.repeat(64)}` }, 'ref'],
  ['ref with an unknown digest algorithm', { command: 'inspect', ref: `app@md5:${'a'.repeat(32)}` }, 'ref'],
  ['ref not in the store', { command: 'inspect', ref: 'nothing-here:1' }, 'ref'],
  ['unpack of a ref not in the store', { command: 'unpack', ref: 'nothing-here:1', path: 'out' }, 'ref'],
  ['tags with a bad ref', { layers: 'site:/srv', tags: 'good:1\nbad tag:2' }, 'tags'],
  ['tags with a tag over 128 characters', { layers: 'site:/srv', tags: `app:${'x'.repeat(129)}` }, 'tags'],
  ['platform without an architecture', { layers: 'site:/srv', platform: 'linux' }, 'platform'],
  ['platform with too many parts', { layers: 'site:/srv', platform: 'linux/amd64/v3/extra' }, 'platform'],
  ['platform all on ingest', { layers: 'site:/srv', platform: 'all' }, 'platform'],
  ['unknown compression', { layers: 'site:/srv', compression: 'lz4' }, 'compression'],
  ['compression in capitals', { layers: 'site:/srv', compression: 'GZIP' }, 'compression'],
  ['ingest without layers', { tags: 'app:1' }, 'layers'],
  ['layers only blank lines', { layers: '\n  \n\n' }, 'layers'],
  ['layers only comments', { layers: '# nothing to see' }, 'layers'],
  ['SRC matching nothing', { layers: 'does-not-exist:/app' }, 'layers'],
  ['glob matching nothing', { layers: 'site/*.nomatch:/app' }, 'layers'],
  ['DEST not absolute', { layers: 'site:srv' }, 'layers'],
  ['DEST empty', { layers: 'site:' }, 'layers'],
  ['push true without tags', { layers: 'site:/srv', push: 'true' }, 'tags'],
  ['push not a boolean', { layers: 'site:/srv', push: 'yes' }, 'push'],
  ['push true with a command that cannot push', { command: 'verify', push: 'true', tags: 'a:1' }, 'push'],
  ['cache not a boolean', { command: 'inspect', cache: 'maybe' }, 'cache'],
  ['cache-key with a comma', { command: 'inspect', 'cache-key': 'a,b' }, 'cache-key'],
  ['port not a number', { command: 'serve', port: 'http' }, 'port'],
  ['port out of range', { command: 'serve', port: '70000' }, 'port'],
  ['workdir not absolute', { layers: 'site:/srv', workdir: 'app' }, 'workdir'],
  ['env line without =', { layers: 'site:/srv', env: 'JUST_A_NAME' }, 'env'],
  ['label with an empty key', { layers: 'site:/srv', labels: '=value' }, 'labels'],
  ['annotation with an unknown level', { layers: 'site:/srv', annotations: 'everywhere:org.example=1' }, 'annotations'],
  ['artifact-type not a media type', { layers: 'site/index.html', 'artifact-type': 'not a media type' }, 'artifact-type'],
  ['cmd as a broken JSON array', { layers: 'site:/srv', cmd: '["node", ' }, 'cmd'],
  ['entrypoint with an open quote', { layers: 'site:/srv', entrypoint: 'node "app.js' }, 'entrypoint'],
  ['unpack without path', { command: 'unpack', ref: 'site:1' }, 'path'],
  ['unpack without ref', { command: 'unpack', path: 'out' }, 'ref'],
  ['tag without tags', { command: 'tag', ref: 'site:1' }, 'tags'],
  ['pull without ref', { command: 'pull' }, 'ref'],
  ['push without ref', { command: 'push', tags: 'a:1' }, 'ref'],
  ['store that is a file', { command: 'inspect', store: 'not-a-store' }, 'store'],
];

describe('bad input fails with one clear error and leaves the store as it was', () => {
  let before: string;
  beforeAll(async () => {
    const r = await main({ layers: 'site:/srv', tags: 'site:1', store });
    expect(r.code).toBe(0);
    before = await hashTree(store);
  });

  const check = async (r: StepResult, input: string): Promise<void> => {
    const errs = errors(r);
    expect(errs).toHaveLength(1);
    // `input: what went wrong. how to fix it.`
    expect(errs[0]).toMatch(new RegExp(`^::error::${input}: .+\\. .+\\.$`));
    expect(r.code).toBe(1);
    const all = r.stdout + r.stderr;
    expect(all).not.toMatch(/^\s+at .+[:(]\d+:\d+\)?$/m); // no stack trace
    expect(all).not.toContain(PASSWORD);
    expect(all).not.toContain(TOKEN);
    expect(await hashTree(store)).toBe(before);
  };

  test.each(BAD.map(([name, inputs, input]) => [name, input, inputs] as const))('%s → names %s', async (_name, input, inputs) => {
    const r = await main({ store, username: 'alice', password: PASSWORD, 'github-token': TOKEN, ...inputs, ...(inputs['store'] ? { store: join(ws, inputs['store']) } : {}) });
    await check(r, input);
  });

  test('wrong registry credentials → names password, never prints it', async () => {
    const r = await main({ command: 'push', ref: 'site:1', tags: `${registry.host}/site:1`, username: 'alice', password: PASSWORD, store });
    await check(r, '(username|password)');
  });

  test('unreachable registry → names the ref, or base', async () => {
    // Both at once: the registry client retries a refused connection for a few seconds.
    const [pull, base] = await Promise.all([
      main({ command: 'pull', ref: `127.0.0.1:${closedPort}/nothing:1`, store, username: 'alice', password: PASSWORD }),
      main({ layers: 'site:/srv', base: `127.0.0.1:${closedPort}/base:1`, tags: 'b:1', store }),
    ]);
    await check(pull, 'ref');
    await check(base, 'base');
  });

  test('on a runner the secrets are masked before anything else is printed', async () => {
    const r = await main({ command: 'frobnicate', password: PASSWORD, 'github-token': TOKEN, store }, { GITHUB_ACTIONS: 'true' });
    expect(r.code).toBe(1);
    const lines = r.stdout.split('\n');
    const masks = lines.filter((l) => l.startsWith('::add-mask::'));
    expect(masks).toEqual(expect.arrayContaining([`::add-mask::${PASSWORD}`, `::add-mask::${TOKEN}`]));
    expect(lines.findIndex((l) => l.startsWith('::add-mask::'))).toBe(0);
    // The runner consumes ::add-mask:: lines; nowhere else does a secret appear.
    expect(lines.filter((l) => !l.startsWith('::add-mask::')).join('\n')).not.toContain(PASSWORD);
    expect(errors(r)).toHaveLength(1);
  });
});
