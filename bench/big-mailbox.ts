// 3. Big mailboxes: INBOX with 1k, 10k and 100k messages (5 % unseen, spread evenly),
// written as Maildir files and indexed by Dovecot before any timing. Per size, several
// bridge starts (sizes interleaved, so noise spreads evenly); after each start:
// /v1/status latency, first and later pages of 50 summaries (all and unseen), full
// messages, and the bridge's RSS. Each figure's baseline is the same figure at 1k:
// the ratio is cost(N)/cost(1k).
import { decodeMessageId, encodeCursor } from '../bridge/imap/message-id';
import { startDovecot } from '../test/support/dovecot';
import { accountFor, spawnBridge } from './lib/bridge-process';
import { count, withCleanup, type BenchModule } from './lib/context';
import { fillInbox, indexMailbox } from '../test/support/maildir';
import { figure, type Figure, type Unit } from './lib/report';
import type { Stat } from './lib/stats';

type Metric = 'start' | 'status' | 'pageCold' | 'pageAll' | 'pageUnseen' | 'laterAll' | 'laterUnseen' | 'message' | 'rss';

const METRICS: Array<{ key: Metric; label: string; unit: Unit; target?: (size: number) => ((stat: Stat, base?: Stat) => { text: string; met: boolean }) | undefined }> = [
  { key: 'start', label: 'Bridge start → first status with the count', unit: 'ms' },
  {
    key: 'status',
    label: 'GET /v1/status',
    unit: 'ms',
    target: () => (stat) => ({ text: 'median ≤ 5 ms', met: stat.median <= 5 }),
  },
  { key: 'pageCold', label: 'First page of 50 (all), first request after the start: INBOX selected for it', unit: 'ms' },
  {
    key: 'pageAll',
    label: 'First page of 50 summaries (all)',
    unit: 'ms',
    target: (size) => (size >= 100_000 ? pageTarget : undefined),
  },
  {
    key: 'pageUnseen',
    label: 'First page of 50 summaries (unseen=1, as the popup asks)',
    unit: 'ms',
    target: (size) => (size >= 100_000 ? pageTarget : undefined),
  },
  { key: 'laterAll', label: 'A later page of 50 (all; cursor in the middle of the mailbox)', unit: 'ms' },
  { key: 'laterUnseen', label: 'A later page of 50 (unseen; cursor in the middle)', unit: 'ms' },
  { key: 'message', label: 'One full message (GET /messages/:id)', unit: 'ms' },
  { key: 'rss', label: 'Bridge RSS after the above', unit: 'MB' },
];

function pageTarget(stat: Stat, base?: Stat) {
  const ratio = base ? stat.median / base.median : Number.NaN;
  return { text: `≤ 150 ms at 100k, cost(100k)/cost(1k) ≤ 1.5 (is ${ratio.toFixed(2)})`, met: stat.median <= 150 && ratio <= 1.5 };
}

export const bigMailbox: BenchModule = {
  name: 'big-mailbox',
  title: 'Big mailboxes: 1k, 10k, 100k messages',
  async run(ctx) {
    const sizes = ctx.quick ? [1000, 5000, 20_000] : [1000, 10_000, 100_000];
    const starts = count(ctx, 5, 2);
    const reps = count(ctx, 6, 3);
    const statusReps = count(ctx, 100, 30);
    return withCleanup(async (defer) => {
      const users = Object.fromEntries(sizes.map((size) => [`m${size}`, 'secret']));
      const dovecot = await startDovecot({ users });
      defer(() => dovecot.close());
      const prepared: Record<number, { fillMs: number; indexMs: number; unseen: number; bytes: number }> = {};
      for (const size of sizes) {
        const t = performance.now();
        const filled = await fillInbox(dovecot, `m${size}`, { count: size, unseen: (i) => i % 20 === 19, spacingS: 300 });
        const fillMs = performance.now() - t;
        const indexed = await indexMailbox(dovecot, `m${size}`);
        prepared[size] = { fillMs, indexMs: indexed.ms, unseen: indexed.unseen, bytes: filled.bytes };
        ctx.log(`big-mailbox: ${size} messages written in ${(fillMs / 1000).toFixed(1)} s, indexed by Dovecot in ${indexed.ms.toFixed(0)} ms (${indexed.unseen} unseen)`);
      }

      const samples: Record<number, Record<Metric, number[]>> = {};
      for (const size of sizes) samples[size] = { start: [], status: [], pageCold: [], pageAll: [], pageUnseen: [], laterAll: [], laterUnseen: [], message: [], rss: [] };

      for (let round = 0; round < starts; round++) {
        for (const size of sizes) {
          const s = samples[size]!;
          const expected = prepared[size]!.unseen;
          const bridge = await spawnBridge({ accounts: [accountFor(dovecot, `m${size}`)] });
          try {
            await bridge.waitFor((st) => st.accounts[0]?.state === 'ok' && st.accounts[0]?.unread === expected);
            s.start.push(performance.now() - bridge.spawnedAt);
            const base = `/v1/accounts/m${size}/messages?mailbox=INBOX&limit=50`;
            for (let i = 0; i < 10; i++) await bridge.http.time('/v1/status'); // warm-up
            for (let i = 0; i < statusReps; i++) s.status.push(await bridge.http.time('/v1/status'));

            const coldStart = performance.now();
            const first = await bridge.http.json(base);
            s.pageCold.push(performance.now() - coldStart);
            const firstUid: number = first.messages[0].uid;
            const uidValidity = decodeMessageId(first.messages[0].id)!.uidValidity;
            const middle = encodeCursor(uidValidity, Math.floor(firstUid / 2));
            const ids: string[] = first.messages.map((m: { id: string }) => m.id);
            for (let i = 0; i < reps; i++) {
              s.pageAll.push(await bridge.http.time(base));
              s.pageUnseen.push(await bridge.http.time(`${base}&unseen=1`));
              s.laterAll.push(await bridge.http.time(`${base}&before=${middle}`));
              s.laterUnseen.push(await bridge.http.time(`${base}&unseen=1&before=${middle}`));
              // A different message each time (the first page's, newest first).
              s.message.push(await bridge.http.time(`/v1/accounts/m${size}/messages/${ids[(round * reps + i) % ids.length]}`));
            }
            s.rss.push(bridge.memory().rssMB);
          } finally {
            await bridge.stop();
          }
        }
        ctx.log(`big-mailbox: round ${round + 1}/${starts} done`);
      }

      const figures: Figure[] = [];
      const small = sizes[0]!;
      for (const metric of METRICS) {
        for (const size of sizes) {
          const target = metric.target?.(size);
          figures.push(
            figure(`big.${metric.key}.${size}`, `${metric.label} — ${size.toLocaleString('en-US')} messages`, metric.unit, samples[size]![metric.key], {
              ...(size !== small && { baseline: { label: `${small.toLocaleString('en-US')} messages`, samples: samples[small]![metric.key] } }),
              ...(target && { target }),
            }),
          );
        }
      }
      return {
        figures,
        notes: [
          `Mailboxes written as Maildir files (realistic 0.5–8 KB messages, 1 in 5 multipart/alternative; every 20th unseen) and indexed by Dovecot before timing: ${sizes.map((size) => `${size.toLocaleString('en-US')} in ${(prepared[size]!.fillMs / 1000).toFixed(1)} s + ${prepared[size]!.indexMs.toFixed(0)} ms indexing`).join(', ')}.`,
          `${starts} bridge starts per size, sizes interleaved; after each: ${statusReps} status requests (after 10 warm-up), ${reps} of each page and ${reps} different full messages. Requests are sequential over one keep-alive connection from the bench process; times are to the last byte of the answer.`,
          '"Bridge start" is from spawning the compiled bridge (`npm run bridge`) to the first /v1/status that shows the account `ok` with its unseen count: Node and module loading dominate it, IMAP login + STATUS are the part that could depend on the mailbox.',
          'The command connection keeps INBOX selected between requests (bridge/imap/locate.ts) and brings it up to date with NOOP; the other page rows are therefore requests with INBOX already selected. The "first request after the start" row pays the SELECT, as does any request after one for another mailbox.',
          'Ratio column = cost(N) / cost(1k), medians. RSS is VmRSS of the bridge process after the requests above.',
        ],
        extra: { prepared },
      };
    });
  },
};
