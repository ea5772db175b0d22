// The in-page half of the Firefox locators (queries.in-page.ts), bundled once per
// test process into a script that defines `globalThis.__postbodeQueries`.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type * as Queries from './queries.in-page';

export type InPageQueries = typeof Queries;

/** Where the bundle puts the queries in a page's global scope. */
export const QUERIES_GLOBAL = '__postbodeQueries';

let bundled: Promise<string> | undefined;

/** The script that installs the queries (a plain script: pages' CSP forbids eval, not this). */
export function queriesScript(): Promise<string> {
  bundled ??= build({
    entryPoints: [path.join(path.dirname(fileURLToPath(import.meta.url)), 'queries.in-page.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    globalName: QUERIES_GLOBAL,
    target: 'firefox128',
    logLevel: 'silent',
  }).then((result) => `${result.outputFiles[0]!.text};globalThis.${QUERIES_GLOBAL} = ${QUERIES_GLOBAL};`);
  return bundled;
}
