// Processes seen through /proc: which ones run a given command line, their session,
// and waiting on conditions about them (never fixed sleeps).
import { readdirSync, readFileSync } from 'node:fs';

/** argv of every live process (zombies excluded). */
function processes(): { pid: number; argv: string[] }[] {
  const found: { pid: number; argv: string[] }[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const argv = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0').filter(Boolean);
      if (argv.length) found.push({ pid: Number(name), argv });
    } catch {
      // Gone between readdir and read.
    }
  }
  return found;
}

/** Pids of bridges serving `configPath` (`… run --config configPath`), however started. */
export function bridgePids(configPath: string): number[] {
  return processes()
    .filter(({ argv }) => argv.includes('run') && argv[argv.indexOf('--config') + 1] === configPath)
    .map(({ pid }) => pid);
}

/** The session id (`/proc/PID/stat` field 6), or undefined once the process is gone. */
export function sessionOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may contain spaces: fields count from after it.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[0] === 'Z' ? undefined : Number(fields[3]);
  } catch {
    return undefined;
  }
}

export const isAlive = (pid: number): boolean => sessionOf(pid) !== undefined;

/** Polls `check` until it returns a value other than undefined; fails with `what` after the timeout. */
export async function waitFor<T>(what: string, check: () => T | undefined | Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** SIGTERM, then SIGKILL for any that are still there after `graceMs`; resolves once all are gone. */
export async function stopPids(pids: Iterable<number>, graceMs = 5_000): Promise<void> {
  const list = [...pids];
  for (const pid of list) signal(pid, 'SIGTERM');
  try {
    await waitFor('processes to exit', () => (list.some(isAlive) ? undefined : true), graceMs);
  } catch {
    for (const pid of list) signal(pid, 'SIGKILL');
    await waitFor('processes to exit after SIGKILL', () => (list.some(isAlive) ? undefined : true), 5_000);
  }
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // Already gone.
  }
}
