import { IconButton } from '@/components/common/IconButton';
import { t } from '@/utils/i18n';

/** A failed action, said plainly; stays until dismissed or replaced. */
export function ErrorBar({ text, onDismiss }: { text: string; onDismiss(): void }) {
  return (
    <div class="toast toast--error" role="alert">
      <span>{text}</span>
      <IconButton icon="close" label={t('popup_dismiss')} onClick={onDismiss} />
    </div>
  );
}
