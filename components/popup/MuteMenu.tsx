import { useRef, useState } from 'preact/hooks';
import { Icon } from '@/components/common/Icon';
import { t, uiLocale } from '@/utils/i18n';
import { mutedUntil } from '@/utils/storage/muted';
import { useStorageItem } from '@/utils/storage/use-storage-item';

const HOUR = 3_600_000;

/**
 * "Mute for 1 hour / until tomorrow" in the header: a disclosure (a button and
 * the choices under it), reached with Tab, closed with Escape. The badge keeps
 * counting while muted; only notifications and sound wait.
 */
export function MuteMenu({ now = Date.now }: { now?: () => number }) {
  const until = useStorageItem(mutedUntil) ?? 0;
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const muted = until > now();
  // The formatter only when muted: building one (and asking the UI language) costs the
  // popup's first frame a few ms on a busy machine (a CPU profile of warm opens).
  const label = muted
    ? t('popup_muted_until', new Intl.DateTimeFormat(uiLocale(), { weekday: 'short', hour: 'numeric', minute: '2-digit' }).format(until))
    : t('popup_mute');

  async function choose(value: number) {
    await mutedUntil.setValue(value);
    setOpen(false);
    button.current?.focus();
  }

  // The time-zone arithmetic loads when asked for: the popup's first frame doesn't need it.
  async function muteUntilTomorrow() {
    const { localTimeZone, tomorrowAt } = await import('@/utils/zoned-time');
    await choose(tomorrowAt(now(), localTimeZone()));
  }

  return (
    <span
      class="mute"
      onKeyDown={(e) => {
        if (e.key !== 'Escape' || !open) return;
        // Ours, not the popup's "back".
        e.stopPropagation();
        setOpen(false);
        button.current?.focus();
      }}
    >
      {/* An IconButton, but with a ref: focus comes back here after a choice. */}
      <button
        ref={button}
        type="button"
        class={`icon-button ${muted ? 'is-muted' : ''}`}
        aria-label={label}
        title={label}
        aria-expanded={open}
        aria-controls="mute-choices"
        onClick={() => setOpen(!open)}
      >
        <Icon name={muted ? 'bellOff' : 'bell'} />
      </button>
      {open && (
        <div id="mute-choices" class="mute__choices" role="group" aria-label={t('popup_mute')}>
          {muted && (
            <button type="button" class="link-button" onClick={() => void choose(0)}>
              {t('popup_unmute')}
            </button>
          )}
          <button type="button" class="link-button" onClick={() => void choose(now() + HOUR)}>
            {t('popup_mute_hour')}
          </button>
          <button type="button" class="link-button" onClick={() => void muteUntilTomorrow()}>
            {t('popup_mute_tomorrow')}
          </button>
        </div>
      )}
    </span>
  );
}
