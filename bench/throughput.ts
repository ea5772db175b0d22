// 5. Throughput of GET /v1/status with autocannon: the bridge (one connected account)
// against a bare Hono route started the same way and answering the same bytes,
// alternating runs. autocannon runs as its own process; on this 2-core machine it
// shares the CPU with the server: the same for both targets, but absolute req/s are
// lower than a dedicated load box would show.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { bundleForNode } from '../scripts/build-bridge';
import { startDovecot } from '../test/support/dovecot';
import { accountFor, spawnBridge, type BridgeProcess } from './lib/bridge-process';
import { count, withCleanup, type BenchModule } from './lib/context';
import { fillInbox, indexMailbox } from '../test/support/maildir';
import { cpuTimeMs } from './lib/procs';
import { figure } from './lib/report';

const run = promisify(execFile);
const AUTOCANNON = path.resolve('node_modules/autocannon/autocannon.js');
const CONNECTIONS = 10;

interface LoadRun {
  rps: number;
  /** Server CPU (user + system) per request, µs: much less sensitive to other load than req/s. */
  cpuUs: number;
  requests: number;
  errors: number;
  p975: number;
}

/** What autocannon's `--json` prints (the part used here). */
interface AutocannonResult {
  requests: { total: number };
  latency: { p97_5: number };
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
}

/** autocannon with `connections` keep-alive connections against `target` for `seconds`. */
async function autocannon(target: BridgeProcess, connections: number, seconds: number): Promise<LoadRun> {
  const cpu0 = cpuTimeMs(target.pid);
  const { stdout } = await run(process.execPath, [AUTOCANNON, '--json', '-c', String(connections), '-d', String(seconds), '-H', `authorization=Bearer ${target.token}`, `${target.url}/v1/status`], {
    maxBuffer: 16 << 20,
  });
  const cpuMs = cpuTimeMs(target.pid) - cpu0;
  const result = JSON.parse(stdout) as AutocannonResult;
  const requests = result.requests.total;
  return {
    rps: requests / result.duration,
    cpuUs: (cpuMs * 1000) / requests,
    requests,
    errors: result.errors + result.timeouts + result.non2xx,
    p975: result.latency.p97_5,
  };
}

export const throughput: BenchModule = {
  name: 'throughput',
  title: 'Throughput: GET /v1/status, bridge vs bare Hono',
  async run(ctx) {
    const runs = count(ctx, 12, 2);
    const runSeconds = ctx.quick ? 2 : 3;
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
      const bareScript = await bundleForNode(path.resolve('bench/lib/bare-hono.ts'), path.resolve('.tmp/bare-hono.mjs'));
      const bare = await spawnBridge({}, { script: bareScript, args: ['--payload', payload] });
      defer(() => bare.stop());
      const [a, b] = await Promise.all([bridge.http.request('/v1/status'), bare.http.request('/v1/status')]);
      if (a.body.length !== b.body.length) ctx.log(`throughput: body sizes differ (${a.body.length} vs ${b.body.length} bytes)`);

      await autocannon(bridge, CONNECTIONS, 2); // warm-up (JIT)
      await autocannon(bare, CONNECTIONS, 2);
      const results = { bridge: [] as LoadRun[], bare: [] as LoadRun[] };
      for (let i = 0; i < runs; i++) {
        // Alternate which goes first, so a drift in machine load hits both alike.
        const order = i % 2 === 0 ? (['bridge', 'bare'] as const) : (['bare', 'bridge'] as const);
        for (const which of order) results[which].push(await autocannon(which === 'bridge' ? bridge : bare, CONNECTIONS, runSeconds));
      }
      const errors = [...results.bridge, ...results.bare].reduce((n, r) => n + r.errors, 0);
      if (errors) throw new Error(`${errors} requests failed or were not answered 2xx`);
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
          figure('throughput.bridge.latency', `Bridge: latency under load (${CONNECTIONS} connections), per-run p97.5`, 'ms', results.bridge.map((r) => r.p975), {
            baseline: { label: 'bare Hono', samples: results.bare.map((r) => r.p975) },
          }),
        ],
        notes: [
          `autocannon (its own process, \`--json\`): ${CONNECTIONS} keep-alive connections, no pipelining, ${runs} runs of ${runSeconds} s per target after a 2 s warm-up each, bridge and bare alternating (and swapping who goes first). Latency is autocannon's p97.5 per run (it reports whole milliseconds, too coarse for a median here).`,
          'Server CPU per request comes from /proc/PID/stat (10 ms ticks over a whole run): unlike req/s it hardly moves when other processes compete for the cores, so its ratio is the steadier comparison.',
          `Both servers are compiled by esbuild and run with plain \`node\` on 127.0.0.1 with @hono/node-server, answering the same ${a.body.length}-byte JSON (the bridge's live status of one account). autocannon shares the 2 cores with the server.`,
        ],
        extra: { results },
      };
    });
  },
};
