// The bridge goes away (the user stopped it, or it crashed) and comes back:
// the badge and the popup say so, then recover without anyone touching them.
import type { BrowserName } from '../browsers/driver';
import { expect, testIn } from '../fixtures';

const SOON = { timeout: 10_000 };
/**
 * The worker retries after 1, 2, 4 … 30 s while the bridge is down (the alarm is
 * the backstop), and the bridge needs a moment to start: usually 2 s, at worst 30 s.
 */
const RECOVERY = { timeout: 45_000 };
/**
 * SIGTERM waits for in-flight requests, and a keep-alive connection that was busy
 * then can keep the bridge answering for ~15 s (reported). The tests stop it
 * when nothing is in flight, but allow for that and a slow recovery.
 */
const OUTAGE_TEST = { timeout: 120_000 };

export function bridgeOutageJourneys(browser: BrowserName): void {
  const test = testIn(browser);

  test('says so on the badge and in the popup while the bridge is down, and recovers by itself when it is back', OUTAGE_TEST, async ({ extension, bridge, inbox, popup }) => {
    await inbox.deliver({ subject: 'Before the outage', text: 'All is well.' });
    await expect.poll(() => extension.badge(), SOON).toBe('1');
    await expect.poll(() => extension.notifications(), SOON).toHaveLength(1);
    await popup.open();
    await popup.row('Before the outage').waitFor();
    await popup.idle();
    // Dismissed as a user would: if it were announced again after the outage, it would be back.
    await extension.dismissNotifications();

    await bridge.stop();
    await expect.poll(() => extension.badge(), SOON).toBe('×');
    expect(await extension.badgeTitle()).toBe(`The Postbode bridge does not answer at ${bridge.url}.`);
    // Opened again now, the popup says the bridge is down, over the last list it showed.
    await popup.open();
    await popup.bridgeDown().waitFor();
    await popup.row('Before the outage').waitFor();

    // Mail doesn't stop arriving because the bridge did.
    await inbox.deliver({ subject: 'During the outage', text: 'Delivered while the bridge was down.' });
    await bridge.start();

    // Nobody clicks anything: the worker reconnects on its own and counts the new mail.
    await expect.poll(() => extension.badge(), RECOVERY).toBe('2');
    // Only the mail that arrived during the outage is announced, once.
    await expect.poll(() => extension.notifications(), SOON).toHaveLength(1);
    // The next time the popup opens, it is all there.
    await popup.open();
    await popup.row('During the outage').waitFor();
    expect(await popup.shows('Before the outage')).toBe(true);
    expect(await popup.bridgeDown().count()).toBe(0);
  });

  // A popup opened while the bridge is down never learned a status revision: it
  // must still refresh when the worker reconnects (it watches `connection` too).
  test('a popup left open through the outage refreshes by itself when the bridge is back', OUTAGE_TEST, async ({ extension, bridge, inbox, popup }) => {
    await inbox.deliver({ subject: 'Waiting for the bridge', text: 'Still unread.' });
    await expect.poll(() => extension.badge(), SOON).toBe('1');
    await expect.poll(() => extension.notifications(), SOON).toHaveLength(1);

    await bridge.stop();
    await expect.poll(() => extension.badge(), SOON).toBe('×');
    await popup.open();
    await popup.bridgeDown().waitFor();
    await bridge.start();
    await expect.poll(() => extension.badge(), RECOVERY).toBe('1');

    // Well past the second or two the worker needed: it has had every chance.
    await expect.poll(() => popup.bridgeDown().count(), { timeout: 5_000 }).toBe(0);
  });
}
