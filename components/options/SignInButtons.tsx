import type { Ref } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { PublicOAuth2 } from '@/bridge/api-types';
import type { BridgeApi, DeviceCode } from '@/utils/bridge/api';
import { errorText } from '@/utils/bridge/error-text';
import { t } from '@/utils/i18n';
import { openSignIn } from '@/utils/options/sign-in';
import { Notice, type NoticeValue } from './Notice';

/** How often the page asks the bridge whether the code was entered (the bridge asks the provider). */
const DEVICE_CHECK_MS = 2_000;

interface Props {
  api: Pick<BridgeApi, 'startSignIn' | 'startDeviceSignIn' | 'deviceSignInStatus'>;
  account: string;
  oauth2: PublicOAuth2;
  signedIn: boolean;
  buttonRef?: Ref<HTMLButtonElement>;
}

/**
 * Signing in with the provider: its page in a new tab, or (Microsoft, or any provider with
 * a device endpoint) a code to type on another device. The bridge gets the tokens; the
 * account's status says when it worked, and while a code is shown the page asks the
 * bridge how it went, so it says so without a reload.
 */
export function SignInButtons({ api, account, oauth2, signedIn, buttonRef }: Props) {
  const [notice, setNotice] = useState<NoticeValue>(null);
  const [device, setDevice] = useState<DeviceCode | null>(null);
  const [signedInNow, setSignedInNow] = useState(false);

  useEffect(() => {
    if (!device) return;
    const expires = Date.now() + device.expiresIn * 1000;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout>;
    const finish = (next: NoticeValue, done = false) => {
      setDevice(null);
      setSignedInNow(done);
      setNotice(next);
    };
    const check = async () => {
      try {
        const status = await api.deviceSignInStatus(account);
        if (stopped) return;
        if (status.state === 'done') return finish({ tone: 'ok', text: t('options_signin_device_done') }, true);
        // Refused or expired at the provider, or the bridge restarted since: a new code is needed.
        if (status.state !== 'pending' || Date.now() > expires) return finish({ tone: 'error', text: t('options_signin_device_failed') });
      } catch {
        // The bridge away for a moment: ask again.
      }
      if (!stopped) timer = setTimeout(() => void check(), DEVICE_CHECK_MS);
    };
    timer = setTimeout(() => void check(), DEVICE_CHECK_MS);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [api, account, device]);

  async function browserSignIn() {
    setNotice({ tone: 'busy', text: t('options_signin_starting') });
    try {
      await openSignIn(api, account);
      setNotice({ tone: 'ok', text: t('options_signin_opened') });
    } catch (error) {
      setNotice({ tone: 'error', text: t('options_signin_failed', errorText(error)) });
    }
  }

  async function deviceSignIn() {
    setNotice({ tone: 'busy', text: t('options_signin_starting') });
    try {
      setDevice(await api.startDeviceSignIn(account));
      setNotice(null);
    } catch (error) {
      setNotice({ tone: 'error', text: t('options_signin_failed', errorText(error)) });
    }
  }

  return (
    <div class="span sign-in" role="group" aria-label={t('options_signin_group')}>
      <p class="help">{signedIn || signedInNow ? t('options_signin_done') : t('options_signin_needed')}</p>
      <div class="actions">
        <button type="button" ref={buttonRef} onClick={() => void browserSignIn()}>
          {signedIn || signedInNow ? t('options_signin_again') : t('options_signin_button')}
        </button>
        {(oauth2.provider === 'microsoft' || oauth2.deviceUrl) && (
          <button type="button" onClick={() => void deviceSignIn()}>
            {t('options_signin_device')}
          </button>
        )}
      </div>
      {device && (
        <p class="device-code">
          {t('options_signin_device_steps')}{' '}
          <a href={device.verificationUriComplete ?? device.verificationUri} target="_blank" rel="noreferrer">
            {device.verificationUri}
          </a>{' '}
          <strong class="mono">{device.userCode}</strong>
        </p>
      )}
      <Notice value={notice} />
    </div>
  );
}
