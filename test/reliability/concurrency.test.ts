// Twenty API clients and another IMAP client act on one account at the same time for a
// fixed while. Each actor owns its own messages (and the IMAP client a keyword the API
// never sets), so the final server state is known exactly: every message once, in the
// mailbox and with the flags its owner last gave it. No 5xx, nothing lost or doubled.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImapFlow } from 'imapflow';
import { aliceAccount, mail, startTestBridge, type ApiInit, type ApiResponse, type TestBridge } from '../support/bridge';
import { compose } from '../support/compose';
import { startDovecot, type Dovecot } from '../support/dovecot';
import { mulberry32 } from '../support/prng';
import { serverState } from '../support/server-state';

/** How long the load runs. The whole file stays well under 90 s with it. */
const DURATION_MS = 60_000;
const API_WORKERS = 20;
const MESSAGES_PER_WORKER = 3;
const IMAP_MESSAGES = 20;
/** A keyword only the IMAP client sets (on anyone's messages): disjoint from \Seen and \Flagged. */
const IMAP_KEYWORD = '$Imapclient';
const MB = 1024 * 1024;

type Box = 'INBOX' | 'Archive';

interface Owned {
  subject: string;
  mailbox: Box;
  seen: boolean;
  flagged: boolean;
  /** The bridge id (API workers only). */
  id?: string;
}

let dovecot: Dovecot;
let bridge: TestBridge;
const ATTACHMENT = Buffer.from(Array.from({ length: 200_000 }, (_, i) => i % 251));
let attachmentId = '';

const problems: string[] = [];
const rssSamples: { third?: number; end?: number } = {};

/** A seeded pick of 0..n-1, so each worker's choices are reproducible (the interleaving is not). */
function prng(seed: number): (n: number) => number {
  const next = mulberry32(seed);
  return (n) => next() % n;
}

const apiSubject = (worker: number, n: number) => `api-w${String(worker).padStart(2, '0')}-m${n}`;
const imapSubject = (n: number) => `imap-m${String(n).padStart(2, '0')}`;

function sampleRss(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().rss;
}

/** Every message in INBOX, Archive and Trash: subject → where it is and its flags. */
async function placesBySubject(): Promise<Map<string, Array<{ mailbox: string; flags: string[] }>>> {
  const state = new Map<string, Array<{ mailbox: string; flags: string[] }>>();
  for (const { subject, mailbox, flags } of await serverState(dovecot, ['INBOX', 'Archive', 'Trash'])) {
    state.set(subject, [...(state.get(subject) ?? []), { mailbox, flags }]);
  }
  return state;
}

/** One API client: a serial loop of random reads and actions on its own messages. */
async function apiWorker(worker: number, owned: Owned[], deadline: number, started: number): Promise<number> {
  const pick = prng(1000 + worker);
  const base = `/v1/accounts/alice/messages`;
  let requests = 0;
  const call = async (what: string, path: string, init?: ApiInit): Promise<ApiResponse> => {
    requests++;
    let response: ApiResponse;
    try {
      response = await bridge.api(path, init);
    } catch (err) {
      // A response cut off halfway (e.g. a download whose stream broke) is a problem too.
      problems.push(`worker ${worker} ${what}: request failed: ${(err as Error).message}`);
      return { status: 0, headers: new Headers(), body: null, raw: Buffer.alloc(0) };
    }
    if (response.status !== 200) problems.push(`worker ${worker} ${what}: ${response.status} ${response.raw.toString('utf8').slice(0, 300)}`);
    return response;
  };

  while (Date.now() < deadline) {
    if (rssSamples.third === undefined && Date.now() - started > DURATION_MS / 3) rssSamples.third = sampleRss();
    const message = owned[pick(owned.length)]!;
    switch (pick(9)) {
      case 0: {
        // Page through INBOX: each of my messages that is there shows up exactly once.
        const seen = new Map<string, number>();
        let cursor: string | null = null;
        do {
          const page = await call('list', `${base}?mailbox=INBOX&limit=${5 + pick(30)}${cursor ? `&before=${cursor}` : ''}`);
          if (page.status !== 200) break;
          for (const summary of page.body.messages) seen.set(summary.subject, (seen.get(summary.subject) ?? 0) + 1);
          cursor = page.body.next;
        } while (cursor);
        for (const mine of owned) {
          const expected = mine.mailbox === 'INBOX' ? 1 : 0;
          if ((seen.get(mine.subject) ?? 0) !== expected) problems.push(`worker ${worker} list: ${mine.subject} listed ${seen.get(mine.subject) ?? 0}× in INBOX, expected ${expected}`);
        }
        break;
      }
      case 1: {
        const opened = await call('open', `${base}/${message.id}`);
        if (opened.status === 200) {
          const { subject, mailbox, seen, flagged } = opened.body;
          const want = { subject: message.subject, mailbox: message.mailbox, seen: message.seen, flagged: message.flagged };
          if (JSON.stringify({ subject, mailbox, seen, flagged }) !== JSON.stringify(want)) {
            problems.push(`worker ${worker} open: got ${JSON.stringify({ subject, mailbox, seen, flagged })}, expected ${JSON.stringify(want)}`);
          }
        }
        break;
      }
      case 2: {
        const download = await call('download', `${base}/${attachmentId}/attachments/2`);
        if (download.status === 200 && !download.raw.equals(ATTACHMENT)) problems.push(`worker ${worker} download: ${download.raw.length} bytes, not the attachment`);
        break;
      }
      case 3:
      case 4: {
        const seen = !message.seen;
        if ((await call('seen', `${base}/${message.id}`, { method: 'PATCH', body: { seen } })).status === 200) message.seen = seen;
        break;
      }
      case 5: {
        const flagged = !message.flagged;
        if ((await call('flag', `${base}/${message.id}`, { method: 'PATCH', body: { flagged } })).status === 200) message.flagged = flagged;
        break;
      }
      case 6:
      case 7: {
        const to: Box = message.mailbox === 'INBOX' ? 'Archive' : 'INBOX';
        const moved = await call('move', `${base}/${message.id}/move`, { method: 'POST', body: { to: to === 'Archive' ? '\\Archive' : 'INBOX' } });
        if (moved.status === 200) Object.assign(message, { id: moved.body.id, mailbox: to });
        break;
      }
      case 8: {
        // Delete, then undo: back where it was.
        const deleted = await call('delete', `${base}/${message.id}`, { method: 'DELETE' });
        if (deleted.status !== 200) break;
        const undone = await call('undo', `${base}/${deleted.body.id}/move`, { method: 'POST', body: { to: message.mailbox } });
        if (undone.status === 200) message.id = undone.body.id;
        else problems.push(`worker ${worker} lost track of ${message.subject} in Trash`);
        break;
      }
    }
  }
  return requests;
}

/** The other IMAP client: flags and moves its own messages, and tags anyone's with its keyword. */
async function imapWorker(owned: Owned[], deadline: number): Promise<number> {
  const pick = prng(42);
  const client: ImapFlow = await dovecot.client();
  let operations = 0;
  try {
    while (Date.now() < deadline) {
      operations++;
      const message = owned[pick(owned.length)]!;
      const lock = await client.getMailboxLock(message.mailbox);
      try {
        const uids = await client.search({ header: { subject: message.subject } }, { uid: true });
        const uid = Array.isArray(uids) && uids.length === 1 ? uids[0] : undefined;
        if (uid === undefined) {
          problems.push(`imap client: ${message.subject} found ${JSON.stringify(uids)} in ${message.mailbox}`);
          continue;
        }
        switch (pick(4)) {
          case 0:
            message.seen = !message.seen;
            await (message.seen ? client.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true }) : client.messageFlagsRemove(String(uid), ['\\Seen'], { uid: true }));
            break;
          case 1:
            message.flagged = !message.flagged;
            await (message.flagged ? client.messageFlagsAdd(String(uid), ['\\Flagged'], { uid: true }) : client.messageFlagsRemove(String(uid), ['\\Flagged'], { uid: true }));
            break;
          case 2: {
            const to: Box = message.mailbox === 'INBOX' ? 'Archive' : 'INBOX';
            await client.messageMove(String(uid), to, { uid: true });
            message.mailbox = to;
            break;
          }
          case 3: {
            // Someone else's messages, wherever they are in this mailbox: only the keyword.
            const theirs = await client.search({ header: { subject: `api-w${String(pick(API_WORKERS)).padStart(2, '0')}-` } }, { uid: true });
            if (Array.isArray(theirs) && theirs.length) await client.messageFlagsAdd(theirs.join(','), [IMAP_KEYWORD], { uid: true });
            break;
          }
        }
      } finally {
        lock.release();
      }
    }
  } finally {
    await client.logout();
  }
  return operations;
}

beforeAll(async () => {
  dovecot = await startDovecot();
  const client = await dovecot.client();
  await client.append('INBOX', await compose({ subject: 'shared-attachment', text: 'See attached.', attachments: [{ filename: 'data.bin', content: ATTACHMENT }] }));
  for (let worker = 0; worker < API_WORKERS; worker++) {
    for (let n = 0; n < MESSAGES_PER_WORKER; n++) await client.append('INBOX', mail({ subject: apiSubject(worker, n) }));
  }
  for (let n = 0; n < IMAP_MESSAGES; n++) await client.append('INBOX', mail({ subject: imapSubject(n) }));
  await client.logout();

  bridge = await startTestBridge({ accounts: [aliceAccount(dovecot, undefined, { watch: ['INBOX', 'Archive'] })] });
  await bridge.waitUntilConnected();
}, 60_000);

afterAll(async () => {
  await bridge?.stopAll();
  await dovecot?.close();
});

describe('twenty API clients and an IMAP client at once', () => {
  const api: Owned[][] = [];
  const imap: Owned[] = Array.from({ length: IMAP_MESSAGES }, (_, n) => ({ subject: imapSubject(n), mailbox: 'INBOX', seen: false, flagged: false }));
  let totals = { requests: 0, imapOperations: 0 };

  beforeAll(async () => {
    const listed = await bridge.api('/v1/accounts/alice/messages?mailbox=INBOX&limit=100');
    const ids = new Map<string, string>(listed.body.messages.map((summary: any) => [summary.subject, summary.id]));
    attachmentId = ids.get('shared-attachment')!;
    for (let worker = 0; worker < API_WORKERS; worker++) {
      api.push(
        Array.from({ length: MESSAGES_PER_WORKER }, (_, n) => ({ subject: apiSubject(worker, n), id: ids.get(apiSubject(worker, n))!, mailbox: 'INBOX', seen: false, flagged: false })),
      );
    }

    const started = Date.now();
    const deadline = started + DURATION_MS;
    const [imapOperations, ...requests] = await Promise.all([imapWorker(imap, deadline), ...api.map((owned, worker) => apiWorker(worker, owned, deadline, started))]);
    rssSamples.end = sampleRss();
    totals = { requests: requests.reduce((sum, n) => sum + n, 0), imapOperations };
  }, DURATION_MS + 30_000);

  it('answered every request with 200 and saw every message where its owner put it', () => {
    expect(totals.requests).toBeGreaterThan(API_WORKERS * 10);
    expect(totals.imapOperations).toBeGreaterThan(10);
    expect(problems).toEqual([]);
  });

  it('leaves every message exactly once, in the expected mailbox, with the expected flags', async () => {
    const state = await placesBySubject();
    const expected = [...api.flat(), ...imap];

    const actual = expected.map(({ subject }) => ({ subject, at: (state.get(subject) ?? []).map(({ mailbox, flags }) => ({ mailbox, flags: flags.filter((flag) => flag !== IMAP_KEYWORD) })) }));
    const wanted = expected.map(({ subject, mailbox, seen, flagged }) => ({
      subject,
      at: [{ mailbox, flags: [...(flagged ? ['\\Flagged'] : []), ...(seen ? ['\\Seen'] : [])] }],
    }));
    expect(actual).toEqual(wanted);
    expect([...state.keys()].sort()).toEqual([...expected.map(({ subject }) => subject), 'shared-attachment'].sort());
    // Only the IMAP client ever set its keyword, and only on API workers' messages.
    for (const { subject } of imap) expect(state.get(subject)?.[0]?.flags).not.toContain(IMAP_KEYWORD);
  });

  it('counts the unread messages in the watched mailboxes right afterwards', async () => {
    const all = [...api.flat(), ...imap, { subject: 'shared-attachment', mailbox: 'INBOX', seen: false, flagged: false }];
    const unread = (box: Box) => all.filter((message) => message.mailbox === box && !message.seen).length;
    const want = [
      { path: 'INBOX', unread: unread('INBOX') },
      { path: 'Archive', unread: unread('Archive') },
    ];

    const status = await bridge.waitForStatus((current) => JSON.stringify(current.accounts[0]?.mailboxes) === JSON.stringify(want), 20_000);

    expect(status.accounts[0]).toMatchObject({ state: 'ok', mailboxes: want });
  });

  it('does not keep growing in memory under sustained load', () => {
    // Generous: the point is to catch a leak of every response or message (tens of
    // thousands of requests), not to measure the heap.
    expect(rssSamples.third).toBeDefined();
    expect(rssSamples.end! - rssSamples.third!).toBeLessThan(150 * MB);
  });
});
