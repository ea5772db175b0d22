// What the e2e page objects and journeys ask of a browser, so that one copy of each
// journey runs in Chromium (playwright-core, ./chromium.ts) and in Firefox
// (puppeteer-core over WebDriver BiDi, ./firefox.ts).
//
// Locators are the subset of Playwright's that the page objects use: Playwright's own
// satisfy these interfaces as they are, and Firefox's (./firefox-locator.ts) follow
// the same rules (queries.in-page.ts).
import type { Page } from 'playwright-core';

export type BrowserName = 'chromium' | 'firefox';

/** An ARIA role, as Playwright spells them. */
export type Role = Parameters<Page['getByRole']>[0];

export interface Viewport {
  width: number;
  height: number;
}

export interface WaitOptions {
  state?: 'attached' | 'detached' | 'visible' | 'hidden';
  timeout?: number;
}

/** Where locators start: a tab's document or a frame's. */
export interface Queryable {
  getByRole(role: Role, options?: { name?: string | RegExp; exact?: boolean }): Locator;
  getByText(text: string | RegExp, options?: { exact?: boolean }): Locator;
  locator(selector: string): Locator;
}

export interface FrameLocator extends Queryable {}

export interface Locator extends Queryable {
  filter(options: { hasText: string | RegExp }): Locator;
  /** Elements this locator and `other` both find. */
  and(other: Locator): Locator;
  frameLocator(selector: string): FrameLocator;
  /** Waits for exactly one element (visible by default), as Playwright's `waitFor`. */
  waitFor(options?: WaitOptions): Promise<void>;
  count(): Promise<number>;
  click(): Promise<void>;
  /** Replaces the field's value, firing `input`. */
  fill(value: string): Promise<void>;
  innerText(): Promise<string>;
  textContent(): Promise<string | null>;
  allInnerTexts(): Promise<string[]>;
  getAttribute(name: string): Promise<string | null>;
  /** Runs `fn(element, arg)` on the one element, in the page. `fn` must be self-contained. */
  evaluate<R, E extends SVGElement | HTMLElement = SVGElement | HTMLElement>(fn: (element: E, arg: string) => R | Promise<R>, arg?: string): Promise<R>;
}

/** A browser tab. */
export interface Tab extends Queryable {
  /** Loads `url` (an extension page or a web page) and waits until it has loaded. */
  goto(url: string): Promise<void>;
  /** Runs `fn(arg)` in the page. `fn` must be self-contained; `arg` and the result JSON. */
  evaluate<R, A = undefined>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R>;
  /** Makes it the selected tab, as a user clicking it. */
  bringToFront(): Promise<void>;
  screenshot(options: { path: string; fullPage?: boolean }): Promise<void>;
  close(): Promise<void>;
}

/** A notification the extension asked the browser to show. */
export interface CreatedNotification {
  id: string;
  title: string;
  message: string;
  /** Its buttons' titles (Firefox has no notification buttons). */
  buttons: string[];
}

/** URLs (with their method) the browser requested, from any page, frame or the background. */
export interface RequestLog {
  /** `METHOD URL`, in order. */
  list(): Promise<string[]>;
}

/** A browser running the built extension, and what the tests ask of it. */
export interface ExtensionBrowser<T extends Tab = Tab> {
  readonly name: BrowserName;
  /** The extension's URL for a file of it (`popup.html`). */
  url(file: string): string;
  /** A new tab, popup-sized unless told otherwise. */
  newTab(viewport?: Viewport): Promise<T>;
  /** The toolbar badge text. */
  badge(): Promise<string>;
  /** The toolbar button's tooltip. */
  badgeTitle(): Promise<string>;
  /** Ids of the extension's notifications open now. */
  notifications(): Promise<string[]>;
  /** Closes every open notification, as a user dismissing them would. */
  dismissNotifications(): Promise<void>;
  /**
   * Records every notification the extension creates from now on. Each call starts
   * a new record; after the background restarts, call it again.
   */
  recordNotifications(): Promise<void>;
  /** What the extension created since {@link recordNotifications}. */
  createdNotifications(): Promise<CreatedNotification[]>;
  /**
   * Clicks an open notification as a user would; null where the browser offers tests
   * no way to (headless Chromium has no notification windows).
   */
  clickNotification: ((id: string) => Promise<void>) | null;
  /** The extension page the toolbar popup shows now, or null while it is closed. */
  toolbarPopup(): Promise<string | null>;
  /** URLs of the open tabs. */
  tabs(): Promise<string[]>;
  /** Stops the background (Chromium's service worker, Firefox's event page), as idleness does. */
  stopBackground(): Promise<void>;
  /** Whether the extension's background is running now. */
  backgroundRunning(): Promise<boolean>;
  /** Lets time pass until the extension's alarms are due: each fires now. */
  fireAlarms(): Promise<void>;
  /** Starts recording the requests the browser makes to these origins. */
  recordRequests(origins: string[]): Promise<RequestLog>;
  close(): Promise<void>;
}

/** Options a test file may launch its browser with. */
export interface LaunchOptions {
  /** Extra Chromium flags. */
  chromiumArgs?: string[];
  /** Extra Firefox preferences. */
  firefoxPrefs?: Record<string, string | number | boolean>;
}
