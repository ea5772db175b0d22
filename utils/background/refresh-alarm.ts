/**
 * The backstop: a periodic alarm that re-syncs and reopens the WebSocket
 * after the worker was stopped (idle, browser restart) or the bridge restarted.
 * Alarms survive the worker; timers and sockets don't.
 */
import { browser } from 'wxt/browser';
import { clampRefreshMinutes, settings } from '@/utils/storage/settings';

export const REFRESH_ALARM = 'postbode-refresh';

/**
 * Makes sure the alarm exists with the configured period. Leaves a matching
 * alarm alone: re-creating resets its countdown, and since this runs on every
 * worker start, a worker woken more often than the period would postpone the
 * backstop forever.
 */
export async function scheduleRefreshAlarm(): Promise<void> {
  const minutes = clampRefreshMinutes((await settings.getValue()).refreshMinutes);
  const existing = await browser.alarms.get(REFRESH_ALARM);
  if (existing?.periodInMinutes === minutes) return;
  await browser.alarms.create(REFRESH_ALARM, { delayInMinutes: minutes, periodInMinutes: minutes });
}
