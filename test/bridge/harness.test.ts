// Proves the test helpers themselves: a real Dovecot and a real SMTP sink.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImapFlow } from 'imapflow';
import nodemailer from 'nodemailer';
import { startDovecot, type Dovecot } from '../support/dovecot';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink';

/** Resolves with the first line the server sends, or 'timeout'. */
function firstLine(port: number, timeoutMs: number): Promise<string> {
  return new Promise((resolve) => {
    const sock = net.connect(port, '127.0.0.1');
    let buf = '';
    const done = (line: string) => {
      sock.destroy();
      resolve(line);
    };
    sock.setTimeout(timeoutMs, () => done('timeout'));
    sock.on('error', (e) => done(`error: ${e.message}`));
    sock.on('data', (d) => {
      buf += d.toString();
      const i = buf.indexOf('\r\n');
      if (i >= 0) done(buf.slice(0, i));
    });
  });
}

const message = (subject: string) =>
  `From: bob@example.test\r\nTo: alice@example.test\r\nSubject: ${subject}\r\n` +
  `Message-ID: <${subject.replace(/\W/g, '')}@example.test>\r\n\r\nHello.\r\n`;

describe('dovecot helper', () => {
  let dc: Dovecot;
  beforeAll(async () => {
    dc = await startDovecot();
  });
  afterAll(async () => {
    await dc?.close();
  });

  it('greets on the plain port and serves IMAP over TLS with the pinned CA', async () => {
    expect(await firstLine(dc.port, 2000)).toMatch(/^\* OK /);
    const c = await dc.client('alice');
    try {
      expect(c.secureConnection).toBe(true);
      expect(c.capabilities.has('IDLE')).toBe(true);
    } finally {
      await c.logout();
    }
  });

  it('offers STARTTLS on the plain port', async () => {
    const c = new ImapFlow({
      host: dc.host,
      port: dc.port,
      secure: false,
      doSTARTTLS: true,
      tls: { ca: dc.ca, servername: 'localhost' },
      auth: { user: 'bob', pass: 'bob-secret' },
      logger: false,
    });
    await c.connect();
    expect(c.secureConnection).toBe(true);
    await c.logout();
  });

  it('has the special-use mailboxes', async () => {
    const c = await dc.client('alice');
    try {
      const uses = Object.fromEntries((await c.list()).map((m) => [m.path, m.specialUse]));
      expect(uses).toMatchObject({
        INBOX: '\\Inbox',
        Drafts: '\\Drafts',
        Sent: '\\Sent',
        Trash: '\\Trash',
        Junk: '\\Junk',
        Archive: '\\Archive',
      });
    } finally {
      await c.logout();
    }
  });

  it('appends and fetches', async () => {
    const { uid, uidValidity } = await dc.append('alice', 'INBOX', message('Appended'), ['\\Flagged']);
    expect(uid).toBeGreaterThan(0);
    expect(typeof uidValidity).toBe('bigint');
    const c = await dc.client('alice');
    try {
      await c.mailboxOpen('INBOX');
      const msg = await c.fetchOne(String(uid), { envelope: true, flags: true }, { uid: true });
      expect(msg && msg.envelope?.subject).toBe('Appended');
      expect(msg && msg.flags?.has('\\Flagged')).toBe(true);
    } finally {
      await c.logout();
    }
  });

  it('survives kill() + start() with the mail intact', async () => {
    const { uid } = await dc.append('alice', 'INBOX', message('Before crash'));
    const c = await dc.client('alice');
    const closed = new Promise<void>((resolve) => c.once('close', () => resolve()));
    await dc.kill();
    await closed; // the open connection drops
    expect(await firstLine(dc.port, 500)).toMatch(/^error: .*ECONNREFUSED/);
    await dc.start();
    const c2 = await dc.client('alice');
    try {
      await c2.mailboxOpen('INBOX');
      const msg = await c2.fetchOne(String(uid), { envelope: true }, { uid: true });
      expect(msg && msg.envelope?.subject).toBe('Before crash');
    } finally {
      await c2.logout();
    }
  });

  it('pause() leaves connections hanging until resume()', async () => {
    await dc.pause();
    try {
      expect(await firstLine(dc.port, 300)).toBe('timeout');
    } finally {
      await dc.resume();
    }
    expect(await firstLine(dc.port, 2000)).toMatch(/^\* OK /);
  });

  it('rejects a wrong password and counts the attempt', async () => {
    const before = await dc.logins('bob');
    const c = new ImapFlow({
      host: dc.host,
      port: dc.tlsPort,
      secure: true,
      tls: { ca: dc.ca, servername: 'localhost' },
      auth: { user: 'bob', pass: 'wrong' },
      logger: false,
    });
    await expect(c.connect()).rejects.toMatchObject({ authenticationFailed: true });
    expect(await dc.logins('bob')).toBe(before + 1);
    await (await dc.client('bob')).logout();
    expect(await dc.logins('bob')).toBe(before + 2);
    expect(await dc.logins()).toBeGreaterThan(await dc.logins('bob'));
  });
});

describe('smtp sink', () => {
  let sink: SmtpSink;
  let tlsSink: SmtpSink;
  beforeAll(async () => {
    [sink, tlsSink] = await Promise.all([startSmtpSink(), startSmtpSink({ tls: true })]);
  });
  afterAll(async () => {
    await Promise.all([sink?.close(), tlsSink?.close()]);
  });

  const transport = (s: SmtpSink, pass = 'alice-secret') =>
    nodemailer.createTransport({
      host: s.host,
      port: s.port,
      secure: s.secure,
      ...(s.ca ? { tls: { ca: s.ca, servername: 'localhost' } } : { ignoreTLS: true }),
      auth: { user: 'alice', pass },
    });
  const mail = { from: 'alice@example.test', to: 'bob@example.test', subject: 'Hi', text: 'Hello' };

  it('receives a message sent with auth, over plain and implicit TLS', async () => {
    for (const s of [sink, tlsSink]) {
      const waiting = s.waitForMessage((m) => m.to.includes('bob@example.test'));
      await transport(s).sendMail(mail);
      const got = await waiting;
      expect(got).toMatchObject({ from: 'alice@example.test', to: ['bob@example.test'], user: 'alice' });
      expect(got.raw.toString()).toContain('Subject: Hi');
    }
  });

  it('rejects a wrong password', async () => {
    await expect(transport(sink, 'nope').sendMail(mail)).rejects.toMatchObject({ responseCode: 535 });
  });

  it('refuses DATA with 554 while refusing, and drops the next DATA on request', async () => {
    const count = sink.messages.length;
    sink.setRefuse(true);
    await expect(transport(sink).sendMail(mail)).rejects.toMatchObject({ responseCode: 554 });
    sink.setRefuse(false);
    sink.dropNext();
    await expect(transport(sink).sendMail(mail)).rejects.toThrow();
    expect(sink.messages.length).toBe(count);
    await transport(sink).sendMail(mail);
    expect(sink.messages.length).toBe(count + 1);
  });

  it('can start in refuse mode', async () => {
    const refusing = await startSmtpSink({ refuse: true });
    try {
      await expect(transport(refusing).sendMail(mail)).rejects.toMatchObject({ responseCode: 554 });
    } finally {
      await refusing.close();
    }
  });
});
