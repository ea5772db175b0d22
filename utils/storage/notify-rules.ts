/**
 * Who may interrupt the user, and how: quiet hours, VIP senders, per-account and
 * per-folder switches, sound. In `storage.sync`: these are the person's
 * preferences and follow them to another browser. Sync data may come from an
 * older (or newer) version of the extension, so every read goes through
 * {@link normalizeRules}, which keeps what it understands and fills the rest.
 *
 * The "mute for an hour" from the popup is the device's business, not the
 * person's: it lives in `storage.local`.
 */
import { storage } from '#imports';

export const SOUNDS = ['chime', 'drop', 'bell'] as const;
export type SoundName = (typeof SOUNDS)[number];

/** A daily schedule in the user's own time zone; `from` > `to` runs across midnight. */
export interface QuietHours {
  enabled: boolean;
  /** `HH:MM`, 24-hour. */
  from: string;
  to: string;
  /** Days on which the quiet period *starts*, 0 = Sunday … 6 = Saturday. */
  days: number[];
}

export interface AccountRules {
  /** Notifications for this account at all (its count still shows on the badge). */
  notify: boolean;
  /** Watched folders that count on the badge but never notify. */
  mutedFolders: string[];
  /** Watched folders that notify but don't count on the badge (a busy list, say). */
  uncountedFolders: string[];
  /** Addresses (`boss@example.com`) or domains (`example.com`, also matching subdomains). */
  vip: string[];
  /** Only VIP mail notifies. */
  onlyVip: boolean;
  /** Own quiet hours for this account; `null` follows the schedule for all accounts. */
  quiet: QuietHours | null;
}

export interface NotifyRules {
  sound: { enabled: boolean; name: SoundName; volume: number };
  /** Quiet hours for every account without its own. */
  quiet: QuietHours;
  /** VIP mail notifies (with sound) during quiet hours and mutes. */
  vipBreaksQuiet: boolean;
  /** By account id; an account not listed gets {@link DEFAULT_ACCOUNT_RULES}. */
  accounts: Record<string, AccountRules>;
}

export const ALL_DAYS = [0, 1, 2, 3, 4, 5, 6];

export const DEFAULT_QUIET: QuietHours = { enabled: false, from: '22:00', to: '07:00', days: ALL_DAYS };

export const DEFAULT_ACCOUNT_RULES: AccountRules = {
  notify: true,
  mutedFolders: [],
  uncountedFolders: [],
  vip: [],
  onlyVip: false,
  quiet: null,
};

export const DEFAULT_RULES: NotifyRules = {
  sound: { enabled: false, name: 'chime', volume: 0.6 },
  quiet: DEFAULT_QUIET,
  vipBreaksQuiet: false,
  accounts: {},
};

export const notifyRules = storage.defineItem<NotifyRules>('sync:notifyRules', { fallback: DEFAULT_RULES });

export { mutedUntil } from './muted';

/** The rules as stored, whatever version wrote them. */
export async function readRules(): Promise<NotifyRules> {
  return normalizeRules(await notifyRules.getValue());
}

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const bool = (v: unknown, fallback: boolean) => (typeof v === 'boolean' ? v : fallback);
const strings = (v: unknown) => (Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : []);

function normalizeQuiet(v: unknown, fallback: QuietHours): QuietHours {
  if (!isObject(v)) return fallback;
  const days = Array.isArray(v.days) ? [...new Set(v.days.filter((d): d is number => Number.isInteger(d) && d >= 0 && d <= 6))].sort() : fallback.days;
  return {
    enabled: bool(v.enabled, fallback.enabled),
    from: typeof v.from === 'string' && TIME.test(v.from) ? v.from : fallback.from,
    to: typeof v.to === 'string' && TIME.test(v.to) ? v.to : fallback.to,
    days,
  };
}

function normalizeAccount(v: unknown): AccountRules {
  if (!isObject(v)) return DEFAULT_ACCOUNT_RULES;
  return {
    notify: bool(v.notify, true),
    mutedFolders: strings(v.mutedFolders),
    uncountedFolders: strings(v.uncountedFolders),
    vip: strings(v.vip).map((s) => s.trim().toLowerCase()).filter(Boolean),
    onlyVip: bool(v.onlyVip, false),
    quiet: v.quiet === null || v.quiet === undefined ? null : normalizeQuiet(v.quiet, DEFAULT_QUIET),
  };
}

/** Any stored value → complete, valid rules (unknown fields dropped, missing ones defaulted). */
export function normalizeRules(v: unknown): NotifyRules {
  if (!isObject(v)) return DEFAULT_RULES;
  const sound = isObject(v.sound) ? v.sound : {};
  const volume = Number(sound.volume);
  return {
    sound: {
      enabled: bool(sound.enabled, false),
      name: SOUNDS.find((s) => s === sound.name) ?? DEFAULT_RULES.sound.name,
      volume: Number.isFinite(volume) ? Math.min(1, Math.max(0, volume)) : DEFAULT_RULES.sound.volume,
    },
    quiet: normalizeQuiet(v.quiet, DEFAULT_QUIET),
    vipBreaksQuiet: bool(v.vipBreaksQuiet, false),
    accounts: Object.fromEntries(Object.entries(isObject(v.accounts) ? v.accounts : {}).map(([id, a]) => [id, normalizeAccount(a)])),
  };
}

/** One account's rules (defaults for an account never configured). */
export function rulesFor(rules: NotifyRules, account: string): AccountRules {
  return rules.accounts[account] ?? DEFAULT_ACCOUNT_RULES;
}
