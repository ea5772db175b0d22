// A home folder of a test's own, and an environment that points everything at it:
// `postbode setup` writes only there, and never reaches the real user's systemd.
import { mkdtemp, readdir, rm, lstat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export interface TempHome {
  home: string;
  /** HOME and a PATH; no XDG_*, DBUS_* or POSTBODE_* of the test runner. */
  env: NodeJS.ProcessEnv;
  /** Every file, folder and link under the home, relative, sorted (folders end in /). */
  snapshot(): Promise<string[]>;
  remove(): Promise<void>;
}

export async function makeTempHome(extraPath: string[] = []): Promise<TempHome> {
  const home = await mkdtemp(path.join(os.tmpdir(), 'postbode-home-'));
  const env: NodeJS.ProcessEnv = {
    HOME: home,
    PATH: [...extraPath, process.env.PATH ?? '/usr/bin:/bin'].join(':'),
    LANG: 'C.UTF-8',
  };
  return { home, env, snapshot: () => listTree(home), remove: () => rm(home, { recursive: true, force: true }) };
}

async function listTree(root: string, relative = ''): Promise<string[]> {
  const entries = await readdir(path.join(root, relative)).catch(() => [] as string[]);
  const out: string[] = [];
  for (const name of entries) {
    const rel = path.join(relative, name);
    const info = await lstat(path.join(root, rel));
    if (info.isDirectory()) out.push(`${rel}/`, ...(await listTree(root, rel)));
    else out.push(rel);
  }
  return out.sort();
}
