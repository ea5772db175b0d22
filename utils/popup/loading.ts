/**
 * Loading the popup's list: at once from what storage holds, then from the
 * bridge behind it, and again whenever the background worker hears of a change.
 */
import type { AccountStatus } from '@/bridge/api-types';
import type { MailApi } from '@/utils/bridge/api';
import { errorText } from '@/utils/bridge/error-text';
import { isAuthError, isUnreachable } from '@/utils/bridge/errors';
import { t } from '@/utils/i18n';
import { whenIdle } from '@/utils/idle';
import type { Pairing } from '@/utils/storage/pairing';
import type { PopupStart } from '@/utils/storage/popup';
import { connection, lastStatus } from '@/utils/storage/status';
import { findAccount, mergeFresh, type AccountView } from './model';
import { firstPage } from './paging';
import type { PopupStore } from './state';


/** What the popup shows before the bridge answers, from what storage holds. */
export type Opening =
  | { state: 'unpaired'; detail?: string }
  | { state: 'loading'; api: MailApi; url: string; accounts: AccountView[] };

/**
 * @param start What storage holds, read before the first render (see
 *   `readPopupStart`) so the popup's first frame is already the cached list.
 */
export function opening(start: PopupStart, createApi: (pairing: Pairing) => MailApi): Opening {
  const { pairing, cache } = start;
  if (!pairing) return { state: 'unpaired' };
  try {
    const api = createApi(pairing);
    // A list cached from another bridge (a different pairing) isn't shown.
    const accounts = cache && cache.bridgeUrl === pairing.url ? cache.accounts : [];
    return { state: 'loading', api, url: pairing.url, accounts };
  } catch (err) {
    return { state: 'unpaired', detail: errorText(err) };
  }
}

/** How long the first refresh waits for the browser to be idle, at most. */
const REFRESH_IDLE_WAIT_MS = 50;

export interface Loader {
  /** Fetches the status and every account's unseen list; a newer refresh wins over an older one. */
  refresh(): Promise<void>;
  /** Refreshes now and whenever the worker stores news; answers the way to stop. */
  follow(): () => void;
}

export function createLoader(store: PopupStore): Loader {
  const { api } = store;
  /** The status revision the list shows; `null` until a refresh succeeded. */
  let revision: number | null = null;
  let latest = 0;

  async function refresh(): Promise<void> {
    if (!api) return;
    const mine = ++latest;
    store.setRefreshing(true);
    try {
      const status = await api.status();
      const fresh = await Promise.all(status.accounts.map((a) => loadAccount(api, a, findAccount(store.list(), a.id))));
      if (mine !== latest) return;
      revision = status.revision;
      store.commit(mergeFresh(store.list(), fresh, store.pending, store.opened));
      store.setState('ready');
      store.setDetail(undefined);
      store.persist();
    } catch (err) {
      if (mine !== latest) return;
      const reason = errorText(err);
      if (isAuthError(err)) store.setState('unauthorized');
      else if (isUnreachable(err)) store.setState('unreachable');
      else {
        store.setState((s) => (s === 'loading' ? 'unreachable' : s));
        store.showError(t('popup_error_refresh', reason));
      }
      store.setDetail(reason);
    } finally {
      if (mine === latest) store.setRefreshing(false);
    }
  }

  function follow(): () => void {
    // With a cached list on screen, once the browser is idle after its frame (the
    // bridge client's chunk and the requests cost that task 5-30 ms, bench/FINDINGS.md);
    // with nothing to show, at once.
    let cancelRefresh = () => {};
    if (api && store.list().length > 0) cancelRefresh = whenIdle(() => void refresh(), REFRESH_IDLE_WAIT_MS);
    else if (api) void refresh();
    // The background worker hears the bridge's pushes; a new revision means mail
    // arrived or changed elsewhere, so fetch the list again. No revision yet
    // means our own refresh failed (bridge down): any status is worth a retry.
    const unwatchStatus = lastStatus.watch((status) => {
      if (status && status.revision !== revision) void refresh();
    });
    // The worker also notices the bridge going away and coming back.
    const unwatchConnection = connection.watch((next, previous) => {
      if (!api) return;
      if (next.state === 'unreachable' && previous?.state !== 'unreachable') {
        store.setState('unreachable');
        store.setDetail(t('error_unreachable'));
      } else if (next.state === 'connected' && previous?.state !== 'connected') {
        void refresh();
      }
    });
    return () => {
      cancelRefresh();
      unwatchStatus();
      unwatchConnection();
    };
  }

  return { refresh, follow };
}

async function loadAccount(api: MailApi, status: AccountStatus, previous: AccountView | undefined): Promise<AccountView> {
  const view: AccountView = {
    id: status.id,
    name: status.name,
    email: status.email,
    state: status.state,
    ...(status.error ? { error: status.error } : {}),
    unread: status.unread,
    ...(isWebUrl(status.webmailUrl) ? { webmailUrl: status.webmailUrl } : {}),
    ...(previous?.show && { show: previous.show }),
    watched: status.mailboxes.map((m) => m.path),
    messages: [],
  };
  if (status.state !== 'ok') {
    // Still connecting: keep what we showed; broken: show the error, not stale mail.
    return status.state === 'connecting' ? { ...view, messages: previous?.messages ?? [] } : view;
  }
  try {
    return { ...view, ...(await firstPage(api, status.id, previous?.show ?? 'unread', previous)) };
  } catch (err) {
    if (isAuthError(err) || isUnreachable(err)) throw err;
    return { ...view, messages: previous?.messages ?? [], listError: errorText(err) };
  }
}

/** Only http(s) webmail links: the config is the user's, but a link is a link. */
function isWebUrl(url: string | undefined): url is string {
  return !!url && /^https?:\/\//i.test(url);
}
