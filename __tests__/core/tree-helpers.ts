/**
 * Helpers for ingest/unpack tests: build trees, walk them into comparable records, run
 * peers, and a RunContext with a capturing logger.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { lstat, mkdir, mkdtemp, readdir, readFile, readlink, rm, symlink, writeFile, chmod, link } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import type { Logger } from '../../src/core/content.js';
import type { RunContext } from '../../src/core/commands/types.js';

const run = promisify(execFile);

/** Run a program; rejects with its stderr on failure. */
export async function sh(cmd: string, args: string[], cwd?: string): Promise<string> {
  try {
    const r = await run(cmd, args, { cwd, maxBuffer: 64 << 20 });
    return r.stdout;
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new Error(`${cmd} ${args.join(' ')} failed: ${err.stderr ?? err.message}`);
  }
}

/** A fresh temp dir; remember to remove it. */
export async function tempDir(prefix = 'oci-store-test-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

/** One node of a test tree. */
export type Node =
  | { file: string | Buffer; mode?: number }
  | { dir: true; mode?: number }
  | { symlink: string }
  | { hardlink: string };

/** Create a tree under `root` from `spec` (paths → nodes), in the given key order. */
export async function makeTree(root: string, spec: Record<string, Node>): Promise<void> {
  for (const [p, n] of Object.entries(spec)) {
    const abs = join(root, p);
    await mkdir(dirname(abs), { recursive: true });
    if ('file' in n) {
      await writeFile(abs, n.file);
      await chmod(abs, n.mode ?? 0o644);
    } else if ('dir' in n) {
      await mkdir(abs, { recursive: true });
      await chmod(abs, n.mode ?? 0o755);
    } else if ('symlink' in n) {
      await symlink(n.symlink, abs);
    } else {
      await link(join(root, n.hardlink), abs);
    }
  }
}

/** A comparable record of a path: type, mode, content hash, link target, link count group. */
export interface Record_ {
  type: 'file' | 'dir' | 'symlink' | 'other';
  mode: string;
  sha?: string;
  target?: string;
  nlink?: number;
}

/** Walk a tree into `relative path → record` (root excluded), sorted. */
export async function walk(root: string): Promise<Record<string, Record_>> {
  const out: Record<string, Record_> = {};
  const visit = async (dir: string, rel: string): Promise<void> => {
    const names = (await readdir(dir)).sort();
    for (const n of names) {
      const abs = join(dir, n);
      const r = rel === '' ? n : `${rel}/${n}`;
      const st = await lstat(abs);
      const mode = (st.mode & 0o7777).toString(8);
      if (st.isSymbolicLink()) out[r] = { type: 'symlink', mode: '777', target: await readlink(abs) };
      else if (st.isDirectory()) {
        out[r] = { type: 'dir', mode };
        await visit(abs, r);
      } else if (st.isFile()) out[r] = { type: 'file', mode, sha: createHash('sha256').update(await readFile(abs)).digest('hex').slice(0, 16), nlink: st.nlink };
      else out[r] = { type: 'other', mode };
    }
  };
  await visit(root, '');
  return out;
}

/** Drop link counts (for trees whose hard links a peer does not keep). */
export function withoutNlink(t: Record<string, Record_>): Record<string, Record_> {
  const out: Record<string, Record_> = {};
  for (const [k, v] of Object.entries(t)) {
    const { nlink: _n, ...rest } = v;
    out[k] = rest;
  }
  return out;
}

/** A logger that records what it is told. */
export function captureLogger(): Logger & { warnings: string[]; infos: string[] } {
  const warnings: string[] = [];
  const infos: string[] = [];
  return { warnings, infos, debug() {}, info: (m) => void infos.push(m), warning: (m) => void warnings.push(m) };
}

/** A RunContext for a workspace. */
export function context(workspace: string, env: Record<string, string | undefined> = {}): RunContext & { logger: ReturnType<typeof captureLogger> } {
  return { logger: captureLogger(), env, workspace };
}

/** Remove dirs, ignoring errors. */
export async function cleanup(...dirs: string[]): Promise<void> {
  for (const d of dirs) await rm(d, { recursive: true, force: true }).catch(() => {});
}
