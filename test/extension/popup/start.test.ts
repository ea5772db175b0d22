// How the popup starts: its first frame from the start snapshot (localStorage, no wait
// for storage.local) when there is one, with storage.local deciding once it answers.
import { cleanup, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { startPopup } from '@/entrypoints/popup/start';
import type { MailApi } from '@/utils/bridge/api';
import { pairing } from '@/utils/storage/pairing';
import { composeDraft, popupCache, popupStartOf, readPopupStartValues, type PopupCache } from '@/utils/storage/popup';
import { keepStartSnapshot, readStartSnapshot, savePopupCache } from '@/utils/popup/start-snapshot';
import { en } from '../support/fake-i18n';
import { PAIRING, startPaired } from '../support/popup';
import { summary } from '../support/summary';

const caches = new Map<string, PopupCache>();
/** The cached list of one message with this subject (the same object each time). */
function cache(subject: string): PopupCache {
  if (!caches.has(subject)) {
    const messages = [summary(subject)];
    caches.set(subject, { bridgeUrl: PAIRING.url, savedAt: 1, accounts: [{ id: 'work', name: 'Work', email: 'me@work.example', state: 'ok', unread: 1, messages }] });
  }
  return caches.get(subject)!;
}

let root: HTMLElement;
let stop: (() => void) | undefined;

beforeEach(async () => {
  await startPaired();
  localStorage.clear();
  root = document.body.appendChild(document.createElement('div'));
});

afterEach(() => {
  stop?.();
  stop = undefined;
  cleanup();
  root.remove();
});

/** Takes the snapshot from what storage holds now, as a popup open earlier would have. */
async function snapshotFromStorage(): Promise<void> {
  stop = keepStartSnapshot(await readPopupStartValues());
}

/** Makes `storage.local.get` wait until the answer is let go. */
function holdStorage(): () => void {
  const get = fakeBrowser.storage.local.get.bind(fakeBrowser.storage.local);
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  vi.spyOn(fakeBrowser.storage.local, 'get').mockImplementation(async (keys) => {
    await released;
    return get(keys);
  });
  return release;
}

describe('the start snapshot', () => {
  it('draws the cached list before storage answers; the bridge is called with the token from storage', async () => {
    await popupCache.setValue(cache('From the snapshot'));
    await snapshotFromStorage();
    stop!();
    const release = holdStorage();
    const tokens: Promise<string>[] = [];
    const createApi = vi.fn((_paired, token?: Promise<string>) => {
      if (token) tokens.push(token);
      return {} as MailApi;
    });

    const started = startPopup(root, createApi);
    expect(root.textContent).toContain('From the snapshot');
    expect(createApi).toHaveBeenCalledWith({ url: PAIRING.url, token: '' }, expect.any(Promise));

    release();
    await started;
    expect(await tokens[0]).toBe(PAIRING.token);
    expect(root.textContent).toContain('From the snapshot');
    expect(createApi).toHaveBeenCalledOnce(); // storage agreed: the popup wasn't started again
  });

  it('never holds the token', async () => {
    await popupCache.setValue(cache('Mail'));
    await snapshotFromStorage();
    expect(readStartSnapshot()).toEqual({ url: PAIRING.url, cache: cache('Mail') });
    for (let i = 0; i < localStorage.length; i++) expect(localStorage.getItem(localStorage.key(i)!)).not.toContain(PAIRING.token);
  });

  it('gives way to storage when it says otherwise: not paired any more', async () => {
    await popupCache.setValue(cache('Old list'));
    await snapshotFromStorage();
    stop!();
    await pairing.setValue(null);

    await startPopup(root);
    await waitFor(() => expect(root.textContent).toContain(en('popup_not_paired_title')));
    expect(root.textContent).not.toContain('Old list');
    expect(readStartSnapshot()).toBeNull();
  });

  it('gives way to storage when a new message was being written, and is dropped until the list is the first screen again', async () => {
    await popupCache.setValue(cache('List'));
    await snapshotFromStorage();
    await composeDraft.setValue({ account: 'work', to: 'a@example.com', cc: '', bcc: '', subject: 'Draft', text: 'Hello', attachments: [], savedAt: 2 });
    await waitFor(() => expect(readStartSnapshot()).toBeNull());

    await composeDraft.setValue(null);
    await waitFor(() => expect(readStartSnapshot()?.cache).toEqual(cache('List')));
  });

  it('follows the cached list as the popup saves it, at once: a popup closed right after may never hear of its write', async () => {
    await popupCache.setValue(cache('First'));
    await snapshotFromStorage();
    const second = { ...cache('Second'), savedAt: 2 };
    const saved = savePopupCache(second);
    expect(readStartSnapshot()?.cache).toEqual(second);
    await saved;
    expect(await popupCache.getValue()).toEqual(second);
    // The news of the older list, late, doesn't take the copy back.
    await fakeBrowser.storage.onChanged.trigger({ popupCache: { newValue: cache('First') } }, 'local');
    expect(readStartSnapshot()?.cache).toEqual(second);
  });

  it('gives way to a list saved after it was taken (by a popup closed before it heard)', async () => {
    await popupCache.setValue(cache('Older'));
    await snapshotFromStorage();
    stop!();
    await popupCache.setValue({ ...cache('Newer'), savedAt: 2 });

    await startPopup(root, () => ({}) as MailApi);
    expect(root.textContent).toContain('Newer');
    expect(root.textContent).not.toContain('Older');
    expect(readStartSnapshot()?.cache.savedAt).toBe(2);
  });

  it('is ignored when it is not one, and none is taken without a cached list', async () => {
    localStorage.setItem('postbode.popupStart', '{not json');
    expect(readStartSnapshot()).toBeNull();
    await snapshotFromStorage();
    expect(readStartSnapshot()).toBeNull();
    expect(popupStartOf({}).pairing).toBeNull();
  });
});
