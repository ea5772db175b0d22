// Finding elements as a user does, by role and accessible name or by text, inside a
// page. Firefox's driver runs this in the page (bundled by ./engine.ts): WebDriver
// BiDi has no locators of its own. The rules follow Playwright's (what the Chromium
// suite uses), so one page object means the same in both browsers:
// - a name or text given as a string matches case-insensitively as a substring of
//   the whitespace-normalised text, or exactly (case and all) with `exact`;
// - getByRole skips what is hidden from assistive technology;
// - getByText finds the innermost elements whose text matches.
import { computeAccessibleName, getRole } from 'dom-accessibility-api';

/** A text to match: a string, or a RegExp sent as source and flags. */
export type TextMatch = { string: string } | { regex: string; flags: string };

/** One step of a locator, applied to what the steps before it found. */
export type Step =
  | { css: string }
  | { role: string; name?: TextMatch; exact?: boolean }
  | { text: TextMatch; exact?: boolean }
  | { hasText: TextMatch }
  | { and: Step[] };

/** What a locator's element looks like now: enough for waits and actions. */
export interface ElementState {
  count: number;
  visible: boolean;
  enabled: boolean;
}

const normalize = (text: string) => text.replace(/\s+/g, ' ').trim();

function matches(value: string, match: TextMatch, exact = false): boolean {
  const text = normalize(value);
  if ('regex' in match) return new RegExp(match.regex, match.flags).test(text);
  const wanted = normalize(match.string);
  return exact ? text === wanted : text.toLowerCase().includes(wanted.toLowerCase());
}

/** Hidden from assistive technology: `aria-hidden`, `display: none`, `visibility: hidden`. */
function hidden(element: Element): boolean {
  if (element.closest('[aria-hidden="true"]')) return true;
  return !element.checkVisibility({ visibilityProperty: true });
}

/** Laid out with a size and not `visibility: hidden`: what Playwright calls visible. */
function visible(element: Element): boolean {
  const box = element.getBoundingClientRect();
  return box.width > 0 && box.height > 0 && element.checkVisibility({ visibilityProperty: true });
}

function descendants(scope: ParentNode): Element[] {
  return [...scope.querySelectorAll('*')];
}

function apply(found: ParentNode[], step: Step, root: Document): ParentNode[] {
  const unique = (elements: Element[]) => [...new Set(elements)];
  if ('css' in step) return unique(found.flatMap((scope) => [...scope.querySelectorAll(step.css)]));
  if ('role' in step) {
    return unique(found.flatMap(descendants)).filter(
      (el) => getRole(el) === step.role && !hidden(el) && (!step.name || matches(computeAccessibleName(el), step.name, step.exact)),
    );
  }
  if ('text' in step) {
    const candidates = unique(found.flatMap(descendants)).filter(
      (el) => !['SCRIPT', 'STYLE', 'HEAD', 'TITLE'].includes(el.tagName) && matches(el.textContent ?? '', step.text, step.exact),
    );
    // The innermost: an element none of whose children match too.
    return candidates.filter((el) => ![...el.children].some((child) => candidates.includes(child)));
  }
  if ('hasText' in step) return found.filter((el) => matches(el.textContent ?? '', step.hasText));
  const other = new Set(resolve(step.and, root));
  return found.filter((el) => other.has(el as Element));
}

/** Every element the steps find, in document order. */
export function resolve(steps: Step[], root: Document = document): Element[] {
  let found: ParentNode[] = [root];
  for (const step of steps) found = apply(found, step, root);
  return found.filter((node): node is Element => node instanceof Element);
}

export function state(steps: Step[]): ElementState {
  const found = resolve(steps);
  const [first] = found;
  return {
    count: found.length,
    visible: !!first && visible(first),
    enabled: !!first && !(first as HTMLButtonElement).disabled && first.getAttribute('aria-disabled') !== 'true',
  };
}

/** The one element the steps find (Playwright's strictness: more than one is a mistake in the test). */
export function one(steps: Step[]): Element {
  const found = resolve(steps);
  if (found.length !== 1) throw new Error(`expected one element, found ${found.length}: ${JSON.stringify(steps)}`);
  return found[0]!;
}

/** Text as `innerText` gives it (layout-aware: what is shown). */
export function innerText(element: Element): string {
  return (element as HTMLElement).innerText ?? element.textContent ?? '';
}

/** Types into an input or textarea as `fill` does: the whole value replaced, one `input` event. */
export function fill(element: Element, value: string): void {
  const field = element as HTMLInputElement | HTMLTextAreaElement;
  field.focus();
  // The prototype's setter: a framework may shadow `value` on the element itself.
  const setter = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(field), 'value')?.set;
  if (setter) setter.call(field, value);
  else field.value = value;
  field.dispatchEvent(new Event('input', { bubbles: true }));
  field.dispatchEvent(new Event('change', { bubbles: true }));
}
