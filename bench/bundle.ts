// 7. Bundle sizes (gzip -9) of what each extension page loads: the scripts and
// stylesheets its HTML references (entry chunk + preloaded shared chunks), and the
// background worker. Built into .output/bench, never over the tests' .output/chrome-mv3.
// Sizes are deterministic for a given tree, so each is one sample.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BenchModule } from './lib/context';
import { figure, type Figure } from './lib/report';
import { RECORDER_FILE } from './lib/page-recorder';

interface Asset {
  file: string;
  raw: number;
  gzip: number;
}

async function asset(root: string, file: string): Promise<Asset> {
  const bytes = await readFile(path.join(root, file));
  return { file, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
}

/** The JS and CSS an HTML page of the extension loads, resolved against the extension root. */
async function pageAssets(root: string, html: string): Promise<{ js: Asset[]; css: Asset[] }> {
  const text = await readFile(path.join(root, html), 'utf8');
  const dir = path.posix.dirname(html);
  const resolve = (ref: string) => (ref.startsWith('/') ? ref.slice(1) : path.posix.normalize(path.posix.join(dir, ref)));
  const js = [...text.matchAll(/<script[^>]*\bsrc="([^"]+)"/g), ...text.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)]
    .map((m) => resolve(m[1]!))
    .filter((file) => file !== RECORDER_FILE); // the popup bench's own recorder, not the product's
  const css = [...text.matchAll(/<link[^>]*rel="stylesheet"[^>]*href="([^"]+)"/g)].map((m) => resolve(m[1]!));
  return { js: await Promise.all([...new Set(js)].map((f) => asset(root, f))), css: await Promise.all([...new Set(css)].map((f) => asset(root, f))) };
}

const KB = (bytes: number) => bytes / 1024;
const sum = (assets: Asset[], key: 'raw' | 'gzip') => assets.reduce((n, a) => n + a[key], 0);

export const bundle: BenchModule = {
  name: 'bundle',
  title: 'Bundle sizes (gzip)',
  async run(ctx) {
    const root = await ctx.extensionDir();
    const popup = await pageAssets(root, 'popup.html');
    const options = await pageAssets(root, 'options.html');
    const empty = await pageAssets(root, 'bench-empty/index.html');
    const background = await asset(root, 'background.js');
    const emptyJs = [KB(sum(empty.js, 'gzip'))];
    const figures: Figure[] = [
      figure('bundle.popup.js', `Popup JS (${popup.js.map((a) => path.basename(a.file)).join(' + ')})`, 'KB', [KB(sum(popup.js, 'gzip'))], {
        digits: 1,
        baseline: { label: 'empty Preact page JS', samples: emptyJs },
        target: (stat) => ({ text: '≤ 25 KB gzip (issue 17)', met: stat.median <= 25 }),
        note: `${KB(sum(popup.js, 'raw')).toFixed(1)} KB raw`,
      }),
      figure('bundle.popup.css', 'Popup CSS', 'KB', [KB(sum(popup.css, 'gzip'))], { digits: 1, note: `${KB(sum(popup.css, 'raw')).toFixed(1)} KB raw` }),
      figure('bundle.options.js', `Options JS (${options.js.map((a) => path.basename(a.file)).join(' + ')})`, 'KB', [KB(sum(options.js, 'gzip'))], {
        digits: 1,
        baseline: { label: 'empty Preact page JS', samples: emptyJs },
        note: `${KB(sum(options.js, 'raw')).toFixed(1)} KB raw`,
      }),
      figure('bundle.options.css', 'Options CSS', 'KB', [KB(sum(options.css, 'gzip'))], { digits: 1 }),
      figure('bundle.background.js', 'Background worker JS', 'KB', [KB(background.gzip)], { digits: 1, note: `${KB(background.raw).toFixed(1)} KB raw` }),
      figure('bundle.empty.js', 'Empty Preact page JS (baseline)', 'KB', emptyJs, { digits: 1 }),
    ];
    return {
      figures,
      notes: [
        'gzip level 9 of each file, summed over what the page\'s HTML loads (entry script plus its `modulepreload` chunks; a chunk shared by popup and options counts for both). One sample each: a build is deterministic.',
        'Extension pages load from disk, not the network: size matters for parse/compile time (see the popup figures), not for transfer.',
      ],
      extra: { popup, options, background, empty },
    };
  },
};
