/**
 * The `postbode` command line: a subcommand, then its options. Parsing is pure (argv in,
 * a command out) so every form, and every mistake, is tested without a process.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { BROWSERS, type Browser, HOST_SUBCOMMAND } from '../native/manifests';

export type Command =
  | { name: 'run'; config?: string; port?: string }
  | { name: 'setup'; config?: string; browsers?: Browser[]; userDataDir?: string; autostart: boolean }
  | { name: 'uninstall'; config?: string }
  | { name: 'token'; config?: string }
  | { name: 'status'; config?: string; port?: string }
  | { name: 'native-host'; config?: string }
  | { name: 'help' };

/** A command line that is wrong: the message, then the usage, and exit 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const USAGE = `Usage: postbode [COMMAND] [OPTIONS]

Commands:
  run       the bridge in the foreground (the default command)
              --port N            listen on 127.0.0.1:N instead of the config's port
  setup     let the extension pair itself (registers the native messaging host
            with your browsers) and start the bridge at login
              --browser NAME      chrome, chromium, brave, edge, firefox or all
                                  (default: all; repeat it or separate with commas)
              --user-data-dir DIR a Chromium profile folder of your own: the host
                                  manifest goes into DIR/NativeMessagingHosts/
              --no-autostart      don't start the bridge at login
              --uninstall         remove everything setup wrote
  token     print the pairing token (for pairing by hand)
  status    whether the bridge runs, its URL and each account's state
            (exit 1 when it doesn't run)

Every command takes --config PATH: the config file (default: $POSTBODE_CONFIG, else
$XDG_CONFIG_HOME/postbode/config.json, i.e. ~/.config/postbode/config.json).
In a checkout, run them as \`npm run postbode -- COMMAND\`.`;

const config = { type: 'string' } as const;
const help = { type: 'boolean', short: 'h' } as const;

export function parseCommand(argv: readonly string[]): Command {
  const [first, ...rest] = argv;
  // No subcommand (only options, or nothing): `run`, as `npm run bridge -- --config X` always did.
  const explicit = first !== undefined && !first.startsWith('-');
  const name = explicit ? first : 'run';
  const args = explicit ? rest : [...argv];

  switch (name) {
    case 'run': {
      // --print-token is the old spelling of `token`, kept for existing docs and scripts.
      const values = parse(args, { config, port: { type: 'string' }, 'print-token': { type: 'boolean' }, help });
      if (values.help) return { name: 'help' };
      if (values['print-token']) return { name: 'token', ...optional({ config: values.config }) };
      return { name: 'run', ...optional({ config: values.config, port: values.port }) };
    }
    case 'setup': {
      const values = parse(args, {
        config,
        browser: { type: 'string', multiple: true },
        'user-data-dir': { type: 'string' },
        'no-autostart': { type: 'boolean' },
        uninstall: { type: 'boolean' },
        help,
      });
      if (values.help) return { name: 'help' };
      if (values.uninstall) {
        const extra = (['browser', 'user-data-dir', 'no-autostart'] as const).filter((option) => values[option] !== undefined);
        if (extra.length) throw new UsageError(`--uninstall removes everything setup wrote; it takes no ${extra.map((o) => `--${o}`).join(', ')}`);
        return { name: 'uninstall', ...optional({ config: values.config }) };
      }
      return {
        name: 'setup',
        autostart: !values['no-autostart'],
        ...optional({ config: values.config, userDataDir: values['user-data-dir'], browsers: values.browser && parseBrowsers(values.browser) }),
      };
    }
    case 'token': {
      const values = parse(args, { config, help });
      return values.help ? { name: 'help' } : { name: 'token', ...optional({ config: values.config }) };
    }
    case 'status': {
      const values = parse(args, { config, port: { type: 'string' }, help });
      return values.help ? { name: 'help' } : { name: 'status', ...optional({ config: values.config, port: values.port }) };
    }
    case HOST_SUBCOMMAND: {
      // The browser adds arguments of its own (the caller's origin; on Windows
      // --parent-window=N; Firefox the manifest path and add-on id): accept and ignore them.
      const { values } = parseArgs({ args, options: { config }, strict: false, allowPositionals: true });
      return { name: 'native-host', ...optional({ config: typeof values.config === 'string' ? values.config : undefined }) };
    }
    case 'help':
      return { name: 'help' };
    default:
      throw new UsageError(`unknown command "${name}"`);
  }
}

function parse<O extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: O) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false }).values;
  } catch (err) {
    // node:util's messages are clear but long ("To specify a positional argument starting with…"): keep the first sentence.
    if ((err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) throw new UsageError((err as Error).message.split('. ')[0]!);
    throw err;
  }
}

function parseBrowsers(values: string[]): Browser[] {
  const names = values.flatMap((value) => value.split(',')).map((name) => name.trim().toLowerCase()).filter(Boolean);
  if (names.includes('all')) return [...BROWSERS];
  const unknown = names.filter((name) => !(BROWSERS as readonly string[]).includes(name));
  if (unknown.length) throw new UsageError(`--browser: unknown browser "${unknown[0]}" (expected ${BROWSERS.join(', ')} or all)`);
  return BROWSERS.filter((browser) => names.includes(browser));
}

/** The fields whose value is set (exactOptionalPropertyTypes-friendly spreading). */
function optional<T extends Record<string, unknown>>(fields: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}
