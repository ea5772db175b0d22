/** `postbode run`: the bridge in the foreground until SIGINT/SIGTERM. */
import { existsSync } from 'node:fs';
import { autoconfigDepsFromEnv } from '../autoconfig/lookup';
import { ConfigError } from '../config/store';
import { createLogger } from '../log';
import { isPaired, markPaired } from '../native/paired';
import { currentPlatform } from '../native/platform';
import { startBridge, VERSION } from '../server';
import { type CliContext, commandName, configPathOf, configSuffix, extensionDir } from './context';
import { nextSteps } from './next-steps';
import { recordPath } from './setup-plan';

export async function runCommand(ctx: CliContext, options: { config?: string; port?: string }): Promise<void> {
  const configPath = configPathOf(ctx, options.config);
  let port: number | undefined;
  if (options.port !== undefined) {
    port = Number(options.port);
    if (!/^\d+$/.test(options.port) || port > 65535) throw new ConfigError('--port: expected a port number 0-65535');
  }

  const log = createLogger();
  const paired = await isPaired(configPath);
  const autoconfig = autoconfigDepsFromEnv(ctx.env);
  const bridge = await startBridge({
    configPath,
    ...(autoconfig && { autoconfig }),
    ...(port !== undefined && { port }),
    log,
    // The first request an extension makes with the token ends the first-run steps.
    ...(!paired && {
      onExtensionRequest: () => void markPaired(configPath, 'extension-request').catch((err: unknown) => log.warn('could not record the pairing', { err })),
    }),
  });

  // Before the "listening" line: whoever reads it may signal at once.
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

  const command = commandName(ctx);
  const firefoxDir = extensionDir(ctx, 'firefox-mv3');
  ctx.out(`Postbode bridge ${VERSION} listening on ${bridge.url}
Config: ${configPath}${bridge.created ? ' (created with a new token)' : ''}

${nextSteps({
  paired,
  hostRegistered: existsSync(recordPath(currentPlatform(ctx.env))),
  accounts: bridge.manager.list().length,
  url: bridge.url,
  chromeDir: extensionDir(ctx, 'chrome-mv3'),
  firefoxDir,
  firefoxBuilt: existsSync(firefoxDir),
  tokenCommand: `${command} token${configSuffix(options.config)}`,
  setupCommand: `${command} setup${configSuffix(options.config)}`,
})}`);
}
