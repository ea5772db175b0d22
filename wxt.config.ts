import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import { noHtmlSinks } from './scripts/no-html-sinks';
import { CHROME_EXTENSION_KEY, EXTENSION_PAGES_CSP, FIREFOX_EXTENSION_ID } from './shared/extension';

export default defineConfig({
  // The e2e suite builds into its own folder: test/extension/manifest.test.ts
  // rebuilds .output/chrome-mv3 while the browser tests have it loaded.
  outDir: process.env.POSTBODE_OUT_DIR ?? '.output',
  modules: ['@wxt-dev/webextension-polyfill'],
  // `npm run zip`: the Chrome zip, the Firefox zip and, for AMO's reviewers, the
  // sources zip that rebuilds it (README, "Firefox"). Tests, benchmarks, docs and the
  // built bridge don't go in; the bridge's sources do (the extension imports its types).
  zip: { excludeSources: ['test/**', 'bench/**', 'docs/**', 'dist/**', '*.tgz', '*.log'] },
  // no-html-sinks: no library code in a build can set innerHTML (see the file).
  // No modulepreload polyfill: every browser Postbode supports (Chrome, Firefox ≥ 140)
  // has `<link rel="modulepreload">`, and the popup's first frame would load it for nothing.
  vite: () => ({ plugins: [preact(), noHtmlSinks()], build: { modulePreload: { polyfill: false } } }),
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    // The fewest permissions that do the job: the badge needs nothing extra,
    // `alarms` is the backstop that survives the worker being stopped.
    // `nativeMessaging`: the extension pairs itself through the host `postbode setup` registers.
    permissions: ['storage', 'alarms', 'notifications', 'nativeMessaging'],
    // Chrome plays the new-mail sound from an offscreen document: asked for only
    // when the user turns sound on. Firefox plays it from its background page.
    ...(browser !== 'firefox' && { optional_permissions: ['offscreen'] }),
    // Any port on loopback: the bridge's port is configurable.
    host_permissions: ['http://127.0.0.1/*', 'http://localhost/*'],
    content_security_policy: { extension_pages: EXTENSION_PAGES_CSP },
    action: {
      default_title: '__MSG_extName__',
      // Firefox puts a new add-on's button in its Extensions menu, where the badge is
      // never seen; on the toolbar it shows the count, as in Chrome.
      ...(browser === 'firefox' && { default_area: 'navbar' }),
    },
    // A fixed id on every machine, so the native host's manifest can name it.
    ...(browser !== 'firefox' && { key: CHROME_EXTENSION_KEY }),
    // Firefox MV3 needs a fixed id (storage and alarms are keyed by it);
    // Chrome would only warn about the unknown key, so it gets none.
    ...(browser === 'firefox' && {
      browser_specific_settings: {
        gecko: {
          id: FIREFOX_EXTENSION_ID,
          // 140: the first Firefox that knows `data_collection_permissions`.
          strict_min_version: '140.0',
          // Newer than WXT 0.21's manifest types; AMO requires it for new add-ons.
          data_collection_permissions: { required: ['none'] },
        },
        // Firefox for Android learnt `data_collection_permissions` in 142.
        gecko_android: { strict_min_version: '142.0' },
      },
    }),
  }),
});
