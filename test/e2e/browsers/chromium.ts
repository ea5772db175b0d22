// Debian's Chromium with the built extension loaded (test/support/chromium.ts), with
// what the e2e tests ask of the browser: the badge, notifications, the worker's life
// and the alarms. Tabs are Playwright pages, and their locators Playwright's own.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import { launchWithExtension } from '../../support/chromium';
import type { CreatedNotification, ExtensionBrowser, LaunchOptions, Locator, RequestLog, Role, Tab, Viewport } from './driver';

/**
 * The page's own `chrome` global, in functions that run in the browser
 * (`evaluate`): the same API the extension's `browser` from wxt is typed by.
 */
declare const chrome: typeof import('wxt/browser').browser;

export class ChromiumTab implements Tab {
  /** The Playwright page, for what only Chromium's tests do (clock, colour scheme). */
  constructor(readonly playwright: Page) {}

  async goto(url: string): Promise<void> {
    await this.playwright.goto(url);
  }

  getByRole(role: Role, options?: { name?: string | RegExp; exact?: boolean }): Locator {
    return this.playwright.getByRole(role, options);
  }

  getByText(text: string | RegExp, options?: { exact?: boolean }): Locator {
    return this.playwright.getByText(text, options);
  }

  locator(selector: string): Locator {
    return this.playwright.locator(selector);
  }

  evaluate<R, A = undefined>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R> {
    // Playwright's own type unboxes handles in `arg`; ours are plain JSON.
    return this.playwright.evaluate(fn as (arg: unknown) => R | Promise<R>, arg);
  }

  bringToFront(): Promise<void> {
    return this.playwright.bringToFront();
  }

  async screenshot({ path: file, fullPage = false }: { path: string; fullPage?: boolean }): Promise<void> {
    await this.playwright.screenshot({ path: file, fullPage, animations: 'disabled', caret: 'hide' });
  }

  close(): Promise<void> {
    return this.playwright.close();
  }
}

export interface ChromiumExtension extends ExtensionBrowser<ChromiumTab> {
  readonly name: 'chromium';
  context: BrowserContext;
  /** The extension's id, read from its service worker's URL. */
  id: string;
}

export async function launchChromium(extensionPath: string, options: LaunchOptions = {}): Promise<ChromiumExtension> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'postbode-e2e-chromium-'));
  const removeDir = () => rm(dir, { recursive: true, force: true });
  const { context, id, url, worker, newPage } = await launchWithExtension(extensionPath, dir, options.chromiumArgs).catch(async (error: unknown) => {
    await removeDir();
    throw error;
  });
  const origin = url('');

  try {
    // Without a native host (none in this fresh profile) a first install opens the
    // options page, and Chromium loads it into an empty tab: one the test would open
    // next. So wait for it first.
    const optionsUrl = url('options.html');
    for (const deadline = Date.now() + 20_000; !context.pages().some((page) => page.url() === optionsUrl); ) {
      if (Date.now() > deadline) throw new Error('no options page within 20 s of the first install');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    // An extension page to ask the browser things from: the badge and the
    // notifications are the extension's, readable from any of its pages, even
    // while its worker is stopped. (The manifest, shown as text: no app runs.)
    const probe = await context.newPage();
    await probe.goto(url('manifest.json'));
    const cdp: CDPSession = await context.newCDPSession(probe);
    let running = true;
    const statusChanged = new Set<() => void>();
    cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
      const ours = versions.filter((v) => v.scriptURL.startsWith(origin));
      if (ours.length === 0) return;
      running = ours.some((v) => v.runningStatus === 'running');
      for (const listener of statusChanged) listener();
    });
    await cdp.send('ServiceWorker.enable');

    return {
      name: 'chromium',
      context,
      id,
      url,
      newTab: async (viewport?: Viewport) => new ChromiumTab(await newPage(viewport)),
      badge: () => probe.evaluate(() => chrome.action.getBadgeText({})),
      badgeTitle: () => probe.evaluate(() => chrome.action.getTitle({})),
      notifications: async () => Object.keys(await probe.evaluate(() => chrome.notifications.getAll())).sort(),
      async dismissNotifications() {
        await probe.evaluate(async () => {
          for (const id of Object.keys(await chrome.notifications.getAll())) await chrome.notifications.clear(id);
        });
      },
      async recordNotifications() {
        await worker().evaluate(() => {
          const g = globalThis as typeof globalThis & { e2eCreated?: unknown[] };
          const installed = g.e2eCreated !== undefined;
          g.e2eCreated = [];
          if (installed) return;
          const create = chrome.notifications.create.bind(chrome.notifications) as (...args: unknown[]) => unknown;
          // `create(id, options)` or `create(options)`. Chromium's own object, so the
          // extension's `browser.notifications` is this one too.
          chrome.notifications.create = ((...args: unknown[]) => {
            const [id, options] = typeof args[0] === 'string' ? args : [undefined, args[0]];
            const { title, message, buttons = [] } = (options ?? {}) as { title?: string; message?: string; buttons?: Array<{ title: string }> };
            g.e2eCreated?.push({ id, title, message, buttons: buttons.map((b) => b.title) });
            return create(...args);
          }) as typeof chrome.notifications.create;
        });
      },
      createdNotifications: () =>
        worker().evaluate(() => ((globalThis as { e2eCreated?: unknown[] }).e2eCreated ?? []) as CreatedNotification[]),
      // Headless Chromium shows notifications nowhere a test could click them.
      clickNotification: null,
      toolbarPopup: async () => null,
      tabs: async () => context.pages().map((page) => page.url()),
      async stopBackground() {
        // CDP, since Chromium never stops a worker Playwright is attached to for idleness.
        const stopped = new Promise<void>((resolve) => {
          const check = () => {
            if (running) return;
            statusChanged.delete(check);
            resolve();
          };
          statusChanged.add(check);
        });
        await cdp.send('ServiceWorker.stopAllWorkers');
        await stopped;
      },
      backgroundRunning: async () => running,
      async fireAlarms() {
        // Each alarm comes due now and stays periodic, as a due alarm re-arms itself; a
        // one-shot in its place would leave a later stopped worker nothing to wake it.
        const alarms = await probe.evaluate(async () => {
          const all = await chrome.alarms.getAll();
          for (const { name, periodInMinutes } of all) {
            await chrome.alarms.create(name, { when: Date.now(), ...(periodInMinutes && { periodInMinutes }) });
          }
          return all.map((alarm) => alarm.name);
        });
        if (!alarms.length) throw new Error('the extension has no alarm to fire');
      },
      async recordRequests(origins: string[]): Promise<RequestLog> {
        const requests: string[] = [];
        // Attempts, not only arrivals: Chromium reports requests its CSP then blocks too.
        context.on('request', (request) => {
          if (origins.some((o) => request.url().startsWith(o))) requests.push(`${request.method()} ${request.url()}`);
        });
        return { list: async () => [...requests] };
      },
      async close() {
        await context.close();
        await removeDir();
      },
    };
  } catch (error) {
    await context.close();
    await removeDir();
    throw error;
  }
}
