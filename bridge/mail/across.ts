import type { Account } from '../accounts/account';
import { ApiError, isApiError } from '../errors';
import { MAX_TEXT_SCAN, pageOf, type MailboxPage, type MessagePage } from '../imap/listing';
import type { Summary } from '../imap/summary';

export interface AcrossQuery {
  unseen: boolean;
  q?: string | undefined;
  limit: number;
  before?: string | undefined;
}

/** Where each mailbox's next page starts; `0` = that mailbox has no more. */
type Positions = Array<[path: string, uidValidity: string, beforeUid: number]>;

const PREFIX = 'w1.';

/**
 * One page over several mailboxes (the watched ones), newest first by date. Each mailbox
 * gives its own newest page (listing.ts: a search window, PARTIAL where offered); they are
 * merged by taking the newest head each time, so what is taken from a mailbox is always
 * its newest part, and the cursor holds, per mailbox, the UID its next page starts below.
 * A watched mailbox that is gone is left out rather than failing the whole list.
 */
export async function listAcross(account: Account, paths: readonly string[], query: AcrossQuery): Promise<MessagePage> {
  const positions: Positions = query.before ? decodeAcross(query.before) : paths.map((path) => [path, '', -1]);
  const pages: Array<{ path: string; page: MailboxPage }> = [];
  // One request's text-search budget is shared by the mailboxes, so searching three costs
  // what searching one does. A mailbox that stopped at its share answers with fewer hits
  // and goes on below where it stopped: hits the merge took from the others may then be
  // older than some of its unread rest (newest first holds within what was read).
  const scanLimit = Math.max(1000, Math.ceil(MAX_TEXT_SCAN / Math.max(1, positions.filter(([, , beforeUid]) => beforeUid !== 0).length)));
  for (const [path, uidValidity, beforeUid] of positions) {
    if (beforeUid === 0) continue;
    const before = beforeUid > 0 ? { uidValidity, beforeUid } : undefined;
    try {
      const page = await account.withClient((client) => pageOf(client, path, { unseen: query.unseen, q: query.q, limit: query.limit, before, scanLimit }));
      pages.push({ path, page });
    } catch (err) {
      if (isApiError(err) && err.code === 'not_found') continue;
      throw err;
    }
  }

  const taken: Summary[] = [];
  const heads = pages.map(() => 0);
  while (taken.length < query.limit) {
    let best = -1;
    for (let i = 0; i < pages.length; i++) {
      const candidate = pages[i]!.page.messages[heads[i]!];
      if (!candidate) continue;
      const current = best >= 0 ? pages[best]!.page.messages[heads[best]!]! : undefined;
      if (!current || candidate.date > current.date) best = i;
    }
    if (best < 0) break;
    taken.push(pages[best]!.page.messages[heads[best]!]!);
    heads[best]!++;
  }

  const next: Positions = pages.map(({ path, page }, i) => {
    const used = heads[i]!;
    const all = used === page.messages.length;
    // All of this page taken: go on below it, or stop if there is nothing older.
    if (all) return [path, page.uidValidity, page.more && page.oldestUid ? page.oldestUid : 0];
    // Part of it taken: go on below the last one taken (the rest comes again next time).
    if (used > 0) return [path, page.uidValidity, page.messages[used - 1]!.uid];
    const previous = positions.find(([p]) => p === path);
    return [path, page.uidValidity, previous && previous[2] > 0 ? previous[2] : -1];
  });
  const more = next.some(([, , beforeUid]) => beforeUid !== 0);
  return { messages: taken, next: more ? encodeAcross(next) : null };
}

function encodeAcross(positions: Positions): string {
  return PREFIX + Buffer.from(JSON.stringify(positions)).toString('base64url');
}

function decodeAcross(cursor: string): Positions {
  const invalid = () => new ApiError('bad_request', '`before` is not a cursor from this API');
  if (!cursor.startsWith(PREFIX)) throw invalid();
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor.slice(PREFIX.length), 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  const ok =
    Array.isArray(value) &&
    value.length <= 50 &&
    value.every(
      (entry) =>
        Array.isArray(entry) &&
        entry.length === 3 &&
        typeof entry[0] === 'string' &&
        entry[0].length > 0 &&
        !/[\0\r\n]/.test(entry[0]) &&
        typeof entry[1] === 'string' &&
        /^\d{0,20}$/.test(entry[1]) &&
        Number.isSafeInteger(entry[2]) &&
        entry[2] >= -1,
    );
  if (!ok) throw invalid();
  return value as Positions;
}
