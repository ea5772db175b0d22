// What the README shows, taken from the real thing: the popup's list, a message
// with its images loaded through the bridge, a reply being written, and the
// options page, in light and dark. The clock and the mail are fixed, so the
// pictures only change when the UI does.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { onTestFinished } from 'vitest';
import { expect, SCREENSHOTS, test } from '../fixtures';
import type { MailClient } from '../support/mail-client';
import { solidPng, startSpyServer } from '../support/spy-server';

const NOW = new Date('2026-03-12T10:30:00Z');
const MINUTE = 60_000;
const ago = (minutes: number) => new Date(NOW.getTime() - minutes * MINUTE);
const shot = (name: string) => path.join(SCREENSHOTS, `${name}.png`);
const SCHEMES = ['light', 'dark'] as const;

async function deliverInbox(inbox: MailClient, bannerUrl: string): Promise<void> {
  const messages = [
    { subject: 'Weekend photos', from: 'Sam Okafor <sam@example.net>', minutes: 3 * 24 * 60, text: 'Uploaded them to the shared album, the ones from the dunes came out great.' },
    { subject: 'Invoice 2026-118', from: 'Accounts <billing@example.org>', minutes: 26 * 60, text: 'Please find the invoice attached. Payment is due in 14 days.' },
    { subject: 'Re: Lunch on Friday?', from: 'Jonas Becker <jonas@example.test>', minutes: 3 * 60, text: 'Sounds good, 12:30 at the usual place?' },
    { subject: 'Your parcel is on its way', from: 'Parcels <noreply@parcels.example>', minutes: 55, text: 'It arrives tomorrow between 9:00 and 13:00.' },
    {
      subject: 'Quarterly planning: agenda',
      from: 'Marieke de Vries <marieke@example.test>',
      minutes: 4,
      text: 'Hi Alice, here is the agenda for Thursday.',
      html:
        '<h2 style="color:#2a5db0;font-family:Georgia,serif">Quarterly planning</h2>' +
        `<img src="${bannerUrl}" width="360" height="60" alt="Planning banner">` +
        '<p>Hi Alice,</p><p>Here is the <a href="https://example.com/agenda">agenda</a> for Thursday:</p>' +
        '<ol><li>Numbers for Q1</li><li>Hiring</li><li>The office move</li></ol><p>See you there!<br>Marieke</p>',
    },
  ];
  for (const { minutes, ...message } of messages) await inbox.deliver({ ...message, date: ago(minutes) });
}

test('the popup lists unread mail, opens a message with its images and writes a reply, in light and dark', async ({ extension, inbox, popup }) => {
  await mkdir(SCREENSHOTS, { recursive: true });
  const images = await startSpyServer(solidPng(360, 60, [47, 111, 222]));
  onTestFinished(() => images.close());
  await deliverInbox(inbox, `${images.origin}/banner.png`);
  await expect.poll(() => extension.badge(), { timeout: 10_000 }).toBe('5');

  await popup.page.playwright.clock.setFixedTime(NOW);
  await popup.open();
  await expect.poll(() => popup.rows().then((rows) => rows.length)).toBe(5);
  expect((await popup.rows())[0]).toContain('Quarterly planning: agenda');
  await popup.page.playwright.mouse.move(0, 0); // no hover effect in the pictures
  for (const scheme of SCHEMES) {
    await popup.page.playwright.emulateMedia({ colorScheme: scheme });
    await popup.screenshot(shot(`popup-list-${scheme}`));
  }

  await popup.page.playwright.emulateMedia({ colorScheme: 'light' });
  const message = await popup.openMessage('Quarterly planning: agenda');
  await message.body().getByText('Numbers for Q1').waitFor();
  await message.loadImages();
  const banner = message.body().getByRole('img', { name: 'Planning banner' });
  await expect.poll(() => banner.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(360);
  for (const scheme of SCHEMES) {
    await popup.page.playwright.emulateMedia({ colorScheme: scheme });
    await popup.screenshot(shot(`message-${scheme}`));
  }

  await message.writeReply('Thanks Marieke, I will bring the numbers for Q1.');
  for (const scheme of SCHEMES) {
    await popup.page.playwright.emulateMedia({ colorScheme: scheme });
    await popup.screenshot(shot(`reply-${scheme}`));
  }
  // The popup reopens where it was left: back to the list, so the next test's popup
  // doesn't open on this message (gone with this test's mailbox).
  await message.back();
  await popup.row('Quarterly planning: agenda').waitFor();
});

test('the options page shows the pairing and the account, in light and dark', async ({ extension, bridge, inbox, options }) => {
  await mkdir(SCREENSHOTS, { recursive: true });
  await deliverInbox(inbox, 'https://images.example/banner.png');
  await expect.poll(() => extension.badge(), { timeout: 10_000 }).toBe('5');
  await options.open();
  await options.fill(bridge.url, bridge.token);
  expect(await options.testConnection()).toBe('Connected to the bridge. Accounts: 1.');
  await expect.poll(() => options.accounts().allInnerTexts()).toEqual([expect.stringContaining('5 unread')]);
  // The picture shows the documented default URL and an example token instead of
  // this run's random port and token, so it changes only when the page does.
  await options.fill('http://127.0.0.1:7143', 'Jgb6MdjbrR33kbf2z7GdLuc1QGhkYCU3cjDTONfRCOo');
  await options.page.getByRole('heading', { name: 'Postbode options' }).click(); // focus away from any field
  for (const scheme of SCHEMES) {
    await options.page.playwright.emulateMedia({ colorScheme: scheme });
    await options.screenshot(shot(`options-${scheme}`));
  }
});

test('"All mail", search results and a new message being written, in light and dark', async ({ extension, inbox, popup }) => {
  await mkdir(SCREENSHOTS, { recursive: true });
  await deliverInbox(inbox, 'https://images.example/banner.png');
  await inbox.markSeen('Weekend photos');
  await inbox.markSeen('Invoice 2026-118');
  await expect.poll(() => extension.badge(), { timeout: 10_000 }).toBe('3');

  await popup.page.playwright.clock.setFixedTime(NOW);
  await popup.open();
  await expect.poll(() => popup.rows().then((rows) => rows.length)).toBe(3);
  await popup.show('All mail');
  await expect.poll(() => popup.rows().then((rows) => rows.length)).toBe(5);
  await popup.star('Re: Lunch on Friday?');
  await popup.page.getByRole('button', { name: 'Undo', exact: true }).waitFor();
  await popup.page.getByRole('status').filter({ hasText: 'Starred.' }).waitFor();
  await popup.page.playwright.mouse.move(0, 0);
  await popup.page.getByRole('heading', { name: 'Postbode' }).click(); // focus away from the row
  for (const scheme of SCHEMES) {
    await popup.page.playwright.emulateMedia({ colorScheme: scheme });
    await popup.screenshot(shot(`popup-all-mail-${scheme}`));
  }

  await popup.page.playwright.emulateMedia({ colorScheme: 'light' });
  const results = await popup.search('invoice');
  await results.getByRole('listitem').filter({ hasText: 'Invoice 2026-118' }).waitFor();
  await popup.page.playwright.mouse.move(0, 0);
  for (const scheme of SCHEMES) {
    await popup.page.playwright.emulateMedia({ colorScheme: scheme });
    await popup.screenshot(shot(`popup-search-${scheme}`));
  }

  await popup.page.playwright.emulateMedia({ colorScheme: 'light' });
  await popup.page.getByRole('searchbox', { name: 'Search mail' }).fill('');
  const form = await popup.compose();
  await form.fill({
    to: 'Marieke de Vries <marieke@example.test>',
    cc: 'jonas@example.test',
    subject: 'Numbers for Q1',
    text: 'Hi Marieke,\n\nHere are the numbers for Thursday.\n\nAlice',
  });
  await form.root.getByRole('textbox', { name: 'Message', exact: true }).click();
  for (const scheme of SCHEMES) {
    await popup.page.playwright.emulateMedia({ colorScheme: scheme });
    await popup.screenshot(shot(`compose-${scheme}`));
  }
});
