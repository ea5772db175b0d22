import type { Ref } from 'preact';
import { useState } from 'preact/hooks';
import type { PublicOAuth2 } from '@/bridge/api-types';
import type { BridgeApi, DeviceCode } from '@/utils/bridge/api';
import { errorText } from '@/utils/bridge/error-text';
import { t } from '@/utils/i18n';
import { openSignIn } from '@/utils/options/sign-in';
import { Notice, type NoticeValue } from './Notice';

interface Props {
  api: Pick<BridgeApi, 'startSignIn' | 'startDeviceSignIn'>;
  account: string;
  oauth2: PublicOAuth2;
  signedIn: boolean;
  buttonRef?: Ref<HTMLButtonElement>;
}

/**
 * Signing in with the provider: its page in a new tab, or (Microsoft, or any provider with
 * a device endpoint) a code to type on another device. The bridge gets the tokens; the
 * account's status says when it worked.
 */
export function SignInButtons({ api, account, oauth2, signedIn, buttonRef }: Props) {
  const [notice, setNotice] = useState<NoticeValue>(null);
  const [device, setDevice] = useState<DeviceCode | null>(null);

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
      <p class="help">{signedIn ? t('options_signin_done') : t('options_signin_needed')}</p>
      <div class="actions">
        <button type="button" ref={buttonRef} onClick={() => void browserSignIn()}>
          {signedIn ? t('options_signin_again') : t('options_signin_button')}
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
