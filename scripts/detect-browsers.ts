// Which browsers this machine has, so `npm start` registers the native host for those
// only (`postbode setup` alone registers every browser it knows). A browser counts as
// present when its program is on PATH (or in /Applications) or its profile folder exists.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { BROWSERS, type Browser } from '../bridge/native/manifests';
import { localAppData, roamingAppData, xdgConfigHome, type Platform } from '../bridge/native/platform';

const LINUX_PROGRAMS: Record<Browser, string[]> = {
  chrome: ['google-chrome', 'google-chrome-stable'],
  chromium: ['chromium', 'chromium-browser'],
  brave: ['brave-browser', 'brave'],
  edge: ['microsoft-edge', 'microsoft-edge-stable'],
  firefox: ['firefox', 'firefox-esr'],
};

function evidence(platform: Platform, browser: Browser): string[] {
  const { home } = platform;
  switch (platform.os) {
    case 'linux': {
      const profile = {
        chrome: path.posix.join(xdgConfigHome(platform), 'google-chrome'),
        chromium: path.posix.join(xdgConfigHome(platform), 'chromium'),
        brave: path.posix.join(xdgConfigHome(platform), 'BraveSoftware', 'Brave-Browser'),
        edge: path.posix.join(xdgConfigHome(platform), 'microsoft-edge'),
        firefox: path.posix.join(home, '.mozilla', 'firefox'),
      }[browser];
      const dirs = (platform.env.PATH ?? '').split(':').filter(Boolean);
      return [profile, ...LINUX_PROGRAMS[browser].flatMap((program) => dirs.map((dir) => path.posix.join(dir, program)))];
    }
    case 'darwin': {
      const app = { chrome: 'Google Chrome', chromium: 'Chromium', brave: 'Brave Browser', edge: 'Microsoft Edge', firefox: 'Firefox' }[browser];
      return [path.posix.join('/Applications', `${app}.app`), path.posix.join(home, 'Applications', `${app}.app`)];
    }
    case 'win32': {
      const local = localAppData(platform);
      return [
        {
          chrome: path.win32.join(local, 'Google', 'Chrome', 'User Data'),
          chromium: path.win32.join(local, 'Chromium', 'User Data'),
          brave: path.win32.join(local, 'BraveSoftware', 'Brave-Browser', 'User Data'),
          edge: path.win32.join(local, 'Microsoft', 'Edge', 'User Data'),
          firefox: path.win32.join(roamingAppData(platform), 'Mozilla', 'Firefox'),
        }[browser],
      ];
    }
  }
}

export function detectBrowsers(platform: Platform, exists: (file: string) => boolean = existsSync): Browser[] {
  return BROWSERS.filter((browser) => evidence(platform, browser).some(exists));
}
