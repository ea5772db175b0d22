/**
 * Wall-clock time in a time zone, with `Intl` only: quiet hours are "22:00 to
 * 07:00 where I live", whatever the UTC offset is that night (DST moves it).
 * Shared by the background (quiet hours) and the popup ("mute until tomorrow").
 */

export interface WallTime {
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
  /** Minutes since local midnight. */
  minutes: number;
  year: number;
  /** 1–12. */
  month: number;
  day: number;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const formats = new Map<string, Intl.DateTimeFormat>();

function formatFor(timeZone: string): Intl.DateTimeFormat {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      weekday: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    formats.set(timeZone, format);
  }
  return format;
}

/** What a clock on the wall in `timeZone` shows at `instant` (ms since epoch). */
export function wallTime(instant: number, timeZone: string): WallTime {
  const parts = Object.fromEntries(formatFor(timeZone).formatToParts(instant).map((p) => [p.type, p.value]));
  return {
    weekday: WEEKDAYS.indexOf(parts.weekday!),
    minutes: (Number(parts.hour) % 24) * 60 + Number(parts.minute),
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
  };
}

/** `HH:MM` → minutes since midnight. */
export function parseClock(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/**
 * The instant at which the wall clock in `timeZone` shows the given date and
 * time. A time skipped by DST (02:30 on the spring-forward night) lands just
 * after the gap.
 */
export function instantOf(timeZone: string, year: number, month: number, day: number, minutes: number): number {
  const asUtc = Date.UTC(year, month - 1, day, Math.floor(minutes / 60), minutes % 60);
  // Twice: the offset at the first guess may differ from the offset at the answer.
  let guess = asUtc;
  for (let i = 0; i < 2; i++) {
    const w = wallTime(guess, timeZone);
    const shown = Date.UTC(w.year, w.month - 1, w.day, Math.floor(w.minutes / 60), w.minutes % 60);
    guess += asUtc - shown;
  }
  return guess;
}

/**
 * "Until tomorrow": tomorrow at `hhmm` on the user's wall clock. Still up after
 * midnight (before 04:00), "tomorrow" is the coming morning, not the one after.
 */
export function tomorrowAt(now: number, timeZone: string, hhmm = '08:00'): number {
  const today = wallTime(now, timeZone);
  const nightOwl = today.minutes < 4 * 60;
  const next = new Date(Date.UTC(today.year, today.month - 1, today.day + (nightOwl ? 0 : 1)));
  return instantOf(timeZone, next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate(), parseClock(hhmm));
}

/** The user's time zone as the browser knows it. */
export function localTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}
