import { hash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Context, MiddlewareHandler } from 'hono';
import { EVENTS_PROTOCOL } from '../shared/events';
import { ApiError } from './errors';

/**
 * Paths served without the token: health (says nothing), and the OAuth2 callback, which
 * a provider's redirect reaches with no way to carry the token; there the single-use
 * `state` of a sign-in the token holder started is the wall (oauth/sign-in.ts).
 */
const OPEN_PATHS = new Set(['/v1/health', '/oauth/callback']);

/** Origins of browser extensions; every other Origin is a web page and is refused. */
const EXTENSION_ORIGIN = /^(chrome-extension|moz-extension|safari-web-extension):\/\/[A-Za-z0-9.-]+$/;

/**
 * A request header. On @hono/node-server it is read from Node's own parsed headers:
 * `c.req.header()` would first copy all of them into a fetch `Headers` (a noticeable
 * part of answering a status poll). Node keeps the first of a repeated Host or
 * Authorization header and joins repeated Origin values, so neither can be smuggled
 * past the checks below.
 */
function header(c: Context, name: string): string | undefined {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  if (!incoming) return c.req.header(name);
  const value = incoming.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

/**
 * The walls every request passes, in order, as one middleware (each middleware layer
 * is a cost on every status poll):
 * - Host: DNS rebinding. A page on evil.example whose name now resolves to 127.0.0.1
 *   still sends `Host: evil.example`; only the loopback names on our own port are served.
 * - Origin: web pages are refused outright; extension pages get CORS answers (never
 *   `*`). A preflight carries no token, so it is answered here, before authentication.
 * - Token: a bearer token on every route but health and the OAuth2 callback. WebSockets can't carry headers
 *   from a browser, so there the token is one of the offered subprotocols (never the URL).
 */
export function securityWalls({ port, token }: { port: () => number; token: () => string }): MiddlewareHandler {
  const matches = tokenMatcher(token);
  return async (c, next) => {
    const host = (header(c, 'host') ?? '').toLowerCase();
    if (host !== `127.0.0.1:${port()}` && host !== `localhost:${port()}` && host !== `[::1]:${port()}`) {
      throw new ApiError('forbidden', 'This Host is not served (only 127.0.0.1, localhost or [::1] on the bridge port)');
    }

    const origin = header(c, 'origin');
    if (origin !== undefined) {
      if (!EXTENSION_ORIGIN.test(origin)) throw new ApiError('forbidden', 'Requests from web pages are refused');
      c.header('Access-Control-Allow-Origin', origin);
      c.header('Vary', 'Origin');
      if (c.req.method === 'OPTIONS') {
        c.header('Access-Control-Allow-Methods', 'GET, POST, PATCH, DELETE');
        c.header('Access-Control-Allow-Headers', 'Authorization, Content-Type');
        c.header('Access-Control-Max-Age', '600');
        return c.body(null, 204);
      }
    }

    if (!OPEN_PATHS.has(c.req.path)) {
      const offered = presentedToken(header(c, 'authorization'), header(c, 'sec-websocket-protocol'));
      if (offered === null || !matches(offered)) {
        throw new ApiError('unauthorized', 'Missing or wrong token (send `Authorization: Bearer <token>`)');
      }
    }
    await next();
  };
}

function presentedToken(authorization: string | undefined, protocols: string | undefined): string | null {
  const bearer = /^Bearer ([^\s]+)$/i.exec(authorization ?? '')?.[1];
  if (bearer) return bearer;
  const offered = (protocols ?? '').split(',').map((value) => value.trim());
  if (!offered.includes(EVENTS_PROTOCOL)) return null;
  return offered.find((value) => value && value !== EVENTS_PROTOCOL) ?? null;
}

/**
 * Compares an offered token with the current one in constant time: both sides are
 * hashed first, so neither content nor length leaks through timing. The expected
 * side's digest is computed again only when the token changes.
 */
export function tokenMatcher(token: () => string): (offered: string) => boolean {
  const digest = (value: string) => hash('sha256', value, 'buffer');
  let expected = { token: token(), digest: digest(token()) };
  return (offered) => {
    if (expected.token !== token()) expected = { token: token(), digest: digest(token()) };
    return timingSafeEqual(digest(offered), expected.digest);
  };
}
