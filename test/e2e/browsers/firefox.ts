// Firefox ESR with the built extension (test/support/firefox.ts), with what the e2e
// tests ask of the browser: the badge, notifications, the event page's life and the
// alarms. Where only Firefox's parent process can tell (its notification windows,
// the background's state, the network), `privileged` asks it.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { launchFirefoxWithExtension, type FirefoxLaunchOptions, type LaunchedFirefox } from '../../support/firefox';
import type { CreatedNotification, ExtensionBrowser, LaunchOptions, RequestLog, Tab, Viewport } from './driver';
import { DocumentRoot } from './firefox-locator';

/** The Firefox build's add-on id (shared/extension.ts). */
const ADDON_ID = 'postbode@postbode.app';

/** The extension's own `browser` global, in functions that run in its pages. */
declare const browser: typeof import('wxt/browser').browser;
/** Firefox's privileged globals, in functions that run in its parent process. */
declare const Services: any;
declare const ChromeUtils: any;
declare const Ci: any;

export class FirefoxTab extends DocumentRoot implements Tab {
  constructor(
    readonly puppeteer: Page,
    private readonly firefox: LaunchedFirefox,
  ) {
    super({ bidi: firefox.bidi, context: async () => firefox.contextOf(puppeteer), describe: 'Firefox tab' });
  }

  goto(url: string): Promise<void> {
    return this.firefox.navigate(this.puppeteer, url);
  }

  evaluate<R, A = undefined>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R> {
    return this.firefox.bidi.call<R>(this.firefox.contextOf(this.puppeteer), fn, [arg]);
  }

  async bringToFront(): Promise<void> {
    await this.puppeteer.bringToFront();
  }

  async screenshot({ path: file, fullPage = false }: { path: string; fullPage?: boolean }): Promise<void> {
    await this.puppeteer.screenshot({ path: file as `${string}.png`, fullPage });
  }

  close(): Promise<void> {
    return this.puppeteer.close();
  }
}

export interface FirefoxExtension extends ExtensionBrowser<FirefoxTab> {
  readonly name: 'firefox';
  readonly firefox: LaunchedFirefox;
}

/**
 * Firefox with the extension. `setup` is for a test with a native host: the HOME where
 * `postbode setup` registered it, and `firstRunOptionsPage: false` when the install
 * pairs itself (no options page opens then).
 */
export async function launchFirefox(
  extensionPath: string,
  options: LaunchOptions = {},
  setup: Pick<FirefoxLaunchOptions, 'home' | 'firstRunOptionsPage'> = {},
): Promise<FirefoxExtension> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'postbode-e2e-firefox-'));
  const removeDir = () => rm(dir, { recursive: true, force: true });
  const firefox = await launchFirefoxWithExtension(extensionPath, dir, { prefs: options.firefoxPrefs, ...setup }).catch(async (error: unknown) => {
    await removeDir();
    throw error;
  });
  const { privileged } = firefox;
  try {
    // An extension page to ask the browser things from (the manifest, shown as text: no app runs).
    const probe = new FirefoxTab(await firefox.newPage(), firefox);
    await probe.goto(firefox.url('manifest.json'));
    // Every extension page hears `onShown`, when a notification's window is up; Firefox's
    // getAll() still holds its options then. The record starts with recordNotifications().
    await probe.evaluate(() => {
      const w = window as unknown as { e2eShown: Set<string>; e2eCreated?: unknown[] };
      w.e2eShown = new Set();
      // Firefox's own event (Chrome's types, which wxt uses, don't have it).
      const { onShown } = browser.notifications as unknown as { onShown: { addListener(listener: (id: string) => void): void } };
      onShown.addListener(async (id: string) => {
        const options = (await browser.notifications.getAll())[id] as unknown as
          | { title?: string; message?: string; buttons?: Array<{ title: string }> }
          | undefined;
        w.e2eShown.add(id);
        w.e2eCreated?.push({ id, title: options?.title, message: options?.message, buttons: (options?.buttons ?? []).map((b) => b.title) });
      });
    });

    // Firefox's own notification windows close themselves after 20 s; a desktop's
    // notification centre keeps them. Keep them open (as hovering does), so what the
    // tests see doesn't depend on how fast this machine is.
    await privileged(() => {
      const w = window as unknown as { e2eAlerts?: object };
      if (w.e2eAlerts) return;
      w.e2eAlerts = {
        observe(subject: Window, topic: string) {
          if (topic !== 'domwindowopened') return;
          subject.addEventListener(
            'load',
            () =>
              setTimeout(() => {
                if (subject.document.documentElement.getAttribute('windowtype') !== 'alert:alert') return;
                subject.document.getElementById('alertBox')?.removeAttribute('animate');
              }),
            { once: true },
          );
        },
      };
      Services.ww.registerNotification(w.e2eAlerts);
    });

    const backgroundState = () =>
      privileged((id: string) => {
        const { ExtensionParent } = ChromeUtils.importESModule('resource://gre/modules/ExtensionParent.sys.mjs');
        return String(ExtensionParent.GlobalManager.getExtension(id)?.backgroundState);
      }, ADDON_ID);

    let logs = 0;
    const extension: FirefoxExtension = {
      name: 'firefox',
      firefox,
      url: firefox.url,
      newTab: async (viewport?: Viewport) => new FirefoxTab(await firefox.newPage(viewport), firefox),
      badge: () => probe.evaluate(() => browser.action.getBadgeText({})),
      badgeTitle: () => probe.evaluate(() => browser.action.getTitle({})),
      // Open means shown: Firefox lists a notification in getAll() before its window is up.
      notifications: () =>
        probe.evaluate(async () => {
          const shown = (window as unknown as { e2eShown: Set<string> }).e2eShown;
          return Object.keys(await browser.notifications.getAll())
            .filter((id) => shown.has(id))
            .sort();
        }),
      async dismissNotifications() {
        await probe.evaluate(async () => {
          for (const id of Object.keys(await browser.notifications.getAll())) await browser.notifications.clear(id);
        });
      },
      async recordNotifications() {
        await probe.evaluate(() => void ((window as unknown as { e2eCreated: unknown[] }).e2eCreated = []));
      },
      createdNotifications: () => probe.evaluate(() => ((window as unknown as { e2eCreated?: unknown[] }).e2eCreated ?? []) as CreatedNotification[]),
      async clickNotification(id: string) {
        const options = (await probe.evaluate((which: string) => browser.notifications.getAll().then((all) => all[which]), id)) as unknown as
          | { title: string; message: string }
          | undefined;
        if (!options) throw new Error(`no open notification ${id}`);
        // Its window shows the title and the message: a click on the text is a user's click on the toast.
        const clicked = await privileged(({ title, message }: { title: string; message: string }) => {
          for (const alert of Services.wm.getEnumerator('alert:alert')) {
            const doc = (alert as Window).document;
            if ((doc.getElementById('alertTitleLabel') as unknown as { value: string }).value !== title) continue;
            if (doc.getElementById('alertTextLabel')?.textContent !== message) continue;
            (doc.getElementById('alertTextLabel') as HTMLElement).click();
            return true;
          }
          return false;
        }, options);
        if (!clicked) throw new Error(`notification ${id} has no window to click`);
      },
      toolbarPopup: () =>
        privileged((origin: string) => {
          const w = Services.wm.getMostRecentWindow('navigator:browser') as Window;
          const shown = [...w.document.querySelectorAll('panel browser')].find((b) => {
            const panel = b.closest('panel') as unknown as { state: string } | null;
            return panel?.state === 'open' && (b as unknown as { currentURI?: { spec: string } }).currentURI?.spec.startsWith(origin);
          });
          return (shown as unknown as { currentURI: { spec: string } } | undefined)?.currentURI.spec ?? null;
        }, firefox.url('')),
      async tabs() {
        const { contexts } = await firefox.bidi.send('browsingContext.getTree', { maxDepth: 0 });
        return (contexts as Array<{ url: string }>).map((c) => c.url);
      },
      async stopBackground() {
        await privileged(async (id: string) => {
          const { ExtensionParent } = ChromeUtils.importESModule('resource://gre/modules/ExtensionParent.sys.mjs');
          // What about:debugging's "Terminate background script" does; idleness does the same.
          await ExtensionParent.GlobalManager.getExtension(id).terminateBackground({ disableResetIdleForTest: true });
        }, ADDON_ID);
        const state = await backgroundState();
        if (state !== 'stopped') throw new Error(`the background is ${state} after terminateBackground()`);
      },
      backgroundRunning: async () => (await backgroundState()) === 'running',
      async fireAlarms() {
        // Each alarm comes due now and stays what it was: a periodic alarm re-arms itself
        // after firing, so it is re-created with its period. Re-created without it, the
        // refresh alarm became a one-shot that fired once and was gone, and only the
        // background's start puts it back (it leaves a matching alarm alone). When the
        // background had started before this ran (woken by another event: a race on a
        // busy machine), nothing was left to wake it the next time it was stopped.
        const alarms = await probe.evaluate(async () => {
          const all = await browser.alarms.getAll();
          for (const { name, periodInMinutes } of all) {
            await browser.alarms.create(name, { when: Date.now(), ...(periodInMinutes && { periodInMinutes }) });
          }
          return all.map((alarm) => alarm.name);
        });
        if (!alarms.length) throw new Error('the extension has no alarm to fire');
      },
      async recordRequests(origins: string[]): Promise<RequestLog> {
        const log = `log${logs++}`;
        // Every HTTP channel the browser opens (pages, frames, the background) passes here.
        await privileged(
          ({ log, origins }: { log: string; origins: string[] }) => {
            const w = window as unknown as { e2eRequests?: Record<string, string[]> };
            if (!w.e2eRequests) {
              w.e2eRequests = {};
              const observer = {
                observe(subject: any) {
                  const channel = subject.QueryInterface(Ci.nsIHttpChannel);
                  const url = channel.URI.spec as string;
                  for (const [, record] of Object.entries(w.e2eRequests!)) {
                    const wanted = (record as unknown as { origins: string[] }).origins;
                    if (wanted.some((o) => url.startsWith(o))) record.push(`${channel.requestMethod} ${url}`);
                  }
                },
              };
              Services.obs.addObserver(observer, 'http-on-modify-request');
              (w as unknown as { e2eRequestObserver: object }).e2eRequestObserver = observer;
            }
            w.e2eRequests[log] = Object.assign([], { origins });
          },
          { log, origins },
        );
        return {
          list: () => privileged((which: string) => [...((window as unknown as { e2eRequests: Record<string, string[]> }).e2eRequests[which] ?? [])], log),
        };
      },
      async close() {
        await firefox.close();
        await removeDir();
      },
    };
    return extension;
  } catch (error) {
    await firefox.close();
    await removeDir();
    throw error;
  }
}
