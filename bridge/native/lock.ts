/**
 * A lock file made with O_EXCL: the browser may start several hosts at once (extension
 * install, browser start and an unreachable bridge all ask), and only one of them may
 * start the bridge. The file holds the owner's pid; a lock whose owner is gone (killed
 * by the browser while it waited) or that is older than any start can take is stale and
 * is taken over.
 *
 * Taking over a stale lock can race with another host doing the same; the bridge's own
 * exclusive bind on its port is the wall behind this one (the second bridge exits with
 * "port in use" and its host answers with the first).
 */
import { open, readFile, rm, stat } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

/** A start (spawn, load, listen) never holds the lock longer than this. */
export const STALE_AFTER_MS = 60_000;
const UNWRITTEN_STALE_MS = 2_000;
const POLL_MS = 50;

export interface LockOwner {
  /** null while the owner hasn't written it yet. */
  pid: number | null;
  since: number;
}

export class LockTimeoutError extends Error {
  override readonly name = 'LockTimeoutError';
}

/**
 * Runs `task` while holding the lock at `lockPath`. While another process holds it,
 * polls `whileWaiting` (e.g. "is the bridge up now?"); a non-undefined result ends the
 * wait without the lock.
 */
export async function withLock<T>(
  lockPath: string,
  task: () => Promise<T>,
  { timeoutMs = 30_000, whileWaiting }: { timeoutMs?: number; whileWaiting?: () => Promise<T | undefined> } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await tryAcquire(lockPath)) {
      try {
        return await task();
      } finally {
        await rm(lockPath, { force: true });
      }
    }
    const owner = await readOwner(lockPath);
    if (owner === 'gone') continue;
    if (isStale(owner)) {
      await rm(lockPath, { force: true });
      continue;
    }
    const early = await whileWaiting?.();
    if (early !== undefined) return early;
    if (Date.now() > deadline) throw new LockTimeoutError(`another Postbode host (pid ${owner.pid ?? '?'}) has been starting the bridge for over ${Math.round(timeoutMs / 1000)} s`);
    await sleep(POLL_MS);
  }
}

async function tryAcquire(lockPath: string): Promise<boolean> {
  let file;
  try {
    file = await open(lockPath, 'wx', 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
  try {
    await file.writeFile(JSON.stringify({ pid: process.pid, since: Date.now() } satisfies LockOwner));
  } finally {
    await file.close();
  }
  return true;
}

/** The owner; 'gone' when the lock vanished meanwhile. */
async function readOwner(lockPath: string): Promise<LockOwner | 'gone'> {
  let text: string;
  let modified: number;
  try {
    [text, modified] = await Promise.all([readFile(lockPath, 'utf8'), stat(lockPath).then((info) => info.mtimeMs)]);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    throw err;
  }
  try {
    const owner = JSON.parse(text) as Partial<LockOwner>;
    if (Number.isInteger(owner.pid) && typeof owner.since === 'number') return owner as LockOwner;
  } catch {
    // Not written yet, or its owner died between creating and writing it.
  }
  return { pid: null, since: modified };
}

function isStale(owner: LockOwner): boolean {
  const age = Date.now() - owner.since;
  // An owner writes its pid right after creating the file.
  if (owner.pid === null) return age > UNWRITTEN_STALE_MS;
  if (age > STALE_AFTER_MS) return true;
  try {
    process.kill(owner.pid, 0);
    return false;
  } catch (err) {
    // EPERM: alive, another user's. Only "no such process" means it is gone.
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
