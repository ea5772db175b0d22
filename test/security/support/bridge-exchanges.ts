// What a browser sent to the bridge and what came back, preflights and WebSocket
// handshakes included: the bridge writes no access log, so this is how a test sees
// which requests reached it and how it answered. Chromium: CDP's Network domain on
// one tab. Firefox: its parent process's HTTP observers (every channel, filtered to
// those a web page opened: the extension's own requests are not the attack).
//
// A request whose preflight was refused was never sent: Chromium reports it as failed;
// Firefox's observers see it before its preflight, so the refused preflight marks it.
import type { CDPSession } from 'playwright-core';
import type { ChromiumExtension, ChromiumTab } from '../../e2e/browsers/chromium';
import type { ExtensionBrowser, Tab } from '../../e2e/browsers/driver';
import type { FirefoxExtension } from '../../e2e/browsers/firefox';

/** One request to the bridge and its outcome. */
export interface Exchange {
  kind: string;
  method: string;
  path: string;
  status?: number;
  failure?: string;
  /** Whether the request as sent carried the real token (Authorization header or WebSocket subprotocol). */
  withToken: boolean;
}

export interface BridgeWatch {
  exchanges(): Promise<Exchange[]>;
  stop(): Promise<void>;
}

/** Firefox's privileged globals, in functions that run in its parent process. */
declare const Services: any;
declare const Ci: any;

/** Watches what `tab` (Chromium) or any web page (Firefox) exchanges with the bridge at `host` (`name:port`). */
export function watchBridge(extension: ExtensionBrowser, tab: Tab, host: string, token: string): Promise<BridgeWatch> {
  return extension.name === 'chromium'
    ? watchInChromium(extension as ChromiumExtension, tab as ChromiumTab, host, token)
    : watchInFirefox(extension as FirefoxExtension, host, token);
}

async function watchInChromium(extension: ChromiumExtension, tab: ChromiumTab, host: string, token: string): Promise<BridgeWatch> {
  const cdp: CDPSession = await extension.context.newCDPSession(tab.playwright);
  const exchanges = new Map<string, Exchange>();
  const ours = (url: string) => {
    try {
      return new URL(url).host === host;
    } catch {
      return false;
    }
  };
  const carries = (headers: Record<string, string> = {}) =>
    Object.entries(headers).some(([name, value]) => /^(authorization|sec-websocket-protocol)$/i.test(name) && value.includes(token));
  cdp.on('Network.requestWillBeSent', ({ requestId, request, type }) => {
    if (!ours(request.url)) return;
    const previous = exchanges.get(requestId);
    exchanges.set(requestId, {
      kind: type ?? 'Other',
      method: request.method,
      path: new URL(request.url).pathname,
      withToken: (previous?.withToken ?? false) || carries(request.headers as Record<string, string>),
    });
  });
  cdp.on('Network.requestWillBeSentExtraInfo', ({ requestId, headers }) => {
    const exchange = exchanges.get(requestId);
    if (exchange && carries(headers as Record<string, string>)) exchange.withToken = true;
    else if (!exchange && carries(headers as Record<string, string>)) exchanges.set(requestId, { kind: 'Other', method: '?', path: '?', withToken: true });
  });
  cdp.on('Network.responseReceived', ({ requestId, response }) => {
    const exchange = exchanges.get(requestId);
    if (exchange) exchange.status = response.status;
  });
  cdp.on('Network.loadingFailed', ({ requestId, errorText, blockedReason, corsErrorStatus }) => {
    const exchange = exchanges.get(requestId);
    if (exchange) exchange.failure = [errorText, blockedReason, corsErrorStatus?.corsError].filter(Boolean).join(' ');
  });
  cdp.on('Network.webSocketCreated', ({ requestId, url }) => {
    if (ours(url)) exchanges.set(requestId, { kind: 'WebSocket', method: 'GET', path: new URL(url).pathname, withToken: false });
  });
  cdp.on('Network.webSocketWillSendHandshakeRequest', ({ requestId, request }) => {
    const exchange = exchanges.get(requestId);
    if (exchange && carries(request.headers as Record<string, string>)) exchange.withToken = true;
  });
  cdp.on('Network.webSocketHandshakeResponseReceived', ({ requestId, response }) => {
    const exchange = exchanges.get(requestId);
    if (exchange) exchange.status = response.status;
  });
  cdp.on('Network.webSocketFrameError', ({ requestId, errorMessage }) => {
    const exchange = exchanges.get(requestId);
    if (exchange) exchange.failure = errorMessage;
  });
  await cdp.send('Network.enable');
  return { exchanges: async () => [...exchanges.values()].map((e) => ({ ...e })), stop: () => cdp.detach() };
}

async function watchInFirefox({ firefox: { privileged } }: FirefoxExtension, host: string, token: string): Promise<BridgeWatch> {
  const id = `watch${Date.now()}${Math.random()}`;
  await privileged(
    ({ id, host, token }: { id: string; host: string; token: string }) => {
      const w = window as unknown as { e2eBridgeWatches?: Record<string, { exchanges: Exchange[]; observer: object }> };
      const watches = (w.e2eBridgeWatches ??= {});
      const byChannel = new WeakMap<object, Exchange>();
      const types = Object.fromEntries(
        Object.entries(Ci.nsIContentPolicy as Record<string, unknown>)
          .filter(([name, value]) => name.startsWith('TYPE_') && typeof value === 'number')
          .map(([name, value]) => [value, name.slice('TYPE_'.length)]),
      ) as Record<number, string>;
      const header = (channel: any, name: string) => {
        try {
          return String(channel.getRequestHeader(name));
        } catch {
          return '';
        }
      };
      const observer = {
        observe(subject: any, topic: string) {
          const channel = subject.QueryInterface(Ci.nsIHttpChannel);
          const uri = channel.URI;
          if (`${uri.host}:${uri.port}` !== host) return;
          if (topic === 'http-on-modify-request') {
            // A web page's request, not the extension's own (those pass the walls by design).
            const from = channel.loadInfo?.loadingPrincipal?.origin ?? channel.loadInfo?.triggeringPrincipal?.origin ?? '';
            if (String(from).startsWith('moz-extension:')) return;
            const type = types[channel.loadInfo?.externalContentPolicyType] ?? 'OTHER';
            // Named as Chromium names them, so one log reads the same for both.
            const kinds: Record<string, string> = { FETCH: 'Fetch', BEACON: 'Ping', PING: 'Ping', WEBSOCKET: 'WebSocket', DOCUMENT: 'Document', SUBDOCUMENT: 'Document', IMAGE: 'Image', SCRIPT: 'Script', XMLHTTPREQUEST: 'XHR' };
            const exchange: Exchange = {
              kind: kinds[type] ?? type,
              method: channel.requestMethod,
              path: uri.filePath,
              withToken: [header(channel, 'Authorization'), header(channel, 'Sec-WebSocket-Protocol')].some((value) => value.includes(token)),
            };
            byChannel.set(channel, exchange);
            watches[id]!.exchanges.push(exchange);
          } else {
            const exchange = byChannel.get(channel);
            if (!exchange) return;
            try {
              exchange.status = channel.responseStatus;
            } catch (error) {
              exchange.failure = String(error);
            }
            // A refused preflight: the request it was for (seen by the observer, not sent) never will be.
            if (exchange.method === 'OPTIONS' && (exchange.status ?? 0) >= 300) {
              const pending = watches[id]!.exchanges.findLast((e) => e.path === exchange.path && e.method !== 'OPTIONS' && e.status === undefined && !e.failure);
              if (pending) pending.failure = `Preflight refused (${exchange.status}): not sent`;
            }
          }
        },
      };
      watches[id] = { exchanges: [], observer };
      for (const topic of ['http-on-modify-request', 'http-on-examine-response', 'http-on-failed-opening-request']) Services.obs.addObserver(observer, topic);
    },
    { id, host, token },
  );
  return {
    exchanges: () => privileged((which: string) => (window as any).e2eBridgeWatches[which].exchanges as Exchange[], id),
    stop: () =>
      privileged((which: string) => {
        const watch = (window as any).e2eBridgeWatches[which];
        for (const topic of ['http-on-modify-request', 'http-on-examine-response', 'http-on-failed-opening-request']) Services.obs.removeObserver(watch.observer, topic);
      }, id),
  };
}
