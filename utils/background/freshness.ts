/**
 * When the badge gets refreshed: the background's event handlers. Push (the
 * WebSocket) does the everyday work; these cover the worker starting, the
 * browser starting, the alarm firing, and the user pairing anew.
 */
import { browser } from 'wxt/browser';
import { pairing, type Pairing } from '@/utils/storage/pairing';
import { connection, isAway, lastStatus } from '@/utils/storage/status';
import { renderBadge } from './badge';
import { closeEventSocket, ensureEventSocket } from './events-socket';
import { pairThroughHost } from '@/utils/bridge/native-pairing';
import { scheduleRefreshAlarm } from './refresh-alarm';
import { recheckMail, syncNow } from './sync';

/**
 * The worker (re)started: its globals are fresh, storage is not. Redraw what
 * storage knows, re-arm the alarm and reopen the socket, whose first message
 * is a full status, checked against every watched mailbox.
 */
export async function wake(): Promise<void> {
  // While the worker was stopped nobody watched the mail: look everywhere once.
  await recheckMail();
  await renderBadge();
  await scheduleRefreshAlarm();
  await ensureEventSocket();
}

/** Refresh alarm (and after the events below): ask for the status now and make sure push is on. */
export async function refresh(): Promise<void> {
  await syncNow();
  // Unpaired or away: the native host may pair us or start the bridge (throttled).
  if (isAway((await connection.getValue()).state) && (await pairThroughHost('retry'))) await syncNow();
  await ensureEventSocket();
}

/**
 * Installed or updated. On a first install that could not pair itself, the options
 * page opens with the one next step: a "?" badge alone tells a new user nothing.
 */
export async function installed(reason: string): Promise<void> {
  const paired = await pairThroughHost('install');
  if (!paired && reason === 'install' && !(await pairing.getValue())) await browser.runtime.openOptionsPage();
  await refresh();
}

/** Browser start: the bridge may not be running yet (no autostart): the host starts it. */
export async function started(): Promise<void> {
  await pairThroughHost('startup');
  await refresh();
}

/** The options page saved a pairing (or removed it): start over with it. */
export async function onPairingChanged(next: Pairing | null): Promise<void> {
  closeEventSocket();
  // The old state belongs to the old bridge/token; a stale "unauthorized" would keep the socket shut.
  await connection.setValue({ state: next ? 'unreachable' : 'unpaired', since: Date.now() });
  if (!next) await lastStatus.setValue(null);
  await refresh();
}
