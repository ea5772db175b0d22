// The pieces of `npm start` that decide: which browsers get the native host, whether a
// build is out of date, and which first-run steps the bridge prints.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextSteps, type StepsInput } from '../../bridge/cli/next-steps';
import { hashInputs } from '../../scripts/build-stamp';
import { detectBrowsers } from '../../scripts/detect-browsers';

describe('browsers present', () => {
  it.each<[string, Parameters<typeof detectBrowsers>[0], string[], string[]]>([
    ['Linux: programs on PATH', { os: 'linux', home: '/home/ann', env: { PATH: '/usr/local/bin:/usr/bin' } }, ['/usr/bin/chromium', '/usr/bin/firefox-esr'], ['chromium', 'firefox']],
    ['Linux: a profile folder without the program on PATH', { os: 'linux', home: '/home/ann', env: { PATH: '/usr/bin' } }, ['/home/ann/.config/BraveSoftware/Brave-Browser'], ['brave']],
    ['Linux: profiles under XDG_CONFIG_HOME', { os: 'linux', home: '/home/ann', env: { XDG_CONFIG_HOME: '/x' } }, ['/x/google-chrome', '/home/ann/.config/microsoft-edge'], ['chrome']],
    ['macOS: apps', { os: 'darwin', home: '/Users/ann', env: {} }, ['/Applications/Google Chrome.app', '/Users/ann/Applications/Firefox.app'], ['chrome', 'firefox']],
    ['Windows: profile folders', { os: 'win32', home: 'C:\\Users\\Ann', env: { LOCALAPPDATA: 'D:\\L', APPDATA: 'D:\\R' } }, ['D:\\L\\Microsoft\\Edge\\User Data', 'D:\\R\\Mozilla\\Firefox'], ['edge', 'firefox']],
    ['nothing at all', { os: 'linux', home: '/home/ann', env: {} }, [], []],
  ])('%s', (_case, platform, present, expected) => {
    expect(detectBrowsers(platform, (file) => present.includes(file))).toStrictEqual(expected);
  });
});

describe('build stamp', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'postbode-stamp-'));
    await mkdir(path.join(root, 'src', 'deep'), { recursive: true });
    await writeFile(path.join(root, 'src', 'a.ts'), 'a');
    await writeFile(path.join(root, 'src', 'deep', 'b.ts'), 'b');
    await writeFile(path.join(root, 'config.ts'), 'c');
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('changes with a file\'s content, a new file or a renamed one, and not with a touch', async () => {
    const inputs = ['src', 'config.ts', 'missing-folder'];
    const first = await hashInputs(root, inputs);

    await writeFile(path.join(root, 'src', 'a.ts'), 'a'); // same content, new mtime
    expect(await hashInputs(root, inputs)).toBe(first);

    await writeFile(path.join(root, 'src', 'deep', 'b.ts'), 'b2');
    const edited = await hashInputs(root, inputs);
    expect(edited).not.toBe(first);

    await writeFile(path.join(root, 'src', 'deep', 'c.ts'), '');
    const added = await hashInputs(root, inputs);
    expect(added).not.toBe(edited);

    expect(await hashInputs(root, ['src'])).not.toBe(added);
  });
});

describe('first-run steps', () => {
  const base: StepsInput = {
    paired: false,
    hostRegistered: true,
    accounts: 0,
    url: 'http://127.0.0.1:7143',
    chromeDir: '/p/.output/chrome-mv3',
    firefoxDir: '/p/.output/firefox-mv3',
    firefoxBuilt: false,
    tokenCommand: 'postbode token',
    setupCommand: 'postbode setup',
  };

  it('after setup: load the extension, add an account, and no token', () => {
    expect(nextSteps(base)).toBe(`Next:
 1. Load the extension (once): open chrome://extensions, switch on Developer mode,
   "Load unpacked" and choose /p/.output/chrome-mv3
   (Firefox: build it with \`npm run build:firefox\`, then about:debugging → Load Temporary Add-on)
 2. Add an account: right-click the Postbode icon → Options → add your mail account
   (or edit the config file).
`);
  });

  it('without setup: a pairing step that offers setup first, the token by hand second', () => {
    const steps = nextSteps({ ...base, hostRegistered: false, firefoxBuilt: true });

    expect(steps).toContain(' 2. Pair it: run `postbode setup` once and the extension pairs itself.');
    expect(steps).toContain('and the token `postbode token` prints');
    expect(steps).toContain('Load Temporary Add-on → /p/.output/firefox-mv3/manifest.json');
    expect(steps).toContain(' 3. Add an account');
  });

  it('once paired: nothing, or only the missing account', () => {
    expect(nextSteps({ ...base, paired: true, accounts: 2 })).toBe('');
    expect(nextSteps({ ...base, paired: true })).toBe("No accounts yet: add one on the extension's options page (right-click its icon → Options).\n");
  });
});
