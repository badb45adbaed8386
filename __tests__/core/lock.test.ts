import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { acquireLock, isZombie, pidAlive } from '../../src/core/lock.js';

let dir: string;
let parent: ChildProcess;
let zombie: number;

/** A zombie: `sleep 0` started by a shell that then execs a `sleep` which never reaps it. */
async function makeZombie(): Promise<number> {
  parent = spawn('sh', ['-c', 'sleep 0 & echo $!; exec sleep 30'], { stdio: ['ignore', 'pipe', 'ignore'] });
  const pid = await new Promise<number>((resolve) => parent.stdout!.once('data', (d: Buffer) => resolve(Number(d.toString().trim()))));
  for (let i = 0; i < 200 && !isZombie(pid); i++) await new Promise((r) => setTimeout(r, 10));
  return pid;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'oci-store-lock-'));
  zombie = await makeZombie();
});

afterAll(async () => {
  parent.kill('SIGKILL');
  await rm(dir, { recursive: true, force: true });
});

describe('a lock holder that was killed but not yet reaped', () => {
  test('is a zombie, and counts as dead', () => {
    expect(isZombie(zombie)).toBe(true);
    expect(pidAlive(zombie)).toBe(false);
    expect(pidAlive(process.pid)).toBe(true);
    expect(isZombie(process.pid)).toBe(false);
  });

  test('its lock is stale at once: acquiring it does not wait or fail', async () => {
    const path = join(dir, 'held.lock');
    const since = new Date().toISOString();
    await writeFile(path, JSON.stringify({ pid: zombie, host: hostname(), since }));
    const stale: unknown[] = [];
    const lock = await acquireLock(path, { what: 'test', waitMs: 0, onStale: (info) => void stale.push(info) });
    // Taken over as stale (not waited out), and the file now names us.
    expect(stale).toEqual([{ pid: zombie, host: hostname(), since }]);
    expect(JSON.parse(await readFile(path, 'utf8'))).toMatchObject({ pid: process.pid, host: hostname() });
    await lock.release();
    await expect(readFile(path)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  test('a live holder still fails fast with LOCKED', async () => {
    const path = join(dir, 'live.lock');
    await writeFile(path, JSON.stringify({ pid: parent.pid, host: hostname(), since: new Date().toISOString() }));
    await expect(acquireLock(path, { what: 'test', waitMs: 0 })).rejects.toMatchObject({ code: 'LOCKED' });
  });
});

describe('creating a lock', () => {
  test('the lock file appears with its content in one step, and no temp file stays', async () => {
    const sub = await mkdtemp(join(dir, 'create-'));
    const path = join(sub, 'index.json.lock');
    const lock = await acquireLock(path, { what: 'test', waitMs: 0 });
    expect(JSON.parse(await readFile(path, 'utf8'))).toMatchObject({ pid: process.pid, host: hostname() });
    expect(await readdir(sub)).toEqual(['index.json.lock']);
    await lock.release();
    expect(await readdir(sub)).toEqual([]);
  });

  test('a temp file left by a holder killed mid-create blocks nobody', async () => {
    const sub = await mkdtemp(join(dir, 'torn-'));
    const path = join(sub, 'index.json.lock');
    const torn = 'index.json.lock.999999-deadbeef.tmp';
    await writeFile(join(sub, torn), '{"pid":');
    let staleCalls = 0;
    const lock = await acquireLock(path, { what: 'test', waitMs: 0, onStale: () => void staleCalls++ });
    // Taken at once as a fresh lock: the temp file is not mistaken for a holder.
    expect(staleCalls).toBe(0);
    expect(JSON.parse(await readFile(path, 'utf8'))).toMatchObject({ pid: process.pid, host: hostname() });
    expect((await readdir(sub)).sort()).toEqual(['index.json.lock', torn]);
    await lock.release();
    // Only our lock goes; the torn temp file is gc's to sweep.
    expect(await readdir(sub)).toEqual([torn]);
  });
});
