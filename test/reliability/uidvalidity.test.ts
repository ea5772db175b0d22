// UIDVALIDITY changing under a running bridge: for INBOX (rebuilt on disk while Dovecot
// is down, since INBOX can't be deleted over IMAP) and for a watched mailbox that another
// client deletes and recreates. Old ids get 409 and never touch a message; fresh ids work;
// the counts follow.
import { chown, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aliceAccount, mail, startTestBridge, type TestBridge } from '../support/bridge';
import { accountIn, stateOf, unreadIn } from '../support/status';
import { startDovecot, type Dovecot } from '../support/dovecot';
import { serverState } from '../support/server-state';

let dovecot: Dovecot;
let bridge: TestBridge;

const base = '/v1/accounts/alice/messages';

/** subject → id, for every message of a mailbox as the bridge lists it. */
async function idsIn(mailbox: string): Promise<Map<string, string>> {
  const listed = await bridge.client.v1.accounts[':account'].messages.$get({ param: { account: 'alice' }, query: { mailbox, limit: '100' } });
  expect(listed.status).toBe(200);
  return new Map((await listed.json()).messages.map((summary) => [summary.subject, summary.id]));
}

/** Every message in the given mailboxes as Dovecot sees it: subject → "mailbox flags…". */
async function placesBySubject(mailboxes: string[]): Promise<Record<string, string[]>> {
  const state: Record<string, string[]> = {};
  for (const { subject, mailbox, flags } of await serverState(dovecot, mailboxes)) (state[subject] ??= []).push([mailbox, ...flags].join(' '));
  return state;
}

/** Every way to use an old id: each must be refused as stale. */
async function expectAllStale(id: string) {
  const attempts = {
    open: await bridge.api(`${base}/${id}`),
    flag: await bridge.api(`${base}/${id}`, { method: 'PATCH', body: { seen: true, flagged: true } }),
    move: await bridge.api(`${base}/${id}/move`, { method: 'POST', body: { to: '\\Archive' } }),
    delete: await bridge.api(`${base}/${id}`, { method: 'DELETE' }),
    attachment: await bridge.api(`${base}/${id}/attachments/2`),
  };
  for (const [what, response] of Object.entries(attempts)) {
    expect({ what, status: response.status, code: response.body?.error?.code }).toEqual({ what, status: 409, code: 'stale_id' });
  }
}

beforeAll(async () => {
  dovecot = await startDovecot();
  const client = await dovecot.client();
  await client.mailboxCreate('Lists');
  for (let n = 1; n <= 5; n++) await client.append('INBOX', mail({ subject: `inbox-${n}` }), n <= 2 ? ['\\Seen'] : []);
  for (let n = 1; n <= 2; n++) await client.append('Lists', mail({ subject: `old-list-${n}` }));
  await client.logout();
  bridge = await startTestBridge({ accounts: [aliceAccount(dovecot, undefined, { watch: ['INBOX', 'Lists'] })] });
  await bridge.waitForStatus((status) => stateOf(status) === 'ok' && unreadIn(status, 'INBOX') === 3 && unreadIn(status, 'Lists') === 2);
});

afterAll(async () => {
  await bridge?.stopAll();
  await dovecot?.close();
});

describe('INBOX rebuilt on disk with a new UIDVALIDITY while the bridge runs', () => {
  let oldIds: Map<string, string>;

  beforeAll(async () => {
    oldIds = await idsIn('INBOX');
    expect([...oldIds.keys()]).toEqual(['inbox-5', 'inbox-4', 'inbox-3', 'inbox-2', 'inbox-1']);

    await dovecot.stop();
    await rebuildInbox({ drop: 'inbox-3' });
    await dovecot.start();
  }, 30_000);

  it('reconnects and recounts: the dropped unseen message no longer counts', async () => {
    const status = await bridge.waitForStatus((current) => stateOf(current) === 'ok' && unreadIn(current, 'INBOX') === 2, 45_000);

    expect(accountIn(status)).toMatchObject({ state: 'ok', unread: 4, mailboxes: [{ path: 'INBOX', unread: 2 }, { path: 'Lists', unread: 2 }] });
  }, 60_000);

  it('answers 409 to every use of an old id and changes nothing on the server', async () => {
    const before = await placesBySubject(['INBOX', 'Archive', 'Trash']);

    for (const id of oldIds.values()) await expectAllStale(id);

    expect(await placesBySubject(['INBOX', 'Archive', 'Trash'])).toEqual(before);
  });

  it('lists fresh ids that open the right messages', async () => {
    const fresh = await idsIn('INBOX');

    expect([...fresh.keys()].sort()).toEqual(['inbox-1', 'inbox-2', 'inbox-4', 'inbox-5']);
    for (const [subject, id] of fresh) {
      expect(oldIds.get(subject)).not.toBe(id);
      const opened = await bridge.api(`${base}/${id}`);
      expect(opened.status).toBe(200);
      expect(opened.body.subject).toBe(subject);
    }
  });

  it('acts with fresh ids on exactly the messages named, and counts follow', async () => {
    const fresh = await idsIn('INBOX');

    expect((await bridge.api(`${base}/${fresh.get('inbox-4')}`, { method: 'PATCH', body: { seen: true } })).status).toBe(200);
    expect((await bridge.api(`${base}/${fresh.get('inbox-5')}`, { method: 'PATCH', body: { flagged: true } })).status).toBe(200);
    expect((await bridge.api(`${base}/${fresh.get('inbox-2')}/move`, { method: 'POST', body: { to: '\\Archive' } })).status).toBe(200);
    expect((await bridge.api(`${base}/${fresh.get('inbox-1')}`, { method: 'DELETE' })).status).toBe(200);

    expect(await placesBySubject(['INBOX', 'Archive', 'Trash'])).toEqual({
      'inbox-1': ['Trash \\Seen'],
      'inbox-2': ['Archive \\Seen'],
      'inbox-4': ['INBOX \\Seen'],
      'inbox-5': ['INBOX \\Flagged'],
    });
    await bridge.waitForStatus((status) => unreadIn(status, 'INBOX') === 1);
  });
});

describe('a watched mailbox deleted and recreated by another client', () => {
  it('follows the new content in the counts, answers 409 to old ids and lists the new messages', async () => {
    const oldLists = await idsIn('Lists');
    const client = await dovecot.client();
    await client.mailboxDelete('Lists');
    await client.mailboxCreate('Lists');
    for (let n = 1; n <= 4; n++) await client.append('Lists', mail({ subject: `new-list-${n}` }));
    await client.append('Lists', mail({ subject: 'new-list-read' }), ['\\Seen']);
    await client.logout();

    const status = await bridge.waitForStatus((current) => stateOf(current) === 'ok' && unreadIn(current, 'Lists') === 4, 20_000);

    expect(accountIn(status)).toMatchObject({ state: 'ok', unread: 5, mailboxes: [{ path: 'INBOX', unread: 1 }, { path: 'Lists', unread: 4 }] });
    for (const id of oldLists.values()) await expectAllStale(id);
    const fresh = await idsIn('Lists');
    expect([...fresh.keys()].sort()).toEqual(['new-list-1', 'new-list-2', 'new-list-3', 'new-list-4', 'new-list-read']);
    expect((await bridge.api(`${base}/${fresh.get('new-list-2')}`, { method: 'PATCH', body: { seen: true } })).status).toBe(200);
    await bridge.waitForStatus((current) => unreadIn(current, 'Lists') === 3);
    expect(await placesBySubject(['Lists'])).toEqual({
      'new-list-1': ['Lists'],
      'new-list-2': ['Lists \\Seen'],
      'new-list-3': ['Lists'],
      'new-list-4': ['Lists'],
      'new-list-read': ['Lists \\Seen'],
    });
  }, 40_000);
});

/**
 * With Dovecot stopped: throws away INBOX's UID list and indexes and writes a new UID list
 * with a higher UIDVALIDITY that hands the UIDs out in reverse order, so every old UID now
 * names another message (what a server restored from a backup can do). One message file
 * is removed as well, so the counts change.
 */
async function rebuildInbox({ drop }: { drop: string }) {
  const maildir = path.join(dovecot.dir, 'mail', 'alice', 'Maildir');
  const uidlist = await readFile(path.join(maildir, 'dovecot-uidlist'), 'utf8');
  const uidValidity = Number(/^3 V(\d+)/.exec(uidlist)?.[1]);
  expect(uidValidity).toBeGreaterThan(0);

  // The message files in their old UID order, without the one dropped.
  const files = [...uidlist.matchAll(/^(\d+) (?:.* )?:(\S+)$/gm)].sort((a, b) => Number(a[1]) - Number(b[1])).map((match) => match[2]!);
  expect(files).toHaveLength(5);
  for (const sub of ['cur', 'new']) {
    for (const name of await readdir(path.join(maildir, sub))) {
      const file = path.join(maildir, sub, name);
      // Dovecot stores maildir files with bare LF line ends.
      if (!(await readFile(file, 'utf8')).includes(`\nSubject: ${drop}\n`)) continue;
      await rm(file);
      files.splice(files.indexOf(name.replace(/:2,.*$/, '')), 1);
    }
  }
  for (const name of await readdir(maildir)) {
    if (name === 'dovecot-uidlist' || name.startsWith('dovecot.index') || name.startsWith('dovecot.list.index')) await rm(path.join(maildir, name));
  }
  files.reverse();
  const lines = [`3 V${uidValidity + 1000} N${files.length + 1}`, ...files.map((name, i) => `${i + 1} :${name}`)];
  const target = path.join(maildir, 'dovecot-uidlist');
  await writeFile(target, lines.join('\n') + '\n', { mode: 0o600 });
  const owner = await stat(maildir);
  await chown(target, owner.uid, owner.gid);
}
