// `npm start` for a checkout: everything between `git clone` and a working extension.
// 1. builds the extension (Chrome) and the bridge, each only when its sources changed;
// 2. registers the native messaging host for the browsers on this machine, so the
//    extension pairs itself (`postbode setup --no-autostart`: a checkout is run by hand,
//    not at login);
// 3. runs the bridge in the foreground; it prints what is left to do (load the
//    extension, add an account) until an extension has paired with it.
//
//   npm start [-- --config PATH] [--port N]
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { currentPlatform } from '../bridge/native/platform';
import { defaultPaths, ensureBuilt } from './build';
import { detectBrowsers } from './detect-browsers';

const { values } = parseArgs({ options: { config: { type: 'string' }, port: { type: 'string' } }, strict: true });
const configArgs = values.config ? ['--config', values.config] : [];

const { bridgeFile } = defaultPaths();
await ensureBuilt(['chrome', 'bridge']);

// Exit codes pass through: the bridge's 1 ("port in use", a bad config) is npm start's.
function postbode(args: string[], signals = false): Promise<number> {
  const child = spawn(process.execPath, [bridgeFile, ...args], { stdio: 'inherit' });
  if (signals) {
    // Ctrl-C reaches the bridge directly (same process group); a SIGTERM sent to this
    // script alone (a supervisor, `kill`) is passed on, and either way the bridge stops cleanly.
    process.on('SIGINT', () => {});
    process.on('SIGTERM', () => child.kill('SIGTERM'));
  }
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0))));
}

const browsers = detectBrowsers(currentPlatform());
const setup = await postbode(['setup', '--no-autostart', ...(browsers.length ? ['--browser', browsers.join(',')] : []), ...configArgs]);
if (setup !== 0) process.exit(setup);
console.log('');
process.exit(await postbode(['run', ...configArgs, ...(values.port ? ['--port', values.port] : [])], true));
