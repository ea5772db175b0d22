/**
 * The popup's state and actions as one hook: opens on the cached list, refreshes
 * behind it, and applies every action optimistically with rollback and undo.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { AccountStatus, Summary } from '@/bridge/api-types';
import type { MailApi } from '@/utils/bridge/api';
import { errorMessage, isAuthError, isUnreachable } from '@/utils/bridge/errors';
import { t } from '@/utils/i18n';
import type { Pairing } from '@/utils/storage/pairing';
import { popupCache, type PopupStart } from '@/utils/storage/popup';
import { connection, lastStatus } from '@/utils/storage/status';
import { byDateDesc, findAccount, mergeFresh, patch, putBack, rowKey, take, type AccountView, type Taken } from './model';

/** How the conversation with the bridge stands. */
export type Phase = 'loading' | 'ready' | 'not-paired' | 'unauthorized' | 'unreachable';

export type UndoKind = 'archive' | 'delete' | 'read' | 'unread';

export interface UndoEntry {
  /** Changes with every new entry, so a stale Undo button can't undo the next action. */
  seq: number;
  kind: UndoKind;
  count: number;
  run: () => Promise<void>;
}

export interface ErrorNotice {
  seq: number;
  text: string;
}

type FailedAction = 'archive' | 'delete' | 'read' | 'unread' | 'undo';

/** How many unseen messages per account the list shows. */
export const LIST_LIMIT = 25;

export interface PopupController {
  phase: Phase;
  /** Why the bridge couldn't be reached or refused us, for the state screens. */
  detail?: string;
  bridgeUrl?: string;
  api: MailApi | null;
  accounts: AccountView[];
  refreshing: boolean;
  undo: UndoEntry | null;
  error: ErrorNotice | null;
  refresh(): Promise<void>;
  archive(account: string, id: string): Promise<void>;
  remove(account: string, id: string): Promise<void>;
  markRead(account: string, id: string): Promise<void>;
  markUnread(account: string, id: string): Promise<void>;
  markAllRead(account: string): Promise<void>;
  opened(account: string, id: string): Promise<void>;
  replied(account: string, id: string): void;
  runUndo(): Promise<void>;
  dismissError(): void;
}

/** What the popup shows before the bridge answers, from what storage holds. */
type Opening =
  | { phase: 'not-paired'; detail?: string }
  | { phase: 'loading'; api: MailApi; url: string; accounts: AccountView[] };

function opening(start: PopupStart, createApi: (pairing: Pairing) => MailApi): Opening {
  const { pairing, cache } = start;
  if (!pairing) return { phase: 'not-paired' };
  try {
    const api = createApi(pairing);
    // A list cached from another bridge (a different pairing) isn't shown.
    const accounts = cache && cache.bridgeUrl === pairing.url ? cache.accounts : [];
    return { phase: 'loading', api, url: pairing.url, accounts };
  } catch (err) {
    return { phase: 'not-paired', detail: errorMessage(err) };
  }
}

/**
 * @param start What storage holds, read before the first render (see
 *   `readPopupStart`) so the popup's first frame is already the cached list.
 */
export function usePopupController(
  createApi: (pairing: Pairing) => MailApi,
  start: PopupStart,
): PopupController {
  const [initial] = useState(() => opening(start, createApi));
  const ready = initial.phase === 'loading' ? initial : null;
  // The pairing is read once per popup: the API never changes while it's open.
  const api = ready?.api ?? null;
  const [phase, setPhase] = useState<Phase>(initial.phase);
  const [detail, setDetail] = useState(initial.phase === 'not-paired' ? initial.detail : undefined);
  const [accounts, setAccounts] = useState<AccountView[]>(ready?.accounts ?? []);
  const [refreshing, setRefreshing] = useState(false);
  const [undo, setUndo] = useState<UndoEntry | null>(null);
  const [error, setError] = useState<ErrorNotice | null>(null);

  // Async actions read and write the list through these refs: a closure's copy
  // of state would be stale by the time the bridge answers.
  const accountsRef = useRef<AccountView[]>(ready?.accounts ?? []);
  const pending = useRef(new Set<string>());
  const opened = useRef(new Set<string>());
  const revision = useRef<number | null>(null);
  const refreshSeq = useRef(0);
  const seq = useRef(0);

  const commit = useCallback((next: AccountView[]) => {
    accountsRef.current = next;
    setAccounts(next);
  }, []);

  const persist = useCallback(() => {
    if (!ready) return;
    const accounts = accountsRef.current.map((a) => ({ ...a, messages: a.messages.filter((m) => !m.seen) }));
    void popupCache.setValue({ bridgeUrl: ready.url, savedAt: Date.now(), accounts });
  }, [ready]);

  const fail = useCallback((action: FailedAction, summary: Summary | null, err: unknown) => {
    const reason = errorMessage(err);
    const subject = summary?.subject || t('popup_no_subject');
    setError({ seq: ++seq.current, text: t(`popup_error_${action}`, subject, reason) });
  }, []);

  const offerUndo = useCallback((kind: UndoKind, count: number, run: () => Promise<void>) => {
    setUndo({ seq: ++seq.current, kind, count, run });
    setError(null);
  }, []);

  const refresh = useCallback(async () => {
    if (!api) return;
    const mine = ++refreshSeq.current;
    setRefreshing(true);
    try {
      const status = await api.status();
      const fresh = await Promise.all(
        status.accounts.map((a) => loadAccount(api, a, findAccount(accountsRef.current, a.id))),
      );
      if (mine !== refreshSeq.current) return;
      revision.current = status.revision;
      commit(mergeFresh(accountsRef.current, fresh, pending.current, opened.current));
      setPhase('ready');
      setDetail(undefined);
      persist();
    } catch (err) {
      if (mine !== refreshSeq.current) return;
      const reason = errorMessage(err);
      if (isAuthError(err)) setPhase('unauthorized');
      else if (isUnreachable(err)) setPhase('unreachable');
      else {
        setPhase((p) => (p === 'loading' ? 'unreachable' : p));
        setError({ seq: ++seq.current, text: t('popup_error_refresh', reason) });
      }
      setDetail(reason);
    } finally {
      if (mine === refreshSeq.current) setRefreshing(false);
    }
  }, [commit, persist]);

  useEffect(() => {
    if (api) void refresh();
    // The background worker hears the bridge's pushes; a new revision means mail
    // arrived or changed elsewhere, so fetch the list again. No revision yet
    // means our own refresh failed (bridge down): any status is worth a retry.
    const unwatchStatus = lastStatus.watch((status) => {
      if (status && status.revision !== revision.current) void refresh();
    });
    // The worker also notices the bridge going away and coming back.
    const unwatchConnection = connection.watch((next, previous) => {
      if (!api) return;
      if (next.state === 'unreachable' && previous?.state !== 'unreachable') {
        setPhase('unreachable');
        setDetail(next.detail);
      } else if (next.state === 'connected' && previous?.state !== 'connected') {
        void refresh();
      }
    });
    return () => {
      unwatchStatus();
      unwatchConnection();
    };
  }, [api, refresh]);

  /** Archive or delete: the row goes at once, comes back if the bridge says no. */
  const moveAway = useCallback(
    async (kind: 'archive' | 'delete', account: string, id: string) => {
      const { accounts: next, taken } = take(accountsRef.current, account, id);
      if (!api || !taken) return;
      const key = rowKey(account, id);
      pending.current.add(key);
      commit(next);
      const request = kind === 'archive' ? api.move(account, id, '\\Archive') : api.trash(account, id);
      // Undo may be pressed before the bridge answers: it waits for the new id.
      offerUndo(kind, 1, () => moveBack(api, taken, request));
      try {
        await request;
        persist();
      } catch (err) {
        commit(putBack(accountsRef.current, taken));
        setUndo(null);
        fail(kind, taken.summary, err);
      } finally {
        pending.current.delete(key);
      }
    },
    [commit, persist, offerUndo, fail],
  );

  const moveBack = useCallback(
    async (api: MailApi, taken: Taken, request: Promise<string>) => {
      let movedId: string;
      try {
        movedId = await request;
      } catch {
        return; // the action itself failed and was rolled back already
      }
      commit(putBack(accountsRef.current, taken));
      try {
        const restored = await api.move(taken.account, movedId, taken.summary.mailbox);
        commit(patch(accountsRef.current, taken.account, taken.summary.id, { id: restored }));
        persist();
      } catch (err) {
        commit(take(accountsRef.current, taken.account, taken.summary.id).accounts);
        fail('undo', taken.summary, err);
      }
    },
    [commit, persist, fail],
  );

  /** Marks read the given unseen rows of one account, removing them from the list. */
  const markManyRead = useCallback(
    async (account: string, ids: string[]) => {
      if (!api) return;
      const takenAll: Taken[] = [];
      let next = accountsRef.current;
      for (const id of ids) {
        const result = take(next, account, id);
        next = result.accounts;
        if (result.taken) takenAll.push(result.taken);
      }
      if (takenAll.length === 0) return;
      // Put back in reverse order of taking so each lands at its old index.
      const restore = (list: Taken[]) => {
        let acc = accountsRef.current;
        for (const item of [...list].reverse()) acc = putBack(acc, item);
        commit(acc);
      };
      for (const item of takenAll) pending.current.add(rowKey(account, item.summary.id));
      commit(next);
      const unseen = takenAll.filter((item) => !item.summary.seen);
      const results = await Promise.allSettled(unseen.map((item) => api.setSeen(account, item.summary.id, true)));
      for (const item of takenAll) pending.current.delete(rowKey(account, item.summary.id));
      const failed = unseen.filter((_, i) => results[i]?.status === 'rejected');
      const done = takenAll.filter((item) => !failed.includes(item));
      if (failed.length) {
        restore(failed);
        const first = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
        fail('read', failed[0]!.summary, first?.reason);
      }
      if (done.length) {
        persist();
        if (!failed.length) {
          offerUndo('read', done.length, async () => {
            restore(done);
            const back = await Promise.allSettled(
              done.filter((d) => !d.summary.seen).map((d) => api.setSeen(account, d.summary.id, false)),
            );
            const bad = back.find((r): r is PromiseRejectedResult => r.status === 'rejected');
            if (bad) fail('undo', done[0]!.summary, bad.reason);
            persist();
          });
        }
      }
    },
    [commit, persist, offerUndo, fail],
  );

  const markUnread = useCallback(
    async (account: string, id: string) => {
      const row = findAccount(accountsRef.current, account)?.messages.find((m) => m.id === id);
      if (!api || !row || !row.seen) return;
      commit(patch(accountsRef.current, account, id, { seen: false }));
      opened.current.delete(rowKey(account, id));
      try {
        await api.setSeen(account, id, false);
        persist();
        offerUndo('unread', 1, async () => {
          commit(patch(accountsRef.current, account, id, { seen: true }));
          opened.current.add(rowKey(account, id));
          await api.setSeen(account, id, true).catch((err: unknown) => {
            commit(patch(accountsRef.current, account, id, { seen: false }));
            fail('undo', row, err);
          });
        });
      } catch (err) {
        commit(patch(accountsRef.current, account, id, { seen: true }));
        fail('unread', row, err);
      }
    },
    [commit, persist, offerUndo, fail],
  );

  const markOpened = useCallback(
    async (account: string, id: string) => {
      const row = findAccount(accountsRef.current, account)?.messages.find((m) => m.id === id);
      opened.current.add(rowKey(account, id));
      if (!api || !row || row.seen) return;
      // A quick reader marks what you open as read, like any mail client; `u`
      // undoes it.
      commit(patch(accountsRef.current, account, id, { seen: true }));
      try {
        await api.setSeen(account, id, true);
        persist();
      } catch (err) {
        commit(patch(accountsRef.current, account, id, { seen: false }));
        fail('read', row, err);
      }
    },
    [commit, persist, fail],
  );

  return {
    phase,
    detail,
    bridgeUrl: ready?.url,
    api,
    accounts,
    refreshing,
    undo,
    error,
    refresh,
    archive: useCallback((account, id) => moveAway('archive', account, id), [moveAway]),
    remove: useCallback((account, id) => moveAway('delete', account, id), [moveAway]),
    markRead: useCallback((account, id) => markManyRead(account, [id]), [markManyRead]),
    markUnread,
    markAllRead: useCallback(
      (account) =>
        markManyRead(
          account,
          (findAccount(accountsRef.current, account)?.messages ?? []).filter((m) => !m.seen).map((m) => m.id),
        ),
      [markManyRead],
    ),
    opened: markOpened,
    replied: useCallback(
      (account, id) => commit(patch(accountsRef.current, account, id, { answered: true })),
      [commit],
    ),
    runUndo: useCallback(async () => {
      const entry = undo;
      if (!entry) return;
      setUndo(null);
      await entry.run();
    }, [undo]),
    dismissError: useCallback(() => setError(null), []),
  };
}

async function loadAccount(
  api: MailApi,
  status: AccountStatus,
  previous: AccountView | undefined,
): Promise<AccountView> {
  const view: AccountView = {
    id: status.id,
    name: status.name,
    email: status.email,
    state: status.state,
    ...(status.error ? { error: status.error } : {}),
    unread: status.unread,
    ...(isWebUrl(status.webmailUrl) ? { webmailUrl: status.webmailUrl } : {}),
    messages: [],
  };
  if (status.state !== 'ok') {
    // Still connecting: keep what we showed; broken: show the error, not stale mail.
    return status.state === 'connecting' ? { ...view, messages: previous?.messages ?? [] } : view;
  }
  const boxes = status.mailboxes.filter((m) => m.unread > 0).map((m) => m.path);
  try {
    const lists = await Promise.all(boxes.map((path) => api.messages(status.id, path, { unseen: true, limit: LIST_LIMIT })));
    return { ...view, messages: lists.flat().sort(byDateDesc).slice(0, LIST_LIMIT) };
  } catch (err) {
    if (isAuthError(err) || isUnreachable(err)) throw err;
    return {
      ...view,
      messages: previous?.messages ?? [],
      listError: errorMessage(err),
    };
  }
}

/** Only http(s) webmail links: the config is the user's, but a link is a link. */
function isWebUrl(url: string | undefined): url is string {
  return !!url && /^https?:\/\//i.test(url);
}
