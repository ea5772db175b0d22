import { Hono, type ErrorHandler, type NotFoundHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import type { UpgradeWebSocket, WSContext } from 'hono/ws';
import type { AccountManager } from './accounts/manager';
import type { AutoconfigDeps } from './autoconfig/lookup';
import { ApiError, isApiError } from './errors';
import { MAX_ATTACHMENT_BYTES } from './smtp/compose';
import type { Logger } from './log';
import { DeviceSignIns } from './oauth/device';
import { SignInFlows } from './oauth/sign-in';
import type { Fetch } from './oauth/token-endpoint';
import { accountRoutes } from './routes/accounts';
import { autoconfigRoutes } from './routes/autoconfig';
import { mailboxRoutes } from './routes/mailboxes';
import { messageRoutes } from './routes/messages';
import { outgoingRoutes } from './routes/outgoing';
import { callbackRoutes, oauthRoutes } from './routes/oauth';
import { statusRoutes } from './routes/status';
import { securityWalls } from './security';

export interface AppDeps {
  manager: AccountManager;
  log: Logger;
  version: string;
  token: () => string;
  port: () => number;
  allowPrivateRemoteImages: () => boolean;
  upgradeWebSocket: UpgradeWebSocket;
  pingMs?: number;
  sockets?: Set<WSContext>;
  stopping?: AbortSignal;
  /** For OAuth2 token and device requests (default: global fetch). */
  fetch?: Fetch;
  /** Where autoconfig looks things up (default: the network, with short timeouts). */
  autoconfig?: AutoconfigDeps;
}

/** Request bodies are small JSON; anything bigger is refused before it is read whole. */
const MAX_BODY_BYTES = 1024 * 1024;
/**
 * A new message carries its attachments as base64 in the JSON: the attachment cap, a
 * third more for base64, and room for the text. Only that route takes this much.
 */
const MAX_SEND_BODY_BYTES = Math.ceil((MAX_ATTACHMENT_BYTES * 4) / 3) + 2 * MAX_BODY_BYTES;
const SEND_ROUTE = /^\/v1\/accounts\/[^/]+\/messages\/?$/;

function routes(deps: AppDeps, flows: SignInFlows, devices: DeviceSignIns) {
  return new Hono()
    .route(
      '/',
      statusRoutes({
        ...deps,
        pingMs: deps.pingMs ?? 15_000,
        sockets: deps.sockets ?? new Set(),
        stopping: deps.stopping ?? new AbortController().signal,
      }),
    )
    .route('/autoconfig', autoconfigRoutes(deps.autoconfig ?? {}))
    .route('/accounts', accountRoutes(deps.manager))
    .route('/accounts', oauthRoutes(deps.manager, flows, devices))
    .route('/accounts', messageRoutes(deps))
    .route('/accounts', outgoingRoutes(deps))
    .route('/accounts', mailboxRoutes(deps.manager));
}

/** Unknown routes in the one error shape. */
export const routeNotFound: NotFoundHandler = (c) => c.json(new ApiError('not_found', 'No such route').toBody(), 404);

/**
 * Every error in the one error shape. Set on the app that serves (server.ts), not on
 * the mounted API app: Hono wraps every route of a mounted app that has its own error
 * handler in one more middleware chain, per request.
 */
export function errorHandler(log: Logger): ErrorHandler {
  return (err, c) => {
    if (isApiError(err)) return c.json(err.toBody(), err.status);
    if (err instanceof HTTPException && err.status < 500) {
      // Hono's own 4xx, e.g. a body that isn't JSON: our shape, a fixed message (never the input).
      return c.json(new ApiError('bad_request', 'The request is malformed (invalid JSON or parameters)').toBody(), 400);
    }
    log.error('unexpected error', { method: c.req.method, path: c.req.routePath, err });
    return c.json(new ApiError('internal', 'Something went wrong in the bridge; see its log').toBody(), 500);
  };
}

/**
 * The v1 API with its security walls, and the OAuth2 callback beside it (outside /v1:
 * the provider's redirect carries no token); the extension's typed client is `hc<AppType>`.
 */
export function createApp(deps: AppDeps) {
  const app = new Hono();
  app.use(securityWalls({ port: deps.port, token: deps.token }));
  const limitBody = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: () => {
      throw new ApiError('bad_request', 'The request body is too large');
    },
  });
  const limitSendBody = bodyLimit({
    maxSize: MAX_SEND_BODY_BYTES,
    onError: () => {
      throw new ApiError('too_large', 'The message is too large to send (attachments at most 10 MB together)');
    },
  });
  // Only where a body is read: looking at `c.req.raw.body` makes @hono/node-server build
  // a full Request (with an AbortController), and every layer costs each status poll.
  app.on(['POST', 'PATCH', 'PUT', 'DELETE'], '/*', (c, next) =>
    c.req.method === 'POST' && SEND_ROUTE.test(c.req.path) ? limitSendBody(c, next) : limitBody(c, next),
  );
  const flows = new SignInFlows({ manager: deps.manager, port: deps.port, log: deps.log, ...(deps.fetch && { fetch: deps.fetch }) });
  const devices = new DeviceSignIns({
    manager: deps.manager,
    flows,
    log: deps.log,
    stopping: deps.stopping ?? new AbortController().signal,
    ...(deps.fetch && { fetch: deps.fetch }),
  });
  return app.route('/v1', routes(deps, flows, devices)).route('/oauth', callbackRoutes(flows));
}

export type AppType = ReturnType<typeof createApp>;
