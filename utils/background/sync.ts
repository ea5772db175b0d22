/**
 * Keeping storage (and so the badge) in step with the bridge's status, from
 * whichever source brought it: a GET /v1/status or a WebSocket push.
 */
import type { Status } from '@/bridge/api-types';
import { pairedApi, type MailApi } from '@/utils/bridge/api';
import { errorMessage, isAuthError } from '@/utils/bridge/errors';
import { connection, lastStatus, type ConnectionState } from '@/utils/storage/status';
import { renderBadge } from './badge';
import { checkNewMail, lookAgainEverywhere } from './mail-watch';
import { serialize } from './serial';

export { serialize };

/**
 * After a gap in what we heard from the bridge (worker start, socket
 * (re)opened): the next status looks at every mailbox, not only those whose
 * count changed. Queued like a status, so it lands before the statuses after it.
 */
export function recheckMail(): Promise<void> {
  return serialize(lookAgainEverywhere);
}

/** Asks the bridge for its status and applies it, or records why it couldn't. */
export function syncNow(): Promise<void> {
  return serialize(async () => {
    const api = await pairedApi();
    if (!api) return showUnpaired();
    try {
      await applyNow(await api.status(), api);
    } catch (error) {
      await recordFailure(error);
    }
  });
}

/** Applies a status the bridge pushed over the WebSocket. */
export function applyStatus(status: Status): Promise<void> {
  return serialize(async () => {
    const api = await pairedApi();
    if (api) await applyNow(status, api);
  });
}

async function applyNow(status: Status, api: MailApi): Promise<void> {
  await lastStatus.setValue(status);
  await setConnection('connected');
  // The badge first: it must follow new mail within a second, and the
  // message lookups for notifications can take longer.
  await renderBadge();
  await checkNewMail(status, api);
}

/** Bridge down or token refused: say so on the badge rather than show an old count. */
async function recordFailure(error: unknown): Promise<void> {
  const detail = errorMessage(error);
  await setConnection(isAuthError(error) ? 'unauthorized' : 'unreachable', detail);
  await renderBadge();
  // Whatever happens to the mail until we hear from the bridge again is unseen.
  await lookAgainEverywhere();
}

async function showUnpaired(): Promise<void> {
  await setConnection('unpaired');
  await lastStatus.setValue(null);
  await renderBadge();
}

async function setConnection(state: ConnectionState, detail?: string): Promise<void> {
  const current = await connection.getValue();
  // Writing only on change keeps `since` meaningful and storage quiet on every push.
  if (current.state === state && current.detail === detail) return;
  await connection.setValue({ state, since: Date.now(), ...(detail && { detail }) });
}
