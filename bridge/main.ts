// The `postbode` command (package.json `bin`), compiled to dist/bridge.mjs. Only wiring:
// the commands live in bridge/cli/, the native messaging host in bridge/native/.
import { fileURLToPath } from 'node:url';
import { runCli } from './cli/index';

const code = await runCli(process.argv.slice(2), {
  entry: fileURLToPath(import.meta.url),
  env: process.env,
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
});
// A finished command exits once its output is flushed, rather than when idle keep-alive
// sockets of its HTTP probes close (seconds later: the browser waits on the native host).
if (code !== 'running') {
  process.stdout.write('', () => process.exit(code));
}
