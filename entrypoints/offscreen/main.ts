// Chrome's offscreen document: the one place a Chrome MV3 extension can play
// audio from the background. It only plays what the worker asks for.
import { browser } from 'wxt/browser';
import { playHere, type PlaySound } from '@/utils/sounds';

browser.runtime.onMessage.addListener((message: unknown) => {
  const m = message as Partial<PlaySound> | null;
  if (m?.type !== 'postbode-play-sound' || typeof m.url !== 'string') return undefined;
  return playHere(m.url, Number(m.volume) || 0).then(() => true);
});
