// `npm run bench [-- MODULE…] [--quick] [--wait-quiet[=MIN]] [--markdown-only]`
//
// Runs the measurement modules (all by default, in the order below), writes each
// one's result to bench/results/<module>.json and regenerates BENCHMARKS.md from
// every JSON file there. Not part of `npm test`: tests never assert timings.
//
//   --quick           fewer samples and short poll periods, to check the bench code;
//                     results go to .tmp/bench-quick/ and BENCHMARKS.md is left alone
//   --wait-quiet=MIN  wait up to MIN minutes (default 10) for the 1-minute load
//                     average to drop below 0.5 per core before starting
//   --markdown-only   only regenerate BENCHMARKS.md from bench/results/*.json
import { execFile } from 'node:child_process';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { buildBridge } from '../scripts/build-bridge';
import { TEST_BRIDGE_BUNDLE } from '../test/support/bridge-cli';
import { accounts } from './accounts';
import { bigMailbox } from './big-mailbox';
import { bundle } from './bundle';
import { coldStart } from './cold-start';
import { firstBadge } from './first-badge';
import { mailActions } from './mail-actions';
import type { BenchContext, BenchModule } from './lib/context';
import { load1, machineInfo } from './lib/machine';
import { renderMarkdown } from './lib/markdown';
import type { ModuleResult } from './lib/report';
import { sleep } from './lib/stats';
import { notify } from './notify';
import { popup } from './popup';
import { servers } from './servers';
import { throughput } from './throughput';
import { wire } from './wire';

const run = promisify(execFile);
const MODULES: BenchModule[] = [notify, servers, popup, bigMailbox, accounts, throughput, wire, bundle, coldStart, firstBadge, mailActions];
const RESULTS = path.resolve('bench/results');
const BUILD = path.resolve('.output/bench');

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    quick: { type: 'boolean', default: false },
    'wait-quiet': { type: 'string' },
    'markdown-only': { type: 'boolean', default: false },
  },
});

const log = (message: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);

async function writeMarkdown(): Promise<void> {
  const files = (await readdir(RESULTS).catch(() => [] as string[])).filter((f) => f.endsWith('.json'));
  const results: ModuleResult[] = [];
  for (const file of files) results.push(JSON.parse(await readFile(path.join(RESULTS, file), 'utf8')) as ModuleResult);
  const findings = await readFile(path.resolve('bench/FINDINGS.md'), 'utf8').catch(() => '');
  await writeFile(path.resolve('BENCHMARKS.md'), renderMarkdown(results, findings));
  log(`BENCHMARKS.md written from ${results.length} result file(s)`);
}

async function waitQuiet(minutes: number): Promise<void> {
  const limit = 0.5 * os.cpus().length;
  const deadline = Date.now() + minutes * 60_000;
  while (load1() > limit && Date.now() < deadline) {
    log(`waiting for a quiet machine: load ${load1()} > ${limit}`);
    await sleep(15_000);
  }
}

async function main(): Promise<void> {
  if (values['markdown-only']) return writeMarkdown();
  const unknown = positionals.filter((name) => !MODULES.some((m) => m.name === name));
  if (unknown.length) throw new Error(`unknown module(s): ${unknown.join(', ')}; known: ${MODULES.map((m) => m.name).join(', ')}`);
  const selected = positionals.length ? MODULES.filter((m) => positionals.includes(m.name)) : MODULES;
  if (values['wait-quiet'] !== undefined) await waitQuiet(Number(values['wait-quiet']) || 10);

  const quick = values.quick ?? false;
  const outDir = quick ? path.resolve('.tmp/bench-quick') : RESULTS;
  await mkdir(outDir, { recursive: true });
  const built = new Map<string, Promise<string>>();
  const ctx: BenchContext = {
    quick,
    log,
    extensionDir(browser = 'chrome') {
      if (!built.has(browser)) {
        built.set(
          browser,
          (async () => {
            log(`building the extension into .output/bench/${browser}-mv3`);
            await run(process.execPath, ['--import', 'tsx', 'bench/lib/build-extension.ts', BUILD, browser], { maxBuffer: 16 << 20 });
            return path.join(BUILD, `${browser}-mv3`);
          })(),
        );
      }
      return built.get(browser)!;
    },
  };

  log('compiling the bridge (what `npm run bridge` runs)');
  await buildBridge(TEST_BRIDGE_BUNDLE);
  const machine = machineInfo();
  log(`machine: ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}, ${machine.chromium}, Dovecot ${machine.dovecot}; load ${load1()}`);
  const failed: string[] = [];
  for (const mod of selected) {
    const startedAt = new Date();
    const loads = [load1()];
    const sampler = setInterval(() => loads.push(load1()), 5000);
    log(`${mod.name}: ${mod.title}`);
    try {
      const output = await mod.run(ctx);
      const result: ModuleResult = {
        module: mod.name,
        title: mod.title,
        startedAt: startedAt.toISOString(),
        durationS: Math.round((Date.now() - startedAt.getTime()) / 1000),
        load: { start: loads[0]!, end: load1(), max: Math.max(...loads, load1()) },
        quick,
        machine,
        ...output,
      };
      const file = path.join(outDir, `${mod.name}.json`);
      await writeFile(`${file}.tmp`, JSON.stringify(result, null, 2) + '\n');
      await rename(`${file}.tmp`, file);
      log(`${mod.name}: done in ${result.durationS} s (load ${result.load.start} → ${result.load.end}, max ${result.load.max}) → ${path.relative(process.cwd(), file)}`);
      for (const f of result.figures) {
        const ratio = f.ratio !== undefined ? ` ×${f.ratio} vs ${f.baseline?.label}` : '';
        const target = f.target ? ` [${f.target.met ? 'met' : 'MISSED'}: ${f.target.text}]` : '';
        log(`  ${f.label}: median ${f.stat.median} ${f.unit}, p95 ${f.stat.p95} (n=${f.stat.n})${ratio}${target}`);
      }
    } catch (err) {
      failed.push(mod.name);
      log(`${mod.name}: FAILED: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    } finally {
      clearInterval(sampler);
    }
  }
  if (!quick) await writeMarkdown();
  if (failed.length) {
    log(`failed: ${failed.join(', ')}`);
    process.exitCode = 1;
  }
}

await main();
// Lingering keep-alive sockets or IMAP clients must not keep the run open.
process.exit(process.exitCode ?? 0);
