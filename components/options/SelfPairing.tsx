import { useState } from 'preact/hooks';
import { pairThroughHost } from '@/utils/bridge/native-pairing';
import { t } from '@/utils/i18n';
import { nativeAttempt, type Pairing } from '@/utils/storage/pairing';
import { useStorageItem } from '@/utils/storage/use-storage-item';
import { Notice, type NoticeValue } from './Notice';

/** The command that registers the native host (and autostart) on this computer. */
export const SETUP_COMMAND = 'postbode setup';

/**
 * How the extension found its bridge: by itself, or the one step that is missing
 * when it could not, in words for someone who never opened a terminal for mail.
 */
export function SelfPairing({ saved }: { saved: Pairing | null }) {
  const attempt = useStorageItem(nativeAttempt);
  const [notice, setNotice] = useState<NoticeValue>(null);

  async function retry() {
    setNotice({ tone: 'busy', text: t('options_self_pair_trying') });
    const paired = await pairThroughHost('user');
    setNotice(paired ? { tone: 'ok', text: t('options_self_pair_done') } : null);
  }

  if (saved?.source === 'native') {
    return <p class="notice ok">{t('options_self_paired', saved.url)}</p>;
  }
  if (saved) return null;
  return (
    <div class="setup" role="region" aria-labelledby="setup-heading">
      <h3 id="setup-heading">{t('options_setup_heading')}</h3>
      <p>{t('options_setup_body')}</p>
      <p>{t('options_setup_run')}</p>
      <pre class="command">
        <code>{SETUP_COMMAND}</code>
      </pre>
      <p class="help">{t('options_setup_checkout')}</p>
      {attempt && !attempt.ok && attempt.detail && <p class="help">{t('options_setup_detail', attempt.detail)}</p>}
      <div class="actions">
        <button type="button" onClick={() => void retry()}>
          {t('options_self_pair_retry')}
        </button>
      </div>
      <Notice value={notice} />
    </div>
  );
}
