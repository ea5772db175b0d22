// The popup's storage read starts in public/popup-start.js, before the modules load;
// readPopupStart takes that read and must find in it what it would read itself.
import { readFile } from 'node:fs/promises';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { pairing } from '@/utils/storage/pairing';
import { POPUP_START_KEYS, popupCache, readPopupStart } from '@/utils/storage/popup';

const SCRIPT = 'public/popup-start.js';
const scope = globalThis as { postbodePopupStart?: Promise<Record<string, unknown>> };

/** Runs the script as the page would (a classic script: `browser` is the fake one here); answers the keys it asked for. */
async function runStartScript(): Promise<string[]> {
  const get = vi.spyOn(fakeBrowser.storage.local, 'get');
  new Function(await readFile(SCRIPT, 'utf8'))();
  expect(get).toHaveBeenCalledTimes(1);
  const keys = get.mock.calls[0]![0] as string[];
  get.mockRestore();
  return keys;
}

beforeEach(() => {
  fakeBrowser.reset();
  delete scope.postbodePopupStart;
});

describe('the early storage read', () => {
  it('asks for the keys readPopupStart reads', async () => {
    expect((await runStartScript()).sort()).toEqual([...POPUP_START_KEYS].sort());
  });

  it('is what readPopupStart answers from, once; without it, it reads storage itself', async () => {
    const paired = { url: 'http://127.0.0.1:7143', token: 't'.repeat(32) };
    await pairing.setValue(paired);
    await popupCache.setValue({ bridgeUrl: paired.url, savedAt: 1, accounts: [] });
    await runStartScript();
    expect(scope.postbodePopupStart).toBeInstanceOf(Promise);
    const early = await readPopupStart();
    expect(early).toEqual({ pairing: paired, cache: { bridgeUrl: paired.url, savedAt: 1, accounts: [] }, resume: null });
    expect(scope.postbodePopupStart).toBeUndefined();
    expect(await readPopupStart()).toEqual(early);
  });
});
