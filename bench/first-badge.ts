// 9. First badge: from starting a browser with a fresh profile (the extension just
// installed, `postbode setup --user-data-dir` run for that profile, nothing typed) to
// the badge showing the account's real unread count — with the bridge not running
// (the native host starts it) and already running (the host only finds it). The
// baseline is the same launch until the extension's worker is up: what any extension
// costs before it can draw a badge at all.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { aliceAccount, mail } from '../test/support/bridge';
import { bridgeCli } from '../test/support/bridge-cli';
import { launchWithExtension } from '../test/support/chromium';
import { freePorts, startDovecot } from '../test/support/dovecot';
import { bridgePids, stopPids, waitFor } from '../test/support/processes';
import { writeTempConfig } from '../test/support/temp-config';
import type { ChromeGlobal } from './lib/chrome-api';
import { count, type BenchModule, withCleanup } from './lib/context';
import { figure } from './lib/report';

const run = promisify(execFile);
const UNREAD = 3;

export const firstBadge: BenchModule = {
  name: 'first-badge',
  title: 'Browser start to the first right badge (native pairing)',
  async run(ctx) {
    const runs = count(ctx, 8, 2);
    const extension = await ctx.extensionDir();
    return withCleanup(async (defer) => {
      const dovecot = await startDovecot();
      defer(() => dovecot.close());
      for (let i = 0; i < UNREAD; i++) await dovecot.append('alice', 'INBOX', mail({ subject: `Unread ${i}`, from: 'bob@example.test', body: 'Hi\r\n' }));
      const [port] = await freePorts(1);
      const config = await writeTempConfig({ port, accounts: [aliceAccount(dovecot)], healthCheckSeconds: 60 });
      defer(() => config.remove());
      defer(() => stopPids(bridgePids(config.configPath)));

      /** One fresh profile: launch → worker up, and → badge right. */
      const once = async (): Promise<{ worker: number; badge: number }> => {
        const dir = await mkdtemp(path.join(os.tmpdir(), 'postbode-bench-first-'));
        try {
          const [node, args] = bridgeCli(['setup', '--browser', 'chromium', '--user-data-dir', path.join(dir, 'profile'), '--no-autostart']);
          await run(node, args, { env: { ...process.env, HOME: dir, POSTBODE_CONFIG: config.configPath } });
          const started = performance.now();
          const browser = await launchWithExtension(extension, dir);
          const worker = performance.now() - started;
          try {
            await waitFor('the right badge', async () => {
              const text = await browser.worker().evaluate(() => (globalThis as unknown as ChromeGlobal).chrome.action.getBadgeText({}));
              return text === String(UNREAD) ? true : undefined;
            }, 60_000);
            return { worker, badge: performance.now() - started };
          } finally {
            await browser.context.close();
          }
        } finally {
          await rm(dir, { recursive: true, force: true });
        }
      };

      const cold = { worker: [] as number[], badge: [] as number[] };
      const warm = { worker: [] as number[], badge: [] as number[] };
      for (let i = 0; i < runs; i++) {
        await stopPids(bridgePids(config.configPath));
        const first = await once(); // the host starts the bridge
        cold.worker.push(first.worker);
        cold.badge.push(first.badge);
        const second = await once(); // the bridge the first one started still runs
        warm.worker.push(second.worker);
        warm.badge.push(second.badge);
      }
      return {
        figures: [
          figure('firstbadge.native-start', 'Browser start → right badge, bridge not running (the native host starts it)', 'ms', cold.badge, {
            digits: 0,
            baseline: { label: 'browser start → extension worker up', samples: cold.worker },
          }),
          figure('firstbadge.running', 'Browser start → right badge, bridge already running', 'ms', warm.badge, {
            digits: 0,
            baseline: { label: 'browser start → extension worker up', samples: warm.worker },
          }),
        ],
        notes: [
          `Each sample: a new Chromium profile (so a first install), \`postbode setup --user-data-dir\` for it, one Dovecot account with ${UNREAD} unread; the badge polled through the worker.`,
          'Native start includes the bridge\'s own start and its IMAP login before its status counts the mail.',
        ],
      };
    });
  },
};
