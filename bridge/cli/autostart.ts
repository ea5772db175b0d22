/**
 * Starting the bridge at login, one way per OS: a systemd user unit on Linux, a
 * LaunchAgent on macOS, a Startup-folder script on Windows. Pure: the file's path and
 * text from a {@link Platform}; setup writes them and runs the OS's own tools.
 */
import path from 'node:path';
import { NATIVE_HOST_NAME } from '../../shared/extension';
import type { Launch } from '../native/manifests';
import { paths, roamingAppData, xdgConfigHome, type Platform } from '../native/platform';
import { cmdQuote, systemdQuote, vbsString, xmlEscape } from '../native/quote';
import { bridgeLogPath } from '../native/side-files';

export const SYSTEMD_UNIT = 'postbode.service';

export interface AutostartFile {
  path: string;
  content: string;
  mode: number;
}

export function autostartFile(platform: Platform, launch: Launch): AutostartFile {
  switch (platform.os) {
    case 'linux':
      return { path: systemdUnitPath(platform), content: systemdUnit(launch), mode: 0o644 };
    case 'darwin':
      return {
        path: path.posix.join(platform.home, 'Library', 'LaunchAgents', `${NATIVE_HOST_NAME}.plist`),
        content: launchAgent(launch, bridgeLogPath(launch.configPath, path.posix)),
        mode: 0o644,
      };
    case 'win32':
      return {
        path: path.win32.join(roamingAppData(platform), 'Microsoft', 'Windows', 'Start Menu', 'Programs', 'Startup', 'Postbode bridge.vbs'),
        content: startupScript(launch, bridgeLogPath(launch.configPath, path.win32)),
        mode: 0o644,
      };
  }
}

/** Where the user's systemd looks for units of its own (systemd.unit(5), "User Unit Search Path"). */
export function systemdUnitPath(platform: Platform): string {
  return paths(platform).join(xdgConfigHome(platform), 'systemd', 'user', SYSTEMD_UNIT);
}

/** The link `systemctl --user enable` makes; removed on uninstall when systemd can't be asked to. */
export function systemdWantsLink(platform: Platform): string {
  return paths(platform).join(xdgConfigHome(platform), 'systemd', 'user', 'default.target.wants', SYSTEMD_UNIT);
}

function systemdUnit({ node, cli, configPath }: Launch): string {
  return `# Written by \`postbode setup\`; \`postbode setup --uninstall\` removes it.
[Unit]
Description=Postbode bridge: your IMAP mailboxes for the browser extension
# A broken config fails at every start: give up after 5 tries in 5 minutes
# instead of restarting forever (journalctl --user -u ${SYSTEMD_UNIT} says why).
StartLimitIntervalSec=300
StartLimitBurst=5

[Service]
ExecStart=${[node, cli, 'run', '--config', configPath].map(systemdQuote).join(' ')}
Restart=on-failure
RestartSec=10

[Install]
WantedBy=default.target
`;
}

// No "--uninstall" in the XML comment: a double dash ends an XML document's validity.
function launchAgent({ node, cli, configPath }: Launch, logPath: string): string {
  const strings = (values: string[]) => values.map((value) => `    <string>${xmlEscape(value)}</string>`).join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<!-- Written by postbode setup, which removes it again on uninstall. -->
<plist version="1.0">
<dict>
  <key>Label</key>
  <string>${NATIVE_HOST_NAME}</string>
  <key>ProgramArguments</key>
  <array>
${strings([node, cli, 'run', '--config', configPath])}
  </array>
  <key>RunAtLoad</key>
  <true/>
  <!-- Restarted after a crash, not after a clean stop (launchctl kill, logout). -->
  <key>KeepAlive</key>
  <dict>
    <key>SuccessfulExit</key>
    <false/>
  </dict>
  <key>StandardOutPath</key>
  <string>${xmlEscape(logPath)}</string>
  <key>StandardErrorPath</key>
  <string>${xmlEscape(logPath)}</string>
</dict>
</plist>
`;
}

/**
 * A .vbs rather than a .cmd in the Startup folder: a .cmd would leave a console window
 * open all day. `cmd /c` is there only to send the output to the log.
 */
function startupScript({ node, cli, configPath }: Launch, logPath: string): string {
  // Not cmdQuote: `%%` is an escape only inside batch files, and this line is not one.
  const q = (value: string) => cmdQuote(value).replaceAll('%%', '%');
  const command = `cmd.exe /d /c "${q(node)} ${q(cli)} run --config ${q(configPath)} >> ${q(logPath)} 2>&1"`;
  return [
    "' Written by `postbode setup`: starts the Postbode bridge at login, without a window.",
    "' `postbode setup --uninstall` removes it.",
    `CreateObject("WScript.Shell").Run ${vbsString(command)}, 0, False`,
    '',
  ].join('\r\n');
}
