// A clock without sleeps, for "nothing happens for a while" assertions: an account
// whose IMAP server is down is retried by the bridge with backoff (at once, ~1 s, ~2 s,
// …), and each retry it logs is a tick. Waiting for two ticks is a bounded window in
// which a retry storm elsewhere would have shown, whatever the machine's load.
import { expect } from 'vitest';
import type { TestBridge } from './bridge';
import { freePorts } from './dovecot';

export interface RetryClock {
  ticks(): number;
  /** Resolves after `n` more retries of the down account. */
  wait(n: number): Promise<void>;
  remove(): Promise<void>;
}

/**
 * Adds `account` (a body for POST /v1/accounts that the bridge saves without a test
 * login, e.g. an OAuth2 sign-in with a refresh token) with its IMAP port pointed at a
 * closed port.
 */
export async function startRetryClock(bridge: TestBridge, account: { id: string; imap: Record<string, unknown> } & Record<string, unknown>): Promise<RetryClock> {
  const [closedPort] = await freePorts(1);
  const added = await bridge.api('/v1/accounts', { method: 'POST', body: { ...account, imap: { ...account.imap, port: closedPort } } });
  expect(added.status).toBe(201);
  const ticks = () => bridge.logs.filter((line) => line.includes('"reconnect scheduled"') && line.includes(`"account":"${account.id}"`)).length;
  const wait = async (n: number) => {
    const target = ticks() + n;
    await bridge.waitForStatus(() => ticks() >= target, 30_000);
  };
  // Running once before it is used: whatever its first connect does (a token refresh) is over.
  await wait(1);
  return {
    ticks,
    wait,
    async remove() {
      await bridge.api(`/v1/accounts/${account.id}`, { method: 'DELETE' });
    },
  };
}
