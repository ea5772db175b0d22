import { IconButton } from '@/components/common/IconButton';
import { t } from '@/utils/i18n';
import { MuteMenu } from './MuteMenu';

interface Props {
  total: number | null;
  refreshing: boolean;
  onRefresh(): void;
  onHelp(): void;
  onSettings(): void;
  /** Writes a new message; left out while that can't be done. */
  onCompose?: (() => void) | undefined;
}

/** The top bar: name and total, refresh, mute, keys and settings. */
export function PopupHeader({ total, refreshing, onRefresh, onHelp, onSettings, onCompose }: Props) {
  return (
    <header class="top">
      <h1 class="top__title">
        {t('popup_title')}
        {total !== null && total > 0 && (
          <span class="count" aria-label={t('popup_unread_count', String(total))}>
            {total}
          </span>
        )}
      </h1>
      <span class="top__tools">
        {onCompose && <IconButton icon="compose" label={t('popup_compose')} onClick={onCompose} />}
        <IconButton
          icon="refresh"
          label={t('popup_refresh')}
          class={refreshing ? 'spinning' : ''}
          aria-busy={refreshing}
          onClick={onRefresh}
        />
        <MuteMenu />
        <IconButton icon="help" label={t('popup_keys_title')} onClick={onHelp} />
        <IconButton icon="settings" label={t('popup_settings')} onClick={onSettings} />
      </span>
    </header>
  );
}
