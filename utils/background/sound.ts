/**
 * The new-mail sound. A Chrome service worker has no DOM and can't play audio:
 * it opens an offscreen document (`entrypoints/offscreen/`) and asks it to play.
 * Firefox's background is an event page with a DOM: `new Audio()` right there.
 * `offscreen` is an optional permission, asked for by the options page when
 * the user turns sound on; without it Chrome stays silent rather than failing.
 */
import { browser, type Browser } from 'wxt/browser';
import type { SoundName } from '@/utils/storage/notify-rules';
import { playHere, soundUrl, type PlaySound } from '@/utils/sounds';

export const OFFSCREEN_PATH = '/offscreen.html';

/** Plays `name` once at `volume` (0–1). Never throws: a sound is not worth a failed notification. */
export async function playSound(name: SoundName, volume: number): Promise<void> {
  const url = soundUrl(name);
  try {
    if (typeof Audio === 'function' && typeof document !== 'undefined') {
      await playHere(url, volume);
      return;
    }
    const offscreen = (browser as unknown as { offscreen?: typeof Browser.offscreen }).offscreen;
    if (!offscreen) return; // the user never granted `offscreen`
    await openOffscreen(offscreen);
    const message: PlaySound = { type: 'postbode-play-sound', url, volume };
    await browser.runtime.sendMessage(message);
  } catch (error) {
    console.warn({ msg: 'sound failed', err: String(error) });
  }
}

async function openOffscreen(offscreen: typeof Browser.offscreen): Promise<void> {
  // One document per extension: creating a second one throws.
  if (await offscreen.hasDocument?.()) return;
  try {
    await offscreen.createDocument({
      url: OFFSCREEN_PATH,
      reasons: ['AUDIO_PLAYBACK' as Browser.offscreen.Reason],
      justification: 'Plays the new-mail sound the user turned on.',
    });
  } catch (error) {
    // Two batches racing: the other one created it.
    if (!String(error).includes('Only a single offscreen')) throw error;
  }
}
