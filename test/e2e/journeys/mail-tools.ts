// Issue 17 in the popup, checked on the servers: a new message and a forward reach the
// SMTP server; search finds a message and opens it; "All mail" finds read mail; a star
// is \Flagged on Dovecot; "Spam" lands in Junk.
import PostalMime from 'postal-mime';
import type { BrowserName } from '../browsers/driver';
import { expect, testIn } from '../fixtures';

const SOON = { timeout: 10_000 };

export function mailToolJourneys(browser: BrowserName): void {
  const test = testIn(browser);

  test('"New message" sends To and Cc with a subject and text over SMTP and files a copy in Sent', async ({ inbox, outbox, popup }) => {
    await popup.open();
    const form = await popup.compose();
    await form.fill({ to: 'Bob Builder <bob@example.test>', cc: 'carol@example.test', subject: 'Garden party', text: 'Saturday at three.\nBring a chair.' });
    await form.send();

    const sent = await outbox.waitForMessage((m) => m.raw.includes('Garden party'), 10_000);
    expect([...sent.to].sort()).toEqual(['bob@example.test', 'carol@example.test']);
    const parsed = await PostalMime.parse(sent.raw);
    expect(parsed.subject).toBe('Garden party');
    expect(parsed.to?.map((a) => a.address)).toEqual(['bob@example.test']);
    expect(parsed.cc?.map((a) => a.address)).toEqual(['carol@example.test']);
    expect(parsed.text?.trim()).toBe('Saturday at three.\nBring a chair.');
    await expect.poll(() => inbox.find('Sent', 'Garden party'), SOON).toBeDefined();
  });

  test('"Forward" sends the message on with a note, and search finds a message and opens it', async ({ inbox, outbox, popup }) => {
    await inbox.deliver({ subject: 'Invoice 2211', from: 'Shop <billing@shop.example>', text: 'Amount due: 42 EUR.' });
    await inbox.deliver({ subject: 'Weekend plans', from: 'Ann <ann@example.test>', text: 'Hiking or the museum?' });
    await popup.open();
    await popup.row('Invoice 2211').waitFor();

    const results = await popup.search('hiking');
    await results.getByRole('listitem').filter({ hasText: 'Weekend plans' }).waitFor();
    expect(await results.getByRole('listitem').count()).toBe(1);
    await results.getByRole('button', { name: /Weekend plans/ }).click();
    await popup.page.getByRole('heading', { name: 'Weekend plans', exact: true }).waitFor();
    await popup.page.getByRole('button', { name: 'Back', exact: true }).click();
    await popup.page.getByRole('searchbox', { name: 'Search mail' }).fill('');

    const message = await popup.openMessage('Invoice 2211');
    await message.forward('dave@example.test', 'For the books.');
    const sent = await outbox.waitForMessage((m) => m.raw.includes('Invoice 2211') && m.to.includes('dave@example.test'), 10_000);
    const parsed = await PostalMime.parse(sent.raw);
    expect(parsed.subject).toBe('Fwd: Invoice 2211');
    expect(parsed.text).toContain('For the books.');
    expect(parsed.text).toContain('Amount due: 42 EUR.');
  });

  test('"All mail" finds a read message; a star is \\Flagged on the server, and "Spam" moves it to Junk', async ({ inbox, popup }) => {
    await inbox.empty(['Junk']);
    await inbox.deliver({ subject: 'Old newsletter', text: 'Read long ago.' });
    await inbox.deliver({ subject: 'Fresh news', text: 'Unread.' });
    await inbox.markSeen('Old newsletter');
    await popup.open();
    await popup.row('Fresh news').waitFor();
    expect(await popup.shows('Old newsletter')).toBe(false);

    await popup.show('All mail');
    await popup.row('Old newsletter').waitFor();
    await popup.star('Old newsletter');
    await expect.poll(() => inbox.flags('INBOX', 'Old newsletter'), SOON).toContain('\\Flagged');

    await popup.spam('Old newsletter');
    await expect.poll(() => inbox.find('Junk', 'Old newsletter'), SOON).toBeDefined();
    expect(await inbox.find('INBOX', 'Old newsletter')).toBeUndefined();
    expect(await popup.shows('Old newsletter')).toBe(false);
  });
}
