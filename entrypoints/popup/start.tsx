import { render } from 'preact';
import type { MailApi } from '@/utils/bridge/api';
import { createLazyBridgeApi, preloadBridgeClient } from '@/utils/bridge/lazy-api';
import type { Pairing } from '@/utils/storage/pairing';
import { popupStartOf, readPopupStartValues, type PopupStart } from '@/utils/storage/popup';
import { keepStartSnapshot, readStartSnapshot, snapshotHolds, startFromSnapshot } from '@/utils/popup/start-snapshot';
import { App } from './App';

/**
 * Draws the popup into `root`. Its first frame is the cached list, from the start
 * snapshot when there is one (synchronous: no wait for `storage.local`), else once
 * storage answers (waiting for it draws the list as the very first frame, where a
 * skeleton first would cost a frame of its own). Storage decides: when it says
 * otherwise than the snapshot (another pairing, a draft to reopen), the popup starts
 * again from what it holds. Resolves once storage has answered. `createApi`: tests pass their own.
 */
export async function startPopup(
  root: HTMLElement,
  createApi: (pairing: Pairing, token?: Promise<string>) => MailApi = createLazyBridgeApi,
): Promise<void> {
  const snapshot = readStartSnapshot();
  const stored = readPopupStartValues();
  if (snapshot) {
    // The token isn't in the snapshot. The bridge is first called after the first frame, by when storage has answered.
    const token = stored.then((values) => popupStartOf(values).pairing?.token ?? Promise.reject(new Error('not paired')));
    token.catch(() => {}); // a popup started again from storage (below) never calls with it
    render(<App start={startFromSnapshot(snapshot)} createApi={(pairing) => createApi(pairing, token)} />, root);
  }
  const values = await stored;
  keepStartSnapshot(values);
  const start = popupStartOf(values);
  if (snapshot && snapshotHolds(snapshot, start)) return;
  if (snapshot) render(null, root);
  show(root, start, createApi);
}

function show(root: HTMLElement, start: PopupStart, createApi: (pairing: Pairing) => MailApi) {
  // Nothing cached to draw: the list is the bridge's answer, and its client is needed at once.
  if (start.pairing && !start.cache?.accounts.length) preloadBridgeClient();
  render(<App start={start} createApi={createApi} />, root);
}
