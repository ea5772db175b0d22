// @vitest-environment node
// Pairing without typing: the worker asks the native host where the bridge is, on
// install, on browser start and when the bridge goes away. The host is a stand-in
// here (the fake browser has none; test/e2e/native-pairing.test.ts runs the real
// one in Chromium); the bridge it names is real.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { WebSocket as NodeWebSocket } from 'ws';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { NATIVE_HOST_NAME } from '@/shared/extension';
import { NATIVE_HELLO } from '@/shared/native-messaging';
import { NATIVE_RETRY_MS, pairThroughHost, readAnswer } from '@/utils/bridge/native-pairing';
import { nativeAttempt, pairing } from '@/utils/storage/pairing';
import { aliceAccount, startTestBridge, type TestBridge } from '../../support/bridge';
import { startDovecot, type Dovecot } from '../../support/dovecot';
import { installI18n } from '../support/fake-i18n';
import { startWorker, stopWorker, until } from '../support/worker';

const NOT_FOUND = 'Specified native messaging host not found.';

let dovecot: Dovecot;
let bridge: TestBridge;
let host: ReturnType<typeof vi.fn>;
let openOptions: ReturnType<typeof vi.fn>;

beforeAll(async () => {
  dovecot = await startDovecot();
  await dovecot.append('alice', 'INBOX', 'From: bob@example.test\r\nSubject: Hi\r\n\r\nHello\r\n');
  bridge = await startTestBridge({ accounts: [aliceAccount(dovecot)] });
  await bridge.waitUntilConnected();
}, 30_000);

afterAll(async () => {
  // Only now: a handler still finishing after a test may open one more socket.
  vi.unstubAllGlobals();
  await bridge?.stopAll();
  await dovecot?.close();
});

beforeEach(() => {
  fakeBrowser.reset();
  installI18n();
  vi.stubGlobal('WebSocket', NodeWebSocket);
  host = vi.fn(async () => ({ type: 'bridge', url: bridge.url, token: bridge.token, started: false }));
  openOptions = vi.fn(async () => undefined);
  Object.assign(fakeBrowser.runtime, { sendNativeMessage: host, openOptionsPage: openOptions });
});

afterEach(async () => {
  await stopWorker();
});

const badgeText = () => fakeBrowser.action.getBadgeText({});

/** The worker's chain (sync, badge, socket) can take seconds on a busy machine. */
const BUSY = 30_000;

describe('pairing through the native host', { timeout: 60_000 }, () => {
  it('pairs itself on install and shows the real count with nothing typed', async () => {
    startWorker();
    await fakeBrowser.runtime.onInstalled.trigger({ reason: 'install', temporary: false });

    await until(async () => expect(await badgeText()).toBe('1'), BUSY);
    expect(host).toHaveBeenCalledWith(NATIVE_HOST_NAME, NATIVE_HELLO);
    expect(await pairing.getValue()).toEqual({ url: bridge.url, token: bridge.token, source: 'native' });
    expect(openOptions).not.toHaveBeenCalled();
  });

  it('opens the options page with the next step when no host is set up on first install', async () => {
    host.mockRejectedValue(new Error(NOT_FOUND));
    startWorker();
    await fakeBrowser.runtime.onInstalled.trigger({ reason: 'install', temporary: false });

    await until(() => expect(openOptions).toHaveBeenCalledOnce(), BUSY);
    expect(await pairing.getValue()).toBeNull();
    expect(await nativeAttempt.getValue()).toMatchObject({ ok: false, detail: NOT_FOUND });
    await until(async () => expect(await badgeText()).toBe('?'), BUSY);
  });

  it('does not open the options page after an update', async () => {
    host.mockRejectedValue(new Error(NOT_FOUND));
    startWorker();
    await fakeBrowser.runtime.onInstalled.trigger({ reason: 'update', temporary: false });
    await until(async () => expect(await nativeAttempt.getValue()).toMatchObject({ ok: false }), BUSY);
    expect(openOptions).not.toHaveBeenCalled();
  });

  it('asks again on browser start, so a bridge with a new token is found', async () => {
    await pairing.setValue({ url: bridge.url, token: 'stale'.repeat(9), source: 'native' });
    startWorker();
    await fakeBrowser.runtime.onStartup.trigger();

    await until(async () => expect((await pairing.getValue())?.token).toBe(bridge.token), BUSY);
    await until(async () => expect(await badgeText()).toBe('1'), BUSY);
  });

  it('leaves a pairing typed by hand alone', async () => {
    const manual = { url: 'http://127.0.0.1:1', token: 'm'.repeat(43), source: 'manual' as const };
    await pairing.setValue(manual);
    startWorker();
    await fakeBrowser.runtime.onStartup.trigger();
    await until(async () => expect(await badgeText()).toBe('×'), BUSY);

    expect(host).not.toHaveBeenCalled();
    expect(await pairing.getValue()).toEqual(manual);
  });

  it('asks at most once a minute while the bridge stays away, but at once when it just went away', async () => {
    await pairing.setValue({ url: 'http://127.0.0.1:1', token: 't'.repeat(43), source: 'native' });
    host.mockResolvedValue({ type: 'error', message: 'the bridge did not start: port 7143 is in use' });
    const now = Date.now();

    expect(await pairThroughHost('retry', now)).toBe(false);
    expect(await pairThroughHost('retry', now + NATIVE_RETRY_MS - 1)).toBe(false);
    expect(host).toHaveBeenCalledTimes(1);
    expect(await pairThroughHost('outage', now + 1000)).toBe(false);
    expect(await pairThroughHost('retry', now + 1000 + NATIVE_RETRY_MS)).toBe(false);
    expect(host).toHaveBeenCalledTimes(3);
    expect(await nativeAttempt.getValue()).toMatchObject({ ok: false, detail: 'the bridge did not start: port 7143 is in use' });
  });

  it.each([
    ['an error', { type: 'error', message: 'no config' }, 'no config'],
    ['a URL off this computer', { type: 'bridge', url: 'https://evil.example/', token: 'x', started: false }, /loopback/],
    ['no token', { type: 'bridge', url: 'http://127.0.0.1:7143', token: '', started: false }, /does not understand/],
    ['garbage', 'hello', /does not understand/],
    ['nothing', null, /does not understand/],
  ])('takes no pairing from %s', (_, reply, detail) => {
    const read = readAnswer(reply);
    expect(read).not.toHaveProperty('pairing');
    expect((read as { detail: string }).detail).toMatch(detail);
  });
});
