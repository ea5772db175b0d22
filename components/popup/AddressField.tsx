import { useState } from 'preact/hooks';
import type { Address } from '@/bridge/api-types';
import { t } from '@/utils/i18n';
import { acceptSuggestion, formatAddress, suggest } from '@/utils/popup/addresses';

interface Props {
  /** The field's id; also the prefix of its suggestions' ids. */
  id: string;
  label: string;
  value: string;
  /** People to suggest, most relevant first (recent correspondents). */
  people: readonly Address[];
  onChange(value: string): void;
  /** Focus here when shown. */
  autoFocus?: boolean;
}

/**
 * A To/Cc/Bcc field: addresses separated by commas, with suggestions from recent
 * correspondents for the one being typed (a combobox: arrows choose, Enter or Tab
 * takes it, Esc closes the list).
 */
export function AddressField({ id, label, value, people, onChange, autoFocus }: Props) {
  const [active, setActive] = useState(0);
  const [closed, setClosed] = useState(false);
  const options = closed ? [] : suggest(people, value);
  const chosen = options[Math.min(active, options.length - 1)];
  const listId = `${id}-suggestions`;

  function take(person: Address) {
    onChange(acceptSuggestion(value, person));
    setActive(0);
  }

  return (
    <div class="compose__field">
      <label for={id}>{label}</label>
      <div class="suggest">
        <input
          id={id}
          class="field"
          type="text"
          autoComplete="off"
          spellcheck={false}
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={options.length > 0}
          aria-controls={listId}
          aria-activedescendant={chosen ? `${listId}-${options.indexOf(chosen)}` : undefined}
          value={value}
          // eslint-disable-next-line jsx-a11y/no-autofocus -- the first field of a form the user just opened
          autoFocus={autoFocus}
          onInput={(e) => {
            setClosed(false);
            setActive(0);
            onChange(e.currentTarget.value);
          }}
          onBlur={() => setClosed(true)}
          onFocus={() => setClosed(false)}
          onKeyDown={(e) => {
            if (!options.length) return;
            if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
              e.preventDefault();
              const step = e.key === 'ArrowDown' ? 1 : -1;
              setActive((i) => (Math.min(i, options.length - 1) + step + options.length) % options.length);
            } else if ((e.key === 'Enter' || e.key === 'Tab') && chosen) {
              e.preventDefault();
              take(chosen);
            } else if (e.key === 'Escape') {
              e.stopPropagation();
              setClosed(true);
            }
          }}
        />
        {options.length > 0 && (
          <ul id={listId} class="suggest__list" role="listbox" aria-label={t('popup_compose_suggestions')}>
            {options.map((person, i) => (
              <li
                key={person.address}
                id={`${listId}-${i}`}
                role="option"
                aria-selected={person === chosen}
                class={`suggest__option${person === chosen ? ' suggest__option--active' : ''}`}
                // Before the field's blur: the click must land while the list is there.
                onMouseDown={(e) => {
                  e.preventDefault();
                  take(person);
                }}
              >
                {formatAddress(person)}
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
