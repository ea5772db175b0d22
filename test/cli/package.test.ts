// The package as a user gets it: `npm pack` of a copy of this tree (its prepack builds
// the bridge and both extensions), `npm install -g` of the tarball offline with an empty
// npm cache (it has no dependencies: they are bundled), then the installed `postbode`
// in a temp HOME: setup, token, and the bridge it runs speaking IMAP to a real Dovecot
// and SMTP to a sink, with no node_modules anywhere near it.
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MessageDecoder, encodeMessage } from '../../bridge/native/framing';
import { compose } from '../support/compose';
import { type Dovecot, freePorts, startDovecot } from '../support/dovecot';
import { bridgePids, stopPids, waitFor } from '../support/processes';
import { type SmtpSink, startSmtpSink } from '../support/smtp-sink';
import { makeTempHome, type TempHome } from '../support/temp-home';

const exec = promisify(execFile);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The environment without what the test runner's own npm and vitest put there. */
function cleanEnv(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(npm_|NODE_ENV$|POSTBODE_|XDG_|DBUS_|VITEST)/.test(key)));
  return { ...env, ...extra };
}

let work: string;
let home: TempHome;
let prefix: string;
let installed: string;
let configPath: string;
let dovecot: Dovecot;
let sink: SmtpSink;

// One generous timeout for the whole file: packing builds the bridge and two extensions.
describe('the npm package', { timeout: 300_000 }, () => {
  beforeAll(async () => {
    work = await mkdtemp(path.join(os.tmpdir(), 'postbode-pack-'));
    [home, dovecot, sink] = await Promise.all([makeTempHome(), startDovecot({ users: { alice: 'alice-secret' } }), startSmtpSink()]);
    prefix = path.join(work, 'prefix');
    configPath = path.join(home.home, '.config', 'postbode', 'config.json');

    // A copy of the working tree (tracked and new files, not ignored ones): the build
    // artefacts of packing land in the copy, never in this tree's .output or dist.
    const source = path.join(work, 'source');
    const { stdout } = await exec('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, maxBuffer: 16 << 20 });
    for (const file of new Set(stdout.split('\0').filter(Boolean))) {
      const from = path.join(ROOT, file);
      if (!(await stat(from).catch(() => null))?.isFile()) continue; // deleted in the working tree
      await mkdir(path.dirname(path.join(source, file)), { recursive: true });
      await cp(from, path.join(source, file));
    }
    await symlink(path.join(ROOT, 'node_modules'), path.join(source, 'node_modules'), 'dir');

    const npmEnv = cleanEnv({ HOME: home.home, npm_config_cache: path.join(work, 'npm-cache'), npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' });
    const packed = await exec('npm', ['pack', '--pack-destination', work], { cwd: source, env: npmEnv, maxBuffer: 64 << 20 });
    const tarball = path.join(work, packed.stdout.trim().split('\n').at(-1)!);
    await exec('npm', ['install', '--global', '--offline', '--prefix', prefix, tarball], { cwd: work, env: npmEnv, maxBuffer: 64 << 20 });
    installed = path.join(prefix, 'lib', 'node_modules', 'postbode');
  }, 300_000);

  afterAll(async () => {
    if (configPath) await stopPids(bridgePids(configPath));
    await Promise.all([dovecot?.close(), sink?.close(), home?.remove(), work && rm(work, { recursive: true, force: true })]);
  });

  const postbode = (args: string[]) => exec(path.join(prefix, 'bin', 'postbode'), args, { env: cleanEnv({ HOME: home.home }), cwd: home.home });

  it('installs the compiled command and both built extensions, and no dependencies', async () => {
    expect((await readdir(installed)).sort()).toStrictEqual(['.output', 'README.md', 'dist', 'package.json']);
    expect((await readdir(path.join(installed, 'dist'))).sort()).toStrictEqual(['THIRD-PARTY-LICENSES.txt', 'bridge.mjs']);
    for (const build of ['chrome-mv3', 'firefox-mv3']) {
      expect(JSON.parse(await readFile(path.join(installed, '.output', build, 'manifest.json'), 'utf8'))).toMatchObject({ manifest_version: 3 });
    }
    expect(await readFile(path.join(installed, 'dist', 'THIRD-PARTY-LICENSES.txt'), 'utf8')).toMatch(/^imapflow .* — MIT$/m);
  });

  it('postbode setup --no-autostart registers the installed command as the native host and says where the extensions are', async () => {
    const { stdout } = await postbode(['setup', '--no-autostart']);

    const manifest = JSON.parse(await readFile(path.join(home.home, '.config/chromium/NativeMessagingHosts/app.postbode.bridge.json'), 'utf8'));
    const wrapper = await readFile(manifest.path, 'utf8');
    expect(wrapper).toContain(`'${process.execPath}' '${path.join(installed, 'dist', 'bridge.mjs')}' native-host --config '${configPath}'`);
    expect(stdout).toContain(path.join(installed, '.output', 'chrome-mv3'));
    expect(stdout).toContain(path.join(installed, '.output', 'firefox-mv3'));
    expect(stdout).toContain('postbode setup --uninstall');
  });

  it('postbode token prints the token of the config it creates', async () => {
    const { stdout } = await postbode(['token']);

    expect(stdout).toBe(`${JSON.parse(await readFile(configPath, 'utf8')).token}\n`);
  });

  it('the installed bridge, started through the native host, reads mail over IMAP and replies over SMTP', async () => {
    const [port] = await freePorts(1);
    const config = JSON.parse(await readFile(configPath, 'utf8'));
    await writeFile(
      configPath,
      JSON.stringify({
        ...config,
        port,
        accounts: [
          {
            id: 'alice',
            name: 'Alice',
            email: 'alice@example.test',
            imap: { host: '127.0.0.1', port: dovecot.tlsPort, security: 'tls', user: 'alice', password: 'alice-secret', ca: dovecot.caPath },
            smtp: { host: '127.0.0.1', port: sink.port, security: 'none', user: 'alice', password: sink.users.alice },
          },
        ],
      }),
    );
    await dovecot.append('alice', 'INBOX', await compose({ subject: 'Packed and delivered', text: 'Hello from Bob' }));
    const manifest = JSON.parse(await readFile(path.join(home.home, '.mozilla/native-messaging-hosts/app.postbode.bridge.json'), 'utf8'));

    const answer = await new Promise<any>((resolve, reject) => {
      const child = execFile(manifest.path, [manifest.path, 'postbode@postbode.app'], { env: cleanEnv({ HOME: home.home }), encoding: 'buffer' }, (err) => err && reject(err));
      const decoder = new MessageDecoder();
      child.stdout!.on('data', (chunk: Buffer) => decoder.push(chunk).forEach(resolve));
      child.stdin!.end(encodeMessage({ type: 'hello', version: 1 }));
    });
    expect(answer).toStrictEqual({ type: 'bridge', url: `http://127.0.0.1:${port}`, token: config.token, started: true });
    const api = async (pathname: string, init: RequestInit = {}) => {
      const response = await fetch(answer.url + pathname, { ...init, headers: { authorization: `Bearer ${answer.token}`, 'content-type': 'application/json' } });
      return response.json() as Promise<any>;
    };

    const status = await waitFor('the account to connect', async () => {
      const current = await api('/v1/status');
      return current.accounts[0]?.state === 'ok' ? current : undefined;
    });
    const { messages } = await api('/v1/accounts/alice/messages?unseen=1');
    const reply = await api(`/v1/accounts/alice/messages/${messages[0].id}/reply`, { method: 'POST', body: JSON.stringify({ text: 'Got it' }) });
    const sent = await sink.waitForMessage();

    expect(status.accounts[0]).toMatchObject({ id: 'alice', state: 'ok', unread: 1 });
    expect(messages[0]).toMatchObject({ subject: 'Packed and delivered' });
    expect(reply).toMatchObject({ messageId: expect.any(String) });
    expect(sent.raw.toString()).toMatch(/^Subject: Re: Packed and delivered\r$/m);
    const { stdout } = await postbode(['status']);
    // Replying marks the original answered, not seen.
    expect(stdout).toContain('alice (alice@example.test): ok, 1 unread');
  });
});
