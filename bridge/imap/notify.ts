import type { ImapFlow } from 'imapflow';

/**
 * imapflow has no NOTIFY (RFC 5465) support, but its command runner and untagged
 * handler table are there at runtime; this is the only place that reaches into them.
 */
interface ImapFlowInternals {
  capabilities: Map<string, unknown>;
  exec(command: string, attributes: unknown[]): Promise<{ next(): void }>;
  untaggedHandlers: Record<string, ((untagged: unknown) => unknown) | undefined>;
}

/**
 * Keeps watched mailboxes other than the selected one fresh. Where the server offers
 * NOTIFY, it pushes a STATUS for them on the IDLE connection and `onChange` runs at
 * once; elsewhere the account's periodic health check re-reads them with STATUS.
 * Returns whether NOTIFY is active.
 */
export async function watchOtherMailboxes(watcher: ImapFlow, paths: readonly string[], onChange: () => void): Promise<boolean> {
  const internals = watcher as unknown as ImapFlowInternals;
  if (!internals.capabilities.has('NOTIFY')) return false;
  internals.untaggedHandlers.STATUS = () => {
    onChange();
  };
  const events = [
    { type: 'ATOM', value: 'MessageNew' },
    { type: 'ATOM', value: 'MessageExpunge' },
    { type: 'ATOM', value: 'FlagChange' },
  ];
  const response = await internals.exec('NOTIFY', [
    { type: 'ATOM', value: 'SET' },
    [{ type: 'ATOM', value: 'SELECTED' }, events],
    [{ type: 'ATOM', value: 'MAILBOXES' }, paths.map((path) => ({ type: 'STRING', value: path })), events],
  ]);
  response.next();
  return true;
}
