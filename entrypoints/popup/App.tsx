import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { nativeBrowser as browser } from '@/utils/native-browser';
import { AccountError } from '@/components/popup/AccountError';
import { AccountSection } from '@/components/popup/AccountSection';
import { BridgeDown } from '@/components/popup/BridgeDown';
import { ErrorBar } from '@/components/popup/ErrorBar';
import { LazyMessageView, preloadMessageViewWhenIdle } from '@/components/popup/LazyMessageView';
import { lazy } from '@/components/popup/lazy';
import { ListSkeleton } from '@/components/popup/ListSkeleton';
import { MessageList } from '@/components/popup/MessageList';
import type { RowAction } from '@/components/popup/MessageRow';
import type { ReplyRequest } from '@/components/popup/MessageView';
import { PopupHeader } from '@/components/popup/PopupHeader';
import { SearchField } from '@/components/popup/SearchField';
import { StatePanel } from '@/components/popup/StatePanel';
import { UndoBar } from '@/components/popup/UndoBar';
import type { MailApi } from '@/utils/bridge/api';
import { createLazyBridgeApi } from '@/utils/bridge/lazy-api';
import { whenIdle } from '@/utils/idle';
import { t, uiLocale } from '@/utils/i18n';
import { usePopupController } from '@/utils/popup/controller';
import { usePopupKeys } from '@/utils/popup/keys';
import { findAccount, findMessage, flatten, resultNow, rowKey, type OpenIntent } from '@/utils/popup/model';
import type { Pairing } from '@/utils/storage/pairing';
import { openMessage as openMessageItem, type OpenMessage, type PopupStart } from '@/utils/storage/popup';
import type { Summary } from '@/bridge/api-types';

interface Props {
  /** What storage held when the popup opened (`readPopupStart`). */
  start: PopupStart;
  /** How to talk to the bridge; tests may pass their own. */
  createApi?: (pairing: Pairing) => MailApi;
  /** The clock for relative times. */
  now?: () => number;
}

/** The message on screen, as it was when opened: the row may leave the list while it's read. */
type Open = OpenMessage;

/** A row of the list: an account's message. */
interface RowRef {
  account: string;
  id: string;
}

const FolderPicker = lazy(() => import('@/components/popup/FolderPicker').then((m) => m.FolderPicker));
// Shown on `?` only: kept out of the first frame's bundle like the parts below.
const KeyHelp = lazy(() => import('@/components/popup/KeyHelp').then((m) => m.KeyHelp));
const ComposeView = lazy(() => import('@/components/popup/ComposeView').then((m) => m.ComposeView));
const SearchResults = lazy(() => import('@/components/popup/SearchResults').then((m) => m.SearchResults));

export function App({ start, createApi = createLazyBridgeApi, now = Date.now }: Props) {
  const c = usePopupController(createApi, start);
  // Closed in the middle of a reply: open on that message and its draft again.
  const [open, setOpen] = useState<Open | null>(start.resume);
  const [selected, setSelected] = useState<string | null>(null);
  const [help, setHelp] = useState(false);
  const [replyRequest, setReplyRequest] = useState<ReplyRequest | null>(null);
  // The message "Move to…" is choosing a folder for.
  const [moving, setMoving] = useState<RowRef | null>(null);
  // Closed while writing a new message: open on it again.
  const [composing, setComposing] = useState(!!start.composing);
  // The search the results show ('' shows the list), and the field `/` focuses.
  const [query, setQuery] = useState('');
  const searchField = useRef<HTMLInputElement>(null);
  // "Message sent.": said once, in the bar at the bottom.
  const [notice, setNotice] = useState<string | null>(null);
  // The row to focus after the next render (keyboard moves only), read by the
  // effect through a ref so an effect of an older render can't focus an old row.
  const focusRow = useRef<string | null>(null);
  const locale = useMemo(uiLocale, []);
  // The relative times' clock moves on when the list does (every refresh), not on
  // every render: a row draws again only when what it shows changed.
  const clock = useMemo(now, [c.accounts]);
  // The first frame, drawn from the list storage held, leaves out the rows' buttons
  // (300 for 50 rows, invisible until a row is pointed at or focused): it shows the
  // same without them, sooner. They come as soon as the browser is idle (200 ms at most).
  const [rowActions, setRowActions] = useState(c.accounts.length === 0);
  useEffect(() => (rowActions ? undefined : whenIdle(() => setRowActions(true), 200)), []);
  // Search results aren't the list: j/k and the row keys wait while they show.
  const rows = query ? [] : flatten(c.accounts);

  const openMessage = useCallback(
    (account: string, id: string, mode?: OpenIntent, found?: Summary) => {
      // A search result needn't be in the list.
      const summary = findMessage(c.accounts, account, id) ?? found;
      if (!summary) return;
      setOpen({ account, summary });
      void openMessageItem.setValue({ account, summary });
      // An Undo left from an earlier action would read as if it were about this message.
      c.dismissUndo();
      setSelected(rowKey(account, id));
      setReplyRequest(mode ? { mode, seq: Date.now() } : null);
      void c.opened(account, id, found);
    },
    [c],
  );

  const back = useCallback(() => {
    setOpen(null);
    void openMessageItem.setValue(null);
    setReplyRequest(null);
    focusRow.current = open ? rowKey(open.account, open.summary.id) : null;
  }, [open]);

  /** After a row leaves the list, select the one that took its place. */
  const selectAfterRemoval = useCallback(
    (account: string, id: string) => {
      const index = rows.findIndex((r) => r.account === account && r.id === id);
      const next = rows[index + 1] ?? rows[index - 1];
      const key = next ? rowKey(next.account, next.id) : null;
      setSelected(key);
      return key;
    },
    [rows],
  );

  /** The open message, when it is this one: it may be a search result, not a row of the list. */
  const openFound = (account: string, id: string) =>
    open?.account === account && open.summary.id === id ? open.summary : undefined;

  /** A move out of the list (archive, delete, spam, or to a folder): the row goes, the next one is selected. */
  const act = useCallback(
    (action: 'archive' | 'delete' | 'spam' | 'move', account: string, id: string, folder?: string) => {
      const next = selectAfterRemoval(account, id);
      // The open message may be a search result, not a row of the list.
      const found = open?.account === account && open.summary.id === id ? open.summary : undefined;
      if (open) {
        back();
        focusRow.current = next;
      }
      if (action === 'archive') void c.archive(account, id, found);
      else if (action === 'delete') void c.remove(account, id, found);
      else if (action === 'spam') void c.spam(account, id, found);
      else if (folder) void c.moveTo(account, id, folder, found);
    },
    [c, open, back, selectAfterRemoval],
  );

  /** A click on a row or one of its buttons (`MessageList`). */
  const rowAction = useCallback(
    (account: string, id: string, action: RowAction) => {
      if (action === 'open') openMessage(account, id);
      else if (action === 'read') {
        selectAfterRemoval(account, id);
        void c.markRead(account, id);
      } else if (action === 'unread') void c.markUnread(account, id);
      else if (action === 'star') void c.toggleStar(account, id);
      else if (action === 'move') setMoving({ account, id });
      else act(action, account, id);
    },
    [c, openMessage, selectAfterRemoval, act],
  );

  useEffect(preloadMessageViewWhenIdle, []);

  useEffect(() => {
    const key = focusRow.current;
    if (!key || open) return;
    focusRow.current = null;
    const item = [...document.querySelectorAll<HTMLElement>('[data-row]')].find((el) => el.dataset.row === key);
    const row = item?.querySelector<HTMLElement>('.row__open');
    row?.focus();
    row?.scrollIntoView?.({ block: 'nearest' });
  });

  usePopupKeys({
    rows,
    open: open && { account: open.account, id: open.summary.id },
    selected,
    helpShown: help,
    suspended: !!moving || composing,
    showHelp: setHelp,
    select({ account, id }) {
      setSelected(rowKey(account, id));
      focusRow.current = rowKey(account, id);
    },
    openMessage: ({ account, id }, mode) => openMessage(account, id, mode),
    reply: (mode) => setReplyRequest({ mode, seq: Date.now() }),
    back,
    archive: ({ account, id }) => act('archive', account, id),
    remove: ({ account, id }) => act('delete', account, id),
    markUnread: ({ account, id }) => void c.markUnread(account, id, openFound(account, id)),
    markRead({ account, id }) {
      focusRow.current = selectAfterRemoval(account, id);
      void c.markRead(account, id);
    },
    toggleStar: ({ account, id }) => void c.toggleStar(account, id, openFound(account, id)),
    spam: ({ account, id }) => act('spam', account, id),
    move: (row) => setMoving(row),
    forward: () => setReplyRequest({ mode: 'forward', seq: Date.now() }),
    compose: () => startCompose(),
    focusSearch: () => searchField.current?.focus(),
  });

  const moveSummary = moving && findMessage(c.accounts, moving.account, moving.id);

  // An Undo (or "sent") left from the list would read as if it were about what opens now.
  function startCompose() {
    c.dismissUndo();
    setNotice(null);
    setComposing(true);
  }

  function search(text: string) {
    if (text) c.dismissUndo();
    if (text && text !== query) c.newSearch();
    setQuery(text);
  }

  const openSettings = () => void browser.runtime.openOptionsPage();
  const total = c.accounts.length ? c.accounts.reduce((n, a) => n + a.unread, 0) : null;

  return (
    <div class="popup">
      <PopupHeader
        total={total}
        refreshing={c.refreshing}
        onRefresh={() => void c.refresh()}
        onHelp={() => setHelp(true)}
        onSettings={openSettings}
        onCompose={c.api && !composing ? startCompose : undefined}
      />
      {c.api && !open && !composing && c.accounts.length > 0 && (
        <SearchField query={query} onSearch={search} inputRef={searchField} />
      )}
      <main class="content">
        {composing && c.api ? (
          <ComposeView
            api={c.api}
            accounts={c.accounts}
            seen={c.accounts.flatMap((a) => a.messages.map((m) => m.from))}
            locale={locale}
            onClose={() => setComposing(false)}
            onSent={() => {
              setComposing(false);
              setNotice(t('popup_compose_sent'));
            }}
          />
        ) : open && c.api ? (
          <LazyMessageView
            key={open.summary.id}
            api={c.api}
            account={open.account}
            accountEmail={findAccount(c.accounts, open.account)?.email ?? ''}
            summary={
              findMessage(c.accounts, open.account, open.summary.id) ??
              resultNow(c.resultChanges, open.account, open.summary) ??
              open.summary
            }
            locale={locale}
            replyRequest={replyRequest}
            onBack={back}
            onArchive={() => act('archive', open.account, open.summary.id)}
            onDelete={() => act('delete', open.account, open.summary.id)}
            onMarkUnread={() => void c.markUnread(open.account, open.summary.id, open.summary)}
            onReplied={() => c.replied(open.account, open.summary.id)}
            onToggleStar={() => void c.toggleStar(open.account, open.summary.id, open.summary)}
            onSpam={() => act('spam', open.account, open.summary.id)}
            onMove={() => setMoving({ account: open.account, id: open.summary.id })}
          />
        ) : query && c.api ? (
          <SearchResults
            api={c.api}
            accounts={c.accounts}
            query={query}
            locale={locale}
            now={now()}
            changes={c.resultChanges}
            onOpen={(account, summary) => openMessage(account, summary.id, undefined, summary)}
          />
        ) : (
          renderList()
        )}
      </main>
      {c.error ? (
        <ErrorBar text={c.error.text} onDismiss={c.dismissError} />
      ) : c.undo ? (
        <UndoBar entry={c.undo} onUndo={() => void c.runUndo()} />
      ) : (
        notice && (
          <div class="toast" role="status">
            <span>{notice}</span>
            <button type="button" class="toast__action" onClick={() => setNotice(null)}>
              {t('popup_close')}
            </button>
          </div>
        )
      )}
      {help && <KeyHelp onClose={() => setHelp(false)} />}
      {moving && c.api && (
        <FolderPicker
          api={c.api}
          account={moving.account}
          from={moveSummary ? moveSummary.mailbox : (open?.summary.mailbox ?? '')}
          onPick={(folder) => {
            setMoving(null);
            act('move', moving.account, moving.id, folder);
          }}
          onClose={() => {
            setMoving(null);
            focusRow.current = rowKey(moving.account, moving.id);
          }}
        />
      )}
    </div>
  );

  // A plain function, not a component: a component defined in here would be a
  // new type every render and remount the list (losing focus).
  function renderList() {
    if (c.state === 'unpaired') {
      return (
        <StatePanel icon="plug" title={t('popup_not_paired_title')}>
          <p class="state__body">{t('popup_not_paired_body')}</p>
          {c.detail && <p class="state__detail">{c.detail}</p>}
          <button type="button" class="button button--primary" onClick={openSettings}>
            {t('popup_open_settings')}
          </button>
        </StatePanel>
      );
    }
    if (c.state === 'unauthorized') {
      return (
        <StatePanel icon="alert" title={t('popup_unauthorized_title')} tone="problem">
          <p class="state__body">{t('popup_unauthorized_body')}</p>
          <button type="button" class="button button--primary" onClick={openSettings}>
            {t('popup_open_settings')}
          </button>
        </StatePanel>
      );
    }
    const hasList = c.accounts.length > 0;
    const down = c.state === 'unreachable' && (
      <BridgeDown url={c.bridgeUrl} detail={c.detail} compact={hasList} onRetry={() => void c.refresh()} />
    );
    if (!hasList) {
      if (c.state === 'loading') return <ListSkeleton />;
      if (down) return down;
      return (
        <StatePanel icon="inbox" title={t('popup_no_accounts_title')}>
          <p class="state__body">{t('popup_no_accounts_body')}</p>
          <button type="button" class="button button--primary" onClick={openSettings}>
            {t('popup_open_settings')}
          </button>
        </StatePanel>
      );
    }
    // An account in "All mail" keeps its section (and its switch back) even when empty.
    const anyMessages = c.accounts.some((a) => a.messages.length > 0 || a.show === 'all');
    const broken = c.accounts.filter((a) => a.state === 'error' || a.state === 'auth-error');
    if (!anyMessages) {
      return (
        <>
          {down}
          {broken.map((a) => (
            <AccountError key={a.id} account={a} />
          ))}
          {broken.length < c.accounts.length && (
            <StatePanel icon="inbox" title={t('popup_empty')}>
              <p class="state__body">{t('popup_empty_body')}</p>
              {/* Read mail is still there: "All mail" finds it. */}
              <button
                type="button"
                class="button"
                onClick={() => c.accounts.filter((a) => a.state === 'ok').forEach((a) => void c.show(a.id, 'all'))}
              >
                {t('popup_view_all')}
              </button>
            </StatePanel>
          )}
        </>
      );
    }
    const grouped = c.accounts.length > 1;
    return (
      <>
        {down}
        {c.accounts.map((account) => (
          <AccountSection
            key={account.id}
            account={account}
            grouped={grouped}
            onMarkAllRead={() => void c.markAllRead(account.id)}
            onShow={(show) => void c.show(account.id, show)}
            onLoadMore={() => void c.loadMore(account.id)}
          >
            <MessageList
              account={account.id}
              messages={account.messages}
              selected={selected}
              locale={locale}
              now={clock}
              actions={rowActions}
              onAction={rowAction}
            />
          </AccountSection>
        ))}
      </>
    );
  }
}
