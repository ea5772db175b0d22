// The popup's list and its states, rendered with an in-memory bridge.
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { BridgeError } from '@/utils/bridge/errors';
import { pairing } from '@/utils/storage/pairing';
import { popupCache } from '@/utils/storage/popup';
import { connection, lastStatus } from '@/utils/storage/status';
import { FakeApi, type FakeAccount } from '../support/fake-api';
import { en } from '../support/fake-i18n';
import { listedSubjects, PAIRING, renderPopup, row, startPaired } from '../support/popup';
import { NOW, summary } from '../support/summary';

function openPopup(api: FakeApi) {
  return renderPopup({ createApi: () => api, now: () => NOW });
}


beforeEach(startPaired);
afterEach(cleanup);

describe('popup states', () => {
  it('asks to pair and opens the options page when no bridge is paired', async () => {
    await pairing.setValue(null);
    const open = vi.spyOn(fakeBrowser.runtime, 'openOptionsPage').mockResolvedValue();
    await openPopup(new FakeApi([]));
    expect(await screen.findByRole('heading', { name: en('popup_not_paired_title') })).toBeTruthy();
    screen.getByRole('button', { name: 'Open settings' }).click();
    expect(open).toHaveBeenCalledOnce();
  });

  it('says how to start the bridge when it does not answer', async () => {
    const api = new FakeApi([]);
    api.failNext('status', new BridgeError('unreachable', 'The bridge did not answer: Failed to fetch', 0));
    await openPopup(api);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain("Can't reach the bridge");
    expect(alert.textContent).toContain('http://127.0.0.1:7143');
    expect(within(alert).getByText('npm start')).toBeTruthy();
    expect(within(alert).getByText('npm run bridge')).toBeTruthy();
  });

  it('tries again from the unreachable state', async () => {
    const api = new FakeApi([{ id: 'work', mailboxes: { INBOX: [summary('Back again')] } }]);
    api.failNext('status', new BridgeError('unreachable', 'down', 0));
    await openPopup(api);
    (await screen.findByRole('button', { name: 'Try again' })).click();
    expect(await screen.findByText('Back again')).toBeTruthy();
  });

  it('sends the user to pair again when the bridge refuses the token', async () => {
    const api = new FakeApi([]);
    api.failNext('status', new BridgeError('unauthorized', 'Missing or wrong token', 401));
    await openPopup(api);
    expect(await screen.findByRole('heading', { name: 'The bridge refused the token' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Open settings' })).toBeTruthy();
  });

  it('names the account that has an error and why', async () => {
    const api = new FakeApi([
      { id: 'work', name: 'Work', mailboxes: { INBOX: [summary('Fine mail')] } },
      { id: 'old', name: 'Old job', state: 'auth-error', error: 'AUTHENTICATIONFAILED: bad password', mailboxes: {} },
    ]);
    await openPopup(api);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Old job: sign-in failed');
    expect(alert.textContent).toContain('AUTHENTICATIONFAILED: bad password');
    expect(screen.getByText('Fine mail')).toBeTruthy();
  });

  it('shows "No unread mail" when there is nothing unread', async () => {
    await openPopup(new FakeApi([{ id: 'work', mailboxes: { INBOX: [summary('Old news', { seen: true })] } }]));
    expect(await screen.findByRole('heading', { name: 'No unread mail' })).toBeTruthy();
    expect(screen.queryAllByRole('listitem')).toHaveLength(0);
  });

  it('shows a loading skeleton until the first list arrives', async () => {
    const api = new FakeApi([{ id: 'work', mailboxes: { INBOX: [summary('Arrives later')] } }]);
    const release = api.hold('status');
    await openPopup(api);
    const loading = await screen.findByRole('status');
    expect(loading.getAttribute('aria-busy')).toBe('true');
    expect(loading.textContent).toContain('Loading…');
    release();
    expect(await screen.findByText('Arrives later')).toBeTruthy();
    expect(document.querySelector('[aria-busy="true"]')).toBeNull();
  });

  it('opens on the cached list in its first render and refreshes behind it', async () => {
    const cached = summary('Seen last time');
    await popupCache.setValue({
      bridgeUrl: PAIRING.url,
      savedAt: NOW,
      accounts: [{ id: 'work', name: 'Work', email: 'work@example.test', state: 'ok', unread: 1, messages: [cached] }],
    });
    const api = new FakeApi([{ id: 'work', mailboxes: { INBOX: [cached, summary('Just arrived', { date: new Date(NOW).toISOString() })] } }]);
    const release = api.hold('status');
    await openPopup(api);
    expect(screen.getByText('Seen last time')).toBeTruthy();
    expect(screen.queryByText('Just arrived')).toBeNull();
    release();
    expect(await screen.findByText('Just arrived')).toBeTruthy();
    await waitFor(async () => expect((await popupCache.getValue())?.accounts[0]?.messages).toHaveLength(2));
  });

  it('leaves the row buttons out of the cached first frame, and brings them once idle', async () => {
    await popupCache.setValue({
      bridgeUrl: PAIRING.url,
      savedAt: NOW,
      accounts: [{ id: 'work', name: 'Work', email: 'work@example.test', state: 'ok', unread: 1, messages: [summary('Cached')] }],
    });
    const api = new FakeApi([{ id: 'work', mailboxes: { INBOX: [summary('Cached')] } }]);
    const release = api.hold('status');
    await openPopup(api);
    expect(screen.getByText('Cached')).toBeTruthy();
    expect(within(row('Cached')).queryByRole('button', { name: 'Archive' })).toBeNull();
    expect(await within(row('Cached')).findByRole('button', { name: 'Archive' })).toBeTruthy();
    release();
  });

  it('shows the cached list under a banner when the bridge is down', async () => {
    await popupCache.setValue({
      bridgeUrl: PAIRING.url,
      savedAt: NOW,
      accounts: [{ id: 'work', name: 'Work', email: 'w@example.test', state: 'ok', unread: 1, messages: [summary('From the cache')] }],
    });
    const api = new FakeApi([]);
    api.failNext('status', new BridgeError('unreachable', 'down', 0));
    await openPopup(api);
    expect((await screen.findByRole('alert')).textContent).toContain('Showing the last known list.');
    expect(screen.getByText('From the cache')).toBeTruthy();
  });
});

describe('popup list', () => {
  it('lists unseen messages newest first with sender, subject, time and snippet', async () => {
    const older = summary('Older', { date: new Date(NOW - 3 * 3600_000).toISOString() });
    const newer = summary('Newer', { date: new Date(NOW - 5 * 60_000).toISOString(), from: { name: 'Ada', address: 'ada@example.test' } });
    await openPopup(new FakeApi([{ id: 'work', mailboxes: { INBOX: [older, newer, summary('Read', { seen: true })] } }]));
    await screen.findByText('Newer');
    expect(listedSubjects()).toEqual(['Newer', 'Older']);
    const first = row('Newer');
    expect(within(first).getByText('Ada')).toBeTruthy();
    expect(within(first).getByText('Snippet of Newer')).toBeTruthy();
    expect(first.querySelector('time')?.textContent).toBe(
      new Intl.RelativeTimeFormat('en', { style: 'narrow' }).format(-5, 'minute'),
    );
  });

  it('gives every row its actions by name, and draws them for the row pointed at or focused', async () => {
    await openPopup(new FakeApi([{ id: 'work', mailboxes: { INBOX: [summary('Pointed'), summary('Focused'), summary('Other')] } }]));
    await screen.findByText('Other');
    for (const subject of ['Pointed', 'Focused', 'Other']) {
      for (const name of ['Star', 'Mark as read', 'Archive', 'Move to…', 'Spam', 'Delete']) {
        expect(within(row(subject)).getByRole('button', { name })).toBeTruthy();
      }
    }
    const icons = (subject: string) => row(subject).querySelectorAll('.row__actions svg').length;
    fireEvent.pointerEnter(row('Pointed'));
    fireEvent.focusIn(within(row('Focused')).getByRole('button', { name: /Focused/ }));
    await waitFor(() => expect([icons('Pointed'), icons('Focused')]).toEqual([6, 6]));
  });

  it('groups by account with counts, webmail links and "Mark all as read" when there are several', async () => {
    await openPopup(
      new FakeApi([
        { id: 'work', name: 'Work', webmailUrl: 'https://mail.example.com/', mailboxes: { INBOX: [summary('W1'), summary('W2')] } },
        { id: 'home', name: 'Home', mailboxes: { INBOX: [summary('H1')] } },
      ]),
    );
    const work = await screen.findByRole('region', { name: 'Work' });
    const home = screen.getByRole('region', { name: 'Home' });
    expect(within(work).getByRole('heading').textContent).toBe('Work2');
    expect(within(work).getByLabelText('2 unread')).toBeTruthy();
    expect(within(home).getByLabelText('1 unread')).toBeTruthy();
    const link = within(work).getByRole('link', { name: 'Webmail' });
    expect(link.getAttribute('href')).toBe('https://mail.example.com/');
    expect(link.getAttribute('target')).toBe('_blank');
    expect(link.getAttribute('rel')).toBe('noopener noreferrer');
    expect(within(home).queryByRole('link')).toBeNull();
    expect(within(work).getByRole('button', { name: 'Mark all as read' })).toBeTruthy();
    expect(within(home).getByRole('button', { name: 'Mark all as read' })).toBeTruthy();
  });

  it('refreshes when the background worker sees a new revision', async () => {
    const account: FakeAccount = { id: 'work', mailboxes: { INBOX: [summary('First')] } };
    const api = new FakeApi([account]);
    await openPopup(api);
    await screen.findByText('First');
    account.mailboxes.INBOX!.push(summary('Pushed', { date: new Date(NOW).toISOString() }));
    api.revision++;
    await lastStatus.setValue(await api.status());
    expect(await screen.findByText('Pushed')).toBeTruthy();
  });

  it('opened while the bridge is down, refreshes by itself once the worker hears from it again', async () => {
    const api = new FakeApi([{ id: 'work', mailboxes: { INBOX: [summary('After the outage')] } }]);
    api.failNext('status', new BridgeError('unreachable', 'down', 0));
    await openPopup(api);
    await screen.findByRole('button', { name: 'Try again' });
    // The first status the worker stores after the outage, whatever its revision.
    await lastStatus.setValue(await api.status());
    expect(await screen.findByText('After the outage')).toBeTruthy();
  });

  it('left open, shows the bridge going down and refreshes when it is back', async () => {
    const account: FakeAccount = { id: 'work', mailboxes: { INBOX: [summary('Before')] } };
    const api = new FakeApi([account]);
    await connection.setValue({ state: 'connected', since: NOW });
    await openPopup(api);
    await screen.findByText('Before');

    await connection.setValue({ state: 'unreachable', since: NOW, detail: 'The bridge did not answer' });
    expect((await screen.findByRole('alert')).textContent).toContain("Can't reach the bridge");
    expect(screen.getByText('Before')).toBeTruthy();

    account.mailboxes.INBOX!.push(summary('During', { date: new Date(NOW).toISOString() }));
    await connection.setValue({ state: 'connected', since: NOW });
    expect(await screen.findByText('During')).toBeTruthy();
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
  });
});
