// `postbode setup` on Linux, for real: the compiled CLI writes into a temp HOME (never
// the real one), a stand-in `systemctl` on PATH records what would be asked of the user's
// systemd, and the host manifest it writes is followed the way a browser does.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { access, chmod, constants, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bridgeCli, TEST_BRIDGE_BUNDLE } from '../support/bridge-cli';
import { freePorts } from '../support/dovecot';
import { MessageDecoder, encodeMessage } from '../../bridge/native/framing';
import { bridgePids, stopPids } from '../support/processes';
import { makeTempHome, type TempHome } from '../support/temp-home';

const exec = promisify(execFile);

const MANIFESTS = [
  '.config/google-chrome/NativeMessagingHosts/app.postbode.bridge.json',
  '.config/chromium/NativeMessagingHosts/app.postbode.bridge.json',
  '.config/BraveSoftware/Brave-Browser/NativeMessagingHosts/app.postbode.bridge.json',
  '.config/microsoft-edge/NativeMessagingHosts/app.postbode.bridge.json',
  '.mozilla/native-messaging-hosts/app.postbode.bridge.json',
];
const WRAPPER = '.local/share/postbode/native-host';
const RECORD = '.local/share/postbode/setup-record.json';
const UNIT = '.config/systemd/user/postbode.service';

/** A `systemctl` that logs its arguments and exits with $SYSTEMCTL_EXIT (1: no user systemd). */
const FAKE_SYSTEMCTL = '#!/bin/sh\necho "$@" >> "$SYSTEMCTL_LOG"\nexit "${SYSTEMCTL_EXIT:-1}"\n';

let home: TempHome;
/** The stand-in systemctl and its log, outside the home so snapshots show only what setup wrote. */
let tools: string;
let configPath: string;

async function postbode(args: string[], env: NodeJS.ProcessEnv = home.env) {
  try {
    const { stdout, stderr } = await exec(...bridgeCli(args), { env, timeout: 30_000 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const failed = err as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const systemctlCalls = async () => (await readFile(home.env.SYSTEMCTL_LOG!, 'utf8').catch(() => '')).trim().split('\n').filter(Boolean);

beforeEach(async () => {
  tools = await mkdtemp(path.join(os.tmpdir(), 'postbode-tools-'));
  await writeFile(path.join(tools, 'systemctl'), FAKE_SYSTEMCTL, { mode: 0o755 });
  home = await makeTempHome([tools]);
  configPath = path.join(home.home, 'postbode-test', 'config.json');
  home.env.SYSTEMCTL_LOG = path.join(tools, 'systemctl.log');
  home.env.POSTBODE_CONFIG = configPath;
});

afterEach(async () => {
  // A bridge the host started (the wrapper test) runs from this home: stop it first.
  await stopPids(bridgePids(configPath));
  await home.remove();
  await rm(tools, { recursive: true, force: true });
});

describe('postbode setup on Linux', { timeout: 60_000 }, () => {
  it('writes the host wrapper, a manifest per browser and the systemd unit, prints each one, is idempotent, and --uninstall removes exactly them', async () => {
    await mkdir(path.join(home.home, '.config'));
    const before = await home.snapshot();

    const setup = await postbode(['setup']);

    expect(setup.code).toBe(0);
    const written = [WRAPPER, ...MANIFESTS, UNIT];
    for (const file of written) expect(setup.stdout).toContain(`wrote ${path.join(home.home, file)}`);
    const after = await home.snapshot();
    const added = after.filter((entry) => !before.includes(entry));
    expect(added).toStrictEqual(
      [
        ...written,
        RECORD,
        '.local/',
        '.local/share/',
        '.local/share/postbode/',
        '.config/google-chrome/',
        '.config/google-chrome/NativeMessagingHosts/',
        '.config/chromium/',
        '.config/chromium/NativeMessagingHosts/',
        '.config/BraveSoftware/',
        '.config/BraveSoftware/Brave-Browser/',
        '.config/BraveSoftware/Brave-Browser/NativeMessagingHosts/',
        '.config/microsoft-edge/',
        '.config/microsoft-edge/NativeMessagingHosts/',
        '.mozilla/',
        '.mozilla/native-messaging-hosts/',
        '.config/systemd/',
        '.config/systemd/user/',
      ].sort(),
    );
    await access(path.join(home.home, WRAPPER), constants.X_OK);
    for (const manifest of MANIFESTS) {
      expect(JSON.parse(await readFile(path.join(home.home, manifest), 'utf8'))).toMatchObject({ name: 'app.postbode.bridge', path: path.join(home.home, WRAPPER), type: 'stdio' });
    }
    const unit = await readFile(path.join(home.home, UNIT), 'utf8');
    expect(unit).toContain(`ExecStart="${process.execPath}" "${TEST_BRIDGE_BUNDLE}" "run" "--config" "${configPath}"`);
    // No user systemd here: it says what to run instead, and how to start before login.
    expect(setup.stdout).toContain('systemctl --user daemon-reload && systemctl --user enable --now postbode.service');
    expect(setup.stdout).toContain('loginctl enable-linger $USER');

    const contents = async () => Promise.all([WRAPPER, ...MANIFESTS, UNIT].map((file) => readFile(path.join(home.home, file), 'utf8')));
    const first = await contents();
    const again = await postbode(['setup']);

    expect(again.code).toBe(0);
    expect(await home.snapshot()).toStrictEqual(after);
    expect(await contents()).toStrictEqual(first);

    const uninstall = await postbode(['setup', '--uninstall']);

    expect(uninstall.code).toBe(0);
    for (const file of written) expect(uninstall.stdout).toContain(`removed ${path.join(home.home, file)}`);
    expect(await home.snapshot()).toStrictEqual(before);
  });

  it('the manifest\'s wrapper starts the host with the config baked in, and the host answers a browser\'s hello', async () => {
    const [port] = await freePorts(1);
    await mkdir(path.dirname(configPath), { recursive: true });
    await writeFile(configPath, JSON.stringify({ port, token: 'A'.repeat(43), accounts: [] }), { mode: 0o600 });
    const setup = await postbode(['setup', '--browser', 'chromium', '--no-autostart']);
    expect(setup.code).toBe(0);
    const manifest = JSON.parse(await readFile(path.join(home.home, MANIFESTS[1]!), 'utf8'));

    // What Chromium does: run the manifest's path with the caller's origin, no shell, and
    // an environment without POSTBODE_CONFIG (the config comes from the wrapper).
    const { POSTBODE_CONFIG: _, ...browserEnv } = home.env;
    const answer = await new Promise<unknown>((resolve, reject) => {
      const child = execFile(manifest.path, ['chrome-extension://illcpfjhhlbkfcaghcbpiholhnjdbmme/'], { env: browserEnv, encoding: 'buffer' }, (err) => err && reject(err));
      const decoder = new MessageDecoder();
      child.stdout!.on('data', (chunk: Buffer) => decoder.push(chunk).forEach(resolve));
      child.stdin!.end(encodeMessage({ type: 'hello', version: 1 }));
    });

    expect(answer).toStrictEqual({ type: 'bridge', url: `http://127.0.0.1:${port}`, token: 'A'.repeat(43), started: true });
  });

  it('enables the unit when the user systemd answers, and disables it again on --uninstall', async () => {
    home.env.SYSTEMCTL_EXIT = '0';

    const setup = await postbode(['setup', '--browser', 'firefox']);

    expect(setup.code).toBe(0);
    expect(await systemctlCalls()).toStrictEqual(['--user daemon-reload', '--user enable postbode.service']);
    expect(setup.stdout).toContain('enabled postbode.service');

    await writeFile(home.env.SYSTEMCTL_LOG!, '');
    const uninstall = await postbode(['setup', '--uninstall']);

    expect(uninstall.code).toBe(0);
    expect(await systemctlCalls()).toStrictEqual(['--user disable --now postbode.service', '--user daemon-reload']);
    expect(existsSync(path.join(home.home, UNIT))).toBe(false);
  });

  it('without a user systemd, --uninstall also removes the link an earlier enable made', async () => {
    await postbode(['setup', '--browser', 'firefox']);
    const wants = path.join(home.home, '.config/systemd/user/default.target.wants');
    await mkdir(wants);
    await symlink(path.join(home.home, UNIT), path.join(wants, 'postbode.service'));

    const uninstall = await postbode(['setup', '--uninstall']);

    expect(uninstall.stdout).toContain(`removed ${path.join(wants, 'postbode.service')}`);
    expect(existsSync(path.join(wants, 'postbode.service'))).toBe(false);
  });

  it('--user-data-dir puts the Chromium manifest into DIR/NativeMessagingHosts/ only, and --uninstall removes it', async () => {
    const profile = path.join(home.home, 'profile');
    await mkdir(profile);

    const setup = await postbode(['setup', '--user-data-dir', profile, '--no-autostart']);

    expect(setup.code).toBe(0);
    expect((await home.snapshot()).filter((entry) => entry.endsWith('.json'))).toStrictEqual(['.local/share/postbode/setup-record.json', 'profile/NativeMessagingHosts/app.postbode.bridge.json']);

    await postbode(['setup', '--uninstall']);

    expect(await home.snapshot()).toStrictEqual(['profile/']);
  });

  it('--uninstall also removes the temp file of a setup interrupted before its rename', async () => {
    const before = await home.snapshot();
    await postbode(['setup', '--browser', 'firefox', '--no-autostart']);
    await writeFile(path.join(home.home, `${RECORD}.4242.tmp`), '');

    const uninstall = await postbode(['setup', '--uninstall']);

    expect(uninstall.stdout).toContain(`removed ${path.join(home.home, RECORD)}.4242.tmp`);
    expect(await home.snapshot()).toStrictEqual(before);
  });

  it('leaves files at those places alone when they are not ours', async () => {
    const foreign = path.join(home.home, '.mozilla/native-messaging-hosts/app.postbode.bridge.json');
    await mkdir(path.dirname(foreign), { recursive: true });
    await writeFile(foreign, '{"name":"someone.else"}');

    await postbode(['setup', '--uninstall']);

    expect(await readFile(foreign, 'utf8')).toBe('{"name":"someone.else"}');
  });

  it('the systemd unit passes systemd-analyze verify', async (ctx) => {
    // `apt-cache policy systemd`: the binary ships with the systemd package, which a
    // container or CI image may lack; the unit's text is still checked above.
    if (!(await exec('systemd-analyze', ['--version']).then(() => true, () => false))) {
      ctx.skip('systemd-analyze is not installed (Debian package systemd)');
    }
    await postbode(['setup', '--browser', 'firefox']);
    const runtime = path.join(home.home, 'runtime');
    await mkdir(runtime, { mode: 0o700 });
    await chmod(runtime, 0o700);

    // --user: checked as the user manager would load it; a private runtime dir so it talks to no running systemd.
    const { stderr } = await exec('systemd-analyze', ['--user', 'verify', path.join(home.home, UNIT)], { env: { ...home.env, XDG_RUNTIME_DIR: runtime } });

    expect(stderr).toBe('');
  });
});
