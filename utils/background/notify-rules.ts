/**
 * Which new mail may interrupt the user, and how: the pure half of "notifications
 * a person can live with". No browser calls, no clock of its own — the caller
 * passes the rules, the arrivals, the time and the time zone, so every rule is a
 * table test (`test/extension/background/notify-rules.test.ts`).
 *
 * A message is announced when its account and folder notify, it passes "only
 * VIP", and it isn't quiet time (quiet hours or the popup's mute) — unless it is
 * VIP mail and the user lets VIP mail break through. The badge is not decided
 * here: it counts every watched folder whatever these rules say.
 */
import { parseClock, wallTime } from '@/utils/zoned-time';
import { rulesFor, type NotifyRules, type QuietHours } from '@/utils/storage/notify-rules';

export interface Arrival {
  account: { id: string; name: string };
  message: { mailbox: string; from?: { name?: string; address?: string } | null };
}

export interface Decision<A extends Arrival> {
  /** What to announce, in the order given. */
  notify: A[];
  /** Held back by quiet hours or a mute (they still count on the badge). */
  held: A[];
  /** One sound for the whole batch, never one per message. */
  sound: boolean;
}

export interface Moment {
  /** ms since epoch. */
  now: number;
  /** IANA zone the user's quiet hours are in, e.g. `Europe/Amsterdam`. */
  timeZone: string;
  /** The popup's mute holds until then (ms since epoch; 0 = not muted). */
  mutedUntil?: number;
}

/** Decides for one batch of arrivals (everything one look at the mail found). */
export function decide<A extends Arrival>(rules: NotifyRules, arrivals: readonly A[], moment: Moment): Decision<A> {
  const notify: A[] = [];
  const held: A[] = [];
  const muted = (moment.mutedUntil ?? 0) > moment.now;
  for (const arrival of arrivals) {
    const account = rulesFor(rules, arrival.account.id);
    if (!account.notify || account.mutedFolders.includes(arrival.message.mailbox)) continue;
    const vip = isVip(account.vip, arrival.message.from?.address);
    if (account.onlyVip && !vip) continue;
    const quiet = muted || inQuietHours(account.quiet ?? rules.quiet, moment.now, moment.timeZone);
    if (quiet && !(vip && rules.vipBreaksQuiet)) held.push(arrival);
    else notify.push(arrival);
  }
  return { notify, held, sound: rules.sound.enabled && notify.length > 0 };
}

/**
 * Whether `now` falls in the schedule, on the wall clock of `timeZone`.
 * `days` are the days a quiet period starts: with 22:00–07:00 on Friday only,
 * Saturday 06:00 is quiet and Friday 06:00 is not. `from` = `to` means all day.
 */
export function inQuietHours(quiet: QuietHours, now: number, timeZone: string): boolean {
  if (!quiet.enabled || quiet.days.length === 0) return false;
  const { weekday, minutes } = wallTime(now, timeZone);
  const from = parseClock(quiet.from);
  const to = parseClock(quiet.to);
  const startedToday = quiet.days.includes(weekday);
  if (from === to) return startedToday;
  if (from < to) return startedToday && minutes >= from && minutes < to;
  // Across midnight: the evening part today, or the morning part of a period that started yesterday.
  const startedYesterday = quiet.days.includes((weekday + 6) % 7);
  return (startedToday && minutes >= from) || (startedYesterday && minutes < to);
}

/**
 * `boss@example.com` matches that address; `example.com` (or `@example.com`)
 * matches every address at that domain and its subdomains. Case-insensitive.
 */
export function isVip(vip: readonly string[], address: string | undefined): boolean {
  if (!address) return false;
  const addr = address.trim().toLowerCase();
  const domain = addr.slice(addr.lastIndexOf('@') + 1);
  return vip.some((raw) => {
    const entry = raw.trim().toLowerCase();
    if (!entry) return false;
    if (entry.startsWith('@')) return domain === entry.slice(1) || domain.endsWith(`.${entry.slice(1)}`);
    if (entry.includes('@')) return addr === entry;
    return domain === entry || domain.endsWith(`.${entry}`);
  });
}
