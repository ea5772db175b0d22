// @vitest-environment node
/**
 * The mail sanitiser, run where it runs: in Chromium (DOMPurify leans on the
 * browser's own parser, and happy-dom's differs in the ways that matter here).
 * Every hostile input is checked twice: the sanitised markup must contain
 * nothing executable or remote, and rendered the way the popup renders it
 * (sandboxed srcdoc frame under the popup's CSP) it must run nothing and fetch
 * nothing.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import PostalMime from 'postal-mime';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXTENSION_PAGES_CSP } from '../../../shared/extension';
import { MAIL_FIXTURES, mailFixtureFiles } from '../../support/fixtures';

const ORIGIN = 'https://popup.test';

let browser: Browser;
let page: Page;
/** Every request the page made that wasn't for the test page itself. */
const leaked: string[] = [];

async function bundle(): Promise<string> {
  const result = await build({
    configFile: false,
    logLevel: 'silent',
    build: { write: false, minify: false, lib: { entry: path.resolve(__dirname, '../../../utils/popup/sanitize.ts'), formats: ['iife'], name: 'Sanitize' } },
  });
  const output = (Array.isArray(result) ? result[0] : result) as { output: { code?: string }[] };
  return output.output[0]!.code!;
}

beforeAll(async () => {
  const code = await bundle();
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  page = await browser.newPage();
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url === `${ORIGIN}/`) {
      return route.fulfill({
        contentType: 'text/html',
        headers: { 'content-security-policy': EXTENSION_PAGES_CSP },
        body: '<!doctype html><script src="/sanitize.js"></script><script src="/canary.js"></script>',
      });
    }
    if (url === `${ORIGIN}/sanitize.js`) return route.fulfill({ contentType: 'text/javascript', body: code });
    if (url === `${ORIGIN}/canary.js`) {
      return route.fulfill({ contentType: 'text/javascript', body: 'window.ran = []; window.pwn = (w) => window.ran.push(String(w));' });
    }
    leaked.push(url);
    return route.fulfill({ status: 204 });
  });
  await page.goto(`${ORIGIN}/`);
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

interface Inspection {
  html: string;
  remoteImages: string[];
  problems: string[];
}

/** Sanitises in the page and lists everything in the result that could run or load. */
function inspect(dirty: string): Promise<Inspection> {
  return page.evaluate((input) => {
    const { sanitizeMail } = (window as unknown as { Sanitize: typeof import('@/utils/popup/sanitize') }).Sanitize;
    const result = sanitizeMail(input);
    const doc = new DOMParser().parseFromString(`<!doctype html><body>${result.html}`, 'text/html');
    const problems: string[] = [];
    const banned = 'script,iframe,frame,object,embed,applet,form,input,button,textarea,meta,base,link,svg,math,video,audio,source,template,noscript';
    for (const el of doc.querySelectorAll(banned)) problems.push(`element <${el.localName}>`);
    for (const el of doc.querySelectorAll('*')) {
      for (const attr of el.attributes) {
        const value = attr.value.trim();
        if (/^on/i.test(attr.name)) problems.push(`handler ${attr.name} on <${el.localName}>`);
        if (attr.name === 'href' && !/^(?:https?|mailto):/i.test(value)) problems.push(`href ${value}`);
        if (attr.name === 'src' && !/^data:image\/(?:png|gif|jpe?g|webp|bmp|avif);/i.test(value)) problems.push(`src ${value}`);
        if (['srcset', 'background', 'poster', 'action', 'formaction', 'xlink:href', 'ping', 'style'].includes(attr.name) && /https?:|url\s*\(|javascript:|data:/i.test(value) && !/url\("data:image\//i.test(value)) {
          problems.push(`${attr.name}=${value}`);
        }
      }
    }
    for (const style of doc.querySelectorAll('style')) {
      const css = style.textContent ?? '';
      if (/@import|url\s*\(\s*['"]?(?!data:image\/)|expression\s*\(|image-set|-moz-binding|behavior\s*:/i.test(css)) problems.push(`css ${css}`);
    }
    return { html: result.html, remoteImages: result.remoteImages, problems };
  }, dirty);
}

/** Renders like the popup (sandboxed srcdoc frame, no scripts, no same-origin) and reports what ran. */
async function renderInFrame(dirty: string): Promise<string[]> {
  return page.evaluate(async (input) => {
    const { sanitizeMail, mailDocument } = (window as unknown as { Sanitize: typeof import('@/utils/popup/sanitize') }).Sanitize;
    (window as unknown as { ran: string[] }).ran = [];
    const frame = document.createElement('iframe');
    frame.setAttribute('sandbox', 'allow-popups allow-popups-to-escape-sandbox');
    const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
    frame.srcdoc = mailDocument(sanitizeMail(input).html);
    document.body.append(frame);
    await loaded;
    // Give timers, animations and meta refreshes inside the frame a moment to try.
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    frame.remove();
    return (window as unknown as { ran: string[] }).ran;
  }, dirty);
}

const EVIL = 'https://evil.test';
const HOSTILE: [string, string][] = [
  ['script element', `<p>hi</p><script>parent.pwn('script')</script><script src="${EVIL}/x.js"></script>`],
  ['on* handlers', `<img src="x" onerror="parent.pwn('onerror')"><body onload="parent.pwn('onload')"><div onmouseover="parent.pwn(1)">x</div><details open ontoggle="parent.pwn('toggle')">`],
  ['javascript: links', `<a href="javascript:parent.pwn('a')">a</a><a href="  JaVaScRiPt:parent.pwn(2)">b</a><a href="java&#x09;script:parent.pwn(3)">c</a><a href="&#106;avascript:parent.pwn(4)">d</a>`],
  ['data: URLs', `<a href="data:text/html,<script>alert(1)</script>">a</a><img src="data:image/svg+xml,<svg onload=alert(1)>"><iframe src="data:text/html,x"></iframe>`],
  ['vbscript: and other schemes', `<a href="vbscript:msgbox(1)">v</a><a href="file:///etc/passwd">f</a><img src="blob:${EVIL}/x">`],
  ['CSS url() in style attributes', `<div style="background:url(${EVIL}/a.png)">a</div><div style="background-image: url( '${EVIL}/b.png' )">b</div><p style="list-style:url(${EVIL}/c.png)">c</p>`],
  ['CSS url() in style elements', `<style>body{background:url("${EVIL}/d.png")} li{cursor:url(${EVIL}/e.cur),auto}</style>`],
  ['escaped CSS url()', `<style>body{background:\\75 rl(${EVIL}/f.png)} p{background:u\\72l(${EVIL}/g.png)}</style><div style="background:\\75rl(${EVIL}/h.png)">x</div>`],
  ['CSS image-set and old script hooks', `<style>p{background-image:image-set("${EVIL}/i.png" 1x)} b{behavior:url(x.htc);-moz-binding:url(${EVIL}/x.xml#x);width:expression(alert(1))}</style>`],
  ['@import', `<style>@import url(${EVIL}/s.css); @import '${EVIL}/t.css'; p{color:red}</style>`],
  ['@font-face', `<style>@font-face{font-family:x;src:url(${EVIL}/f.woff)} p{font-family:x}</style>`],
  ['meta refresh', `<meta http-equiv="refresh" content="0;url=${EVIL}/meta"><meta http-equiv="refresh" content="0;url=javascript:parent.pwn('meta')">`],
  ['forms', `<form action="${EVIL}/post" method="post"><input name="a" value="b"><button formaction="${EVIL}/b">Go</button><input type="image" src="${EVIL}/btn.png"></form>`],
  ['base href', `<base href="${EVIL}/"><a href="relative">r</a><img src="relative.png">`],
  ['SVG script and handlers', `<svg><script>parent.pwn('svg')</script><a xlink:href="javascript:parent.pwn(5)"><text>x</text></a><animate onbegin="parent.pwn(6)" attributeName="x" dur="1s"/><use href="${EVIL}/u.svg#a"/><image href="${EVIL}/i.png"/></svg><svg onload="parent.pwn(7)"></svg>`],
  ['MathML tricks', `<math><mtext><table><mglyph><style><img src=x onerror="parent.pwn('math')"></style></mglyph></table></mtext></math><math href="javascript:parent.pwn(8)">m</math>`],
  ['mutation XSS via noscript and comments', `<noscript><p title="</noscript><img src=x onerror=parent.pwn('noscript')>"></noscript><!--<img src=x onerror=parent.pwn('comment')>--><p title="--><img src=x onerror=parent.pwn(9)>">`],
  ['iframes', `<iframe src="${EVIL}/frame"></iframe><iframe srcdoc="<script>parent.pwn('srcdoc')</script>"></iframe><frameset><frame src="${EVIL}/f"></frameset>`],
  ['object and embed', `<object data="${EVIL}/x.swf"></object><embed src="${EVIL}/x.swf"><applet code="x"></applet>`],
  ['link, media and other loaders', `<link rel="stylesheet" href="${EVIL}/s.css"><video poster="${EVIL}/p.png"><source src="${EVIL}/v.mp4"></video><audio src="${EVIL}/a.mp3"></audio><table background="${EVIL}/bg.png"><tr><td background="${EVIL}/td.png">x</td></tr></table><img srcset="${EVIL}/1.png 1x, ${EVIL}/2.png 2x"><a ping="${EVIL}/ping" href="https://ok.test/">ok</a>`],
  ['template and closing-tag tricks', `<template><script>parent.pwn('tpl')</script></template><style>a{}</style><img src=x onerror=parent.pwn(10)><style></style ><script>parent.pwn(11)</script>`],
  ['remote image', `<img src="${EVIL}/track.png?u=alice" width="1" height="1">`],
];

describe('sanitizeMail over hostile HTML (in Chromium)', () => {
  it.each(HOSTILE)('leaves nothing executable or remote: %s', async (_name, dirty) => {
    const result = await inspect(dirty);
    expect(result.problems).toEqual([]);
    expect(await renderInFrame(dirty)).toEqual([]);
    expect(leaked).toEqual([]);
  });

  it('keeps remote images out of src but remembers them for "Load images"', async () => {
    const result = await inspect(`<p>x</p><img src="${EVIL}/a.png" alt="a"><img src="${EVIL}/a.png"><img src="http://plain.test/b.gif">`);
    expect(result.html).not.toContain(EVIL);
    expect(result.remoteImages).toEqual([`${EVIL}/a.png`, 'http://plain.test/b.gif']);
  });

  it('puts fetched images and cid: parts back only through the maps it is given', async () => {
    const html = await page.evaluate(() => {
      const { sanitizeMail } = (window as unknown as { Sanitize: typeof import('@/utils/popup/sanitize') }).Sanitize;
      const png = 'data:image/png;base64,AAAA';
      return sanitizeMail('<img src="https://evil.test/a.png"><img src="cid:logo@x"><img src="cid:other">', {
        remoteUrls: new Map([['https://evil.test/a.png', png]]),
        cidUrls: new Map([['logo@x', png]]),
      }).html;
    });
    expect(html).toBe('<img src="data:image/png;base64,AAAA"><img src="data:image/png;base64,AAAA"><img>');
  });

  it('keeps ordinary mail intact: links open in a new tab without referrer, styles stay', async () => {
    const result = await inspect(
      '<html><head><style>h1{color:#2a5db0}</style></head><body><h1 style="font-size:20px">Hi</h1><p>See <a href="https://example.com/x">this</a> or <a href="mailto:a@example.com">mail</a>.</p><table width="300"><tr><td bgcolor="#eee">cell</td></tr></table><img src="data:image/png;base64,iVBORw0KGgo=" alt="inline" width="10"></body></html>',
    );
    expect(result.problems).toEqual([]);
    expect(result.html).toContain('<style>h1{color:#2a5db0}</style>');
    expect(result.html).toContain('<h1 style="font-size:20px">Hi</h1>');
    expect(result.html).toContain('<a href="https://example.com/x" target="_blank" rel="noopener noreferrer">this</a>');
    expect(result.html).toContain('<a href="mailto:a@example.com" target="_blank" rel="noopener noreferrer">mail</a>');
    expect(result.html).toContain('<table width="300">');
    expect(result.html).toContain('src="data:image/png;base64,iVBORw0KGgo="');
  });

  it('renders every HTML part of the fixture corpus with nothing executable or remote', async () => {
    const files = mailFixtureFiles().map((file) => path.join(MAIL_FIXTURES, file));
    expect(files.length).toBeGreaterThan(20);
    for (const file of files) {
      const mail = await PostalMime.parse(readFileSync(file));
      const html = mail.html ?? `<pre>${(mail.text ?? '').replace(/[<&]/g, (c) => (c === '<' ? '&lt;' : '&amp;'))}</pre>`;
      const result = await inspect(html);
      expect({ file: path.basename(path.dirname(file)) + '/' + path.basename(file), problems: result.problems }).toEqual({
        file: path.basename(path.dirname(file)) + '/' + path.basename(file),
        problems: [],
      });
      expect(await renderInFrame(html)).toEqual([]);
    }
    expect(leaked).toEqual([]);
  }, 60_000);
});
