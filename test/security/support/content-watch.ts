// What hostile mail could make a browser do, watched from outside the page: requests
// to the canary, dialogs, windows opened by content, and what the walls refused
// (console lines). Chromium reports these through Playwright; Firefox from its
// parent process (observers and the console service), since WebDriver BiDi reports
// nothing for extension pages.
//
// What each browser can report differs, measured on Chromium 156 and Firefox 153:
// - requests: Chromium reports a request its CSP then blocks (an attempt); Firefox
//   opens no channel for it, and only the console line says it was refused.
// - console: Chromium logs CSP refusals while the popup's sanitiser parses mail into
//   an inert document (nothing loads there); Firefox doesn't, and attributes a load
//   to the document of the script that started it.
import type { ChromiumExtension } from '../../e2e/browsers/chromium';
import type { ExtensionBrowser } from '../../e2e/browsers/driver';
import type { FirefoxExtension } from '../../e2e/browsers/firefox';

/** A console line and the document it came from. */
export interface ConsoleLine {
  source: string;
  text: string;
}

export interface ContentWatch {
  /** `METHOD URL` of requests to the canary the browser began, from any page, frame or worker. */
  requests(): Promise<string[]>;
  /** Dialogs any page opened (each dismissed at once). */
  dialogs(): Promise<string[]>;
  /** URLs of windows or tabs opened by content (they have an opener). */
  openedWindows(): Promise<string[]>;
  /** Console lines from a frame at about: (the mail frame) or naming the canary. */
  console(): Promise<ConsoleLine[]>;
  /** Forgets what was seen so far. */
  reset(): Promise<void>;
}

/** Firefox's privileged globals, in functions that run in its parent process. */
declare const Services: any;
declare const Ci: any;

export async function watchContent(extension: ExtensionBrowser, canaryOrigin: string): Promise<ContentWatch> {
  return extension.name === 'chromium' ? watchChromium(extension as ChromiumExtension, canaryOrigin) : watchFirefox(extension as FirefoxExtension, canaryOrigin);
}

function watchChromium({ context }: ChromiumExtension, canaryOrigin: string): ContentWatch {
  const host = new URL(canaryOrigin).host;
  let requests: string[] = [];
  let dialogs: string[] = [];
  let opened: string[] = [];
  let lines: ConsoleLine[] = [];
  context.on('request', (request) => {
    if (request.url().startsWith(canaryOrigin)) requests.push(`${request.method()} ${request.url()}`);
  });
  context.on('dialog', (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss().catch(() => undefined);
  });
  context.on('page', (page) => {
    void page.opener().then((opener) => {
      if (opener) opened.push(page.url());
    });
  });
  context.on('console', (message) => {
    const source = message.location().url;
    if (source.startsWith('about:') || message.text().includes(host)) lines.push({ source, text: message.text() });
  });
  return {
    requests: async () => [...requests],
    dialogs: async () => [...dialogs],
    openedWindows: async () => [...opened],
    console: async () => [...lines],
    async reset() {
      requests = [];
      dialogs = [];
      opened = [];
      lines = [];
    },
  };
}

async function watchFirefox(extension: FirefoxExtension, canaryOrigin: string): Promise<ContentWatch> {
  const { privileged, bidi } = extension.firefox;
  const requests = await extension.recordRequests([canaryOrigin]);
  let requestsSeen = 0;
  // Tabs open before the watch (the test's own) don't count as opened by content.
  const topLevel = async () =>
    ((await bidi.send('browsingContext.getTree', { maxDepth: 0 })).contexts as Array<{ url: string; originalOpener: string | null }>).filter(
      (c) => c.originalOpener !== null,
    );
  let openedBefore = (await topLevel()).length;
  await privileged((host: string) => {
    const w = window as unknown as { e2eWatch?: { dialogs: string[]; lines: Array<{ source: string; text: string }> } };
    const watch: { dialogs: string[]; lines: Array<{ source: string; text: string }> } = (w.e2eWatch = { dialogs: [], lines: [] });
    const dialogs = {
      observe(subject: any) {
        const dialog = subject.Dialog;
        watch.dialogs.push(`${dialog?.args?.promptType}: ${dialog?.args?.text}`);
        dialog?.ui?.button0?.click();
      },
    };
    for (const topic of ['common-dialog-loaded', 'tabmodal-dialog-loaded']) Services.obs.addObserver(dialogs, topic);
    const console = {
      observe(message: any) {
        if (!(message instanceof Ci.nsIScriptError)) return;
        const { sourceName: source, errorMessage: text, category } = message;
        // Firefox's hint that a frame was laid out before its styles were in ("Layout was
        // forced…"), as the popup sizing the mail frame does: no wall refused anything.
        if (category === 'Layout') return;
        if (String(source).startsWith('about:') || String(text).includes(host)) watch.lines.push({ source, text });
      },
    };
    Services.console.registerListener(console);
    Object.assign(w, { e2eWatchObservers: [dialogs, console] });
  }, new URL(canaryOrigin).host);
  const read = () => privileged(() => (window as unknown as { e2eWatch: { dialogs: string[]; lines: ConsoleLine[] } }).e2eWatch);
  return {
    requests: async () => (await requests.list()).slice(requestsSeen),
    dialogs: async () => (await read()).dialogs,
    openedWindows: async () => (await topLevel()).slice(openedBefore).map((c) => c.url),
    console: async () => (await read()).lines,
    async reset() {
      requestsSeen = (await requests.list()).length;
      openedBefore = (await topLevel()).length;
      await privileged(() => {
        const watch = (window as unknown as { e2eWatch: { dialogs: string[]; lines: ConsoleLine[] } }).e2eWatch;
        watch.dialogs.length = 0;
        watch.lines.length = 0;
      });
    },
  };
}
