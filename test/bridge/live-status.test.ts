// Changes made by another IMAP client reach /v1/status and /v1/events, and the
// account survives its server going away.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startDovecot, type Dovecot } from '../support/dovecot';
import { aliceAccount, mail, startTestBridge, type TestBridge } from '../support/bridge';
import { accountIn, stateOf, unreadIn } from '../support/status';

let dovecot: Dovecot;
let bridge: TestBridge;

/** A WebSocket on /v1/events that collects every message and can wait for one. */
async function openEvents(target: TestBridge) {
  const messages: any[] = [];
  const waiters: Array<{ predicate: (message: any) => boolean; resolve: (message: any) => void }> = [];
  const socket = new WebSocket(target.url.replace(/^http/, 'ws') + '/v1/events', ['postbode.v1', target.token]);
  socket.on('message', (data) => {
    const message = JSON.parse(String(data));
    messages.push(message);
    for (const waiter of [...waiters]) {
      if (waiter.predicate(message)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(message);
      }
    }
  });
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  const next = (predicate: (message: any) => boolean, timeoutMs = 10_000) =>
    new Promise<any>((resolve, reject) => {
      const found = messages.find(predicate);
      if (found) return resolve(found);
      const timer = setTimeout(() => reject(new Error('no such event')), timeoutMs);
      waiters.push({ predicate, resolve: (message) => (clearTimeout(timer), resolve(message)) });
    });
  return { socket, messages, next };
}

beforeAll(async () => {
  dovecot = await startDovecot();
  // A long health interval: changes must arrive by IDLE and NOTIFY, not by the timer.
  bridge = await startTestBridge({ accounts: [aliceAccount(dovecot, undefined, { watch: ['INBOX', 'Archive'] })], healthCheckSeconds: 3600 });
  await bridge.waitForStatus((status) => stateOf(status) === 'ok');
});

afterAll(async () => {
  await bridge?.stopAll();
  await dovecot?.close();
});

describe('changes made by another IMAP client', () => {
  it('counts new mail in INBOX and pushes it over the WebSocket', async () => {
    const events = await openEvents(bridge);
    const first = await events.next((message) => message.type === 'status');
    expect(accountIn(first.status)?.unread).toBe(0);

    await dovecot.append('alice', 'INBOX', mail({ subject: 'New one' }));

    const pushed = await events.next((message) => message.type === 'status' && message.status.total === 1);
    expect(pushed.status.revision).toBeGreaterThan(first.status.revision);
    expect(unreadIn(pushed.status, 'INBOX')).toBe(1);
    events.socket.close();
  });

  it('keeps counting after the mailbox was listed (and so selected) on the command connection', async () => {
    const before = await bridge.waitForStatus((status) => status.total === 1);
    expect((await bridge.api('/v1/accounts/alice/messages?unseen=1')).body.messages).toHaveLength(1);
    await dovecot.append('alice', 'INBOX', mail({ subject: 'After listing' }));
    const after = await bridge.waitForStatus((status) => status.total === 2);
    expect(after.revision).toBeGreaterThan(before.revision);
  });

  it('drops the count when another client marks the message read', async () => {
    const before = await bridge.waitForStatus((status) => status.total === 2);
    const client = await dovecot.client();
    await client.mailboxOpen('INBOX');
    await client.messageFlagsAdd('1:*', ['\\Seen']);
    await client.logout();

    const after = await bridge.waitForStatus((status) => status.total === 0);
    expect(after.revision).toBeGreaterThan(before.revision);
  });

  it('drops the count when another client expunges an unseen message', async () => {
    await dovecot.append('alice', 'INBOX', mail({ subject: 'Short-lived' }));
    await bridge.waitForStatus((status) => unreadIn(status, 'INBOX') === 1);
    const client = await dovecot.client();
    await client.mailboxOpen('INBOX');
    await client.messageDelete({ seen: false });
    await client.logout();

    await bridge.waitForStatus((status) => unreadIn(status, 'INBOX') === 0);
  });

  it('keeps a watched mailbox other than INBOX fresh without the periodic check (NOTIFY)', async () => {
    await dovecot.append('alice', 'Archive', mail({ subject: 'Filed by a rule' }));
    const status = await bridge.waitForStatus((current) => unreadIn(current, 'Archive') === 1);
    expect(accountIn(status)?.unread).toBe(1);
  });
});

describe('long poll', () => {
  it('answers at once when the client is behind', async () => {
    const current = (await bridge.api('/v1/status')).body;
    const response = await bridge.api(`/v1/status?since=${current.revision - 1}&wait=25`);
    expect(response.status).toBe(200);
    expect(response.body.revision).toBe(current.revision);
  });

  it('answers with the new revision when something changes while it waits', async () => {
    const current = (await bridge.api('/v1/status')).body;
    const waiting = bridge.api(`/v1/status?since=${current.revision}&wait=25`);
    await dovecot.append('alice', 'INBOX', mail({ subject: 'During the poll' }));
    const response = await waiting;
    expect(response.body.revision).toBeGreaterThan(current.revision);
    expect(response.body.total).toBe(current.total + 1);
  });

  it('answers with the same revision when nothing changed before the wait ran out', async () => {
    const current = (await bridge.api('/v1/status')).body;
    const response = await bridge.api(`/v1/status?since=${current.revision}&wait=1`);
    expect(response.body).toEqual(current);
  });

  it.each(['wait=26', 'wait=-1', 'since=abc', 'wait=1.5', 'other=1'])('refuses %s with 400', async (query) => {
    const response = await bridge.api(`/v1/status?${query}`);
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('bad_request');
  });
});

describe('when the mail server goes away', () => {
  it('reports the error, reconnects by itself when the server is back, and counts right', async () => {
    const events = await openEvents(bridge);
    const before = (await bridge.api('/v1/status')).body;

    await dovecot.kill();
    const down = await bridge.waitForStatus((status) => stateOf(status) !== 'ok');
    expect(['error', 'connecting']).toContain(stateOf(down));

    await dovecot.start();
    // Mail that arrived while the bridge was disconnected is counted once it is back.
    await dovecot.append('alice', 'INBOX', mail({ subject: 'While you were away' }));
    // A connect that raced the kill can sit until the greeting timeout (10 s) before the retry.
    const back = await bridge.waitForStatus((status) => stateOf(status) === 'ok' && status.total === before.total + 1, 45_000);
    expect(accountIn(back)?.error).toBeUndefined();

    await events.next((message) => message.type === 'status' && stateOf(message.status) !== 'ok');
    await events.next((message) => message.type === 'status' && stateOf(message.status) === 'ok' && message.status.total === before.total + 1);
    events.socket.close();
  }, 60_000);

  it('answers 503 for mail routes while the account is not connected', async () => {
    await dovecot.stop();
    await bridge.waitForStatus((status) => stateOf(status) !== 'ok');
    const response = await bridge.api('/v1/accounts/alice/messages');
    expect(response.status).toBe(503);
    expect(response.body.error.code).toBe('not_connected');
    await dovecot.start();
    await bridge.waitForStatus((status) => stateOf(status) === 'ok', 30_000);
  });
});

describe('a server that stops answering but keeps the connection open', () => {
  let stalled: TestBridge;

  beforeAll(async () => {
    stalled = await startTestBridge({ accounts: [aliceAccount(dovecot)], healthCheckSeconds: 5 });
    await stalled.waitForStatus((status) => stateOf(status) === 'ok');
  });

  afterAll(async () => {
    await dovecot.resume();
    await stalled?.stopAll();
  });

  it('is noticed by the health check and reconnected once it answers again', async () => {
    await dovecot.pause();
    const down = await stalled.waitForStatus((status) => stateOf(status) !== 'ok', 30_000);
    expect(accountIn(down)?.error).toMatch(/stopped answering|closed|timed? ?out/i);
    await dovecot.resume();
    await stalled.waitForStatus((status) => stateOf(status) === 'ok', 60_000);
  }, 90_000);
});
