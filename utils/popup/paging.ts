/**
 * Pages of an account's list. "Unread" shows the unseen messages of the watched
 * mailboxes, "All mail" every message there, so read mail can be found again.
 * The bridge merges the watched mailboxes newest first (`watched=1`) and pages
 * them with one `next` cursor; "load more" asks for the page after.
 */
import type { Summary } from '@/bridge/api-types';
import type { MailApi } from '@/utils/bridge/api';
import { errorText } from '@/utils/bridge/error-text';
import { t } from '@/utils/i18n';
import { findAccount, withPending, type AccountView, type ListShow } from './model';
import type { PopupStore } from './state';

/** Rows per page. */
export const PAGE_SIZE = 25;
/** The most the bridge gives in one page. */
const MAX_PAGE = 100;

export interface Pages {
  messages: Summary[];
  /** Left out on the last page. */
  more?: string;
}

/**
 * The first page, for a refresh or a change of view: as many rows as were shown
 * in the same view before (up to the bridge's page limit), so a refresh doesn't
 * undo "load more".
 */
export async function firstPage(api: MailApi, account: string, show: ListShow, previous?: AccountView): Promise<Pages> {
  const shown = (previous?.show ?? 'unread') === show ? (previous?.messages.length ?? 0) : 0;
  const limit = Math.min(MAX_PAGE, Math.max(PAGE_SIZE, shown));
  return pages(await api.page(account, { watched: true, unseen: show === 'unread', limit }));
}

/** The page after what the account shows, joined to it. */
export async function nextPage(api: MailApi, account: AccountView): Promise<Pages> {
  if (!account.more) return { messages: account.messages };
  const unseen = (account.show ?? 'unread') === 'unread';
  const next = await api.page(account.id, { watched: true, unseen, limit: PAGE_SIZE, before: account.more });
  const known = new Set(account.messages.map((m) => m.id));
  return pages({ messages: [...account.messages, ...next.messages.filter((m) => !known.has(m.id))], next: next.next });
}

function pages({ messages, next }: { messages: Summary[]; next: string | null }): Pages {
  return next ? { messages, more: next } : { messages };
}

export interface PagingActions {
  /** Switches an account between "Unread" and "All mail". */
  show(account: string, show: ListShow): Promise<void>;
  /** The next page of the account's view. */
  loadMore(account: string): Promise<void>;
}

export function createPaging(store: PopupStore): PagingActions {
  const { api } = store;

  function update(account: string, change: (a: AccountView) => AccountView): void {
    store.commit(store.list().map((a) => (a.id === account ? change(a) : a)));
  }

  /**
   * Takes a page in, unless the view changed while it was on its way; rows with
   * an action in flight show as it will leave them, as after a refresh.
   */
  function land(account: string, show: ListShow, result: Pages): void {
    update(account, (a) => {
      if ((a.show ?? 'unread') !== show) return a;
      const { more: _old, ...rest } = a;
      const messages = withPending(account, show, result.messages, store.pending, store.opened);
      return { ...rest, ...result, messages, paging: false };
    });
  }

  async function show(account: string, show: ListShow): Promise<void> {
    const before = findAccount(store.list(), account);
    if (!api || !before || (before.show ?? 'unread') === show) return;
    // The rows stay until the other view's arrive; the switch shows the new view at once.
    update(account, (a) => ({ ...a, show, paging: true }));
    try {
      land(account, show, await firstPage(api, account, show));
      store.persist();
    } catch (err) {
      update(account, (a) => ({ ...a, paging: false }));
      store.showError(t('popup_error_more', errorText(err)));
    }
  }

  async function loadMore(account: string): Promise<void> {
    const current = findAccount(store.list(), account);
    if (!api || !current?.more || current.paging) return;
    const show = current.show ?? 'unread';
    update(account, (a) => ({ ...a, paging: true }));
    try {
      land(account, show, await nextPage(api, current));
    } catch (err) {
      update(account, (a) => ({ ...a, paging: false }));
      store.showError(t('popup_error_more', errorText(err)));
    }
  }

  return { show, loadMore };
}
