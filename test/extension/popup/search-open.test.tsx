// A message opened from search results: opening marks it read as opening a row
// does, and what is done to it (star, spam, their Undo) shows on the open
// message and on the results, though it is no row of the list.
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeApi } from '../support/fake-api';
import { listedSubjects, renderPopup, row, startPaired } from '../support/popup';
import { NOW, summary } from '../support/summary';

const click = (el: HTMLElement) => fireEvent.click(el);

/** 26 unseen in INBOX, so the oldest ("Old invoice") isn't in the list's first page; "Release notes", read, in a watched list folder. */
async function setup() {
  const inbox = [
    summary('Lunch'),
    ...Array.from({ length: 24 }, (_, i) => summary(`Mail ${i + 1}`)),
    summary('Old invoice', { date: new Date(NOW - 400 * 86_400_000).toISOString() }),
  ];
  const api = new FakeApi([
    {
      id: 'work',
      name: 'Work',
      watch: ['INBOX', 'Lists/Postbode'],
      mailboxes: { INBOX: inbox, 'Lists/Postbode': [summary('Release notes', { seen: true, mailbox: 'Lists/Postbode' })], '\\Junk': [] },
    },
  ]);
  await renderPopup({ createApi: () => api, now: () => NOW });
  await screen.findByText('Lunch');
  expect(listedSubjects()).not.toContain('Old invoice');
  return api;
}

async function search(text: string): Promise<HTMLElement> {
  const field = screen.getByRole('searchbox', { name: 'Search mail' });
  fireEvent.input(field, { target: { value: text } });
  fireEvent.submit(field.closest('form')!);
  return screen.findByRole('region', { name: `Results for “${text}”` });
}

/** The results' row about `subject`. */
function result(results: HTMLElement, subject: string): HTMLElement | undefined {
  return within(results).queryAllByRole('listitem').find((li) => within(li).queryByText(subject));
}

const unreadDot = (li: HTMLElement) => within(li).queryByRole('img', { name: 'Unread' });

beforeEach(startPaired);
afterEach(cleanup);

describe('a message opened from search', () => {
  it('takes the star off the open message again on Undo', async () => {
    const api = await setup();
    const release = api.accounts[0]!.mailboxes['Lists/Postbode']![0]!;
    click((await within(await search('release')).findByText('Release notes')).closest('button')!);
    const view = await screen.findByRole('article', { name: 'Release notes' });
    click(within(view).getByRole('button', { name: 'Star' }));
    await waitFor(() => expect(release.flagged).toBe(true));
    expect(within(view).getByRole('button', { name: 'Remove star' })).toBeTruthy();

    click(await screen.findByRole('button', { name: 'Undo' }));
    await waitFor(() => expect(release.flagged).toBe(false));
    await waitFor(() => expect(within(view).getByRole('button', { name: 'Star' })).toBeTruthy());

    click(within(view).getByRole('button', { name: 'Back' }));
    const results = await screen.findByRole('region', { name: 'Results for “release”' });
    await within(results).findByText('Release notes');
    expect(within(result(results, 'Release notes')!).queryByRole('img', { name: 'Starred' })).toBeNull();
  });

  it('leaves the results when marked as spam, and comes back on Undo, where it opens again', async () => {
    const api = await setup();
    click((await within(await search('release')).findByText('Release notes')).closest('button')!);
    const view = await screen.findByRole('article', { name: 'Release notes' });
    click(within(view).getByRole('button', { name: 'Spam' }));
    const results = await screen.findByRole('region', { name: 'Results for “release”' });
    await waitFor(() => expect(api.accounts[0]!.mailboxes['\\Junk']!.map((m) => m.subject)).toEqual(['Release notes']));
    expect(result(results, 'Release notes')).toBeUndefined();

    click(screen.getByRole('button', { name: 'Undo' }));
    await waitFor(() => expect(api.accounts[0]!.mailboxes['Lists/Postbode']!.map((m) => m.subject)).toEqual(['Release notes']));
    await waitFor(() => expect(result(results, 'Release notes')).toBeDefined());
    click(within(result(results, 'Release notes')!).getByRole('button'));
    const again = await screen.findByRole('article', { name: 'Release notes' });
    expect(await within(again).findByText('Body of Release notes')).toBeTruthy();
  });

  it('is marked read on opening, on the server and in the results; Mark as unread undoes it', async () => {
    const api = await setup();
    const invoice = api.accounts[0]!.mailboxes.INBOX!.at(-1)!;
    const results = await search('invoice');
    await within(results).findByText('Old invoice');
    expect(unreadDot(result(results, 'Old invoice')!)).not.toBeNull();
    click((await within(results).findByText('Old invoice')).closest('button')!);
    const view = await screen.findByRole('article', { name: 'Old invoice' });
    await waitFor(() => expect(invoice.seen).toBe(true));
    expect(api.callsOf('setSeen')).toEqual([['work', invoice.id, true]]);

    click(within(view).getByRole('button', { name: 'Back' }));
    let back = await screen.findByRole('region', { name: 'Results for “invoice”' });
    await within(back).findByText('Old invoice');
    expect(unreadDot(result(back, 'Old invoice')!)).toBeNull();

    click((await within(back).findByText('Old invoice')).closest('button')!);
    click(within(await screen.findByRole('article', { name: 'Old invoice' })).getByRole('button', { name: 'Mark as unread' }));
    await waitFor(() => expect(invoice.seen).toBe(false));
    click(screen.getByRole('button', { name: 'Back' }));
    back = await screen.findByRole('region', { name: 'Results for “invoice”' });
    await within(back).findByText('Old invoice');
    expect(unreadDot(result(back, 'Old invoice')!)).not.toBeNull();
  });

  it('that is also a row of the list is marked read in both, and stays in the list', async () => {
    const api = await setup();
    const lunch = api.accounts[0]!.mailboxes.INBOX![0]!;
    click((await within(await search('lunch')).findByText('Lunch')).closest('button')!);
    await screen.findByRole('article', { name: 'Lunch' });
    await waitFor(() => expect(lunch.seen).toBe(true));
    click(screen.getByRole('button', { name: 'Back' }));
    const results = await screen.findByRole('region', { name: 'Results for “lunch”' });
    await within(results).findByText('Lunch');
    expect(unreadDot(result(results, 'Lunch')!)).toBeNull();

    fireEvent.keyDown(screen.getByRole('searchbox'), { key: 'Escape' });
    await screen.findByText('Mail 1');
    expect(unreadDot(row('Lunch'))).toBeNull();
  });
});
