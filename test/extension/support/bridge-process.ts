// The real bridge CLI (`npm run bridge`) in its own Node process, for tests that
// run in happy-dom: in-process, the bridge would get happy-dom's Request and
// streams instead of Node's, and that is not the bridge users run.
import { launchBridge } from '../../support/bridge-cli';
import { writeTempConfig } from '../../support/temp-config';

export interface BridgeProcess {
  url: string;
  port: number;
  token: string;
  stop(): Promise<void>;
}

export async function spawnBridge(accounts: unknown[] = []): Promise<BridgeProcess> {
  const { configPath, token, remove } = await writeTempConfig({ accounts });

  const { child, url, exited } = await launchBridge({ configPath, port: 0 });

  return {
    url,
    port: Number(new URL(url).port),
    token,
    async stop() {
      child.kill('SIGTERM');
      await exited;
      await remove();
    },
  };
}
