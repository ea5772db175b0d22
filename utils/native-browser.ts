/**
 * The browser's own extension API (Firefox's `browser`, Chrome's `chrome`), typed as
 * `wxt/browser` is, for code on the popup's first frame: `wxt/browser` is
 * webextension-polyfill here (3 KB gzip to load and run before the list shows), and
 * what the first frame calls (`i18n`, and on a click `runtime`/`tabs`) is the same,
 * promise-based API in both browsers under MV3. The same choice @wxt-dev/storage makes.
 */
import type { browser as PolyfilledBrowser } from 'wxt/browser';

const scope = globalThis as { browser?: { runtime?: { id?: string } }; chrome?: unknown };

export const nativeBrowser = (scope.browser?.runtime?.id ? scope.browser : scope.chrome) as typeof PolyfilledBrowser;
