// Pairing, then the toolbar badge and the notifications following the server:
// mail delivered by another client, read or deleted elsewhere, and the service
// worker stopped under the extension's feet.
import { expect, test, type CreatedNotification } from './fixtures';

/** "Within seconds": how long the badge may take to follow the server. */
const SOON = { timeout: 10_000 };

/** The notification about the message with this subject (the record holds sender, subject and snippet). */
function about(created: CreatedNotification[], subject: string): CreatedNotification[] {
  return created.filter((n) => n.message.split('\n')[0] === subject);
}

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
    { id: expect.any(String), title: 'Bob Builder', message: 'Lunch on Friday?\nShall we try the new place?' },
    { id: expect.any(String), title: 'Carol', message: 'Minutes of Monday\nAttached are the minutes.' },
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

test('comes back after its service worker is stopped, with the right badge and no repeated notifications', async ({ extension, inbox }) => {
  await extension.recordNotifications();
  await inbox.deliver({ subject: 'Before the stop', text: 'Announced while the worker ran.' });
  await expect.poll(() => extension.notifications(), SOON).toHaveLength(1);
  const [before] = await extension.createdNotifications();

  await extension.stopWorker();
  await inbox.deliver({ subject: 'While it was stopped', text: 'Nobody was listening.' });
  // The user closes the old notification (an event the worker wakes for), and the
  // refresh alarm comes due: the next event brings the worker back. Were the old
  // message announced again, its notification would be back.
  await extension.dismissNotifications();
  await extension.fireAlarms();
  await expect.poll(() => extension.workerRunning(), SOON).toBe(true);
  await expect.poll(() => extension.badge(), SOON).toBe('2');
  await expect.poll(() => extension.notifications(), SOON).toHaveLength(1);
  expect(await extension.notifications()).not.toContain(before!.id);

  // The new worker's record starts now; one more message, and only it is announced.
  await extension.recordNotifications();
  await inbox.deliver({ subject: 'After the restart', text: 'Push works again.' });
  await expect.poll(() => extension.badge(), SOON).toBe('3');
  await expect.poll(() => extension.notifications(), SOON).toHaveLength(2);
  expect((await extension.createdNotifications()).map((n) => n.message.split('\n')[0])).toEqual(['After the restart']);
  expect(await extension.notifications()).not.toContain(before!.id);
});

test('after its service worker is stopped, looks again even when the count is the same: one read, one new', async ({ extension, inbox }) => {
  await extension.recordNotifications();
  await inbox.deliver({ subject: 'Read while it was stopped', text: 'Announced while the worker ran.' });
  await expect.poll(() => extension.badge(), SOON).toBe('1');
  await expect.poll(() => extension.notifications(), SOON).toHaveLength(1);
  const [read] = await extension.createdNotifications();

  await extension.stopWorker();
  // One unread before, one unread after: the count alone says nothing happened.
  await inbox.markSeen('Read while it was stopped');
  await inbox.deliver({ subject: 'New while it was stopped', text: 'Nobody was listening.' });
  await extension.fireAlarms();
  await expect.poll(() => extension.workerRunning(), SOON).toBe(true);

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
