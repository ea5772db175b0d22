// The real bridge CLI (`bridge/main.ts`) in its own Node process, for tests that
// run in happy-dom: in-process, the bridge would get happy-dom's Request and
// streams instead of Node's, and that is not the bridge users run.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export interface BridgeProcess {
  url: string;
  port: number;
  token: string;
  stop(): Promise<void>;
}

export async function spawnBridge(accounts: unknown[] = []): Promise<BridgeProcess> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'postbode-options-'));
  const configPath = path.join(dir, 'config.json');
  const token = randomBytes(32).toString('base64url');
  await writeFile(configPath, JSON.stringify({ port: 0, token, accounts }));
  await chmod(configPath, 0o600);

  // setpriv: if the test runner dies, so does the bridge.
  const child = spawn(
    'setpriv',
    ['--pdeathsig', 'TERM', '--', process.execPath, '--import', 'tsx', 'bridge/main.ts', '--config', configPath, '--port', '0'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const found = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
      if (found) resolve(found);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`bridge exited (${code}) before listening:\n${output}`)));
  });

  return {
    url,
    port: Number(new URL(url).port),
    token,
    async stop() {
      child.kill('SIGTERM');
      await exited;
      await rm(dir, { recursive: true, force: true });
    },
  };
}
