// Who a reply goes to: the shared table (test/support/reply-recipient-cases.ts) checked
// against replyRecipients, then every case sent for real, so the popup's preview (tested
// against the same table) and the mail that goes out agree.
import { randomUUID } from 'node:crypto';
import PostalMime from 'postal-mime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replyRecipients, type Address, type ReplyOriginal } from '../../shared/recipients';
import { aliceAccount, mail, startTestBridge, type TestBridge } from '../support/bridge';
import { startDovecot, type Dovecot } from '../support/dovecot';
import { ALICE_EMAIL, replyRecipientCases } from '../support/reply-recipient-cases';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink';

describe('replyRecipients', () => {
  it.each(replyRecipientCases)('$name', ({ original, self, all, expected }) => {
    expect(replyRecipients(original, self, all)).toEqual(expected);
  });
});

/** An address as a header writes it: a quoted local part where it needs one, an encoded name unless plain ASCII. */
function headerAddress({ name, address }: Address): string {
  const at = address.lastIndexOf('@');
  const local = address.slice(0, at);
  const spec = /^[\w.!#$%&'*+/=?^`{|}~-]+$/.test(local) ? address : `"${quoted(local)}"${address.slice(at)}`;
  if (!name) return spec;
  const phrase = /^[\x20-\x7e]*$/.test(name) ? `"${quoted(name)}"` : `=?utf-8?b?${Buffer.from(name).toString('base64')}?=`;
  return `${phrase} <${spec}>`;
}
const quoted = (text: string) => text.replace(/["\\]/g, '\\$&');
const headerList = (addresses: readonly Address[]) => addresses.map(headerAddress).join(', ');

function originalMail(subject: string, { from, replyTo, to, cc }: ReplyOriginal): string {
  const headers = [cc.length > 0 && `Cc: ${headerList(cc)}`, replyTo.length > 0 && `Reply-To: ${headerList(replyTo)}`].filter(Boolean);
  return mail({ subject, from: headerAddress(from), to: headerList(to), headers: headers.map((line) => `${line}\r\n`).join('') });
}

const pick = ({ from, replyTo, to, cc }: ReplyOriginal): ReplyOriginal => ({ from, replyTo, to, cc });
const plain = (addresses: readonly { name: string; address?: string }[] | undefined) =>
  (addresses ?? []).map(({ name, address }) => ({ name, address }));

describe('a reply sent through the bridge', () => {
  let dovecot: Dovecot;
  let sink: SmtpSink;
  let bridge: TestBridge;
  /** One account per configured own address, all on alice's mailbox. */
  const accountFor = new Map<string, string>();

  beforeAll(async () => {
    dovecot = await startDovecot();
    sink = await startSmtpSink();
    const selves = [ALICE_EMAIL, ...new Set(replyRecipientCases.map((entry) => entry.self).filter((self) => self !== ALICE_EMAIL))];
    selves.forEach((self, index) => accountFor.set(self, index === 0 ? 'alice' : `alice-${index + 1}`));
    bridge = await startTestBridge({ accounts: selves.map((self) => aliceAccount(dovecot, sink, { id: accountFor.get(self), email: self })) });
    await bridge.waitForStatus((status) => status.accounts.every((account: { state: string }) => account.state === 'ok'));
  });

  afterAll(async () => {
    await bridge?.stopAll();
    await sink?.close();
    await dovecot?.close();
  });

  it.each(replyRecipientCases)('$name', async ({ name, original, self, all, expected }) => {
    const account = accountFor.get(self)!;
    const messages = bridge.client.v1.accounts[':account'].messages;
    await dovecot.append('alice', 'INBOX', originalMail(name, original));
    const { id } = await bridge.find(name, { account });

    // The table describes what the bridge read from the headers, not only what we meant to write.
    const detail = await messages[':id'].$get({ param: { account, id } });
    expect(pick(await detail.json())).toEqual(original);

    const marker = `reply-${randomUUID()}`;
    const before = sink.messages.length;
    const response = await messages[':id'].reply.$post({ param: { account, id }, json: { text: marker, all } });
    if (expected.to.length + expected.cc.length === 0) {
      expect(response.status).toBe(400);
      expect(sink.messages.length).toBe(before);
      return;
    }
    expect(response.status).toBe(200);
    const sent = await sink.waitForMessage((message) => message.raw.includes(marker));
    expect(sent.to).toEqual([...expected.to, ...expected.cc].map((address) => address.address));
    const parsed = await PostalMime.parse(sent.raw);
    expect({ to: plain(parsed.to), cc: plain(parsed.cc) }).toEqual(expected);
  });
});
