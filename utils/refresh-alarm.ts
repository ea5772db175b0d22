/**
 * The backstop: a periodic alarm that re-syncs and reopens the WebSocket
 * after the worker was stopped (idle, browser restart) or the bridge restarted.
 * Alarms survive the worker; timers and sockets don't.
 */
import { browser } from 'wxt/browser';
import { settings } from './storage';

export const REFRESH_ALARM = 'postbode-refresh';
export const MIN_REFRESH_MINUTES = 1;
export const MAX_REFRESH_MINUTES = 60;

/** Any input → a whole number of minutes in 1–60 (default 1 for nonsense). */
export function clampRefreshMinutes(minutes: unknown): number {
  const n = Math.round(Number(minutes));
  if (!Number.isFinite(n)) return MIN_REFRESH_MINUTES;
  return Math.min(MAX_REFRESH_MINUTES, Math.max(MIN_REFRESH_MINUTES, n));
}

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
