/**
 * The popup's list as data, and the pure operations on it that optimistic
 * actions and their rollback/undo are made of. No I/O here.
 */
import type { AccountStatus, Summary } from '@/bridge/api-types';

/** A reply to the sender (and Reply-To), or to all. */
export type ReplyMode = 'reply' | 'all';

/** What opening a message goes on to: a reply form, or the forward form. */
export type OpenIntent = ReplyMode | 'forward';

export interface AccountView {
  id: string;
  name: string;
  email: string;
  state: AccountStatus['state'];
  error?: string;
  /** Unseen count as the bridge last told it, adjusted by our own actions. */
  unread: number;
  webmailUrl?: string;
  /** Newest first. Unseen ones, plus any this popup opened (then `seen`). */
  messages: Summary[];
  /** Why the list itself couldn't be fetched this time (the account may be fine). */
  listError?: string;
  /** Which messages the list shows: the unseen ones (the default), or all. */
  show?: ListShow;
  /** The bridge's cursor for the next page, while there is more to load. */
  more?: string;
  /** A page is on its way ("load more", or the other view). */
  paging?: boolean;
  /** The account's watched mailboxes, which "Mark all as read" marks on the server. */
  watched?: string[];
}

/** "Unread" or "All mail". */
export type ListShow = 'unread' | 'all';

/** Where a message was, so it can be put back exactly there. */
export interface Taken {
  account: string;
  summary: Summary;
  index: number;
  /** It wasn't in the list (a search result): there is no row to put back. */
  detached?: boolean;
}

export function findAccount(accounts: readonly AccountView[], account: string): AccountView | undefined {
  return accounts.find((a) => a.id === account);
}

export function findMessage(accounts: readonly AccountView[], account: string, id: string): Summary | undefined {
  return findAccount(accounts, account)?.messages.find((m) => m.id === id);
}

function unreadDelta(summary: Summary): number {
  return summary.seen ? 0 : 1;
}

/** Removes a message; answers the new list and where it was (or null if absent). */
export function take(
  accounts: readonly AccountView[],
  account: string,
  id: string,
): { accounts: AccountView[]; taken: Taken | null } {
  let taken: Taken | null = null;
  const next = accounts.map((a) => {
    if (a.id !== account) return a;
    const index = a.messages.findIndex((m) => m.id === id);
    if (index < 0) return a;
    const summary = a.messages[index]!;
    taken = { account, summary, index };
    return {
      ...a,
      unread: Math.max(0, a.unread - unreadDelta(summary)),
      messages: a.messages.filter((_, i) => i !== index),
    };
  });
  return { accounts: next, taken };
}

/** Puts a message back where it was (or as near as the list now allows). */
export function putBack(accounts: readonly AccountView[], taken: Taken, summary = taken.summary): AccountView[] {
  return accounts.map((a) => {
    if (a.id !== taken.account || a.messages.some((m) => m.id === summary.id)) return a;
    const messages = [...a.messages];
    messages.splice(Math.min(taken.index, messages.length), 0, summary);
    return { ...a, unread: a.unread + unreadDelta(summary), messages };
  });
}

/** Changes fields of one message, keeping the unread count true. */
export function patch(
  accounts: readonly AccountView[],
  account: string,
  id: string,
  changes: Partial<Summary>,
): AccountView[] {
  return accounts.map((a) => {
    if (a.id !== account) return a;
    let unread = a.unread;
    const messages = a.messages.map((m) => {
      if (m.id !== id) return m;
      const next = { ...m, ...changes };
      unread += unreadDelta(next) - unreadDelta(m);
      return next;
    });
    return { ...a, unread: Math.max(0, unread), messages };
  });
}

/** Every row in display order, for j/k. */
export function flatten(accounts: readonly AccountView[]): { account: string; id: string }[] {
  return accounts.flatMap((a) => a.messages.map((m) => ({ account: a.id, id: m.id })));
}

/** Newest first; a date that doesn't parse sorts last. */
export function byDateDesc(a: Summary, b: Summary): number {
  return (Date.parse(b.date) || 0) - (Date.parse(a.date) || 0);
}

/**
 * What an action still on its way to the bridge does to its row: moves it out
 * of the mailbox (archive, delete, spam, move), marks it read or unread, or (an
 * Undo of a move) brings it back.
 */
export type Pending = 'away' | 'read' | 'unread' | 'back';

/**
 * A list the bridge answered while actions were on their way shows their rows
 * as the actions will leave them: a row moved away stays out; a row marked read
 * shows as seen in "All mail" and stays out of "Unread" (unless this popup
 * opened it); a row marked unread shows as unseen. (A row coming back is kept by
 * `mergeFresh` when the list doesn't have it yet.)
 */
export function withPending(
  account: string,
  show: ListShow | undefined,
  messages: readonly Summary[],
  pending: ReadonlyMap<string, Pending>,
  opened: ReadonlySet<string>,
): Summary[] {
  return messages.flatMap((m) => {
    const key = rowKey(account, m.id);
    const kind = pending.get(key);
    if (kind === 'away') return [];
    if (kind === 'read') {
      if ((show ?? 'unread') === 'unread' && !opened.has(key)) return [];
      return [m.seen ? m : { ...m, seen: true }];
    }
    if (kind === 'unread') return [m.seen ? { ...m, seen: false } : m];
    return [m];
  });
}

/**
 * A fresh list from the bridge, keeping what the user is in the middle of:
 * rows with an action in flight show as it will leave them (`withPending`),
 * and messages this popup opened (marked seen, so no longer in an unseen list),
 * is marking unread, or is moving back by an Undo (still in Trash when the
 * bridge listed the mailbox) stay visible.
 */
export function mergeFresh(
  previous: readonly AccountView[],
  fresh: AccountView[],
  pending: ReadonlyMap<string, Pending>,
  opened: ReadonlySet<string>,
): AccountView[] {
  return fresh.map((a) => {
    const before = findAccount(previous, a.id);
    // Loaded for the view the account showed when the refresh began: the user
    // switched since, and the switch brings that view's own page.
    if (a.state === 'ok' && before && (before.show ?? 'unread') !== (a.show ?? 'unread')) {
      const { more: _more, listError: _listError, ...status } = a;
      return {
        ...status,
        show: before.show ?? 'unread',
        messages: before.messages,
        ...(before.more ? { more: before.more } : {}),
        ...(before.paging ? { paging: true } : {}),
      };
    }
    const keep = (before?.messages ?? []).filter((m) => {
      const key = rowKey(a.id, m.id);
      const kind = pending.get(key);
      return (opened.has(key) || kind === 'unread' || kind === 'back') && !a.messages.some((f) => f.id === m.id);
    });
    const messages = withPending(a.id, a.show, [...a.messages, ...keep], pending, opened).sort(byDateDesc);
    // The bridge's count is from before the actions in flight.
    let unread = a.unread;
    for (const m of a.messages) {
      const kind = pending.get(rowKey(a.id, m.id));
      if (!m.seen && (kind === 'away' || kind === 'read')) unread--;
      if (m.seen && kind === 'unread') unread++;
    }
    unread += keep.filter((m) => {
      const kind = pending.get(rowKey(a.id, m.id));
      return kind === 'unread' || (kind === 'back' && !m.seen);
    }).length;
    return { ...a, messages, unread: Math.max(0, unread) };
  });
}

/**
 * Search results as this popup's actions left them, by the result's `rowKey`:
 * the message as it is now, or `null` once moved away. The results themselves
 * are the bridge's answer to the search, not rows of the list.
 */
export type ResultChanges = ReadonlyMap<string, Summary | null>;

/** A search result as this popup's actions left it; `null` once moved away. */
export function resultNow(changes: ResultChanges, account: string, summary: Summary): Summary | null {
  let now = summary;
  // An undone move gives the message a new id, which later actions go by.
  for (let hops = 0; hops < 8; hops++) {
    const next = changes.get(rowKey(account, now.id));
    if (next === undefined) return now;
    if (next === null || next.id === now.id) return next;
    now = next;
  }
  return now;
}

/**
 * One account's search results as this popup's actions left them: changed, left
 * out once moved away, and back by their new id once the move is undone (the
 * search may have been asked again while they were away, and not found them).
 */
export function resultsNow(changes: ResultChanges, account: string, messages: readonly Summary[]): Summary[] {
  const now = messages.flatMap((m) => resultNow(changes, account, m) ?? []);
  const shown = new Set(now.map((m) => m.id));
  const back = new Map<string, Summary>();
  for (const [key, moved] of changes) {
    // A message whose id changed is one whose move was undone.
    if (!moved || !key.startsWith(`${account}/`) || key === rowKey(account, moved.id)) continue;
    const current = resultNow(changes, account, moved);
    if (current && !shown.has(current.id)) back.set(current.id, current);
  }
  return back.size ? [...now, ...back.values()].sort(byDateDesc) : now;
}

/**
 * The folder a row comes from when it isn't INBOX (rows of several watched
 * folders, search results): the bridge's display name, else the path's last part.
 */
export function folderLabel(summary: Summary): string | null {
  if (summary.mailbox.toUpperCase() === 'INBOX') return null;
  const named = (summary as Summary & { mailboxName?: string }).mailboxName;
  return named || summary.mailbox.split(/[/.]/).pop() || summary.mailbox;
}

export function rowKey(account: string, id: string): string {
  return `${account}/${id}`;
}
