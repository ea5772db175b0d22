// What sticks out sideways on an extension page: run in the page (`tab.evaluate(overflowIn)`),
// so it must stay self-contained. Answers one line per problem, empty when all fits.

/** Elements that hold a row of controls: each must fit its own width. */
export const TOOLBARS = '[role="toolbar"], .top, .view__bar, .account__bar, .row__actions, .toast, .images-bar';

export function overflowIn(toolbars: string): string[] {
  const problems: string[] = [];
  const name = (el: Element) =>
    `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} "${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 40)}"`;
  const root = document.documentElement;
  if (root.scrollWidth > root.clientWidth) problems.push(`the page scrolls sideways: ${root.scrollWidth} > ${root.clientWidth}`);
  for (const bar of document.querySelectorAll<HTMLElement>(toolbars)) {
    if (bar.getClientRects().length && bar.scrollWidth > bar.clientWidth) problems.push(`${name(bar)} overflows: ${bar.scrollWidth} > ${bar.clientWidth}`);
  }
  for (const control of document.querySelectorAll<HTMLElement>('button, a[href], input, select, textarea')) {
    const box = control.getBoundingClientRect();
    if (!box.width || !box.height || getComputedStyle(control).visibility === 'hidden') continue;
    if (box.left < -0.5 || box.right > root.clientWidth + 0.5) problems.push(`${name(control)} is outside the viewport: ${Math.round(box.left)}–${Math.round(box.right)} of ${root.clientWidth}`);
  }
  return problems;
}
