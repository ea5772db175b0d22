// 2. Popup time-to-list: popup opened → the list of 50 unseen messages painted (two
// accounts: the popup lists up to 25 per account), against an empty Preact page served
// from the same extension, measured alternately in the same run.
//
// Times are taken inside the page, from its navigation start (performance.now()):
// a MutationObserver installed before any page script notes when the 50th row is in
// the DOM, then the next animation frame (≈ when it is painted).
//   cold:        first open after a browser start (profile from an earlier session, so
//                the popup's cached list is there, as for a user)
//   first ever:  fresh profile, nothing cached: the list comes from the bridge
//   warm:        later opens in the same browser session
import type { Page } from 'playwright-core';
import { startDovecot } from '../test/support/dovecot';
import { launch, newProfile, waitForBadge, type ExtensionBrowser } from './lib/browser';
import { accountFor, spawnBridge } from './lib/bridge-process';
import { count, withCleanup, type BenchModule } from './lib/context';
import { fillInbox, indexMailbox } from '../test/support/maildir';
import { figure } from './lib/report';
import { sleep, summarize } from './lib/stats';

const POPUP = 'popup.html';
const EMPTY = 'bench-empty/index.html';
const ROWS = 50;

interface PageTimes {
  /** 50 rows (popup) / the element (empty page) in the DOM, ms since navigation start. */
  list: number;
  /** When the frame that shows it has been rendered (style, layout, paint done). */
  listFrame: number;
  /** Popup only: the list after its refresh from the bridge finished, rendered. */
  freshFrame: number | null;
  domContentLoaded: number;
}

/** Installed in every page before its scripts run. */
function recorder(rows: number): void {
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

async function openAndTime(browser: ExtensionBrowser, file: string, waitFresh: boolean): Promise<PageTimes> {
  const page: Page = await browser.newPage();
  try {
    await page.goto(browser.url(file));
    const times = await page.waitForFunction(
      (waitFresh) => {
        const rec = (window as unknown as { __bench?: { list: number | null; listFrame: number | null; freshFrame: number | null } }).__bench;
        if (!rec || rec.listFrame === null || (waitFresh && rec.freshFrame === null)) return null;
        const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
        return { list: rec.list!, listFrame: rec.listFrame, freshFrame: rec.freshFrame, domContentLoaded: nav?.domContentLoadedEventEnd ?? -1 };
      },
      waitFresh,
      { timeout: 20_000, polling: 50 },
    );
    return (await times.jsonValue()) as PageTimes;
  } finally {
    await page.close();
  }
}

export const popup: BenchModule = {
  name: 'popup',
  title: 'Popup time-to-list (50 unseen)',
  async run(ctx) {
    const coldN = count(ctx, 10, 2);
    const warmN = count(ctx, 30, 4);
    const extension = await ctx.extensionDir();
    return withCleanup(async (defer) => {
      const dovecot = await startDovecot({ users: { alice: 'alice-secret', bob: 'bob-secret' } });
      defer(() => dovecot.close());
      for (const user of ['alice', 'bob']) {
        // 100 messages, the newest 30 unseen; the popup shows 25 per account.
        await fillInbox(dovecot, user, { count: 100, unseen: (i) => i >= 70, label: user });
        await indexMailbox(dovecot, user);
      }
      const bridge = await spawnBridge({ accounts: [accountFor(dovecot, 'alice'), accountFor(dovecot, 'bob')] });
      defer(() => bridge.stop());
      await bridge.waitConnected();
      const synced = (b: { text: string }) => b.text === '60';

      const session = async (profileDir: string, pairFirst: boolean) => {
        const browser = await launch(extension, profileDir);
        await browser.context.addInitScript(recorder, ROWS);
        if (pairFirst) await browser.pair(bridge.url, bridge.token);
        await waitForBadge(browser, synced);
        await sleep(500); // let the worker's start-up sync finish, as it would before a user clicks
        return browser;
      };

      // The user's profile: paired, and the popup opened once (its list cached).
      const profile = await newProfile();
      defer(() => profile.remove());
      {
        const browser = await session(profile.dir, true);
        await openAndTime(browser, POPUP, true);
        await browser.close();
      }

      const cold = { popup: [] as PageTimes[], empty: [] as PageTimes[], firstEver: [] as PageTimes[] };
      for (let i = 0; i < 2 * coldN; i++) {
        const browser = await session(profile.dir, false);
        try {
          if (i % 2 === 0) cold.popup.push(await openAndTime(browser, POPUP, true));
          else cold.empty.push(await openAndTime(browser, EMPTY, false));
        } finally {
          await browser.close();
        }
      }
      ctx.log(`popup: cold ${summarize(cold.popup.map((t) => t.listFrame)).median.toFixed(0)} ms vs empty ${summarize(cold.empty.map((t) => t.listFrame)).median.toFixed(0)} ms`);
      for (let i = 0; i < coldN; i++) {
        const fresh = await newProfile();
        const browser = await session(fresh.dir, true);
        try {
          cold.firstEver.push(await openAndTime(browser, POPUP, true));
        } finally {
          await browser.close();
          await fresh.remove();
        }
      }

      // Warm, in one browser session.
      const warm = { popup: [] as PageTimes[], empty: [] as PageTimes[] };
      {
        const browser = await session(profile.dir, false);
        try {
          await openAndTime(browser, POPUP, true);
          await openAndTime(browser, EMPTY, false);
          for (let i = 0; i < warmN; i++) {
            warm.popup.push(await openAndTime(browser, POPUP, true));
            warm.empty.push(await openAndTime(browser, EMPTY, false));
          }
        } finally {
          await browser.close();
        }
      }

      const frame = (list: PageTimes[]) => list.map((t) => t.listFrame);
      const fresh = (list: PageTimes[]) => list.map((t) => t.freshFrame ?? Number.NaN);
      return {
        figures: [
          figure('popup.cold', 'Cold: first open after browser start → 50 rows painted (cached list)', 'ms', frame(cold.popup), {
            baseline: { label: 'empty Preact page, cold', samples: frame(cold.empty) },
          }),
          figure('popup.cold.fresh', 'Cold: … → list refreshed from the bridge, painted', 'ms', fresh(cold.popup), {
            baseline: { label: 'empty Preact page, cold', samples: frame(cold.empty) },
          }),
          figure('popup.firstEver', 'First open ever (nothing cached) → 50 rows from the bridge, painted', 'ms', frame(cold.firstEver), {
            baseline: { label: 'empty Preact page, cold', samples: frame(cold.empty) },
          }),
          figure('popup.warm', 'Warm: later opens → 50 rows painted (cached list)', 'ms', frame(warm.popup), {
            baseline: { label: 'empty Preact page, warm', samples: frame(warm.empty) },
            target: (stat, base) => ({
              text: `≤ 150 ms and ≤ 2× the empty page (${base ? (2 * base.median).toFixed(0) : '?'} ms)`,
              met: stat.median <= 150 && !!base && stat.median <= 2 * base.median,
            }),
          }),
          figure('popup.warm.fresh', 'Warm: … → list refreshed from the bridge, painted', 'ms', fresh(warm.popup), {
            baseline: { label: 'empty Preact page, warm', samples: frame(warm.empty) },
          }),
        ],
        notes: [
          `Two accounts with 100 messages each, the newest 30 unseen: the popup lists 25 per account, so 50 rows. ${coldN} cold samples per page (one Chromium start each, popup and empty page alternating), ${coldN} first-ever opens (fresh profile), ${warmN} warm samples per page (a new tab each, alternating popup and empty page).`,
          'The popup is opened as a tab on `chrome-extension://ID/popup.html` at its real size (420×580); a toolbar popup adds the browser\'s own window creation, the same for both pages. Times are from the page\'s navigation start to the animation frame after the last row entered the DOM (MutationObserver installed before any page script).',
          '"Refreshed" waits for the popup\'s refresh button to leave `aria-busy` (status + one unseen list per account from the bridge) with 50 rows shown.',
        ],
        extra: { cold, warm },
      };
    });
  },
};
