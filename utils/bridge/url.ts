/**
 * The bridge URL check, apart from the typed client (`client.ts`) so that code which
 * only checks a URL (the popup's first frame, see `lazy-api.ts`) doesn't load Hono's client.
 */
import { BridgeError } from './errors';

/**
 * `http://127.0.0.1:7143/` → `http://127.0.0.1:7143`. Throws for anything that
 * isn't an http(s) URL on a loopback host: the extension only has host access
 * to loopback, and the token must never be sent anywhere else.
 */
export function normalizeBridgeUrl(input: string): string {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw new BridgeError('bad_url', `Not a URL: ${input}`, 0);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new BridgeError('bad_url', `Expected an http:// URL, got ${url.protocol}`, 0);
  }
  // Exactly the hosts in the manifest's host_permissions and CSP.
  if (!['127.0.0.1', 'localhost'].includes(url.hostname)) {
    throw new BridgeError('bad_url', `Expected a loopback host (127.0.0.1 or localhost), got ${url.hostname}`, 0);
  }
  return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
}
