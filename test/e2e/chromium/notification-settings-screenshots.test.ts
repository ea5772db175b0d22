// The README's pictures of the options page's Notifications section, light and
// dark, from the real page with settings a person might choose. Written to
// docs/screenshots/ only with `npm run screenshots` (POSTBODE_UPDATE_SCREENSHOTS).
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { expect, SCREENSHOTS, test } from '../fixtures';

declare const chrome: { storage: { sync: { set(items: Record<string, unknown>): Promise<void> } } };

test('the Notifications settings: sound, quiet hours, VIP senders, in light and dark', async ({ inbox: _, options }) => {
  await mkdir(SCREENSHOTS, { recursive: true });
  await options.open();
  const page = options.page.playwright;
  // Sound on needs Chrome's permission prompt, which a test can't click: stored as if granted.
  await page.evaluate(() =>
    chrome.storage.sync.set({
      notifyRules: {
        sound: { enabled: true, name: 'chime', volume: 0.6 },
        quiet: { enabled: true, from: '22:00', to: '07:00', days: [0, 1, 2, 3, 4, 5, 6] },
        vipBreaksQuiet: true,
        accounts: { alice: { notify: true, mutedFolders: [], vip: ['boss@example.test', 'family.example'], onlyVip: false, quiet: null } },
      },
    }),
  );
  const section = page.getByRole('region', { name: 'Notifications', exact: true });
  await expect.poll(() => section.getByRole('textbox', { name: /^VIP senders for Alice/ }).inputValue()).toBe('boss@example.test\nfamily.example');
  await page.mouse.move(0, 0);
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await section.screenshot({ path: path.join(SCREENSHOTS, `options-notifications-${scheme}.png`) });
  }
});

test('the popup header mutes notifications for an hour or until tomorrow, in light and dark', async ({ extension, inbox, popup }) => {
  await mkdir(SCREENSHOTS, { recursive: true });
  await inbox.deliver({ subject: 'Quarterly planning: agenda', from: 'Marieke de Vries <marieke@example.test>', text: 'Hi Alice, here is the agenda for Thursday.' });
  await expect.poll(() => extension.badge(), { timeout: 10_000 }).toBe('1');
  await popup.open();
  const page = popup.page.playwright;
  await page.getByRole('button', { name: 'Mute notifications' }).click();
  await page.getByRole('button', { name: 'Mute for 1 hour' }).waitFor();
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: path.join(SCREENSHOTS, `popup-mute-${scheme}.png`), clip: { x: 0, y: 0, width: page.viewportSize()?.width ?? 420, height: 200 } });
  }
  // A choice takes effect for the background (which then holds notifications back).
  await page.getByRole('button', { name: 'Mute for 1 hour' }).click();
  await page.getByRole('button', { name: /^Notifications muted until / }).waitFor();
});
