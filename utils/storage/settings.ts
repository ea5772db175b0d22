/** What the user chooses in the options page, and the background follows. */
import { storage } from '#imports';

export interface Settings {
  /** Minutes between backstop re-syncs ({@link MIN_REFRESH_MINUTES}–{@link MAX_REFRESH_MINUTES}). */
  refreshMinutes: number;
  /** Desktop notifications for new mail. */
  notifications: boolean;
}

export const DEFAULT_SETTINGS: Settings = { refreshMinutes: 1, notifications: true };

export const settings = storage.defineItem<Settings>('local:settings', {
  fallback: DEFAULT_SETTINGS,
});

export const MIN_REFRESH_MINUTES = 1;
export const MAX_REFRESH_MINUTES = 60;

/** Any input → a whole number of minutes in 1–60 (default 1 for nonsense). */
export function clampRefreshMinutes(minutes: unknown): number {
  const n = Math.round(Number(minutes));
  if (!Number.isFinite(n)) return MIN_REFRESH_MINUTES;
  return Math.min(MAX_REFRESH_MINUTES, Math.max(MIN_REFRESH_MINUTES, n));
}
