// What the popup bench measures inside the page (popup and empty page alike), from
// the page's navigation start: when the 50th row (the empty page's one element)
// entered the DOM, the frame that shows it, and the popup's list after its refresh.
// It must run before any page script: bench/lib/build-extension.ts writes it into the
// bench build as a classic script, first in <head> (no browser offers an init script
// for Firefox's extension pages over WebDriver BiDi, so both browsers get it this way).

/** Rows the popup shows for the bench's two accounts (25 each). */
export const ROWS = 50;

/** The file in the bench build, at the extension's root. */
export const RECORDER_FILE = 'bench-recorder.js';

/** Runs in the page, before its own scripts. */
export function recorder(rows: number): void {
  const rec = { list: null as number | null, listFrame: null as number | null, fresh: null as number | null, freshFrame: null as number | null, sawBusy: false };
  (window as unknown as { __bench: typeof rec }).__bench = rec;
  const popup = location.pathname.endsWith('/popup.html');
  // requestAnimationFrame runs before the frame's style, layout and paint; a message
  // posted from it is handled after them, so that is when the frame was rendered.
  const afterNextFrame = (done: (t: number) => void) =>
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => done(performance.now());
      channel.port2.postMessage(null);
    });
  const check = () => {
    const now = performance.now();
    if (popup) {
      const count = document.querySelectorAll('li[data-row]').length;
      if (rec.list === null && count >= rows) {
        rec.list = now;
        afterNextFrame((t) => (rec.listFrame = t));
      }
      const busy = document.querySelector('button[aria-busy]')?.getAttribute('aria-busy');
      if (busy === 'true') rec.sawBusy = true;
      if (rec.fresh === null && rec.sawBusy && busy === 'false' && count >= rows) {
        rec.fresh = now;
        afterNextFrame((t) => (rec.freshFrame = t));
      }
    } else if (rec.list === null && document.querySelector('[data-bench-rendered]')) {
      rec.list = now;
      afterNextFrame((t) => (rec.listFrame = t));
    }
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-busy'] });
}

/** The times, once there (null until then); runs in the page. */
export function recordedTimes(waitFresh: boolean): { list: number; listFrame: number; freshFrame: number | null; domContentLoaded: number } | null {
  const rec = (window as unknown as { __bench?: { list: number | null; listFrame: number | null; freshFrame: number | null } }).__bench;
  if (!rec || rec.listFrame === null || (waitFresh && rec.freshFrame === null)) return null;
  const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
  return { list: rec.list!, listFrame: rec.listFrame, freshFrame: rec.freshFrame, domContentLoaded: nav?.domContentLoadedEventEnd ?? -1 };
}
