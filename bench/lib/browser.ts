// Debian's Chromium with the built extension loaded (test/support/chromium.ts), with
// what the benchmarks need on top. A profile dir can be reused across launches, so
// "first popup open after a browser start" keeps what an earlier session stored.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { launchWithExtension, type LaunchedExtension } from '../../test/support/chromium';
import type { ChromeGlobal } from './chrome-api';

const NAME_SHIM = 'globalThis.__name ??= (fn) => fn;';

export interface ExtensionBrowser extends LaunchedExtension {
  /** Stores the pairing as the options page would; the worker connects at once. */
  pair(url: string, token: string): Promise<void>;
  badge(): Promise<{ text: string; title: string }>;
  close(): Promise<void>;
}

/** A profile folder to pass to {@link launch}. */
export async function newProfile(): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'postbode-bench-chromium-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

export async function launch(extensionDir: string, profileDir: string): Promise<ExtensionBrowser> {
  const launched = await launchWithExtension(extensionDir, profileDir);
  const { context, worker } = launched;
  try {
    // tsx (esbuild, keepNames) wraps named inner functions in `__name(fn, "name")`; a
    // function sent to the browser carries those calls along, so give them a no-op there.
    await context.addInitScript({ content: NAME_SHIM });
    await worker().evaluate(NAME_SHIM);
  } catch (err) {
    await context.close();
    throw err;
  }
  return {
    ...launched,
    async pair(url, token) {
      await worker().evaluate(
        ({ url, token }) => (globalThis as unknown as ChromeGlobal).chrome.storage.local.set({ pairing: { url, token } }),
        { url, token },
      );
    },
    badge: () =>
      worker().evaluate(async () => {
        const { action } = (globalThis as unknown as ChromeGlobal).chrome;
        return { text: await action.getBadgeText({}), title: await action.getTitle({}) };
      }),
    close: () => context.close(),
  };
}

/** Polls the badge until `predicate` holds. */
export async function waitForBadge(b: ExtensionBrowser, predicate: (badge: { text: string; title: string }) => boolean, timeoutMs = 30_000): Promise<{ text: string; title: string }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const badge = await b.badge();
    if (predicate(badge)) return badge;
    if (Date.now() > deadline) throw new Error(`badge never matched; last: ${JSON.stringify(badge)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
