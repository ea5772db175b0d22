import { uiLocale } from '@/utils/i18n';
import { t } from '@/utils/i18n';
import type { QuietHours } from '@/utils/storage/notify-rules';

interface Props {
  /** Unique per page: ids of the inputs hang off it. */
  id: string;
  /** The checkbox's accessible name ("Quiet hours for all accounts", "Own quiet hours for Work"). */
  label: string;
  value: QuietHours;
  /** Gets the change only: applied to what is stored by then, so quick clicks don't undo each other. */
  onChange(change: Partial<QuietHours>): void;
}

/** Monday first, as calendars in nl/de (and most of the world) start the week. */
const WEEK = [1, 2, 3, 4, 5, 6, 0];

function dayName(day: number, style: 'short' | 'long'): string {
  // 2026-01-04 was a Sunday.
  return new Intl.DateTimeFormat(uiLocale(), { weekday: style, timeZone: 'UTC' }).format(Date.UTC(2026, 0, 4 + day));
}

/** A daily schedule: on/off, from–to, and the days it starts on. */
export function QuietHoursFields({ id, label, value, onChange }: Props) {
  const set = onChange;
  return (
    <div class="quiet">
      <label class="check">
        <input type="checkbox" checked={value.enabled} onChange={(e) => set({ enabled: e.currentTarget.checked })} />
        {label}
      </label>
      {value.enabled && (
        <div class="quiet__schedule">
          <label for={`${id}-from`}>{t('options_quiet_from')}</label>
          <input id={`${id}-from`} type="time" required value={value.from} onChange={(e) => e.currentTarget.value && set({ from: e.currentTarget.value })} />
          <label for={`${id}-to`}>{t('options_quiet_to')}</label>
          <input id={`${id}-to`} type="time" required value={value.to} onChange={(e) => e.currentTarget.value && set({ to: e.currentTarget.value })} />
          <fieldset class="days">
            <legend>{t('options_quiet_days')}</legend>
            {WEEK.map((day) => (
              <label class="day" key={day} title={dayName(day, 'long')}>
                <input
                  type="checkbox"
                  aria-label={dayName(day, 'long')}
                  checked={value.days.includes(day)}
                  onChange={(e) => {
                    const on = e.currentTarget.checked;
                    set({ days: on ? [...new Set([...value.days, day])].sort() : value.days.filter((d) => d !== day) });
                  }}
                />
                <span aria-hidden="true">{dayName(day, 'short')}</span>
              </label>
            ))}
          </fieldset>
        </div>
      )}
    </div>
  );
}
