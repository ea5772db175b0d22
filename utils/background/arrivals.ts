/**
 * From "new mail was found" to what the user sees and hears. The bridge pushes
 * a status per change, so five messages delivered at once can come as several
 * statuses a few milliseconds apart: announced as they come, that was a
 * notification, then a summary, then the summary again. Arrivals are gathered
 * for {@link BATCH_MS} after the last one, then the rules decide once, one
 * notification (or one summary) is shown and at most one sound plays.
 *
 * The window is short against the worker's 30 s idle stop: if the worker dies
 * inside it, those messages go unannounced rather than announced twice.
 */
import { localTimeZone } from '@/utils/zoned-time';
import { mutedUntil, readRules } from '@/utils/storage/notify-rules';
import { settings } from '@/utils/storage/settings';
import { lastStatus } from '@/utils/storage/status';
import { announce, type NewMail } from './notifications';
import { decide } from './notify-rules';
import { serialize } from './serial';
import { playSound } from './sound';

export const BATCH_MS = 250;

let pending: NewMail[] = [];
let timer: ReturnType<typeof setTimeout> | undefined;
let flushed: Promise<void> = Promise.resolve();
let release: (() => void) | undefined;

/** New mail found by a look: announced with whatever else arrives within {@link BATCH_MS}. */
export function queueArrivals(mail: readonly NewMail[]): void {
  if (mail.length === 0) return;
  pending.push(...mail);
  if (!release) flushed = new Promise<void>((resolve) => (release = resolve));
  clearTimeout(timer);
  timer = setTimeout(() => void serialize(flush).finally(done), BATCH_MS);
}

/** Resolves when nothing queued is left unannounced (for tests, and for what waits on a quiet worker). */
export function arrivalsSettled(): Promise<void> {
  return flushed;
}

/** The worker stopped: its timers are gone, and so is what they held. */
export function dropPendingArrivals(): void {
  clearTimeout(timer);
  pending = [];
  done();
}

function done(): void {
  const r = release;
  release = undefined;
  r?.();
}

async function flush(): Promise<void> {
  const batch = pending;
  pending = [];
  const [base, rules, muted, status] = await Promise.all([settings.getValue(), readRules(), mutedUntil.getValue(), lastStatus.getValue()]);
  if (!base.notifications) return;
  // Newest first across accounts and folders, as a single look would list them.
  batch.sort((a, b) => Date.parse(b.message.date) - Date.parse(a.message.date));
  const decision = decide(rules, batch, { now: Date.now(), timeZone: localTimeZone(), mutedUntil: muted });
  if (decision.notify.length === 0) return;
  await announce(decision.notify, { nameAccounts: (status?.accounts.length ?? 0) > 1 });
  if (decision.sound) await playSound(rules.sound.name, rules.sound.volume);
}
