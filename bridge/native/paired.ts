/**
 * Whether an extension has already paired with the bridge of a config. `postbode run`
 * stops printing the first-run steps once it has; nothing else depends on it, so a
 * lost or stale record only costs a few lines of output.
 */
import { access, writeFile } from 'node:fs/promises';
import { pairedPath } from './side-files';

export type PairedVia = 'native-host' | 'extension-request';

export async function isPaired(configPath: string): Promise<boolean> {
  return access(pairedPath(configPath)).then(
    () => true,
    () => false,
  );
}

/** Records the first pairing; later calls keep the first record. */
export async function markPaired(configPath: string, via: PairedVia): Promise<void> {
  const record = { firstSeen: new Date().toISOString(), via };
  try {
    await writeFile(pairedPath(configPath), JSON.stringify(record) + '\n', { flag: 'wx', mode: 0o600 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
}
