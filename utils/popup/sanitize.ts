/**
 * Mail HTML is hostile. This turns it into markup that can't run anything and
 * can't reach the network, to be shown in a sandboxed iframe (no scripts, no
 * same-origin) under a CSP that allows images only from `data:` and `blob:`.
 *
 * The CSP is the wall against remote content; this sanitiser is the second one
 * (DOMPurify keeps `style`, and CSS can fetch through `url()`), so it also
 * scrubs CSS and takes every remote image out of `src`, remembering the URL so
 * that "Load images" can fetch it through the bridge and put a local URL back.
 */
import createDOMPurify, { type Config, type DOMPurify } from 'dompurify';

export interface SanitizeOptions {
  /** `cid:` content id (without brackets) → a data: (or blob:) URL of that inline part. */
  cidUrls?: ReadonlyMap<string, string>;
  /** Remote image URL → a data: (or blob:) URL of the bytes the bridge fetched. */
  remoteUrls?: ReadonlyMap<string, string>;
}

export interface SanitizedMail {
  /** Body markup, safe to put inside {@link mailDocument}. */
  html: string;
  /** Remote (http/https) image URLs in the message, in order, without duplicates. */
  remoteImages: string[];
  /** Content ids that `<img src="cid:…">` refers to. */
  cids: string[];
}

// Only these survive in href; everything else (javascript:, data:, vbscript:,
// file:, relative URLs that would resolve against about:srcdoc) is dropped.
const LINK_URL = /^(?:https?:|mailto:)/i;
// DOMPurify checks every non-text attribute value against this: DOMPurify's own
// default with only our schemes, so plain values ("300") pass and any other
// scheme (javascript:, data:, vbscript:, cid:) fails.
const ALLOWED_URI = /^(?:(?:https?|mailto):|[^a-z]|[a-z+.-]+(?:[^a-z+.\-:]|$))/i;
// Raster images only: an SVG data: URL is a document with its own tricks.
const DATA_IMAGE = /^data:image\/(?:png|gif|jpe?g|webp|bmp|avif);base64,[a-z0-9+/=\s]*$/i;

const CONFIG: Config = {
  // HTML only: no SVG or MathML namespaces and their mutation-XSS tricks.
  USE_PROFILES: { html: true },
  // Mail often comes as a whole document with <style> in <head>: parse it all
  // as body content so those styles are kept (and scrubbed) instead of lost.
  FORCE_BODY: true,
  // Our own markers must not be forgeable by the sender.
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: true,
  FORBID_TAGS: [
    'form', 'input', 'button', 'select', 'option', 'textarea', 'fieldset',
    'audio', 'video', 'source', 'track', 'picture', 'link', 'meta', 'base',
    'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'portal',
    'noscript', 'template', 'slot', 'dialog',
  ],
  // Attributes that load remote things or submit somewhere.
  FORBID_ATTR: [
    'background', 'srcset', 'poster', 'action', 'formaction', 'ping', 'lowsrc',
    'dynsrc', 'longdesc', 'usemap', 'xmlns', 'target', 'id', 'name', 'autofocus',
  ],
  ALLOWED_URI_REGEXP: ALLOWED_URI,
};

interface Run {
  options: SanitizeOptions;
  remote: string[];
  cids: string[];
}

let current: Run | null = null;
let purifier: DOMPurify | null = null;
// Hooks are per instance, so keep one instance of our own rather than adding
// hooks to the shared default export.
const pendingSrc = new WeakMap<Element, string>();

function instance(): DOMPurify {
  if (purifier) return purifier;
  const p = createDOMPurify(window);
  p.addHook('uponSanitizeElement', (node, data) => {
    if (data.tagName === 'style' && node.textContent) {
      node.textContent = scrubCss(node.textContent);
    }
  });
  p.addHook('beforeSanitizeAttributes', (node) => {
    // Take img src out before DOMPurify validates it (it would drop cid:), and
    // decide ourselves in afterSanitizeAttributes.
    if (node.nodeName === 'IMG' && node.hasAttribute('src')) {
      pendingSrc.set(node, node.getAttribute('src') ?? '');
      node.removeAttribute('src');
    }
  });
  p.addHook('uponSanitizeAttribute', (_node, data) => {
    if (data.attrName === 'style') data.attrValue = scrubCss(data.attrValue);
  });
  p.addHook('afterSanitizeAttributes', (node) => {
    if (node.nodeName === 'A' || node.nodeName === 'AREA') {
      const href = node.getAttribute('href');
      if (href !== null && LINK_URL.test(href.trim())) {
        node.setAttribute('target', '_blank');
        node.setAttribute('rel', 'noopener noreferrer');
      } else {
        node.removeAttribute('href');
      }
    }
    const src = pendingSrc.get(node);
    if (src !== undefined && current) {
      pendingSrc.delete(node);
      const resolved = resolveImage(src.trim(), current);
      if (resolved) node.setAttribute('src', resolved);
    }
  });
  purifier = p;
  return p;
}

function resolveImage(src: string, run: Run): string | null {
  if (/^cid:/i.test(src)) {
    const cid = decodeURIComponentSafe(src.slice(4)).replace(/^<|>$/g, '');
    if (!run.cids.includes(cid)) run.cids.push(cid);
    return run.options.cidUrls?.get(cid) ?? null;
  }
  if (/^https?:\/\//i.test(src)) {
    if (!run.remote.includes(src)) run.remote.push(src);
    return run.options.remoteUrls?.get(src) ?? null;
  }
  if (DATA_IMAGE.test(src)) return src;
  // blob: URLs are only ever ones we made (passed in through the maps above);
  // one written in the mail itself is dropped like any other scheme.
  return null;
}

/** Sanitises mail HTML for {@link mailDocument}. Never throws on odd input. */
export function sanitizeMail(dirty: string, options: SanitizeOptions = {}): SanitizedMail {
  const run: Run = { options, remote: [], cids: [] };
  current = run;
  try {
    const html = instance().sanitize(dirty, CONFIG);
    return { html: String(html), remoteImages: run.remote, cids: run.cids };
  } finally {
    current = null;
  }
}

/**
 * Makes CSS unable to fetch or execute: drops `@import`, every `url()` except a
 * raster data: image, `image-set()`, and the old script-in-CSS hooks. Escapes
 * are decoded first so `\75rl(` can't hide a `url(`.
 */
export function scrubCss(css: string): string {
  let out = css
    .replace(/\u0000/g, '')
    .replace(/\/\*[\s\S]*?(?:\*\/|$)/g, '')
    .replace(/\\([0-9a-f]{1,6})\s?/gi, (_, hex: string) => safeCodePoint(parseInt(hex, 16)))
    .replace(/\\(.)/g, '$1')
    .replace(/\\$/, '');
  const kept: string[] = [];
  out = out.replace(/url\s*\(\s*(['"]?)([^'")]*)\1\s*\)/gi, (_, _q: string, target: string) => {
    if (!DATA_IMAGE.test(target.trim())) return 'none';
    kept.push(target.trim());
    return `\u0000${kept.length - 1}\u0000`;
  });
  out = out
    .replace(/@import[^;]*;?/gi, '')
    // Whatever is still shaped like a fetching function is broken on purpose.
    .replace(/(?:-webkit-)?image-set\s*\(/gi, 'none(')
    .replace(/url\s*\(/gi, 'none(')
    .replace(/expression\s*\(/gi, 'none(')
    .replace(/(?:-moz-binding|behavior)\s*:/gi, 'x-removed:')
    // A "<" could close the <style> element when the markup is serialised again.
    .replace(/</g, '\\3c ')
    .replace(/\u0000(\d+)\u0000/g, (_, i: string) => `url("${kept[Number(i)] ?? ''}")`);
  return out;
}

/**
 * The frame's own styles, for its `html` and `body` (or the elements that stand for
 * them where the body is measured, see `measure-mail.ts`). The popup sizes the frame to
 * its content, so the document itself never scrolls sideways: wide mail (600-px
 * newsletter tables, fixed-width images) is reflowed to the width first, and what still
 * doesn't fit is scaled down by the popup.
 */
export function mailBaseCss(html: string, body: string): string {
  return (
    `${html}{color-scheme:light;overflow-x:hidden}` +
    `${body}{margin:12px;font:14px/1.5 system-ui,sans-serif;color:#1d1d1f;background:#fff;overflow-wrap:anywhere}` +
    'img{max-width:100%;height:auto}pre{white-space:pre-wrap}' +
    // Fixed-width layouts (the 600-px newsletter) reflow: a box may not be wider than
    // the one it sits in, whatever width it asks for.
    ':is(div,p,table,center,section,article,header,footer,main,aside,nav,h1,h2,h3,h4,h5,h6,ul,ol,dl,blockquote,figure){max-width:100%}'
  );
}

/**
 * The whole iframe document: our own CSP (on top of the page's, which a srcdoc
 * frame inherits), base styles, and the sanitised body.
 */
export function mailDocument(body: string): string {
  const csp = [
    "default-src 'none'",
    'img-src data: blob:',
    "style-src 'unsafe-inline'",
    'font-src data:',
    "form-action 'none'",
    "base-uri 'none'",
  ].join('; ');
  return (
    '<!doctype html><html><head><meta charset="utf-8">' +
    `<meta http-equiv="Content-Security-Policy" content="${csp}">` +
    '<meta name="referrer" content="no-referrer">' +
    `<style>${mailBaseCss('html', 'body')}</style>` +
    `</head><body>${body}</body></html>`
  );
}

function safeCodePoint(code: number): string {
  if (!Number.isFinite(code) || code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
    return '\ufffd';
  }
  return String.fromCodePoint(code);
}

function decodeURIComponentSafe(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
