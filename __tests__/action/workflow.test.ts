/** The runner's workflow-command protocol, as @actions/core writes it. */
import { describe, expect, test, afterAll } from '@jest/globals';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as core from '@actions/core';
import { appendSummary, error, escapeData, escapeProperty, getInput, getState, html, info, issueCommand, notice, saveState, setOutput, setSecret, warning } from '../../src/action/workflow.js';
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

describe('secrets (issue 10 item 9)', () => {
  test('a secret given to setSecret is masked on a runner and kept out of every command, log line, output and the job summary', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'oci-store-workflow-'));
    dirs.push(dir);
    const env = { GITHUB_ACTIONS: 'true', GITHUB_OUTPUT: join(dir, 'out'), GITHUB_STEP_SUMMARY: join(dir, 'summary') };
    await writeFile(env.GITHUB_OUTPUT, '');
    await writeFile(env.GITHUB_STEP_SUMMARY, '');
    const token = 'tok/en+with=chars-0123456789';
    const out = capture(() => {
      setSecret(token, env);
      error(`registry said: Authorization: Bearer ${token}`);
      warning(`retrying with ${encodeURIComponent(token)}`);
      info(`line ${token}`);
      issueCommand('debug', { title: token }, token);
      setOutput('metadata', `{"x":"${token}"}`, env);
    });
    await appendSummary(`<td>${token}</td>`, env);
    const lines = out.trim().split('\n');
    expect(lines.filter((l) => l.startsWith('::add-mask::'))).toEqual(expect.arrayContaining([`::add-mask::${token}`, `::add-mask::${escapeData(encodeURIComponent(token))}`]));
    const printed = lines.filter((l) => !l.startsWith('::add-mask::')).join('\n');
    expect(printed).toContain('::error::registry said: Authorization: Bearer ***');
    for (const text of [printed, await readFile(env.GITHUB_OUTPUT, 'utf8'), await readFile(env.GITHUB_STEP_SUMMARY, 'utf8')]) {
      expect(text).not.toContain('tok/en');
      expect(text).not.toContain('tok%2Fen');
    }
  });

  test('outside a runner a secret is redacted but never printed as ::add-mask::', () => {
    const out = capture(() => {
      setSecret('local-secret-value', {});
      info('value: local-secret-value');
    });
    expect(out).toBe('value: ***\n');
  });
});

describe('@actions/core underneath', () => {
  test('summary pieces are core.summary\'s own shapes (an empty cell included)', () => {
    const rows = [[{ data: 'A', header: true }, { data: 'B', header: true }], ['1', '']];
    const expected = (build: (s: typeof core.summary) => typeof core.summary): string => {
      const text = build(core.summary.emptyBuffer()).stringify();
      core.summary.emptyBuffer();
      return text;
    };
    expect(html.table(rows)).toBe(expected((s) => s.addTable(rows)));
    expect(html.heading('oci-store push', 3)).toBe(expected((s) => s.addHeading('oci-store push', 3)));
    expect(html.details('Layers', '<p>x</p>')).toBe(expected((s) => s.addDetails('Layers', '<p>x</p>')));
    expect(html.raw('note')).toBe(expected((s) => s.addRaw('note', true)));
  });

  test('a notice annotation is redacted like the others', () => {
    const out = capture(() => {
      setSecret('notice-secret-value', {});
      notice('saw notice-secret-value');
    });
    expect(out).toBe('::notice::saw ***\n');
  });

  test('an environment passed in is lent to @actions/core for the call only', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'oci-store-workflow-'));
    dirs.push(dir);
    const env = { INPUT_PROBE: ' v ', STATE_probe: 's', GITHUB_OUTPUT: join(dir, 'out') };
    await writeFile(env.GITHUB_OUTPUT, '');
    const before = { ...process.env };
    expect(getInput('probe', {}, env)).toBe('v');
    expect(getState('probe', env)).toBe('s');
    setOutput('probe', 'x', env);
    expect(parseCommandFile(await readFile(env.GITHUB_OUTPUT, 'utf8'))).toEqual({ probe: 'x' });
    expect(process.env).toEqual(before);
  });
});
