/** The runner's workflow-command protocol, as @actions/core writes it. */
import { describe, expect, test, afterAll } from '@jest/globals';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { escapeData, escapeProperty, getInput, issueCommand, saveState, setOutput } from '../../src/action/workflow.js';
import { parseCommandFile } from '../harness/action.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

function capture(fn: () => void): string {
  const original = process.stdout.write;
  let out = '';
  process.stdout.write = ((c: string | Uint8Array) => {
    out += typeof c === 'string' ? c : Buffer.from(c).toString();
    return true;
  }) as typeof process.stdout.write;
  try {
    fn();
  } finally {
    process.stdout.write = original;
  }
  return out;
}

describe('workflow commands', () => {
  test('messages and properties are escaped so a command stays one line', () => {
    expect(escapeData('50%\r\nnext')).toBe('50%25%0D%0Anext');
    expect(escapeProperty('a:b,c')).toBe('a%3Ab%2Cc');
    expect(capture(() => issueCommand('error', { file: 'x:y' }, 'line 1\nline 2'))).toBe('::error file=x%3Ay::line 1%0Aline 2\n');
  });

  test('inputs: INPUT_<NAME> with spaces as underscores, trimmed unless asked not to', () => {
    const env = { 'INPUT_GITHUB-TOKEN': '  t  ', INPUT_MY_INPUT: ' v ' };
    expect(getInput('github-token', {}, env)).toBe('t');
    expect(getInput('github-token', { trimWhitespace: false }, env)).toBe('  t  ');
    expect(getInput('my input', {}, env)).toBe('v');
    expect(getInput('absent', {}, env)).toBe('');
  });

  test('outputs and state go to their files as heredocs; multi-line values survive', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'oci-store-workflow-'));
    dirs.push(dir);
    const env = { GITHUB_OUTPUT: join(dir, 'out'), GITHUB_STATE: join(dir, 'state') };
    await writeFile(env.GITHUB_OUTPUT, '');
    await writeFile(env.GITHUB_STATE, '');
    setOutput('tags', 'a:1\nb:2', env);
    setOutput('digest', 'sha256:x', env);
    saveState('s', '{"k":1}', env);
    expect(parseCommandFile(await readFile(env.GITHUB_OUTPUT, 'utf8'))).toEqual({ tags: 'a:1\nb:2', digest: 'sha256:x' });
    expect(parseCommandFile(await readFile(env.GITHUB_STATE, 'utf8'))).toEqual({ s: '{"k":1}' });
    expect(await readFile(env.GITHUB_OUTPUT, 'utf8')).toMatch(/^tags<<ghadelimiter_[0-9a-f-]{36}\n/);
  });
});
