// @vitest-environment node
// Firefox stops an idle event page 30 s after the last extension event or API call,
// and socket traffic doesn't count: every message the bridge sends, its pings
// included, must make an API call (utils/background/keep-alive.ts).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WebSocket as NodeWebSocket } from 'ws';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { isEventSocketOpen } from '@/utils/background/events-socket';
import { EVENTS_PROTOCOL } from '@/shared/events';
import { pairing } from '@/utils/storage/pairing';
import { startTestBridge, type TestBridge } from '../../support/bridge';
import { installI18n } from '../support/fake-i18n';
import { startWorker, stopWorker, until } from '../support/worker';

let bridge: TestBridge;

beforeEach(async () => {
  fakeBrowser.reset();
  installI18n();
  vi.stubGlobal('WebSocket', NodeWebSocket);
  // Pings every 100 ms instead of 15 s, and no accounts: nothing but pings to send.
  bridge = await startTestBridge({}, { pingMs: 100 });
});

afterEach(async () => {
  await stopWorker();
  await bridge.stopAll();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

/** Resolves once a socket of the test's own has received `count` messages from the bridge. */
function messagesFromBridge(count: number): Promise<void> {
  const ws = new NodeWebSocket(bridge.url.replace(/^http/, 'ws') + '/v1/events', [EVENTS_PROTOCOL, bridge.token]);
  let received = 0;
  return new Promise<void>((resolve, reject) => {
    ws.on('message', () => {
      if (++received < count) return;
      ws.terminate();
      resolve();
    });
    ws.on('error', reject);
  });
}

describe('keeping the background alive', () => {
  it('makes an extension API call for every message on the events socket, pings included', async () => {
    const calls = vi.spyOn(fakeBrowser.runtime, 'getPlatformInfo').mockResolvedValue({ os: 'linux', arch: 'x86-64' } as never);
    startWorker();
    await pairing.setValue({ url: bridge.url, token: bridge.token });
    await until(() => expect(isEventSocketOpen()).toBe(true));

    const after = calls.mock.calls.length;
    // No status changes: only pings arrive now, and each one calls.
    await until(() => expect(calls.mock.calls.length).toBeGreaterThanOrEqual(after + 3));
  });

  it('makes none while the socket is closed', async () => {
    const calls = vi.spyOn(fakeBrowser.runtime, 'getPlatformInfo').mockResolvedValue({ os: 'linux', arch: 'x86-64' } as never);
    startWorker();
    await pairing.setValue({ url: bridge.url, token: bridge.token });
    await until(() => expect(calls).toHaveBeenCalled());

    await stopWorker();
    const stopped = calls.mock.calls.length;
    // Time for a few pings, counted on a socket of the test's own.
    await messagesFromBridge(3);
    expect(calls.mock.calls.length).toBe(stopped);
  });
});
