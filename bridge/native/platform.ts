/**
 * The machine `postbode setup` writes to, as plain data: every path it computes comes
 * from these three fields, so the Linux, macOS and Windows layouts can be computed and
 * tested on any one of them.
 */
import { homedir } from 'node:os';
import path from 'node:path';

export type Os = 'linux' | 'darwin' | 'win32';

export interface Platform {
  os: Os;
  /** The user's home folder (`%USERPROFILE%` on Windows). */
  home: string;
  env: Readonly<Record<string, string | undefined>>;
}

/** The running machine; any other Unix is treated as Linux (same XDG layout). */
export function currentPlatform(env: NodeJS.ProcessEnv = process.env, home?: string): Platform {
  const os: Os = process.platform === 'darwin' ? 'darwin' : process.platform === 'win32' ? 'win32' : 'linux';
  // $HOME first, as the shell and the browsers do (os.homedir() reads passwd when HOME is unset).
  return { os, home: home ?? ((os === 'win32' ? env.USERPROFILE : env.HOME) || homedir()), env };
}

/** Path functions of the platform's flavour (Windows paths are built with path.win32 on Linux too). */
export function paths(platform: Platform): path.PlatformPath {
  return platform.os === 'win32' ? path.win32 : path.posix;
}

/** `$XDG_CONFIG_HOME`, else `~/.config` (empty counts as unset, as in the XDG spec). */
export function xdgConfigHome(platform: Platform): string {
  return platform.env.XDG_CONFIG_HOME || paths(platform).join(platform.home, '.config');
}

/** `$XDG_DATA_HOME`, else `~/.local/share`. */
export function xdgDataHome(platform: Platform): string {
  return platform.env.XDG_DATA_HOME || paths(platform).join(platform.home, '.local', 'share');
}

/** `%LOCALAPPDATA%`, else `%USERPROFILE%\AppData\Local`. */
export function localAppData(platform: Platform): string {
  return platform.env.LOCALAPPDATA || path.win32.join(platform.home, 'AppData', 'Local');
}

/** `%APPDATA%`, else `%USERPROFILE%\AppData\Roaming`. */
export function roamingAppData(platform: Platform): string {
  return platform.env.APPDATA || path.win32.join(platform.home, 'AppData', 'Roaming');
}

/**
 * Postbode's own folder for what setup writes that is not a browser's or the OS's file:
 * the native host wrapper, the Windows host manifests, and the record of what was written.
 */
export function dataDir(platform: Platform): string {
  switch (platform.os) {
    case 'linux':
      return path.posix.join(xdgDataHome(platform), 'postbode');
    case 'darwin':
      return path.posix.join(platform.home, 'Library', 'Application Support', 'Postbode');
    case 'win32':
      return path.win32.join(localAppData(platform), 'Postbode');
  }
}
