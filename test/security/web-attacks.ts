// A web page against the bridge, in the same browser as the paired extension:
// Chromium and Firefox (entry files web-attacks.*.browser.test.ts).
// The bridge serves alice's mailbox on 127.0.0.1; a page from another local
// port (the attacker) knows the bridge's port, the message's id and, in the
// worst case, the token itself. It tries everything a page can do: fetch in
// every mode, a form POST, a beacon, <img>/<script> to GET routes, a WebSocket,
// and DNS rebinding (its own name resolving to 127.0.0.1). None of it may read
// mail or act on it: the page gets errors or opaque answers, every answer the
// bridge gave it is a 401/403, and the mailbox on Dovecot is as it was.
//
// The bridge writes no access log (its stderr has account events only), so
// "no action ran" is shown by what the browser saw the bridge answer
// (support/bridge-exchanges.ts, preflights included) and by the server's own state.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { inject, onTestFinished } from 'vitest';
import type { BrowserName } from '../e2e/browsers/driver';
import { launchExtension } from '../e2e/browsers/launch';
import { ACCOUNT, expect, testIn } from '../e2e/fixtures';
import { compose } from '../support/compose';
import { watchBridge, type Exchange } from './support/bridge-exchanges';

const SOON = { timeout: 10_000 };
/** A name of the attacker's that resolves to 127.0.0.1, as a DNS rebinding would make it. */
const REBOUND = 'attacker.example';
const SUBJECT = 'Quarterly numbers';
const SECRET_TEXT = 'TOP SECRET: revenue is 42';
const SECRET_FILE = 'TOP SECRET ATTACHMENT BYTES';

/** A browser for the file that resolves the attacker's name to loopback. */
function attackedBrowser(browser: BrowserName) {
  return testIn(browser).override('extension', { scope: 'file' }, async ({}, { onCleanup }) => {
    const extension = await launchExtension(browser, inject('extensionPaths')[browser], {
      chromiumArgs: [`--host-resolver-rules=MAP ${REBOUND} 127.0.0.1`],
      firefoxPrefs: {
        // Every name resolves to 127.0.0.1 (the only other names here are localhost's).
        'network.dns.forceResolve': '127.0.0.1',
        // The bridge's 403 is JSON: shown raw, in the page's own origin, not in Firefox's viewer.
        'devtools.jsonview.enabled': false,
      },
    });
    onCleanup(() => extension.close());
    return extension;
  });
}

/** The attacker's site: one harmless-looking page, on 127.0.0.1 and a port of its own. */
async function startAttackerSite(): Promise<{ port: number; close(): Promise<void> }> {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><title>Cute cats</title><h1>Cute cats</h1><iframe name="sink" title="sink"></iframe>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function webAttackJourneys(browser: BrowserName): void {
  const test = attackedBrowser(browser);

  test('a web page cannot read mail from the bridge or act on it, with or without the token, nor through DNS rebinding', { timeout: 60_000 }, async ({ inbox, mailServers, bridge, outbox, extension }) => {
    // Alice has one unread message with an attachment; the extension shows it.
    await mailServers.dovecot.append(
      'alice',
      'INBOX',
      await compose({ subject: SUBJECT, text: SECRET_TEXT, attachments: [{ filename: 'numbers.txt', content: SECRET_FILE, contentType: 'text/plain' }] }),
    );
    await expect.poll(() => extension.badge(), SOON).toBe('1');
    const api = (path: string) => fetch(`${bridge.url}${path}`, { headers: { authorization: `Bearer ${bridge.token}` } }).then((r) => r.json());
    const { messages } = (await api(`/v1/accounts/${ACCOUNT.id}/messages`)) as { messages: Array<{ id: string }> };
    const id = messages[0]!.id;
    const detail = (await api(`/v1/accounts/${ACCOUNT.id}/messages/${id}`)) as { attachments: Array<{ id: string }> };
    const attachmentId = detail.attachments[0]!.id;
    const before = {
      inbox: await inbox.flags('INBOX', SUBJECT),
      trash: await inbox.flags('Trash', SUBJECT),
      archive: await inbox.flags('Archive', SUBJECT),
      sent: outbox.messages.length,
      unread: (await bridge.status()).total,
    };
    expect(before).toEqual({ inbox: [], trash: undefined, archive: undefined, sent: 0, unread: 1 });

    const site = await startAttackerSite();
    onTestFinished(() => site.close());
    const bridgePort = Number(new URL(bridge.url).port);
    const message = `/v1/accounts/${ACCOUNT.id}/messages/${id}`;
    const routes = {
      status: '/v1/status',
      health: '/v1/health',
      list: `/v1/accounts/${ACCOUNT.id}/messages`,
      message,
      attachment: `${message}/attachments/${attachmentId}`,
      move: `${message}/move`,
      reply: `${message}/reply`,
      events: '/v1/events',
    };

    // ---- From http://127.0.0.1:SITE, then from http://localhost:SITE: a different origin, same machine.
    const outcomes: Record<string, string> = {};
    const allExchanges: Exchange[] = [];
    for (const origin of [`http://127.0.0.1:${site.port}`, `http://localhost:${site.port}`]) {
      const page = await extension.newTab();
      const watch = await watchBridge(extension, page, `127.0.0.1:${bridgePort}`, bridge.token);
      await page.goto(`${origin}/`);
      const results = await page.evaluate(attackFromPage, { bridge: bridge.url, routes, token: bridge.token, extensionPopup: extension.url('popup.html') });
      for (const [name, outcome] of Object.entries(results)) outcomes[`${new URL(origin).hostname} ${name}`] = outcome;
      // The beacons were only queued: wait until the bridge has answered both.
      await expect.poll(async () => (await watch.exchanges()).filter((e) => e.kind === 'Ping' && (e.status || e.failure)).length, SOON).toBe(2);
      allExchanges.push(...(await watch.exchanges()));
      await watch.stop();
      await page.close();
    }

    // ---- DNS rebinding: the attacker's own name now points at 127.0.0.1, so the page is same-origin
    // with the bridge's port and may send the (leaked) token without a preflight. Only Host differs.
    {
      const page = await extension.newTab();
      const rebound = `${REBOUND}:${bridgePort}`;
      const watch = await watchBridge(extension, page, rebound, bridge.token);
      await page.goto(`http://${rebound}/`);
      const landing = (await watch.exchanges()).find((e) => e.kind === 'Document' && e.path === '/');
      outcomes['rebinding page load'] = `${landing?.status}`;
      const results = await page.evaluate(rebindingAttack, { routes, token: bridge.token });
      for (const [name, outcome] of Object.entries(results)) outcomes[`rebinding ${name}`] = outcome;
      allExchanges.push(...(await watch.exchanges()));
      await watch.stop();
      await page.close();
    }

    // ---- The same from Node, which can set any Host: a rebinding page's request, token and all.
    const raw = (method: string, path: string, headers: Record<string, string>, body?: string) =>
      new Promise<string>((resolve, reject) => {
        const request = http.request({ host: '127.0.0.1', port: bridgePort, method, path, headers }, (response) => {
          let text = '';
          response.on('data', (chunk: Buffer) => (text += chunk.toString()));
          response.on('end', () => resolve(`${response.statusCode} ${text.includes(SUBJECT) || text.includes('TOP SECRET') ? 'with mail' : 'no mail'}`));
        });
        request.on('error', reject);
        request.end(body);
      });
    const bearer = { authorization: `Bearer ${bridge.token}` };
    const json = { ...bearer, 'content-type': 'application/json' };
    outcomes['node Host attacker.example:PORT, token, GET messages'] = await raw('GET', routes.list, { ...bearer, host: `${REBOUND}:${bridgePort}` });
    outcomes['node Host attacker.example, token, GET message'] = await raw('GET', routes.message, { ...bearer, host: REBOUND });
    outcomes['node Host attacker.example:PORT, token, POST move'] = await raw('POST', routes.move, { ...json, host: `${REBOUND}:${bridgePort}` }, '{"to":"Trash"}');
    outcomes['node Host 127.0.0.1.attacker.example:PORT, token, DELETE'] = await raw('DELETE', routes.message, { ...bearer, host: `127.0.0.1.${REBOUND}:${bridgePort}` });
    outcomes['node Origin of the page, token, GET attachment'] = await raw('GET', routes.attachment, { ...bearer, origin: `http://127.0.0.1:${site.port}` });
    outcomes['node Origin of the page, token, POST move'] = await raw('POST', routes.move, { ...json, origin: `http://127.0.0.1:${site.port}` }, '{"to":"Trash"}');
    outcomes['node Origin null, token, PATCH seen'] = await raw('PATCH', routes.message, { ...json, origin: 'null' }, '{"seen":true}');

    // What the page saw: errors, or answers it can't open.
    expect(outcomes).toEqual(expectedOutcomes());

    // What the bridge answered, preflights and WebSocket handshakes included: refusals only.
    console.log(allExchanges.map((e) => `${e.kind} ${e.method} ${e.path.replace(id, 'ID')} → ${e.status ?? e.failure}${e.withToken ? ' (token)' : ''}`).join('\n'));
    const answered = allExchanges.filter((e) => e.status !== undefined);
    expect(answered.length).toBeGreaterThan(20);
    expect(answered.filter((e) => e.status !== 401 && e.status !== 403).map((e) => `${e.kind} ${e.method} ${e.path} → ${e.status}`)).toEqual([]);
    // Preflights (the page's PATCH, DELETE and tokened requests) were refused, so those requests were never sent.
    const preflights = allExchanges.filter((e) => e.method === 'OPTIONS');
    expect(preflights.length).toBeGreaterThan(0);
    expect(preflights.every((e) => e.status === 403)).toBe(true);
    // The leaked token: every request that carried it (as a header, or as the WebSocket subprotocol)
    // was refused with 403, or was never sent because its preflight was refused.
    const fates = allExchanges
      .filter((e) => e.withToken)
      .map((e) => (e.status === 403 || /response code: 403/.test(e.failure ?? '') ? '403' : /Preflight/.test(e.failure ?? '') ? 'not sent' : `${e.status ?? e.failure}`));
    expect(new Set(fates)).toEqual(new Set(['403', 'not sent']));

    // The mailbox is as it was: the message unread in INBOX, nothing moved, deleted or sent.
    const after = {
      inbox: await inbox.flags('INBOX', SUBJECT),
      trash: await inbox.flags('Trash', SUBJECT),
      archive: await inbox.flags('Archive', SUBJECT),
      sent: outbox.messages.length,
      unread: (await bridge.status()).total,
    };
    expect(after).toEqual(before);
    // The extension, on the other hand, still reads it.
    expect(await extension.badge()).toBe('1');
    // And the bridge met nothing it didn't expect (its log never holds the token either).
    expect(bridge.output()).not.toContain('unexpected error');
    expect(bridge.output()).not.toContain(bridge.token);
  });
}

/** What each attack may get: an error, an opaque answer with nothing in it, or a refusal it can read. */
function expectedOutcomes(): Record<string, string> {
  const fromPage = {
    'fetch GET status': 'TypeError',
    'fetch GET health': 'TypeError',
    'fetch GET messages, credentials include': 'TypeError',
    'fetch GET messages, guessed token': 'TypeError',
    'fetch GET message, leaked token': 'TypeError',
    'fetch no-cors GET message': 'opaque 0 ""',
    'fetch no-cors GET attachment, leaked token (header dropped)': 'opaque 0 ""',
    'fetch no-cors POST move': 'opaque 0 ""',
    'fetch no-cors POST reply': 'opaque 0 ""',
    'fetch no-cors DELETE message': 'TypeError',
    'fetch DELETE message, leaked token': 'TypeError',
    'fetch PATCH seen, leaked token': 'TypeError',
    'fetch POST move, leaked token': 'TypeError',
    'beacon POST move': 'queued',
    'beacon POST reply': 'queued',
    'form POST move (urlencoded)': 'answered, unreadable',
    'form POST reply (text/plain JSON)': 'answered, unreadable',
    'img GET status': 'error',
    'img GET attachment': 'error',
    'script GET messages': 'error',
    'script GET message': 'error',
    'WebSocket events, guessed token': 'closed 1006, 0 messages',
    'WebSocket events, leaked token': 'closed 1006, 0 messages',
    'fetch the extension popup': 'TypeError',
    'chrome.runtime from the page': 'undefined',
  };
  const out: Record<string, string> = {};
  for (const host of ['127.0.0.1', 'localhost']) for (const [name, outcome] of Object.entries(fromPage)) out[`${host} ${name}`] = outcome;
  Object.assign(out, {
    'rebinding page load': '403',
    'rebinding fetch GET messages, leaked token': '403 no mail',
    'rebinding fetch GET attachment, leaked token': '403 no mail',
    'rebinding fetch POST move, leaked token': '403 no mail',
    'rebinding fetch DELETE message, leaked token': '403 no mail',
    'rebinding WebSocket events, leaked token': 'closed 1006, 0 messages',
    'node Host attacker.example:PORT, token, GET messages': '403 no mail',
    'node Host attacker.example, token, GET message': '403 no mail',
    'node Host attacker.example:PORT, token, POST move': '403 no mail',
    'node Host 127.0.0.1.attacker.example:PORT, token, DELETE': '403 no mail',
    'node Origin of the page, token, GET attachment': '403 no mail',
    'node Origin of the page, token, POST move': '403 no mail',
    'node Origin null, token, PATCH seen': '403 no mail',
  });
  return out;
}

interface PageArgs {
  bridge: string;
  routes: Record<'status' | 'health' | 'list' | 'message' | 'attachment' | 'move' | 'reply' | 'events', string>;
  token: string;
  /** The extension's popup, at its chrome-extension:// or moz-extension:// URL. */
  extensionPopup: string;
}

// Runs in the attacker's page (serialised by the driver: self-contained).
async function attackFromPage({ bridge, routes, token, extensionPopup }: PageArgs): Promise<Record<string, string>> {
  const at = (path: string) => bridge + path;
  const secret = /Quarterly numbers|TOP SECRET/;
  const tryFetch = async (url: string, init?: RequestInit): Promise<string> => {
    try {
      const response = await fetch(url, init);
      const text = await response.text();
      return `${response.type} ${response.status} ${JSON.stringify(secret.test(text) ? 'MAIL LEAKED' : text.slice(0, 40))}`;
    } catch (error) {
      return (error as Error).name;
    }
  };
  const load = (tag: 'img' | 'script', url: string) =>
    new Promise<string>((resolve) => {
      const element = document.createElement(tag);
      element.onload = () => resolve('loaded');
      element.onerror = () => resolve('error');
      element.setAttribute('src', url);
      document.body.append(element);
    });
  const submit = (action: string, enctype: string, fields: Array<[string, string]>) =>
    new Promise<string>((resolve) => {
      const sink = document.querySelector('iframe[name=sink]') as HTMLIFrameElement;
      sink.addEventListener(
        'load',
        () => {
          let readable: string;
          try {
            readable = sink.contentDocument?.body?.textContent ?? 'unreadable';
          } catch {
            readable = 'unreadable';
          }
          resolve(`answered, ${readable === 'unreadable' || readable === '' ? 'unreadable' : secret.test(readable) ? 'MAIL LEAKED' : 'readable'}`);
        },
        { once: true },
      );
      const form = document.createElement('form');
      form.method = 'POST';
      form.action = action;
      form.enctype = enctype;
      form.target = 'sink';
      for (const [name, value] of fields) {
        const input = document.createElement('input');
        input.type = 'hidden';
        input.name = name;
        input.value = value;
        form.append(input);
      }
      document.body.append(form);
      form.submit();
    });
  // Settles on the first message (the bridge greets a socket it accepts with the status) or on close.
  const socket = (url: string, protocols: string[]) =>
    new Promise<string>((resolve) => {
      const ws = new WebSocket(url, protocols);
      ws.onmessage = (event) => {
        resolve(`open, got ${secret.test(String(event.data)) ? 'MAIL' : 'a message'}`);
        ws.close();
      };
      ws.onclose = (event) => resolve(`closed ${event.code}, 0 messages`);
    });
  const json = { 'content-type': 'application/json' };
  const leaked = { authorization: `Bearer ${token}` };

  const results: Record<string, string> = {};
  results['fetch GET status'] = await tryFetch(at(routes.status));
  results['fetch GET health'] = await tryFetch(at(routes.health));
  results['fetch GET messages, credentials include'] = await tryFetch(at(routes.list), { credentials: 'include' });
  results['fetch GET messages, guessed token'] = await tryFetch(at(routes.list), { headers: { authorization: 'Bearer guessed-token' } });
  results['fetch GET message, leaked token'] = await tryFetch(at(routes.message), { headers: leaked });
  results['fetch no-cors GET message'] = await tryFetch(at(routes.message), { mode: 'no-cors' });
  results['fetch no-cors GET attachment, leaked token (header dropped)'] = await tryFetch(at(routes.attachment), { mode: 'no-cors', headers: leaked });
  results['fetch no-cors POST move'] = await tryFetch(at(routes.move), { mode: 'no-cors', method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{"to":"Trash"}' });
  results['fetch no-cors POST reply'] = await tryFetch(at(routes.reply), { mode: 'no-cors', method: 'POST', body: '{"text":"pwned","all":true}' });
  results['fetch no-cors DELETE message'] = await tryFetch(at(routes.message), { mode: 'no-cors', method: 'DELETE' });
  results['fetch DELETE message, leaked token'] = await tryFetch(at(routes.message), { method: 'DELETE', headers: leaked });
  results['fetch PATCH seen, leaked token'] = await tryFetch(at(routes.message), { method: 'PATCH', headers: { ...leaked, ...json }, body: '{"seen":true}' });
  results['fetch POST move, leaked token'] = await tryFetch(at(routes.move), { method: 'POST', headers: { ...leaked, ...json }, body: '{"to":"Trash"}' });
  results['beacon POST move'] = navigator.sendBeacon(at(routes.move), '{"to":"Archive"}') ? 'queued' : 'refused';
  results['beacon POST reply'] = navigator.sendBeacon(at(routes.reply), '{"text":"pwned","all":true}') ? 'queued' : 'refused';
  results['form POST move (urlencoded)'] = await submit(at(routes.move), 'application/x-www-form-urlencoded', [['to', 'Trash']]);
  // The text/plain trick: the body comes out as {"text":"pwn=ed","all":true}, valid JSON.
  results['form POST reply (text/plain JSON)'] = await submit(at(routes.reply), 'text/plain', [['{"text":"pwn', 'ed","all":true}']]);
  results['img GET status'] = await load('img', at(routes.status));
  results['img GET attachment'] = await load('img', at(routes.attachment));
  results['script GET messages'] = await load('script', at(routes.list));
  results['script GET message'] = await load('script', at(routes.message));
  const events = at(routes.events).replace(/^http/, 'ws');
  results['WebSocket events, guessed token'] = await socket(events, ['postbode.v1', 'guess']);
  results['WebSocket events, leaked token'] = await socket(events, ['postbode.v1', token]);
  results['fetch the extension popup'] = await tryFetch(extensionPopup);
  results['chrome.runtime from the page'] = typeof (globalThis as { chrome?: { runtime?: { sendMessage?: unknown } } }).chrome?.runtime?.sendMessage;
  return results;
}

// Runs in a page whose origin is the rebound name on the bridge's port: same-origin requests.
async function rebindingAttack({ routes, token }: Pick<PageArgs, 'routes' | 'token'>): Promise<Record<string, string>> {
  const secret = /Quarterly numbers|TOP SECRET/;
  const leaked = { authorization: `Bearer ${token}` };
  const tryFetch = async (path: string, init?: RequestInit) => {
    try {
      const response = await fetch(path, init);
      return `${response.status} ${secret.test(await response.text()) ? 'MAIL LEAKED' : 'no mail'}`;
    } catch (error) {
      return (error as Error).name;
    }
  };
  const results: Record<string, string> = {};
  results['fetch GET messages, leaked token'] = await tryFetch(routes.list, { headers: leaked });
  results['fetch GET attachment, leaked token'] = await tryFetch(routes.attachment, { headers: leaked });
  results['fetch POST move, leaked token'] = await tryFetch(routes.move, { method: 'POST', headers: { ...leaked, 'content-type': 'application/json' }, body: '{"to":"Trash"}' });
  results['fetch DELETE message, leaked token'] = await tryFetch(routes.message, { method: 'DELETE', headers: leaked });
  results['WebSocket events, leaked token'] = await new Promise<string>((resolve) => {
    const ws = new WebSocket(`ws://${location.host}${routes.events}`, ['postbode.v1', token]);
    ws.onmessage = (event) => {
      resolve(`open, got ${secret.test(String(event.data)) ? 'MAIL' : 'a message'}`);
      ws.close();
    };
    ws.onclose = (event) => resolve(`closed ${event.code}, 0 messages`);
  });
  return results;
}
