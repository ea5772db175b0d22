// A bridge config file of a test's own: a new temp folder, a fresh token, port 0,
// and mode 0600 (the bridge refuses a config others can read).
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export interface TempConfig {
  configPath: string;
  token: string;
  /** Removes the folder and the config in it. */
  remove(): Promise<void>;
}

export async function writeTempConfig(config: Record<string, unknown>): Promise<TempConfig> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'postbode-config-'));
  const configPath = path.join(dir, 'config.json');
  const token = randomBytes(32).toString('base64url');
  await writeFile(configPath, JSON.stringify({ port: 0, token, ...config }));
  await chmod(configPath, 0o600);
  return { configPath, token, remove: () => rm(dir, { recursive: true, force: true }) };
}
