/**
 * Every piece of extension state, declared once.
 *
 * The MV3 service worker is stopped 30 s after its last event and its `main()`
 * runs again on the next one, so nothing that must survive lives in a global:
 * it lives here, in `storage.local` (not `sync`: the token is a secret for this
 * machine's bridge, and the bridge itself is per machine).
 */
import { storage } from '#imports';
import type { Status } from '@/bridge/api-types';
import type { MailboxMemory } from './new-mail';

/** Where the bridge listens and the token that proves we may talk to it. */
export interface Pairing {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:7143`. */
  url: string;
  token: string;
}

export const DEFAULT_BRIDGE_URL = 'http://127.0.0.1:7143';

/** `null` until the user saves a URL and token in the options page. */
export const pairing = storage.defineItem<Pairing | null>('local:pairing', {
  fallback: null,
});

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

export const connection = storage.defineItem<Connection>('local:connection', {
  fallback: { state: 'unpaired', since: 0 },
});

export interface Settings {
  /** Minutes between backstop re-syncs (1–60). */
  refreshMinutes: number;
  /** Desktop notifications for new mail. */
  notifications: boolean;
}

export const DEFAULT_SETTINGS: Settings = { refreshMinutes: 1, notifications: true };

export const settings = storage.defineItem<Settings>('local:settings', {
  fallback: DEFAULT_SETTINGS,
});

/**
 * What the new-mail check remembers per account and watched mailbox (see
 * `new-mail.ts`). Kept in storage so neither a worker nor a browser restart
 * announces a message twice.
 */
export type MailMemory = Record<string, Record<string, MailboxMemory>>;

export const mailMemory = storage.defineItem<MailMemory>('local:mailMemory', {
  fallback: {},
});

/** A message an open notification is about. */
export interface NotifiedMessage {
  account: string;
  mailbox: string;
  id: string;
}

/**
 * Open notifications by notification id: one message, or several for a
 * summary. In storage so their buttons still work after the worker restarted,
 * and so they can be closed when their mail is read elsewhere.
 */
export const shownNotifications = storage.defineItem<Record<string, NotifiedMessage[]>>(
  'local:shownNotifications',
  { fallback: {} },
);
