// How Debian's Chromium is started with the unpacked extension here (flags as measured
// in TESTING.md; playwright-core, never a downloaded browser): the e2e suite and the
// benchmarks launch it the same way and add their own tools on top.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

/** The popup's own size (entrypoints/popup/style.css), so a page shows it as the toolbar would. */
export const POPUP_VIEWPORT = { width: 420, height: 580 };

/** Flags for headless Chromium with `extensionPath` loaded and no calls home. */
export function extensionLaunchArgs(extensionPath: string): string[] {
  return [
    `--disable-extensions-except=${extensionPath}`,
    `--load-extension=${extensionPath}`,
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    // Without these Chromium keeps trying hosts this closed network refuses.
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--lang=en-US', // the extension's strings (browser.i18n) follow the browser's UI language
  ];
}

export interface LaunchedExtension {
  context: BrowserContext;
  /** The extension's id, read from its service worker's URL. */
  id: string;
  /** `chrome-extension://ID/<file>` */
  url(file: string): string;
  /** The extension's service worker (Playwright keeps one handle for it across restarts). */
  worker(): Worker;
  /** A new tab (popup-sized unless told otherwise). */
  newPage(viewport?: { width: number; height: number }): Promise<Page>;
}

/**
 * Chromium with the extension loaded: its profile in `profileDir/profile` and its
 * leftovers in `profileDir/tmp` (Chromium leaves folders in TMPDIR when it isn't closed
 * cleanly). The caller owns the folder; launching again on it keeps what an earlier
 * session stored. Resolves once the extension's worker is up.
 */
export async function launchWithExtension(extensionPath: string, profileDir: string, args: string[] = []): Promise<LaunchedExtension> {
  const tmp = path.join(profileDir, 'tmp');
  await mkdir(tmp, { recursive: true });
  const context = await chromium.launchPersistentContext(path.join(profileDir, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    env: { ...process.env, TMPDIR: tmp },
    locale: 'en-US',
    viewport: POPUP_VIEWPORT,
    timezoneId: 'UTC', // dates in the UI (and the screenshots) don't depend on the machine
    args: [...extensionLaunchArgs(extensionPath), ...args],
  });
  try {
    const first = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    const id = new URL(first.url()).host;
    const origin = `chrome-extension://${id}/`;
    return {
      context,
      id,
      url: (file) => origin + file.replace(/^\//, ''),
      worker() {
        const found = context.serviceWorkers().find((w) => w.url().startsWith(origin));
        if (!found) throw new Error('the extension has no service worker');
        return found;
      },
      async newPage(viewport = POPUP_VIEWPORT) {
        const page = await context.newPage();
        await page.setViewportSize(viewport);
        return page;
      },
    };
  } catch (err) {
    await context.close();
    throw err;
  }
}
