import type { AddressInfo } from 'node:net';
import type { IncomingMessage, Server } from 'node:http';
import { serve } from '@hono/node-server';
import { createNodeWebSocket } from '@hono/node-ws';
import { Hono, type MiddlewareHandler } from 'hono';
import type { WSContext } from 'hono/ws';
import packageJson from '../package.json' with { type: 'json' };
import { AccountManager } from './accounts/manager';
import type { AutoconfigDeps } from './autoconfig/lookup';
import { createApp, errorHandler, routeNotFound } from './app';
import { ConfigStore } from './config/store';
import { ApiError } from './errors';
import { createLogger, type Logger } from './log';
import { EVENTS_PROTOCOL } from '../shared/events';

/** How long in-flight requests may take to finish when the bridge stops. */
const SHUTDOWN_GRACE_MS = 3_000;

export const VERSION: string = packageJson.version;

export interface BridgeOptions {
  configPath: string;
  /** Overrides the config's port; 0 picks a free one (tests). */
  port?: number;
  log?: Logger;
  /** Interval of `/v1/events` pings (default 15 s). */
  pingMs?: number;
  /** Called once, after the first request from an extension page that passed the token check. */
  onExtensionRequest?: () => void;
  /** Where `/v1/autoconfig` looks things up (tests serve it locally). */
  autoconfig?: AutoconfigDeps;
}

export interface RunningBridge {
  url: string;
  port: number;
  token: string;
  /** True when this start created the config file. */
  created: boolean;
  manager: AccountManager;
  close(): Promise<void>;
}

/** Loads the config, connects the accounts and serves the API on 127.0.0.1 only. */
export async function startBridge(options: BridgeOptions): Promise<RunningBridge> {
  const log = options.log ?? createLogger();
  const { store, created } = await ConfigStore.load(options.configPath);
  const manager = new AccountManager(store, { log, healthCheckMs: store.config.healthCheckSeconds * 1000 });
  const sockets = new Set<WSContext>();
  const stopping = new AbortController();
  let port = options.port ?? store.config.port;

  const root = new Hono();
  const { upgradeWebSocket, injectWebSocket, wss } = createNodeWebSocket({ app: root });
  // ws picks the first offered subprotocol by default: a client offering the token first
  // would have the token chosen and echoed in the handshake. Always select ours.
  wss.options.handleProtocols = (protocols) => (protocols.has(EVENTS_PROTOCOL) ? EVENTS_PROTOCOL : false);
  // Once stopping, kept-alive connections must not carry new requests (server.close()
  // only drops idle ones): refuse them, and ask clients to close after what is in flight.
  root.use(async (c, next) => {
    if (stopping.signal.aborted) {
      return c.json(new ApiError('not_connected', 'The bridge is stopping').toBody(), 503, { connection: 'close' });
    }
    await next();
    if (stopping.signal.aborted && !c.res.headers.has('connection')) {
      try {
        c.res.headers.set('connection', 'close');
      } catch {
        // A streamed response's headers are already sent.
      }
    }
  });
  if (options.onExtensionRequest) root.use(firstExtensionRequest(options.onExtensionRequest));
  root.route(
    '/',
    createApp({
      manager,
      log,
      version: VERSION,
      token: () => store.config.token,
      port: () => port,
      allowPrivateRemoteImages: () => store.config.allowPrivateRemoteImages,
      upgradeWebSocket,
      sockets,
      stopping: stopping.signal,
      ...(options.pingMs !== undefined && { pingMs: options.pingMs }),
      ...(options.autoconfig && { autoconfig: options.autoconfig }),
    }),
  );
  root.notFound(routeNotFound);
  root.onError(errorHandler(log));

  const server = await listen(root, port);
  injectWebSocket(server);
  port = (server.address() as AddressInfo).port;
  manager.start();

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    token: store.config.token,
    created,
    manager,
    async close() {
      stopping.abort();
      for (const socket of sockets) socket.close(1001, 'bridge stopping');
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      // In-flight requests get a moment to finish (a long poll answers at once on abort).
      const force = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS);
      await closed;
      clearTimeout(force);
      await manager.stop();
    },
  };
}

/**
 * Calls `seen` after the first request that carries an Origin and got through the
 * walls (they refuse every Origin but an extension's, and a wrong token) to a route that
 * needs the token. Chrome sends no Origin on an extension's GETs, but its POSTs and the
 * /v1/events WebSocket carry one. Costs nothing once seen.
 */
function firstExtensionRequest(seen: () => void): MiddlewareHandler {
  let done = false;
  return async (c, next) => {
    await next();
    if (done || c.req.method === 'OPTIONS' || c.req.path === '/v1/health' || c.res.status >= 400) return;
    const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
    if (incoming?.headers.origin === undefined) return;
    done = true;
    seen();
  };
}

function listen(app: Hono, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    // @hono/node-server makes a plain node:http server unless told to use http2.
    const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port }, () => resolve(server)) as Server;
    server.once('error', (err: NodeJS.ErrnoException) => {
      reject(err.code === 'EADDRINUSE' ? new Error(`port ${port} on 127.0.0.1 is in use (another bridge running?); set "port" in the config or pass --port`) : err);
    });
  });
}
