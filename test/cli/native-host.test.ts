// The native messaging host as the browser runs it: the compiled CLI in host mode,
// framed JSON on its stdin and stdout, and real bridges started and found.
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeMessage } from '../../bridge/native/framing';
import { startLockPath } from '../../bridge/native/side-files';
import { freePorts } from '../support/dovecot';
import { killHosts, startHost } from '../support/native-host';
import { bridgePids, sessionOf, stopPids, waitFor } from '../support/processes';
import { type TempConfig, writeTempConfig } from '../support/temp-config';

const configs: TempConfig[] = [];

/** A config of the test's own on a free fixed port (the host can't find a bridge on port 0). */
async function newConfig(): Promise<TempConfig & { port: number; url: string }> {
  const [port] = await freePorts(1);
  const config = await writeTempConfig({ port, accounts: [], healthCheckSeconds: 60 });
  configs.push(config);
  return { ...config, port: port!, url: `http://127.0.0.1:${port}` };
}

const health = (url: string) => fetch(`${url}/v1/health`).then((response) => response.json());

afterAll(async () => {
  killHosts();
  await stopPids(configs.flatMap((config) => bridgePids(config.configPath)));
  await Promise.all(configs.map((config) => config.remove()));
});

describe('native messaging host', { timeout: 60_000 }, () => {
  it('starts the bridge when none runs, answers where it is in one frame on stdout, and finds it running the next time', async () => {
    const config = await newConfig();

    const first = startHost(config.configPath);
    const answer = await first.answer;

    expect(answer).toStrictEqual({ type: 'bridge', url: config.url, token: config.token, started: true });
    expect(await first.exited).toBe(0);
    // Nothing but the frame on stdout: a stray log line there would corrupt the browser's read.
    expect(first.stdout()).toStrictEqual(encodeMessage(answer));
    expect(await health(config.url)).toMatchObject({ ok: true });

    const second = startHost(config.configPath);

    expect(await second.answer).toStrictEqual({ type: 'bridge', url: config.url, token: config.token, started: false });
    expect(await second.exited).toBe(0);
    expect(bridgePids(config.configPath)).toHaveLength(1);
  });

  it('reads a hello bigger than a pipe buffer (over 64 KB), which arrives in pieces', async () => {
    const config = await newConfig();
    const request = { type: 'hello', version: 1, padding: 'é'.repeat(150_000) };
    expect(encodeMessage(request).length).toBeGreaterThan(4 * 65_536);

    const host = startHost(config.configPath, { request });

    expect(await host.answer).toMatchObject({ type: 'bridge', url: config.url, token: config.token });
  });

  it.each<[string, { request?: unknown; raw?: Buffer }, RegExp]>([
    ['a message that is not a hello', { request: { type: 'pair', version: 1 } }, /expected \{"type":"hello","version":1\}/],
    ['a hello of a version it does not know', { request: { type: 'hello', version: 2 } }, /expected \{"type":"hello","version":1\}/],
    ['a frame whose body is not JSON', { raw: Buffer.concat([encodeMessage('x').subarray(0, 4), Buffer.from('not')]) }, /not valid JSON/],
    ['input that ends inside a frame', { raw: encodeMessage({ type: 'hello', version: 1 }).subarray(0, 10) }, /ended inside a message/],
  ])('answers %s with an error in words, and starts nothing', async (_case, input, message) => {
    const config = await newConfig();

    const host = startHost(config.configPath, input);

    const answer = await host.answer;
    expect(answer).toStrictEqual({ type: 'error', message: expect.stringMatching(message) });
    expect(await host.exited).toBe(1);
    expect(bridgePids(config.configPath)).toHaveLength(0);
  });

  it("answers an error when the config's port has a bridge of another config (its token is refused)", async () => {
    const mine = await newConfig();
    const theirs = await writeTempConfig({ port: mine.port, accounts: [] });
    configs.push(theirs);
    expect(await startHost(theirs.configPath).answer).toMatchObject({ type: 'bridge', started: true });

    const host = startHost(mine.configPath);

    expect(await host.answer).toStrictEqual({ type: 'error', message: expect.stringMatching(/bridge for another config file is running on/) });
    expect(bridgePids(mine.configPath)).toHaveLength(0);
  });

  it("starts the bridge detached: killing the host's process group after it answered leaves the bridge serving, in a session of its own", async () => {
    const config = await newConfig();
    // Browsers start a host in a process group of its own and may kill that group.
    const host = startHost(config.configPath, { detached: true });
    const hostPid = host.child.pid!;
    expect(await host.answer).toMatchObject({ type: 'bridge', started: true });

    try {
      process.kill(-hostPid, 'SIGKILL');
    } catch (err) {
      // ESRCH: the host had exited and nothing else is in its group (which is the point).
      expect((err as NodeJS.ErrnoException).code).toBe('ESRCH');
    }
    await host.exited;

    const [bridge] = bridgePids(config.configPath);
    expect(bridge).toBeDefined();
    expect(sessionOf(bridge!)).toBe(bridge);
    expect(sessionOf(bridge!)).not.toBe(hostPid);
    expect(await health(config.url)).toMatchObject({ ok: true });
  });

  it('three hosts asking at once start exactly one bridge, and all three answer with it', async () => {
    const config = await newConfig();

    const hosts = [1, 2, 3].map(() => startHost(config.configPath));
    const answers = await Promise.all(hosts.map((host) => host.answer));
    await Promise.all(hosts.map((host) => host.exited));

    for (const answer of answers) expect(answer).toMatchObject({ type: 'bridge', url: config.url, token: config.token });
    expect(answers.filter((answer) => answer.started)).toHaveLength(1);
    expect(bridgePids(config.configPath)).toHaveLength(1);
  });

  it('takes over a start lock left by a host that died', async () => {
    const config = await newConfig();
    const dead = spawn(process.execPath, ['-e', '']);
    const deadPid = dead.pid!;
    await new Promise((resolve) => dead.once('exit', resolve));
    await waitFor('the dead pid to be reaped', () => (sessionOf(deadPid) === undefined ? true : undefined));
    await writeFile(startLockPath(config.configPath), JSON.stringify({ pid: deadPid, since: Date.now() }));

    const host = startHost(config.configPath);

    expect(await host.answer).toMatchObject({ type: 'bridge', started: true });
  });
});
