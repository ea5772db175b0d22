import { useEffect, useState } from 'preact/hooks';
import type { Summary } from '@/bridge/api-types';
import type { MailApi } from '@/utils/bridge/api';
import { errorText } from '@/utils/bridge/error-text';
import { t } from '@/utils/i18n';
import { resultsNow, type ResultChanges } from '@/utils/popup/model';
import './forms.css';
import { RowOpen } from './RowOpen';

/** Results per page, per account. */
const PAGE_SIZE = 25;

interface Props {
  api: MailApi;
  accounts: readonly { id: string; name: string; email: string; state: string }[];
  query: string;
  locale: string;
  now: number;
  /** What the popup did to results opened from here (read, starred, moved away, back on Undo). */
  changes: ResultChanges;
  onOpen(account: string, summary: Summary): void;
}

interface AccountResults {
  id: string;
  name: string;
  state: 'searching' | 'ready' | 'failed';
  messages: Summary[];
  next: string | null;
  error?: string;
  paging?: boolean;
}

/**
 * What the bridge's server-side SEARCH finds (subject, sender, body) in every
 * account's watched folders, newest first, with "Load more" per account.
 */
export function SearchResults({ api, accounts, query, locale, now, changes, onOpen }: Props) {
  const [results, setResults] = useState<AccountResults[]>([]);

  useEffect(() => {
    let live = true;
    const searched = accounts.filter((a) => a.state === 'ok');
    setResults(searched.map((a) => ({ id: a.id, name: a.name || a.email, state: 'searching', messages: [], next: null })));
    const set = (id: string, change: Partial<AccountResults>) =>
      live && setResults((all) => all.map((r) => (r.id === id ? { ...r, ...change } : r)));
    for (const account of searched) {
      api.page(account.id, { q: query, limit: PAGE_SIZE }).then(
        (page) => set(account.id, { state: 'ready', messages: page.messages, next: page.next }),
        (err: unknown) => set(account.id, { state: 'failed', error: errorText(err) }),
      );
    }
    return () => {
      live = false;
    };
  }, [api, query, accounts.map((a) => a.id).join()]);

  async function more(id: string) {
    const current = results.find((r) => r.id === id);
    if (!current?.next) return;
    setResults((all) => all.map((r) => (r.id === id ? { ...r, paging: true } : r)));
    try {
      const page = await api.page(id, { q: query, limit: PAGE_SIZE, before: current.next });
      setResults((all) =>
        all.map((r) => (r.id === id ? { ...r, paging: false, messages: [...r.messages, ...page.messages], next: page.next } : r)),
      );
    } catch (err) {
      setResults((all) => all.map((r) => (r.id === id ? { ...r, paging: false, error: errorText(err) } : r)));
    }
  }

  // The bridge's answer, as the popup's actions since left it.
  const shown = results.map((r) => ({ ...r, messages: resultsNow(changes, r.id, r.messages) }));
  const searching = results.some((r) => r.state === 'searching');
  const found = shown.some((r) => r.messages.length > 0);
  const grouped = results.length > 1;
  return (
    <section class="results" aria-label={t('popup_search_results', query)}>
      <h2 class="results__head">{t('popup_search_results', query)}</h2>
      {searching && !found && (
        <p class="account__empty" role="status">
          {t('popup_searching')}
        </p>
      )}
      {/* A search that reached its budget answers a cursor to older mail, maybe with nothing yet. */}
      {!searching && !found && results.every((r) => r.state !== 'failed' && !r.next) && (
        <p class="account__empty" role="status">
          {t('popup_search_none', query)}
        </p>
      )}
      {shown.map((r) => (
        <div key={r.id} class="account">
          {grouped && r.messages.length > 0 && (
            <header class="account__bar">
              <h3 class="account__name">{r.name}</h3>
            </header>
          )}
          {r.state === 'failed' || r.error ? (
            <p class="notice notice--error" role="alert">
              {t('popup_search_failed', r.name, r.error ?? '')}
            </p>
          ) : null}
          {r.messages.length > 0 && (
            <ul class="rows">
              {r.messages.map((m) => (
                <ResultRow key={m.id} message={m} locale={locale} now={now} onOpen={() => onOpen(r.id, m)} />
              ))}
            </ul>
          )}
          {r.next && (
            <p class="account__more">
              <button type="button" class="button" disabled={r.paging} aria-busy={r.paging} onClick={() => void more(r.id)}>
                {r.paging ? t('popup_loading') : t('popup_load_more')}
              </button>
            </p>
          )}
        </div>
      ))}
    </section>
  );
}

/** A found message: opens on click; its folder and marks as on the list's rows. */
function ResultRow({ message, locale, now, onOpen }: { message: Summary; locale: string; now: number; onOpen(): void }) {
  return (
    <li class={`row${message.seen ? ' row--seen' : ''}`}>
      <RowOpen message={message} locale={locale} now={now} tooltips onOpen={onOpen} />
    </li>
  );
}
