/**
 * What the user does to the list, applied optimistically: the row changes at
 * once, goes back if the bridge says no, and Undo is offered for what went
 * through.
 */
import type { Summary } from '@/bridge/api-types';
import type { MailApi } from '@/utils/bridge/api';
import { errorText } from '@/utils/bridge/error-text';
import { t } from '@/utils/i18n';
import { findAccount, findMessage, patch, putBack, resultNow, rowKey, take, type Pending, type Taken } from './model';
import type { PopupStore, UndoKind } from './state';

type FailedAction = UndoKind | 'undo';
type MoveKind = 'archive' | 'delete' | 'spam' | 'move';

/** Where a kind of move goes when no folder is named: special-use names the bridge resolves. */
const MOVE_TARGET: Record<'archive' | 'spam' | 'move', string> = { archive: '\\Archive', spam: '\\Junk', move: '\\Archive' };

/** A path's last part, for "Moved to “Work”.". */
function folderName(path: string): string {
  return path.split(/[/.]/).pop() || path;
}

/**
 * `found`, where an action takes it: the search result the message was opened
 * from. It is acted on though it isn't in the list, and the results show what
 * the action (or its Undo) made of it.
 */
export interface PopupActions {
  archive(account: string, id: string, found?: Summary): Promise<void>;
  /** To Trash, with Undo. */
  remove(account: string, id: string, found?: Summary): Promise<void>;
  markRead(account: string, id: string): Promise<void>;
  markUnread(account: string, id: string, found?: Summary): Promise<void>;
  /**
   * Every unseen message in the account's watched mailboxes, on the server (not only
   * the rows loaded), with one Undo for all.
   */
  markAllRead(account: string): Promise<void>;
  /** The user opened the message: it is marked read and stays in the list. */
  opened(account: string, id: string, found?: Summary): Promise<void>;
  replied(account: string, id: string): void;
  /** Sets or clears \\Flagged, with Undo. */
  toggleStar(account: string, id: string, found?: Summary): Promise<void>;
  /** To the account's Junk folder, with Undo. */
  spam(account: string, id: string, found?: Summary): Promise<void>;
  /** To a mailbox of the account (a path), with Undo. */
  moveTo(account: string, id: string, mailbox: string, found?: Summary): Promise<void>;
  /** A new search: its results come fresh from the bridge, untouched by what was done to the last ones. */
  newSearch(): void;
}

export function createActions(store: PopupStore): PopupActions {
  const { api } = store;

  /**
   * Notes an action in flight on a row until the bridge answers; answers the
   * way to clear the note, which leaves alone a later action's note on the row.
   */
  function inFlight(account: string, id: string, kind: Pending): () => void {
    const key = rowKey(account, id);
    store.pending.set(key, kind);
    return () => {
      if (store.pending.get(key) === kind) store.pending.delete(key);
    };
  }

  /** The message as the popup shows it: its row in the list, else the search result as actions left it. */
  function current(account: string, id: string, found?: Summary): Summary | undefined {
    return findMessage(store.list(), account, id) ?? (found && resultNow(store.results(), account, found)) ?? undefined;
  }

  /**
   * Changes a message wherever the popup shows it: its row in the list, and the
   * search result it was opened from. A result that isn't in the list still
   * counts in the account's unread number (the search covers the watched folders).
   */
  function change(account: string, id: string, changes: Partial<Summary>, found?: Summary): void {
    const inList = findMessage(store.list(), account, id);
    const result = found && resultNow(store.results(), account, found);
    let next = patch(store.list(), account, id, changes);
    if (!inList && result && changes.seen !== undefined && changes.seen !== result.seen) {
      const delta = changes.seen ? -1 : 1;
      next = next.map((a) => (a.id === account ? { ...a, unread: Math.max(0, a.unread + delta) } : a));
    }
    store.commit(next);
    if (result) store.changeResult(account, id, { ...result, ...changes });
  }

  function fail(action: FailedAction, summary: Summary | null, err: unknown): void {
    const subject = summary?.subject || t('popup_no_subject');
    store.showError(t(`popup_error_${action}`, subject, errorText(err)));
  }

  /** Archive, delete, spam or move: the row goes at once, comes back if the bridge says no. */
  async function moveAway(kind: MoveKind, account: string, id: string, to?: string, found?: Summary): Promise<void> {
    const fromList = take(store.list(), account, id);
    const next = fromList.accounts;
    // A search result leaves the results too, and comes back to them on Undo.
    const result = found ? resultNow(store.results(), account, found) : null;
    // Not in the list (a search result): moved all the same; nothing to take out or put back.
    const taken: Taken | null = fromList.taken ?? (result ? { account, summary: result, index: 0, detached: true } : null);
    if (!api || !taken) return;
    const done = inFlight(account, id, 'away');
    store.commit(next);
    if (result) store.changeResult(account, id, null);
    const request = kind === 'delete' ? api.trash(account, id) : api.move(account, id, to ?? MOVE_TARGET[kind]);
    // Undo may be pressed before the bridge answers: it waits for the new id.
    store.showUndo(kind, 1, () => moveBack(api, taken, request, result), to && folderName(to));
    try {
      await request;
      store.persist();
    } catch (err) {
      if (!taken.detached) store.commit(putBack(store.list(), taken));
      if (result) store.changeResult(account, id, result);
      store.clearUndo();
      fail(kind, taken.summary, err);
    } finally {
      done();
    }
  }

  /** `result`: the search result the message was, which shows again, by the id it gets back. */
  async function moveBack(api: MailApi, taken: Taken, request: Promise<string>, result: Summary | null): Promise<void> {
    let movedId: string;
    try {
      movedId = await request;
    } catch {
      return; // the action itself failed and was rolled back already
    }
    const { account, summary } = taken;
    // A list loaded before the server has it back keeps the row (`mergeFresh`).
    const done = inFlight(account, summary.id, 'back');
    if (!taken.detached) store.commit(putBack(store.list(), taken));
    if (result) store.changeResult(account, summary.id, result);
    try {
      const restored = await api.move(account, movedId, summary.mailbox);
      const list = store.list();
      // A list loaded after the move may have it already, by its new id.
      store.commit(findMessage(list, account, restored) ? take(list, account, summary.id).accounts : patch(list, account, summary.id, { id: restored }));
      if (result) store.changeResult(account, summary.id, { ...result, id: restored });
      store.persist();
    } catch (err) {
      store.commit(take(store.list(), account, summary.id).accounts);
      if (result) store.changeResult(account, summary.id, null);
      fail('undo', summary, err);
    } finally {
      done();
    }
  }

  /** Marks read the given unseen rows of one account, removing them from the list. */
  async function markManyRead(account: string, ids: string[]): Promise<void> {
    if (!api) return;
    const takenAll: Taken[] = [];
    let next = store.list();
    for (const id of ids) {
      const result = take(next, account, id);
      next = result.accounts;
      if (result.taken) takenAll.push(result.taken);
    }
    if (takenAll.length === 0) return;
    // Put back in reverse order of taking so each lands at its old index.
    const restore = (list: Taken[]) => {
      let acc = store.list();
      for (const item of [...list].reverse()) acc = putBack(acc, item);
      store.commit(acc);
    };
    const landed = takenAll.map((item) => inFlight(account, item.summary.id, 'read'));
    store.commit(next);
    const unseen = takenAll.filter((item) => !item.summary.seen);
    const results = await Promise.allSettled(unseen.map((item) => api.setSeen(account, item.summary.id, true)));
    for (const clear of landed) clear();
    const failed = unseen.filter((_, i) => results[i]?.status === 'rejected');
    const done = takenAll.filter((item) => !failed.includes(item));
    if (failed.length) {
      restore(failed);
      const first = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      fail('read', failed[0]!.summary, first?.reason);
    }
    if (done.length) {
      store.persist();
      if (!failed.length) {
        store.showUndo('read', done.length, async () => {
          restore(done);
          const toUnread = done.filter((d) => !d.summary.seen);
          const undone = toUnread.map((d) => inFlight(account, d.summary.id, 'unread'));
          const back = await Promise.allSettled(toUnread.map((d) => api.setSeen(account, d.summary.id, false)));
          for (const clear of undone) clear();
          const bad = back.find((r): r is PromiseRejectedResult => r.status === 'rejected');
          if (bad) fail('undo', done[0]!.summary, bad.reason);
          store.persist();
        });
      }
    }
  }

  async function markUnread(account: string, id: string, found?: Summary): Promise<void> {
    const row = current(account, id, found);
    if (!api || !row || !row.seen) return;
    change(account, id, { seen: false }, found);
    store.opened.delete(rowKey(account, id));
    const done = inFlight(account, id, 'unread');
    try {
      await api.setSeen(account, id, false);
      store.persist();
      store.showUndo('unread', 1, async () => {
        change(account, id, { seen: true }, found);
        store.opened.add(rowKey(account, id));
        const undone = inFlight(account, id, 'read');
        await api.setSeen(account, id, true).catch((err: unknown) => {
          change(account, id, { seen: false }, found);
          fail('undo', row, err);
        });
        undone();
      });
    } catch (err) {
      change(account, id, { seen: true }, found);
      fail('unread', row, err);
    } finally {
      done();
    }
  }

  async function markAllRead(account: string): Promise<void> {
    const view = findAccount(store.list(), account);
    if (!api || !view) return;
    const all = view.show === 'all';
    const rows = view.messages.filter((m) => !m.seen);
    // At once on screen: "Unread" empties, "All mail" shows every row read.
    let next = store.list();
    const taken: Taken[] = [];
    for (const row of rows) {
      if (all) next = patch(next, account, row.id, { seen: true });
      else {
        const result = take(next, account, row.id);
        next = result.accounts;
        if (result.taken) taken.push(result.taken);
      }
    }
    const unreadBefore = view.unread;
    store.commit(next.map((a) => (a.id === account ? { ...a, unread: 0 } : a)));
    // A list loaded before the bridge answers shows them read: out of "Unread", seen in "All mail".
    const landed = rows.map((m) => inFlight(account, m.id, 'read'));
    const restore = () => {
      let acc = store.list();
      if (all) for (const row of rows) acc = patch(acc, account, row.id, { seen: false });
      else for (const item of [...taken].reverse()) acc = putBack(acc, item);
      store.commit(acc.map((a) => (a.id === account ? { ...a, unread: Math.max(a.unread, unreadBefore) } : a)));
    };
    const boxes = view.watched?.length ? view.watched : [...new Set(['INBOX', ...rows.map((m) => m.mailbox)])];
    const results = await Promise.allSettled(boxes.map((box) => api.markMailboxRead(account, box)));
    for (const clear of landed) clear();
    const marked = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed && marked.length === 0) {
      restore();
      store.showError(t('popup_error_read_all', view.name || view.email, errorText(failed.reason)));
      return;
    }
    store.persist();
    if (failed) store.showError(t('popup_error_read_all', view.name || view.email, errorText(failed.reason)));
    const count = marked.reduce((n, m) => n + m.count, 0);
    if (!failed && count > 0) {
      store.showUndo('read', count, async () => {
        restore();
        const undone = rows.map((m) => inFlight(account, m.id, 'unread'));
        const back = await Promise.allSettled(marked.map((m) => api.markMailboxUnread(account, m.undo)));
        for (const clear of undone) clear();
        const bad = back.find((r): r is PromiseRejectedResult => r.status === 'rejected');
        if (bad) store.showError(t('popup_error_undo_read_all', errorText(bad.reason)));
        store.persist();
      });
    }
  }

  async function toggleStar(account: string, id: string, found?: Summary): Promise<void> {
    const row = current(account, id, found);
    if (!api || !row) return;
    const flagged = !row.flagged;
    const set = async (value: boolean, failed: FailedAction) => {
      change(account, id, { flagged: value }, found);
      try {
        await api.setFlagged(account, id, value);
        store.persist();
        return true;
      } catch (err) {
        change(account, id, { flagged: !value }, found);
        fail(failed, row, err);
        return false;
      }
    };
    if (await set(flagged, flagged ? 'star' : 'unstar')) {
      store.showUndo(flagged ? 'star' : 'unstar', 1, async () => void (await set(!flagged, 'undo')));
    }
  }

  async function opened(account: string, id: string, found?: Summary): Promise<void> {
    const row = current(account, id, found);
    store.opened.add(rowKey(account, id));
    if (!api || !row || row.seen) return;
    // A quick reader marks what you open as read, like any mail client; `u`
    // undoes it.
    change(account, id, { seen: true }, found);
    const done = inFlight(account, id, 'read');
    try {
      await api.setSeen(account, id, true);
      store.persist();
    } catch (err) {
      change(account, id, { seen: false }, found);
      fail('read', row, err);
    } finally {
      done();
    }
  }

  return {
    archive: (account, id, found) => moveAway('archive', account, id, undefined, found),
    remove: (account, id, found) => moveAway('delete', account, id, undefined, found),
    markRead: (account, id) => markManyRead(account, [id]),
    markUnread,
    markAllRead,
    opened,
    replied: (account, id) => store.commit(patch(store.list(), account, id, { answered: true })),
    toggleStar,
    spam: (account, id, found) => moveAway('spam', account, id, undefined, found),
    moveTo: (account, id, mailbox, found) => moveAway('move', account, id, mailbox, found),
    newSearch: store.clearResults,
  };
}
