// Debian's Firefox ESR with the built extension (test/support/firefox.ts), with what
// the benchmarks need on top. WebDriver BiDi can't evaluate in Firefox's background
// (an event page), so the badge is watched where Firefox applies it: the action's
// properties in the parent process, which draws the toolbar.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { launchFirefoxWithExtension, type FirefoxLaunchOptions, type LaunchedFirefox } from '../../test/support/firefox';

/** The Firefox build's add-on id (shared/extension.ts). */
const ADDON_ID = 'postbode@postbode.app';

/** Firefox's privileged globals, in functions that run in its parent process. */
declare const ChromeUtils: any;

/** The extension's `browser` global, in functions that run in its pages. */
declare const browser: {
  storage: { local: { set(items: Record<string, unknown>): Promise<void> } };
  action: { getBadgeText(details: object): Promise<string>; getTitle(details: object): Promise<string> };
};

export interface FirefoxBench {
  firefox: LaunchedFirefox;
  /** Stores the pairing as the options page would; the background connects at once. */
  pair(url: string, token: string): Promise<void>;
  badge(): Promise<{ text: string; title: string }>;
  /** From now on, notes (in the parent process, `Date.now()`) every badge text and title Firefox applies. */
  recordBadge(): Promise<void>;
  /**
   * The first time the badge's `kind` was set to something other than `from` at or
   * after `since` (ms), or null after `timeoutMs`.
   */
  badgeChangeAfter(args: { kind: 'text' | 'title'; from: string; since: number; timeoutMs: number }): Promise<{ t: number; value: string } | null>;
  /** A new tab at an extension page, once loaded. */
  openPage(file: string): Promise<Page>;
  close(): Promise<void>;
}

/** A profile folder to pass to {@link launchFirefoxBench}. */
export async function newFirefoxProfile(): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'postbode-bench-firefox-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * Prefs for a profile launched again: Firefox installs the add-on anew each time (a
 * temporary add-on), and would drop its storage with the old install.
 */
export const KEEP_STORAGE = { 'extensions.webextensions.keepStorageOnUninstall': true, 'extensions.webextensions.keepUuidOnUninstall': true };

export async function launchFirefoxBench(extensionDir: string, profileDir: string, options: FirefoxLaunchOptions = {}): Promise<FirefoxBench> {
  const firefox = await launchFirefoxWithExtension(extensionDir, profileDir, options);
  const { bidi, privileged } = firefox;
  try {
    const probe = await firefox.newPage();
    await firefox.navigate(probe, firefox.url('manifest.json'));
    const inProbe = <R, A>(fn: (arg: A) => R | Promise<R>, arg?: A) => bidi.call<R>(firefox.contextOf(probe), fn, [arg]);
    return {
      firefox,
      pair: (url, token) => inProbe((pairing: { url: string; token: string }) => browser.storage.local.set({ pairing }), { url, token }),
      badge: () => inProbe(async () => ({ text: await browser.action.getBadgeText({}), title: await browser.action.getTitle({}) })),
      async recordBadge() {
        await privileged((id: string) => {
          const w = window as unknown as { __benchBadge?: Array<{ kind: string; value: string; t: number }> };
          if (w.__benchBadge) return;
          const log: Array<{ kind: string; value: string; t: number }> = (w.__benchBadge = []);
          const { ExtensionParent } = ChromeUtils.importESModule('resource://gre/modules/ExtensionParent.sys.mjs');
          const { action } = ExtensionParent.apiManager.global.browserActionFor(ExtensionParent.GlobalManager.getExtension(id));
          const setProperty = action.setProperty.bind(action);
          // setBadgeText and setTitle end here; the toolbar is redrawn from it at once.
          action.setProperty = (target: unknown, prop: string, value: unknown) => {
            const values = setProperty(target, prop, value);
            if (prop === 'badgeText' || prop === 'title') log.push({ kind: prop === 'badgeText' ? 'text' : 'title', value: String(value ?? ''), t: Date.now() });
            return values;
          };
        }, ADDON_ID);
      },
      badgeChangeAfter: (args) =>
        privileged(({ kind, from, since, timeoutMs }: { kind: string; from: string; since: number; timeoutMs: number }) => {
          const log = (window as unknown as { __benchBadge?: Array<{ kind: string; value: string; t: number }> }).__benchBadge ?? [];
          const deadline = Date.now() + timeoutMs;
          return new Promise<{ t: number; value: string } | null>((resolve) => {
            const check = () => {
              const hit = log.find((entry) => entry.kind === kind && entry.t >= since && entry.value !== from);
              if (hit) resolve({ t: hit.t, value: hit.value });
              else if (Date.now() > deadline) resolve(null);
              else setTimeout(check, 5);
            };
            check();
          });
        }, args),
      async openPage(file) {
        const page = await firefox.newPage();
        await firefox.navigate(page, firefox.url(file));
        return page;
      },
      close: () => firefox.close(),
    };
  } catch (error) {
    await firefox.close();
    throw error;
  }
}
