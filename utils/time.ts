/**
 * Times as a mail list shows them: "now", "12 min ago", "14:05" today, a weekday
 * this week, a date otherwise. Pure, so tests pass `now` and the locale.
 */

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

// Building an Intl formatter costs ~0.4 ms (locale data lookup); formatting with one is
// ~100× cheaper. A list of 50 rows asks for two per row on every render, so they are
// made once per locale and options (bench/popup.ts).
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const relativeFormats = new Map<string, Intl.RelativeTimeFormat>();

function dateFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = dateFormats.get(key);
  if (!format) dateFormats.set(key, (format = new Intl.DateTimeFormat(locale, options)));
  return format;
}

function relativeFormat(locale: string): Intl.RelativeTimeFormat {
  let format = relativeFormats.get(locale);
  if (!format) relativeFormats.set(locale, (format = new Intl.RelativeTimeFormat(locale, { style: 'narrow', numeric: 'always' })));
  return format;
}

/**
 * Makes the formatters the list's newest rows need. The first Intl formatter in a
 * process loads ICU's locale data, 20–45 ms on a slow machine, and that data is kept
 * process-wide. The extension's pages run in its background's process, so the background
 * calls this once it has started, and a popup opened after that doesn't wait for the
 * data on its first frame (bench/FINDINGS.md).
 */
export function loadTimeFormats(locale: string): void {
  relativeFormat(locale).format(-1, 'minute');
  dateFormat(locale, { hour: 'numeric', minute: '2-digit' }).format(0);
}

/** A short time for a list row; `nowLabel` is the translated "now". */
export function relativeTime(iso: string, now: number, locale: string, nowLabel: string): string {
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return '';
  const diff = now - then;
  if (diff < MINUTE && diff > -MINUTE) return nowLabel;
  if (diff > 0 && diff < 60 * MINUTE) {
    return relativeFormat(locale).format(-Math.round(diff / MINUTE), 'minute');
  }
  const date = new Date(then);
  const today = new Date(now);
  if (date.toDateString() === today.toDateString()) {
    return dateFormat(locale, { hour: 'numeric', minute: '2-digit' }).format(date);
  }
  if (diff > 0 && diff < 6 * DAY) {
    return dateFormat(locale, { weekday: 'short' }).format(date);
  }
  if (date.getFullYear() === today.getFullYear()) {
    return dateFormat(locale, { day: 'numeric', month: 'short' }).format(date);
  }
  return dateFormat(locale, { dateStyle: 'short' }).format(date);
}

/** The full date and time, for the message view and row tooltips. */
export function fullDate(iso: string, locale: string): string {
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return iso;
  return dateFormat(locale, { dateStyle: 'full', timeStyle: 'short' }).format(new Date(then));
}
