// What the popup does to mail besides reading it: mark a whole mailbox read on the
// server (every unseen message, not only those loaded) and undo it, star and unstar,
// "spam" (a move to \Junk), and address suggestions from recent mail.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDovecot, type Dovecot } from '../support/dovecot';
import { fillInbox, indexMailbox } from '../support/maildir';
import { aliceAccount, mail, startTestBridge, type TestBridge } from '../support/bridge';
import { serverState } from '../support/server-state';
import { unreadIn } from '../support/status';

const UNSEEN = 500;
const SEEN = 100;

let dovecot: Dovecot;
let bridge: TestBridge;

const markRead = (mailbox: string) => bridge.client.v1.accounts[':account'].mailboxes.read.$post({ param: { account: 'alice' }, json: { mailbox } });
const markUnread = (body: unknown) => bridge.api('/v1/accounts/alice/mailboxes/unread', { method: 'POST', body });

/** Unseen messages in a mailbox, as Dovecot counts them. */
async function unseenOnServer(mailbox: string): Promise<number> {
  const client = await dovecot.client();
  try {
    const status = await client.status(mailbox, { unseen: true });
    return status ? (status.unseen ?? -1) : -1;
  } finally {
    await client.logout();
  }
}

async function flagsOf(subject: string, mailbox = 'INBOX'): Promise<string[] | undefined> {
  return (await serverState(dovecot, [mailbox])).find((message) => message.subject === subject)?.flags;
}

beforeAll(async () => {
  dovecot = await startDovecot();
  // Written as Maildir files (seconds, not 600 APPENDs): the newest 100 read, 500 unread before them.
  await fillInbox(dovecot, 'alice', { count: UNSEEN + SEEN, unseen: (index) => index < UNSEEN });
  await indexMailbox(dovecot, 'alice');
  bridge = await startTestBridge({ accounts: [aliceAccount(dovecot, undefined, { watch: ['INBOX', 'Archive'] })] });
  await bridge.waitUntilConnected();
}, 60_000);

afterAll(async () => {
  await bridge?.stopAll();
  await dovecot?.close();
});

describe('mark a mailbox read', () => {
  let undo: { mailbox: string; uidValidity: string; uids: string };

  it(`marks all ${UNSEEN} unseen messages read on the server, though the client loaded none, and the count drops to 0`, async () => {
    expect(await unseenOnServer('INBOX')).toBe(UNSEEN);
    const response = await markRead('INBOX');
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toEqual({ count: UNSEEN, undo: { mailbox: 'INBOX', uidValidity: expect.stringMatching(/^\d+$/), uids: `1:${UNSEEN}` } });
    if (!('undo' in body)) throw new Error('no undo');
    undo = body.undo;
    expect(await unseenOnServer('INBOX')).toBe(0);
    const status = await bridge.waitForStatus((current) => unreadIn(current, 'INBOX') === 0);
    expect(unreadIn(status, 'INBOX')).toBe(0);
  });

  it('undoes it: exactly those messages unseen again', async () => {
    const response = await markUnread(undo);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ count: UNSEEN });
    expect(await unseenOnServer('INBOX')).toBe(UNSEEN);
    const listed = await bridge.api('/v1/accounts/alice/messages?mailbox=INBOX&limit=1');
    expect(listed.body.messages[0].seen).toBe(true); // the newest were read before, and still are
    await bridge.waitForStatus((current) => unreadIn(current, 'INBOX') === UNSEEN);
  });

  it('counts only what it changed: an undo of messages already unseen changes nothing', async () => {
    expect((await markUnread(undo)).body).toEqual({ count: 0 });
  });

  it('names scattered unseen messages as a compact UID set, and undo takes it back', async () => {
    const client = await dovecot.client();
    try {
      await client.mailboxOpen('INBOX');
      // Read every third of the unseen ones elsewhere, so the set has gaps.
      const every3rd = Array.from({ length: UNSEEN }, (_, i) => i + 1).filter((uid) => uid % 3 === 0);
      await client.messageFlagsAdd(every3rd.join(','), ['\\Seen'], { uid: true });
    } finally {
      await client.logout();
    }
    const response = await markRead('INBOX');
    const body = await response.json();
    if (!('undo' in body)) throw new Error('no undo');
    expect(body.count).toBe(UNSEEN - Math.floor(UNSEEN / 3));
    expect(body.undo.uids.startsWith('1:2,4:5,7:8,')).toBe(true);
    expect(await unseenOnServer('INBOX')).toBe(0);
    expect((await markUnread(body.undo)).body).toEqual({ count: body.count });
    expect(await unseenOnServer('INBOX')).toBe(body.count);
  });

  it('answers 0 and an empty set for a mailbox with nothing unseen', async () => {
    const response = await markRead('Drafts');
    expect(await response.json()).toEqual({ count: 0, undo: { mailbox: 'Drafts', uidValidity: expect.any(String), uids: '' } });
    expect((await markUnread({ mailbox: 'Drafts', uidValidity: '1', uids: '' })).status).toBe(409);
  });

  it('refuses an undo for a recreated mailbox (409) and changes nothing', async () => {
    const response = await markUnread({ ...undo, uidValidity: '12345' });
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('stale_id');
  });

  it.each([
    ['no mailbox', '/read', {}],
    ['an unknown field', '/read', { mailbox: 'INBOX', all: true }],
    ['a `*` in the set', '/unread', { mailbox: 'INBOX', uidValidity: '1', uids: '1:*' }],
    ['a set that is not one', '/unread', { mailbox: 'INBOX', uidValidity: '1', uids: '1,,2' }],
    ['a search key in the set', '/unread', { mailbox: 'INBOX', uidValidity: '1', uids: '1 OR 2' }],
    ['no UIDVALIDITY', '/unread', { mailbox: 'INBOX', uids: '1' }],
  ])('refuses %s with 400', async (_what, path, body) => {
    const response = await bridge.api(`/v1/accounts/alice/mailboxes${path}`, { method: 'POST', body });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('bad_request');
  });

  it('says 404 for a mailbox that does not exist', async () => {
    expect((await markRead('Nowhere')).status).toBe(404);
  });
});

describe('star and spam', () => {
  it('stars and unstars a message on the server', async () => {
    await dovecot.append('alice', 'INBOX', mail({ subject: 'Star me' }));
    const { id } = await bridge.find('Star me');
    const patch = (flagged: boolean) =>
      bridge.client.v1.accounts[':account'].messages[':id'].$patch({ param: { account: 'alice', id }, json: { flagged } });
    expect((await patch(true)).status).toBe(200);
    expect(await flagsOf('Star me')).toContain('\\Flagged');
    expect((await bridge.find('Star me')).flagged).toBe(true);
    expect((await patch(false)).status).toBe(200);
    expect(await flagsOf('Star me')).not.toContain('\\Flagged');
  });

  it('moves spam to \\Junk and answers its id there, which undo moves back', async () => {
    await dovecot.append('alice', 'INBOX', mail({ subject: 'Cheap pills' }));
    const { id } = await bridge.find('Cheap pills');
    const moved = await bridge.api(`/v1/accounts/alice/messages/${id}/move`, { method: 'POST', body: { to: '\\Junk' } });
    expect(moved.status).toBe(200);
    expect(await flagsOf('Cheap pills', 'Junk')).toBeDefined();
    expect(await flagsOf('Cheap pills')).toBeUndefined();
    expect((await bridge.api(`/v1/accounts/alice/messages/${moved.body.id}`)).body).toMatchObject({ subject: 'Cheap pills', mailbox: 'Junk', mailboxName: 'Junk' });
    expect((await bridge.api(`/v1/accounts/alice/messages/${moved.body.id}/move`, { method: 'POST', body: { to: 'INBOX' } })).status).toBe(200);
    expect(await flagsOf('Cheap pills')).toBeDefined();
  });
});

describe('correspondents', () => {
  beforeAll(async () => {
    const sent = (to: string, subject: string) => mail({ from: 'Alice <alice@example.test>', to, subject });
    await dovecot.append('alice', 'Sent', sent('Carol <carol@example.test>', 'To Carol'), ['\\Seen']);
    await dovecot.append('alice', 'Sent', sent('Carol Smith <CAROL@example.test>, Dave <dave@example.test>', 'To both'), ['\\Seen']);
    await dovecot.append('alice', 'Sent', sent('alice@example.test', 'Note to self'), ['\\Seen']);
    await dovecot.append('alice', 'INBOX', mail({ from: 'Zed <zed@example.test>', subject: 'From Zed' }));
    await dovecot.append('alice', 'INBOX', mail({ from: '"Evil\\r\\nBcc: x" <bad address@example.test>', subject: 'Hostile sender' }));
  });

  it('suggests people written to first (most often, then newest), then people only heard from; never the account itself', async () => {
    const response = await bridge.client.v1.accounts[':account'].correspondents.$get({ param: { account: 'alice' }, query: {} });
    expect(response.status).toBe(200);
    const { correspondents } = await response.json();
    expect(correspondents.slice(0, 2)).toEqual([
      { name: 'Carol Smith', address: 'CAROL@example.test' },
      { name: 'Dave', address: 'dave@example.test' },
    ]);
    expect(correspondents).toContainEqual({ name: 'Zed', address: 'zed@example.test' });
    expect(correspondents.map((entry) => entry.address.toLowerCase())).not.toContain('alice@example.test');
    expect(correspondents.every((entry) => !/\s/.test(entry.address))).toBe(true);
    expect(new Set(correspondents.map((entry) => entry.address.toLowerCase())).size).toBe(correspondents.length);
  });

  it('takes a limit', async () => {
    const response = await bridge.api('/v1/accounts/alice/correspondents?limit=1');
    expect(response.body.correspondents).toHaveLength(1);
    expect((await bridge.api('/v1/accounts/alice/correspondents?limit=0')).status).toBe(400);
  });
});
