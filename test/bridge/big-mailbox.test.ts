// Paging through a mailbox far bigger than a page, with unread mail both recent and
// years old: every message comes exactly once, newest first, however the bridge finds
// the page (a sequence range for all messages, growing UID windows for unseen ones).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aliceAccount, mail, startTestBridge, type TestBridge } from '../support/bridge';
import { startDovecot, type Dovecot } from '../support/dovecot';
import { fillInbox, indexMailbox } from '../support/maildir';
import { pageOf } from '../../bridge/imap/listing';

const COUNT = 6000;
// Message indexes (0 = oldest): a few old, one in the middle, the newest ten.
const UNSEEN = new Set([0, 1, 2, 3100, ...Array.from({ length: 10 }, (_, i) => COUNT - 1 - i)]);

let dovecot: Dovecot;
let bridge: TestBridge;

/** Every page of the listing, following `next`; the messages' `#index` numbers in order. */
async function walk(query: string, limit: number): Promise<{ indexes: number[]; pages: number }> {
  const indexes: number[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const response = await bridge.api(`/v1/accounts/alice/messages?mailbox=INBOX&limit=${limit}${query}${cursor ? `&before=${cursor}` : ''}`);
    expect(response.status).toBe(200);
    indexes.push(...response.body.messages.map((entry: { subject: string }) => Number(/#(\d+)$/.exec(entry.subject)?.[1])));
    cursor = response.body.next;
    pages++;
  } while (cursor);
  return { indexes, pages };
}

beforeAll(async () => {
  dovecot = await startDovecot();
  await fillInbox(dovecot, 'alice', { count: COUNT, unseen: (index) => UNSEEN.has(index) });
  await indexMailbox(dovecot, 'alice');
  bridge = await startTestBridge({ accounts: [aliceAccount(dovecot)] });
  await bridge.waitUntilConnected();
}, 120_000);

afterAll(async () => {
  await bridge?.stopAll();
  await dovecot?.close();
});

describe(`a mailbox of ${COUNT} messages`, () => {
  it('counts its unseen mail', async () => {
    const status = await bridge.waitForStatus((current) => current.accounts[0]?.unread === UNSEEN.size);
    expect(status.accounts[0]).toMatchObject({ state: 'ok', unread: UNSEEN.size });
  });

  it('pages through the unseen messages newest first, recent and years old, each once', async () => {
    const { indexes, pages } = await walk('&unseen=1', 4);
    expect(indexes).toEqual([...UNSEEN].sort((a, b) => b - a));
    expect(pages).toBe(4);
  });

  it('gives the newest unseen messages on the first page', async () => {
    const response = await bridge.api('/v1/accounts/alice/messages?mailbox=INBOX&unseen=1&limit=25');
    expect(response.body.messages.map((entry: { subject: string }) => Number(/#(\d+)$/.exec(entry.subject)?.[1]))).toEqual([...UNSEEN].sort((a, b) => b - a));
    expect(response.body.next).toBeNull();
  });

  it('shows mail that arrived and went since the last request (INBOX stays selected between them)', async () => {
    const firstPage = async (query: string) =>
      (await bridge.api(`/v1/accounts/alice/messages?mailbox=INBOX&limit=3${query}`)).body.messages.map((entry: { subject: string }) => entry.subject);
    expect(await firstPage('&unseen=1')).toHaveLength(3);
    await dovecot.append('alice', 'INBOX', mail({ subject: 'arrived #9001' }));
    expect(await firstPage('&unseen=1')).toEqual(['arrived #9001', expect.stringMatching(/#5999$/), expect.stringMatching(/#5998$/)]);
    expect((await firstPage(''))[0]).toBe('arrived #9001');

    const client = await dovecot.client();
    try {
      await client.mailboxOpen('INBOX');
      await client.messageDelete({ header: { subject: 'arrived' } });
    } finally {
      await client.logout();
    }
    expect((await firstPage(''))[0]).toMatch(/#5999$/);
    expect((await firstPage('&unseen=1'))[0]).toMatch(/#5999$/);
  });

  it('finds a search hit deep in the mailbox, past several search windows', async () => {
    const response = await bridge.api('/v1/accounts/alice/messages?mailbox=INBOX&q=%233100&limit=5');
    expect(response.body.messages.map((entry: { subject: string }) => entry.subject)).toEqual([expect.stringMatching(/#3100$/)]);
    expect(response.body.next).toBeNull();
  });

  it('stops a text search at its budget with an empty page and a cursor, and the cursor goes on to the hit', async () => {
    const client = await dovecot.client();
    try {
      const pages: Array<{ found: string[]; more: boolean }> = [];
      let before: { uidValidity: string; beforeUid: number } | undefined;
      do {
        const page = await pageOf(client, 'INBOX', { unseen: false, q: '#3100', limit: 5, scanLimit: 1000, before });
        pages.push({ found: page.messages.map((entry) => entry.subject), more: page.more });
        before = page.more && page.oldestUid ? { uidValidity: page.uidValidity, beforeUid: page.oldestUid } : undefined;
      } while (before && pages.length < 20);
      // Each request read at most 1,000 messages: about six to reach #3100 from the top.
      expect(pages.length).toBeGreaterThanOrEqual(3);
      expect(pages.slice(0, 2).every((page) => page.found.length === 0 && page.more)).toBe(true);
      expect(pages.flatMap((page) => page.found)).toEqual([expect.stringMatching(/#3100$/)]);
    } finally {
      await client.logout();
    }
  });

  it('pages through the search hits newest first, each once, across windows', async () => {
    // The generator's sender for message i is the (i mod 10)th name: Greta Visser is 6.
    const { indexes, pages } = await walk('&q=Greta', 100);
    expect(indexes).toEqual(Array.from({ length: COUNT / 10 }, (_, i) => COUNT - 4 - i * 10));
    expect(pages).toBe(COUNT / 10 / 100);
  });

  it('pages through all messages newest first, each once', async () => {
    const { indexes, pages } = await walk('', 100);
    expect(indexes).toEqual(Array.from({ length: COUNT }, (_, i) => COUNT - 1 - i));
    expect(pages).toBe(COUNT / 100);
  });
});
