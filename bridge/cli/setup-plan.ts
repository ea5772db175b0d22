/**
 * What `postbode setup` writes, as data: every file with its text and mode, and on
 * Windows the registry values. Pure, so the tests compare the plan for Linux, macOS
 * and Windows without touching any of them, and uninstall can recompute the paths.
 */
import { autostartFile } from './autostart';
import {
  BROWSERS,
  type Browser,
  hostManifest,
  isChromiumFamily,
  type Launch,
  MANIFEST_FILE,
  manifestDir,
  registryKey,
  windowsManifestPath,
  wrapperPath,
  wrapperScript,
} from '../native/manifests';
import { dataDir, paths, type Platform } from '../native/platform';

export interface PlannedFile {
  path: string;
  content: string;
  mode: number;
  /** For the user: what the file is for. */
  what: string;
}

export interface RegistryValue {
  /** `HKCU\…`; its default value is set to `value`. */
  key: string;
  value: string;
}

export interface SetupPlan {
  files: PlannedFile[];
  registry: RegistryValue[];
}

export interface SetupChoice {
  browsers: readonly Browser[];
  /** A Chromium profile folder (`--user-data-dir`): its manifest goes there instead of the browser's default. */
  userDataDir?: string;
  autostart: boolean;
  launch: Launch;
}

/** A choice setup can't carry out on this OS, said in words for the user. */
export class SetupError extends Error {
  override readonly name = 'SetupError';
}

/** The record of what setup wrote, so uninstall removes exactly that. */
export const recordPath = (platform: Platform): string => paths(platform).join(dataDir(platform), 'setup-record.json');

export function planSetup(platform: Platform, choice: SetupChoice): SetupPlan {
  const p = paths(platform);
  const wrapper = wrapperPath(platform);
  const files: PlannedFile[] = [
    { path: wrapper, content: wrapperScript(platform, choice.launch), mode: 0o755, what: 'the native messaging host, run by the browsers' },
  ];
  const registry: RegistryValue[] = [];
  const manifest = (browser: Browser) => JSON.stringify(hostManifest(browser, wrapper), null, 2) + '\n';
  const chromium = choice.browsers.filter(isChromiumFamily);

  if (platform.os === 'win32') {
    if (choice.userDataDir) {
      throw new SetupError('--user-data-dir does not apply on Windows: browsers there find native hosts only through the registry');
    }
    for (const browser of choice.browsers) {
      registry.push({ key: registryKey(browser), value: windowsManifestPath(platform, browser) });
    }
    // One manifest for the whole Chromium family, one for Firefox: the registry keys point at them.
    const families = [...(chromium.length ? [chromium[0]!] : []), ...(choice.browsers.includes('firefox') ? (['firefox'] as const) : [])];
    for (const browser of families) {
      files.push({ path: windowsManifestPath(platform, browser), content: manifest(browser), mode: 0o644, what: `host manifest for ${isChromiumFamily(browser) ? chromium.join(', ') : 'firefox'}` });
    }
  } else {
    if (choice.userDataDir && chromium.length) {
      const dir = p.resolve(choice.userDataDir, 'NativeMessagingHosts');
      files.push({ path: p.join(dir, MANIFEST_FILE), content: manifest(chromium[0]!), mode: 0o644, what: `host manifest for the Chromium profile ${choice.userDataDir}` });
    }
    for (const browser of choice.browsers) {
      if (choice.userDataDir && isChromiumFamily(browser)) continue;
      files.push({ path: p.join(manifestDir(platform, browser)!, MANIFEST_FILE), content: manifest(browser), mode: 0o644, what: `host manifest for ${browser}` });
    }
  }

  if (choice.autostart) {
    const file = autostartFile(platform, choice.launch);
    files.push({ ...file, what: 'starts the bridge at login' });
  }
  return { files, registry };
}

/** Every path setup could write on this OS by default (all browsers, autostart), for uninstall to look at. */
export function defaultPlanPaths(platform: Platform, launch: Launch): string[] {
  const { files } = planSetup(platform, { browsers: BROWSERS, autostart: true, launch });
  return files.map((file) => file.path);
}
