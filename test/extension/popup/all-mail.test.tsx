// "Unread" and "All mail" per account, each paged with "Load more" past the first 25.
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeApi } from '../support/fake-api';
import { listedSubjects, renderPopup, row, startPaired } from '../support/popup';
import { NOW, summary } from '../support/summary';

const click = (el: HTMLElement) => fireEvent.click(el);

/** `n` messages "Mail 1" (newest) … "Mail n", the ones in `read` seen. */
function mails(n: number, read: number[] = []) {
  return Array.from({ length: n }, (_, i) =>
    summary(`Mail ${i + 1}`, { date: new Date(NOW - (i + 1) * 60_000).toISOString(), seen: read.includes(i + 1) }),
  );
}

beforeEach(startPaired);
afterEach(cleanup);

describe('Unread and All mail', () => {
  it('shows 25 unread, and "Load more" brings the next page until there is none', async () => {
    const api = new FakeApi([{ id: 'work', mailboxes: { INBOX: mails(30) } }]);
    await renderPopup({ createApi: () => api, now: () => NOW });
    await screen.findByText('Mail 1');
    expect(listedSubjects()).toHaveLength(25);

    click(screen.getByRole('button', { name: 'Load more' }));
    await waitFor(() => expect(listedSubjects()).toHaveLength(30));
    expect(listedSubjects().at(-1)).toBe('Mail 30');
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
    expect(api.callsOf('page').at(-1)).toEqual(['work', { watched: true, unseen: true, limit: 25, before: '25' }]);
  });

  it('finds read mail in "All mail", pages it too, and goes back to "Unread"', async () => {
    const api = new FakeApi([{ id: 'work', mailboxes: { INBOX: mails(28, [2, 27]) } }]);
    await renderPopup({ createApi: () => api, now: () => NOW });
    await screen.findByText('Mail 1');
    expect(listedSubjects()).not.toContain('Mail 2');
    const views = screen.getByRole('group', { name: 'Messages to show' });
    expect(within(views).getByRole('button', { name: 'Unread' }).getAttribute('aria-pressed')).toBe('true');

    click(within(views).getByRole('button', { name: 'All mail' }));
    await waitFor(() => expect(listedSubjects()).toContain('Mail 2'));
    expect(within(views).getByRole('button', { name: 'All mail' }).getAttribute('aria-pressed')).toBe('true');
    expect(listedSubjects()).toHaveLength(25);
    click(screen.getByRole('button', { name: 'Load more' }));
    await waitFor(() => expect(listedSubjects()).toContain('Mail 27'));
    expect(listedSubjects()).toHaveLength(28);

    click(within(views).getByRole('button', { name: 'Unread' }));
    await waitFor(() => expect(listedSubjects()).not.toContain('Mail 2'));
    expect(listedSubjects()).toHaveLength(25);
  });

  it('keeps the pages loaded through a refresh', async () => {
    const api = new FakeApi([{ id: 'work', mailboxes: { INBOX: mails(30) } }]);
    await renderPopup({ createApi: () => api, now: () => NOW });
    await screen.findByText('Mail 1');
    click(screen.getByRole('button', { name: 'Load more' }));
    await waitFor(() => expect(listedSubjects()).toHaveLength(30));
    click(screen.getByRole('button', { name: 'Refresh' }));
    await waitFor(() => expect(api.callsOf('status')).toHaveLength(2));
    await waitFor(() => expect(api.callsOf('page').at(-1)).toEqual(['work', { watched: true, unseen: true, limit: 30 }]));
    expect(listedSubjects()).toHaveLength(30);
  });

  it('offers "All mail" when nothing is unread', async () => {
    const api = new FakeApi([{ id: 'work', mailboxes: { INBOX: mails(2, [1, 2]) } }]);
    await renderPopup({ createApi: () => api, now: () => NOW });
    click(await screen.findByRole('button', { name: 'All mail' }));
    await waitFor(() => expect(listedSubjects()).toEqual(['Mail 1', 'Mail 2']));
  });

  it('lists the watched folders together, each row from outside INBOX with its folder', async () => {
    const lists = [summary('From a list', { mailbox: 'Lists/Postbode', date: new Date(NOW - 30_000).toISOString() })];
    const api = new FakeApi([{ id: 'work', watch: ['INBOX', 'Lists/Postbode'], mailboxes: { INBOX: mails(1), 'Lists/Postbode': lists } }]);
    await renderPopup({ createApi: () => api, now: () => NOW });
    await screen.findByText('From a list');
    expect(listedSubjects()).toEqual(['From a list', 'Mail 1']);
    expect(row('From a list').querySelector('.row__folder')?.textContent).toBe('Postbode');
    expect(row('Mail 1').querySelector('.row__folder')).toBeNull();
  });
});
