/**
 * How big a mail body is when laid out at a width, measured in the popup itself.
 *
 * The body is shown in a sandboxed frame without scripts and without same-origin (its
 * document has an opaque origin), so the popup can't read the frame's layout, and
 * nothing in the frame may run to tell it. Instead the same sanitised markup is laid
 * out once more, for a moment, in a shadow root of the popup that is never painted:
 * inside a 0×0 box that clips it (`contain: strict`), `inert` and hidden from assistive
 * technology, then removed. The markup is DOMPurify's output (no script, no handler,
 * no form, no remote URL) under the popup's CSP; the mail's CSS stays inside the shadow
 * root, its `:host` rules are disabled so it can't style the box, and its `html`/`body`
 * selectors are pointed at the elements that stand for them.
 */
import { mailBaseCss } from './sanitize';

export interface MailSize {
  /** Width of the laid-out document: the popup's width, or more when the mail doesn't fit it. */
  width: number;
  height: number;
}

/** Images get this long to decode before the body is measured without them. */
const IMAGE_WAIT_MS = 1500;

/** The body's size at `width` CSS pixels, or null when nothing lays out (no layout engine). */
export async function measureMail(body: string, width: number): Promise<MailSize | null> {
  const clip = document.createElement('div');
  clip.setAttribute('aria-hidden', 'true');
  clip.inert = true;
  clip.style.cssText = 'position:fixed;left:0;top:0;width:0;height:0;overflow:hidden;contain:strict;visibility:hidden;pointer-events:none';
  const host = document.createElement('div');
  host.style.cssText = `display:block;width:${width}px`;
  clip.append(host);
  const root = host.attachShadow({ mode: 'closed' });
  // Parsed inert (no innerHTML: the popup's sources have no HTML sinks), inside the
  // wrapper so that the mail's <style> stays with its markup instead of going to a <head>.
  const parsed = new DOMParser().parseFromString(`<div class="mail-html"><div class="mail-body">${body}</div></div>`, 'text/html');
  root.append(document.adoptNode(parsed.body.firstElementChild!));
  for (const style of root.querySelectorAll('style')) style.textContent = retarget(style.textContent ?? '');
  const base = document.createElement('style');
  base.textContent = `.mail-html{display:flow-root}${mailBaseCss('.mail-html', '.mail-body')}`;
  root.prepend(base);
  document.body.append(clip);
  try {
    const images = [...root.querySelectorAll('img')].map((img) => img.decode().catch(() => undefined));
    await Promise.race([Promise.all(images), new Promise((resolve) => setTimeout(resolve, IMAGE_WAIT_MS))]);
    const page = root.querySelector<HTMLElement>('.mail-html')!;
    const height = Math.ceil(page.getBoundingClientRect().height);
    if (!height) return null;
    const mailBody = root.querySelector<HTMLElement>('.mail-body')!;
    // What sticks out past the body's right edge, plus the body's right margin.
    const margin = parseFloat(getComputedStyle(mailBody).marginRight) || 0;
    return { width: Math.max(width, Math.ceil(page.scrollWidth + margin)), height };
  } finally {
    clip.remove();
  }
}

/** The mail's CSS as it applies in the shadow root: `html`/`body` → their stand-ins, `:host` off. */
function retarget(css: string): string {
  return css
    .replace(/:host(?:-context)?\b/gi, '.mail-no-host')
    .replace(/(^|[\s,>+~{}(])html\b(?![-\w])/gi, '$1.mail-html')
    .replace(/(^|[\s,>+~{}(])body\b(?![-\w])/gi, '$1.mail-body');
}

/** How the frame shows a body in `available` pixels: laid out at `width`, `height` tall, drawn at `scale`. */
export interface MailFit extends MailSize {
  scale: number;
}

/**
 * Reflowed to `available` when the mail allows it (see `mailBaseCss`); a mail that
 * is still wider (a fixed 600-px layout) is laid out at its own width and scaled down
 * to fit, as phone mail apps do, so nothing scrolls sideways.
 */
export async function fitMail(body: string, available: number): Promise<MailFit | null> {
  const first = await measureMail(body, available);
  if (!first) return null;
  if (first.width <= available) return { width: available, height: first.height, scale: 1 };
  const wide = (await measureMail(body, first.width)) ?? first;
  return { ...wide, scale: available / wide.width };
}
