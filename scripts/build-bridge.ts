// Compiles the `postbode` command (bridge/main.ts) into one ES module that plain `node`
// runs, with every dependency inside it: the published package then installs with no
// dependencies at all (offline, nothing to audit at install time), and the bridge starts
// without resolving hundreds of files in node_modules. `npm run bridge` and `postbode`
// start that file, not the TypeScript through a loader (tsx keeps an extra V8 isolate and
// every file's source map in memory: ~40 MB of the bridge's RSS, and a slower start).
// The licences of what is bundled go beside it, in THIRD-PARTY-LICENSES.txt.
//
//   node --import tsx scripts/build-bridge.ts [OUTFILE]     (default dist/bridge.mjs)
import { chmod, mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type Metafile } from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_OUTFILE = path.join(ROOT, 'dist', 'bridge.mjs');

export async function buildBridge(outfile: string = DEFAULT_OUTFILE): Promise<string> {
  const metafile = await bundle(path.join(ROOT, 'bridge', 'main.ts'), outfile, { executable: true });
  await writeLicenses(metafile, path.join(path.dirname(outfile), 'THIRD-PARTY-LICENSES.txt'));
  return outfile;
}

/**
 * `entry` and everything it imports (the project's modules and its dependencies) as one
 * ES module for Node. CommonJS dependencies (imapflow, nodemailer) call `require` for
 * Node's built-ins, which an ES module lacks: the banner gives them one.
 */
export async function bundleForNode(entry: string, outfile: string): Promise<string> {
  await bundle(entry, outfile);
  return outfile;
}

async function bundle(entry: string, outfile: string, { executable = false } = {}): Promise<Metafile> {
  await mkdir(path.dirname(outfile), { recursive: true });
  // Written beside and renamed into place: a bridge being started from the old file
  // (a parallel test run) never reads half of the new one.
  const partial = `${outfile}.${process.pid}.partial`;
  const result = await build({
    entryPoints: [entry],
    outfile: partial,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    banner: {
      js: [
        ...(executable ? ['#!/usr/bin/env node'] : []),
        "import { createRequire as __postbodeCreateRequire } from 'node:module';",
        'const require = __postbodeCreateRequire(import.meta.url);',
      ].join('\n'),
    },
    // ws loads these optional native speed-ups in a try/catch; without them it uses JS.
    external: ['bufferutil', 'utf-8-validate'],
    metafile: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
  if (executable) await chmod(partial, 0o755);
  await rename(partial, outfile);
  return result.metafile;
}

/** Every bundled package's name, version, licence and licence text, for the tarball. */
async function writeLicenses(metafile: Metafile, file: string): Promise<void> {
  const packages = new Map<string, string>();
  for (const input of Object.keys(metafile.inputs)) {
    const match = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (match) packages.set(match[1]!, input.slice(0, match.index + match[0].length));
  }
  const sections: string[] = [];
  for (const [name, dir] of [...packages].sort(([a], [b]) => a.localeCompare(b))) {
    const folder = path.resolve(ROOT, dir);
    const manifest = JSON.parse(await readFile(path.join(folder, 'package.json'), 'utf8')) as { version?: string; license?: string };
    const licenceFile = (await readdir(folder)).find((entry) => /^(licen[cs]e|copying)(\.|$)/i.test(entry));
    const text = licenceFile ? await readFile(path.join(folder, licenceFile), 'utf8') : `(no licence file; package.json says ${manifest.license ?? 'nothing'})`;
    sections.push(`${name} ${manifest.version ?? ''} — ${manifest.license ?? 'unknown'}\n\n${text.trim()}\n`);
  }
  const header = 'dist/bridge.mjs bundles these packages. Their licences follow.\n';
  await writeFile(file, [header, ...sections].join(`\n${'='.repeat(78)}\n\n`));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await buildBridge(process.argv[2] ? path.resolve(process.argv[2]) : undefined);
}
