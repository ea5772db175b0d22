// Hostile mail against the real popup, in Chromium and in Firefox (entry files
// xss-corpus.*.browser.test.ts): a corpus of XSS payloads from public
// cheat sheets (test/security/xss-payloads.txt, with the sources at its top),
// each rewritten so that it calls a canary server if it ever runs or loads
// anything. The payloads go out in HTML bodies (many to a message, and the
// context-sensitive ones alone), in text/plain bodies, in subjects and in
// sender names. Every message is opened in the popup, and then:
//   - the canary hears nothing from the browser, no dialog opens, no window
//     opens, no console line says a wall refused something of the mail's, and no
//     payload's postMessage reaches the popup (no CSP stops a postMessage, so a
//     script that ran in the sandboxed frame would show there);
//   - the rendered mail document holds no script, no event handler, no
//     javascript:/data: URL, no remote src and no CSS that fetches. This is
//     the sanitiser, the wall behind the frame's sandbox and the CSP;
//   - after "Load images", only the bridge's image proxy calls the canary,
//     only with GETs for resource URLs (/r/…) of that message's payloads,
//     never for a script's URL (/x/…).
// "Nothing happened" is checked once a positive signal says rendering is over:
// a sentinel image that is allowed (a data: PNG) has loaded in the mail frame,
// the message's end marker is there, and the document is complete.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { BrowserName, ExtensionBrowser, Tab } from '../e2e/browsers/driver';
import { expect, testIn } from '../e2e/fixtures';
import type { MessageView, PopupPage } from '../e2e/pages/popup';
import { startSpyServer, type SpyServer } from '../e2e/support/spy-server';
import { compose, PNG } from '../support/compose';
import { watchContent, type ConsoleLine, type ContentWatch } from './support/content-watch';

const SOON = { timeout: 10_000 };
const CORPUS_FILE = path.resolve('test/security/xss-payloads.txt');
/** Payloads per HTML message. */
const GROUP_SIZE = 20;
/** Messages per popup session: the popup lists at most 25 unread. */
const BATCH = 20;

interface Payload {
  n: number;
  /** The source tag of its section, e.g. "OWASP". */
  source: string;
  template: string;
}

/** Reads the corpus: one payload per line, `#` comments, sections named `# ---- [TAG] … ----`. */
function loadCorpus(): Payload[] {
  const payloads: Payload[] = [];
  let source = '?';
  for (const line of readFileSync(CORPUS_FILE, 'utf8').split('\n')) {
    const section = /^# -+ \[(\w+)\]/.exec(line);
    if (section) source = section[1]!;
    if (line.startsWith('#') || line.trim() === '') continue;
    payloads.push({ n: payloads.length + 1, source, template: line });
  }
  return payloads;
}

const codes = (text: string) => [...text].map((c) => c.codePointAt(0)!);
const hex = (code: number) => code.toString(16);

const ENCODERS: Record<string, (text: string) => string> = {
  dec: (t) => codes(t).map((c) => `&#${c};`).join(''),
  dec7: (t) => codes(t).map((c) => `&#${String(c).padStart(7, '0')}`).join(''),
  hex: (t) => codes(t).map((c) => `&#x${hex(c).toUpperCase()}`).join(''),
  b64: (t) => Buffer.from(t).toString('base64'),
  cc: (t) => codes(t).join(','),
  pct: (t) => [...Buffer.from(t)].map((b) => `%${b.toString(16).padStart(2, '0').toUpperCase()}`).join(''),
  css: (t) => codes(t).map((c) => `\\${hex(c).padStart(6, '0')}`).join(''),
  jsx: (t) => codes(t).map((c) => `\\x${hex(c).padStart(2, '0')}`).join(''),
};

/** The payload as mailed: placeholders filled in for this canary (see the corpus file's header). */
function render(template: string, n: number, host: string): string {
  const js = `fetch('http://${host}/x/${n}');top.postMessage('xss:${n}','*');alert(${n})`;
  const values: Record<string, string> = {
    N: String(n),
    HOST: host,
    URL: `http://${host}/r/${n}.png`,
    JS: js,
    JSQ: `eval(String.fromCharCode(${codes(js).join(',')}))`,
    JSURL: `javascript:${js}`,
    TAB: '\t',
    NL: '\n',
    CR: '\r',
    FF: '\f',
    NUL: '\0',
  };
  return template
    .replace(/\{(N|HOST|URL|JSQ|JSURL|JS|TAB|NL|CR|FF|NUL)\}/g, (_, name: string) => values[name]!)
    .replace(/\{\{([a-z0-9]+):([\s\S]*?)\}\}/g, (_, encoding: string, text: string) => {
      const repeat = /^r(\d+)$/.exec(encoding);
      if (repeat) return text.repeat(Number(repeat[1]));
      const encode = ENCODERS[encoding];
      if (!encode) throw new Error(`unknown encoding {{${encoding}:…}} in the corpus`);
      return encode(text);
    });
}

// Closes whatever a payload left open, so the next payload in the same message
// is parsed from body context as it would be alone: first a quoted attribute
// and its tag (dangling markup), then a comment, then raw-text and other
// elements (a <video> left open would take everything after it along when the
// sanitiser drops it).
const RESET =
  '\n"\'>\n<!-- -->--></textarea></title></style></xmp></noembed></noframes></noscript></iframe></select></template>' +
  '</object></video></audio></form></td></tr></table></svg></math></script>\n';

/** Payloads whose trick depends on where they stand in the document: mailed alone too. */
function alsoAlone(p: Payload): boolean {
  return /<(html|head|body|meta|base|frameset|link|style)\b|^javascript:/i.test(p.template);
}

/**
 * Payloads that can take whatever follows them along: mutation XSS (namespace
 * confusion makes the sanitiser drop the rest with the element it removes) and
 * 506 nested elements (it drops what is nested deeper than it allows). Mailed
 * alone, and without asking for the end marker.
 */
function onlyAlone(p: Payload): boolean {
  return p.source === 'MXSS' || /\{\{r\d+:/.test(p.template);
}

interface Mail {
  subject: string;
  /** Payload numbers this message holds. */
  payloads: number[];
  /** Where the payloads are. */
  placement: string;
  /**
   * Text at the end of the body: once it shows, the whole body has been parsed. Null where a
   * payload may take the rest of the body with it (the sanitiser drops what is nested too deep).
   */
  endMarker: string | null;
  /** Whether the body is HTML (with the sentinel image) or plain text. */
  html: boolean;
  /** For plain text, subject and sender: markup the reader must show as text, verbatim. */
  showsAsText?: string;
  raw: () => Promise<Buffer>;
}

const SENTINEL_ALT = 'Sentinel';

/** Builds every message of the corpus for this canary. */
function buildMails(corpus: Payload[], host: string) {
  let k = 0;
  const render1 = (p: Payload) => render(p.template, p.n, host);
  const range = (ps: Payload[]) =>
    ps.length === 1 ? `payload ${ps[0]!.n}` : ps.at(-1)!.n - ps[0]!.n === ps.length - 1 ? `payloads ${ps[0]!.n}–${ps.at(-1)!.n}` : `${ps.length} payloads from ${ps[0]!.n} to ${ps.at(-1)!.n}`;
  const oneLine = (p: Payload) => !/\{(TAB|NL|CR|FF|NUL)\}|\{\{/.test(p.template);

  const htmlMail = (ps: Payload[], title: string, placement: string, ends: boolean): Mail => {
    const id = ++k;
    const subject = `#${id} ${title}`;
    const endMarker = `End of message ${id}.`;
    const html =
      `<p>${range(ps)}</p><img src="data:image/png;base64,${PNG.toString('base64')}" alt="${SENTINEL_ALT}" width="8" height="8">\n` +
      ps.map((p) => render1(p) + RESET).join('') +
      `<p>${endMarker}</p>`;
    // The same payloads as the text/plain alternative (not shown when there is HTML).
    const text = ps.map(render1).join('\n') + `\n${endMarker}`;
    return {
      subject,
      payloads: ps.map((p) => p.n),
      placement,
      endMarker: ends ? endMarker : null,
      html: true,
      raw: () => compose({ subject, from: 'Mallory <mallory@example.test>', html, text }),
    };
  };

  const textMail = (ps: Payload[]): Mail => {
    const id = ++k;
    const subject = `#${id} plain text, ${range(ps)}`;
    const endMarker = `End of message ${id}.`;
    return {
      subject,
      payloads: ps.map((p) => p.n),
      placement: 'text/plain body',
      endMarker,
      html: false,
      showsAsText: render1(ps.find(oneLine)!),
      raw: () => compose({ subject, from: 'Mallory <mallory@example.test>', text: ps.map(render1).join('\n') + `\n${endMarker}` }),
    };
  };

  const headerMail = (p: Payload, where: 'subject' | 'from'): Mail => {
    const id = ++k;
    const payload = render1(p);
    const subject = where === 'subject' ? `#${id} subject holds payload ${p.n}: ${payload}` : `#${id} sender name holds payload ${p.n}`;
    const endMarker = `End of message ${id}.`;
    return {
      subject,
      payloads: [p.n],
      placement: where === 'subject' ? 'Subject header' : 'From display name',
      endMarker,
      html: false,
      showsAsText: where === 'subject' ? subject : payload,
      raw: () =>
        compose({
          subject,
          from: where === 'from' ? { name: payload, address: 'mallory@example.test' } : 'Mallory <mallory@example.test>',
          text: `A message with a payload in its ${where === 'subject' ? 'subject' : 'sender name'}.\n${endMarker}`,
        }),
    };
  };

  const groups = chunk(corpus.filter((p) => !onlyAlone(p)), GROUP_SIZE).map((ps) => htmlMail(ps, `HTML, ${range(ps)}`, 'HTML body, with others', true));
  const alone = corpus.filter((p) => alsoAlone(p) || onlyAlone(p)).map((p) => htmlMail([p], `HTML, ${range([p])} alone`, 'HTML body, alone', !onlyAlone(p)));
  const texts = chunk(corpus, Math.ceil(corpus.length / 3)).map(textMail);
  // Header payloads: short ones without control characters (headers are one line), spread over the corpus.
  const short = corpus.filter((p) => oneLine(p) && render1(p).length <= 160);
  const spread = (count: number, offset: number) => Array.from({ length: count }, (_, i) => short[Math.floor(((i + offset) * short.length) / count)]!);
  const headers = [...spread(6, 0).map((p) => headerMail(p, 'subject')), ...spread(3, 0.5).map((p) => headerMail(p, 'from'))];
  return { groups, alone, texts, headers };
}

/** What the browser (or the bridge) did that it shouldn't have: the test asserts each list stays empty. */
interface Watch {
  canary: SpyServer;
  /** Requests, dialogs, windows and console lines, as the browser reports them (support/content-watch.ts). */
  content: ContentWatch;
  /**
   * Whether a console line was logged while the popup's sanitiser parsed mail into an
   * inert document (Chromium checks the popup's CSP there, though nothing loads or runs
   * in an inert document: checked without any CSP). Those are only counted.
   */
  whileSanitising(line: ConsoleLine): boolean;
  /**
   * Payloads of messages whose "Load images" was pressed: the bridge's fetches for them
   * may still reach the canary while a later message is read (seen on a busy machine).
   */
  imagesAsked: Set<number>;
}

/** The payload number of a resource request to the canary (`/r/N/…`), NaN for others. */
const payloadOf = (request: { path: string }) => Number(/^\/r\/(\d+)/.exec(request.path)?.[1]);

/** A late fetch by the bridge for an earlier message's "Load images", not this message's doing. */
const lateImageFetch = (watch: Watch, request: { path: string; headers: Record<string, unknown> }, mail: Mail) =>
  request.headers['user-agent'] === 'Postbode image proxy' && !mail.payloads.includes(payloadOf(request)) && watch.imagesAsked.has(payloadOf(request));

// In the mail frame's document: everything that could run or fetch, if the
// sanitiser had let it through. Runs in the browser.
function auditMailDocument(): string[] {
  const doc = document;
  const body = document.body;
  const problems: string[] = [];
  const FORBIDDEN =
    'script,iframe,frame,frameset,object,embed,applet,form,input,button,select,textarea,meta,base,link,svg,math,template,noscript,portal,video,audio,source,track,picture,image';
  for (const el of body.querySelectorAll(FORBIDDEN)) problems.push(`<${el.localName}> element`);
  const RASTER_DATA = /^data:image\/(?:png|gif|jpe?g|webp|bmp|avif);base64,/i;
  for (const el of body.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      const where = `<${el.localName} ${attr.name}="${attr.value.slice(0, 80)}">`;
      if (/^on/i.test(attr.name)) problems.push(`event handler ${where}`);
      const value = attr.value.replace(/[\u0000-\u0020]/g, '');
      if (el.localName === 'a' && attr.name === 'href') {
        if (!/^(?:https?|mailto):/i.test(value)) problems.push(`link that is not http(s)/mailto ${where}`);
        continue;
      }
      if (/^(?:javascript|vbscript|livescript):/i.test(value)) problems.push(`script URL ${where}`);
      if (/^data:/i.test(value) && !RASTER_DATA.test(value)) problems.push(`data: URL ${where}`);
      if (['src', 'srcset', 'background', 'poster', 'data', 'action', 'formaction', 'lowsrc', 'dynsrc', 'xlink:href', 'ping', 'codebase'].includes(attr.name) && !RASTER_DATA.test(value)) {
        problems.push(`loading attribute ${where}`);
      }
    }
  }
  // CSS as the browser parsed it (escapes resolved, invalid declarations dropped).
  const fetches = (css: string) => /url\(\s*(?!["']?data:image\/)|image-set\(|@import/i.test(css);
  const rulesOf = (list: CSSRuleList): string[] =>
    [...list].flatMap((rule) => ('cssRules' in rule && (rule as CSSGroupingRule).cssRules ? [rule.cssText, ...rulesOf((rule as CSSGroupingRule).cssRules)] : [rule.cssText]));
  for (const sheet of doc.styleSheets) {
    if (sheet.ownerNode && !body.contains(sheet.ownerNode)) continue; // the frame's own base styles
    for (const text of rulesOf(sheet.cssRules)) if (fetches(text)) problems.push(`CSS that fetches: ${text.slice(0, 120)}`);
  }
  for (const el of body.querySelectorAll<HTMLElement>('[style]')) {
    if (fetches(el.style.cssText)) problems.push(`style that fetches: <${el.localName} style="${el.style.cssText.slice(0, 120)}">`);
  }
  return problems;
}

/** Starts recording what any frame posts to the popup window (before a message opens). */
const recordMessages = (page: Tab) =>
  page.evaluate(() => {
    const w = window as unknown as { e2eMessages?: string[] };
    w.e2eMessages = [];
    window.addEventListener('message', (event) => w.e2eMessages!.push(String(event.data)));
  });

/** Messages the popup window received through postMessage since {@link recordMessages}. */
const received = (page: Tab) => page.evaluate(() => (window as unknown as { e2eMessages?: string[] }).e2eMessages ?? []);

/** Lines from the popup's own document are Chromium's inert-parse checks; Firefox logs none there. */
function sanitisingIn(extension: ExtensionBrowser): (line: ConsoleLine) => boolean {
  return (line) => extension.name === 'chromium' && line.source.startsWith(extension.url(''));
}

/**
 * Runs `fn` in the mail frame's current document (its locators wait for the frame's
 * document, not its layout, which lags in this sandboxed frame; only the DOM matters here).
 */
function inMail<T>(view: MessageView, fn: (html: HTMLElement, arg: string) => T, arg = ''): Promise<T> {
  return view.body().locator('html').evaluate(fn, arg);
}

/** Polls the mail frame; a document being replaced meanwhile counts as "not yet". */
const inMailOrNull = <T,>(view: MessageView, fn: (html: HTMLElement, arg: string) => T) => inMail(view, fn).catch(() => null);

/**
 * The mail frame's document has rendered: the sentinel image (a data: PNG, which
 * the sanitiser and the CSP allow) has loaded, the end marker is there, and
 * loading is over. Whatever the payloads were going to fetch, they have asked for.
 */
async function settled(view: MessageView, endMarker: string | null): Promise<void> {
  await expect
    .poll(
      () =>
        inMailOrNull(view, () => {
          const img = document.querySelector<HTMLImageElement>('img[alt="Sentinel"]'); // SENTINEL_ALT
          return { sentinel: !!img && img.complete && img.naturalWidth === 1, complete: document.readyState === 'complete', text: document.body.textContent ?? '' };
        }).then((state) => state && { sentinel: state.sentinel, complete: state.complete, ended: endMarker === null || state.text.includes(endMarker) }),
      { ...SOON, message: `${view.subject}: the mail frame's final document` },
    )
    .toEqual({ sentinel: true, complete: true, ended: true });
}

/** Delivers the messages, opens the popup on them and reads each one as a user would. */
async function readAll(popup: PopupPage, mails: Mail[], watch: Watch, deliver: (raw: Buffer) => Promise<unknown>): Promise<void> {
  for (const mail of mails) await deliver(await mail.raw());
  await popup.open();
  await recordMessages(popup.page);
  await popup.page.bringToFront();
  for (const mail of mails) await popup.row(mail.subject).waitFor(SOON);

  for (const mail of mails) {
    console.log(`${mail.subject.slice(0, 60)} (${mail.placement}): payloads ${mail.payloads.join(', ')}`);
    const seen = watch.canary.requests.length;
    const view = await popup.openMessage(mail.subject);
    if (mail.html) {
      await settled(view, mail.endMarker);
      expect(await inMail(view, auditMailDocument), `${mail.subject}: the rendered mail`).toEqual([]);
    } else {
      await view.root.getByText(mail.endMarker!).waitFor(SOON);
      // Shown as the sender wrote it: had it been parsed as markup, its tags would be gone from the text.
      expect(await view.root.textContent(), `${mail.subject}: the reader's text`).toContain(mail.showsAsText!);
    }
    // Rendering is over: nothing ran, nothing loaded.
    const beforeLoad = watch.canary.requests.slice(seen).filter((r) => !lateImageFetch(watch, r, mail));
    expect(beforeLoad.map((r) => r.path), `${mail.subject}: canary, before "Load images"`).toEqual([]);
    await expectQuiet(watch, await received(popup.page), mail.subject);

    const loadImages = view.root.getByRole('button', { name: 'Load images', exact: true });
    if (mail.html && (await loadImages.count()) > 0) {
      const frame = view.root.locator('iframe[title="Message"]');
      const before = await frame.getAttribute('srcdoc');
      await inMail(view, (html) => html.setAttribute('data-e2e-old', ''));
      for (const n of mail.payloads) watch.imagesAsked.add(n);
      await view.loadImages();
      await loadImages.waitFor({ state: 'detached', ...SOON });
      // Images that loaded change the document: wait for the new one.
      if ((await frame.getAttribute('srcdoc')) !== before) {
        await expect.poll(() => inMailOrNull(view, (html) => html.hasAttribute('data-e2e-old')), SOON).toBe(false);
      }
      await settled(view, mail.endMarker);
      expect(await inMail(view, auditMailDocument), `${mail.subject}: the mail with images`).toEqual([]);
      // The bridge fetched (or tried) the message's image URLs; the browser fetched nothing.
      const fetched = watch.canary.requests.slice(seen).filter((r) => !lateImageFetch(watch, r, mail));
      console.log(`  "Load images": the bridge fetched ${fetched.length} URL(s) from the canary: ${fetched.map((r) => r.path.slice(0, 16)).join(' ')}`);
      for (const request of fetched) {
        const n = payloadOf(request);
        expect(
          { method: request.method, agent: request.headers['user-agent'], ofThisMessage: mail.payloads.includes(n) },
          `${mail.subject}: canary request ${request.path}`,
        ).toEqual({ method: 'GET', agent: 'Postbode image proxy', ofThisMessage: true });
      }
      await expectQuiet(watch, await received(popup.page), mail.subject);
    }
    await view.back();
  }
  // Late arrivals count too: in all, only the bridge's image proxy ever called the canary, for resources.
  const strays = watch.canary.requests.filter((r) => !(r.method === 'GET' && r.headers['user-agent'] === 'Postbode image proxy' && /^\/r\/\d+/.test(r.path)));
  expect(strays.map((r) => `${r.method} ${r.path} (${r.headers['user-agent']})`)).toEqual([]);
  await expectQuiet(watch, await received(popup.page), 'all messages');
  console.log(`CSP refusals logged while sanitising (inert parse, so far): ${(await watch.content.console()).filter(watch.whileSanitising).length}`);
}

/** What the wall refused: console lines, but not those of the sanitiser's inert parse. */
async function refused(watch: Watch): Promise<string[]> {
  return (await watch.content.console()).filter((line) => !watch.whileSanitising(line)).map((line) => `${line.source}: ${line.text.slice(0, 200)}`);
}

async function expectQuiet(watch: Watch, messages: string[], subject: string): Promise<void> {
  const { content } = watch;
  expect(
    { fromBrowser: await content.requests(), dialogs: await content.dialogs(), openedWindows: await content.openedWindows(), postMessages: messages, refused: await refused(watch) },
    `${subject}: the browser`,
  ).toEqual({ fromBrowser: [], dialogs: [], openedWindows: [], postMessages: [], refused: [] });
}

const corpus = loadCorpus();

/** Per batch test: BATCH messages opened one by one, on two busy cores. */
const BATCH_TEST = 120_000;

/** How the corpus splits into messages; the canary's address only changes their text. */
const planned = buildMails(corpus, '127.0.0.1:1');

export function xssCorpusJourneys(browser: BrowserName): void {
  const test = testIn(browser);
  const testWithCanary = test.extend('watch', { scope: 'file' }, async ({ extension }, { onCleanup }) => {
    const canary = await startSpyServer();
    onCleanup(() => canary.close());
    const watch: Watch = { canary, content: await watchContent(extension, canary.origin), whileSanitising: sanitisingIn(extension), imagesAsked: new Set() };
    return watch;
  });

  test('the corpus holds at least 100 payloads, each aimed at the canary', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(100);
    for (const p of corpus) {
      // Each payload calls the canary (script) or loads from it (resource), however it is encoded.
      expect(p.template, `payload ${p.n}`).toMatch(/\{(?:URL|JSQ?|JSURL|HOST)\}/);
      expect(render(p.template, p.n, '127.0.0.1:1'), `payload ${p.n} has a placeholder left`).not.toMatch(/\{(?:N|HOST|URL|JSQ?|JSURL|TAB|NL|CR|FF|NUL)\}|\{\{\w+:/);
    }
    const bySource = new Map<string, number>();
    for (const p of corpus) bySource.set(p.source, (bySource.get(p.source) ?? 0) + 1);
    console.log(`XSS corpus: ${corpus.length} payloads (${[...bySource].map(([source, count]) => `${source} ${count}`).join(', ')})`);
  });

  testWithCanary.describe('cheat-sheet payloads in mail opened in the popup', () => {
    const mailsFor = (watch: Watch) => buildMails(corpus, new URL(watch.canary.origin).host);

    // Controls first: each watcher does notice what it is there for, so its silence later means something.
    testWithCanary('the watchers notice a script run in the mail frame, what its CSP refuses, and a fetch from the popup', async ({ inbox: _, mailServers, popup, watch }) => {
      const [control] = buildMails([{ n: 0, source: 'control', template: '<p>Nothing hostile here.</p>' }], new URL(watch.canary.origin).host).groups;
      await readAll(popup, [control!], watch, (raw) => mailServers.dovecot.append('alice', 'INBOX', raw));
      const view = await popup.openMessage(control!.subject);
      await settled(view, control!.endMarker);
      // As if a payload ran in the frame (the test's evaluate gets past the sandbox, not the CSP).
      const canary = watch.canary.origin;
      await inMail(
        view,
        (_html, url) => {
          top!.postMessage('xss:control', '*');
          new Image().src = `${url}/x/control-frame`;
        },
        canary,
      );
      await popup.page.evaluate((url: string) => fetch(`${url}/x/control-popup`).then((r) => r.text()), canary);
      await expect.poll(() => received(popup.page)).toEqual(['xss:control']);
      // The frame's image never left the browser: the CSP refused it, and says so.
      expect(watch.canary.paths()).toEqual(['/x/control-popup']);
      await expect.poll(async () => (await refused(watch)).some((line) => line.includes('/x/control-frame'))).toBe(true);
      // Chromium reports the attempt as a request too; Firefox opens no channel for it.
      const attempts = { chromium: ['control-frame', 'control-popup'], firefox: ['control-popup'] }[browser];
      expect((await watch.content.requests()).sort()).toEqual(attempts.map((path) => `GET ${canary}/x/${path}`));
      // Back to silence for the corpus.
      watch.canary.requests.length = 0;
      await watch.content.reset();
    });

    // One test per batch of messages: the corpus can grow without any test's budget
    // having to (a batch is BATCH messages opened one by one, whatever the corpus size).
    // Each test starts on an empty inbox (the `inbox` fixture).
    const groupBatches = chunk(planned.groups, BATCH).length;
    for (let i = 0; i < groupBatches; i++) {
      testWithCanary(`HTML bodies with 20 payloads each run nothing and load nothing; "Load images" fetches images only, through the bridge (batch ${i + 1} of ${groupBatches})`, { timeout: BATCH_TEST }, async ({ inbox: _, mailServers, popup, watch }) => {
        const batch = chunk(mailsFor(watch).groups, BATCH)[i]!;
        await readAll(popup, batch, watch, (raw) => mailServers.dovecot.append('alice', 'INBOX', raw));
        // The canary was there to be called: "Load images" reached it, through the bridge.
        if (i === groupBatches - 1) expect(watch.canary.requests.length).toBeGreaterThan(0);
      });
    }

    const aloneBatches = chunk(planned.alone, BATCH).length;
    for (let i = 0; i < aloneBatches; i++) {
      testWithCanary(`context-sensitive payloads (mutation XSS, document-level tags) alone in an HTML body run nothing and load nothing (batch ${i + 1} of ${aloneBatches})`, { timeout: BATCH_TEST }, async ({ inbox: _, mailServers, popup, watch }) => {
        const batch = chunk(mailsFor(watch).alone, BATCH)[i]!;
        await readAll(popup, batch, watch, (raw) => mailServers.dovecot.append('alice', 'INBOX', raw));
      });
    }

    testWithCanary('payloads in text/plain bodies, subjects and sender names show as text and run nothing', { timeout: BATCH_TEST }, async ({ inbox: _, mailServers, popup, watch }) => {
      const { texts, headers } = mailsFor(watch);
      await readAll(popup, [...texts, ...headers], watch, (raw) => mailServers.dovecot.append('alice', 'INBOX', raw));
      // In the list too, subject and sender are text.
      for (const mail of headers) expect(await popup.row(mail.subject).textContent()).toContain(mail.showsAsText!);
    });
  });
}

function chunk<T>(items: T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
}
