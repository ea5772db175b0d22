// Builds the Chrome MV3 extension into its own folder (never .output/chrome-mv3, which
// the tests rebuild while browsers have it loaded), plus the empty Preact page the
// popup is compared with, at bench-empty/index.html inside the same extension.
// Runs in a child process:  node --import tsx bench/lib/build-extension.ts OUTBASE
// → OUTBASE/chrome-mv3
import path from 'node:path';
import preact from '@preact/preset-vite';
import { build as viteBuild } from 'vite';
import { build } from 'wxt';

const outBase = process.argv[2];
if (!outBase) throw new Error('usage: build-extension.ts OUTBASE');
await build({ outDir: outBase, browser: 'chrome', mode: 'production' });
await viteBuild({
  configFile: false,
  root: path.resolve('bench/empty-page'),
  base: './',
  logLevel: 'warn',
  plugins: [preact()],
  build: { outDir: path.resolve(outBase, 'chrome-mv3/bench-empty'), emptyOutDir: true, modulePreload: { polyfill: false } },
});
