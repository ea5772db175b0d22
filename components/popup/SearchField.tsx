import type { RefObject } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { Icon } from '@/components/common/Icon';
import { IconButton } from '@/components/common/IconButton';
import { t } from '@/utils/i18n';

interface Props {
  /** The search the results show, '' for none. */
  query: string;
  onSearch(query: string): void;
  /** `/` focuses the field through this. */
  inputRef: RefObject<HTMLInputElement>;
}

/** Typing waits this long before searching: the bridge searches on the server. */
const SETTLE_MS = 400;

/** The search field over the list: Enter (or a pause in typing) searches, Esc clears. */
export function SearchField({ query, onSearch, inputRef }: Props) {
  // Only this field changes the query; it starts from it again when it comes back (after a message).
  const [text, setText] = useState(query);
  const timer = useRef<ReturnType<typeof setTimeout>>();
  useEffect(() => () => clearTimeout(timer.current), []);

  function settle(value: string) {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => onSearch(value.trim()), SETTLE_MS);
  }

  function clear() {
    clearTimeout(timer.current);
    setText('');
    onSearch('');
  }

  return (
    <form
      class="search"
      role="search"
      onSubmit={(e) => {
        e.preventDefault();
        clearTimeout(timer.current);
        // The field itself: a key pressed right before Enter may not be in `text` yet.
        onSearch((inputRef.current?.value ?? text).trim());
      }}
    >
      <Icon name="search" size={16} />
      <input
        ref={inputRef}
        class="search__input"
        type="search"
        aria-label={t('popup_search_label')}
        placeholder={t('popup_search_placeholder')}
        value={text}
        onInput={(e) => {
          setText(e.currentTarget.value);
          settle(e.currentTarget.value);
        }}
        onKeyDown={(e) => {
          if (e.key !== 'Escape') return;
          // Ours, not the popup's "back".
          e.stopPropagation();
          e.preventDefault();
          clear();
          e.currentTarget.blur();
        }}
      />
      {text && <IconButton icon="close" label={t('popup_search_clear')} onClick={clear} />}
    </form>
  );
}
