/**
 * A synchronous copy of what the popup's usual first screen (the cached list) needs,
 * in the popup's `localStorage`, so that screen is drawn without waiting for
 * `storage.local`: its read costs 5–13 ms of a warm open in Firefox and 3–6 ms in
 * Chromium (bench/FINDINGS.md). `storage.local` stays the truth: the popup reads it
 * too and starts again from it when it says otherwise (`entrypoints/popup/start.tsx`).
 *
 * It holds the cached list and the bridge URL it came from, never the token (that
 * comes from `storage.local`), and is only kept while the popup would open on the list:
 * with a reply or a new message being written, there is no copy (drafts can be large,
 * and the popup opens on them instead).
 */
import { nativeBrowser as browser } from '@/utils/native-browser';
import { POPUP_START_KEYS, popupCache, popupStartOf, type PopupCache, type PopupStart } from '@/utils/storage/popup';

const KEY = 'postbode.popupStart';

export interface StartSnapshot {
  /** The pairing's bridge URL when it was taken; the cached list came from there too. */
  url: string;
  cache: PopupCache;
}

/** The copy, if there is one and it looks like one (it is ours, but may be from an older version). */
export function readStartSnapshot(): StartSnapshot | null {
  try {
    const found = JSON.parse(localStorage.getItem(KEY) ?? 'null') as Partial<StartSnapshot> | null;
    if (typeof found?.url !== 'string' || !Array.isArray(found.cache?.accounts) || !found.cache.accounts.length || found.cache.bridgeUrl !== found.url) return null;
    return found as StartSnapshot;
  } catch {
    return null;
  }
}

/** The start the copy stands for: the list, paired with its bridge (the token follows from storage). */
export function startFromSnapshot(snapshot: StartSnapshot): PopupStart {
  return { pairing: { url: snapshot.url, token: '' }, cache: snapshot.cache, resume: null };
}

/** Whether `stored` opens on what the copy drew: the same bridge, on the same cached list. */
export function snapshotHolds(snapshot: StartSnapshot, stored: PopupStart): boolean {
  return (
    stored.pairing?.url === snapshot.url &&
    !stored.resume &&
    !stored.composing &&
    stored.cache?.bridgeUrl === snapshot.url &&
    stored.cache.savedAt === snapshot.cache.savedAt
  );
}

/** Takes the copy from what storage holds now, or drops it when the popup wouldn't open on the list. */
export function saveStartSnapshot(stored: PopupStart): void {
  try {
    const { pairing, cache } = stored;
    if (pairing && cache?.accounts.length && cache.bridgeUrl === pairing.url && !stored.resume && !stored.composing) {
      localStorage.setItem(KEY, JSON.stringify({ url: pairing.url, cache } satisfies StartSnapshot));
    } else {
      localStorage.removeItem(KEY);
    }
  } catch {
    // Storage full or refused: the popup waits for storage.local, as without a copy.
  }
}

/** What this page knows storage holds, while it keeps the copy ({@link keepStartSnapshot}). */
let kept: Record<string, unknown> | null = null;

const CACHE_KEY = popupCache.key.slice('local:'.length);
const savedAt = (cache: unknown) => (cache as PopupCache | null | undefined)?.savedAt ?? 0;

/**
 * Keeps the copy in step with `storage.local` for as long as this page is open:
 * `stored` is what it read, changes are applied as they come. A change made while no
 * popup is open isn't seen; the next popup notices (`snapshotHolds`) and takes the
 * copy again from what it reads.
 */
export function keepStartSnapshot(stored: Record<string, unknown>): () => void {
  const values = { ...stored };
  kept = values;
  saveStartSnapshot(popupStartOf(values));
  const onChanged = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    if (area !== 'local' || !POPUP_START_KEYS.some((key) => key in changes)) return;
    for (const key of POPUP_START_KEYS) {
      // The news of a list saved before the one this page saved last (savePopupCache) is late, not new.
      if (key in changes && !(key === CACHE_KEY && savedAt(changes[key]!.newValue) < savedAt(values[key]))) values[key] = changes[key]!.newValue;
    }
    saveStartSnapshot(popupStartOf(values));
  };
  browser.storage.onChanged.addListener(onChanged);
  return () => {
    browser.storage.onChanged.removeListener(onChanged);
    if (kept === values) kept = null;
  };
}

/**
 * Saves the list the popup shows for its next opening, and the copy with it at once: a
 * popup closed right after saving may never hear of its own write.
 */
export async function savePopupCache(cache: PopupCache): Promise<void> {
  if (kept) {
    kept[CACHE_KEY] = cache;
    saveStartSnapshot(popupStartOf(kept));
  }
  await popupCache.setValue(cache);
}
