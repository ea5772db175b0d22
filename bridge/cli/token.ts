/** `postbode token`: the pairing token, alone on stdout, for pairing by hand or scripts. */
import { ConfigStore } from '../config/store';
import { type CliContext, configPathOf } from './context';

export async function tokenCommand(ctx: CliContext, options: { config?: string }): Promise<number> {
  // A missing config is created, as `run` would: the token printed is the one the bridge will use.
  const { store } = await ConfigStore.load(configPathOf(ctx, options.config));
  ctx.out(store.config.token + '\n');
  return 0;
}
