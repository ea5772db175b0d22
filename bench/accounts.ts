// 4. Many accounts: 10 accounts on one Dovecot against 1 (and none) in the same run:
// IMAP connections held, RSS and /v1/status latency, over several bridge starts.
// The bridge runs as users run it (`npm run bridge`: compiled, plain node).
import { startDovecot } from '../test/support/dovecot';
import { accountFor, spawnBridge } from './lib/bridge-process';
import { count, withCleanup, type BenchModule } from './lib/context';
import { fillInbox, indexMailbox } from '../test/support/maildir';
import { connectionsTo } from './lib/procs';
import { figure } from './lib/report';
import { sleep } from './lib/stats';

const MANY = 10;

const CASES = [0, 1, MANY].map((accounts) => ({ key: `${accounts}`, accounts }));

export const accounts: BenchModule = {
  name: 'accounts',
  title: `Many accounts: ${MANY} on one Dovecot`,
  async run(ctx) {
    const starts = count(ctx, 5, 2);
    const statusReps = count(ctx, 100, 30);
    return withCleanup(async (defer) => {
      const users = Object.fromEntries(Array.from({ length: MANY }, (_, i) => [`user${i}`, `secret${i}`]));
      const dovecot = await startDovecot({ users });
      defer(() => dovecot.close());
      for (const user of Object.keys(users)) {
        await fillInbox(dovecot, user, { count: 200, unseen: (i) => i % 20 === 19, label: user });
        await indexMailbox(dovecot, user);
      }
      const all = Object.keys(users).map((user) => accountFor(dovecot, user));
      const s = Object.fromEntries(CASES.map((c) => [c.key, { rss: [] as number[], connections: [] as number[], status: [] as number[], start: [] as number[] }]));

      for (let round = 0; round < starts; round++) {
        for (const c of CASES) {
          const bridge = await spawnBridge({ accounts: all.slice(0, c.accounts) });
          const out = s[c.key]!;
          try {
            await bridge.waitFor((st) => st.accounts.length === c.accounts && st.accounts.every((a: { state: string }) => a.state === 'ok'));
            out.start.push(performance.now() - bridge.spawnedAt);
            await sleep(1500); // settle: IDLE entered everywhere
            for (let i = 0; i < 10; i++) await bridge.http.time('/v1/status');
            for (let i = 0; i < statusReps; i++) out.status.push(await bridge.http.time('/v1/status'));
            out.connections.push(connectionsTo(bridge.pid, dovecot.tlsPort));
            out.rss.push(bridge.memory().rssMB);
          } finally {
            await bridge.stop();
          }
        }
      }
      const g = (key: string) => s[key]!;
      return {
        figures: [
          figure('accounts.rss.0', 'Bridge RSS, no accounts', 'MB', g('0').rss, { digits: 1 }),
          figure('accounts.rss.1', 'Bridge RSS, 1 account', 'MB', g('1').rss, { digits: 1, baseline: { label: 'no accounts', samples: g('0').rss } }),
          figure(`accounts.rss.${MANY}`, `Bridge RSS, ${MANY} accounts`, 'MB', g(`${MANY}`).rss, {
            digits: 1,
            baseline: { label: '1 account', samples: g('1').rss },
            target: (stat) => ({ text: '≤ 120 MB', met: stat.p95 <= 120 }),
          }),
          figure('accounts.connections.1', 'IMAP connections held, 1 account', 'count', g('1').connections, { digits: 0 }),
          figure(`accounts.connections.${MANY}`, `IMAP connections held, ${MANY} accounts`, 'count', g(`${MANY}`).connections, {
            digits: 0,
            baseline: { label: '1 account', samples: g('1').connections },
          }),
          figure('accounts.status.1', 'GET /v1/status, 1 account', 'ms', g('1').status),
          figure(`accounts.status.${MANY}`, `GET /v1/status, ${MANY} accounts`, 'ms', g(`${MANY}`).status, {
            baseline: { label: '1 account', samples: g('1').status },
            target: (stat) => ({ text: 'median ≤ 5 ms', met: stat.median <= 5 }),
          }),
          figure('accounts.start.1', 'Bridge start → account ok, 1 account', 'ms', g('1').start, { digits: 0 }),
          figure(`accounts.start.${MANY}`, `Bridge start → all ok, ${MANY} accounts`, 'ms', g(`${MANY}`).start, {
            digits: 0,
            baseline: { label: '1 account', samples: g('1').start },
          }),
        ],
        notes: [
          `${starts} bridge starts per case (interleaved), each account a separate Dovecot user with 200 messages (10 unseen) over implicit TLS. RSS (VmRSS) and connections (established TCP to Dovecot, from /proc) are read 1.5 s after every account is ok and after ${statusReps} status requests.`,
          'The bridge runs as `npm run bridge` runs it: `node dist/bridge.mjs`, the bridge compiled by esbuild (scripts/build-bridge.ts; dependencies stay imports from node_modules). Until 2026-11-26 it ran as `node --import tsx bridge/main.ts`: 137 MB with 10 accounts then, ~40 MB of it the TypeScript loader.',
        ],
      };
    });
  },
};
