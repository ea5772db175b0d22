/** `postbode status`: is the bridge of this config running, where, and how are its accounts. */
import { stat } from 'node:fs/promises';
import type { Status } from '../api-types';
import { ConfigError, ConfigStore } from '../config/store';
import { probeBridge } from '../native/find-bridge';
import { type CliContext, configPathOf } from './context';

export async function statusCommand(ctx: CliContext, options: { config?: string; port?: string }): Promise<number> {
  const configPath = configPathOf(ctx, options.config);
  if (!(await stat(configPath).then(() => true, () => false))) {
    ctx.out(`Not running: there is no config at ${configPath} yet (the bridge creates it on first start).\n`);
    return 1;
  }
  const { store } = await ConfigStore.load(configPath);
  const port = options.port === undefined ? store.config.port : Number(options.port);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new ConfigError('--port: expected a port number 1-65535');
  const { token } = store.config;
  const probe = await probeBridge(port, token);
  switch (probe.kind) {
    case 'none':
      ctx.out(`Not running: nothing answers on ${probe.url} (config ${configPath}).\n`);
      return 1;
    case 'other-bridge':
      ctx.out(`Not running: the bridge on ${probe.url} belongs to another config (it refuses this config's token).\n`);
      return 1;
    case 'other-program':
      ctx.out(`Not running: another program answers on ${probe.url}.\n`);
      return 1;
    case 'ours':
      break;
  }
  const response = await fetch(`${probe.url}/v1/status`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(5_000) });
  const status = (await response.json()) as Status;
  ctx.out(`Running on ${probe.url} (config ${configPath})\n${describeAccounts(status)}`);
  return 0;
}

function describeAccounts(status: Status): string {
  if (status.accounts.length === 0) return 'No accounts yet: add one on the extension\'s options page.\n';
  const lines = status.accounts.map((account) => {
    const state = account.state === 'ok' ? `ok, ${account.unread} unread` : account.state + (account.error ? `: ${account.error}` : '');
    return `  ${account.id} (${account.email}): ${state}`;
  });
  return `Accounts:\n${lines.join('\n')}\n`;
}
