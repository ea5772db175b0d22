// Servers that lack what Dovecot has: a proxy in front of Dovecot withholds capabilities,
// renames folders and misbehaves as servers and providers were seen to (see the README's
// capability matrix). Each case fails without its handling in bridge/imap.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountSchema } from '../../bridge/config/schema';
import { createImapClient, IDLE_RENEW_MS } from '../../bridge/imap/client';
import { silentLogger } from '../../bridge/log';
import { startDovecot, type Dovecot } from '../support/dovecot';
import { mail, startTestBridge, type TestBridge } from '../support/bridge';
import { startImapProxy, type ImapProxy, type ProxyOptions } from '../support/imap-proxy';
import { serverState } from '../support/server-state';
import { stateOf, unreadIn } from '../support/status';

let dovecot: Dovecot;

beforeAll(async () => {
  dovecot = await startDovecot();
});

afterAll(async () => {
  await dovecot?.close();
});

const subjectsIn = async (mailbox: string) => (await serverState(dovecot, [mailbox])).map((message) => message.subject);

/** A bridge whose one account reaches Dovecot through a proxy with `options`. */
function behind(options: ProxyOptions, config: Record<string, unknown> = {}) {
  const ctx = {} as { proxy: ImapProxy; bridge: TestBridge };
  beforeAll(async () => {
    ctx.proxy = await startImapProxy(dovecot, options);
    ctx.bridge = await startTestBridge({
      accounts: [{
        id: 'alice', name: 'Alice', email: 'alice@example.test',
        imap: { host: '127.0.0.1', port: ctx.proxy.port, security: 'none', user: 'alice', password: dovecot.users.alice },
      }],
      ...config,
    });
    await ctx.bridge.waitUntilConnected();
  });
  afterAll(async () => {
    await ctx.bridge?.stopAll();
    await ctx.proxy?.close();
  });
  return ctx;
}

async function deliver(bridge: TestBridge, subject: string) {
  await dovecot.append('alice', 'INBOX', mail({ subject }));
  return bridge.find(subject);
}

describe('without UIDPLUS and MOVE (COPY, then expunge only that message)', () => {
  const ctx = behind({ withhold: ['UIDPLUS', 'MOVE'] });

  it('deletes into Trash and answers an id there that undo works with', async () => {
    const { id } = await deliver(ctx.bridge, 'No UIDPLUS delete');
    const deleted = await ctx.bridge.api(`/v1/accounts/alice/messages/${id}`, { method: 'DELETE' });
    expect(deleted.status).toBe(200);
    expect(await subjectsIn('Trash')).toContain('No UIDPLUS delete');
    const undone = await ctx.bridge.api(`/v1/accounts/alice/messages/${deleted.body.id}/move`, { method: 'POST', body: { to: 'INBOX' } });
    expect(undone.status).toBe(200);
    expect(await subjectsIn('INBOX')).toContain('No UIDPLUS delete');
    expect(await subjectsIn('Trash')).not.toContain('No UIDPLUS delete');
  });

  it("leaves a message another client only marked \\Deleted where it is", async () => {
    await dovecot.append('alice', 'INBOX', mail({ subject: 'Marked elsewhere' }), ['\\Deleted']);
    const { id } = await deliver(ctx.bridge, 'Archive me, only me');
    expect((await ctx.bridge.api(`/v1/accounts/alice/messages/${id}/move`, { method: 'POST', body: { to: '\\Archive' } })).status).toBe(200);
    const inbox = await serverState(dovecot, ['INBOX']);
    expect(inbox.find((message) => message.subject === 'Marked elsewhere')?.flags).toContain('\\Deleted');
    expect(inbox.map((message) => message.subject)).not.toContain('Archive me, only me');
  });
});

describe('without UIDPLUS (MOVE says nothing about the new UID)', () => {
  const ctx = behind({ withhold: ['UIDPLUS'] });

  it('finds the moved message by Message-ID and answers its id', async () => {
    const { id } = await deliver(ctx.bridge, 'Moved, no COPYUID');
    const moved = await ctx.bridge.api(`/v1/accounts/alice/messages/${id}/move`, { method: 'POST', body: { to: '\\Junk' } });
    expect(moved.status).toBe(200);
    expect((await ctx.bridge.api(`/v1/accounts/alice/messages/${moved.body.id}`)).body.subject).toBe('Moved, no COPYUID');
  });
});

describe('without UIDNEXT, ESEARCH or PARTIAL, and a `*` that misbehaves', () => {
  const ctx = behind({ withhold: ['ESEARCH', 'PARTIAL', 'CONDSTORE', 'QRESYNC'], noUidNext: true, badStar: true });

  it('lists unseen mail newest first, and pages through all of it', async () => {
    for (const n of [1, 2, 3]) await dovecot.append('alice', 'INBOX', mail({ subject: `Unseen ${n}` }));
    const first = await ctx.bridge.api('/v1/accounts/alice/messages?mailbox=INBOX&unseen=1&limit=2');
    expect(first.status).toBe(200);
    expect(first.body.messages.map((entry: any) => entry.subject)).toEqual(['Unseen 3', 'Unseen 2']);
    const rest = await ctx.bridge.api(`/v1/accounts/alice/messages?mailbox=INBOX&unseen=1&limit=50&before=${first.body.next}`);
    expect(rest.body.messages.map((entry: any) => entry.subject)).toContain('Unseen 1');
    const all = await ctx.bridge.api('/v1/accounts/alice/messages?mailbox=INBOX&limit=2');
    expect(all.body.messages.map((entry: any) => entry.subject)).toEqual(['Unseen 3', 'Unseen 2']);
  });

  it('searches with plain SEARCH over UID ranges by number, newest first, paging', async () => {
    for (const n of [1, 2, 3]) await dovecot.append('alice', 'INBOX', mail({ subject: `Quince ${n}`, body: n === 2 ? 'no fruit here\r\n' : 'quince jam\r\n' }));
    await dovecot.append('alice', 'INBOX', mail({ subject: 'Jam', body: 'Made with QUINCE.\r\n' }));
    const first = await ctx.bridge.api('/v1/accounts/alice/messages?q=quince&limit=2');
    expect(first.status).toBe(200);
    expect(first.body.messages.map((entry: any) => entry.subject)).toEqual(['Jam', 'Quince 3']);
    const rest = await ctx.bridge.api(`/v1/accounts/alice/messages?q=quince&limit=10&before=${first.body.next}`);
    expect(rest.body.messages.map((entry: any) => entry.subject)).toEqual(['Quince 2', 'Quince 1']);
  });

  it('marks a mailbox read and undoes it', async () => {
    await dovecot.append('alice', 'INBOX', mail({ subject: 'Read me with the rest' }));
    const marked = await ctx.bridge.api('/v1/accounts/alice/mailboxes/read', { method: 'POST', body: { mailbox: 'INBOX' } });
    expect(marked.status).toBe(200);
    expect(marked.body.count).toBeGreaterThan(0);
    expect((await serverState(dovecot, ['INBOX'])).filter((message) => !message.flags.includes('\\Seen'))).toEqual([]);
    const undone = await ctx.bridge.api('/v1/accounts/alice/mailboxes/unread', { method: 'POST', body: marked.body.undo });
    expect(undone.body).toEqual({ count: marked.body.count });
    expect((await serverState(dovecot, ['INBOX'])).find((message) => message.subject === 'Read me with the rest')?.flags).not.toContain('\\Seen');
  });
});

describe.each([
  ['Microsoft 365', 'Deleted Items'],
  ['Outlook in Dutch', 'Verwijderde items'],
  ['Outlook in German', 'Gelöschte Elemente'],
  ['Gmail without SPECIAL-USE', '[Gmail]/Trash'],
])('without SPECIAL-USE, Trash named as %s does (%s)', (_, name) => {
  const ctx = behind({ withhold: ['SPECIAL-USE'], rename: { Trash: name } });

  it('deletes into it and says so in the mailbox list', async () => {
    const { id } = await deliver(ctx.bridge, `Into ${name}`);
    const deleted = await ctx.bridge.api(`/v1/accounts/alice/messages/${id}`, { method: 'DELETE' });
    expect(deleted.status).toBe(200);
    expect(await subjectsIn('Trash')).toContain(`Into ${name}`);
    const mailboxes = await ctx.bridge.api('/v1/accounts/alice/mailboxes');
    expect(mailboxes.body.find((entry: any) => entry.specialUse === '\\Trash')?.path).toBe(name);
  });
});

describe("Gmail's archive: out of INBOX into All Mail", () => {
  const ctx = behind({ rename: { Archive: '[Gmail]/All Mail' }, attributes: { '\\Archive': '\\All' } });

  it('archives into the \\All mailbox when there is no \\Archive', async () => {
    const { id } = await deliver(ctx.bridge, 'Archive the Gmail way');
    const moved = await ctx.bridge.api(`/v1/accounts/alice/messages/${id}/move`, { method: 'POST', body: { to: '\\Archive' } });
    expect(moved.status).toBe(200);
    expect(await subjectsIn('Archive')).toContain('Archive the Gmail way');
    expect(await subjectsIn('INBOX')).not.toContain('Archive the Gmail way');
  });
});

describe('connections (Gmail caps them at 15 per account)', () => {
  const ctx = behind({});

  it('uses two per account, however many requests run', async () => {
    await Promise.all([
      ctx.bridge.api('/v1/accounts/alice/messages?mailbox=INBOX'),
      ctx.bridge.api('/v1/accounts/alice/mailboxes'),
      ctx.bridge.api('/v1/accounts/alice/messages?mailbox=Trash'),
    ]);
    expect(ctx.proxy.maxOpen()).toBe(2);
  });
});

describe('a server that closes idle connections', () => {
  const ctx = behind({});

  it('reconnects and counts mail that came meanwhile', async () => {
    const before = unreadIn((await ctx.bridge.api('/v1/status')).body, 'INBOX') ?? 0;
    ctx.proxy.dropAll();
    await dovecot.append('alice', 'INBOX', mail({ subject: 'While dropped' }));
    const status = await ctx.bridge.waitForStatus((s) => stateOf(s) === 'ok' && unreadIn(s, 'INBOX') === before + 1, 30_000);
    expect(unreadIn(status, 'INBOX')).toBe(before + 1);
  });
});

describe('IDLE, which servers end after about 29 minutes', () => {
  const ctx = behind({}, { healthCheckSeconds: 5 });

  it('is sent again on every health check, and by the client itself well before 29 minutes', async () => {
    const first = ctx.proxy.sent('IDLE');
    expect(first).toBeGreaterThan(0);
    await expect.poll(() => ctx.proxy.sent('IDLE'), { timeout: 30_000, interval: 200 }).toBeGreaterThanOrEqual(first + 2);
    // A health check set to an hour would not renew it in time: the client does.
    expect(IDLE_RENEW_MS).toBeLessThan(29 * 60_000);
    const { imap: server } = accountSchema.parse({ id: 'a', name: 'A', email: 'a@example.test', imap: { host: '127.0.0.1', port: ctx.proxy.port, security: 'none', user: 'alice', password: 'x' } });
    expect(createImapClient({ server, secret: { password: 'x' }, log: silentLogger, label: 'test' }).maxIdleTime).toBe(IDLE_RENEW_MS);
  });
});
