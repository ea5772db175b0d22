// Search and "mark all read" (issue 17) on INBOX with 1k, 10k and 100k messages (5 %
// unseen, so 50, 500 and 5,000 unread), written as Maildir files and indexed first, as
// for big-mailbox. Per size, one bridge; sizes interleaved over rounds:
// - search, first page of 50 (GET …/messages?q=…): a common word (hits in the newest
//   messages), a sender's name, and a word that is in no message (the worst case: one
//   request reads its budget of 20,000 messages, or all of a smaller mailbox); beside
//   it the server's own time for the one whole-mailbox `UID SEARCH OR OR SUBJECT FROM
//   BODY` a bridge without search windows would send;
// - POST …/mailboxes/read (every unseen message), then the undo (…/mailboxes/unread).
// Each figure's baseline is the same figure at 1k: the ratio is cost(N)/cost(1k).
import type { ImapFlow } from 'imapflow';
import { textSearch } from '../bridge/imap/listing';
import { startDovecot } from '../test/support/dovecot';
import { fillInbox, indexMailbox } from '../test/support/maildir';
import { accountFor, spawnBridge } from './lib/bridge-process';
import { count, withCleanup, type BenchModule } from './lib/context';
import { figure, type Figure, type Unit } from './lib/report';

type Metric = 'searchHit' | 'searchFrom' | 'searchMiss' | 'serverHit' | 'serverMiss' | 'markRead' | 'undo';

const WORD = 'invoice'; // in the generator's word list: in subjects and bodies everywhere
const SENDER = 'Greta'; // one of its ten senders
const MISS = 'zyzzyva';

const METRICS: Array<{ key: Metric; label: string; unit: Unit }> = [
  { key: 'searchHit', label: `Search, first page of 50 (q=${WORD}: a common word)`, unit: 'ms' },
  { key: 'searchFrom', label: `Search, first page of 50 (q=${SENDER}: a sender)`, unit: 'ms' },
  { key: 'searchMiss', label: `Search, no hit (q=${MISS}): one request, which reads at most 20,000 messages`, unit: 'ms' },
  { key: 'serverHit', label: `Server alone: one UID SEARCH of the whole mailbox for ${WORD}`, unit: 'ms' },
  { key: 'serverMiss', label: `Server alone: one UID SEARCH of the whole mailbox for ${MISS}`, unit: 'ms' },
  { key: 'markRead', label: 'Mark all read (POST /mailboxes/read; every 20th message unseen)', unit: 'ms' },
  { key: 'undo', label: 'Undo mark all read (POST /mailboxes/unread with its answer)', unit: 'ms' },
];

async function timeServerSearch(client: ImapFlow, q: string): Promise<number> {
  const start = performance.now();
  await client.search({ or: textSearch(q) }, { uid: true });
  return performance.now() - start;
}

export const mailActions: BenchModule = {
  name: 'mail-actions',
  title: 'Search and mark all read: 1k, 10k, 100k messages',
  async run(ctx) {
    const sizes = ctx.quick ? [1000, 5000, 20_000] : [1000, 10_000, 100_000];
    const rounds = count(ctx, 3, 1);
    const reps = count(ctx, 3, 1);
    return withCleanup(async (defer) => {
      const users = Object.fromEntries(sizes.map((size) => [`s${size}`, 'secret']));
      const dovecot = await startDovecot({ users });
      defer(() => dovecot.close());
      const unseen: Record<number, number> = {};
      for (const size of sizes) {
        await fillInbox(dovecot, `s${size}`, { count: size, unseen: (i) => i % 20 === 19, spacingS: 300 });
        unseen[size] = (await indexMailbox(dovecot, `s${size}`)).unseen;
        ctx.log(`mail-actions: ${size} messages ready (${unseen[size]} unseen)`);
      }
      const samples = Object.fromEntries(sizes.map((size) => [size, Object.fromEntries(METRICS.map((m) => [m.key, [] as number[]]))])) as Record<number, Record<Metric, number[]>>;
      const hits: Record<number, { word: number; sender: number }> = {};

      for (let round = 0; round < rounds; round++) {
        for (const size of sizes) {
          const s = samples[size]!;
          const user = `s${size}`;
          const bridge = await spawnBridge({ accounts: [accountFor(dovecot, user)] });
          const direct = await dovecot.client(user);
          try {
            await bridge.waitFor((st) => st.accounts[0]?.state === 'ok' && st.accounts[0]?.unread === unseen[size]);
            const base = `/v1/accounts/${user}/messages?mailbox=INBOX&limit=50`;
            await bridge.http.json(base); // INBOX selected, as after the popup's first list
            await direct.mailboxOpen('INBOX', { readOnly: true });
            for (let i = 0; i < reps; i++) {
              s.searchHit.push(await bridge.http.time(`${base}&q=${WORD}`));
              s.searchFrom.push(await bridge.http.time(`${base}&q=${SENDER}`));
              s.searchMiss.push(await bridge.http.time(`${base}&q=${MISS}`));
              s.serverHit.push(await timeServerSearch(direct, WORD));
              s.serverMiss.push(await timeServerSearch(direct, MISS));
            }
            const word = await bridge.http.json(`${base}&q=${WORD}`);
            const sender = await bridge.http.json(`${base}&q=${SENDER}`);
            hits[size] = { word: word.messages.length, sender: sender.messages.length };

            for (let i = 0; i < reps; i++) {
              let start = performance.now();
              const marked = await bridge.http.request(`/v1/accounts/${user}/mailboxes/read`, { method: 'POST', body: JSON.stringify({ mailbox: 'INBOX' }) });
              s.markRead.push(performance.now() - start);
              const answer = JSON.parse(marked.body.toString('utf8'));
              if (marked.status !== 200 || answer.count !== unseen[size]) throw new Error(`mark all read: ${marked.status} ${marked.body.toString().slice(0, 200)}`);
              start = performance.now();
              const undone = await bridge.http.request(`/v1/accounts/${user}/mailboxes/unread`, { method: 'POST', body: JSON.stringify(answer.undo) });
              s.undo.push(performance.now() - start);
              if (undone.status !== 200 || JSON.parse(undone.body.toString('utf8')).count !== unseen[size]) throw new Error(`undo: ${undone.status} ${undone.body.toString().slice(0, 200)}`);
            }
          } finally {
            await direct.logout().catch(() => {});
            await bridge.stop();
          }
        }
        ctx.log(`mail-actions: round ${round + 1}/${rounds} done`);
      }

      const figures: Figure[] = [];
      const small = sizes[0]!;
      for (const metric of METRICS) {
        for (const size of sizes) {
          figures.push(
            figure(`actions.${metric.key}.${size}`, `${metric.label} — ${size.toLocaleString('en-US')} messages`, metric.unit, samples[size]![metric.key], {
              ...(size !== small && { baseline: { label: `${small.toLocaleString('en-US')} messages`, samples: samples[small]![metric.key] } }),
            }),
          );
        }
      }
      return {
        figures,
        notes: [
          `Mailboxes as in big-mailbox (Maildir files, realistic 0.5–8 KB messages, every 20th unseen: ${sizes.map((size) => `${unseen[size]} of ${size.toLocaleString('en-US')}`).join(', ')}), indexed by Dovecot (no FTS plugin: a BODY search reads the messages) before timing.`,
          `${rounds} bridge starts per size, sizes interleaved; per start ${reps} of each search and ${reps} mark-all-read + undo pairs. Search hits on the first page: ${sizes.map((size) => `${size.toLocaleString('en-US')}: ${hits[size]?.word} for ${WORD}, ${hits[size]?.sender} for ${SENDER}`).join('; ')}.`,
          'The bridge searches the newest UIDs first in windows that grow ×4 (200 UIDs, then 800, …) until a page is full or one request has read 20,000 messages (then it answers with what it found and a cursor to search older mail); "Server alone" is one plain UID SEARCH of the whole mailbox from a session of the bench\'s own, what a bridge without windows would wait for before fetching the page, with the account\'s command connection held all that time.',
          'Mark all read is one UID SEARCH UNSEEN and +FLAGS.SILENT \\Seen on that UID set (cut into 8,000-character pieces); the undo searches the set for seen messages and takes \\Seen off them. Both include the bridge\'s recount of the mailbox afterwards only as far as it runs concurrently (it is not awaited).',
          'Ratio column = cost(N) / cost(1k), medians.',
        ],
        extra: { unseen, hits },
      };
    });
  },
};
