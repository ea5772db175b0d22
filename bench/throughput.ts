// 5. Throughput of GET /v1/status: the bridge (one connected account) against a bare
// Hono route started the same way and answering the same bytes, alternating runs.
//
// autocannon isn't a dependency: the load comes from a small bounded loop here, on
// node:http keep-alive agents (C connections, each sending its next request when the
// previous answer has been read, for a fixed time). It runs in the bench process, so
// on this 2-core machine the load generator and the server share the CPU: the same
// for both targets, but absolute req/s are lower than a dedicated load box would show.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startDovecot } from '../test/helpers/dovecot';
import { accountFor, spawnBridge, type BridgeProcess } from './lib/bridge-process';
import { count, withCleanup, type BenchModule } from './lib/context';
import { HttpClient } from './lib/http';
import { fillInbox, indexMailbox } from './lib/maildir';
import { cpuTimeMs } from './lib/procs';
import { figure } from './lib/report';
import { summarize } from './lib/stats';

const CONNECTIONS = 10;

interface LoadRun {
  rps: number;
  /** Server CPU (user + system) per request, µs: much less sensitive to other load than req/s. */
  cpuUs: number;
  requests: number;
  errors: number;
  p50: number;
  p95: number;
}

/** `connections` keep-alive loops against `url` for `ms`; every answer must be 200. */
async function loadLoop(target: BridgeProcess, connections: number, ms: number): Promise<LoadRun> {
  const client = new HttpClient(target.url, { authorization: `Bearer ${target.token}` }, connections);
  const latencies: number[] = [];
  let errors = 0;
  const cpu0 = cpuTimeMs(target.pid);
  const start = performance.now();
  const deadline = start + ms;
  try {
    await Promise.all(
      Array.from({ length: connections }, async () => {
        while (performance.now() < deadline) {
          const t = performance.now();
          const answer = await client.request('/v1/status');
          latencies.push(performance.now() - t);
          if (answer.status !== 200) errors++;
        }
      }),
    );
  } finally {
    client.close();
  }
  const elapsed = performance.now() - start;
  const cpuUs = ((cpuTimeMs(target.pid) - cpu0) * 1000) / latencies.length;
  const stat = summarize(latencies);
  return { rps: (latencies.length / elapsed) * 1000, cpuUs, requests: latencies.length, errors, p50: stat.median, p95: stat.p95 };
}

export const throughput: BenchModule = {
  name: 'throughput',
  title: 'Throughput: GET /v1/status, bridge vs bare Hono',
  async run(ctx) {
    const runs = count(ctx, 12, 2);
    const runMs = ctx.quick ? 2000 : 2500;
    return withCleanup(async (defer) => {
      const dovecot = await startDovecot({ users: { alice: 'alice-secret' } });
      defer(() => dovecot.close());
      await fillInbox(dovecot, 'alice', { count: 200, unseen: (i) => i % 20 === 19 });
      await indexMailbox(dovecot, 'alice');

      const bridge = await spawnBridge({ accounts: [accountFor(dovecot, 'alice')] });
      defer(() => bridge.stop());
      const status = await bridge.waitConnected();
      const dir = await mkdtemp(path.join(os.tmpdir(), 'postbode-bench-bare-'));
      defer(() => rm(dir, { recursive: true, force: true }));
      const payload = path.join(dir, 'status.json');
      await writeFile(payload, JSON.stringify(status));
      const bare = await spawnBridge({}, { script: path.resolve('bench/lib/bare-hono.ts'), args: ['--payload', payload] });
      defer(() => bare.stop());
      const [a, b] = await Promise.all([bridge.http.request('/v1/status'), bare.http.request('/v1/status')]);
      if (a.body.length !== b.body.length) ctx.log(`throughput: body sizes differ (${a.body.length} vs ${b.body.length} bytes)`);

      await loadLoop(bridge, CONNECTIONS, 2000); // warm-up (JIT)
      await loadLoop(bare, CONNECTIONS, 2000);
      const results = { bridge: [] as LoadRun[], bare: [] as LoadRun[] };
      for (let i = 0; i < runs; i++) {
        // Alternate which goes first, so a drift in machine load hits both alike.
        const order = i % 2 === 0 ? (['bridge', 'bare'] as const) : (['bare', 'bridge'] as const);
        for (const which of order) results[which].push(await loadLoop(which === 'bridge' ? bridge : bare, CONNECTIONS, runMs));
      }
      const errors = [...results.bridge, ...results.bare].reduce((n, r) => n + r.errors, 0);
      if (errors) throw new Error(`${errors} requests were not answered 200`);
      return {
        figures: [
          figure('throughput.bridge', 'Bridge: GET /v1/status (token, Host/Origin checks, zod, live status)', 'req/s', results.bridge.map((r) => r.rps), {
            better: 'higher',
            digits: 0,
            baseline: { label: 'bare Hono route, same body', samples: results.bare.map((r) => r.rps) },
            target: (stat, base) => ({ text: `≥ 0.7× bare Hono (${base ? (0.7 * base.median).toFixed(0) : '?'} req/s)`, met: !!base && stat.median >= 0.7 * base.median }),
          }),
          figure('throughput.bridge.cpu', 'Bridge: server CPU per request (user + system, all threads)', 'µs', results.bridge.map((r) => r.cpuUs), {
            digits: 1,
            baseline: { label: 'bare Hono', samples: results.bare.map((r) => r.cpuUs) },
          }),
          figure('throughput.bridge.latency', `Bridge: latency under load (${CONNECTIONS} connections), per-run p95`, 'ms', results.bridge.map((r) => r.p95), {
            baseline: { label: 'bare Hono', samples: results.bare.map((r) => r.p95) },
          }),
          figure('throughput.bridge.latency50', `Bridge: latency under load (${CONNECTIONS} connections), per-run median`, 'ms', results.bridge.map((r) => r.p50), {
            baseline: { label: 'bare Hono', samples: results.bare.map((r) => r.p50) },
          }),
        ],
        notes: [
          `autocannon is not a dependency; the load is a bounded loop on node:http keep-alive agents: ${CONNECTIONS} connections, each sending its next request as soon as the previous answer is read, ${runs} runs of ${runMs / 1000} s per target after a 2 s warm-up each, bridge and bare alternating (and swapping who goes first).`,
          'Server CPU per request comes from /proc/PID/stat (10 ms ticks over a whole run): unlike req/s it hardly moves when other processes compete for the cores, so its ratio is the steadier comparison.',
          `Both servers are \`node --import tsx\` processes on 127.0.0.1 with @hono/node-server, answering the same ${a.body.length}-byte JSON (the bridge's live status of one account). The load generator runs in the bench process and shares the 2 cores with the server.`,
        ],
        extra: { results },
      };
    });
  },
};
