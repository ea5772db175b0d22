/**
 * The popup against the real bridge and a real Dovecot: every message of the
 * fixture corpus is listed and opens, and the one-click actions change the
 * server.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { MessageView } from '@/components/popup/MessageView';
import { createBridgeApi, type MailApi } from '@/utils/bridge/api';
import { pairing } from '@/utils/storage/pairing';
import { aliceAccount, mail, startTestBridge, type TestBridge } from '../../support/bridge';
import { startDovecot, type Dovecot } from '../../support/dovecot';
import { MAIL_FIXTURES, mailFixtureFiles } from '../../support/fixtures';
import { startSmtpSink, type SmtpSink } from '../../support/smtp-sink';
import { installI18n } from '../support/fake-i18n';
import { fixHappyDomNodeName } from '../support/happy-dom';
import { nodeFetch } from '../support/node-fetch';
import { renderPopup } from '../support/popup';

const fixtureFiles = mailFixtureFiles().map((file) => path.join(MAIL_FIXTURES, file));

let dovecot: Dovecot;
let bridge: TestBridge;
let sink: SmtpSink;
let api: MailApi;
/** The server and IMAP take their time under load: poll longer than the default second. */
const SERVER = { timeout: 10_000 };

const happyDomFetch = globalThis.fetch;

beforeAll(async () => {
  fixHappyDomNodeName();
  globalThis.fetch = nodeFetch;
  dovecot = await startDovecot();
  const client = await dovecot.client('alice');
  await client.mailboxCreate('Fixtures');
  await client.logout();
  for (const file of fixtureFiles) await dovecot.append('alice', 'Fixtures', readFileSync(file));
  sink = await startSmtpSink();
  bridge = await startTestBridge({ accounts: [aliceAccount(dovecot, sink)] });
  await bridge.waitForStatus((s) => s.accounts[0]?.state === 'ok');
  api = createBridgeApi({ url: bridge.url, token: bridge.token });
}, 60_000);

afterAll(async () => {
  globalThis.fetch = happyDomFetch;
  await bridge?.stopAll();
  await dovecot?.close();
  await sink?.close();
});

beforeEach(async () => {
  fakeBrowser.reset();
  installI18n('en');
  await pairing.setValue({ url: bridge.url, token: bridge.token });
});
afterEach(cleanup);

describe('fixture corpus through the bridge', () => {
  it('lists every fixture and opens each one in the message view', async () => {
    const list = await api.messages('alice', 'Fixtures', { unseen: true, limit: 100 });
    expect(list).toHaveLength(fixtureFiles.length);
    for (const summary of list) {
      const view = render(
        <MessageView
          api={api}
          account="alice"
          accountEmail="alice@example.test"
          summary={summary}
          locale="en"
          replyRequest={null}
          onBack={() => {}}
          onArchive={() => {}}
          onDelete={() => {}}
          onMarkUnread={() => {}}
          onReplied={() => {}}
          onToggleStar={() => {}}
          onSpam={() => {}}
          onMove={() => {}}
        />,
      );
      await waitFor(() => expect(view.container.querySelector('[aria-busy="true"]')).toBeNull(), { timeout: 5000 });
      expect(view.container.querySelector('[role="alert"]')?.textContent ?? '').toBe('');
      const body = view.container.querySelector('iframe.mail-frame, .mail-text, .mail-empty');
      expect(body, summary.subject).not.toBeNull();
      const frame = view.container.querySelector('iframe');
      if (frame) expect(frame.getAttribute('sandbox')).toBe('allow-popups allow-popups-to-escape-sandbox');
      view.unmount();
    }
    // Opening never marks seen by itself (the popup does that explicitly).
    expect(await api.messages('alice', 'Fixtures', { unseen: true, limit: 100 })).toHaveLength(fixtureFiles.length);
  }, 60_000);
});

describe('popup on the real bridge', () => {
  const row = (subject: string) => screen.getAllByRole('listitem').find((li) => within(li).queryByText(subject))!;
  const inbox = async () => (await api.messages('alice', 'INBOX', { unseen: true, limit: 100 })).map((m) => m.subject);

  it('marks read, deletes and undoes, archives, and the server agrees', async () => {
    for (const subject of ['Read me', 'Delete me', 'Archive me']) await dovecot.append('alice', 'INBOX', mail({ subject }));
    await bridge.waitForStatus((s) => s.accounts[0]?.mailboxes.find((m: { path: string }) => m.path === 'INBOX')?.unread === 3);
    await renderPopup();
    await screen.findByText('Archive me', {}, SERVER);

    fireEvent.click(within(row('Read me')).getByRole('button', { name: 'Mark as read' }));
    await waitFor(async () => expect(await inbox()).not.toContain('Read me'), SERVER);

    fireEvent.click(within(row('Delete me')).getByRole('button', { name: 'Delete' }));
    await waitFor(async () => expect(await inbox()).not.toContain('Delete me'), SERVER);
    fireEvent.click(await screen.findByRole('button', { name: 'Undo' }, SERVER));
    await waitFor(async () => expect(await inbox()).toContain('Delete me'), SERVER);
    await screen.findByText('Delete me', {}, SERVER);

    fireEvent.click(within(row('Archive me')).getByRole('button', { name: 'Archive' }));
    await waitFor(async () => expect(await api.messages('alice', 'Archive', { unseen: true, limit: 10 })).toHaveLength(1), SERVER);
    expect(await inbox()).toEqual(['Delete me']);
  }, 30_000);

  it('replies from the message view: sent over SMTP, marked answered', async () => {
    await dovecot.append('alice', 'INBOX', mail({ subject: 'Question for you', from: 'Bob <bob@example.test>' }));
    await renderPopup();
    fireEvent.click(await screen.findByText('Question for you', {}, SERVER));
    fireEvent.click(await screen.findByRole('button', { name: 'Reply' }));
    fireEvent.input(screen.getByRole('textbox', { name: 'Reply' }), { target: { value: 'Yes, gladly.' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    expect(await screen.findByText('Reply sent.', {}, { timeout: 10_000 })).toBeTruthy();
    const sent = await sink.waitForMessage((m) => m.raw.toString().includes('Re: Question for you'));
    expect(sent.to).toEqual(['bob@example.test']);
    expect(sent.raw.toString()).toContain('Yes, gladly.');
    const [message] = (await api.messages('alice', 'INBOX', { unseen: true, limit: 100 })).filter((m) => m.subject === 'Question for you');
    expect(message).toBeUndefined(); // opened, so read
    const client = await dovecot.client('alice');
    try {
      await client.mailboxOpen('INBOX');
      const found = await client.fetchOne('*', { flags: true, envelope: true });
      expect(found && found.envelope?.subject).toBe('Question for you');
      expect(found && [...(found.flags ?? [])]).toEqual(expect.arrayContaining(['\\Seen', '\\Answered']));
    } finally {
      await client.logout();
    }
  }, 30_000);
});
