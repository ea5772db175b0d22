import type { FetchMessageObject, ImapFlow, SearchObject } from 'imapflow';
import { ApiError } from '../errors';
import { lockMailbox } from './locate';
import { decodeCursor, encodeCursor } from './message-id';
import { fetchSnippets } from './snippets';
import { SUMMARY_QUERY, type Summary, toSummary } from './summary';

export interface ListQuery {
  mailbox: string;
  unseen: boolean;
  limit: number;
  before?: string | undefined;
  /** Only messages whose subject, From or body contain this text (server-side SEARCH). */
  q?: string | undefined;
}

export interface MessagePage {
  messages: Summary[];
  next: string | null;
}

/** Which messages of a mailbox a page is taken from, and where it starts. */
export interface PageRequest {
  unseen: boolean;
  q?: string | undefined;
  limit: number;
  /** The page holds UIDs below `beforeUid` of the mailbox as it was at `uidValidity`. */
  before?: { uidValidity: string; beforeUid: number } | undefined;
  /** How many UIDs one text search may read (default MAX_TEXT_SCAN); for tests. */
  scanLimit?: number | undefined;
}

/** One mailbox's page: its messages newest first, and whether older matches remain. */
export interface MailboxPage {
  uidValidity: string;
  messages: Summary[];
  /** The lowest UID the page covers: the next page starts below it. */
  oldestUid: number | null;
  more: boolean;
}

/**
 * One page of a mailbox, newest first (highest UID first). Only the page's UIDs are
 * fetched: the server finds them (SEARCH, PARTIAL where offered, or a sequence range),
 * so a 100 000-message mailbox costs about what a small one does.
 */
export async function listMessages(client: ImapFlow, query: ListQuery): Promise<MessagePage> {
  let before: PageRequest['before'];
  if (query.before) {
    before = decodeCursor(query.before) ?? undefined;
    if (!before) throw new ApiError('bad_request', '`before` is not a cursor from this API');
  }
  const page = await pageOf(client, query.mailbox, { unseen: query.unseen, q: query.q, limit: query.limit, before });
  return { messages: page.messages, next: page.more && page.oldestUid ? encodeCursor(page.uidValidity, page.oldestUid) : null };
}

/** A page of one mailbox (see listMessages); a cursor from before the mailbox was recreated is a 409. */
export async function pageOf(client: ImapFlow, path: string, request: PageRequest): Promise<MailboxPage> {
  const lock = await lockMailbox(client, path);
  try {
    const mailbox = client.mailbox;
    if (!mailbox) throw new Error('mailbox not selected');
    const uidValidity = String(mailbox.uidValidity);
    const empty: MailboxPage = { uidValidity, messages: [], oldestUid: null, more: false };
    if (request.before && request.before.uidValidity !== uidValidity) {
      throw new ApiError('stale_id', 'The mailbox changed since this cursor was made; start again from the first page');
    }
    const beforeUid = request.before?.beforeUid;
    if (beforeUid === 1 || mailbox.exists === 0) return empty;

    const { uids, stoppedAt } = await newestUids(client, filterOf(request), beforeUid, request.limit + 1, request.scanLimit ?? MAX_TEXT_SCAN);
    const page = uids.slice(0, request.limit);
    // A text search that stopped at its budget: fewer hits (maybe none), and a cursor below what it read.
    const stopped = uids.length <= request.limit && stoppedAt !== undefined;
    if (page.length === 0) return stopped ? { ...empty, oldestUid: stoppedAt, more: true } : empty;

    const fetched = answersFor(await client.fetchAll(page.join(','), SUMMARY_QUERY, { uid: true }), new Set(page));
    const snippets = await fetchSnippets(client, fetched);
    const messages = fetched
      .sort((a, b) => b.uid - a.uid)
      .map((message) => toSummary(message, path, uidValidity, snippets.get(message.uid) ?? '', mailbox.delimiter));
    return { uidValidity, messages, oldestUid: stopped ? stoppedAt : page[page.length - 1]!, more: stopped || uids.length > request.limit };
  } finally {
    lock.release();
  }
}

/** The SEARCH keys for a page: unseen, and/or the text in subject, From or body; null for every message. */
function filterOf({ unseen, q }: Pick<PageRequest, 'unseen' | 'q'>): SearchObject | null {
  if (!unseen && !q) return null;
  return { ...(unseen && { seen: false }), ...(q && { or: textSearch(q) }) };
}

/**
 * Subject, From or body: plain SEARCH keys every IMAP4rev1 server has (no ESEARCH, no
 * FTS extension, no X-GM-RAW). imapflow adds CHARSET UTF-8 for non-ASCII text.
 */
export function textSearch(q: string): SearchObject[] {
  return [{ subject: q }, { from: q }, { body: q }];
}

/** Up to `count` UIDs below `beforeUid` that match `filter` (all when null), highest first. */
async function newestUids(
  client: ImapFlow,
  filter: SearchObject | null,
  beforeUid: number | undefined,
  count: number,
  scanLimit: number,
): Promise<{ uids: number[]; stoppedAt?: number }> {
  const range = beforeUid ? { uid: `1:${beforeUid - 1}` } : {};
  if (client.capabilities.has('PARTIAL')) {
    const result = await client.search({ ...range, ...filter }, { uid: true, returnOptions: [{ partial: `-1:-${count}` }] });
    return { uids: parseUidSet(typeof result === 'object' && result && 'partial' in result ? result.partial?.messages : undefined) };
  }
  if (filter) return newestMatchingUids(client, filter, beforeUid, count, filter.or ? scanLimit : Infinity);
  return { uids: await newestOfAll(client, range, beforeUid, count) };
}

/** Up to `count` UIDs below `beforeUid` of every message, highest first. */
async function newestOfAll(client: ImapFlow, range: { uid?: string }, beforeUid: number | undefined, count: number): Promise<number[]> {
  if (beforeUid && !client.capabilities.has('ESEARCH')) {
    const result = await client.search(range, { uid: true });
    return (Array.isArray(result) ? result : []).sort((a, b) => b - a).slice(0, count);
  }
  // All messages: sequence numbers follow UID order, so the newest ones below a UID are
  // the sequence range ending at the count of messages under it; no UID list is fetched.
  // The numbers can shift meanwhile: a command that runs outside the mailbox lock on this
  // connection (a recount's STATUS, a health-check NOOP) may bring in another session's
  // EXPUNGEs. So the range is bounded by what exists now, a range the server refuses as
  // gone is tried again, and a page that came back short is counted and fetched again.
  for (let attempt = 1; ; attempt++) {
    let last = client.mailbox ? client.mailbox.exists : 0;
    if (beforeUid) {
      const result = await client.search(range, { uid: true, returnOptions: ['COUNT'] });
      last = typeof result === 'object' && result && 'count' in result ? (result.count ?? 0) : 0;
    }
    last = Math.min(last, client.mailbox ? client.mailbox.exists : last);
    if (last === 0) return [];
    const first = Math.max(1, last - count + 1);
    let fetched: FetchMessageObject[];
    try {
      fetched = await client.fetchAll(`${first}:${last}`, { uid: true });
    } catch (err) {
      if (!client.usable || attempt === 3) throw err;
      continue;
    }
    const uids = fetched
      // Rows outside the range or without a UID are other sessions' flag updates (see answersFor).
      .filter((message) => message.seq >= first && message.seq <= last && message.uid > 0 && (!beforeUid || message.uid < beforeUid))
      .map((message) => message.uid);
    const newest = [...new Set(uids)].sort((a, b) => b - a).slice(0, count);
    if (newest.length === count || first === 1 || attempt === 3) return newest;
  }
}

/** The first UID window searched (unseen mail, a text search); each next one is four times wider. */
const FIRST_SEARCH_WINDOW = 1000;
/** The first window of a text search (SUBJECT/FROM/BODY), which the server answers by reading messages. */
const FIRST_TEXT_WINDOW = 200;
/**
 * The most UIDs one text search request reads. Without an FTS index the server reads
 * every message it searches (Dovecot, 100k messages: ~10 s, measured in bench
 * mail-actions), and that holds the account's command connection: opening a message would
 * wait behind it. So a search that has read this many answers with what it found (maybe
 * nothing) and a cursor below what it read; the client asks on for older mail.
 */
export const MAX_TEXT_SCAN = 20_000;

/**
 * Up to `count` matching UIDs below `beforeUid`, highest first. Without PARTIAL a SEARCH
 * answers with every match (5 000 UIDs for a 100 000-message mailbox with 5 % unread), so
 * the newest UIDs are searched first, in windows that grow until enough are found: the
 * usual case, recent unread mail or a recent hit of a text search, costs the same in a
 * mailbox of any size, and the worst case (few matches, all of them old, or none) about
 * one whole-mailbox search. A text search without an FTS index reads every body it
 * searches, so this matters even more there. Windows are UID ranges by number, never `*`.
 */
async function newestMatchingUids(
  client: ImapFlow,
  filter: SearchObject,
  beforeUid: number | undefined,
  count: number,
  scanLimit: number,
): Promise<{ uids: number[]; stoppedAt?: number }> {
  const found: number[] = [];
  let top = beforeUid ? beforeUid - 1 : await highestUid(client);
  let scanned = 0;
  // A text search reads each message in its window: it starts narrower (a common word
  // fills a page from a few hundred messages), unseen flags cost the server nothing to check.
  const first = filter.or ? Math.max(FIRST_TEXT_WINDOW, count * 4) : Math.max(FIRST_SEARCH_WINDOW, count * 20);
  for (let window = first; top >= 1 && found.length < count; window *= 4) {
    if (scanned >= scanLimit) return { uids: found.slice(0, count), stoppedAt: top + 1 };
    const bottom = Math.max(1, top - Math.min(window, scanLimit - scanned) + 1);
    scanned += top - bottom + 1;
    const result = await client.search({ ...filter, uid: `${bottom}:${top}` }, { uid: true });
    found.push(...(Array.isArray(result) ? result : []).filter((uid) => uid >= bottom && uid <= top).sort((a, b) => b - a));
    top = bottom - 1;
  }
  return { uids: found.slice(0, count) };
}

/**
 * The UID of the newest message, from the message count the server just told us (the
 * lock's SELECT or NOOP): a number, never `*` and never UIDNEXT. Courier's SELECT has no
 * UIDNEXT at all (a range computed from it was `1:NaN`, a 502); where there is one it is
 * from the SELECT and goes stale while INBOX stays selected; and `N:*` in a UID SEARCH
 * also names the newest message when all UIDs are below N, which some servers get wrong
 * (an empty unread list). One FETCH of one UID costs what a SEARCH costs.
 */
async function highestUid(client: ImapFlow): Promise<number> {
  const exists = client.mailbox ? client.mailbox.exists : 0;
  if (exists === 0) return 0;
  const rows = await client.fetchAll(String(exists), { uid: true });
  // Only the asked row: others are other sessions' unsolicited flag updates (answersFor).
  const row = rows.find((message) => message.seq === exists && message.uid > 0);
  if (!row) throw new Error(`no UID for message ${exists}`);
  return row.uid;
}

/**
 * imapflow yields every FETCH row that arrives while a FETCH runs, also the unsolicited
 * ones the server sends when another session changed flags (`* 12 FETCH (FLAGS …)`, no
 * UID, none of the asked items). Only each asked message's own answer is kept.
 */
function answersFor(rows: FetchMessageObject[], uids: ReadonlySet<number>): FetchMessageObject[] {
  const answers = new Map<number, FetchMessageObject>();
  for (const row of rows) {
    if (uids.has(row.uid) && row.envelope && !answers.has(row.uid)) answers.set(row.uid, row);
  }
  return [...answers.values()];
}

function parseUidSet(set: string | undefined): number[] {
  if (!set) return [];
  const uids: number[] = [];
  for (const piece of set.split(',')) {
    const [start, end] = piece.split(':').map(Number);
    if (start === undefined || Number.isNaN(start)) continue;
    const stop = end ?? start;
    for (let uid = Math.min(start, stop); uid <= Math.max(start, stop); uid++) uids.push(uid);
  }
  return uids.sort((a, b) => b - a);
}
