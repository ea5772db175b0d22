// Builds the extension once for the whole e2e project, into a folder of its own:
// test/extension/manifest.test.ts rebuilds .output/chrome-mv3 while these tests
// have a build loaded, so they can't share it.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import type { TestProject } from 'vitest/node';

const run = promisify(execFile);

export const E2E_OUT_DIR = path.resolve('.output/e2e');

export default async function setup(project: TestProject): Promise<void> {
  // What `npm run build` does, as a production build (vitest sets NODE_ENV=test).
  const { NODE_ENV: _, ...env } = process.env;
  await run(path.resolve('node_modules/.bin/wxt'), ['build'], {
    env: { ...env, POSTBODE_OUT_DIR: E2E_OUT_DIR },
    maxBuffer: 16 * 1024 * 1024,
  });
  project.provide('extensionPath', path.join(E2E_OUT_DIR, 'chrome-mv3'));
}
