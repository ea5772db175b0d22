// The keyboard: j/k move, Enter opens, Esc goes back, r/a reply, e archive, # delete, u unread, Shift+I read, ? keys.
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keyCommand } from '@/utils/popup/keys';
import { FakeApi } from '../support/fake-api';
import { listedSubjects, renderPopup, startPaired } from '../support/popup';
import { NOW, summary } from '../support/summary';

const press = (key: string, target: Element = document.body) => fireEvent.keyDown(target, { key });
const selected = () => document.querySelector('[aria-current="true"] .row__subject')?.textContent;

async function setup() {
  const messages = ['One', 'Two', 'Three'].map((s, i) => summary(s, { date: new Date(NOW - (i + 1) * 60_000).toISOString() }));
  const api = new FakeApi([{ id: 'work', mailboxes: { INBOX: messages } }]);
  await renderPopup({ createApi: () => api, now: () => NOW });
  await screen.findByText('One');
  return { api, messages };
}

beforeEach(startPaired);
afterEach(cleanup);

describe('keyboard', () => {
  it('moves with j and k and focuses the row', async () => {
    await setup();
    press('j');
    expect(selected()).toBe('One');
    press('j');
    press('j');
    press('j');
    expect(selected()).toBe('Three');
    press('k');
    expect(selected()).toBe('Two');
    await waitFor(() => expect(document.activeElement?.closest('li')?.textContent).toContain('Two'));
  });

  it('opens with Enter and goes back with Esc', async () => {
    await setup();
    press('j');
    press('j');
    press('Enter');
    expect(await screen.findByRole('heading', { level: 1, name: 'Two' })).toBeTruthy();
    press('Escape');
    expect(screen.queryByRole('article')).toBeNull();
    expect(selected()).toBe('Two');
  });

  it('archives with e and deletes with #, selecting the next row', async () => {
    const { api } = await setup();
    press('j');
    press('e');
    expect(listedSubjects()).toEqual(['Two', 'Three']);
    expect(selected()).toBe('Two');
    press('#');
    expect(listedSubjects()).toEqual(['Three']);
    await waitFor(() => expect(api.callsOf('trash')).toHaveLength(1));
    expect(api.callsOf('move')[0]?.[2]).toBe('\\Archive');
  });

  it('marks read with Shift+I, and unread with u after opening', async () => {
    const { api, messages } = await setup();
    press('j');
    press('I');
    expect(listedSubjects()).toEqual(['Two', 'Three']);
    await waitFor(() => expect(messages[0]!.seen).toBe(true));
    press('Enter');
    await screen.findByRole('heading', { level: 1, name: 'Two' });
    await waitFor(() => expect(messages[1]!.seen).toBe(true));
    press('u');
    await waitFor(() => expect(messages[1]!.seen).toBe(false));
    expect(api.callsOf('setSeen').at(-1)).toEqual(['work', messages[1]!.id, false]);
  });

  it('opens the reply box with r and reply-all with a; typing there is not a command', async () => {
    await setup();
    press('j');
    press('r');
    const box = await screen.findByRole('textbox', { name: 'Reply' });
    expect(screen.getByText(/^To:/)).toBeTruthy();
    press('e', box);
    expect(screen.queryByRole('article')).not.toBeNull();
    press('Escape', box);
    expect(screen.queryByRole('textbox', { name: 'Reply' })).toBeNull();
    press('a');
    await screen.findByRole('textbox', { name: 'Reply' });
    expect(screen.getByText(/^To all:/)).toBeTruthy();
  });

  it('shows the keys with ? and closes them with Esc', async () => {
    await setup();
    press('?');
    const dialog = await screen.findByRole('dialog', { name: 'Keyboard shortcuts' });
    for (const key of ['j', 'k', 'Enter', 'Esc', 'r', 'a', 'e', '#', 'u', 'Shift+I', 's', '!', 'v', 'f', 'c', '/', '?']) {
      expect(within(dialog).getByText(key, { selector: 'kbd' })).toBeTruthy();
    }
    press('Escape');
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('leaves keys with Ctrl, Alt or Meta to the browser', () => {
    expect(keyCommand({ key: 'r', ctrlKey: true, altKey: false, metaKey: false })).toBeNull();
    expect(keyCommand({ key: 'e', ctrlKey: false, altKey: false, metaKey: true })).toBeNull();
    expect(keyCommand({ key: 'I', ctrlKey: false, altKey: false, metaKey: false })).toBe('read');
    expect(keyCommand({ key: 'i', ctrlKey: false, altKey: false, metaKey: false })).toBeNull();
  });
});
