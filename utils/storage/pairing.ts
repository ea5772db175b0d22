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
}

export const DEFAULT_BRIDGE_URL = 'http://127.0.0.1:7143';

/** `null` until the user saves a URL and token in the options page. */
export const pairing = storage.defineItem<Pairing | null>('local:pairing', {
  fallback: null,
});
