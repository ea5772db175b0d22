// Debian's Chromium with the built extension loaded (playwright-core, never a browser
// download). Flags as measured in /work/shared/TESTING.md. A profile dir can be reused
// across launches, so "first popup open after a browser start" keeps what an earlier
// session stored.
import { extensionLaunchArgs } from '../../test/helpers/chromium-args';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import type { ChromeGlobal } from './chrome-api';

const NAME_SHIM = 'globalThis.__name ??= (fn) => fn;';

export const POPUP_VIEWPORT = { width: 420, height: 580 };

export interface ExtensionBrowser {
  context: BrowserContext;
  id: string;
  url(file: string): string;
  worker(): Worker;
  newPage(): Promise<Page>;
  /** Stores the pairing as the options page would; the worker connects at once. */
  pair(url: string, token: string): Promise<void>;
  badge(): Promise<{ text: string; title: string }>;
  close(): Promise<void>;
}

/** A profile folder (with its own TMPDIR for Chromium's leftovers) to pass to {@link launch}. */
export async function newProfile(): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'postbode-bench-chromium-'));
  await mkdir(path.join(dir, 'tmp'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

export async function launch(extensionDir: string, profileDir: string): Promise<ExtensionBrowser> {
  const context = await chromium.launchPersistentContext(path.join(profileDir, 'profile'), {
    executablePath: '/usr/bin/chromium',
    headless: true,
    env: { ...process.env, TMPDIR: path.join(profileDir, 'tmp') },
    locale: 'en-US',
    viewport: POPUP_VIEWPORT,
    args: [
      ...extensionLaunchArgs(extensionDir),
    ],
  });
  try {
    const first = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 20_000 }));
    const id = new URL(first.url()).host;
    const origin = `chrome-extension://${id}/`;
    const worker = () => {
      const found = context.serviceWorkers().find((w) => w.url().startsWith(origin));
      if (!found) throw new Error('the extension has no service worker');
      return found;
    };
    // tsx (esbuild, keepNames) wraps named inner functions in `__name(fn, "name")`; a
    // function sent to the browser carries those calls along, so give them a no-op there.
    await context.addInitScript({ content: NAME_SHIM });
    await first.evaluate(NAME_SHIM);
    return {
      context,
      id,
      url: (file) => origin + file.replace(/^\//, ''),
      worker,
      async newPage() {
        const page = await context.newPage();
        await page.setViewportSize(POPUP_VIEWPORT);
        return page;
      },
      async pair(url, token) {
        await worker().evaluate(
          ({ url, token }) => (globalThis as unknown as ChromeGlobal).chrome.storage.local.set({ pairing: { url, token } }),
          { url, token },
        );
      },
      badge: () =>
        worker().evaluate(async () => {
          const { action } = (globalThis as unknown as ChromeGlobal).chrome;
          return { text: await action.getBadgeText({}), title: await action.getTitle({}) };
        }),
      async close() {
        await context.close();
      },
    };
  } catch (err) {
    await context.close();
    throw err;
  }
}

/** Polls the badge until `predicate` holds. */
export async function waitForBadge(b: ExtensionBrowser, predicate: (badge: { text: string; title: string }) => boolean, timeoutMs = 30_000): Promise<{ text: string; title: string }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const badge = await b.badge();
    if (predicate(badge)) return badge;
    if (Date.now() > deadline) throw new Error(`badge never matched; last: ${JSON.stringify(badge)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
