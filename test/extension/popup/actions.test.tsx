// One-click actions: optimistic, rolled back when the bridge says no, undoable.
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BridgeError } from '@/utils/bridge/errors';
import { FakeApi } from '../support/fake-api';
import { listedSubjects, renderPopup, row, startPaired } from '../support/popup';
import { NOW, summary } from '../support/summary';

const click = (el: HTMLElement) => fireEvent.click(el);

async function setup(...list: string[]) {
  const messages = list.map((s, i) => summary(s, { date: new Date(NOW - (i + 1) * 60_000).toISOString() }));
  const api = new FakeApi([{ id: 'work', name: 'Work', mailboxes: { INBOX: messages } }]);
  await renderPopup({ createApi: () => api, now: () => NOW });
  await screen.findByText(list[0]!);
  return { api, messages, inbox: () => api.accounts[0]!.mailboxes.INBOX! };
}

beforeEach(startPaired);
afterEach(cleanup);

describe('row actions', () => {
  it('marks a message read at once, and Undo clears the flag again', async () => {
    const { api, messages } = await setup('Alpha', 'Beta');
    click(within(row('Alpha')).getByRole('button', { name: 'Mark as read' }));
    expect(listedSubjects()).toEqual(['Beta']);
    expect((await screen.findByRole('status')).textContent).toContain('Marked as read.');
    await waitFor(() => expect(messages[0]!.seen).toBe(true));

    click(screen.getByRole('button', { name: 'Undo' }));
    expect(listedSubjects()).toEqual(['Alpha', 'Beta']);
    await waitFor(() => expect(messages[0]!.seen).toBe(false));
    expect(api.callsOf('setSeen')).toEqual([
      ['work', messages[0]!.id, true],
      ['work', messages[0]!.id, false],
    ]);
  });

  it('archives a message, and Undo moves it back to its mailbox', async () => {
    const { api, inbox } = await setup('Alpha', 'Beta');
    click(within(row('Beta')).getByRole('button', { name: 'Archive' }));
    expect(listedSubjects()).toEqual(['Alpha']);
    expect((await screen.findByRole('status')).textContent).toContain('Archived.');
    await waitFor(() => expect(api.accounts[0]!.mailboxes['\\Archive']).toHaveLength(1));

    click(screen.getByRole('button', { name: 'Undo' }));
    await waitFor(() => expect(listedSubjects()).toEqual(['Alpha', 'Beta']));
    await waitFor(() => expect(inbox().map((m) => m.subject)).toContain('Beta'));
    expect(api.accounts[0]!.mailboxes['\\Archive']).toHaveLength(0);
    const archivedId = api.callsOf('move')[1]![1];
    expect(api.callsOf('move')[1]).toEqual(['work', archivedId, 'INBOX']);
  });

  it('deletes to Trash, and Undo brings it back under its new id', async () => {
    const { api, inbox } = await setup('Alpha', 'Beta');
    click(within(row('Alpha')).getByRole('button', { name: 'Delete' }));
    expect(listedSubjects()).toEqual(['Beta']);
    expect((await screen.findByRole('status')).textContent).toContain('Moved to Trash.');
    await waitFor(() => expect(api.accounts[0]!.mailboxes.Trash).toHaveLength(1));
    const trashId = api.accounts[0]!.mailboxes.Trash![0]!.id;

    click(screen.getByRole('button', { name: 'Undo' }));
    await waitFor(() => expect(api.accounts[0]!.mailboxes.Trash).toHaveLength(0));
    const restored = inbox().find((m) => m.subject === 'Alpha')!;
    expect(api.callsOf('move')).toEqual([['work', trashId, 'INBOX']]);
    // The row now carries the id the message has after moving back, so acting on it again works.
    click(within(row('Alpha')).getByRole('button', { name: 'Archive' }));
    await waitFor(() => expect(api.callsOf('move').at(-1)).toEqual(['work', restored.id, '\\Archive']));
  });

  it('undoes a delete pressed before the bridge answered', async () => {
    const { api } = await setup('Alpha');
    const release = api.hold('trash');
    click(within(row('Alpha')).getByRole('button', { name: 'Delete' }));
    click(await screen.findByRole('button', { name: 'Undo' }));
    release();
    await waitFor(() => expect(api.accounts[0]!.mailboxes.Trash).toHaveLength(0));
    expect(listedSubjects()).toEqual(['Alpha']);
  });

  it('keeps a row Undo is bringing back when a refresh lands before the server has it back', async () => {
    const { api, inbox } = await setup('Alpha', 'Beta');
    click(within(row('Alpha')).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(api.accounts[0]!.mailboxes.Trash).toHaveLength(1));
    const release = api.hold('move');
    click(screen.getByRole('button', { name: 'Undo' }));
    await waitFor(() => expect(listedSubjects()).toEqual(['Alpha', 'Beta']));

    // The list the refresh brings is from before the move back: Alpha is still in Trash.
    const pages = api.callsOf('page').length;
    click(screen.getByRole('button', { name: 'Refresh' }));
    await waitFor(() => expect(api.callsOf('page')).toHaveLength(pages + 1));
    await waitFor(() => expect(screen.getByRole('button', { name: 'Refresh' }).getAttribute('aria-busy')).not.toBe('true'));
    expect(listedSubjects()).toEqual(['Alpha', 'Beta']);
    expect(screen.getByText('2')).toBeTruthy();

    release();
    await waitFor(() => expect(inbox().map((m) => m.subject)).toContain('Alpha'));
    const restored = inbox().find((m) => m.subject === 'Alpha')!;
    click(within(row('Alpha')).getByRole('button', { name: 'Archive' }));
    await waitFor(() => expect(api.callsOf('move').at(-1)).toEqual(['work', restored.id, '\\Archive']));
    expect(listedSubjects()).toEqual(['Beta']);
  });

  it.each([
    ['Archive', 'move', 'Couldn’t archive “Beta”: The mail server refused or did not answer.'],
    ['Delete', 'trash', 'Couldn’t delete “Beta”: The mail server refused or did not answer.'],
    ['Mark as read', 'setSeen', 'Couldn’t mark “Beta” as read: The mail server refused or did not answer.'],
  ] as const)('puts the row back with a clear message when %s fails', async (button, method, message) => {
    const { api } = await setup('Alpha', 'Beta', 'Gamma');
    api.failNext(method);
    click(within(row('Beta')).getByRole('button', { name: button }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent?.replace(/'/g, '’')).toBe(message);
    expect(listedSubjects()).toEqual(['Alpha', 'Beta', 'Gamma']);
    expect(screen.queryByRole('button', { name: 'Undo' })).toBeNull();
  });

  it('says so when Undo itself fails, and leaves the row out', async () => {
    const { api } = await setup('Alpha', 'Beta');
    click(within(row('Alpha')).getByRole('button', { name: 'Archive' }));
    await waitFor(() => expect(api.callsOf('move')).toHaveLength(1));
    await screen.findByRole('status');
    api.failNext('move', new BridgeError('stale_id', 'The message changed on the server', 409));
    click(screen.getByRole('button', { name: 'Undo' }));
    expect((await screen.findByRole('alert')).textContent).toContain('The mailbox changed on the server: refresh the list.');
    expect(listedSubjects()).toEqual(['Beta']);
  });

  it('marks all of an account read with one Undo for all', async () => {
    const { api, messages } = await setup('Alpha', 'Beta', 'Gamma');
    click(screen.getByRole('button', { name: 'Mark all as read' }));
    expect(listedSubjects()).toEqual([]);
    expect(await screen.findByText('Marked 3 messages as read.')).toBeTruthy();
    await waitFor(() => expect(messages.every((m) => m.seen)).toBe(true));
    click(screen.getByRole('button', { name: 'Undo' }));
    expect(listedSubjects()).toEqual(['Alpha', 'Beta', 'Gamma']);
    await waitFor(() => expect(messages.every((m) => !m.seen)).toBe(true));
    expect(api.callsOf('markMailboxRead')).toEqual([['work', 'INBOX']]);
    expect(api.callsOf('markMailboxUnread')).toHaveLength(1);
  });

  it('marks the whole mailbox read on the server, not only the 25 rows loaded, and Undo unmarks all of them', async () => {
    const many = Array.from({ length: 30 }, (_, i) => summary(`Mail ${i + 1}`, { date: new Date(NOW - (i + 1) * 60_000).toISOString() }));
    const api = new FakeApi([{ id: 'work', name: 'Work', mailboxes: { INBOX: many } }]);
    await renderPopup({ createApi: () => api, now: () => NOW });
    await screen.findByText('Mail 1');
    expect(listedSubjects()).toHaveLength(25);
    click(screen.getByRole('button', { name: 'Mark all as read' }));
    expect(await screen.findByText('Marked 30 messages as read.')).toBeTruthy();
    expect(many.every((m) => m.seen)).toBe(true);

    click(screen.getByRole('button', { name: 'Undo' }));
    await waitFor(() => expect(many.every((m) => !m.seen)).toBe(true));
  });

  it('in "All mail", shows every row read and keeps them', async () => {
    const { messages } = await setup('Alpha', 'Beta');
    click(screen.getByRole('button', { name: 'All mail' }));
    await waitFor(() => expect(screen.getByRole('button', { name: 'All mail' }).getAttribute('aria-pressed')).toBe('true'));
    click(screen.getByRole('button', { name: 'Mark all as read' }));
    await waitFor(() => expect(messages.every((m) => m.seen)).toBe(true));
    expect(listedSubjects()).toEqual(['Alpha', 'Beta']);
    expect(document.querySelectorAll('.row--seen')).toHaveLength(2);
  });

  it('puts the rows back and says why when the server refuses "Mark all as read"', async () => {
    const { api } = await setup('Alpha', 'Beta');
    api.failNext('markMailboxRead');
    click(screen.getByRole('button', { name: 'Mark all as read' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/^Couldn.t mark all of “Work” as read: /);
    expect(listedSubjects()).toEqual(['Alpha', 'Beta']);
  });

  it('keeps the unread count true through actions', async () => {
    await setup('Alpha', 'Beta');
    expect(screen.getByText('2 unread')).toBeTruthy();
    click(within(row('Alpha')).getByRole('button', { name: 'Delete' }));
    expect(screen.getByText('1 unread')).toBeTruthy();
  });
});
