// The bridge compiled ahead of time to one JS file (esbuild, dependencies left as
// imports), to run with plain `node` instead of `node --import tsx`: the bench's way of
// showing what the tsx loader costs in memory and start time. Not how users run it
// (yet): see BENCHMARKS.md. esbuild is here as a dependency of tsx and vite.
import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';

/** Builds OUTBASE/bridge/main.mjs and returns its path; null when esbuild isn't installed. */
export async function buildBridgeJs(outBase: string): Promise<string | null> {
  let build: typeof import('esbuild').build;
  try {
    ({ build } = await import('esbuild'));
  } catch {
    return null;
  }
  const outfile = path.join(outBase, 'bridge', 'main.mjs');
  await mkdir(path.dirname(outfile), { recursive: true });
  await build({
    entryPoints: [path.resolve('bridge/main.ts')],
    outfile,
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
  });
  // server.ts reads the version from '../package.json' next to its own folder.
  await copyFile(path.resolve('package.json'), path.join(outBase, 'package.json'));
  return outfile;
}
