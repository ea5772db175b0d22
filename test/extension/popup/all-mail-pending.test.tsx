// "All mail" loaded while a row's action is still on its way to the bridge: a
// row marked read shows there as read; a row moved away stays away.
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeApi } from '../support/fake-api';
import { listedSubjects, renderPopup, row, startPaired } from '../support/popup';
import { NOW, summary } from '../support/summary';

const click = (el: HTMLElement) => fireEvent.click(el);
const unreadDot = (subject: string) => within(row(subject)).queryByRole('img', { name: 'Unread' });

async function setup() {
  const api = new FakeApi([{ id: 'work', mailboxes: { INBOX: [summary('Alpha'), summary('Beta'), summary('Gamma')] } }]);
  await renderPopup({ createApi: () => api, now: () => NOW });
  await screen.findByText('Alpha');
  return api;
}

const allMail = () => click(within(screen.getByRole('group', { name: 'Messages to show' })).getByRole('button', { name: 'All mail' }));

beforeEach(startPaired);
afterEach(cleanup);

describe('All mail while an action is in flight', () => {
  it('shows a row marked read in Unread as read in All mail, switched to at once', async () => {
    const api = await setup();
    const release = api.hold('setSeen');
    click(within(row('Beta')).getByRole('button', { name: 'Mark as read' }));
    expect(listedSubjects()).toEqual(['Alpha', 'Gamma']);
    allMail();
    await waitFor(() => expect(listedSubjects()).toEqual(['Alpha', 'Beta', 'Gamma']));
    expect(unreadDot('Beta')).toBeNull();

    // A refresh lands before the bridge answers the mark.
    click(screen.getByRole('button', { name: 'Refresh' }));
    await waitFor(() => expect(api.callsOf('page')).toHaveLength(3));
    await waitFor(() => expect(screen.getByRole('button', { name: 'Refresh' }).getAttribute('aria-busy')).not.toBe('true'));
    expect(listedSubjects()).toEqual(['Alpha', 'Beta', 'Gamma']);
    expect(unreadDot('Beta')).toBeNull();
    expect(unreadDot('Alpha')).not.toBeNull();

    release();
    await waitFor(() => expect(api.find('work', api.accounts[0]!.mailboxes.INBOX![1]!.id).message.seen).toBe(true));
    expect(listedSubjects()).toEqual(['Alpha', 'Beta', 'Gamma']);
  });

  it('leaves a row archived in Unread out of All mail while the move is on its way', async () => {
    const api = await setup();
    const release = api.hold('move');
    click(within(row('Beta')).getByRole('button', { name: 'Archive' }));
    allMail();
    await waitFor(() => expect(api.callsOf('page').at(-1)).toEqual(['work', { watched: true, unseen: false, limit: 25 }]));
    await waitFor(() => expect(within(screen.getByRole('group', { name: 'Messages to show' })).getByRole('button', { name: 'All mail' }).getAttribute('aria-pressed')).toBe('true'));
    await new Promise((r) => setTimeout(r, 20));
    expect(listedSubjects()).toEqual(['Alpha', 'Gamma']);
    release();
    await waitFor(() => expect(api.accounts[0]!.mailboxes['\\Archive']).toHaveLength(1));
    expect(listedSubjects()).toEqual(['Alpha', 'Gamma']);
  });
});
