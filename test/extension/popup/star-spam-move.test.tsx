// Star, Spam and "Move to…" on rows and in the message view (keys s, ! and v), each
// with Undo; the paperclip and the folder label on rows.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MessageRow } from '@/components/popup/MessageRow';
import { FakeApi } from '../support/fake-api';
import { listedSubjects, renderPopup, row, startPaired } from '../support/popup';
import { NOW, summary } from '../support/summary';

const click = (el: HTMLElement) => fireEvent.click(el);
const press = (key: string, target: Element = document.body) => fireEvent.keyDown(target, { key });
const nothing = () => {};

async function setup(...list: string[]) {
  const messages = list.map((s, i) => summary(s, { date: new Date(NOW - (i + 1) * 60_000).toISOString() }));
  const api = new FakeApi([
    { id: 'work', name: 'Work', mailboxes: { INBOX: messages, Projects: [], 'Lists/Postbode': [], Junk: [] } },
  ]);
  await renderPopup({ createApi: () => api, now: () => NOW });
  await screen.findByText(list[0]!);
  return { api, messages, box: (path: string) => api.accounts[0]!.mailboxes[path] ?? [] };
}

beforeEach(startPaired);
afterEach(cleanup);

describe('star', () => {
  it('stars a row (\\Flagged on the server), shows the star, and Undo takes it off again', async () => {
    const { api, messages } = await setup('Alpha', 'Beta');
    click(within(row('Alpha')).getByRole('button', { name: 'Star' }));
    expect(within(row('Alpha')).getByRole('img', { name: 'Starred' })).toBeTruthy();
    expect(within(row('Alpha')).getByRole('button', { name: 'Remove star' })).toBeTruthy();
    await waitFor(() => expect(messages[0]!.flagged).toBe(true));
    expect((await screen.findByRole('status')).textContent).toContain('Starred.');

    click(screen.getByRole('button', { name: 'Undo' }));
    await waitFor(() => expect(messages[0]!.flagged).toBe(false));
    expect(within(row('Alpha')).queryByRole('img', { name: 'Starred' })).toBeNull();
    expect(api.callsOf('setFlagged')).toEqual([
      ['work', messages[0]!.id, true],
      ['work', messages[0]!.id, false],
    ]);
  });

  it('takes the star back off the row when the bridge says no', async () => {
    const { api } = await setup('Alpha');
    api.failNext('setFlagged');
    click(within(row('Alpha')).getByRole('button', { name: 'Star' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Couldn’t star “Alpha”'.replace('’', "'"));
    expect(within(row('Alpha')).queryByRole('img', { name: 'Starred' })).toBeNull();
  });

  it('stars the selected row with s, and the open message from its view', async () => {
    const { messages } = await setup('Alpha', 'Beta');
    press('j');
    press('s');
    await waitFor(() => expect(messages[0]!.flagged).toBe(true));
    click(within(row('Beta')).getByRole('button', { name: /Snippet of Beta/ }));
    const view = await screen.findByRole('article', { name: 'Beta' });
    click(within(view).getByRole('button', { name: 'Star' }));
    await waitFor(() => expect(messages[1]!.flagged).toBe(true));
    expect(within(view).getByRole('button', { name: 'Remove star' })).toBeTruthy();
  });
});

describe('spam', () => {
  it('moves a row to Junk, and Undo brings it back to INBOX', async () => {
    const { box } = await setup('Alpha', 'Beta');
    click(within(row('Alpha')).getByRole('button', { name: 'Spam' }));
    expect(listedSubjects()).toEqual(['Beta']);
    expect((await screen.findByRole('status')).textContent).toContain('Moved to Junk.');
    await waitFor(() => expect(box('\\Junk').map((m) => m.subject)).toEqual(['Alpha']));

    click(screen.getByRole('button', { name: 'Undo' }));
    await waitFor(() => expect(box('INBOX').map((m) => m.subject)).toContain('Alpha'));
    expect(listedSubjects()).toEqual(['Alpha', 'Beta']);
  });

  it('spams the selected row with !, and the open message from its view', async () => {
    const { box } = await setup('Alpha', 'Beta', 'Gamma');
    press('j');
    press('!');
    await waitFor(() => expect(box('\\Junk').map((m) => m.subject)).toEqual(['Alpha']));
    click(within(row('Gamma')).getByRole('button', { name: /Snippet of Gamma/ }));
    const view = await screen.findByRole('article', { name: 'Gamma' });
    click(within(view).getByRole('button', { name: 'Spam' }));
    await waitFor(() => expect(box('\\Junk').map((m) => m.subject)).toEqual(['Alpha', 'Gamma']));
    expect(screen.queryByRole('article')).toBeNull();
  });
});

describe('Move to…', () => {
  it('lists the account’s folders, narrows them as you type, and moves on Enter with Undo', async () => {
    const { box } = await setup('Alpha', 'Beta');
    click(within(row('Alpha')).getByRole('button', { name: 'Move to…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Move to folder' });
    const options = await within(dialog).findAllByRole('option');
    // Its own folder isn't offered.
    expect(options.map((o) => o.textContent)).toEqual(['Projects', 'PostbodeLists/Postbode', 'Junk']);
    const filter = within(dialog).getByRole('combobox', { name: 'Find a folder' });
    expect(document.activeElement).toBe(filter);
    fireEvent.input(filter, { target: { value: 'pos' } });
    expect(within(dialog).getAllByRole('option').map((o) => o.textContent)).toEqual(['PostbodeLists/Postbode']);
    fireEvent.keyDown(filter, { key: 'Enter' });

    expect(screen.queryByRole('dialog')).toBeNull();
    expect(listedSubjects()).toEqual(['Beta']);
    expect((await screen.findByRole('status')).textContent).toContain('Moved to “Postbode”.');
    await waitFor(() => expect(box('Lists/Postbode').map((m) => m.subject)).toEqual(['Alpha']));
    click(screen.getByRole('button', { name: 'Undo' }));
    await waitFor(() => expect(box('INBOX').map((m) => m.subject)).toContain('Alpha'));
  });

  it('opens with v for the selected row, chooses with the arrows and closes with Esc, moving nothing', async () => {
    const { api } = await setup('Alpha');
    press('j');
    press('v');
    const dialog = await screen.findByRole('dialog', { name: 'Move to folder' });
    await within(dialog).findAllByRole('option');
    const filter = within(dialog).getByRole('combobox');
    // The list's keys wait while the picker is open.
    press('e', filter);
    fireEvent.keyDown(filter, { key: 'ArrowDown' });
    expect(within(dialog).getByRole('option', { selected: true }).textContent).toBe('PostbodeLists/Postbode');
    fireEvent.keyDown(filter, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(listedSubjects()).toEqual(['Alpha']);
    expect(api.callsOf('move')).toEqual([]);
  });

  it('moves the open message from its view', async () => {
    const { box } = await setup('Alpha');
    click(within(row('Alpha')).getByRole('button', { name: /Snippet of Alpha/ }));
    const view = await screen.findByRole('article', { name: 'Alpha' });
    click(within(view).getByRole('button', { name: 'Move to…' }));
    click(await screen.findByRole('option', { name: /^Projects/ }));
    await waitFor(() => expect(box('Projects').map((m) => m.subject)).toEqual(['Alpha']));
    expect(screen.queryByRole('article')).toBeNull();
  });
});

describe('row marks', () => {
  it('shows a paperclip for attachments and the folder of a row from outside INBOX', () => {
    const at = summary('Invoice', { hasAttachments: true, mailbox: 'Lists/Work' });
    render(
      <ul>
        <MessageRow
          message={at}
          rowKey="work/1"
          selected={false}
          locale="en"
          now={NOW}
          actions
        />
        <MessageRow
          message={summary('Plain')}
          rowKey="work/2"
          selected={false}
          locale="en"
          now={NOW}
          actions
        />
      </ul>,
    );
    expect(within(row('Invoice')).getByRole('img', { name: 'Has attachments' })).toBeTruthy();
    expect(within(row('Invoice')).getByText('Work')).toBeTruthy();
    expect(within(row('Plain')).queryByRole('img', { name: 'Has attachments' })).toBeNull();
    expect(row('Plain').querySelector('.row__folder')).toBeNull();
  });
});
