import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { MailboxInfo } from '@/bridge/api-types';
import { IconButton } from '@/components/common/IconButton';
import type { MailApi } from '@/utils/bridge/api';
import { errorText } from '@/utils/bridge/error-text';
import { t } from '@/utils/i18n';
import './forms.css';

interface Props {
  api: MailApi;
  account: string;
  /** The message's own mailbox: moving there does nothing, so it isn't offered. */
  from: string;
  onPick(path: string): void;
  onClose(): void;
}

type Load = { state: 'loading' } | { state: 'ready'; folders: MailboxInfo[] } | { state: 'failed'; reason: string };

/**
 * "Move to…": the account's folders as the server lists them, narrowed as you
 * type (names starting with the text first); arrows choose, Enter moves, Esc closes.
 */
export function FolderPicker({ api, account, from, onPick, onClose }: Props) {
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    input.current?.focus();
    let stopped = false;
    api.mailboxes(account).then(
      (folders) => !stopped && setLoad({ state: 'ready', folders }),
      (err: unknown) => !stopped && setLoad({ state: 'failed', reason: errorText(err) }),
    );
    return () => {
      stopped = true;
    };
  }, [api, account]);

  const matches = useMemo(() => (load.state === 'ready' ? narrow(load.folders, from, query) : []), [load, from, query]);
  const chosen = matches[Math.min(active, matches.length - 1)];

  function onKeyDown(e: KeyboardEvent) {
    if (e.key === 'Escape') {
      e.stopPropagation();
      onClose();
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const step = e.key === 'ArrowDown' ? 1 : -1;
      setActive((i) => Math.max(0, Math.min(matches.length - 1, Math.min(i, matches.length - 1) + step)));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      if (chosen) onPick(chosen.path);
    }
  }

  return (
    <div class="overlay" onKeyDown={onKeyDown}>
      <div class="dialog picker" role="dialog" aria-modal="true" aria-labelledby="picker-title">
        <header class="dialog__bar">
          <h2 id="picker-title">{t('popup_move_title')}</h2>
          <IconButton icon="close" label={t('popup_close')} onClick={onClose} />
        </header>
        <input
          ref={input}
          class="field picker__filter"
          type="text"
          role="combobox"
          aria-label={t('popup_move_filter')}
          aria-expanded={matches.length > 0}
          aria-controls="picker-folders"
          aria-autocomplete="list"
          aria-activedescendant={chosen ? optionId(chosen.path) : undefined}
          placeholder={t('popup_move_filter')}
          value={query}
          onInput={(e) => {
            setQuery(e.currentTarget.value);
            setActive(0);
          }}
        />
        {load.state === 'loading' && (
          <p class="picker__note" role="status">
            {t('popup_loading')}
          </p>
        )}
        {load.state === 'failed' && (
          <p class="notice notice--error" role="alert">
            {t('popup_move_failed_list', load.reason)}
          </p>
        )}
        {load.state === 'ready' && matches.length === 0 && <p class="picker__note">{t('popup_move_none')}</p>}
        <ul id="picker-folders" class="picker__list" role="listbox" aria-label={t('popup_move_title')}>
          {matches.map((folder) => (
            <li
              key={folder.path}
              id={optionId(folder.path)}
              role="option"
              aria-selected={folder === chosen}
              class={`picker__option${folder === chosen ? ' picker__option--active' : ''}`}
              onClick={() => onPick(folder.path)}
            >
              <span>{folder.name}</span>
              {folder.name !== folder.path && <span class="picker__path">{folder.path}</span>}
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

/** The folders a message can go to that match the typed text, those whose name starts with it first. */
export function narrow(folders: readonly MailboxInfo[], from: string, query: string): MailboxInfo[] {
  const q = query.trim().toLowerCase();
  const candidates = folders.filter((f) => f.path !== from);
  if (!q) return candidates;
  const starts = candidates.filter((f) => f.name.toLowerCase().startsWith(q));
  const contains = candidates.filter((f) => !starts.includes(f) && f.path.toLowerCase().includes(q));
  return [...starts, ...contains];
}

function optionId(path: string): string {
  return `folder-${encodeURIComponent(path).replace(/%/g, '_')}`;
}
