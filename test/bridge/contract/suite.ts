// The bridge contract, run unchanged against every test IMAP server (one small test file
// per server calls contractSuite, so vitest runs the servers in parallel). What differs
// between servers (folder names, capabilities, IDLE that never pushes) is the bridge's
// IMAP layer's business: the expectations here are the same for all.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mail, startTestBridge, type TestBridge } from '../../support/bridge';
import { startImapServer, type ServerKind, type TestImapServer } from '../../support/imap-servers';
import { startSmtpSink, type SmtpSink } from '../../support/smtp-sink';
import { stateOf, unreadIn } from '../../support/status';

export function accountFor(server: TestImapServer, sink?: SmtpSink, extra: Record<string, unknown> = {}) {
  return {
    id: 'alice',
    name: 'Alice',
    email: 'alice@example.test',
    imap: { host: '127.0.0.1', port: server.tlsPort, security: 'tls', user: 'alice', password: server.users.alice, ca: server.caPath },
    ...(sink && { smtp: { host: '127.0.0.1', port: sink.port, security: 'none', user: 'alice', password: sink.users.alice } }),
    ...extra,
  };
}

/** Subjects in a mailbox as the server itself sees them (a session of the test's own). */
async function subjectsIn(server: TestImapServer, mailbox: string): Promise<Map<string, string[]>> {
  const client = await server.client();
  const found = new Map<string, string[]>();
  try {
    const lock = await client.getMailboxLock(mailbox);
    try {
      if (client.mailbox && client.mailbox.exists > 0) {
        for await (const message of client.fetch('1:*', { envelope: true, flags: true })) {
          found.set(message.envelope?.subject ?? '', [...(message.flags ?? [])].filter((flag) => flag !== '\\Recent').sort());
        }
      }
    } finally {
      lock.release();
    }
  } finally {
    await client.logout();
  }
  return found;
}

export function contractSuite(kind: ServerKind): void {
  let server: TestImapServer;
  let sink: SmtpSink;
  let bridge: TestBridge;
  const messages = (query = '') => bridge.api(`/v1/accounts/alice/messages${query}`);
  const message = (id: string, suffix = '', init?: Parameters<TestBridge['api']>[1]) => bridge.api(`/v1/accounts/alice/messages/${id}${suffix}`, init);
  const deliver = async (subject: string, mailbox = 'INBOX', flags?: string[]) => {
    await server.append('alice', mailbox, mail({ subject }), flags);
    return bridge.find(subject, { mailbox });
  };

  beforeAll(async () => {
    [server, sink] = await Promise.all([startImapServer(kind), startSmtpSink()]);
    const client = await server.client();
    await client.mailboxCreate(projects());
    await client.mailboxCreate(recreated());
    await client.logout();
    bridge = await startTestBridge({ accounts: [accountFor(server, sink)] });
    await bridge.waitUntilConnected(30_000);
  });

  afterAll(async () => {
    await bridge?.stopAll();
    await sink?.close();
    await server?.close();
  });

  // Cyrus and Courier keep folders under INBOX (`INBOX.Projects`); Dovecot at the top.
  const sub = (name: string) => (server.kind === 'dovecot' ? name : `INBOX.${name}`);
  const projects = () => sub('Projects');
  const recreated = () => sub('Recreated');

  describe(`contract on ${kind}`, () => {
    it('is connected and counts unread mail in INBOX', async () => {
      const status = await bridge.waitUntilConnected();
      expect(stateOf(status)).toBe('ok');
      expect(unreadIn(status, 'INBOX')).toBe(0);
    });

    it('sees new mail without a request: pushed by IDLE or re-counted while IDLE is silent', async () => {
      const before = unreadIn((await bridge.api('/v1/status')).body, 'INBOX') ?? 0;
      await server.append('alice', 'INBOX', mail({ subject: 'Arrives by itself' }));
      // The health check runs every 60 s here: only IDLE or the short re-count can make it in time.
      const status = await bridge.waitForStatus((s) => unreadIn(s, 'INBOX') === before + 1, 40_000);
      expect(unreadIn(status, 'INBOX')).toBe(before + 1);
    }, 60_000);

    describe('lists', () => {
      beforeAll(async () => {
        for (let n = 1; n <= 7; n++) await server.append('alice', projects(), mail({ subject: `Project ${n}` }), n % 2 === 0 ? ['\\Seen'] : []);
      });

      it('pages newest first through every message, each once, later pages too', async () => {
        const seen: string[] = [];
        let cursor: string | null = null;
        do {
          const response = await messages(`?mailbox=${encodeURIComponent(projects())}&limit=3${cursor ? `&before=${cursor}` : ''}`);
          expect(response.status).toBe(200);
          seen.push(...response.body.messages.map((entry: any) => entry.subject));
          cursor = response.body.next;
        } while (cursor);
        expect(seen).toEqual(['Project 7', 'Project 6', 'Project 5', 'Project 4', 'Project 3', 'Project 2', 'Project 1']);
      });

      it('lists only unseen messages, newest first, paging with the cursor', async () => {
        const first = await messages(`?mailbox=${encodeURIComponent(projects())}&unseen=1&limit=2`);
        expect(first.status).toBe(200);
        expect(first.body.messages.map((entry: any) => entry.subject)).toEqual(['Project 7', 'Project 5']);
        const second = await messages(`?mailbox=${encodeURIComponent(projects())}&unseen=1&limit=2&before=${first.body.next}`);
        expect(second.body.messages.map((entry: any) => entry.subject)).toEqual(['Project 3', 'Project 1']);
        expect(second.body.next).toBeNull();
      });

      it('lists unseen INBOX mail, the first page with no cursor', async () => {
        const response = await messages('?mailbox=INBOX&unseen=1&limit=20');
        expect(response.status).toBe(200);
        expect(response.body.messages.map((entry: any) => entry.subject)).toContain('Arrives by itself');
      });
    });

    it('gives a full message without marking it seen', async () => {
      const { id } = await deliver('Full message');
      const response = await message(id);
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ subject: 'Full message', text: expect.stringContaining('this is a test'), messageId: expect.any(String) });
      expect((await subjectsIn(server, 'INBOX')).get('Full message')).not.toContain('\\Seen');
    });

    it('marks read and flagged, as the server sees it', async () => {
      const { id } = await deliver('Flag me');
      expect((await message(id, '', { method: 'PATCH', body: { seen: true, flagged: true } })).status).toBe(200);
      expect((await subjectsIn(server, 'INBOX')).get('Flag me')).toEqual(['\\Flagged', '\\Seen']);
      expect((await message(id, '', { method: 'PATCH', body: { seen: false } })).status).toBe(200);
      expect((await subjectsIn(server, 'INBOX')).get('Flag me')).toEqual(['\\Flagged']);
    });

    it('deletes into Trash with an id there, and undo brings it back', async () => {
      const { id } = await deliver('Delete me');
      const deleted = await message(id, '', { method: 'DELETE' });
      expect(deleted.status).toBe(200);
      expect((await subjectsIn(server, server.folders.trash)).has('Delete me')).toBe(true);
      expect((await subjectsIn(server, 'INBOX')).has('Delete me')).toBe(false);
      const undone = await message(deleted.body.id, '/move', { method: 'POST', body: { to: 'INBOX' } });
      expect(undone.status).toBe(200);
      expect((await subjectsIn(server, 'INBOX')).has('Delete me')).toBe(true);
      expect((await subjectsIn(server, server.folders.trash)).has('Delete me')).toBe(false);
    });

    it.each([
      ['archives', '\\Archive', 'archive'],
      ['marks as spam', '\\Junk', 'junk'],
    ] as const)('%s into the right folder and answers its new id', async (_, to, folder) => {
      const subject = `To ${folder}`;
      const { id } = await deliver(subject);
      const moved = await message(id, '/move', { method: 'POST', body: { to } });
      expect(moved.status).toBe(200);
      expect((await subjectsIn(server, server.folders[folder])).has(subject)).toBe(true);
      expect((await message(moved.body.id)).body.subject).toBe(subject);
      expect((await message(id)).status).toBe(404);
    });

    it('moves by mailbox path, and refuses one that does not exist', async () => {
      const { id } = await deliver('File me');
      expect((await message(id, '/move', { method: 'POST', body: { to: 'Nowhere' } })).status).toBe(404);
      const moved = await message(id, '/move', { method: 'POST', body: { to: projects() } });
      expect(moved.status).toBe(200);
      expect((await subjectsIn(server, projects())).has('File me')).toBe(true);
      expect((await subjectsIn(server, 'INBOX')).has('File me')).toBe(false);
    });

    it('lists mailboxes with special uses and counts', async () => {
      const response = await bridge.api('/v1/accounts/alice/mailboxes');
      expect(response.status).toBe(200);
      const byUse = new Map(response.body.map((entry: any) => [entry.specialUse, entry.path]));
      expect(byUse.get('\\Trash')).toBe(server.folders.trash);
      expect(byUse.get('\\Sent')).toBe(server.folders.sent);
      expect(byUse.get('\\Archive')).toBe(server.folders.archive);
      expect(response.body.find((entry: any) => entry.path === 'INBOX')).toMatchObject({ unread: expect.any(Number), total: expect.any(Number) });
    });

    it('replies over SMTP, marks the original answered and saves to Sent', async () => {
      const { id } = await deliver('Question');
      const response = await message(id, '/reply', { method: 'POST', body: { text: 'An answer.' } });
      expect(response.status).toBe(200);
      const sent = await sink.waitForMessage((entry) => entry.raw.includes('An answer.'));
      expect(sent.raw.toString()).toContain('Subject: Re: Question');
      expect((await subjectsIn(server, 'INBOX')).get('Question')).toContain('\\Answered');
      expect((await subjectsIn(server, server.folders.sent)).has('Re: Question')).toBe(true);
    });

    it('sends a new message with an attachment and saves it to Sent', async () => {
      const response = await bridge.api('/v1/accounts/alice/messages', {
        method: 'POST',
        body: { to: ['bob@example.test'], subject: 'New with file', text: 'See attached.', attachments: [{ filename: 'a.txt', contentType: 'text/plain', contentBase64: Buffer.from('file body').toString('base64') }] },
      });
      expect(response.status).toBe(200);
      expect(response.body.savedToSent).toBe(true);
      const sent = await sink.waitForMessage((entry) => entry.raw.includes('See attached.'));
      expect(sent.raw.toString()).toContain('filename=a.txt');
      expect((await subjectsIn(server, server.folders.sent)).get('New with file')).toEqual(['\\Seen']);
    });

    it('forwards with Fwd: and marks the original $Forwarded', async () => {
      const { id } = await deliver('Pass it on');
      const response = await message(id, '/forward', { method: 'POST', body: { to: ['carol@example.test'], text: 'For you.' } });
      expect(response.status).toBe(200);
      const sent = await sink.waitForMessage((entry) => entry.raw.includes('For you.'));
      expect(sent.raw.toString()).toContain('Subject: Fwd: Pass it on');
      expect((await subjectsIn(server, server.folders.sent)).has('Fwd: Pass it on')).toBe(true);
      expect((await subjectsIn(server, 'INBOX')).get('Pass it on')).toContain('$Forwarded');
    });

    it('searches subject and body, newest first', async () => {
      await server.append('alice', 'INBOX', mail({ subject: 'Mango season', body: 'Ripe soon.\r\n' }));
      await server.append('alice', 'INBOX', mail({ subject: 'Smoothies', body: 'With mango and lime.\r\n' }));
      const response = await messages('?q=mango&mailbox=INBOX');
      expect(response.status).toBe(200);
      expect(response.body.messages.map((entry: any) => entry.subject)).toEqual(['Smoothies', 'Mango season']);
      expect((await messages('?q=papaya')).body.messages).toEqual([]);
    });

    it('marks INBOX read on the server and undoes it', async () => {
      await deliver('Unread one');
      const marked = await bridge.api('/v1/accounts/alice/mailboxes/read', { method: 'POST', body: { mailbox: 'INBOX' } });
      expect(marked.status).toBe(200);
      expect(marked.body.count).toBeGreaterThan(0);
      expect([...(await subjectsIn(server, 'INBOX')).values()].every((flags) => flags.includes('\\Seen'))).toBe(true);
      const undone = await bridge.api('/v1/accounts/alice/mailboxes/unread', { method: 'POST', body: marked.body.undo });
      expect(undone.body).toEqual({ count: marked.body.count });
      expect((await subjectsIn(server, 'INBOX')).get('Unread one')).not.toContain('\\Seen');
    });

    it('answers 404 for a message another client removed', async () => {
      const { id } = await deliver('Removed elsewhere');
      const client = await server.client();
      const lock = await client.getMailboxLock('INBOX');
      try {
        const uids = await client.search({ subject: 'Removed elsewhere' }, { uid: true });
        await client.messageDelete(Array.isArray(uids) ? uids.join(',') : '', { uid: true });
      } finally {
        lock.release();
        await client.logout();
      }
      expect((await message(id)).status).toBe(404);
      expect((await message(id, '', { method: 'PATCH', body: { seen: true } })).status).toBe(404);
    });

    it('answers 409 for an id from before UIDVALIDITY changed, never another message', async () => {
      const { id } = await deliver('Old life', recreated());
      const client = await server.client();
      await client.mailboxDelete(recreated());
      await client.mailboxCreate(recreated());
      await client.logout();
      await server.append('alice', recreated(), mail({ subject: 'New life' }));
      const response = await message(id);
      expect(response.status).toBe(409);
      expect(response.body.error.code).toBe('stale_id');
      const fresh = await messages(`?mailbox=${encodeURIComponent(recreated())}`);
      expect(fresh.body.messages.map((entry: any) => entry.subject)).toEqual(['New life']);
    });

    it('shows auth-error for a wrong password', async () => {
      const wrong = await startTestBridge({ accounts: [accountFor(server, undefined, { imap: { ...accountFor(server).imap, password: 'wrong' } })] });
      try {
        const status = await wrong.waitForStatus((s) => stateOf(s) === 'auth-error', 20_000);
        expect(stateOf(status)).toBe('auth-error');
      } finally {
        await wrong.stopAll();
      }
    });
  });
}
