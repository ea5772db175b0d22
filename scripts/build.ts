// Builds what is out of date, and only that: the bridge (dist/bridge.mjs) and the
// extension for Chrome and Firefox (.output/chrome-mv3, .output/firefox-mv3, or under
// $POSTBODE_OUT_DIR as wxt.config.ts has it). `npm start`, `npm run postbode` and
// `npm pack` (prepack) go through here, so an unchanged tree starts at once.
//
//   node --import tsx scripts/build.ts [--force] [bridge] [chrome] [firefox]     (default: all three)
//
// --force builds whatever the stamps say: `npm pack` uses it, since a test may have
// rebuilt .output/chrome-mv3 its own way behind a stamp that still matches.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { buildBridge } from './build-bridge';
import { hashInputs, readStamp, writeStamp } from './build-stamp';

const run = promisify(execFile);
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export type Target = 'bridge' | 'chrome' | 'firefox';
export const TARGETS: readonly Target[] = ['bridge', 'chrome', 'firefox'];

/** What each build reads. Both read shared/ and the dependency versions. */
const COMMON = ['shared', 'package.json', 'package-lock.json', 'tsconfig.json'];
const EXTENSION_INPUTS = [...COMMON, 'entrypoints', 'components', 'utils', 'public', 'assets', 'wxt.config.ts'];
const BRIDGE_INPUTS = [...COMMON, 'bridge', 'scripts/build-bridge.ts'];

export interface BuildPaths {
  /** WXT's output folder (default .output, or $POSTBODE_OUT_DIR). */
  outDir: string;
  /** Where the compiled bridge goes. */
  bridgeFile: string;
}

export function defaultPaths(env: NodeJS.ProcessEnv = process.env): BuildPaths {
  return {
    outDir: path.resolve(ROOT, env.POSTBODE_OUT_DIR ?? '.output'),
    bridgeFile: path.join(ROOT, 'dist', 'bridge.mjs'),
  };
}

/** Builds each target whose inputs changed; `log` hears what is built (stderr by default). */
export async function ensureBuilt(
  targets: readonly Target[],
  { paths = defaultPaths(), force = false, log = (line: string) => process.stderr.write(line + '\n') }: { paths?: BuildPaths; force?: boolean; log?: (line: string) => void } = {},
): Promise<Target[]> {
  const built: Target[] = [];
  for (const target of targets) {
    const { inputs, output, stamp, build } = describe(target, paths);
    const hash = await hashInputs(ROOT, inputs);
    if (!force && existsSync(output) && (await readStamp(stamp)) === hash) continue;
    const started = Date.now();
    log(`building ${target === 'bridge' ? 'the bridge' : `the extension for ${target}`}…`);
    await build();
    await writeStamp(stamp, hash);
    log(`built ${path.relative(process.cwd(), path.dirname(output)) || '.'} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    built.push(target);
  }
  return built;
}

function describe(target: Target, paths: BuildPaths) {
  if (target === 'bridge') {
    return {
      inputs: BRIDGE_INPUTS,
      output: paths.bridgeFile,
      stamp: `${paths.bridgeFile}.stamp`,
      build: () => buildBridge(paths.bridgeFile),
    };
  }
  const folder = path.join(paths.outDir, `${target}-mv3`);
  return {
    inputs: EXTENSION_INPUTS,
    output: path.join(folder, 'manifest.json'),
    // Beside the folder, not in it: WXT empties the folder on every build.
    stamp: `${folder}.stamp`,
    build: () => buildExtension(target, paths.outDir),
  };
}

async function buildExtension(browser: 'chrome' | 'firefox', outDir: string): Promise<void> {
  // A production build whatever the caller runs under (vitest sets NODE_ENV=test).
  const { NODE_ENV: _, ...env } = process.env;
  const args = ['build', ...(browser === 'firefox' ? ['-b', 'firefox', '--mv3'] : [])];
  try {
    await run(path.join(ROOT, 'node_modules', '.bin', 'wxt'), args, { cwd: ROOT, env: { ...env, POSTBODE_OUT_DIR: outDir }, maxBuffer: 16 << 20 });
  } catch (err) {
    const { stdout = '', stderr = '' } = err as { stdout?: string; stderr?: string };
    throw new Error(`wxt ${args.join(' ')} failed:\n${stdout}${stderr}`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const force = process.argv.includes('--force');
  const asked = process.argv.slice(2).filter((arg) => arg !== '--force');
  const unknown = asked.filter((name) => !(TARGETS as readonly string[]).includes(name));
  if (unknown.length) {
    console.error(`build: unknown target ${unknown.join(', ')}; known: ${TARGETS.join(', ')}`);
    process.exit(2);
  }
  await ensureBuilt(asked.length ? (asked as Target[]) : TARGETS, { force });
}
