/**
 * The popup's state: what it renders (Preact state, a new snapshot on every
 * change) and the live handles its async actions work on. An action awaits the
 * bridge; by the time it answers, a render's copy of the list is stale, so
 * actions read `list()` and write through `commit()`, which keeps both in step.
 */
import { useState, type Dispatch, type StateUpdater } from 'preact/hooks';
import type { Summary } from '@/bridge/api-types';
import type { MailApi } from '@/utils/bridge/api';
import { savePopupCache } from '@/utils/popup/start-snapshot';
import type { Opening } from './loading';
import { rowKey, type AccountView, type Pending, type ResultChanges } from './model';

/** How the conversation with the bridge stands. */
export type PopupState = 'loading' | 'ready' | 'unpaired' | 'unauthorized' | 'unreachable';

export type UndoKind = 'archive' | 'delete' | 'read' | 'unread' | 'spam' | 'move' | 'star' | 'unstar';

export interface UndoEntry {
  /** Changes with every new entry, so a stale Undo button can't undo the next action. */
  seq: number;
  kind: UndoKind;
  count: number;
  /** What the message says besides the kind: the folder of a move. */
  detail?: string;
  run: () => Promise<void>;
}

export interface ErrorNotice {
  seq: number;
  text: string;
}

/** What the popup renders. */
export interface PopupView {
  state: PopupState;
  /** Why the bridge couldn't be reached or refused us, for the state screens. */
  detail?: string;
  accounts: AccountView[];
  refreshing: boolean;
  undo: UndoEntry | null;
  error: ErrorNotice | null;
  /** What this popup did to the search results shown (`resultNow`). */
  resultChanges: ResultChanges;
}

/** The popup's live handles: one object for as long as the popup is open. */
export interface PopupStore {
  /** `null` while not paired. The pairing is read once per popup: the API never changes while it's open. */
  readonly api: MailApi | null;
  readonly bridgeUrl: string | undefined;
  /** The list as it is now, not as some render saw it. */
  list(): AccountView[];
  /** Makes `next` the list, and shows it. */
  commit(next: AccountView[]): void;
  /** Keeps the unseen part of the list for the next opening. */
  persist(): void;
  /**
   * Rows with an action in flight, by `rowKey`, and what it does: a list loaded
   * meanwhile shows them as the action will leave them (`withPending`).
   */
  readonly pending: Map<string, Pending>;
  /** Rows this popup opened, by `rowKey`: they stay in the list though no longer unseen. */
  readonly opened: Set<string>;
  /** The search results as this popup's actions left them. */
  results(): ResultChanges;
  /** A search result is now `summary`, or `null`: moved away. */
  changeResult(account: string, id: string, summary: Summary | null): void;
  /** A new search: its results come fresh from the bridge. */
  clearResults(): void;
  setState: Dispatch<StateUpdater<PopupState>>;
  setDetail(detail: string | undefined): void;
  setRefreshing(refreshing: boolean): void;
  /** Offers Undo for what just happened; replaces an error on screen. */
  showUndo(kind: UndoKind, count: number, run: () => Promise<void>, detail?: string): void;
  clearUndo(): void;
  showError(text: string): void;
  clearError(): void;
}

/** The state of one popup, starting from what storage held when it opened. */
export function usePopupStore(initial: Opening): { store: PopupStore; view: PopupView } {
  const ready = initial.state === 'loading' ? initial : null;
  const [state, setState] = useState<PopupState>(initial.state);
  const [detail, setDetail] = useState(initial.state === 'unpaired' ? initial.detail : undefined);
  const [accounts, setAccounts] = useState<AccountView[]>(ready?.accounts ?? []);
  const [refreshing, setRefreshing] = useState(false);
  const [undo, setUndo] = useState<UndoEntry | null>(null);
  const [error, setError] = useState<ErrorNotice | null>(null);
  const [resultChanges, setResultChanges] = useState<ResultChanges>(new Map());

  const [store] = useState((): PopupStore => {
    let list = ready?.accounts ?? [];
    let results: ResultChanges = new Map();
    const showResults = (next: ResultChanges) => {
      results = next;
      setResultChanges(next);
    };
    // One sequence for undo entries and errors: each new one is a new notice.
    let seq = 0;
    return {
      api: ready?.api ?? null,
      bridgeUrl: ready?.url,
      list: () => list,
      commit(next) {
        list = next;
        setAccounts(next);
      },
      persist() {
        if (!ready) return;
        const accounts = list.map((a) => ({ ...a, messages: a.messages.filter((m) => !m.seen) }));
        void savePopupCache({ bridgeUrl: ready.url, savedAt: Date.now(), accounts });
      },
      pending: new Map(),
      opened: new Set(),
      results: () => results,
      changeResult: (account, id, summary) => showResults(new Map(results).set(rowKey(account, id), summary)),
      clearResults: () => showResults(new Map()),
      setState,
      setDetail,
      setRefreshing,
      showUndo(kind, count, run, detail) {
        setUndo({ seq: ++seq, kind, count, run, ...(detail ? { detail } : {}) });
        setError(null);
      },
      clearUndo: () => setUndo(null),
      showError: (text) => setError({ seq: ++seq, text }),
      clearError: () => setError(null),
    };
  });

  return { store, view: { state, detail, accounts, refreshing, undo, error, resultChanges } };
}
