import { t } from '@/utils/i18n';

/** Grey rows while the first list is on its way (only when nothing is cached). */
export function ListSkeleton() {
  return (
    <div class="skeleton" aria-busy="true" role="status">
      <span class="sr-only">{t('popup_loading')}</span>
      {[0, 1, 2, 3, 4].map((i) => (
        <div class="skeleton__row" key={i} aria-hidden="true">
          <span class="skeleton__line skeleton__line--short" />
          <span class="skeleton__line" />
          <span class="skeleton__line skeleton__line--faint" />
        </div>
      ))}
    </div>
  );
}
