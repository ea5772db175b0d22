// axe-core on the extension's pages in Chromium, in light and dark: no serious or
// critical WCAG 2.1 AA violation (colour contrast among them). Another view joins with
// one more test of this shape: open it, then `seriousViolations(tab)` per scheme.
import { expect, test } from '../fixtures';
import { COLOR_SCHEMES, seriousViolations, useColorScheme } from '../support/axe';

const SOON = { timeout: 15_000 };

test('the popup list and a message have no serious accessibility violations, light or dark', async ({ extension, inbox, popup }) => {
  await inbox.deliver({ subject: 'Quarterly planning', from: 'Marieke de Vries <marieke@example.test>', html: '<p>Hi Alice, here is the <a href="https://example.com/agenda">agenda</a>.</p>', attachments: [{ filename: 'agenda.pdf', content: Buffer.alloc(2000, 1) }] });
  await inbox.deliver({ subject: 'Lunch on Friday?', from: 'Jonas Becker <jonas@example.test>', text: 'Sounds good, 12:30?' });
  await expect.poll(() => extension.badge(), SOON).toBe('2');
  await popup.open();
  await popup.row('Lunch on Friday?').waitFor();
  for (const scheme of COLOR_SCHEMES) {
    await useColorScheme(popup.page, scheme);
    expect(await seriousViolations(popup.page), `list, ${scheme}`).toEqual([]);
  }
  // A row pointed at (its actions drawn, selected colours), and the Undo bar after an action.
  await popup.row('Quarterly planning').getByRole('button', { name: 'Quarterly planning' }).evaluate((el) => el.focus());
  await popup.markRead('Lunch on Friday?');
  await popup.page.getByRole('button', { name: 'Undo', exact: true }).waitFor();
  for (const scheme of COLOR_SCHEMES) {
    await useColorScheme(popup.page, scheme);
    expect(await seriousViolations(popup.page), `list with Undo, ${scheme}`).toEqual([]);
  }
  const message = await popup.openMessage('Quarterly planning');
  await message.root.getByText('agenda.pdf').waitFor(SOON);
  for (const scheme of COLOR_SCHEMES) {
    await useColorScheme(popup.page, scheme);
    expect(await seriousViolations(popup.page), `message, ${scheme}`).toEqual([]);
  }
});

test('the options page has no serious accessibility violations, light or dark', async ({ inbox: _, options }) => {
  await options.open();
  await expect.poll(() => options.accounts().count(), SOON).toBeGreaterThan(0);
  for (const scheme of COLOR_SCHEMES) {
    await useColorScheme(options.page, scheme);
    expect(await seriousViolations(options.page), `options, ${scheme}`).toEqual([]);
  }
});

test('"All mail", search results and a new message have no serious accessibility violations, light or dark', async ({ extension, inbox, popup }) => {
  await inbox.deliver({ subject: 'Hiking on Sunday', from: 'Sam Okafor <sam@example.test>', text: 'The hiking route is attached.', attachments: [{ filename: 'route.gpx', content: Buffer.alloc(500, 1) }] });
  await inbox.deliver({ subject: 'Invoice 2026-118', from: 'Accounts <accounts@example.test>', text: 'Due in 14 days.' });
  await expect.poll(() => extension.badge(), SOON).toBe('2');
  await popup.open();
  await popup.markRead('Invoice 2026-118');
  await popup.show('All mail');
  await popup.row('Invoice 2026-118').waitFor();
  await popup.star('Hiking on Sunday');
  for (const scheme of COLOR_SCHEMES) {
    await useColorScheme(popup.page, scheme);
    expect(await seriousViolations(popup.page), `All mail, ${scheme}`).toEqual([]);
  }
  const results = await popup.search('hiking');
  await results.getByText('Hiking on Sunday').waitFor(SOON);
  for (const scheme of COLOR_SCHEMES) {
    await useColorScheme(popup.page, scheme);
    expect(await seriousViolations(popup.page), `search results, ${scheme}`).toEqual([]);
  }
  await popup.page.getByRole('searchbox', { name: 'Search mail' }).fill('');
  const form = await popup.compose();
  await form.fill({ to: 'sam@example.test', cc: 'accounts@example.test', subject: 'Sunday', text: 'Count me in.' });
  for (const scheme of COLOR_SCHEMES) {
    await useColorScheme(popup.page, scheme);
    expect(await seriousViolations(popup.page), `new message, ${scheme}`).toEqual([]);
  }
});
