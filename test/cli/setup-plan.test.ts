// What `postbode setup` writes on Linux, macOS and Windows, computed as data from
// {os, home, env}: the host manifests where each browser looks (as KeePassXC and
// browserpass use them), the wrapper the manifests name, the Windows registry values,
// and autostart at login.
import { describe, expect, it } from 'vitest';
import { planSetup, type SetupChoice, SetupError } from '../../bridge/cli/setup-plan';
import { BROWSERS } from '../../bridge/native/manifests';
import type { Platform } from '../../bridge/native/platform';
import { cmdQuote, shQuote, systemdQuote, xmlEscape } from '../../bridge/native/quote';

const CHROMIUM_MANIFEST = (wrapper: string) => ({
  name: 'app.postbode.bridge',
  description: 'Postbode: finds or starts the local bridge and tells the extension where it is',
  path: wrapper,
  type: 'stdio',
  allowed_origins: ['chrome-extension://illcpfjhhlbkfcaghcbpiholhnjdbmme/'],
});
const FIREFOX_MANIFEST = (wrapper: string) => ({
  name: 'app.postbode.bridge',
  description: 'Postbode: finds or starts the local bridge and tells the extension where it is',
  path: wrapper,
  type: 'stdio',
  allowed_extensions: ['postbode@postbode.app'],
});

const linux: Platform = { os: 'linux', home: '/home/ann', env: {} };
const mac: Platform = { os: 'darwin', home: '/Users/ann', env: {} };
const windows: Platform = { os: 'win32', home: 'C:\\Users\\Ann', env: { LOCALAPPDATA: 'D:\\Local', APPDATA: 'D:\\Roaming' } };

const posixLaunch = { node: '/usr/bin/node', cli: '/opt/postbode/dist/bridge.mjs', configPath: '/home/ann/.config/postbode/config.json' };
const windowsLaunch = {
  node: 'C:\\Program Files\\nodejs\\node.exe',
  cli: 'D:\\Roaming\\npm\\node_modules\\postbode\\dist\\bridge.mjs',
  configPath: 'C:\\Users\\Ann\\.config\\postbode\\config.json',
};
const all = (launch: SetupChoice['launch']): SetupChoice => ({ browsers: [...BROWSERS], autostart: true, launch });
const byPath = (platform: Platform, choice: SetupChoice) => Object.fromEntries(planSetup(platform, choice).files.map((file) => [file.path, file]));

describe('setup plan', () => {
  it.each<[string, Platform, SetupChoice, string[]]>([
    [
      'Linux',
      linux,
      all(posixLaunch),
      [
        '/home/ann/.local/share/postbode/native-host',
        '/home/ann/.config/google-chrome/NativeMessagingHosts/app.postbode.bridge.json',
        '/home/ann/.config/chromium/NativeMessagingHosts/app.postbode.bridge.json',
        '/home/ann/.config/BraveSoftware/Brave-Browser/NativeMessagingHosts/app.postbode.bridge.json',
        '/home/ann/.config/microsoft-edge/NativeMessagingHosts/app.postbode.bridge.json',
        '/home/ann/.mozilla/native-messaging-hosts/app.postbode.bridge.json',
        '/home/ann/.config/systemd/user/postbode.service',
      ],
    ],
    [
      'Linux with XDG folders (Chromium-family browsers and systemd follow them; Firefox does not)',
      { os: 'linux', home: '/home/ann', env: { XDG_CONFIG_HOME: '/x/config', XDG_DATA_HOME: '/x/data' } },
      all(posixLaunch),
      [
        '/x/data/postbode/native-host',
        '/x/config/google-chrome/NativeMessagingHosts/app.postbode.bridge.json',
        '/x/config/chromium/NativeMessagingHosts/app.postbode.bridge.json',
        '/x/config/BraveSoftware/Brave-Browser/NativeMessagingHosts/app.postbode.bridge.json',
        '/x/config/microsoft-edge/NativeMessagingHosts/app.postbode.bridge.json',
        '/home/ann/.mozilla/native-messaging-hosts/app.postbode.bridge.json',
        '/x/config/systemd/user/postbode.service',
      ],
    ],
    [
      'macOS',
      mac,
      all(posixLaunch),
      [
        '/Users/ann/Library/Application Support/Postbode/native-host',
        '/Users/ann/Library/Application Support/Google/Chrome/NativeMessagingHosts/app.postbode.bridge.json',
        '/Users/ann/Library/Application Support/Chromium/NativeMessagingHosts/app.postbode.bridge.json',
        '/Users/ann/Library/Application Support/BraveSoftware/Brave-Browser/NativeMessagingHosts/app.postbode.bridge.json',
        '/Users/ann/Library/Application Support/Microsoft Edge/NativeMessagingHosts/app.postbode.bridge.json',
        '/Users/ann/Library/Application Support/Mozilla/NativeMessagingHosts/app.postbode.bridge.json',
        '/Users/ann/Library/LaunchAgents/app.postbode.bridge.plist',
      ],
    ],
    [
      'Windows',
      windows,
      all(windowsLaunch),
      [
        'D:\\Local\\Postbode\\native-host.cmd',
        'D:\\Local\\Postbode\\app.postbode.bridge.chromium.json',
        'D:\\Local\\Postbode\\app.postbode.bridge.firefox.json',
        'D:\\Roaming\\Microsoft\\Windows\\Start Menu\\Programs\\Startup\\Postbode bridge.vbs',
      ],
    ],
    [
      'Windows without LOCALAPPDATA/APPDATA (the defaults under the profile)',
      { os: 'win32', home: 'C:\\Users\\Ann', env: {} },
      { browsers: ['edge'], autostart: true, launch: windowsLaunch },
      [
        'C:\\Users\\Ann\\AppData\\Local\\Postbode\\native-host.cmd',
        'C:\\Users\\Ann\\AppData\\Local\\Postbode\\app.postbode.bridge.chromium.json',
        'C:\\Users\\Ann\\AppData\\Roaming\\Microsoft\\Windows\\Start Menu\\Programs\\Startup\\Postbode bridge.vbs',
      ],
    ],
    [
      'Linux, one browser, no autostart',
      linux,
      { browsers: ['brave'], autostart: false, launch: posixLaunch },
      ['/home/ann/.local/share/postbode/native-host', '/home/ann/.config/BraveSoftware/Brave-Browser/NativeMessagingHosts/app.postbode.bridge.json'],
    ],
    [
      'Linux with --user-data-dir (one manifest in the profile instead of the browsers\' folders)',
      linux,
      { browsers: ['chrome', 'chromium', 'firefox'], userDataDir: '/tmp/profile', autostart: false, launch: posixLaunch },
      [
        '/home/ann/.local/share/postbode/native-host',
        '/tmp/profile/NativeMessagingHosts/app.postbode.bridge.json',
        '/home/ann/.mozilla/native-messaging-hosts/app.postbode.bridge.json',
      ],
    ],
  ])('%s: writes these files', (_os, platform, choice, expected) => {
    expect(planSetup(platform, choice).files.map((file) => file.path)).toStrictEqual(expected);
  });

  it('Linux and macOS manifests allow the Chrome extension id (Chromium family) or the Firefox add-on id, and name the wrapper', () => {
    for (const [platform, wrapper] of [
      [linux, '/home/ann/.local/share/postbode/native-host'],
      [mac, '/Users/ann/Library/Application Support/Postbode/native-host'],
    ] as const) {
      const plan = planSetup(platform, all(posixLaunch));
      for (const file of plan.files.filter((f) => f.path.endsWith('.json'))) {
        const expected = file.path.includes('ozilla') ? FIREFOX_MANIFEST(wrapper) : CHROMIUM_MANIFEST(wrapper);
        expect(JSON.parse(file.content), file.path).toStrictEqual(expected);
        expect(file.mode).toBe(0o644);
      }
      expect(plan.registry).toStrictEqual([]);
    }
  });

  it('Windows: one registry key per browser under HKCU, pointing at the family\'s manifest, which names the .cmd wrapper', () => {
    const plan = planSetup(windows, all(windowsLaunch));
    const files = byPath(windows, all(windowsLaunch));

    expect(plan.registry).toStrictEqual([
      { key: 'HKCU\\Software\\Google\\Chrome\\NativeMessagingHosts\\app.postbode.bridge', value: 'D:\\Local\\Postbode\\app.postbode.bridge.chromium.json' },
      { key: 'HKCU\\Software\\Chromium\\NativeMessagingHosts\\app.postbode.bridge', value: 'D:\\Local\\Postbode\\app.postbode.bridge.chromium.json' },
      { key: 'HKCU\\Software\\BraveSoftware\\Brave-Browser\\NativeMessagingHosts\\app.postbode.bridge', value: 'D:\\Local\\Postbode\\app.postbode.bridge.chromium.json' },
      { key: 'HKCU\\Software\\Microsoft\\Edge\\NativeMessagingHosts\\app.postbode.bridge', value: 'D:\\Local\\Postbode\\app.postbode.bridge.chromium.json' },
      { key: 'HKCU\\Software\\Mozilla\\NativeMessagingHosts\\app.postbode.bridge', value: 'D:\\Local\\Postbode\\app.postbode.bridge.firefox.json' },
    ]);
    expect(JSON.parse(files['D:\\Local\\Postbode\\app.postbode.bridge.chromium.json']!.content)).toStrictEqual(CHROMIUM_MANIFEST('D:\\Local\\Postbode\\native-host.cmd'));
    expect(JSON.parse(files['D:\\Local\\Postbode\\app.postbode.bridge.firefox.json']!.content)).toStrictEqual(FIREFOX_MANIFEST('D:\\Local\\Postbode\\native-host.cmd'));
  });

  it('Windows refuses --user-data-dir: browsers there read hosts from the registry only', () => {
    expect(() => planSetup(windows, { ...all(windowsLaunch), userDataDir: 'C:\\profile' })).toThrow(SetupError);
  });

  it('the wrappers exec node on the compiled CLI in host mode with the config baked in and pass the browser\'s arguments on', () => {
    const posix = planSetup(mac, { browsers: [], autostart: false, launch: { ...posixLaunch, configPath: "/Users/ann/it's mine/config.json" } }).files[0]!;
    const cmd = byPath(windows, all({ ...windowsLaunch, configPath: 'C:\\100%\\config.json' }))['D:\\Local\\Postbode\\native-host.cmd']!;

    expect(posix.mode).toBe(0o755);
    expect(posix.content).toBe(
      "#!/bin/sh\n# Written by `postbode setup`: the browser starts this as the native messaging host app.postbode.bridge.\nexec '/usr/bin/node' '/opt/postbode/dist/bridge.mjs' native-host --config '/Users/ann/it'\\''s mine/config.json' \"$@\"\n",
    );
    expect(cmd.content).toBe(
      '@echo off\r\nrem Written by `postbode setup`: the browser starts this as the native messaging host app.postbode.bridge.\r\n' +
        '"C:\\Program Files\\nodejs\\node.exe" "D:\\Roaming\\npm\\node_modules\\postbode\\dist\\bridge.mjs" native-host --config "C:\\100%%\\config.json" %*\r\n',
    );
  });

  it('Linux autostart: a systemd user unit running the CLI with the config, restarted on failure, wanted by default.target', () => {
    const unit = byPath(linux, all({ ...posixLaunch, cli: '/opt/100% $pure/dist/bridge.mjs' }))['/home/ann/.config/systemd/user/postbode.service']!;

    expect(unit.content).toContain('\nExecStart="/usr/bin/node" "/opt/100%% $$pure/dist/bridge.mjs" "run" "--config" "/home/ann/.config/postbode/config.json"\n');
    expect(unit.content).toMatch(/\[Service\][^[]*\nRestart=on-failure\n/);
    expect(unit.content).toMatch(/\[Install\]\nWantedBy=default\.target\n$/);
  });

  it('macOS autostart: a LaunchAgent that runs at load, is kept alive after a failure, and logs beside the config', () => {
    const agent = byPath(mac, all({ ...posixLaunch, configPath: '/Users/ann/R&D/config.json' }))['/Users/ann/Library/LaunchAgents/app.postbode.bridge.plist']!;

    expect(agent.content).toContain(
      '<key>ProgramArguments</key>\n  <array>\n    <string>/usr/bin/node</string>\n    <string>/opt/postbode/dist/bridge.mjs</string>\n    <string>run</string>\n    <string>--config</string>\n    <string>/Users/ann/R&amp;D/config.json</string>\n  </array>',
    );
    expect(agent.content).toContain('<key>Label</key>\n  <string>app.postbode.bridge</string>');
    expect(agent.content).toContain('<key>RunAtLoad</key>\n  <true/>');
    expect(agent.content).toContain('<key>KeepAlive</key>\n  <dict>\n    <key>SuccessfulExit</key>\n    <false/>\n  </dict>');
    expect(agent.content).toContain('<key>StandardErrorPath</key>\n  <string>/Users/ann/R&amp;D/config-bridge.log</string>');
    // XML forbids "--" inside a comment: launchd would refuse the whole file.
    for (const comment of agent.content.match(/<!--([\s\S]*?)-->/g) ?? []) expect(comment.slice(4, -3)).not.toContain('--');
  });

  it('Windows autostart: a Startup-folder .vbs that runs the bridge without a window, output to the log beside the config', () => {
    const script = byPath(windows, all(windowsLaunch))['D:\\Roaming\\Microsoft\\Windows\\Start Menu\\Programs\\Startup\\Postbode bridge.vbs']!;

    expect(script.content.split('\r\n').at(-2)).toBe(
      'CreateObject("WScript.Shell").Run "cmd.exe /d /c """"C:\\Program Files\\nodejs\\node.exe"" ""D:\\Roaming\\npm\\node_modules\\postbode\\dist\\bridge.mjs"" run --config ""C:\\Users\\Ann\\.config\\postbode\\config.json"" >> ""C:\\Users\\Ann\\.config\\postbode\\config-bridge.log"" 2>&1""", 0, False',
    );
  });

  it.each<[string, (value: string) => string, string, string]>([
    ['sh', shQuote, "it's $HOME", `'it'\\''s $HOME'`],
    ['cmd', cmdQuote, 'C:\\50% off', '"C:\\50%% off"'],
    ['systemd', systemdQuote, 'a "b" \\ 100% $x', '"a \\"b\\" \\\\ 100%% $$x"'],
    ['xml', xmlEscape, 'a<b>&c', 'a&lt;b&gt;&amp;c'],
  ])('%s quoting', (_language, quote, input, output) => {
    expect(quote(input)).toBe(output);
  });
});
