/**
 * The popup's "mute", in a module of its own: the popup header shows it on its first
 * frame, and the rest of `notify-rules.ts` (re-exported from there) isn't needed then.
 */
import { storage } from '#imports';

/** Until when (ms since epoch) the popup's "mute" holds notifications back; 0 = not muted. */
export const mutedUntil = storage.defineItem<number>('local:mutedUntil', { fallback: 0 });
