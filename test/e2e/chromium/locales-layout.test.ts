// Every translation at the popup's size (420×580): no control overflows its toolbar or
// leaves the window, in the list and in a message, and dates are in that language.
// One Chromium per language (its UI language is fixed at launch by --lang), paired with
// the file's bridge through storage, as the native host would pair it.
import { readdirSync } from 'node:fs';
import { inject, onTestFinished } from 'vitest';
import { launchChromium } from '../browsers/chromium';
import { expect, test } from '../fixtures';
import { overflowIn, TOOLBARS } from '../support/layout.in-page';

declare const chrome: typeof import('wxt/browser').browser;

const LOCALES = readdirSync('public/_locales');
const SOON = { timeout: 15_000 };
const SUBJECT = 'Quarterly planning: the agenda for Thursday and the numbers';
const DATE = new Date('2026-03-12T09:15:00Z');

test.for(LOCALES)('%s fits the popup: list and message, no control outside', async (locale, { bridge, mail }) => {
  await mail.empty();
  await mail.deliver({
    subject: SUBJECT,
    from: 'Marieke van den Broek-Oosterhuis <marieke.vandenbroek@example.test>',
    text: 'Hi Alice, here is the agenda.',
    html: '<p>Hi Alice, here is the agenda.</p>',
    attachments: [{ filename: 'kwartaalcijfers-2026-eerste-kwartaal-definitief.pdf', content: Buffer.alloc(2900, 1) }],
    date: DATE,
  });
  const extension = await launchChromium(inject('extensionPaths').chromium, { chromiumArgs: [`--lang=${locale}`] });
  onTestFinished(() => extension.close());
  const tab = await extension.newTab();
  await tab.goto(extension.url('manifest.json'));
  await tab.evaluate((pairing) => chrome.storage.local.set({ pairing }), { url: bridge.url, token: bridge.token });

  await tab.goto(extension.url('popup.html'));
  const row = tab.getByRole('listitem').filter({ hasText: SUBJECT });
  await row.waitFor(SOON);
  // The row's actions are drawn for the row focused.
  await row.getByRole('button', { name: SUBJECT }).evaluate((el) => el.focus());
  expect(await tab.evaluate(overflowIn, TOOLBARS), `${locale}: list`).toEqual([]);

  await row.getByRole('button', { name: SUBJECT }).click();
  const view = tab.getByRole('article', { name: SUBJECT });
  await view.waitFor(SOON);
  await view.locator('.attachment').waitFor(SOON);
  expect(await tab.evaluate(overflowIn, TOOLBARS), `${locale}: message`).toEqual([]);
  const full = new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeStyle: 'short', timeZone: 'UTC' }).format(DATE);
  expect(await view.locator('time').innerText()).toBe(full);

  // The parts loaded on demand: a new message with Cc/Bcc open, the folder picker, search results.
  // (The message is read now: the unread list is empty, the search field is there.)
  await tab.goto(extension.url('popup.html'));
  await tab.locator('.search__input').waitFor(SOON);
  await tab.locator('.top__tools > .icon-button:first-child').click(); // "New message", whatever its name in this language
  const compose = tab.locator('form.compose');
  await compose.waitFor(SOON);
  await compose.locator('.compose__cc').click();
  await compose.locator('#compose-bcc').waitFor(SOON);
  expect(await tab.evaluate(overflowIn, TOOLBARS), `${locale}: compose`).toEqual([]);
  await compose.locator('.view__bar > .icon-button:first-child').click(); // back, the draft kept
  await tab.locator('.search__input').fill('agenda');
  await tab.locator('.results .row').waitFor(SOON);
  expect(await tab.evaluate(overflowIn, TOOLBARS), `${locale}: search`).toEqual([]);
});
