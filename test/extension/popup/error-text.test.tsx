// Failures in the user's language: the bridge's error code picks the words, never its
// English message or an exception's text ("Failed to fetch").
import { cleanup, fireEvent, screen, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ERROR_TEXT_KEYS } from '@/utils/bridge/error-text';
import { BridgeError } from '@/utils/bridge/errors';
import { FakeApi } from '../support/fake-api';
import { installI18n, readMessages } from '../support/fake-i18n';
import { renderPopup, row, startPaired } from '../support/popup';
import { NOW, summary } from '../support/summary';

beforeEach(startPaired);
afterEach(cleanup);

async function popupIn(locale: string, api: FakeApi, subject: string) {
  installI18n(locale);
  await renderPopup({ createApi: () => api, now: () => NOW });
  await screen.findByText(subject);
}

describe('error texts', () => {
  it.each(['en', 'nl', 'de'])('%s has words for every error code', (locale) => {
    const messages = readMessages(locale);
    for (const key of ERROR_TEXT_KEYS) expect(messages[key]?.message, `${locale}: ${key}`).toBeTruthy();
  });

  it('says in Dutch that the bridge is out of reach, not "Failed to fetch"', async () => {
    const api = new FakeApi([{ id: 'work', mailboxes: { INBOX: [summary('Hallo')] } }]);
    await popupIn('nl', api, 'Hallo');
    api.failNext('move', new BridgeError('unreachable', 'The bridge did not answer: Failed to fetch', 0));
    fireEvent.click(within(row('Hallo')).getByRole('button', { name: 'Archiveren' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Kon “Hallo” niet archiveren: Kan de Postbode-bridge niet bereiken.');
    expect(alert.textContent).not.toContain('Failed to fetch');
  });

  it("gives a message that can't be opened its reason in German, not the bridge's English", async () => {
    const api = new FakeApi([{ id: 'work', mailboxes: { INBOX: [summary('Gone')] } }]);
    await popupIn('de', api, 'Gone');
    api.failNext('message', new BridgeError('stale_id', 'This message id is stale: the mailbox was recreated on the server; reload the list', 409));
    fireEvent.click(screen.getByText('Gone'));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('Diese Nachricht konnte nicht geöffnet werden: Der Ordner hat sich auf dem Server geändert: Aktualisiere die Liste.');
  });

  it('never shows the text of an exception that is not the bridge\'s', async () => {
    const api = new FakeApi([{ id: 'work', mailboxes: { INBOX: [summary('Hello')] } }]);
    await popupIn('en', api, 'Hello');
    api.failNext('trash', new TypeError('Failed to fetch'));
    fireEvent.click(within(row('Hello')).getByRole('button', { name: 'Delete' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Something went wrong.');
    expect(alert.textContent).not.toContain('Failed to fetch');
  });
});
