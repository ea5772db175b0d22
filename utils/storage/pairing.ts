/**
 * Where the bridge listens and the token that proves we may talk to it: read by
 * every part of the extension, written by the options page.
 *
 * In `storage.local`, not `sync`: the token is a secret for this machine's
 * bridge, and the bridge itself is per machine.
 */
import { storage } from '#imports';

export interface Pairing {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:7143`. */
  url: string;
  token: string;
  /**
   * `native` when the native host on this machine answered it: the extension may
   * ask the host again when that bridge goes away. A pairing typed by hand (a
   * bridge elsewhere) is never replaced by the local one.
   */
  source?: 'native' | 'manual';
}

export const DEFAULT_BRIDGE_URL = 'http://127.0.0.1:7143';

/** `null` until the native host answers or the user saves a URL and token in the options page. */
export const pairing = storage.defineItem<Pairing | null>('local:pairing', {
  fallback: null,
});

/** How the last request to the native host went, for the throttle and the options page. */
export interface NativeAttempt {
  at: number;
  ok: boolean;
  /** Why it failed, in the browser's or the host's words (shown as a detail, not as the message). */
  detail?: string;
}

export const nativeAttempt = storage.defineItem<NativeAttempt | null>('local:nativeAttempt', {
  fallback: null,
});
