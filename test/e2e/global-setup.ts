// Builds the extension once for the whole e2e project, for Chromium and for Firefox,
// into a folder of this run's own: test/extension/manifest.test.ts rebuilds
// .output/chrome-mv3 while these tests have a build loaded, and another test run on
// the same checkout must not rebuild ours.
import { execFile } from 'node:child_process';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { TestProject } from 'vitest/node';

const run = promisify(execFile);

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const outDir = path.resolve(`.output/e2e-${process.pid}`);
  // What `npm run build` and `npm run build:firefox` do, as production builds (vitest sets NODE_ENV=test).
  const { NODE_ENV: _, ...env } = process.env;
  const wxt = (...args: string[]) =>
    run(path.resolve('node_modules/.bin/wxt'), ['build', ...args], { env: { ...env, POSTBODE_OUT_DIR: outDir }, maxBuffer: 16 * 1024 * 1024 });
  await wxt();
  await wxt('-b', 'firefox', '--mv3');
  project.provide('extensionPaths', { chromium: path.join(outDir, 'chrome-mv3'), firefox: path.join(outDir, 'firefox-mv3') });
  return () => rm(outDir, { recursive: true, force: true });
}
