// axe-core in an extension page of Chromium: the serious and critical violations of
// the WCAG 2.1 A/AA rules, one line each, so a test can expect `[]`. Reusable for any
// view: open it in a tab, pick the colour scheme, call `seriousViolations(tab)`.
import axe from 'axe-core';
import type { ChromiumTab } from '../browsers/chromium';

declare global {
  interface Window {
    axe?: typeof axe;
  }
}

/** The rules checked: WCAG 2.0 and 2.1, levels A and AA. */
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * Runs axe on the tab's page as it is now. axe's source goes in as an expression over
 * the DevTools protocol: the page's CSP forbids inline and eval'd script, but not the
 * debugger. The mail frame is left out (`iframes: false`): its colours are the sender's.
 */
export async function seriousViolations(tab: ChromiumTab): Promise<string[]> {
  const page = tab.playwright;
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axe.source);
  return page.evaluate(async (tags) => {
    const results = await window.axe!.run(document, { runOnly: { type: 'tag', values: tags }, iframes: false, resultTypes: ['violations'] });
    return results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .flatMap((v) => v.nodes.map((node) => `${v.id} (${v.impact}): ${node.target.join(' ')} — ${node.failureSummary?.split('\n').slice(1).join(' ').trim() ?? ''}`));
  }, TAGS);
}

/** Both colour schemes the extension follows. */
export const COLOR_SCHEMES = ['light', 'dark'] as const;

/** Shows the tab in `scheme` (prefers-color-scheme), as the system setting would. */
export async function useColorScheme(tab: ChromiumTab, scheme: (typeof COLOR_SCHEMES)[number]): Promise<void> {
  await tab.playwright.emulateMedia({ colorScheme: scheme });
}
