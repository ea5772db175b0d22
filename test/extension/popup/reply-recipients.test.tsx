// Who the reply box says a reply goes to, for every case of the table the
// bridge's tests send through real SMTP: what the user sees above the reply box
// is what goes out.
import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { Address } from '@/bridge/api-types';
import { MessageView } from '@/components/popup/MessageView';
import { replyRecipientCases } from '../../support/reply-recipient-cases';
import { FakeApi } from '../support/fake-api';
import { en, installI18n } from '../support/fake-i18n';
import { summary } from '../support/summary';

/** As the preview names recipients: each by display name, else by address. */
const named = (addresses: readonly Address[]) => addresses.map((a) => a.name || a.address).join(', ');
const nothing = () => undefined;

beforeEach(() => {
  fakeBrowser.reset();
  installI18n('en');
});
afterEach(cleanup);

describe('reply preview', () => {
  it.each(replyRecipientCases)('$name', async ({ original, self, all, expected }) => {
    const message = summary('Plans', { from: original.from });
    const api = new FakeApi([{ id: 'work', mailboxes: { INBOX: [message] } }]);
    api.details.set(message.id, { replyTo: [...original.replyTo], to: [...original.to], cc: [...original.cc] });
    render(
      <MessageView
        api={api}
        account="work"
        accountEmail={self}
        summary={message}
        locale="en"
        replyRequest={{ mode: all ? 'all' : 'reply', seq: 1 }}
        onBack={nothing}
        onArchive={nothing}
        onDelete={nothing}
        onMarkUnread={nothing}
        onReplied={nothing}
        onToggleStar={nothing}
        onSpam={nothing}
        onMove={nothing}
      />,
    );
    // The whole message is in: the preview no longer works from the list's summary alone.
    await screen.findByText('Body of Plans');

    const recipients = named([...expected.to, ...expected.cc]);
    const line = document.querySelector('.reply__to');
    expect(line?.textContent).toBe(all ? en('popup_reply_all_to', recipients) : en('popup_reply_to', recipients));
  });
});
