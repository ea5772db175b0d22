// The `postbode` command line: each form parsed to a command, each mistake refused
// with its reason, and through the real CLI: usage and exit 2 for a wrong command line.
import { execFile } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { type Command, parseCommand, UsageError } from '../../bridge/cli/args';
import { bridgeCli } from '../support/bridge-cli';

describe('postbode command line', () => {
  it.each<[string[], Command]>([
    [[], { name: 'run' }],
    [['--config', '/c.json', '--port', '0'], { name: 'run', config: '/c.json', port: '0' }],
    [['run', '--port', '7200'], { name: 'run', port: '7200' }],
    [['--print-token', '--config', '/c.json'], { name: 'token', config: '/c.json' }],
    [['token'], { name: 'token' }],
    [['status', '--config', '/c.json'], { name: 'status', config: '/c.json' }],
    [['setup'], { name: 'setup', autostart: true }],
    [['setup', '--no-autostart', '--browser', 'chrome', '--browser', 'firefox'], { name: 'setup', autostart: false, browsers: ['chrome', 'firefox'] }],
    [['setup', '--browser', 'edge,Brave'], { name: 'setup', autostart: true, browsers: ['brave', 'edge'] }],
    [['setup', '--browser', 'all'], { name: 'setup', autostart: true, browsers: ['chrome', 'chromium', 'brave', 'edge', 'firefox'] }],
    [['setup', '--user-data-dir', '/p', '--config', '/c.json'], { name: 'setup', autostart: true, userDataDir: '/p', config: '/c.json' }],
    [['setup', '--uninstall'], { name: 'uninstall' }],
    // What Chrome (origin; on Windows --parent-window) and Firefox (manifest path, add-on id) append.
    [['native-host', '--config', '/c.json', 'chrome-extension://abc/', '--parent-window=0'], { name: 'native-host', config: '/c.json' }],
    [['native-host', '/home/u/.mozilla/native-messaging-hosts/app.postbode.bridge.json', 'postbode@postbode.app'], { name: 'native-host' }],
    [['help'], { name: 'help' }],
    [['--help'], { name: 'help' }],
    [['setup', '-h'], { name: 'help' }],
  ])('%j → %j', (argv, command) => {
    expect(parseCommand(argv)).toStrictEqual(command);
  });

  it.each<[string[], RegExp]>([
    [['frobnicate'], /unknown command "frobnicate"/],
    [['--frobnicate'], /Unknown option '--frobnicate'/],
    [['token', '--port', '1'], /Unknown option '--port'/],
    [['setup', '--browser', 'netscape'], /unknown browser "netscape"/],
    [['setup', '--uninstall', '--browser', 'chrome'], /takes no --browser/],
    [['run', 'extra'], /Unexpected argument 'extra'/],
    [['--config'], /argument missing/],
  ])('%j is refused: %s', (argv, message) => {
    expect(() => parseCommand(argv)).toThrow(UsageError);
    expect(() => parseCommand(argv)).toThrow(message);
  });

  it.each([['frobnicate'], ['setup', '--frobnicate']])('the CLI answers %j with the reason, the usage, and exit 2', async (...argv) => {
    const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      execFile(...bridgeCli(argv), { timeout: 20_000 }, (err, stdout, stderr) => resolve({ code: err ? (err.code as number) : 0, stdout, stderr }));
    });

    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^postbode: /);
    expect(stderr).toContain('Usage: postbode [COMMAND] [OPTIONS]');
  });
});
