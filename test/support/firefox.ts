// How Debian's Firefox ESR is started with the built extension here (puppeteer-core
// over WebDriver BiDi, never a downloaded browser): the e2e suite and the benchmarks
// launch it the same way and add their own tools on top.
//
// Measured on Firefox 153 ESR: BiDi refuses to navigate to moz-extension:// unless
// Firefox runs with -remote-allow-system-access, and even then it reports no events
// for extension pages (no navigation, no frames, no console: bug 1755014), while
// script evaluation and input work in them. So extension pages are driven here with
// BiDi commands by browsing-context id, and waits poll the page itself.
import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

export const FIREFOX = '/usr/bin/firefox-esr';

/** The add-on id in the Firefox build's manifest (shared/extension.ts). */
const ADDON_ID = 'postbode@postbode.app';

/** The popup's own size (entrypoints/popup/style.css), as in test/support/chromium.ts. */
export const POPUP_VIEWPORT = { width: 420, height: 580 };

/** A function's source and its JSON arguments, run in a browsing context. */
type Remote = { type: string; value?: unknown; sharedId?: string };

/** WebDriver BiDi commands by browsing-context id (puppeteer's own connection). */
export class Bidi {
  constructor(private readonly connection: { send(method: string, params: object): Promise<{ result: any }> }) {}

  send(method: string, params: object): Promise<any> {
    return this.connection.send(method, params).then((r) => r.result);
  }

  /** Calls `source` (a function's text) with `args` in `context`; answers its remote result. */
  async callRaw(context: string, source: string, args: unknown[] = []): Promise<Remote> {
    const result = await this.send('script.callFunction', {
      functionDeclaration: source,
      arguments: args.map((arg) => ({ type: 'string', value: JSON.stringify(arg ?? null) })),
      awaitPromise: true,
      target: { context },
      resultOwnership: 'none',
    });
    if (result.type === 'exception') throw new Error(`in the browser: ${result.exceptionDetails.text}`);
    return result.result as Remote;
  }

  /** Calls `fn(...args)` in `context` and answers its result; arguments and result go as JSON. */
  async call<R>(context: string, fn: string | ((...args: any[]) => R | Promise<R>), args: unknown[] = []): Promise<R> {
    // tsx (esbuild keepNames) wraps named inner functions in `__name(fn, "name")`: a no-op here.
    const source = `async (...json) => { const __name = (f) => f; return JSON.stringify((await (${fn.toString()})(...json.map((j) => JSON.parse(j)))) ?? null); }`;
    const remote = await this.callRaw(context, source, args);
    return JSON.parse(String(remote.value)) as R;
  }

  /** Runs a script's text in `context` (how the locators' queries get into a page). */
  async run(context: string, script: string): Promise<void> {
    const result = await this.send('script.evaluate', { expression: script, awaitPromise: false, target: { context } });
    if (result.type === 'exception') throw new Error(`in the browser: ${result.exceptionDetails.text}`);
  }

  /** The browser window's own (privileged) document: Firefox's parent process. */
  async chromeContext(): Promise<string> {
    const { contexts } = await this.send('browsingContext.getTree', { 'moz:scope': 'chrome' });
    const window = (contexts as Array<{ context: string; url: string }>).find((c) => c.url === 'chrome://browser/content/browser.xhtml');
    if (!window) throw new Error('no Firefox browser window');
    return window.context;
  }
}

/**
 * Without a native host (there is none under this HOME) a first install opens the
 * options page, and Firefox opens it in the selected tab when that tab is empty: a
 * tab a test has just created. So the launch waits until that page is open.
 */
async function firstRunSettled(bidi: Bidi, optionsUrl: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { contexts } = await bidi.send('browsingContext.getTree', { maxDepth: 0 });
    if ((contexts as Array<{ url: string }>).some((c) => c.url === optionsUrl)) return;
    if (Date.now() > deadline) throw new Error(`no options page within ${timeoutMs} ms of the first install`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export interface LaunchedFirefox {
  browser: Browser;
  bidi: Bidi;
  /** The extension's per-install UUID (moz-extension://UUID/). */
  uuid: string;
  /** `moz-extension://UUID/<file>` */
  url(file: string): string;
  /** The BiDi browsing-context id of a tab. */
  contextOf(page: Page): string;
  /** A new tab (popup-sized unless told otherwise), at about:blank. */
  newPage(viewport?: { width: number; height: number }): Promise<Page>;
  /** Loads `url` in `page` and waits for it (see the top of this file for why it polls). */
  navigate(page: Page, url: string, timeoutMs?: number): Promise<void>;
  /** Runs `fn(arg)` in Firefox's parent process, with chrome privileges (Services, ChromeUtils). */
  privileged<R, A = undefined>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R>;
  close(): Promise<void>;
}

/**
 * Firefox with the extension installed as a temporary add-on, its profile under
 * `dir`. HOME is `dir` too unless `home` says otherwise: Firefox looks for native
 * messaging hosts under ~/.mozilla, and a test's browser must not find the user's.
 */
export interface FirefoxLaunchOptions {
  /**
   * HOME for Firefox (and so for the native hosts it starts): a test's own home where
   * `postbode setup` wrote ~/.mozilla/native-messaging-hosts. Default `dir`, where no host is.
   */
  home?: string;
  /** Extra preferences. */
  prefs?: Record<string, string | number | boolean>;
  /** The add-on's moz-extension:// UUID (random unless given: a profile used again keeps its storage under it). */
  uuid?: string;
  /**
   * Whether the install opens the options page (it does when the extension can't pair
   * itself, and isn't paired yet): the launch then waits for it. Default true.
   */
  firstRunOptionsPage?: boolean;
}

export async function launchFirefoxWithExtension(
  extensionPath: string,
  dir: string,
  { prefs = {}, uuid = randomUUID(), firstRunOptionsPage = true, home = dir }: FirefoxLaunchOptions = {},
): Promise<LaunchedFirefox> {
  const tmp = path.join(dir, 'tmp');
  await mkdir(tmp, { recursive: true });
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    // Tabs keep the size they are given; puppeteer's default would resize every new tab.
    defaultViewport: null,
    userDataDir: path.join(dir, 'profile'),
    // Extension pages can only be opened by URL with this (see the top of this file).
    args: ['-remote-allow-system-access'],
    env: { ...process.env, HOME: home, TMPDIR: tmp, TZ: 'UTC', MOZ_CRASHREPORTER_DISABLE: '1' },
    extraPrefsFirefox: {
      // A UUID of our own choosing instead of a random one: the tests know the URLs at once.
      'extensions.webextensions.uuids': JSON.stringify({ [ADDON_ID]: uuid }),
      // Firefox's own notification windows: without a desktop there is no system backend.
      'alerts.useSystemBackend': false,
      'intl.locale.requested': 'en-US',
      'intl.accept_languages': 'en-US, en',
      ...prefs,
    },
  });
  try {
    await browser.installExtension(extensionPath);
    const bidi = new Bidi((browser as unknown as { connection: ConstructorParameters<typeof Bidi>[0] }).connection);
    const contextOf = (page: Page) => (page.mainFrame() as unknown as { _id: string })._id;
    const origin = `moz-extension://${uuid}/`;
    if (firstRunOptionsPage) await firstRunSettled(bidi, origin + 'options.html');
    const launched: LaunchedFirefox = {
      browser,
      bidi,
      uuid,
      url: (file) => origin + file.replace(/^\//, ''),
      contextOf,
      async newPage(viewport = POPUP_VIEWPORT) {
        const page = await browser.newPage();
        await page.setViewport(viewport);
        return page;
      },
      async navigate(page, url, timeoutMs = 30_000) {
        const context = contextOf(page);
        // A mark on the old document: the load is done when a document without it is complete at `url`.
        await bidi.call(context, () => void ((window as unknown as { e2eOld: boolean }).e2eOld = true)).catch(() => undefined);
        await bidi.send('browsingContext.navigate', { context, url, wait: 'none' });
        const deadline = Date.now() + timeoutMs;
        for (;;) {
          const at = await bidi
            .call(context, () => (!(window as unknown as { e2eOld?: boolean }).e2eOld && document.readyState === 'complete' ? location.href : null))
            .catch(() => null);
          if (at === url) return;
          if (Date.now() > deadline) throw new Error(`${url} did not load within ${timeoutMs} ms (at ${at})`);
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      },
      async privileged(fn, arg) {
        return bidi.call(await bidi.chromeContext(), fn as (...args: unknown[]) => unknown, [arg]) as never;
      },
      close: () => browser.close(),
    };
    return launched;
  } catch (error) {
    await browser.close();
    throw error;
  }
}
