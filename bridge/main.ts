import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ConfigError, ConfigStore, resolveConfigPath } from './config/store';
import { createLogger } from './log';
import { startBridge, VERSION } from './server';

const EXTENSION_BUILD = fileURLToPath(new URL('../.output/chrome-mv3', import.meta.url));

const USAGE = `Usage: npm run bridge -- [--config PATH] [--port N] [--print-token]

  --config PATH   config file (default: $POSTBODE_CONFIG, else $XDG_CONFIG_HOME/postbode/config.json)
  --port N        listen on 127.0.0.1:N instead of the config's port (default 7143)
  --print-token   print the pairing token and exit
  --help          this text`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      config: { type: 'string' },
      port: { type: 'string' },
      'print-token': { type: 'boolean' },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const configPath = resolveConfigPath(values.config);
  if (values['print-token']) {
    const { store } = await ConfigStore.load(configPath);
    console.log(store.config.token);
    return;
  }
  let port: number | undefined;
  if (values.port !== undefined) {
    port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`--port: expected a port number 0-65535`);
  }

  const log = createLogger();
  const bridge = await startBridge({ configPath, ...(port !== undefined && { port }), log });
  console.log(`Postbode bridge ${VERSION} listening on ${bridge.url}
Config: ${configPath}${bridge.created ? ' (created with a new token)' : ''}

Load the extension (once): in Chromium/Chrome open chrome://extensions, turn on
  Developer mode, "Load unpacked" and choose ${EXTENSION_BUILD}
  (Firefox: npm run build:firefox, then about:debugging → Load Temporary Add-on)

Pair it: on the extension's options page set
  Bridge URL: ${bridge.url}
  Token:      run \`npm run bridge -- --print-token${values.config ? ` --config ${values.config}` : ''}\` and paste what it prints
${bridge.manager.list().length === 0 ? '\nNo accounts yet: add one on the options page (or in the config file).\n' : ''}`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('stopping', { signal });
    await bridge.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError || (err instanceof Error && /port .* is in use/.test(err.message))) {
    console.error(`postbode: ${err.message}`);
  } else if (err instanceof TypeError && (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    console.error(`postbode: ${err.message}\n\n${USAGE}`);
  } else {
    console.error('postbode: could not start:', err);
  }
  process.exit(1);
});
