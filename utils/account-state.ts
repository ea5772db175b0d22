/** Words for the bridge's account states, shown by the badge tooltip and the options page. */
import type { AccountState } from '@/bridge/api-types';
import { t } from './i18n';

/** The localised name of an account state. */
export function stateLabel(state: AccountState): string {
  switch (state) {
    case 'ok':
      return t('common_state_ok');
    case 'connecting':
      return t('common_state_connecting');
    case 'auth-error':
      return t('common_state_auth_error');
    default:
      return t('common_state_error');
  }
}
