// Pairing, then the toolbar badge and the notifications following the server:
// mail delivered by another client, read or deleted elsewhere, a click on a
// notification, and the background stopped under the extension's feet
// (Chromium's service worker, Firefox's event page).
import type { BrowserName } from '../browsers/driver';
import { expect, testIn, type CreatedNotification } from '../fixtures';

/** "Within seconds": how long the badge may take to follow the server. */
const SOON = { timeout: 10_000 };
/**
 * How long a stopped background may take to start again: on two busy cores a
 * Firefox event page once took more than 10 s.
 */
const RESTART = { timeout: 30_000 };

/** The notification about the message with this subject (the record holds sender, subject and snippet). */
function about(created: CreatedNotification[], subject: string): CreatedNotification[] {
  return created.filter((n) => n.message.split('\n')[0] === subject);
}

/**
 * The buttons on a new-mail notification. Firefox has no notification buttons: a
 * click on the notification opens the popup instead, where both are one click.
 */
const BUTTONS: Record<BrowserName, string[]> = { chromium: ['Mark as read', 'Delete'], firefox: [] };

export function badgeJourneys(browser: BrowserName): void {
  const test = testIn(browser);
  const buttons = BUTTONS[browser];

  test('a first install that could not pair itself (no native host here) opens the options page', async ({ extension }) => {
    await expect.poll(() => extension.tabs(), SOON).toContain(extension.url('options.html'));
  });

  test('pairs through the options page: a wrong token is refused, the right one connects', async ({ extension, bridge, options }) => {
    await options.open();
    expect(await extension.badge()).toBe('?');

    await options.fill(bridge.url, 'not-the-token-' + 'x'.repeat(40));
    expect(await options.testConnection()).toBe('The bridge refused this token. Copy it again from the bridge.');

    await options.fill(bridge.url, bridge.token);
    await options.save();
    expect(await options.testConnection()).toBe('Connected to the bridge. Accounts: 1.');

    // Paired: the "?" gives way to the count (nothing unread yet), and the page lists the account.
    await expect.poll(() => extension.badge(), SOON).toBe('');
    await expect.poll(() => options.accounts().allInnerTexts(), SOON).toEqual([expect.stringContaining('alice@example.test')]);
  });

  test('mail delivered by another client shows on the badge and is announced once', async ({ extension, inbox }) => {
    await extension.recordNotifications();

    await inbox.deliver({ subject: 'Lunch on Friday?', from: 'Bob Builder <bob@example.test>', text: 'Shall we try the new place?' });
    await expect.poll(() => extension.badge(), SOON).toBe('1');
    await expect.poll(() => extension.notifications(), SOON).toHaveLength(1);

    // Another arrival makes the extension look at the inbox again, where the
    // first message is still unread: it must not be announced a second time.
    await inbox.deliver({ subject: 'Minutes of Monday', from: 'Carol <carol@example.test>', text: 'Attached are the minutes.' });
    await expect.poll(() => extension.badge(), SOON).toBe('2');
    await expect.poll(() => extension.notifications(), SOON).toHaveLength(2);

    expect(await extension.createdNotifications()).toEqual([
      { id: expect.any(String), title: 'Bob Builder', message: 'Lunch on Friday?\nShall we try the new place?', buttons },
      { id: expect.any(String), title: 'Carol', message: 'Minutes of Monday\nAttached are the minutes.', buttons },
    ]);
    expect(await extension.notifications()).toEqual((await extension.createdNotifications()).map((n) => n.id).sort());
    expect(await extension.badgeTitle()).toBe('Postbode: 2 unread\nAlice: 2 unread');
  });

  test('follows another client that reads or deletes mail, closing those notifications and announcing nothing again', async ({ extension, inbox }) => {
    await extension.recordNotifications();
    for (const [subject, count] of [['Invoice 118', '1'], ['Parcel on its way', '2'], ['Weekend photos', '3']] as const) {
      await inbox.deliver({ subject, text: `About ${subject}.` });
      await expect.poll(() => extension.badge(), SOON).toBe(count);
    }
    await expect.poll(() => extension.notifications(), SOON).toHaveLength(3);
    const created = await extension.createdNotifications();
    const [invoice] = about(created, 'Invoice 118');
    const [parcel] = about(created, 'Parcel on its way');

    await inbox.markSeen('Invoice 118');
    await expect.poll(() => extension.badge(), SOON).toBe('2');
    await expect.poll(() => extension.notifications(), SOON).not.toContain(invoice!.id);

    await inbox.remove('Parcel on its way');
    await expect.poll(() => extension.badge(), SOON).toBe('1');
    await expect.poll(() => extension.notifications(), SOON).not.toContain(parcel!.id);

    // New mail after both changes: once it is announced, every look the changes
    // caused is over (they run one at a time), so a repeat would be recorded by now.
    await inbox.deliver({ subject: 'Build failed on main', text: 'Job 881 failed.' });
    await expect.poll(() => extension.badge(), SOON).toBe('2');
    await expect.poll(() => extension.notifications(), SOON).toHaveLength(2);
    expect((await extension.createdNotifications()).map((n) => n.message.split('\n')[0])).toEqual([
      'Invoice 118',
      'Parcel on its way',
      'Weekend photos',
      'Build failed on main',
    ]);
  });

  // Headless Chromium shows notifications nowhere a test could click them.
  test.skipIf(browser === 'chromium')('a click on a new-mail notification closes it and opens the popup', async ({ extension, inbox }) => {
    await extension.recordNotifications();
    await inbox.deliver({ subject: 'Click me', from: 'Bob Builder <bob@example.test>', text: 'Opens Postbode.' });
    await expect.poll(() => extension.notifications(), SOON).toHaveLength(1);
    const [notification] = await extension.createdNotifications();

    await extension.clickNotification!(notification!.id);
    await expect.poll(() => extension.toolbarPopup(), SOON).toBe(extension.url('popup.html'));
    await expect.poll(() => extension.notifications(), SOON).toEqual([]);
  });

  test('comes back after its background is stopped, with the right badge and no repeated notifications', async ({ extension, inbox }) => {
    await extension.recordNotifications();
    await inbox.deliver({ subject: 'Before the stop', text: 'Announced while the background ran.' });
    await expect.poll(() => extension.notifications(), SOON).toHaveLength(1);
    const [before] = await extension.createdNotifications();

    await extension.stopBackground();
    await inbox.deliver({ subject: 'While it was stopped', text: 'Nobody was listening.' });
    // The user closes the old notification (an event the background wakes for), and the
    // refresh alarm comes due: the next event brings the background back. Were the old
    // message announced again, its notification would be back.
    await extension.dismissNotifications();
    await extension.fireAlarms();
    await expect.poll(() => extension.backgroundRunning(), RESTART).toBe(true);
    await expect.poll(() => extension.badge(), SOON).toBe('2');
    await expect.poll(() => extension.notifications(), SOON).toHaveLength(1);
    expect(await extension.notifications()).not.toContain(before!.id);

    // A new record from now on; one more message, and only it is announced.
    await extension.recordNotifications();
    await inbox.deliver({ subject: 'After the restart', text: 'Push works again.' });
    await expect.poll(() => extension.badge(), SOON).toBe('3');
    await expect.poll(() => extension.notifications(), SOON).toHaveLength(2);
    expect((await extension.createdNotifications()).map((n) => n.message.split('\n')[0])).toEqual(['After the restart']);
    expect(await extension.notifications()).not.toContain(before!.id);
  });

  test('after its background is stopped, looks again even when the count is the same: one read, one new', async ({ extension, inbox }) => {
    await extension.recordNotifications();
    await inbox.deliver({ subject: 'Read while it was stopped', text: 'Announced while the background ran.' });
    await expect.poll(() => extension.badge(), SOON).toBe('1');
    await expect.poll(() => extension.notifications(), SOON).toHaveLength(1);
    const [read] = await extension.createdNotifications();

    await extension.stopBackground();
    // One unread before, one unread after: the count alone says nothing happened.
    await inbox.markSeen('Read while it was stopped');
    await inbox.deliver({ subject: 'New while it was stopped', text: 'Nobody was listening.' });
    await extension.fireAlarms();
    await expect.poll(() => extension.backgroundRunning(), RESTART).toBe(true);

    // The read message's notification closes; the new message gets one of its own.
    await expect.poll(() => extension.notifications(), SOON).not.toContain(read!.id);
    await expect.poll(() => extension.notifications(), SOON).toHaveLength(1);
    expect(await extension.badge()).toBe('1');

    // One more message, and only it is announced: the one from the gap isn't again.
    await extension.recordNotifications();
    await inbox.deliver({ subject: 'After the restart', text: 'Push works again.' });
    await expect.poll(() => extension.badge(), SOON).toBe('2');
    await expect.poll(() => extension.notifications(), SOON).toHaveLength(2);
    expect((await extension.createdNotifications()).map((n) => n.message.split('\n')[0])).toEqual(['After the restart']);
  });
}
