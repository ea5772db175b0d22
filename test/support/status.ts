// Reading the bridge's status (`GET /v1/status`) in tests: one account, its state, one
// mailbox's unread count. Every bridge test asks these; they were written again per file.
import type { AccountState, AccountStatus, Status } from '../../bridge/api-types';

export function accountIn(status: Status, id = 'alice'): AccountStatus | undefined {
  return status.accounts.find((account) => account.id === id);
}

export function stateOf(status: Status, id = 'alice'): AccountState | undefined {
  return accountIn(status, id)?.state;
}

/** The unread count the bridge shows for one watched mailbox of an account. */
export function unreadIn(status: Status, path: string, id = 'alice'): number | undefined {
  return accountIn(status, id)?.mailboxes.find((mailbox) => mailbox.path === path)?.unread;
}
