// Quiet hours and VIP senders, end to end in Chromium: set on the options page
// as a user does, then mail from two senders arrives during quiet hours. Only
// the VIP's is announced; the badge counts both.
import { expect, test } from '../fixtures';

/** The extension page's own API, inside `page.evaluate`. */
declare const chrome: { storage: { sync: { get(key: string): Promise<Record<string, unknown>> } } };

const SOON = { timeout: 10_000 };

test('during quiet hours a VIP message notifies and a non-VIP one does not; the badge counts both', async ({ extension, inbox, options }) => {
  await options.open();
  const page = options.page.playwright;
  const section = page.getByRole('region', { name: 'Notifications', exact: true });

  // Quiet all day, every day (00:00 to 00:00), whatever the clock says when this runs.
  await section.getByRole('checkbox', { name: 'Quiet hours for all accounts' }).check();
  await section.getByLabel('From').first().fill('00:00');
  await section.getByLabel('To', { exact: true }).first().fill('00:00');
  await section.getByRole('checkbox', { name: 'VIP senders notify during quiet hours and mutes' }).check();
  const vip = section.getByRole('textbox', { name: 'VIP senders for Alice (addresses or domains, one per line)' });
  await vip.fill('boss@example.test');
  await vip.blur();
  await expect
    .poll(() => page.evaluate(() => chrome.storage.sync.get('notifyRules').then((got) => got.notifyRules)), SOON)
    .toMatchObject({ quiet: { enabled: true, from: '00:00', to: '00:00' }, vipBreaksQuiet: true, accounts: { alice: { vip: ['boss@example.test'] } } });

  await extension.recordNotifications();
  await inbox.deliver({ subject: 'Newsletter', from: 'Shop <news@shop.example.test>', text: 'Sale!' });
  await inbox.deliver({ subject: 'Call me', from: 'The Boss <boss@example.test>', text: 'Now, please.' });

  await expect.poll(() => extension.badge(), SOON).toBe('2');
  await expect.poll(() => extension.createdNotifications(), SOON).toHaveLength(1);
  // No wait for a late newsletter needed: it was delivered first, so any look that
  // found the boss's message found it too, in the same batch or an earlier one.
  expect(await extension.createdNotifications()).toEqual([
    { id: expect.any(String), title: 'The Boss', message: 'Call me\nNow, please.', buttons: ['Mark as read', 'Delete'] },
  ]);
});
