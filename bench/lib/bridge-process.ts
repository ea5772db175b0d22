// The bridge as users run it (`npm run bridge`: the compiled bundle under plain node),
// in its own process so its memory and CPU are its own. Config in a temp dir, port 0.
import { launchBridge } from '../../test/support/bridge-cli';
import type { Dovecot } from '../../test/support/dovecot';
import { writeTempConfig } from '../../test/support/temp-config';
import { HttpClient } from './http';
import { memoryOf } from './procs';

export interface BridgeProcess {
  url: string;
  port: number;
  token: string;
  pid: number;
  /** ms from spawn to the "listening" line. */
  listeningMs: number;
  /** performance.now() at spawn, to time later milestones from. */
  spawnedAt: number;
  http: HttpClient;
  status(): Promise<any>;
  /** Resolves once every account is `ok` (long-polling /v1/status); the status then. */
  waitConnected(timeoutMs?: number): Promise<any>;
  /** Resolves once `predicate(status)` holds. */
  waitFor(predicate: (status: any) => boolean, timeoutMs?: number): Promise<any>;
  memory(): { rssMB: number; peakMB: number };
  output(): string;
  stop(): Promise<void>;
}

/** Account config for a test Dovecot user over implicit TLS (as a real account would be). */
export function accountFor(dovecot: Dovecot, user: string, extra: Record<string, unknown> = {}) {
  return {
    id: user.toLowerCase().replace(/[^a-z0-9_-]/g, '-'),
    name: user,
    email: `${user}@example.test`,
    imap: { host: '127.0.0.1', port: dovecot.tlsPort, security: 'tls', user, password: dovecot.users[user], ca: dovecot.caPath },
    ...extra,
  };
}

export async function spawnBridge(
  config: Record<string, unknown>,
  options: { /** Another compiled server started the same way (bench/lib/bare-hono.ts). */ script?: string; args?: string[] } = {},
): Promise<BridgeProcess> {
  const { configPath, token, remove } = await writeTempConfig({ healthCheckSeconds: 60, ...config });

  let log = '';
  const spawnedAt = performance.now();
  const { child, url, exited } = await launchBridge({
    configPath,
    port: 0,
    // Keeps draining its output (the bridge logs JSON lines) so the pipe never fills.
    onOutput: (text) => (log += text),
    ...(options.script && { script: options.script }),
    ...(options.args && { extraArgs: options.args }),
  });
  const listeningMs = performance.now() - spawnedAt;
  const http = new HttpClient(url, { authorization: `Bearer ${token}` });
  const status = () => http.json('/v1/status');
  const waitFor = async (predicate: (status: any) => boolean, timeoutMs = 30_000) => {
    const deadline = Date.now() + timeoutMs;
    let current = await status();
    while (!predicate(current)) {
      if (Date.now() > deadline) throw new Error(`bridge status never matched: ${JSON.stringify(current).slice(0, 500)}\n${log.slice(-2000)}`);
      current = await http.json(`/v1/status?since=${current.revision}&wait=1`);
    }
    return current;
  };
  // The bridge is the child of setpriv, which execs: same pid.
  const pid = child.pid!;
  return {
    url,
    port: Number(new URL(url).port),
    token,
    pid,
    listeningMs,
    spawnedAt,
    http,
    status,
    waitFor,
    waitConnected: (timeoutMs) => waitFor((s) => s.accounts.length > 0 && s.accounts.every((a: any) => a.state === 'ok'), timeoutMs),
    memory: () => memoryOf(pid),
    output: () => log,
    async stop() {
      http.close();
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      await remove();
    },
  };
}
