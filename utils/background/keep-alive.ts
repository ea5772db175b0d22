/**
 * Keeping the background alive while the bridge is connected, so that pushed mail
 * reaches the badge within a second in Firefox as it does in Chrome.
 *
 * Chrome keeps an MV3 service worker running while its WebSocket receives messages
 * (the bridge pings every 15 s). Firefox's MV3 background is an event page that it
 * stops 30 s after the last extension event or extension API call
 * (`extensions.background.idle.timeout`); socket traffic doesn't count. Measured on
 * Firefox 153 ESR: the event page stopped 30 s after the last status, its socket went
 * with it, and new mail waited for the refresh alarm (27 s in that run, up to the
 * refresh interval). One cheap API call per socket message keeps it running exactly
 * while the bridge is there; when the bridge goes, the page may stop, and the alarm
 * brings it back as before.
 */
import { browser } from 'wxt/browser';

/** Called for every message on the events socket. Chrome gains nothing, and loses nothing. */
export function keepAlive(): void {
  try {
    // Answered by Firefox's parent process, which is what resets its idle timer.
    void browser.runtime.getPlatformInfo().catch(() => undefined);
  } catch {
    // A browser without it keeps its own rules; push still works while the page runs.
  }
}
