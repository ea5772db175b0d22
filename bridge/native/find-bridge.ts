/**
 * Finds the running bridge of a config, or starts one that outlives whoever asked.
 * "The bridge of this config" means both: something answers /v1/health on the config's
 * port, and it accepts the config's token. A bridge of another config on the same port
 * would answer health too, and pairing the extension with it would fail later and
 * confusingly.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { mkdir, readFile, rename, stat } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ConfigError, ConfigStore } from '../config/store';
import { withLock } from './lock';
import { bridgeLogPath, startLockPath } from './side-files';

export type Probe =
  | { kind: 'ours'; url: string }
  | { kind: 'none'; url: string }
  | { kind: 'other-bridge'; url: string }
  | { kind: 'other-program'; url: string };

export interface FoundBridge {
  url: string;
  token: string;
  /** True when this call started it. */
  started: boolean;
}

/** A bridge that can't be found or started, said in words for the user. */
export class BridgeStartError extends Error {
  override readonly name = 'BridgeStartError';
}

const PROBE_TIMEOUT_MS = 2_000;
const START_TIMEOUT_MS = 20_000;
const POLL_MS = 50;
/** Past this the log is moved to `.1` when a bridge starts, so it never grows without end. */
const LOG_ROTATE_BYTES = 4 * 1024 * 1024;

/** What answers on 127.0.0.1:port, and whether it takes `token`. */
export async function probeBridge(port: number, token: string): Promise<Probe> {
  const url = `http://127.0.0.1:${port}`;
  let health: Response;
  try {
    health = await fetch(`${url}/v1/health`, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
  } catch {
    // Refused (nothing listens) or no answer in time: either way no bridge serves there.
    return { kind: 'none', url };
  }
  const body = (await health.json().catch(() => null)) as { ok?: unknown; error?: { code?: unknown } } | null;
  // A bridge that is stopping answers everything with 503 not_connected: soon nothing listens.
  if (health.status === 503 && body?.error?.code === 'not_connected') return { kind: 'none', url };
  if (!health.ok || body?.ok !== true) return { kind: 'other-program', url };
  const status = await fetch(`${url}/v1/status`, {
    headers: { authorization: `Bearer ${token}` },
    signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
  }).catch(() => null);
  await status?.body?.cancel();
  if (status?.status === 200) return { kind: 'ours', url };
  return { kind: status?.status === 401 ? 'other-bridge' : 'other-program', url };
}

export interface FindOptions {
  configPath: string;
  /** The compiled CLI, started as `node CLI run --config PATH`. */
  cli: string;
}

/**
 * The running bridge of `configPath`, or a new one started detached. Several callers at
 * once start one bridge between them: the start happens under a lock beside the config.
 */
export async function findOrStartBridge({ configPath, cli }: FindOptions): Promise<FoundBridge> {
  const found = await findRunning(configPath);
  if (found) return found;
  await mkdir(path.dirname(configPath), { recursive: true, mode: 0o700 });
  return withLock(
    startLockPath(configPath),
    async () => {
      // Loaded under the lock: a missing config is created once, with one token.
      const { store } = await ConfigStore.load(configPath);
      const { port, token } = store.config;
      const again = await probe(port, token);
      if (again) return again;
      const child = await startDetached({ configPath, cli });
      await waitUntilServing(port, token, configPath, child);
      return { url: `http://127.0.0.1:${port}`, token, started: true };
    },
    // Another host is starting it: its bridge is the answer as soon as it serves.
    { whileWaiting: () => findRunning(configPath), timeoutMs: START_TIMEOUT_MS + 10_000 },
  );
}

/** The bridge of an existing config if it is up; undefined when there is no config or no bridge. */
async function findRunning(configPath: string): Promise<FoundBridge | undefined> {
  const exists = await stat(configPath).then(
    () => true,
    () => false,
  );
  if (!exists) return undefined;
  const { store } = await ConfigStore.load(configPath);
  return probe(store.config.port, store.config.token);
}

async function probe(port: number, token: string): Promise<FoundBridge | undefined> {
  if (port === 0) {
    throw new ConfigError('the config sets "port": 0 (any free port), so the extension could not find the bridge again; set a fixed port such as 7143');
  }
  const result = await probeBridge(port, token);
  switch (result.kind) {
    case 'ours':
      return { url: result.url, token, started: false };
    case 'none':
      return undefined;
    case 'other-bridge':
      throw new BridgeStartError(`a Postbode bridge for another config file is running on ${result.url}; stop it, or give this config another "port"`);
    case 'other-program':
      throw new BridgeStartError(`another program uses port ${port} on 127.0.0.1; set another "port" in the config`);
  }
}

/**
 * `node CLI run --config PATH` in a session of its own (detached: setsid), so the
 * browser ending the host, or the host's process group, doesn't end the bridge; its
 * output goes to the log beside the config, and nothing of the host's is inherited.
 */
async function startDetached({ configPath, cli }: FindOptions): Promise<ChildProcess> {
  const logPath = bridgeLogPath(configPath);
  const size = await stat(logPath).then(
    (info) => info.size,
    () => 0,
  );
  if (size > LOG_ROTATE_BYTES) await rename(logPath, `${logPath}.1`);
  const log = openSync(logPath, 'a', 0o600);
  try {
    const child = spawn(process.execPath, [cli, 'run', '--config', configPath], {
      detached: true,
      // Windows gives a detached process a console window of its own unless told not to.
      windowsHide: true,
      stdio: ['ignore', log, log],
      cwd: path.dirname(configPath),
    });
    child.unref();
    return child;
  } finally {
    closeSync(log);
  }
}

async function waitUntilServing(port: number, token: string, configPath: string, child: ChildProcess): Promise<void> {
  let exited = false;
  child.once('exit', () => (exited = true));
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    // Checked before the probe: when the child lost a race for the port, the winner serves.
    const gone = exited;
    const result = await probeBridge(port, token);
    if (result.kind === 'ours') return;
    if (result.kind !== 'none' || gone) break;
    await sleep(POLL_MS);
  }
  const tail = await lastLines(bridgeLogPath(configPath), 5);
  throw new BridgeStartError(`the bridge did not start on port ${port}${tail ? `; its log says:\n${tail}` : ''} (log: ${bridgeLogPath(configPath)})`);
}

async function lastLines(file: string, count: number): Promise<string> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text.trimEnd().split('\n').slice(-count).join('\n');
}
