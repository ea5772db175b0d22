// Renders icon.svg to the PNG sizes the manifests and notifications use
// (public/icon/{16,32,48,96,128}.png) with the system Chromium: no image
// toolchain needed. Run after editing the SVG: `node scripts/icons/render.mjs`.
import { readFile, writeFile } from 'node:fs/promises';
import { chromium } from 'playwright-core';

const svg = await readFile(new URL('icon.svg', import.meta.url), 'utf8');
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
  for (const size of [16, 32, 48, 96, 128]) {
    const page = await browser.newPage({ viewport: { width: size, height: size } });
    await page.setContent(`<style>*{margin:0}svg{display:block;width:${size}px;height:${size}px}</style>${svg}`);
    const png = await page.screenshot({ omitBackground: true });
    await writeFile(new URL(`../../public/icon/${size}.png`, import.meta.url), png);
    await page.close();
  }
} finally {
  await browser.close();
}
