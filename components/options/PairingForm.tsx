import { useState } from 'preact/hooks';
import { t } from '@/utils/i18n';
import { parsePairing, testPairing } from '@/utils/options/pairing';
import { DEFAULT_BRIDGE_URL, pairing, type Pairing } from '@/utils/storage/pairing';
import { Notice, type NoticeValue } from './Notice';
import { SelfPairing } from './SelfPairing';

/** Bridge URL and token, with "Save" and "Test connection". */
export function PairingForm({ saved }: { saved: Pairing | null }) {
  const [url, setUrl] = useState(saved?.url ?? DEFAULT_BRIDGE_URL);
  const [token, setToken] = useState(saved?.token ?? '');
  const [showToken, setShowToken] = useState(false);
  const [notice, setNotice] = useState<NoticeValue>(null);

  function read(): Pairing | null {
    const parsed = parsePairing(url, token);
    if ('pairing' in parsed) return parsed.pairing;
    setNotice({ tone: 'error', text: parsed.problem === 'url' ? t('options_invalid_url') : t('options_token_required') });
    return null;
  }

  async function save(event: Event) {
    event.preventDefault();
    const next = read();
    if (!next) return;
    setUrl(next.url);
    await pairing.setValue({ ...next, source: 'manual' });
    setNotice({ tone: 'ok', text: t('options_saved') });
  }

  async function test() {
    const candidate = read();
    if (!candidate) return;
    setNotice({ tone: 'busy', text: t('options_testing') });
    const result = await testPairing(candidate);
    if (result.ok) return setNotice({ tone: 'ok', text: t('options_test_ok', result.accounts) });
    const text =
      result.reason === 'unreachable'
        ? t('options_test_unreachable', candidate.url)
        : result.reason === 'unauthorized'
          ? t('options_test_unauthorized')
          : t('options_test_failed', result.detail);
    setNotice({ tone: 'error', text });
  }

  return (
    <section aria-labelledby="pairing-heading">
      <h2 id="pairing-heading">{t('options_pairing_heading')}</h2>
      <p class="help">{t('options_pairing_help')}</p>
      <SelfPairing saved={saved} />
      <details class="manual" open={saved?.source === 'manual' || (!!saved && !saved.source)}>
        <summary>{t('options_manual_pairing')}</summary>
      <form class="grid" onSubmit={save}>
        <label for="bridge-url">{t('options_bridge_url_label')}</label>
        <input
          id="bridge-url"
          type="url"
          inputMode="url"
          value={url}
          onInput={(e) => setUrl(e.currentTarget.value)}
          spellcheck={false}
          autoComplete="off"
        />
        <label for="bridge-token">{t('options_token_label')}</label>
        {/* Hidden like a password (it opens the user's mail to anyone who reads it), with "Show" to check a paste by eye. */}
        <div class="with-button">
          <input
            id="bridge-token"
            type={showToken ? 'text' : 'password'}
            class="mono"
            value={token}
            onInput={(e) => setToken(e.currentTarget.value)}
            spellcheck={false}
            autoComplete="off"
          />
          <button
            type="button"
            aria-pressed={showToken}
            aria-controls="bridge-token"
            aria-label={t('options_token_show_label')}
            onClick={() => setShowToken(!showToken)}
          >
            {t('options_token_show')}
          </button>
        </div>
        <div class="actions">
          <button type="submit">{t('options_save')}</button>
          <button type="button" onClick={test}>
            {t('options_test')}
          </button>
        </div>
      </form>
      <Notice value={notice} />
      </details>
    </section>
  );
}
