// Replies go out over real SMTP, built only from allow-listed fields, and only a reply
// that was accepted marks the original answered and lands in Sent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import PostalMime from 'postal-mime';
import { startDovecot, type Dovecot } from '../support/dovecot';
import { serverState } from '../support/server-state';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink';
import { aliceAccount, mail, startTestBridge, type TestBridge } from '../support/bridge';

let dovecot: Dovecot;
let sink: SmtpSink;
let bridge: TestBridge;

async function deliver(raw: string, subject: string): Promise<string> {
  await dovecot.append('alice', 'INBOX', raw);
  return (await bridge.find(subject)).id;
}

async function flagsOf(subject: string, mailbox = 'INBOX'): Promise<string[] | undefined> {
  return (await serverState(dovecot, [mailbox])).find((message) => message.subject === subject)?.flags;
}

/** A valid reply, through the typed client. */
const reply = (id: string, json: { text: string; all?: boolean }) => bridge.client.v1.accounts[':account'].messages[':id'].reply.$post({ param: { account: 'alice', id }, json });
/** Any body at all, for what the bridge must refuse. */
const replyRaw = (id: string, body: unknown) => bridge.api(`/v1/accounts/alice/messages/${id}/reply`, { method: 'POST', body });

beforeAll(async () => {
  dovecot = await startDovecot();
  sink = await startSmtpSink();
  // The account's label is "Alice"; the name on sent mail is the sender's own.
  bridge = await startTestBridge({ accounts: [aliceAccount(dovecot, sink, { senderName: 'Alice Liddell' })] });
  await bridge.waitUntilConnected();
});

afterAll(async () => {
  await bridge?.stopAll();
  await sink?.close();
  await dovecot?.close();
});

describe('reply', () => {
  it('sends to Reply-To with Re:, threading headers and the quoted original; marks answered; saves to Sent', async () => {
    const id = await deliver(
      mail({
        subject: 'Re: Lunch?',
        from: 'Bob <bob@example.test>',
        headers: 'Reply-To: Bob Home <bob@home.test>\r\nReferences: <first@example.test>\r\n',
        messageId: '<lunch-2@example.test>',
        body: 'Shall we meet at noon?\r\nBob\r\n',
      }),
      'Re: Lunch?',
    );

    const response = await reply(id, { text: 'Noon works.' });
    expect(response.status).toBe(200);
    const answer = await response.json();
    expect(answer).toEqual({ messageId: expect.stringMatching(/^<.+@example\.test>$/), savedToSent: true });

    const sent = await sink.waitForMessage((message) => message.raw.includes('Noon works.'));
    expect(sent.to).toEqual(['bob@home.test']);
    expect(sent.from).toBe('alice@example.test');
    const parsed = await PostalMime.parse(sent.raw);
    expect(parsed.subject).toBe('Re: Lunch?');
    expect(parsed.inReplyTo).toBe('<lunch-2@example.test>');
    expect(parsed.references).toBe('<first@example.test> <lunch-2@example.test>');
    expect(parsed.from).toEqual({ name: 'Alice Liddell', address: 'alice@example.test' });
    expect(parsed.messageId).toBe(answer.messageId);
    expect(parsed.text).toContain('Noon works.');
    expect(parsed.text).toMatch(/wrote:\n> Shall we meet at noon\?\n> Bob/);

    expect(await flagsOf('Re: Lunch?')).toContain('\\Answered');
    expect(await flagsOf('Re: Lunch?', 'Sent')).toEqual(['\\Seen']);
  });

  it('replies to all: To and Cc of the original, without the account itself', async () => {
    const id = await deliver(
      mail({
        subject: 'Team plan',
        from: 'Bob <bob@example.test>',
        to: 'Alice <ALICE@example.test>, Dave <dave@example.test>',
        headers: 'Cc: Carol <carol@example.test>, alice@example.test\r\n',
      }),
      'Team plan',
    );
    expect((await reply(id, { text: 'Agreed.', all: true })).status).toBe(200);
    const sent = await sink.waitForMessage((message) => message.raw.includes('Agreed.'));
    expect(sent.to.sort()).toEqual(['bob@example.test', 'carol@example.test', 'dave@example.test']);
    const parsed = await PostalMime.parse(sent.raw);
    expect(parsed.to?.map((address) => ('address' in address ? address.address : ''))).toEqual(['bob@example.test', 'dave@example.test']);
    expect(parsed.cc?.map((address) => ('address' in address ? address.address : ''))).toEqual(['carol@example.test']);
  });

  it('keeps a hostile original from adding headers or recipients', async () => {
    const id = await deliver(
      mail({ subject: '=?utf-8?q?Hi=0D=0ABcc:_evil@attacker.test?=', from: '=?utf-8?q?Bob=0D=0ABcc=3A_evil=40attacker=2Etest?= <bob@example.test>' }),
      'Hi\r\nBcc: evil@attacker.test',
    );
    const sentReply = await reply(id, { text: 'Hello.' });
    expect(await sentReply.json()).toEqual(expect.objectContaining({ savedToSent: true }));
    const sent = await sink.waitForMessage((message) => message.raw.includes('Hello.'));
    expect(sent.to).toEqual(['bob@example.test']);
    const headerLines = sent.raw.toString('latin1').split('\r\n\r\n')[0]!.split('\r\n');
    expect(headerLines.filter((line) => /^bcc:/i.test(line))).toEqual([]);
    // The text may be quoted inside To and Subject, but never becomes a header of its own.
    expect(headerLines.filter((line) => line.includes('attacker')).map((line) => line.split(':')[0])).toEqual(['To', 'Subject']);
    const parsed = await PostalMime.parse(sent.raw);
    expect(parsed.subject).toBe('Re: Hi Bcc: evil@attacker.test');
  });

  it('sends without a display name when the account has no sender name: never with its label', async () => {
    expect((await bridge.api('/v1/accounts/alice', { method: 'PATCH', body: { senderName: null } })).status).toBe(200);
    try {
      await bridge.waitUntilConnected();
      const id = await deliver(mail({ subject: 'Nameless' }), 'Nameless');

      expect((await reply(id, { text: 'From a bare address.' })).status).toBe(200);

      const sent = await sink.waitForMessage((message) => message.raw.includes('From a bare address.'));
      expect((await PostalMime.parse(sent.raw)).from).toEqual({ name: '', address: 'alice@example.test' });
      expect(sent.raw.toString('latin1')).toMatch(/^From: alice@example\.test\r$/m);
    } finally {
      await bridge.api('/v1/accounts/alice', { method: 'PATCH', body: { senderName: 'Alice Liddell' } });
      await bridge.waitUntilConnected();
    }
  });

  it.each([
    ['an unknown field', { text: 'x', attachments: [{ path: '/etc/passwd' }] }],
    ['a header field', { text: 'x', headers: { Bcc: 'evil@attacker.test' } }],
    ['no text', { all: true }],
    ['a wrong type', { text: 42 }],
  ])('refuses a body with %s and sends nothing', async (_what, body) => {
    const before = sink.messages.length;
    const id = await deliver(mail({ subject: `Refused ${JSON.stringify(body)}` }), `Refused ${JSON.stringify(body)}`);
    const response = await replyRaw(id, body);
    expect(response.status).toBe(400);
    expect(sink.messages.length).toBe(before);
  });
});

describe('when SMTP fails', () => {
  it.each([
    ['refuses the message', () => sink.setRefuse(true)],
    ['drops the connection', () => sink.dropNext()],
  ])('when the SMTP server %s: a clear error, not answered, nothing in Sent', async (what, breakIt) => {
    const subject = `Doomed ${what}`;
    const id = await deliver(mail({ subject }), subject);
    const sentBefore = await flagsOf(`Re: ${subject}`, 'Sent');
    breakIt();
    try {
      const response = await replyRaw(id, { text: 'This will not arrive.' });
      expect(response.status).toBe(502);
      expect(response.body.error.code).toBe('smtp_failed');
      expect(response.body.error.message).toMatch(/not sent/);
    } finally {
      sink.setRefuse(false);
    }
    expect(await flagsOf(subject)).not.toContain('\\Answered');
    expect(sentBefore).toBeUndefined();
    expect(await flagsOf(`Re: ${subject}`, 'Sent')).toBeUndefined();
  });

  it('says so when the account has no SMTP server', async () => {
    const readOnly = await startTestBridge({ accounts: [aliceAccount(dovecot)] });
    try {
      await readOnly.waitUntilConnected();
      const id = await deliver(mail({ subject: 'No SMTP' }), 'No SMTP');
      const response = await readOnly.api(`/v1/accounts/alice/messages/${id}/reply`, { method: 'POST', body: { text: 'x' } });
      expect(response.status).toBe(400);
      expect(response.body.error.message).toMatch(/no SMTP server/);
    } finally {
      await readOnly.stopAll();
    }
  });
});
