// Notify latency per IMAP server: APPEND from another session → the bridge's
// /v1/status shows one more unread, on each test server (Dovecot, Cyrus, Courier), and
// how the mail got there: pushed by IDLE, or found by the re-count that runs every 15 s
// (a quarter of the 60 s health check) while IDLE has pushed nothing.
import { mail } from '../test/support/bridge';
import { availableServers, startImapServer, type TestImapServer } from '../test/support/imap-servers';
import { spawnBridge } from './lib/bridge-process';
import { count, withCleanup, type BenchContext, type BenchModule } from './lib/context';
import { figure, type Figure } from './lib/report';
import { sleep } from './lib/stats';

/** The bridge's re-count period while IDLE is silent, with the bench's 60 s health check. */
const RECOUNT_S = 15;

const unread = (status: any): number => status.accounts[0]?.unread ?? -1;

async function measure(ctx: BenchContext, server: TestImapServer, samples: number): Promise<number[]> {
  return withCleanup(async (defer) => {
    const bridge = await spawnBridge({
      accounts: [{
        id: 'alice', name: 'Alice', email: 'alice@example.test',
        imap: { host: '127.0.0.1', port: server.tlsPort, security: 'tls', user: 'alice', password: server.users.alice, ca: server.caPath },
      }],
    });
    defer(() => bridge.stop());
    await bridge.waitConnected();
    const latencies: number[] = [];
    for (let i = 0; i < samples; i++) {
      // Where the re-count finds the mail, a sample started right after the last one
      // would be in phase with it (always the whole period): start at a random point.
      if (latencies.at(-1)! > 2_000) await sleep(Math.random() * RECOUNT_S * 1000);
      const before = unread(await bridge.status());
      const started = performance.now();
      await server.append('alice', 'INBOX', mail({ subject: `Sample ${i}` }));
      await bridge.waitFor((status) => unread(status) === before + 1, 60_000);
      latencies.push(performance.now() - started);
      ctx.log(`${server.kind}: sample ${i + 1}/${samples} ${Math.round(latencies.at(-1)!)} ms`);
    }
    return latencies;
  });
}

export const servers: BenchModule = {
  name: 'servers',
  title: 'Notify latency per IMAP server (APPEND → /v1/status)',
  async run(ctx) {
    const figures: Figure[] = [];
    const notes: string[] = [];
    const how: Record<string, string> = {};
    for (const kind of availableServers()) {
      const server = await startImapServer(kind);
      try {
        const samples = await measure(ctx, server, count(ctx, kind === 'dovecot' ? 10 : 4, 2));
        const pushed = samples.every((ms) => ms < 2_000);
        how[kind] = pushed ? 'pushed by IDLE' : `re-count every ${RECOUNT_S} s (IDLE never pushed)`;
        figures.push(figure(`servers.notify.${kind}`, `${kind}: APPEND → status (${how[kind]})`, 'ms', samples));
      } finally {
        await server.close();
      }
    }
    notes.push(
      'One bridge process per server, 60 s health check, the server started from the test helper (test/support/imap-servers.ts) with its packaged IDLE settings.',
      `How new mail arrives: ${Object.entries(how).map(([kind, text]) => `${kind} ${text}`).join('; ')}.`,
      'Where IDLE never pushes, the latency is spread over the re-count period: on average half of it.',
    );
    return { figures, notes, extra: { how, recountSeconds: RECOUNT_S } };
  },
};
