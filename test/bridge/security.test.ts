// The bridge's walls (DESIGN.md "Security model"): token, Origin, Host, loopback-only
// listening, the WebSocket handshake, and error bodies that never echo secrets.
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { VERSION } from '../../bridge/server';
import { startTestBridge, type TestBridge } from '../support/bridge';

const WEB_ORIGINS = ['http://evil.example', 'https://example.com', 'null'];
const EXTENSION_ORIGINS = [
  'chrome-extension://abcdefghijklmnopabcdefghijklmnop',
  'moz-extension://0f3c6d2e-8a4b-4c1d-9e7f-123456789abc',
];
const PROTECTED_ROUTES = ['/v1/status', '/v1/accounts', '/v1/accounts/alice/messages', '/v1/events'];

/** A request with a Host header of our choosing (fetch always sends the real one). */
function rawRequest(port: number, host: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: '/v1/status', headers: { ...headers, host } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

type Handshake = { opened: true; socket: WebSocket; first: Promise<unknown> } | { opened: false; status: number };

/** Opens a WebSocket and reports either the open socket (with its first message) or the refused status. */
function openSocket(url: string, protocols: string[], options: WebSocket.ClientOptions = {}): Promise<Handshake> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, protocols, options);
    const first = new Promise<unknown>((resolveMessage) => socket.once('message', (data) => resolveMessage(JSON.parse(String(data)))));
    socket.once('open', () => resolve({ opened: true, socket, first }));
    socket.once('unexpected-response', (_req, res) => {
      resolve({ opened: false, status: res.statusCode ?? 0 });
      res.resume();
      socket.terminate();
    });
    socket.once('error', reject);
  });
}

function closeSocket(socket: WebSocket): Promise<void> {
  if (socket.readyState === WebSocket.CLOSED) return Promise.resolve();
  return new Promise((resolve) => {
    socket.once('close', () => resolve());
    socket.close();
  });
}

/** Resolves true if a TCP connection to host:port is accepted, false if it fails. */
function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.setTimeout(2000, () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function nonLoopbackAddress(): string | undefined {
  return Object.values(os.networkInterfaces())
    .flat()
    .find((entry) => entry !== undefined && !entry.internal && entry.family === 'IPv4')?.address;
}

describe('bridge security', () => {
  let bridge: TestBridge;
  let pinging: TestBridge | undefined;
  let wsUrl: string;

  beforeAll(async () => {
    bridge = await startTestBridge();
    wsUrl = `ws://127.0.0.1:${bridge.port}/v1/events`;
  });

  afterAll(async () => {
    await pinging?.stopAll();
    await bridge?.stopAll();
  });

  describe('token', () => {
    it('answers /v1/health without a token with only ok and the version', async () => {
      const response = await bridge.api('/v1/health', { token: null });

      expect(response.status).toBe(200);
      expect(response.body).toStrictEqual({ ok: true, version: VERSION });
    });

    const badCredentials: Array<[string, (token: string) => { path?: string; headers: Record<string, string> }]> = [
      ['no token', () => ({ headers: {} })],
      ['a wrong token', () => ({ headers: { authorization: `Bearer ${'x'.repeat(43)}` } })],
      ['a token of the wrong length', (token) => ({ headers: { authorization: `Bearer ${token}x` } })],
      ['a truncated token', (token) => ({ headers: { authorization: `Bearer ${token.slice(0, 20)}` } })],
      ['the token in ?token=', (token) => ({ path: `?token=${token}`, headers: {} })],
      ['the token in ?access_token=', (token) => ({ path: `?access_token=${token}`, headers: {} })],
      ['Bearer with an empty value', () => ({ headers: { authorization: 'Bearer ' } })],
      ['the Basic scheme', (token) => ({ headers: { authorization: `Basic ${Buffer.from(`user:${token}`).toString('base64')}` } })],
      ['the token without a scheme', (token) => ({ headers: { authorization: token } })],
    ];
    const table = PROTECTED_ROUTES.flatMap((route) => badCredentials.map(([what, make]) => [route, what, make] as const));

    it.each(table)('refuses %s with %s (401, error shape)', async (route, _what, make) => {
      const { path = '', headers } = make(bridge.token);

      const response = await bridge.api(route + path, { token: null, headers });

      expect(response.status).toBe(401);
      expect(response.body).toStrictEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
    });

    it.each(PROTECTED_ROUTES.filter((route) => route !== '/v1/events'))('serves %s with the right Bearer token', async (route) => {
      const response = await bridge.api(route);

      // The message route answers 404 (no such account), which proves the token was accepted.
      expect(response.status).toBe(route.includes('/messages') ? 404 : 200);
    });
  });

  describe('Origin', () => {
    it.each(WEB_ORIGINS)('refuses a request from the web origin %s with 403 even with the token', async (origin) => {
      const response = await bridge.api('/v1/status', { headers: { origin } });

      expect(response.status).toBe(403);
      expect(response.body).toStrictEqual({ error: { code: 'forbidden', message: expect.any(String) } });
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
    });

    it.each(WEB_ORIGINS)('refuses the CORS preflight from %s with 403 and no Allow-Origin', async (origin) => {
      const response = await bridge.api('/v1/status', {
        method: 'OPTIONS',
        token: null,
        headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
      });

      expect(response.status).toBe(403);
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
    });

    it.each(EXTENSION_ORIGINS)('serves the extension origin %s with the token and echoes it in Allow-Origin', async (origin) => {
      const response = await bridge.api('/v1/status', { headers: { origin } });

      expect(response.status).toBe(200);
      expect(response.headers.get('access-control-allow-origin')).toBe(origin);
    });

    it.each(EXTENSION_ORIGINS)('answers the preflight from %s with 204, that origin (never *) and Authorization allowed', async (origin) => {
      const response = await bridge.api('/v1/accounts', {
        method: 'OPTIONS',
        token: null,
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
      });

      expect(response.status).toBe(204);
      expect(response.headers.get('access-control-allow-origin')).toBe(origin);
      const allowed = (response.headers.get('access-control-allow-headers') ?? '').toLowerCase().split(/\s*,\s*/);
      expect(allowed).toContain('authorization');
    });

    it.each(EXTENSION_ORIGINS)('still wants the token from the extension origin %s, with a 401 it can read', async (origin) => {
      const response = await bridge.api('/v1/status', { token: null, headers: { origin } });

      expect(response.status).toBe(401);
      expect(response.headers.get('access-control-allow-origin')).toBe(origin);
    });

    it('serves a request with the token and no Origin, without CORS headers', async () => {
      const response = await bridge.api('/v1/status');

      expect(response.status).toBe(200);
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
    });
  });

  describe('Host (DNS rebinding)', () => {
    it.each([
      ['evil.example:PORT'],
      ['127.0.0.1:OTHER'],
      ['localhost:OTHER'],
      ['localhost.evil.example'],
      ['localhost.evil.example:PORT'],
      ['127.0.0.1'],
      ['localhost'],
    ])('refuses Host %s with 403 even with the token', async (template) => {
      const host = template.replace('PORT', String(bridge.port)).replace('OTHER', String(bridge.port === 65535 ? 1 : bridge.port + 1));

      const response = await rawRequest(bridge.port, host, { authorization: `Bearer ${bridge.token}` });

      expect(response.status).toBe(403);
      expect(JSON.parse(response.body)).toStrictEqual({ error: { code: 'forbidden', message: expect.any(String) } });
    });

    it.each([['localhost:PORT'], ['127.0.0.1:PORT'], ['[::1]:PORT']])('serves Host %s', async (template) => {
      const host = template.replace('PORT', String(bridge.port));

      const response = await rawRequest(bridge.port, host, { authorization: `Bearer ${bridge.token}` });

      expect(response.status).toBe(200);
      expect(JSON.parse(response.body)).toMatchObject({ total: 0, accounts: [] });
    });

    it('checks the Host before the token, so a rebinding page learns nothing from 401 vs 200', async () => {
      const response = await rawRequest(bridge.port, 'evil.example', {});

      expect(response.status).toBe(403);
    });
  });

  describe('listening', () => {
    const address = nonLoopbackAddress();

    it('accepts connections on 127.0.0.1', async () => {
      expect(await accepts('127.0.0.1', bridge.port)).toBe(true);
    });

    it.skipIf(address === undefined)(`refuses connections on this machine's non-loopback address (${address ?? 'none'})`, async () => {
      expect(await accepts(address!, bridge.port)).toBe(false);
    });
  });

  describe('WebSocket /v1/events', () => {
    it('opens with the token as a subprotocol, selects postbode.v1 and sends the status first', async () => {
      const handshake = await openSocket(wsUrl, ['postbode.v1', bridge.token]);

      expect(handshake.opened).toBe(true);
      if (!handshake.opened) return;
      try {
        expect(handshake.socket.protocol).toBe('postbode.v1');
        expect(await handshake.first).toStrictEqual({
          type: 'status',
          status: { revision: expect.any(Number), total: 0, accounts: [] },
        });
      } finally {
        await closeSocket(handshake.socket);
      }
    });

    it('selects postbode.v1 even when the token is offered first, so the token is never the chosen protocol', async () => {
      const handshake = await openSocket(wsUrl, [bridge.token, 'postbode.v1']);

      expect(handshake.opened).toBe(true);
      if (!handshake.opened) return;
      try {
        expect(handshake.socket.protocol).toBe('postbode.v1');
      } finally {
        await closeSocket(handshake.socket);
      }
    });

    it.each<[string, () => { url?: string; protocols: string[] }]>([
      ['a wrong token', () => ({ protocols: ['postbode.v1', 'x'.repeat(43)] })],
      ['no token', () => ({ protocols: ['postbode.v1'] })],
      ['no subprotocols at all', () => ({ protocols: [] })],
      ['the token without postbode.v1', () => ({ protocols: [bridge.token] })],
      ['the token in the URL query', () => ({ url: `${wsUrl}?token=${bridge.token}`, protocols: ['postbode.v1'] })],
    ])('refuses the upgrade with 401 for %s', async (_what, make) => {
      const { url = wsUrl, protocols } = make();

      const handshake = await openSocket(url, protocols);

      expect(handshake).toStrictEqual({ opened: false, status: 401 });
    });

    it.each(WEB_ORIGINS)('refuses the upgrade from the web origin %s with 403 even with the token', async (origin) => {
      const handshake = await openSocket(wsUrl, ['postbode.v1', bridge.token], { origin });

      expect(handshake).toStrictEqual({ opened: false, status: 403 });
    });

    it('opens from an extension origin with the token', async () => {
      const handshake = await openSocket(wsUrl, ['postbode.v1', bridge.token], { origin: EXTENSION_ORIGINS[0]! });

      expect(handshake.opened).toBe(true);
      if (handshake.opened) await closeSocket(handshake.socket);
    });

    it('refuses the upgrade with a foreign Host header with 403', async () => {
      const handshake = await openSocket(wsUrl, ['postbode.v1', bridge.token], { headers: { host: 'evil.example' } });

      expect(handshake).toStrictEqual({ opened: false, status: 403 });
    });

    it('sends a ping message to keep an extension service worker alive', async () => {
      pinging = await startTestBridge({}, { pingMs: 200 });
      const handshake = await openSocket(`ws://127.0.0.1:${pinging.port}/v1/events`, ['postbode.v1', pinging.token]);
      if (!handshake.opened) throw new Error(`upgrade refused with ${handshake.status}`);
      const { socket } = handshake;

      const ping = await new Promise<unknown>((resolve) => {
        socket.on('message', (data) => {
          const message = JSON.parse(String(data)) as { type: string };
          if (message.type === 'ping') resolve(message);
        });
      });

      expect(ping).toStrictEqual({ type: 'ping' });
      await closeSocket(socket);
    });
  });

  describe('error bodies', () => {
    it('answers an unknown route with 404 not_found in the error shape', async () => {
      const response = await bridge.api('/v1/no-such-route');

      expect(response.status).toBe(404);
      expect(response.body).toStrictEqual({ error: { code: 'not_found', message: expect.any(String) } });
    });

    it('answers malformed JSON with 400 bad_request and does not echo the body', async () => {
      const response = await bridge.api('/v1/accounts', {
        method: 'POST',
        body: '{"email":"a@example.test","imap":{"password":"hunter2-SECRET"',
      });

      expect(response.status).toBe(400);
      expect(response.body).toStrictEqual({ error: { code: 'bad_request', message: expect.any(String) } });
      expect(response.raw.toString('utf8')).not.toContain('hunter2-SECRET');
    });

    it('refuses unknown fields with 400 naming the field and not echoing values', async () => {
      const response = await bridge.api('/v1/accounts', {
        method: 'POST',
        body: {
          email: 'alice@example.test',
          imap: { host: '127.0.0.1', port: 993, user: 'alice', password: 'hunter2-SECRET' },
          isAdmin: 'hunter2-SECRET-too',
        },
      });

      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('bad_request');
      expect(response.body.error.message).toContain('isAdmin');
      expect(response.raw.toString('utf8')).not.toContain('hunter2-SECRET');
    });

    it('refuses a 2 MB body with 400 and keeps serving', async () => {
      const huge = JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024) });

      const response = await bridge.api('/v1/accounts', { method: 'POST', body: huge });
      const after = await bridge.api('/v1/status');

      expect(response.status).toBe(400);
      expect(response.body).toStrictEqual({ error: { code: 'bad_request', message: expect.any(String) } });
      expect(after.status).toBe(200);
    });
  });

  // Last on purpose: every test above sent the token somewhere (header, query, subprotocol).
  it('never writes the token to its log', () => {
    const bridges = [bridge, ...(pinging ? [pinging] : [])];
    for (const each of bridges) {
      expect(each.logs.join('\n')).not.toContain(each.token);
    }
  });
});
