/**
 * What the background worker last heard from the bridge, for the badge, the
 * popup and the options page.
 *
 * The MV3 service worker is stopped 30 s after its last event and its `main()`
 * runs again on the next one, so nothing that must survive lives in a global:
 * it lives in `storage.local`, declared in this folder, each item once.
 */
import { storage } from '#imports';
import type { Status } from '@/bridge/api-types';

/**
 * The last status the bridge answered, so the popup and the badge can show
 * something at once while a fresh one is on its way. `null` before the first sync.
 */
export const lastStatus = storage.defineItem<Status | null>('local:lastStatus', {
  fallback: null,
});

/**
 * How the last conversation with the bridge went:
 * - `unpaired`: no URL/token saved yet;
 * - `connected`: the last request (or socket message) succeeded;
 * - `unreachable`: nothing answers at the URL (bridge not running, wrong port);
 * - `unauthorized`: the bridge answered 401/403: the token is wrong or stale.
 */
export type ConnectionState = 'unpaired' | 'connected' | 'unreachable' | 'unauthorized';

export interface Connection {
  state: ConnectionState;
  /** When this state was reached (ms since epoch). */
  since: number;
  /** A short technical reason for the tooltip/options page; never contains the token. */
  detail?: string;
}

/** No bridge to talk to: the states in which the native host may help. */
export function isAway(state: ConnectionState): boolean {
  return state !== 'connected';
}

export const connection = storage.defineItem<Connection>('local:connection', {
  fallback: { state: 'unpaired', since: 0 },
});
