// Builds the extension for one browser into its own folder (never .output/chrome-mv3,
// which the tests rebuild while browsers have it loaded), plus the empty Preact page
// the popup is compared with, at bench-empty/index.html inside the same extension,
// and the popup bench's recorder (page-recorder.ts) as the first script of both pages.
// Runs in a child process:  node --import tsx bench/lib/build-extension.ts OUTBASE [chrome|firefox]
// → OUTBASE/chrome-mv3 or OUTBASE/firefox-mv3
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import preact from '@preact/preset-vite';
import { build as viteBuild } from 'vite';
import { build } from 'wxt';
import { recorder, RECORDER_FILE, ROWS } from './page-recorder';

const [outBase, browser = 'chrome'] = process.argv.slice(2);
if (!outBase || (browser !== 'chrome' && browser !== 'firefox')) throw new Error('usage: build-extension.ts OUTBASE [chrome|firefox]');
await build({ outDir: outBase, browser, manifestVersion: 3, mode: 'production' });
const dir = path.resolve(outBase, `${browser}-mv3`);
await viteBuild({
  configFile: false,
  root: path.resolve('bench/empty-page'),
  base: './',
  logLevel: 'warn',
  plugins: [preact()],
  build: { outDir: path.join(dir, 'bench-empty'), emptyOutDir: true, modulePreload: { polyfill: false } },
});
// A classic script first in <head> runs before the pages' module scripts. (tsx compiles
// with keepNames: the function's text may call `__name`, a no-op here.)
await writeFile(path.join(dir, RECORDER_FILE), `(() => { const __name = (fn) => fn; (${recorder.toString()})(${ROWS}); })();\n`);
for (const page of ['popup.html', 'bench-empty/index.html']) {
  const file = path.join(dir, page);
  const html = await readFile(file, 'utf8');
  if (!html.includes('<head>')) throw new Error(`${page}: no <head> to put the recorder in`);
  await writeFile(file, html.replace('<head>', `<head><script src="/${RECORDER_FILE}"></script>`));
}
