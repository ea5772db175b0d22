// @vitest-environment node
// The background worker against a real bridge (HTTP and WebSocket) and a real
// Dovecot: mail arrives over IMAP, and the badge and notifications follow.
// Node, not happy-dom: a service worker has no DOM, and the bridge refuses the
// web-page Origin happy-dom's fetch would send.
import { ImapFlow } from 'imapflow';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { WebSocket as NodeWebSocket } from 'ws';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createLogger } from '@/bridge/log';
import { startBridge, type RunningBridge } from '@/bridge/server';
import { isEventSocketOpen, closeEventSocket } from '@/utils/background/events-socket';
import { REFRESH_ALARM } from '@/utils/background/refresh-alarm';
import { mailMemory } from '@/utils/storage/background';
import { pairing } from '@/utils/storage/pairing';
import { settings } from '@/utils/storage/settings';
import { connection } from '@/utils/storage/status';
import { aliceAccount, mail, startTestBridge, type TestBridge } from '../../support/bridge';
import { startDovecot, type Dovecot } from '../../support/dovecot';
import { installI18n } from '../support/fake-i18n';
import { createdFor, spyOnNotifications } from '../support/notifications';
import { settled, startWorker, stopWorker, until } from '../support/worker';

const WEBMAIL = 'https://mail.example.test/';

let dovecot: Dovecot;
let bridge: TestBridge;
/** A bridge restarted by a test on the first one's port and config. */
let restarted: RunningBridge | undefined;

beforeAll(async () => {
  dovecot = await startDovecot();
}, 30_000);

afterAll(async () => {
  await dovecot?.close();
});

beforeEach(async () => {
  fakeBrowser.reset();
  installI18n();
  vi.stubGlobal('WebSocket', NodeWebSocket);
  await withImap(async (imap) => {
    for (const box of ['INBOX', 'Trash']) {
      const { exists } = await imap.mailboxOpen(box);
      if (exists > 0) await imap.messageDelete('1:*');
    }
  });
  bridge = await startTestBridge({ accounts: [aliceAccount(dovecot, undefined, { webmailUrl: WEBMAIL })] });
  await bridge.waitForStatus((s) => s.accounts[0]?.state === 'ok');
}, 30_000);

afterEach(async () => {
  await stopWorker();
  await restarted?.close();
  restarted = undefined;
  await bridge.stopAll();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

async function withImap<T>(task: (imap: ImapFlow) => Promise<T>): Promise<T> {
  const imap = await dovecot.client('alice');
  try {
    return await task(imap);
  } finally {
    await imap.logout();
  }
}

function deliver(subject: string, from = 'Bob Builder <bob@example.test>', body = `About ${subject}.\r\n`) {
  return dovecot.append('alice', 'INBOX', mail({ subject, from, body }));
}

async function pair(token = bridge.token): Promise<void> {
  await pairing.setValue({ url: bridge.url, token });
}

/** Paired, pushed to, and the first look at the inbox taken. */
async function startPaired(): Promise<void> {
  startWorker();
  await pair();
  await until(async () => {
    expect(isEventSocketOpen()).toBe(true);
    expect((await mailMemory.getValue()).alice?.INBOX).toBeDefined();
  });
}

const badgeText = () => fakeBrowser.action.getBadgeText({});

async function badgeBecomes(text: string): Promise<void> {
  await until(async () => expect(await badgeText()).toBe(text));
}

async function unseenUids(mailbox = 'INBOX'): Promise<number[]> {
  return withImap(async (imap) => {
    await imap.mailboxOpen(mailbox);
    return (await imap.search({ seen: false }, { uid: true })) || [];
  });
}


describe('background worker with a real bridge', { timeout: 30_000 }, () => {
  it('shows "?" until paired, then the real unseen count from the saved pairing', async () => {
    await deliver('One');
    await deliver('Two');
    startWorker();
    await badgeBecomes('?');

    await pair();

    await badgeBecomes('2');
    expect(await fakeBrowser.action.getTitle({})).toContain('Alice: 2 unread');
    expect((await connection.getValue()).state).toBe('connected');
  });

  it('follows new mail pushed over the WebSocket', async () => {
    await startPaired();
    await badgeBecomes('');

    await deliver('Pushed');

    await badgeBecomes('1');
  });

  it('shows "?" with "refused" in the tooltip when the token is wrong', async () => {
    startWorker();
    await pair('x'.repeat(43));
    await until(async () => expect((await connection.getValue()).state).toBe('unauthorized'));
    await settled();
    expect(await badgeText()).toBe('?');
    expect(await fakeBrowser.action.getTitle({})).toMatch(/refused/);
  });

  it('announces new mail with sender, subject, snippet and both buttons', async () => {
    const create = spyOnNotifications();
    await startPaired();

    await deliver('Lunch on Friday?', 'Bob Builder <bob@example.test>', 'Shall we try the new place?\r\n');

    await until(() => expect(createdFor(create, 'Lunch on Friday?')).toHaveLength(1));
    const [id, options] = createdFor(create, 'Lunch on Friday?')[0]!;
    expect(options).toMatchObject({
      type: 'basic',
      title: 'Bob Builder',
      buttons: [{ title: 'Mark as read' }, { title: 'Delete' }],
    });
    expect(options.message).toContain('Shall we try the new place?');
    expect(Object.keys(await fakeBrowser.notifications.getAll())).toContain(id);
  });

  it('does not announce mail that was already there when it was paired', async () => {
    await deliver('Old news');
    const create = spyOnNotifications();

    await startPaired();
    await badgeBecomes('1');
    await settled();

    expect(create).not.toHaveBeenCalled();
  });

  it('never announces a message twice: not after a worker restart, an alarm, or a browser restart', async () => {
    const create = spyOnNotifications();
    await startPaired();
    await deliver('Only once');
    await until(() => expect(createdFor(create, 'Only once')).toHaveLength(1));

    // The worker is stopped and woken again (its main() runs anew).
    await stopWorker();
    startWorker();
    await until(() => expect(isEventSocketOpen()).toBe(true));
    // The backstop alarm fires.
    await fakeBrowser.alarms.onAlarm.trigger({ name: REFRESH_ALARM, scheduledTime: Date.now(), periodInMinutes: 1 });
    // The browser restarts: notifications are gone, storage stays.
    await stopWorker();
    await fakeBrowser.notifications.clear(createdFor(create, 'Only once')[0]![0]);
    startWorker();
    await fakeBrowser.runtime.onStartup.trigger();
    await deliver('Something else');
    await until(() => expect(createdFor(create, 'Something else')).toHaveLength(1));
    await settled();

    expect(createdFor(create, 'Only once')).toHaveLength(1);
    // Waited for: on a loaded machine the badge was once still '1' right after the notification.
    await badgeBecomes('2');
  });

  it('does not announce mail read elsewhere before it looked, and announces what is still unread', async () => {
    const create = spyOnNotifications();
    await startPaired();
    await stopWorker();

    // While the worker is stopped, two messages arrive and one is read on the phone.
    const { uid } = await deliver('Read on the phone');
    await withImap(async (imap) => {
      await imap.mailboxOpen('INBOX');
      await imap.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
    });
    await deliver('Still unread');
    startWorker();

    await until(() => expect(createdFor(create, 'Still unread')).toHaveLength(1));
    await settled();
    expect(createdFor(create, 'Read on the phone')).toHaveLength(0);
  });

  it('looks again after a restart even when the count is the same: one read and one new while stopped', async () => {
    const create = spyOnNotifications();
    await startPaired();
    const { uid } = await deliver('Read while stopped');
    await until(() => expect(createdFor(create, 'Read while stopped')).toHaveLength(1));
    const [readId] = createdFor(create, 'Read while stopped')[0]!;
    await stopWorker();

    // One unread before, one unread after: the count alone shows nothing.
    await withImap(async (imap) => {
      await imap.mailboxOpen('INBOX');
      await imap.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
    });
    await deliver('Arrived while stopped');
    startWorker();

    await until(() => expect(createdFor(create, 'Arrived while stopped')).toHaveLength(1));
    await until(async () => expect(Object.keys(await fakeBrowser.notifications.getAll())).not.toContain(readId));
    // Later statuses and a reconnect don't announce it again.
    await fakeBrowser.alarms.onAlarm.trigger({ name: REFRESH_ALARM, scheduledTime: Date.now(), periodInMinutes: 1 });
    closeEventSocket();
    await fakeBrowser.alarms.onAlarm.trigger({ name: REFRESH_ALARM, scheduledTime: Date.now(), periodInMinutes: 1 });
    await until(() => expect(isEventSocketOpen()).toBe(true));
    await settled();
    expect(createdFor(create, 'Arrived while stopped')).toHaveLength(1);
    expect(createdFor(create, 'Read while stopped')).toHaveLength(1);
    expect(await badgeText()).toBe('1');
  });

  it('closes the notification when the message is read elsewhere, and stays quiet when it is marked unread again', async () => {
    const create = spyOnNotifications();
    await startPaired();
    const { uid } = await deliver('Seen on the phone');
    await until(() => expect(createdFor(create, 'Seen on the phone')).toHaveLength(1));
    const [id] = createdFor(create, 'Seen on the phone')[0]!;

    await withImap(async (imap) => {
      await imap.mailboxOpen('INBOX');
      await imap.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
    });
    await until(async () => expect(Object.keys(await fakeBrowser.notifications.getAll())).not.toContain(id));
    await badgeBecomes('');

    await withImap(async (imap) => {
      await imap.mailboxOpen('INBOX');
      await imap.messageFlagsRemove(String(uid), ['\\Seen'], { uid: true });
    });
    await badgeBecomes('1');
    await settled();
    expect(createdFor(create, 'Seen on the phone')).toHaveLength(1);
  });

  it('"Mark as read" marks the message read on the server and closes the notification', async () => {
    const create = spyOnNotifications();
    await startPaired();
    await deliver('Mark me');
    await until(() => expect(createdFor(create, 'Mark me')).toHaveLength(1));
    const [id] = createdFor(create, 'Mark me')[0]!;

    await fakeBrowser.notifications.onButtonClicked.trigger(id, 0);

    await until(async () => expect(await unseenUids()).toEqual([]));
    expect(Object.keys(await fakeBrowser.notifications.getAll())).not.toContain(id);
    await badgeBecomes('');
  });

  it('"Delete" moves the message to Trash on the server', async () => {
    const create = spyOnNotifications();
    await startPaired();
    await deliver('Delete me');
    await until(() => expect(createdFor(create, 'Delete me')).toHaveLength(1));
    const [id] = createdFor(create, 'Delete me')[0]!;

    await fakeBrowser.notifications.onButtonClicked.trigger(id, 1);

    await until(async () => {
      const inbox = await withImap(async (imap) => (await imap.mailboxOpen('INBOX')).exists);
      const trash = await withImap(async (imap) => (await imap.mailboxOpen('Trash')).exists);
      expect({ inbox, trash }).toEqual({ inbox: 0, trash: 1 });
    });
    await badgeBecomes('');
  });

  it('says why "Delete" failed in the UI\'s words, not the bridge\'s', async () => {
    const create = spyOnNotifications();
    await startPaired();
    await deliver('Gone already');
    await until(() => expect(createdFor(create, 'Gone already')).toHaveLength(1));
    const [id] = createdFor(create, 'Gone already')[0]!;
    const notified = create.mock.calls.length;
    // Deleted by another client before the click (the bridge answers not_found).
    await withImap(async (imap) => {
      await imap.mailboxOpen('INBOX');
      await imap.messageDelete('1:*');
    });

    await fakeBrowser.notifications.onButtonClicked.trigger(id, 1);

    await until(() => expect(create.mock.calls.length).toBeGreaterThan(notified));
    // create(id, options): the options come last.
    const failure = create.mock.calls.at(-1)!.at(-1) as { message?: string } | undefined;
    expect(failure?.message).toBe('The message was not deleted: It is no longer there: deleted or moved elsewhere.');
  });

  it('folds more than three new messages into one summary', async () => {
    const create = spyOnNotifications();
    await startPaired();
    await stopWorker();
    for (const n of [1, 2, 3, 4, 5]) await deliver(`Batch ${n}`, `Sender ${n} <s${n}@example.test>`);

    startWorker();

    await until(() => expect(create).toHaveBeenCalledTimes(1));
    const [, options] = create.created()[0]!;
    expect(options.title).toBe('5 new messages');
    expect(options.message).toContain('Sender 5: Batch 5');
    expect(options.message).toContain('… and 2 more');
  });

  it('shows no notifications when they are turned off, but still counts', async () => {
    const create = spyOnNotifications();
    await settings.setValue({ refreshMinutes: 1, notifications: false });
    await startPaired();

    await deliver('Quiet please');

    await badgeBecomes('1');
    await settled();
    expect(create).not.toHaveBeenCalled();
  });

  it("opens the popup on a click, or the account's webmail where the popup can't open", async () => {
    const create = spyOnNotifications();
    const openPopup = vi.fn(async () => undefined);
    const tabsCreate = vi.spyOn(fakeBrowser.tabs, 'create');
    fakeBrowser.action.openPopup = openPopup;
    await startPaired();
    await deliver('Click me');
    await deliver('Click me too');
    await until(() => expect(create).toHaveBeenCalledTimes(2));
    const [first, second] = create.created().map(([id]) => id);

    await fakeBrowser.notifications.onClicked.trigger(first!);
    await until(() => expect(openPopup).toHaveBeenCalledTimes(1));
    expect(tabsCreate).not.toHaveBeenCalled();

    openPopup.mockRejectedValueOnce(new Error('Could not find an active browser window.'));
    await fakeBrowser.notifications.onClicked.trigger(second!);
    await until(() => expect(tabsCreate).toHaveBeenCalledWith({ url: WEBMAIL }));
    expect(Object.keys(await fakeBrowser.notifications.getAll())).toEqual([]);
  });

  it('the refresh alarm re-syncs and reopens a socket that died', async () => {
    await startPaired();
    closeEventSocket(); // dropped without a close frame, e.g. the laptop slept
    await deliver('While asleep');
    await settled();
    expect(await badgeText()).toBe('');

    await fakeBrowser.alarms.onAlarm.trigger({ name: REFRESH_ALARM, scheduledTime: Date.now(), periodInMinutes: 1 });

    await badgeBecomes('1');
    await until(() => expect(isEventSocketOpen()).toBe(true));
  });

  it('shows "×" while the bridge is down and reconnects the socket when it is back', async () => {
    await startPaired();
    const { configPath, port } = bridge;

    await bridge.close();
    await badgeBecomes('×');

    restarted = await startBridge({ configPath, port, log: createLogger(() => undefined) });
    await until(() => expect(isEventSocketOpen()).toBe(true), 15_000);
    await deliver('After the restart');

    await badgeBecomes('1');
    expect((await connection.getValue()).state).toBe('connected');
  });
});
