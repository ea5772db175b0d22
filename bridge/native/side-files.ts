/**
 * Files that belong to one config and live beside it, named after it, so two configs in
 * one folder (tests, a second profile) never share a lock, a log or a pairing record.
 */
import path from 'node:path';

function beside(configPath: string, suffix: string, p: path.PlatformPath): string {
  const stem = p.basename(configPath, p.extname(configPath));
  return p.join(p.dirname(configPath), `${stem}-${suffix}`);
}

/** Held by a native host while it starts the bridge for this config. */
export const startLockPath = (configPath: string, p: path.PlatformPath = path): string => beside(configPath, 'host.lock', p);

/** Output of a bridge that runs in the background (started by the host or by autostart). */
export const bridgeLogPath = (configPath: string, p: path.PlatformPath = path): string => beside(configPath, 'bridge.log', p);

/** Written once an extension has talked to this bridge with its token. */
export const pairedPath = (configPath: string, p: path.PlatformPath = path): string => beside(configPath, 'paired.json', p);
