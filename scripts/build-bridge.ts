// Compiles the bridge to one ES module that plain `node` runs: `npm run bridge` starts
// that file, not the TypeScript through a loader (tsx keeps an extra V8 isolate and
// every file's source map in memory: ~40 MB of the bridge's RSS, and a slower start).
// Dependencies stay imports from node_modules; only the bridge's own code is bundled.
//
//   node --import tsx scripts/build-bridge.ts [OUTFILE]     (default dist/bridge.mjs)
import { mkdir, rename } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_OUTFILE = path.join(ROOT, 'dist', 'bridge.mjs');

export function buildBridge(outfile: string = DEFAULT_OUTFILE): Promise<string> {
  return bundleForNode(path.join(ROOT, 'bridge', 'main.ts'), outfile);
}

/** `entry` and the project's modules it imports, as one ES module for Node. */
export async function bundleForNode(entry: string, outfile: string): Promise<string> {
  await mkdir(path.dirname(outfile), { recursive: true });
  // Written beside and renamed into place: a bridge being started from the old file
  // (a parallel test run) never reads half of the new one.
  const partial = `${outfile}.${process.pid}.partial`;
  await build({
    entryPoints: [entry],
    outfile: partial,
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
  });
  await rename(partial, outfile);
  return outfile;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await buildBridge(process.argv[2] ? path.resolve(process.argv[2]) : undefined);
}
