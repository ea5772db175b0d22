/**
 * Where each browser looks for the native messaging host `app.postbode.bridge`, and
 * what the host manifest and its wrapper say. Pure functions of a {@link Platform}:
 * setup writes what these return, uninstall removes it, and the tests check all three
 * operating systems from one.
 *
 * Locations as KeePassXC and browserpass use them:
 * https://developer.chrome.com/docs/extensions/develop/concepts/native-messaging#native-messaging-host-location
 * https://developer.mozilla.org/en-US/docs/Mozilla/Add-ons/WebExtensions/Native_manifests#manifest_location
 */
import path from 'node:path';
import { CHROME_EXTENSION_ID, FIREFOX_EXTENSION_ID, NATIVE_HOST_NAME } from '../../shared/extension';
import { cmdQuote, shQuote } from './quote';
import { dataDir, paths, xdgConfigHome, type Platform } from './platform';

export const BROWSERS = ['chrome', 'chromium', 'brave', 'edge', 'firefox'] as const;
export type Browser = (typeof BROWSERS)[number];

export const isChromiumFamily = (browser: Browser): boolean => browser !== 'firefox';

/** The hidden subcommand the wrapper runs: the browser starts it, a person never does. */
export const HOST_SUBCOMMAND = 'native-host';

/** The manifest file name; the browsers require it to be the host name. */
export const MANIFEST_FILE = `${NATIVE_HOST_NAME}.json`;

/** The host manifest: Chromium-family browsers allow by origin, Firefox by add-on id. */
export function hostManifest(browser: Browser, wrapperPath: string): Record<string, unknown> {
  return {
    name: NATIVE_HOST_NAME,
    description: 'Postbode: finds or starts the local bridge and tells the extension where it is',
    path: wrapperPath,
    type: 'stdio',
    ...(isChromiumFamily(browser)
      ? { allowed_origins: [`chrome-extension://${CHROME_EXTENSION_ID}/`] }
      : { allowed_extensions: [FIREFOX_EXTENSION_ID] }),
  };
}

/** Per-browser folders under the OS's per-user application folder (Linux, macOS). */
const FOLDERS: Record<Browser, { linux: string[]; darwin: string[]; windowsKey: string }> = {
  // Chrome and its siblings keep user data under $XDG_CONFIG_HOME (chrome_paths_linux.cc).
  chrome: { linux: ['google-chrome'], darwin: ['Google', 'Chrome'], windowsKey: 'Google\\Chrome' },
  chromium: { linux: ['chromium'], darwin: ['Chromium'], windowsKey: 'Chromium' },
  brave: { linux: ['BraveSoftware', 'Brave-Browser'], darwin: ['BraveSoftware', 'Brave-Browser'], windowsKey: 'BraveSoftware\\Brave-Browser' },
  edge: { linux: ['microsoft-edge'], darwin: ['Microsoft Edge'], windowsKey: 'Microsoft\\Edge' },
  // Firefox reads ~/.mozilla on Linux whatever XDG says.
  firefox: { linux: [], darwin: ['Mozilla'], windowsKey: 'Mozilla' },
};

/**
 * The folder a browser reads user-level host manifests from (Linux, macOS); null on
 * Windows, where browsers find hosts only through the registry.
 */
export function manifestDir(platform: Platform, browser: Browser): string | null {
  const { home } = platform;
  switch (platform.os) {
    case 'linux':
      return browser === 'firefox'
        ? path.posix.join(home, '.mozilla', 'native-messaging-hosts')
        : path.posix.join(xdgConfigHome(platform), ...FOLDERS[browser].linux, 'NativeMessagingHosts');
    case 'darwin':
      return path.posix.join(home, 'Library', 'Application Support', ...FOLDERS[browser].darwin, 'NativeMessagingHosts');
    case 'win32':
      return null;
  }
}

/** `HKCU\Software\…\NativeMessagingHosts\app.postbode.bridge`, whose default value names the manifest. */
export function registryKey(browser: Browser): string {
  return `HKCU\\Software\\${FOLDERS[browser].windowsKey}\\NativeMessagingHosts\\${NATIVE_HOST_NAME}`;
}

/**
 * On Windows the manifests live in Postbode's own folder, one for the Chromium family
 * and one for Firefox (their allow-lists differ), and the registry points at them.
 */
export function windowsManifestPath(platform: Platform, browser: Browser): string {
  return path.win32.join(dataDir(platform), `${NATIVE_HOST_NAME}.${isChromiumFamily(browser) ? 'chromium' : 'firefox'}.json`);
}

/** The wrapper script the manifest's `path` names: browsers start it with no shell and no PATH of ours. */
export function wrapperPath(platform: Platform): string {
  return paths(platform).join(dataDir(platform), platform.os === 'win32' ? 'native-host.cmd' : 'native-host');
}

export interface Launch {
  /** Absolute path of the node binary (`process.execPath` at setup time). */
  node: string;
  /** Absolute path of the compiled CLI (dist/bridge.mjs). */
  cli: string;
  /** Absolute config path, baked in so the host serves the same config as setup meant. */
  configPath: string;
}

/**
 * The wrapper's text. It execs node on the compiled CLI in host mode, so the process
 * the browser holds is the host itself and its stdin/stdout are the browser's pipe.
 * Arguments the browser adds (the caller's origin; Windows adds `--parent-window=`) pass through.
 */
export function wrapperScript(platform: Platform, launch: Launch): string {
  const why = 'Written by `postbode setup`: the browser starts this as the native messaging host ' + NATIVE_HOST_NAME + '.';
  if (platform.os === 'win32') {
    return [
      '@echo off',
      `rem ${why}`,
      `${cmdQuote(launch.node)} ${cmdQuote(launch.cli)} ${HOST_SUBCOMMAND} --config ${cmdQuote(launch.configPath)} %*`,
      '',
    ].join('\r\n');
  }
  return [
    '#!/bin/sh',
    `# ${why}`,
    `exec ${shQuote(launch.node)} ${shQuote(launch.cli)} ${HOST_SUBCOMMAND} --config ${shQuote(launch.configPath)} "$@"`,
    '',
  ].join('\n');
}
