/**
 * Times as a mail list shows them: "now", "12 min ago", "14:05" today, a weekday
 * this week, a date otherwise. Pure, so tests pass `now` and the locale.
 */

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** A short time for a list row; `nowLabel` is the translated "now". */
export function relativeTime(iso: string, now: number, locale: string, nowLabel: string): string {
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return '';
  const diff = now - then;
  if (diff < MINUTE && diff > -MINUTE) return nowLabel;
  if (diff > 0 && diff < 60 * MINUTE) {
    return new Intl.RelativeTimeFormat(locale, { style: 'narrow', numeric: 'always' }).format(
      -Math.round(diff / MINUTE),
      'minute',
    );
  }
  const date = new Date(then);
  const today = new Date(now);
  if (date.toDateString() === today.toDateString()) {
    return new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit' }).format(date);
  }
  if (diff > 0 && diff < 6 * DAY) {
    return new Intl.DateTimeFormat(locale, { weekday: 'short' }).format(date);
  }
  if (date.getFullYear() === today.getFullYear()) {
    return new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short' }).format(date);
  }
  return new Intl.DateTimeFormat(locale, { dateStyle: 'short' }).format(date);
}

/** The full date and time, for the message view and row tooltips. */
export function fullDate(iso: string, locale: string): string {
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return iso;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeStyle: 'short' }).format(new Date(then));
}
