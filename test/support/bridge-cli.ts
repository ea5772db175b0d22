// The bridge CLI as `npm run bridge` runs it: the compiled bundle under plain node.
// Each test run compiles its own copy once (test/support/build-bridge.global.ts), so
// the tests run the code in the working tree, never a stale dist/.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** One level below the project root, like dist/bridge.mjs. */
export const TEST_BRIDGE_BUNDLE = path.join(ROOT, '.tmp', 'bridge.mjs');

/** argv for running the bridge CLI with `args`. */
export function bridgeCli(args: string[]): [string, string[]] {
  return [process.execPath, [TEST_BRIDGE_BUNDLE, ...args]];
}

export interface LaunchedBridge {
  child: ChildProcess;
  /** `http://127.0.0.1:PORT` from its "listening on" line. */
  url: string;
  exited: Promise<void>;
}

export interface LaunchOptions {
  configPath: string;
  /** 0 lets the OS pick a free port. */
  port: number;
  /** Everything the process prints, stdout and stderr, as it comes. */
  onOutput?: (text: string) => void;
  /** Another compiled server to start the same way (the benchmarks' bare Hono baseline). */
  script?: string;
  extraArgs?: string[];
}

/**
 * Starts the bridge with `--config FILE --port N` and resolves once it listens.
 * setpriv: if the test runner dies, the bridge goes with it (setpriv execs, so the
 * child's pid is the bridge's).
 */
export function launchBridge({ configPath, port, onOutput = () => {}, script = TEST_BRIDGE_BUNDLE, extraArgs = [] }: LaunchOptions): Promise<LaunchedBridge> {
  const args = [script, '--config', configPath, '--port', String(port), ...extraArgs];
  const child = spawn('setpriv', ['--pdeathsig', 'TERM', '--', process.execPath, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    let printed = '';
    const onData = (chunk: Buffer) => {
      onOutput(chunk.toString());
      printed += chunk.toString();
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(printed)?.[1];
      if (url) resolve({ child, url, exited });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`bridge exited (${code}) before listening:\n${printed}`)));
  });
}
