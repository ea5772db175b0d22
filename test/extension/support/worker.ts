// The background worker's life in the fake browser: `startWorker()` runs its
// main() the way Chrome does on each (re)start; `stopWorker()` does what
// stopping it does: listeners, timers and the socket go, storage stays.
import { vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import background from '@/entrypoints/background';
import { arrivalsSettled, dropPendingArrivals } from '@/utils/background/arrivals';
import { closeEventSocket } from '@/utils/background/events-socket';
import { serialize } from '@/utils/background/sync';

export function startWorker(): void {
  background.main();
}

export async function stopWorker(): Promise<void> {
  closeEventSocket();
  for (const event of [
    fakeBrowser.runtime.onStartup,
    fakeBrowser.runtime.onInstalled,
    fakeBrowser.alarms.onAlarm,
    fakeBrowser.notifications.onClicked,
    fakeBrowser.notifications.onButtonClicked,
    fakeBrowser.notifications.onClosed,
    fakeBrowser.storage.local.onChanged,
    fakeBrowser.storage.sync.onChanged,
  ]) {
    event.removeAllListeners();
  }
  await settled();
  dropPendingArrivals();
}

/** Resolves once every status/mail check queued so far has finished, and what it found was announced. */
export async function settled(): Promise<void> {
  await serialize(async () => undefined);
  await arrivalsSettled();
}

/** Polls `check` until it stops throwing: waiting on a condition, never a fixed sleep. */
export function until<T>(check: () => T | Promise<T>, timeout = 10_000): Promise<T> {
  return vi.waitFor(check, { timeout, interval: 20 });
}
