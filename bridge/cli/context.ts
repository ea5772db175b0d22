/**
 * Where the running `postbode` is: the compiled CLI file, the package around it, and
 * whether that package is a checkout (then commands are spelled `npm run postbode --`).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { resolveConfigPath } from '../config/store';
import { shQuote } from '../native/quote';

export interface CliContext {
  /** Absolute path of the running CLI: dist/bridge.mjs (or bridge/main.ts under tsx). */
  entry: string;
  env: NodeJS.ProcessEnv;
  out(text: string): void;
  err(text: string): void;
}

/** The package folder: the CLI is one level below it (dist/bridge.mjs, bridge/main.ts). */
export const packageRoot = (ctx: CliContext): string => path.resolve(path.dirname(ctx.entry), '..');

export const inCheckout = (ctx: CliContext): boolean => existsSync(path.join(packageRoot(ctx), 'bridge', 'main.ts'));

/** How the user types the command here. */
export const commandName = (ctx: CliContext): string => (inCheckout(ctx) ? 'npm run postbode --' : 'postbode');

/** The built extension for a browser family; a checkout honours POSTBODE_OUT_DIR as wxt.config.ts does. */
export function extensionDir(ctx: CliContext, target: 'chrome-mv3' | 'firefox-mv3'): string {
  const outDir = inCheckout(ctx) && ctx.env.POSTBODE_OUT_DIR ? path.resolve(packageRoot(ctx), ctx.env.POSTBODE_OUT_DIR) : path.join(packageRoot(ctx), '.output');
  return path.join(outDir, target);
}

/** The config path rule, made absolute: it is passed to processes with another working directory. */
export const configPathOf = (ctx: CliContext, flag: string | undefined): string => path.resolve(resolveConfigPath(flag, ctx.env));

/** ` --config PATH` when the user gave one, for commands we suggest. */
export const configSuffix = (flag: string | undefined): string => (flag ? ` --config ${/^[\w./:@+-]+$/.test(flag) ? flag : shQuote(flag)}` : '');
