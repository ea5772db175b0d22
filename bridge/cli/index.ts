/**
 * The `postbode` command: parses the command line and runs one subcommand. Exit codes:
 * 0 done, 1 it failed (the message says why), 2 the command line is wrong (usage follows).
 */
import { ConfigError } from '../config/store';
import { createLogger } from '../log';
import { BridgeStartError } from '../native/find-bridge';
import { runNativeHost } from '../native/host';
import { parseCommand, USAGE, UsageError } from './args';
import { type CliContext, configPathOf } from './context';
import { runCommand } from './run';
import { setupCommand, uninstallCommand } from './setup';
import { SetupError } from './setup-plan';
import { statusCommand } from './status';
import { tokenCommand } from './token';

/** Runs the command; resolves to an exit code, or to 'running' when the bridge now serves in this process. */
export async function runCli(argv: readonly string[], ctx: CliContext): Promise<number | 'running'> {
  try {
    const command = parseCommand(argv);
    switch (command.name) {
      case 'help':
        ctx.out(USAGE + '\n');
        return 0;
      case 'run':
        await runCommand(ctx, command);
        return 'running';
      case 'token':
        return await tokenCommand(ctx, command);
      case 'status':
        return await statusCommand(ctx, command);
      case 'setup':
        return await setupCommand(ctx, command);
      case 'uninstall':
        return await uninstallCommand(ctx, command);
      case 'native-host':
        return await runNativeHost({
          configPath: configPathOf(ctx, command.config),
          cli: ctx.entry,
          input: process.stdin,
          output: process.stdout,
          log: createLogger(),
        });
    }
  } catch (err) {
    if (err instanceof UsageError) {
      ctx.err(`postbode: ${err.message}\n\n${USAGE}\n`);
      return 2;
    }
    if (err instanceof ConfigError || err instanceof SetupError || err instanceof BridgeStartError || (err instanceof Error && /port .* is in use/.test(err.message))) {
      ctx.err(`postbode: ${err.message}\n`);
    } else {
      ctx.err(`postbode: failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    }
    return 1;
  }
}
