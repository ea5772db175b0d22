// New messages and forwards go out over the same SMTP path as replies: built only from
// allow-listed fields, attachments capped, Bcc kept out of the sent bytes, a Sent copy
// once the server accepted them, and a forward marks its original $Forwarded.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import PostalMime from 'postal-mime';
import { MAX_ATTACHMENT_BYTES } from '../../bridge/smtp/compose';
import { startDovecot, type Dovecot } from '../support/dovecot';
import { serverState } from '../support/server-state';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink';
import { aliceAccount, mail, startTestBridge, type TestBridge } from '../support/bridge';
import { compose, PNG } from '../support/compose';

let dovecot: Dovecot;
let sink: SmtpSink;
let bridge: TestBridge;

const send = (json: Parameters<TestBridge['client']['v1']['accounts'][':account']['messages']['$post']>[0]['json']) =>
  bridge.client.v1.accounts[':account'].messages.$post({ param: { account: 'alice' }, json });
const sendRaw = (body: unknown) => bridge.api('/v1/accounts/alice/messages', { method: 'POST', body });
const forward = (id: string, body: unknown) => bridge.api(`/v1/accounts/alice/messages/${id}/forward`, { method: 'POST', body });

/** The raw bytes of the message with this subject in `mailbox`, read from Dovecot. */
async function sourceOf(subject: string, mailbox = 'Sent'): Promise<Buffer | undefined> {
  const client = await dovecot.client();
  try {
    const lock = await client.getMailboxLock(mailbox);
    try {
      if (!client.mailbox || client.mailbox.exists === 0) return undefined;
      for await (const message of client.fetch('1:*', { envelope: true, source: true })) {
        if (message.envelope?.subject === subject) return message.source;
      }
      return undefined;
    } finally {
      lock.release();
    }
  } finally {
    await client.logout();
  }
}

async function flagsOf(subject: string, mailbox = 'INBOX'): Promise<string[] | undefined> {
  return (await serverState(dovecot, [mailbox])).find((message) => message.subject === subject)?.flags;
}

const addresses = (list: unknown) => ((list ?? []) as Array<{ address?: string }>).map((entry) => entry.address);

beforeAll(async () => {
  dovecot = await startDovecot();
  sink = await startSmtpSink();
  bridge = await startTestBridge({ accounts: [aliceAccount(dovecot, sink, { senderName: 'Alice Liddell' })] });
  await bridge.waitUntilConnected();
});

afterAll(async () => {
  await bridge?.stopAll();
  await sink?.close();
  await dovecot?.close();
});

describe('a new message', () => {
  it('goes to To, Cc and Bcc with its attachments; Bcc only in the envelope and the Sent copy', async () => {
    const report = Buffer.from('%PDF-1.4 a small report\n');
    const response = await send({
      to: ['bob@example.test', { name: 'Carol C.', address: 'carol@example.test' }],
      cc: ['dave@example.test'],
      bcc: ['erin@example.test'],
      subject: 'Quarterly numbers',
      text: 'Here they are.\nAlice',
      attachments: [
        { filename: 'report.pdf', contentType: 'application/pdf', contentBase64: report.toString('base64') },
        { filename: 'pixel.png', contentType: 'image/png', contentBase64: PNG.toString('base64') },
      ],
    });
    expect(response.status).toBe(200);
    const answer = await response.json();
    expect(answer).toEqual({ messageId: expect.stringMatching(/^<.+@example\.test>$/), savedToSent: true });

    const sent = await sink.waitForMessage((message) => message.raw.includes('Quarterly numbers'));
    expect(sent.from).toBe('alice@example.test');
    expect(sent.to.sort()).toEqual(['bob@example.test', 'carol@example.test', 'dave@example.test', 'erin@example.test']);
    expect(sent.raw.toString('latin1').split('\r\n\r\n')[0]).not.toMatch(/^bcc:/im);
    const parsed = await PostalMime.parse(sent.raw);
    expect(parsed.messageId).toBe(answer.messageId);
    expect(parsed.from).toEqual({ name: 'Alice Liddell', address: 'alice@example.test' });
    expect(addresses(parsed.to)).toEqual(['bob@example.test', 'carol@example.test']);
    expect(addresses(parsed.cc)).toEqual(['dave@example.test']);
    expect(parsed.text?.trim()).toBe('Here they are.\nAlice');
    expect(parsed.attachments.map((attachment) => [attachment.filename, attachment.mimeType])).toEqual([
      ['report.pdf', 'application/pdf'],
      ['pixel.png', 'image/png'],
    ]);
    expect(Buffer.from(parsed.attachments[0]!.content as ArrayBuffer).equals(report)).toBe(true);
    expect(Buffer.from(parsed.attachments[1]!.content as ArrayBuffer).equals(PNG)).toBe(true);

    expect(await flagsOf('Quarterly numbers', 'Sent')).toEqual(['\\Seen']);
    const copy = await PostalMime.parse((await sourceOf('Quarterly numbers'))!);
    expect(addresses(copy.bcc)).toEqual(['erin@example.test']);
    expect(copy.messageId).toBe(answer.messageId);
    expect(copy.attachments).toHaveLength(2);
  });

  it('may go to Bcc alone, with no subject or text', async () => {
    const before = sink.messages.length;
    const response = await sendRaw({ bcc: ['hidden@example.test'] });
    expect(response.status).toBe(200);
    await expect.poll(() => sink.messages.length).toBe(before + 1);
    expect(sink.messages.at(-1)!.to).toEqual(['hidden@example.test']);
  });

  it.each([
    ['no recipient', { subject: 'Nobody', text: 'x' }],
    ['an empty recipient list', { to: [], text: 'x' }],
    ['a header in the subject', { to: ['bob@example.test'], subject: 'Hi\r\nBcc: evil@attacker.test' }],
    ['a header in an address', { to: ['bob@example.test\r\nBcc: evil@attacker.test'] }],
    ['an address list in one address', { to: ['bob@example.test, evil@attacker.test'] }],
    ['a display name in the address string', { to: ['Bob <bob@example.test>'] }],
    ['a line break in a name', { to: [{ name: 'Bob\nBcc: evil@attacker.test', address: 'bob@example.test' }] }],
    ['not an address', { to: ['bob'] }],
    ['a header field', { to: ['bob@example.test'], headers: { Bcc: 'evil@attacker.test' } }],
    ['a from', { to: ['bob@example.test'], from: 'boss@example.test' }],
    ['an attachment path', { to: ['bob@example.test'], attachments: [{ filename: 'passwd', path: '/etc/passwd' }] }],
    ['an attachment URL', { to: ['bob@example.test'], attachments: [{ filename: 'x', href: 'http://127.0.0.1/' }] }],
    ['an attachment without content', { to: ['bob@example.test'], attachments: [{ filename: 'x.txt', contentType: 'text/plain' }] }],
    ['content that is not base64', { to: ['bob@example.test'], attachments: [{ filename: 'x.txt', contentBase64: '<<<' }] }],
    ['a hostile content type', { to: ['bob@example.test'], attachments: [{ filename: 'x', contentType: 'text/plain\r\nBcc: e@a.test', contentBase64: 'eA==' }] }],
    ['a line break in a file name', { to: ['bob@example.test'], attachments: [{ filename: 'x\r\nBcc: e@a.test', contentBase64: 'eA==' }] }],
    ['a wrong type', { to: 'bob@example.test' }],
  ])('refuses %s with 400 in the one error shape, and sends nothing', async (_what, body) => {
    const before = sink.messages.length;
    const response = await sendRaw(body);
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ error: { code: 'bad_request', message: expect.any(String) } });
    expect(JSON.stringify(response.body)).not.toContain('evil@attacker');
    expect(sink.messages.length).toBe(before);
  });

  it('refuses attachments over the cap with 413, and sends nothing', async () => {
    const before = sink.messages.length;
    const big = Buffer.alloc(MAX_ATTACHMENT_BYTES / 2 + 1, 7).toString('base64');
    const response = await sendRaw({
      to: ['bob@example.test'],
      attachments: [
        { filename: 'a.bin', contentBase64: big },
        { filename: 'b.bin', contentBase64: big },
      ],
    });
    expect(response.status).toBe(413);
    expect(response.body.error.code).toBe('too_large');
    expect(response.body.error.message).toMatch(/at most 10\.0 MB/);
    expect(sink.messages.length).toBe(before);
  });
});

async function appendAndFind(raw: string | Buffer, subject: string, flags?: string[]) {
  await dovecot.append('alice', 'INBOX', raw, flags);
  return bridge.find(subject);
}

describe('forward', () => {
  it("sends the note, the original under a header block and the original's attachments; Fwd: once; marks $Forwarded", async () => {
    const raw = await compose({
      subject: 'Fwd: Site photos',
      cc: 'Dave <dave@example.test>',
      date: new Date('2026-12-01T10:00:00Z'),
      text: 'Photos from the site.\nBob',
      attachments: [
        { filename: 'site.png', content: PNG, contentType: 'image/png' },
        { filename: 'notes.txt', content: 'measure twice\n', contentType: 'text/plain' },
      ],
    });
    const original = await appendAndFind(raw, 'Fwd: Site photos');

    const response = await forward(original.id, { to: ['carol@example.test'], text: 'Carol, see below.' });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ messageId: expect.stringMatching(/^<.+@example\.test>$/), savedToSent: true });

    const sent = await sink.waitForMessage((message) => message.raw.includes('Carol, see below.'));
    expect(sent.to).toEqual(['carol@example.test']);
    const parsed = await PostalMime.parse(sent.raw);
    expect(parsed.subject).toBe('Fwd: Site photos');
    expect(parsed.inReplyTo).toBeUndefined();
    expect(parsed.text).toContain('Carol, see below.\n\n---------- Forwarded message ---------\n');
    expect(parsed.text).toContain('From: Bob <bob@example.test>\n');
    expect(parsed.text).toContain('Date: Tue, 01 Dec 2026 10:00:00 GMT\n');
    expect(parsed.text).toContain('Subject: Fwd: Site photos\n');
    expect(parsed.text).toContain('To: Alice <alice@example.test>\n');
    expect(parsed.text).toContain('Cc: Dave <dave@example.test>\n');
    expect(parsed.text).toContain('\n\nPhotos from the site.\nBob');
    expect(parsed.attachments.map((attachment) => attachment.filename)).toEqual(['site.png', 'notes.txt']);
    expect(Buffer.from(parsed.attachments[0]!.content as ArrayBuffer).equals(PNG)).toBe(true);

    expect(await flagsOf('Fwd: Site photos')).toContain('$Forwarded');
    expect(await flagsOf('Fwd: Site photos', 'Sent')).toEqual(['\\Seen']);
  });

  it.each([
    ['Report', 'Fwd: Report'],
    ['FW: Report', 'Fwd: Report'],
    ['fwd:Report', 'Fwd: Report'],
    ['Re: Report', 'Fwd: Re: Report'],
  ])('makes %j into %j', async (subject, expected) => {
    const unique = `${subject} ${Math.random().toString(36).slice(2, 8)}`;
    const original = await appendAndFind(mail({ subject: unique }), unique);
    expect((await forward(original.id, { to: ['carol@example.test'] })).status).toBe(200);
    const sent = await sink.waitForMessage((message) => message.raw.includes(unique.slice(-6)) && message.raw.includes('Forwarded message'));
    expect((await PostalMime.parse(sent.raw)).subject).toBe(`${expected}${unique.slice(subject.length)}`);
  });

  it('quotes an HTML-only original as text, line breaks kept', async () => {
    const raw = await compose({ subject: 'HTML only', html: '<p>First line</p><p>Second <b>bold</b> line<br>third</p>' });
    const original = await appendAndFind(raw, 'HTML only');
    expect((await forward(original.id, { to: ['carol@example.test'], text: 'fyi html' })).status).toBe(200);
    const sent = await sink.waitForMessage((message) => message.raw.includes('fyi html'));
    expect((await PostalMime.parse(sent.raw)).text).toMatch(/First line\n+Second bold line\nthird/);
  });

  it('refuses hostile recipients, and a gone message is a 404', async () => {
    const original = await appendAndFind(mail({ subject: 'Forward refused' }), 'Forward refused');
    const before = sink.messages.length;
    expect((await forward(original.id, { to: ['x@example.test\r\nBcc: evil@attacker.test'] })).status).toBe(400);
    expect((await forward(original.id, { text: 'nobody' })).status).toBe(400);
    expect((await forward(original.id, { to: ['carol@example.test'], attachments: [] })).status).toBe(400);
    const client = await dovecot.client();
    try {
      await client.mailboxOpen('INBOX');
      await client.messageDelete({ header: { subject: 'Forward refused' } });
    } finally {
      await client.logout();
    }
    const gone = await forward(original.id, { to: ['carol@example.test'] });
    expect(gone.status).toBe(404);
    expect(sink.messages.length).toBe(before);
  });

  it('when SMTP refuses: 502, the original not marked, nothing in Sent', async () => {
    const original = await appendAndFind(mail({ subject: 'Forward doomed' }), 'Forward doomed');
    sink.setRefuse(true);
    try {
      const response = await forward(original.id, { to: ['carol@example.test'] });
      expect(response.status).toBe(502);
      expect(response.body.error.code).toBe('smtp_failed');
    } finally {
      sink.setRefuse(false);
    }
    expect(await flagsOf('Forward doomed')).not.toContain('$Forwarded');
    expect(await flagsOf('Fwd: Forward doomed', 'Sent')).toBeUndefined();
  });
});

// Last: a body refused before it is read ends its connection, which the next request may trip over.
describe('request size', () => {
  it('refuses a body far over the cap before reading it whole', async () => {
    const response = await sendRaw({ to: ['bob@example.test'], text: 'x'.repeat(20 * 1024 * 1024) });
    expect(response.status).toBe(413);
    expect(response.body.error.code).toBe('too_large');
  });
  it('keeps the 1 MB limit on other routes', async () => {
    const id = (await appendAndFind(mail({ subject: 'Limit' }), 'Limit')).id;
    const response = await forward(id, { to: ['bob@example.test'], text: 'x'.repeat(1024 * 1024 + 1) });
    expect(response.status).toBe(400);
  });
});
