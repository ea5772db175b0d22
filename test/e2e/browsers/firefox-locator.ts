// Locators for Firefox: the steps of a Playwright-style locator, resolved in the page
// by queries.in-page.ts through WebDriver BiDi, with Playwright's waits (poll until
// the element is there, visible and enabled) and real input for clicks.
import type { Bidi } from '../../support/firefox';
import type { FrameLocator, Locator, Queryable, Role, WaitOptions } from './driver';
import { QUERIES_GLOBAL, queriesScript, type InPageQueries } from './engine';
import type { ElementState, Step, TextMatch } from './queries.in-page';

/** How long a locator waits for its element unless told otherwise. */
const DEFAULT_TIMEOUT_MS = 20_000;
const POLL_MS = 50;

/** A document the steps run in: a tab's, or a frame's found from its parent. */
export interface Document {
  bidi: Bidi;
  /** Its browsing-context id (a frame's is looked up each time: the frame may have been replaced). */
  context(): Promise<string>;
  describe: string;
}

const toMatch = (text: string | RegExp): TextMatch =>
  typeof text === 'string' ? { string: text } : { regex: text.source, flags: text.flags };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Installs the in-page queries in the document of `context` unless it has them; answers `context`. */
async function withQueries(doc: Document): Promise<string> {
  const context = await doc.context();
  const present = await doc.bidi.call<boolean>(context, `() => !!globalThis.${QUERIES_GLOBAL}`);
  if (!present) await doc.bidi.run(context, await queriesScript());
  return context;
}

/** Calls one of the in-page queries (installing them first in a document that has none yet). */
async function inPage<R>(doc: Document, fn: (q: InPageQueries, ...args: any[]) => R, args: unknown[]): Promise<R> {
  const context = await doc.context();
  const source = `(...args) => { const q = globalThis.${QUERIES_GLOBAL}; return q ? { ok: (${fn.toString()})(q, ...args) } : { missing: true }; }`;
  let answer = await doc.bidi.call<{ ok?: R; missing?: true }>(context, source, args);
  if (answer.missing) {
    await doc.bidi.run(context, await queriesScript());
    answer = await doc.bidi.call(context, source, args);
  }
  return answer.ok as R;
}

abstract class Root implements Queryable {
  protected abstract readonly doc: Document;
  protected abstract readonly steps: Step[];

  getByRole(role: Role, options: { name?: string | RegExp; exact?: boolean } = {}): Locator {
    return new FirefoxLocator(this.doc, [...this.steps, { role, name: options.name === undefined ? undefined : toMatch(options.name), exact: options.exact }]);
  }

  getByText(text: string | RegExp, options: { exact?: boolean } = {}): Locator {
    return new FirefoxLocator(this.doc, [...this.steps, { text: toMatch(text), exact: options.exact }]);
  }

  locator(selector: string): Locator {
    return new FirefoxLocator(this.doc, [...this.steps, { css: selector }]);
  }
}

/** The queries of a tab's document. */
export class DocumentRoot extends Root {
  protected readonly steps: Step[] = [];
  constructor(protected readonly doc: Document) {
    super();
  }
}

export class FirefoxLocator extends Root implements Locator {
  constructor(
    protected readonly doc: Document,
    readonly steps: Step[],
  ) {
    super();
  }

  filter({ hasText }: { hasText: string | RegExp }): Locator {
    return new FirefoxLocator(this.doc, [...this.steps, { hasText: toMatch(hasText) }]);
  }

  and(other: Locator): Locator {
    if (!(other instanceof FirefoxLocator)) throw new TypeError('and(): a locator of the same tab');
    return new FirefoxLocator(this.doc, [...this.steps, { and: other.steps }]);
  }

  frameLocator(selector: string): FrameLocator {
    const frame = new FirefoxLocator(this.doc, [...this.steps, { css: selector }]);
    const doc = this.doc;
    return new DocumentRoot({
      bidi: doc.bidi,
      describe: `${doc.describe} › frame ${selector}`,
      async context() {
        // The frame's window, serialised by BiDi as a reference to its browsing context.
        const remote = await doc.bidi.callRaw(
          await withQueries(doc),
          `(steps) => globalThis.${QUERIES_GLOBAL}.one(JSON.parse(steps)).contentWindow`,
          [frame.steps],
        );
        const context = (remote.value as { context?: string } | undefined)?.context;
        if (remote.type !== 'window' || !context) throw new Error(`${selector} is not a frame with a document`);
        return context;
      },
    });
  }

  private state(): Promise<ElementState> {
    return inPage(this.doc, (q, steps: Step[]) => q.state(steps), [this.steps]);
  }

  private describe(): string {
    return `${this.doc.describe} ${JSON.stringify(this.steps)}`;
  }

  async waitFor({ state = 'visible', timeout = DEFAULT_TIMEOUT_MS }: WaitOptions = {}): Promise<void> {
    const done = (s: ElementState) =>
      state === 'attached' ? s.count === 1 : state === 'visible' ? s.count === 1 && s.visible : state === 'detached' ? s.count === 0 : s.count === 0 || !s.visible;
    const deadline = Date.now() + timeout;
    let last: ElementState | string = 'never asked';
    for (;;) {
      // A document being replaced meanwhile counts as "not yet".
      const now = await this.state().catch((error: Error) => error.message);
      if (typeof now !== 'string' && done(now)) return;
      last = now;
      if (Date.now() > deadline) throw new Error(`waiting ${timeout} ms for ${state}: ${this.describe()}; last ${JSON.stringify(last)}`);
      await sleep(POLL_MS);
    }
  }

  async count(): Promise<number> {
    return (await this.state()).count;
  }

  /** Waits until the one element is visible and enabled, as Playwright does before acting. */
  private async actionable(): Promise<void> {
    const deadline = Date.now() + DEFAULT_TIMEOUT_MS;
    for (;;) {
      const now = await this.state().catch((error: Error) => error.message);
      if (typeof now !== 'string') {
        if (now.count > 1) throw new Error(`${now.count} elements for ${this.describe()}`);
        if (now.count === 1 && now.visible && now.enabled) return;
      }
      if (Date.now() > deadline) throw new Error(`not actionable within ${DEFAULT_TIMEOUT_MS} ms: ${this.describe()}; last ${JSON.stringify(now)}`);
      await sleep(POLL_MS);
    }
  }

  /** Scrolls the element into view and clicks its middle with the mouse (BiDi input). */
  async click(): Promise<void> {
    await this.actionable();
    const context = await withQueries(this.doc);
    const element = await this.doc.bidi.callRaw(
      context,
      `(steps) => { const el = globalThis.${QUERIES_GLOBAL}.one(JSON.parse(steps)); el.scrollIntoView({ block: 'center', inline: 'center' }); return el; }`,
      [this.steps],
    );
    if (!element.sharedId) throw new Error(`no element to click: ${this.describe()}`);
    await this.doc.bidi.send('input.performActions', {
      context,
      actions: [
        {
          type: 'pointer',
          id: 'mouse',
          parameters: { pointerType: 'mouse' },
          actions: [
            { type: 'pointerMove', x: 0, y: 0, origin: { type: 'element', element: { sharedId: element.sharedId } } },
            { type: 'pointerDown', button: 0 },
            { type: 'pointerUp', button: 0 },
          ],
        },
      ],
    });
    await this.doc.bidi.send('input.releaseActions', { context });
  }

  async fill(value: string): Promise<void> {
    await this.actionable();
    await inPage(this.doc, (q, steps: Step[], text: string) => q.fill(q.one(steps), text), [this.steps, value]);
  }

  async innerText(): Promise<string> {
    await this.waitFor({ state: 'attached' });
    return inPage(this.doc, (q, steps: Step[]) => q.innerText(q.one(steps)), [this.steps]);
  }

  async textContent(): Promise<string | null> {
    await this.waitFor({ state: 'attached' });
    return inPage(this.doc, (q, steps: Step[]) => q.one(steps).textContent, [this.steps]);
  }

  allInnerTexts(): Promise<string[]> {
    return inPage(this.doc, (q, steps: Step[]) => q.resolve(steps).map((el) => q.innerText(el)), [this.steps]);
  }

  async getAttribute(name: string): Promise<string | null> {
    await this.waitFor({ state: 'attached' });
    return inPage(this.doc, (q, steps: Step[], attribute: string) => q.one(steps).getAttribute(attribute), [this.steps, name]);
  }

  async evaluate<R, E extends SVGElement | HTMLElement = SVGElement | HTMLElement>(fn: (element: E, arg: string) => R | Promise<R>, arg?: string): Promise<R> {
    await this.waitFor({ state: 'attached' });
    const context = await withQueries(this.doc);
    return this.doc.bidi.call<R>(context, `async (steps, arg) => (${fn.toString()})(globalThis.${QUERIES_GLOBAL}.one(steps), arg)`, [this.steps, arg]);
  }
}
