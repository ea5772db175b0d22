// Debian's Chromium with the built extension loaded (test/support/chromium.ts), with
// what the e2e tests ask of the browser: the badge, notifications, the worker's life
// and the alarms.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { CDPSession } from 'playwright-core';
import { launchWithExtension, type LaunchedExtension } from '../../support/chromium';

/**
 * The page's own `chrome` global, in functions that run in the browser
 * (`evaluate`): the same API the extension's `browser` from wxt is typed by.
 */
declare const chrome: typeof import('wxt/browser').browser;

/** A notification the extension asked Chromium to show. */
export interface CreatedNotification {
  id: string;
  title: string;
  message: string;
}

export interface ExtensionBrowser extends Omit<LaunchedExtension, 'worker'> {
  /** The toolbar badge text. */
  badge(): Promise<string>;
  /** The toolbar button's tooltip. */
  badgeTitle(): Promise<string>;
  /** Ids of the notifications open now (`chrome.notifications.getAll()`). */
  notifications(): Promise<string[]>;
  /** Closes every open notification, as a user dismissing them would. */
  dismissNotifications(): Promise<void>;
  /**
   * Records every notification the running worker creates from now on (in
   * that worker's memory: a restarted worker starts with no record and no spy).
   * Each call starts a new record.
   */
  recordNotifications(): Promise<void>;
  /** What the worker created since {@link recordNotifications}. */
  createdNotifications(): Promise<CreatedNotification[]>;
  /** Stops the extension's service worker (CDP), as Chrome does after 30 s idle. */
  stopWorker(): Promise<void>;
  /** Whether the extension's service worker is running now. */
  workerRunning(): boolean;
  /** Lets time pass until the extension's alarms are due: each fires now. */
  fireAlarms(): Promise<void>;
  close(): Promise<void>;
}

export interface LaunchOptions {
  /** Extra Chromium flags. */
  args?: string[];
}

export async function launchExtension(extensionPath: string, options: LaunchOptions = {}): Promise<ExtensionBrowser> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'postbode-e2e-chromium-'));
  const removeDir = () => rm(dir, { recursive: true, force: true });
  const { context, id, url, worker, newPage } = await launchWithExtension(extensionPath, dir, options.args).catch(async (error: unknown) => {
    await removeDir();
    throw error;
  });
  const origin = url('');

  try {
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

    const stopWorker = async () => {
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
    };

    return {
      context,
      id,
      url,
      newPage,
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
            const { title, message } = (options ?? {}) as { title?: string; message?: string };
            g.e2eCreated?.push({ id, title, message });
            return create(...args);
          }) as typeof chrome.notifications.create;
        });
      },
      createdNotifications: () =>
        worker().evaluate(() => ((globalThis as { e2eCreated?: unknown[] }).e2eCreated ?? []) as CreatedNotification[]),
      stopWorker,
      workerRunning: () => running,
      async fireAlarms() {
        await probe.evaluate(async () => {
          for (const alarm of await chrome.alarms.getAll()) await chrome.alarms.create(alarm.name, { when: Date.now() });
        });
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
