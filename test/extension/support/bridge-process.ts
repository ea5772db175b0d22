// The real bridge CLI (`npm run bridge`) in its own Node process, for tests that
// run in happy-dom: in-process, the bridge would get happy-dom's Request and
// streams instead of Node's, and that is not the bridge users run.
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { launchBridge } from '../../helpers/bridge-cli';

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

  const { child, url, exited } = await launchBridge({ configPath, port: 0 });

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
