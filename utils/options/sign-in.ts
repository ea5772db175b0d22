/**
 * Starting an OAuth sign-in from the options page (or "Fix sign-in"): the bridge
 * makes the provider's URL (PKCE, state), the extension opens it in a tab, and the
 * provider sends the browser back to the bridge, which saves the refresh token and
 * reconnects: the status push turns the account `ok`.
 */
import { browser } from 'wxt/browser';
import type { BridgeApi } from '@/utils/bridge/api';

export async function openSignIn(api: Pick<BridgeApi, 'startSignIn'>, account: string): Promise<void> {
  const url = await api.startSignIn(account);
  await browser.tabs.create({ url });
}
