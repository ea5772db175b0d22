import { t } from '@/utils/i18n';
import { StatePanel } from './StatePanel';

interface Props {
  url?: string;
  detail?: string;
  /** A cached list is still shown below: a banner, not the whole popup. */
  compact: boolean;
  onRetry(): void;
}

/** The bridge doesn't answer: say how to start it. */
export function BridgeDown({ url, detail, compact, onRetry }: Props) {
  const how = (
    <p class="state__body">
      {t('popup_unreachable_start')} <code>npm start</code> {t('popup_unreachable_or')} <code>npm run bridge</code>
    </p>
  );
  if (compact) {
    return (
      <div class="notice notice--warn" role="alert">
        <div>
          <strong>{t('popup_unreachable_title')}</strong> {t('popup_unreachable_cached')}
          {how}
        </div>
        <button type="button" class="button" onClick={onRetry}>
          {t('popup_retry')}
        </button>
      </div>
    );
  }
  return (
    <StatePanel icon="plug" title={t('popup_unreachable_title')} tone="problem">
      <p class="state__body">{t('popup_unreachable_body', url ?? '')}</p>
      {how}
      {detail && <p class="state__detail">{detail}</p>}
      <button type="button" class="button button--primary" onClick={onRetry}>
        {t('popup_retry')}
      </button>
    </StatePanel>
  );
}
