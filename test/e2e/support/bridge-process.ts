// The bridge as users run it (`npm run bridge -- --config FILE --port N`) in its own
// process, with a temp config. It can be stopped and started again on the same port
// and config, like a user restarting it.
import type { ChildProcess } from 'node:child_process';
import { WebSocket } from 'ws';
import { EVENTS_PROTOCOL } from '../../../shared/events';
import { launchBridge } from '../../support/bridge-cli';
import { writeTempConfig } from '../../support/temp-config';

export interface BridgeProcess {
  /** `http://127.0.0.1:PORT`, the same across restarts. */
  url: string;
  token: string;
  /** Everything the process printed (stdout and stderr), across restarts, for failure reports. */
  output(): string;
  /** GET `/v1/status` with the token. */
  status(): Promise<BridgeStatus>;
  /**
   * Resolves once a `/v1/events` socket of the test's own has received `count` messages
   * (the status when it opens, then one on every change and a ping every 15 s).
   */
  eventMessages(count: number): Promise<void>;
  /** Resolves once every account is connected (`ok`), polling the long-poll route. */
  waitUntilConnected(timeoutMs?: number): Promise<BridgeStatus>;
  /** SIGTERM, as a user's Ctrl-C; resolves when the process has exited. */
  stop(): Promise<void>;
  /** Starts it again on the same port and config; resolves once it listens. */
  start(): Promise<void>;
  /** stop() and remove the config dir. */
  close(): Promise<void>;
}

export interface BridgeStatus {
  revision: number;
  total: number;
  accounts: Array<{ id: string; state: string; unread: number; mailboxes: Array<{ path: string; unread: number }> }>;
}

export async function spawnBridge(config: Record<string, unknown>): Promise<BridgeProcess> {
  const { configPath, token, remove } = await writeTempConfig(config);

  let log = '';
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();

  // Port 0 the first time (the OS picks a free one), then that port again on restart.
  const launch = async (port: number): Promise<string> => {
    const launched = await launchBridge({ configPath, port, onOutput: (text) => (log += text) });
    child = launched.child;
    exited = launched.exited;
    return launched.url;
  };

  const url = await launch(0);
  const port = Number(new URL(url).port);

  const status = async (query = ''): Promise<BridgeStatus> => {
    const response = await fetch(`${url}/v1/status${query}`, { headers: { authorization: `Bearer ${token}` } });
    if (!response.ok) throw new Error(`GET /v1/status: ${response.status} ${await response.text()}`);
    return (await response.json()) as BridgeStatus;
  };

  const stop = async () => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    await exited;
  };

  return {
    url,
    token,
    output: () => log,
    status: () => status(),
    eventMessages(count) {
      const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/v1/events`, [EVENTS_PROTOCOL, token]);
      let received = 0;
      return new Promise<void>((resolve, reject) => {
        ws.on('message', () => {
          if (++received < count) return;
          ws.terminate();
          resolve();
        });
        ws.on('error', reject);
        ws.on('close', () => reject(new Error(`the events socket closed after ${received} of ${count} messages`)));
      });
    },
    async waitUntilConnected(timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      let current = await status();
      while (current.accounts.some((a) => a.state !== 'ok')) {
        if (Date.now() > deadline) throw new Error(`accounts never connected: ${JSON.stringify(current)}\n${log}`);
        current = await status(`?since=${current.revision}&wait=2`);
      }
      return current;
    },
    stop,
    async start() {
      if (child && child.exitCode === null && child.signalCode === null) throw new Error('the bridge is already running');
      await launch(port);
    },
    async close() {
      await stop();
      await remove();
    },
  };
}
