// 6. Bytes on the IMAP wire between bridge and Dovecot, counted by a TCP proxy in
// between: per status refresh (new mail arrives → the count is current again), per
// summary page, per full message, per health-check cycle. Two accounts on the same
// mailbox: one over implicit TLS (what crosses a real network), one in plain IMAP
// (`security: none`, loopback only) to show the protocol bytes themselves.
// Baselines (plain IMAP, bare imapflow through its own counting proxy): a mailnag-style
// refresh (SEARCH UNSEEN + every unseen message's header) and the page's 50 messages
// fetched whole.
import type { ImapFlow } from 'imapflow';
import { ImapFlow as ImapFlowClient } from 'imapflow';
import { mail } from '../test/support/bridge';
import { startDovecot } from '../test/support/dovecot';
import { accountFor, spawnBridge, type BridgeProcess } from './lib/bridge-process';
import { count, withCleanup, type BenchModule } from './lib/context';
import { fillInbox, indexMailbox } from '../test/support/maildir';
import { startCountingProxy, type CountingProxy } from './lib/proxy';
import { figure } from './lib/report';
import { sleep } from './lib/stats';

/** Resolves when no byte has crossed `proxies` for `quietMs` (at most `maxMs`). */
async function settle(proxies: CountingProxy[], quietMs = 250, maxMs = 5000): Promise<void> {
  const deadline = Date.now() + maxMs;
  let last = proxies.map((p) => p.bytes().total).join();
  let since = Date.now();
  while (Date.now() < deadline) {
    await sleep(25);
    const now = proxies.map((p) => p.bytes().total).join();
    if (now !== last) {
      last = now;
      since = Date.now();
    } else if (Date.now() - since >= quietMs) return;
  }
}

/** Bytes each proxy saw while `action` ran (and the traffic it caused settled). */
async function measure(proxies: CountingProxy[], action: () => Promise<unknown>): Promise<number[]> {
  await settle(proxies);
  const before = proxies.map((p) => p.bytes().total);
  await action();
  await settle(proxies);
  return proxies.map((p, i) => p.bytes().total - before[i]!);
}

export const wire: BenchModule = {
  name: 'wire',
  title: 'Bytes on the IMAP wire',
  async run(ctx) {
    const reps = count(ctx, 10, 3);
    return withCleanup(async (defer) => {
      const dovecot = await startDovecot({ users: { alice: 'alice-secret' } });
      defer(() => dovecot.close());
      const filled = await fillInbox(dovecot, 'alice', { count: 1000, unseen: (i) => i % 20 === 19 });
      await indexMailbox(dovecot, 'alice');
      const tlsProxy = await startCountingProxy(dovecot.tlsPort);
      const plainProxy = await startCountingProxy(dovecot.port);
      const baseProxy = await startCountingProxy(dovecot.port);
      defer(() => Promise.all([tlsProxy.close(), plainProxy.close(), baseProxy.close()]));
      const proxies = [tlsProxy, plainProxy];

      const accountsConfig = (healthCheckSeconds: number) => ({
        healthCheckSeconds,
        accounts: [
          accountFor(dovecot, 'alice', { id: 'tls', imap: { host: '127.0.0.1', port: tlsProxy.port, security: 'tls', user: 'alice', password: 'alice-secret', ca: dovecot.caPath } }),
          accountFor(dovecot, 'alice', { id: 'plain', imap: { host: '127.0.0.1', port: plainProxy.port, security: 'none', user: 'alice', password: 'alice-secret' } }),
        ],
      });
      let bridge: BridgeProcess = await spawnBridge(accountsConfig(3600));
      defer(() => bridge.stop());
      const unseen0 = (await bridge.waitConnected()).accounts[0].unread as number;
      const direct = await dovecot.client('alice');
      defer(() => direct.logout().catch(() => direct.close()));
      await direct.mailboxOpen('INBOX');
      const both = (n: number) => (s: any) => s.accounts.every((a: { state: string; unread: number }) => a.state === 'ok' && a.unread === n);

      // Warm both accounts' command connections the way the popup would (INBOX selected).
      for (const id of ['tls', 'plain']) await bridge.http.json(`/v1/accounts/${id}/messages?mailbox=INBOX&unseen=1&limit=25`);

      const refresh: number[][] = [];
      for (let i = 0; i < reps + 1; i++) {
        let uid = 0;
        const bytes = await measure(proxies, async () => {
          const appended = await direct.append('INBOX', mail({ subject: `Wire ${i}` }));
          uid = appended ? (appended.uid ?? 0) : 0;
          await bridge.waitFor(both(unseen0 + 1), 10_000);
        });
        if (i > 0) refresh.push(bytes);
        await direct.messageDelete(String(uid), { uid: true });
        await bridge.waitFor(both(unseen0), 10_000);
      }

      const perRoute = async (path: (id: string) => string) => {
        const out: number[][] = [];
        for (let i = 0; i < reps; i++) {
          out.push(await measure(proxies, () => Promise.all(['tls', 'plain'].map((id) => bridge.http.json(path(id))))));
        }
        return out;
      };
      const pageAll = await perRoute((id) => `/v1/accounts/${id}/messages?mailbox=INBOX&limit=50`);
      const pageUnseen = await perRoute((id) => `/v1/accounts/${id}/messages?mailbox=INBOX&unseen=1&limit=50`);
      const first = await bridge.http.json('/v1/accounts/plain/messages?mailbox=INBOX&limit=50');
      const tlsFirst = await bridge.http.json('/v1/accounts/tls/messages?mailbox=INBOX&limit=50');
      const message: number[][] = [];
      for (let i = 0; i < reps; i++) {
        message.push(
          await measure(proxies, () =>
            Promise.all([bridge.http.json(`/v1/accounts/tls/messages/${tlsFirst.messages[i % 50].id}`), bridge.http.json(`/v1/accounts/plain/messages/${first.messages[i % 50].id}`)]),
          ),
        );
      }

      // Baselines: bare imapflow through its own counting proxy, plain IMAP.
      const base: ImapFlow = new ImapFlowClient({ host: '127.0.0.1', port: baseProxy.port, secure: false, doSTARTTLS: false, auth: { user: 'alice', pass: 'alice-secret' }, logger: false });
      await base.connect();
      defer(() => base.logout().catch(() => base.close()));
      await base.mailboxOpen('INBOX', { readOnly: true });
      const mailnag: number[] = [];
      const whole: number[] = [];
      const pageUids: number[] = first.messages.map((m: { uid: number }) => m.uid);
      for (let i = 0; i < reps; i++) {
        const [refreshBytes] = await measure([baseProxy], async () => {
          const uids = (await base.search({ seen: false }, { uid: true })) || [];
          if (uids.length) await base.fetchAll(uids.join(','), { uid: true, headers: true }, { uid: true });
        });
        mailnag.push(refreshBytes!);
        const [wholeBytes] = await measure([baseProxy], () => base.fetchAll(pageUids.join(','), { uid: true, source: true }, { uid: true }));
        whole.push(wholeBytes!);
      }

      // Idle cost: a bridge with the shortest health-check period; windows of one period,
      // offset to fall between checks, each holding one check (NOOP ×2 + STATUS per account).
      await bridge.stop();
      const period = 5;
      bridge = await spawnBridge(accountsConfig(period));
      await bridge.waitConnected();
      await sleep(period * 1000 * 1.5);
      const health: number[][] = [];
      for (let i = 0; i < count(ctx, 5, 2); i++) {
        const before = proxies.map((p) => p.bytes().total);
        await sleep(period * 1000);
        health.push(proxies.map((p, k) => p.bytes().total - before[k]!));
      }

      const col = (rows: number[][], k: number) => rows.map((r) => r[k]!);
      const figures = [
        figure('wire.refresh.tls', 'Status refresh after new mail, TLS (IDLE push + NOOP + STATUS)', 'B', col(refresh, 0), { digits: 0 }),
        figure('wire.refresh.plain', 'Status refresh after new mail, plain IMAP', 'B', col(refresh, 1), {
          digits: 0,
          baseline: { label: `mailnag-style refresh: every unseen header (${unseen0} unseen), plain`, samples: mailnag },
        }),
        figure('wire.pageAll.tls', 'Summary page of 50 (all), TLS', 'B', col(pageAll, 0), { digits: 0 }),
        figure('wire.pageAll.plain', 'Summary page of 50 (all), plain IMAP', 'B', col(pageAll, 1), {
          digits: 0,
          baseline: { label: 'the same 50 messages fetched whole, plain', samples: whole },
        }),
        figure('wire.pageUnseen.tls', 'Summary page of 50 (unseen=1), TLS', 'B', col(pageUnseen, 0), { digits: 0 }),
        figure('wire.pageUnseen.plain', 'Summary page of 50 (unseen=1), plain IMAP', 'B', col(pageUnseen, 1), { digits: 0 }),
        figure('wire.message.tls', 'One full message, TLS', 'B', col(message, 0), { digits: 0 }),
        figure('wire.message.plain', 'One full message, plain IMAP', 'B', col(message, 1), { digits: 0 }),
        figure('wire.health.tls', `Health check, one cycle (NOOP on both connections + STATUS), TLS`, 'B', col(health, 0), { digits: 0 }),
        figure('wire.health.plain', 'Health check, one cycle, plain IMAP', 'B', col(health, 1), { digits: 0 }),
      ];
      return {
        figures,
        notes: [
          `INBOX of 1 000 messages (${(filled.bytes / 1e6).toFixed(1)} MB, ${unseen0} unseen). Bytes are both directions on the bridge's IMAP connections, counted by a TCP proxy between bridge and Dovecot, from just before the action until the wire has been quiet for 250 ms. ${reps} samples each.`,
          'A status refresh is what one new message costs: the IDLE connection hears EXISTS, the command connection runs NOOP (its selected mailbox) and STATUS (UNSEEN). The expunge after each sample (not counted) costs about the same.',
          'Summary pages use PREVIEW (RFC 8970) for snippets, so no body bytes move; the unseen page adds a UID SEARCH UNSEEN (Dovecot has no PARTIAL, so all unseen UIDs come back: here 50).',
          'The health check runs every `healthCheckSeconds` (default 60), measured here with 5 s windows.',
        ],
      };
    });
  },
};
