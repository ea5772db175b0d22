// The start lock beside a config: one holder at a time, others wait (or leave early
// once what they wait for is there), and a lock whose holder is gone is taken over.
import { mkdtemp, rm, stat, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LockTimeoutError, withLock } from '../../bridge/native/lock';

let dir: string;
let lockPath: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'postbode-lock-'));
  lockPath = path.join(dir, 'config-host.lock');
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A promise with its resolve function outside. */
function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('start lock', () => {
  it('lets one task in at a time, and removes the lock after it', async () => {
    const order: string[] = [];
    const firstIn = deferred();
    const releaseFirst = deferred();

    const first = withLock(lockPath, async () => {
      order.push('first in');
      firstIn.resolve();
      await releaseFirst.promise;
      order.push('first out');
    });
    await firstIn.promise;
    const second = withLock(lockPath, async () => void order.push('second in'));
    releaseFirst.resolve();
    await Promise.all([first, second]);

    expect(order).toStrictEqual(['first in', 'first out', 'second in']);
    await expect(stat(lockPath)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('a waiter leaves with what whileWaiting finds, without taking the lock', async () => {
    await writeFile(lockPath, JSON.stringify({ pid: process.pid, since: Date.now() }));
    let polls = 0;

    const result = await withLock(lockPath, async () => 'took the lock', { whileWaiting: async () => (++polls >= 3 ? 'found it' : undefined) });

    expect(result).toBe('found it');
  });

  it.each<[string, () => Promise<void>]>([
    ['whose holder no longer runs', () => writeFile(lockPath, JSON.stringify({ pid: 2 ** 22 + 1, since: Date.now() }))],
    ['older than any start takes', () => writeFile(lockPath, JSON.stringify({ pid: process.pid, since: Date.now() - 61_000 }))],
    [
      'left empty by a holder that died before writing it',
      async () => {
        await writeFile(lockPath, '');
        const past = new Date(Date.now() - 5_000);
        await utimes(lockPath, past, past);
      },
    ],
  ])('takes over a lock %s', async (_case, leave) => {
    await leave();

    expect(await withLock(lockPath, async () => 'ran')).toBe('ran');
  });

  it('gives up with a clear error while a live holder keeps it', async () => {
    await writeFile(lockPath, JSON.stringify({ pid: process.pid, since: Date.now() }));

    await expect(withLock(lockPath, async () => 'ran', { timeoutMs: 200 })).rejects.toThrow(LockTimeoutError);
  });
});
