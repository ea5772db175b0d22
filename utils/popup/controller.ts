/**
 * The popup as one hook: its state (`state.ts`), loaded from storage and then
 * the bridge (`loading.ts`), changed by the user's actions with Undo
 * (`actions.ts`).
 */
import { useCallback, useEffect, useState } from 'preact/hooks';
import type { MailApi } from '@/utils/bridge/api';
import type { Pairing } from '@/utils/storage/pairing';
import type { PopupStart } from '@/utils/storage/popup';
import { createActions, type PopupActions } from './actions';
import { createLoader, opening } from './loading';
import { createPaging, type PagingActions } from './paging';
import { usePopupStore, type PopupView } from './state';

export interface PopupController extends PopupView, PopupActions, PagingActions {
  bridgeUrl?: string;
  api: MailApi | null;
  refresh(): Promise<void>;
  runUndo(): Promise<void>;
  dismissError(): void;
  /** Takes the Undo bar away: it belongs to the list it was offered over, not to the next message opened. */
  dismissUndo(): void;
}

/**
 * @param start What storage holds, read before the first render (see
 *   `readPopupStart`) so the popup's first frame is already the cached list.
 */
export function usePopupController(createApi: (pairing: Pairing) => MailApi, start: PopupStart): PopupController {
  const [initial] = useState(() => opening(start, createApi));
  const { store, view } = usePopupStore(initial);
  const [loader] = useState(() => createLoader(store));
  const [actions] = useState(() => createActions(store));
  const [paging] = useState(() => createPaging(store));

  useEffect(() => loader.follow(), [loader]);

  const runUndo = useCallback(async () => {
    const entry = view.undo;
    if (!entry) return;
    store.clearUndo();
    await entry.run();
  }, [store, view.undo]);

  return {
    ...view,
    bridgeUrl: store.bridgeUrl,
    api: store.api,
    refresh: loader.refresh,
    ...actions,
    ...paging,
    runUndo,
    dismissError: store.clearError,
    dismissUndo: store.clearUndo,
  };
}
