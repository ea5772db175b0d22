// 8. Cold start: from spawning the compiled bridge (what `postbode run`, autostart and
// the native host start) to its first answer on /v1/health, with no accounts (their
// IMAP login is measured by big-mailbox's "bridge start"). Against:
// - a bare Hono server compiled and started the same way (the floor: Node + a listener);
// - the same bridge built with its dependencies left in node_modules, as it was built
//   before the package bundled them (module resolution and loading of ~390 files);
// and the native host as the extension meets it: spawn → framed answer, when it has to
// start the bridge and when the bridge already runs.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { encodeMessage, MessageDecoder } from '../bridge/native/framing';
import { bundleForNode } from '../scripts/build-bridge';
import { freePorts } from '../test/support/dovecot';
import { TEST_BRIDGE_BUNDLE } from '../test/support/bridge-cli';
import { bridgePids, stopPids } from '../test/support/processes';
import { writeTempConfig } from '../test/support/temp-config';
import { count, type BenchModule, withCleanup } from './lib/context';
import { figure } from './lib/report';

/** ms from spawn until GET url answers at all (any status); the process is then stopped. */
async function timeToAnswer(argv: string[], url: string): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, argv, { stdio: 'ignore' });
  try {
    for (;;) {
      const answered = await fetch(url, { signal: AbortSignal.timeout(1_000) }).then(
        async (response) => (await response.arrayBuffer(), true),
        () => false,
      );
      if (answered) return performance.now() - started;
      if (child.exitCode !== null) throw new Error(`${argv.join(' ')} exited with ${child.exitCode}`);
      if (performance.now() - started > 20_000) throw new Error(`${argv.join(' ')} did not answer within 20 s`);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  } finally {
    await stop(child);
  }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** ms from spawning the host until its framed answer is complete. */
async function hostAnswer(configPath: string): Promise<{ ms: number; started: boolean }> {
  const started = performance.now();
  const child = spawn(process.execPath, [TEST_BRIDGE_BUNDLE, 'native-host', '--config', configPath], { stdio: ['pipe', 'pipe', 'ignore'] });
  const decoder = new MessageDecoder();
  const answer = await new Promise<any>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => decoder.push(chunk).forEach(resolve));
    child.once('exit', (code) => reject(new Error(`host exited (${code}) without answering`)));
    child.stdin!.end(encodeMessage({ type: 'hello', version: 1 }));
  });
  const ms = performance.now() - started;
  if (answer.type !== 'bridge') throw new Error(`host answered ${JSON.stringify(answer)}`);
  return { ms, started: answer.started };
}

export const coldStart: BenchModule = {
  name: 'cold-start',
  title: 'Bridge cold start',
  async run(ctx) {
    const runs = count(ctx, 15, 3);
    return withCleanup(async (defer) => {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'postbode-bench-cold-'));
      defer(() => rm(dir, { recursive: true, force: true }));
      // The build as it was before bundling: dependencies imported from this tree's
      // node_modules, so it has to live inside the tree.
      const external = path.resolve('.tmp/bridge-external.mjs');
      await build({ entryPoints: [path.resolve('bridge/main.ts')], outfile: external, bundle: true, packages: 'external', platform: 'node', format: 'esm', target: 'node20', logLevel: 'warning' });
      defer(() => rm(external, { force: true }));
      const bare = await bundleForNode(path.resolve('bench/lib/bare-hono.ts'), path.resolve('.tmp/bare-hono.mjs'));
      const payload = path.join(dir, 'status.json');
      await writeFile(payload, '{}');

      const [port, hostPort] = await freePorts(2);
      const config = await writeTempConfig({ port, accounts: [], healthCheckSeconds: 60 });
      defer(() => config.remove());
      const health = `http://127.0.0.1:${port}/v1/health`;
      const variants = {
        bundled: [TEST_BRIDGE_BUNDLE, 'run', '--config', config.configPath],
        external: [external, 'run', '--config', config.configPath],
        bare: [bare, '--payload', payload, '--port', String(port)],
      };
      const samples = { bundled: [] as number[], external: [] as number[], bare: [] as number[] };
      await timeToAnswer(variants.bundled, health); // warms the OS file cache
      for (let i = 0; i < runs; i++) {
        // Rotating the order, so a drift in machine load hits all alike.
        const order = (['bundled', 'external', 'bare'] as const).map((_, k, all) => all[(i + k) % all.length]!);
        for (const which of order) samples[which].push(await timeToAnswer(variants[which], health));
      }

      const hostConfig = await writeTempConfig({ port: hostPort, accounts: [], healthCheckSeconds: 60 });
      defer(() => hostConfig.remove());
      const hostStarting: number[] = [];
      const hostRunning: number[] = [];
      for (let i = 0; i < runs; i++) {
        const first = await hostAnswer(hostConfig.configPath);
        const second = await hostAnswer(hostConfig.configPath);
        if (!first.started || second.started) throw new Error('expected the first host to start the bridge and the second to find it');
        hostStarting.push(first.ms);
        hostRunning.push(second.ms);
        // The host started it detached: found through /proc, as the tests do.
        await stopPids(bridgePids(hostConfig.configPath));
      }

      return {
        figures: [
          figure('coldstart.bridge', 'Bridge (dist/bridge.mjs, dependencies bundled): spawn → first /v1/health answer', 'ms', samples.bundled, {
            digits: 0,
            baseline: { label: 'bare Hono, compiled the same way: spawn → first answer', samples: samples.bare },
          }),
          figure('coldstart.bridge.external', 'Bridge with dependencies in node_modules (the build before bundling)', 'ms', samples.external, {
            digits: 0,
            baseline: { label: 'bundled', samples: samples.bundled },
          }),
          figure('coldstart.host.starting', 'Native host: spawn → answer, starting the bridge (first pairing, or a dead bridge)', 'ms', hostStarting, { digits: 0 }),
          figure('coldstart.host.running', 'Native host: spawn → answer, bridge already running', 'ms', hostRunning, { digits: 0 }),
        ],
        notes: [
          `Each sample spawns a new process with a config of no accounts; ${runs} samples per variant, the variants rotated so load drift hits each alike; health polled every 2 ms.`,
          'The host figures include its own Node start, the config read, the health and token probes, and (when starting) the detached bridge\'s start until it answers.',
        ],
      };
    });
  },
};
