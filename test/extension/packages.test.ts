// @vitest-environment node
// `npm run zip`, as a release is made: the Chrome zip, the Firefox zip, and the
// sources zip AMO asks of a bundled add-on, holding what rebuilds it and nothing else.
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
let outDir: string;
let version: string;

beforeAll(async () => {
  version = JSON.parse(await readFile('package.json', 'utf8')).version;
  outDir = await mkdtemp(path.join(os.tmpdir(), 'postbode-zip-'));
  // A production build into a folder of its own (vitest sets NODE_ENV=test).
  const { NODE_ENV: _, ...env } = process.env;
  await run('npm', ['run', 'zip'], { env: { ...env, POSTBODE_OUT_DIR: outDir }, maxBuffer: 16 * 1024 * 1024 });
}, 120_000);

afterAll(() => rm(outDir, { recursive: true, force: true }));

const entries = async (zip: string) => (await run('unzip', ['-Z1', path.join(outDir, zip)])).stdout.split('\n').filter(Boolean);

describe('npm run zip', () => {
  it('makes the Chrome zip, the Firefox zip and the sources zip', async () => {
    expect((await readdir(outDir)).filter((f) => f.endsWith('.zip')).sort()).toEqual([
      `postbode-${version}-chrome.zip`,
      `postbode-${version}-firefox.zip`,
      `postbode-${version}-sources.zip`,
    ]);
    for (const zip of [`postbode-${version}-chrome.zip`, `postbode-${version}-firefox.zip`]) {
      expect(await entries(zip)).toEqual(expect.arrayContaining(['manifest.json', 'popup.html', 'options.html', 'background.js']));
    }
  });

  it('puts in the sources zip what rebuilds the add-on (README, "Firefox"), and no tests, benchmarks or builds', async () => {
    const files = await entries(`postbode-${version}-sources.zip`);
    expect(files).toEqual(
      expect.arrayContaining(['package.json', 'package-lock.json', 'wxt.config.ts', 'tsconfig.json', 'README.md', 'entrypoints/popup/App.tsx', 'scripts/no-html-sinks.ts']),
    );
    expect(files.filter((f) => /^(test|bench|docs|dist|node_modules|\.output|\.wxt)\//.test(f))).toEqual([]);
  });
});
