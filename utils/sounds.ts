/**
 * The bundled new-mail sounds (`public/sounds/`, made by `scripts/make-sounds.ts`)
 * and the message the background sends Chrome's offscreen document to play one.
 */
import { browser } from 'wxt/browser';
import type { SoundName } from '@/utils/storage/notify-rules';

/** What the background asks the offscreen document (`entrypoints/offscreen/`) to play. */
export interface PlaySound {
  type: 'postbode-play-sound';
  url: string;
  volume: number;
}

export function soundUrl(name: SoundName): string {
  return browser.runtime.getURL(`/sounds/${name}.wav`);
}

/** Plays a sound where there is a DOM (a page, Firefox's background page). */
export async function playHere(url: string, volume: number): Promise<void> {
  const audio = new Audio(url);
  audio.volume = Math.min(1, Math.max(0, volume));
  await audio.play();
}
