// `postbode token`, `postbode status`, and what `postbode run` prints: the first-run
// steps until an extension has paired (through the host, or by a request with the
// token from an extension page), and no token step once setup has registered the host.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { pairedPath } from '../../bridge/native/side-files';
import { bridgeCli } from '../support/bridge-cli';
import { freePorts } from '../support/dovecot';
import { killHosts, startHost } from '../support/native-host';
import { bridgePids, stopPids, waitFor } from '../support/processes';
import { type TempConfig, writeTempConfig } from '../support/temp-config';
import { makeTempHome, type TempHome } from '../support/temp-home';

const EXTENSION_ORIGIN = 'chrome-extension://illcpfjhhlbkfcaghcbpiholhnjdbmme';
const cleanups: (() => Promise<void>)[] = [];
/** Configs whose bridge a native host may have started (detached: found through /proc). */
const hostConfigs: string[] = [];
const children: ChildProcess[] = [];

function postbode(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(...bridgeCli(args), { env, timeout: 30_000 }, (err, stdout, stderr) => resolve({ code: err ? (err.code as number) : 0, stdout, stderr }));
  });
}

/** `postbode run` until its banner is printed (the line after the steps, or their absence, ends it). */
async function runBridge(configPath: string, env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; banner: string }> {
  const child = spawn(...bridgeCli(['run', '--config', configPath]), { env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let banner = '';
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    // The banner is one write: everything up to the first log line on stderr or the end of it.
    child.stdout!.on('data', (chunk: Buffer) => {
      banner += chunk.toString();
      if (banner.includes('listening on')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`bridge exited (${code}): ${stderr}`)));
  });
  return { child, banner };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

async function fixedPortConfig(extra: Record<string, unknown> = {}): Promise<TempConfig & { port: number }> {
  const [port] = await freePorts(1);
  const config = await writeTempConfig({ port, accounts: [], healthCheckSeconds: 60, ...extra });
  cleanups.push(config.remove);
  return { ...config, port: port! };
}

async function tempHome(): Promise<TempHome> {
  const home = await makeTempHome();
  cleanups.push(home.remove);
  return home;
}

afterEach(async () => {
  await Promise.all(children.splice(0).map(stop));
});

afterAll(async () => {
  killHosts();
  await stopPids(hostConfigs.flatMap(bridgePids));
  for (const cleanup of cleanups) await cleanup();
});

describe('postbode token and status', { timeout: 60_000 }, () => {
  it('token creates a missing config (0600) and prints its token alone', async () => {
    const home = await tempHome();
    const configPath = path.join(home.home, 'c', 'config.json');

    const { code, stdout } = await postbode(['token', '--config', configPath], home.env);

    expect(code).toBe(0);
    expect(stdout).toBe(`${JSON.parse(await readFile(configPath, 'utf8')).token}\n`);
    expect((await stat(configPath)).mode & 0o777).toBe(0o600);
  });

  it('status exits 1 and says so when no bridge runs, and does not create a missing config', async () => {
    const home = await tempHome();
    const config = await fixedPortConfig();
    const missing = path.join(home.home, 'nothing', 'config.json');

    const notRunning = await postbode(['status', '--config', config.configPath], home.env);
    const noConfig = await postbode(['status', '--config', missing], home.env);

    expect(notRunning).toMatchObject({ code: 1, stdout: `Not running: nothing answers on http://127.0.0.1:${config.port} (config ${config.configPath}).\n` });
    expect(noConfig.code).toBe(1);
    expect(noConfig.stdout).toContain('there is no config');
    expect(existsSync(missing)).toBe(false);
  });

  it("status shows the URL and each account's state when the bridge runs, and exit 1 for a bridge of another config", async () => {
    const home = await tempHome();
    const [closedPort] = await freePorts(1);
    const config = await fixedPortConfig({
      accounts: [{ id: 'work', name: 'Work', email: 'me@example.test', imap: { host: '127.0.0.1', port: closedPort, security: 'none', user: 'me', password: 'pw' } }],
    });
    await runBridge(config.configPath, home.env);
    const other = await writeTempConfig({ port: config.port, accounts: [] });
    cleanups.push(other.remove);

    const status = await postbode(['status', '--config', config.configPath], home.env);
    const otherStatus = await postbode(['status', '--config', other.configPath], home.env);

    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(new RegExp(`^Running on http://127\\.0\\.0\\.1:${config.port} \\(config .*\\)\\nAccounts:\\n  work \\(me@example\\.test\\): (connecting|error)`));
    expect(status.stdout).not.toContain('pw');
    expect(otherStatus.code).toBe(1);
    expect(otherStatus.stdout).toContain('belongs to another config');
  });
});

describe('postbode run: the first-run steps', { timeout: 60_000 }, () => {
  it('prints load, pair (with the token command) and add-account steps until setup has registered the host; then no token step', async () => {
    const home = await tempHome();
    const config = await fixedPortConfig();

    const before = await runBridge(config.configPath, home.env);
    await stop(before.child);
    expect(await postbode(['setup', '--no-autostart', '--browser', 'chromium', '--config', config.configPath], home.env)).toMatchObject({ code: 0 });
    const after = await runBridge(config.configPath, home.env);

    expect(before.banner).toMatch(/Next:\n 1\. Load the extension.*\n.*chrome-mv3\n/);
    expect(before.banner).toMatch(/ 2\. Pair it: run `npm run postbode -- setup --config .*` once/);
    expect(before.banner).toContain('token --config');
    expect(before.banner).toMatch(/ 3\. Add an account/);
    expect(after.banner).toMatch(/Next:\n 1\. Load the extension/);
    expect(after.banner).not.toContain('token');
    expect(after.banner).toMatch(/ 2\. Add an account/);
  });

  it('records the pairing on the first request with the token from an extension page, and stops printing the steps', async () => {
    const home = await tempHome();
    const config = await fixedPortConfig();
    const { child, banner } = await runBridge(config.configPath, home.env);
    expect(banner).toContain('Next:');
    const url = `http://127.0.0.1:${config.port}`;

    // Not pairing: an extension page without the token, and a script with it but no Origin.
    expect((await fetch(`${url}/v1/status`, { headers: { origin: EXTENSION_ORIGIN, authorization: 'Bearer wrong' } })).status).toBe(401);
    expect((await fetch(`${url}/v1/status`, { headers: { authorization: `Bearer ${config.token}` } })).status).toBe(200);
    expect(existsSync(pairedPath(config.configPath))).toBe(false);

    const paired = await fetch(`${url}/v1/status`, { headers: { origin: EXTENSION_ORIGIN, authorization: `Bearer ${config.token}` } });

    expect(paired.status).toBe(200);
    // Recorded after the answer is sent, so the request never waits on the disk.
    const record = await waitFor('the pairing record', () => readFile(pairedPath(config.configPath), 'utf8').then((text) => text || undefined, () => undefined));
    expect(JSON.parse(record)).toMatchObject({ via: 'extension-request' });
    await stop(child);
    const again = await runBridge(config.configPath, home.env);
    expect(again.banner).not.toContain('Next:');
    expect(again.banner).toContain('No accounts yet');
  });

  it('counts an answer of the native host as paired', async () => {
    const config = await fixedPortConfig();
    hostConfigs.push(config.configPath);

    expect(await startHost(config.configPath).answer).toMatchObject({ type: 'bridge' });

    expect(JSON.parse(await readFile(pairedPath(config.configPath), 'utf8'))).toMatchObject({ via: 'native-host' });
  });
});
