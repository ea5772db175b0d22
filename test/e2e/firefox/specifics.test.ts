// What only Firefox does, and what Postbode does about it:
// - It runs the background as an event page and stops it 30 s after the last
//   extension event or API call; an open WebSocket doesn't count (Chrome's worker
//   stays up on socket messages by itself, and Chromium never stops one Playwright is
//   attached to). While the bridge is connected, Postbode must stay up all the same,
//   or new mail waits for the refresh alarm instead of showing within a second.
// - It puts a new add-on's button in its Extensions menu, where no badge is seen.
// - Its notifications have no buttons, and `action.openPopup` may refuse to open the
//   popup (without a user gesture, where extensions.openPopupWithoutUserGesture.enabled
//   is off, or with no focused window): a click on one then opens Postbode in a tab.
import { inject, onTestFinished } from 'vitest';
import { launchFirefox } from '../browsers/firefox';
import { expect, firefoxTest } from '../fixtures';

/** Firefox's privileged globals, in functions that run in its parent process. */
declare const Services: any;

/**
 * Firefox's limit, shortened from 30 s to 20 s for a shorter test: still longer
 * than the bridge's 15 s between pings, as 30 s is.
 */
const IDLE_TIMEOUT_MS = 20_000;

const test = firefoxTest.override('extension', { scope: 'file' }, async ({}, { onCleanup }) => {
  const extension = await launchFirefox(inject('extensionPaths').firefox, { firefoxPrefs: { 'extensions.background.idle.timeout': IDLE_TIMEOUT_MS } });
  onCleanup(() => extension.close());
  return extension;
});

test('stays running through a quiet spell longer than the idle limit, and new mail then shows within seconds', { timeout: 90_000 }, async ({ extension, bridge, inbox }) => {
  await expect.poll(() => extension.backgroundRunning()).toBe(true);
  // The status on opening and two pings, on a socket of the test's own: 30 s with
  // nothing but pings, longer than the idle limit.
  await bridge.eventMessages(3);
  expect(await extension.backgroundRunning()).toBe(true);

  await inbox.deliver({ subject: 'After a quiet spell', text: 'Pushed at once.' });
  await expect.poll(() => extension.badge(), { timeout: 10_000 }).toBe('1');
});

test("Postbode's button is on the toolbar, showing the count", async ({ extension, inbox }) => {
  await inbox.deliver({ subject: 'On the toolbar', text: 'Seen at a glance.' });
  await expect.poll(() => extension.badge(), { timeout: 10_000 }).toBe('1');
  // What Firefox draws: the button in the navigation bar and its badge.
  const button = () =>
    extension.firefox.privileged(() => {
      const node = Services.wm.getMostRecentWindow('navigator:browser').document.getElementById('postbode_postbode_app-browser-action');
      return node && { area: node.closest('toolbar')?.id ?? null, badge: node.querySelector('[badge]')?.getAttribute('badge') ?? null };
    });
  await expect.poll(button).toEqual({ area: 'nav-bar', badge: '1' });
});

test('where Firefox refuses to open the popup, a click on a notification opens Postbode in a tab', async ({ extension, inbox }) => {
  const gesturePref = 'extensions.openPopupWithoutUserGesture.enabled';
  await extension.firefox.privileged((pref: string) => Services.prefs.setBoolPref(pref, false), gesturePref);
  onTestFinished(() => extension.firefox.privileged((pref: string) => Services.prefs.clearUserPref(pref), gesturePref));

  await extension.recordNotifications();
  await inbox.deliver({ subject: 'Open me', from: 'Bob Builder <bob@example.test>', text: 'No popup this time.' });
  await expect.poll(() => extension.notifications(), { timeout: 10_000 }).toHaveLength(1);
  const [notification] = await extension.createdNotifications();

  await extension.clickNotification!(notification!.id);
  // No webmail address for this account: the popup's own page, in a tab.
  await expect.poll(() => extension.tabs(), { timeout: 10_000 }).toContain(extension.url('popup.html'));
  expect(await extension.toolbarPopup()).toBeNull();
  await expect.poll(() => extension.notifications()).toEqual([]);
});
