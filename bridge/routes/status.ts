import { Hono } from 'hono';
import type { UpgradeWebSocket, WSContext } from 'hono/ws';
import { z } from 'zod';
import type { AccountManager, EventMessage, Status } from '../accounts/manager';
import { validate } from './validate';

export interface StatusDeps {
  manager: AccountManager;
  version: string;
  upgradeWebSocket: UpgradeWebSocket;
  /** How often `/v1/events` sends a ping; under 20 s keeps an MV3 service worker alive. */
  pingMs: number;
  /** Open event sockets, so shutdown can close them and clients reconnect at once. */
  sockets: Set<WSContext>;
  /** Aborted when the bridge stops: pending long polls answer at once. */
  stopping: AbortSignal;
}

/** Chrome kills an extension service worker's fetch after 30 s, so a long poll answers within 25. */
export const MAX_WAIT_SECONDS = 25;

const statusQuery = z.strictObject({
  since: z.coerce.number().int().min(0).optional(),
  wait: z.coerce.number().int().min(0).max(MAX_WAIT_SECONDS).optional(),
});

export function statusRoutes({ manager, version, upgradeWebSocket, pingMs, sockets, stopping }: StatusDeps) {
  return new Hono()
    .get('/health', (c) => c.json({ ok: true as const, version }, 200))
    .get('/status', validate('query', statusQuery), async (c) => {
      const { since, wait = 0 } = c.req.valid('query');
      if (since !== undefined && since === manager.status().revision && wait > 0) {
        await nextChange(manager, wait * 1000, AbortSignal.any([c.req.raw.signal, stopping]));
      }
      return c.json(manager.status(), 200);
    })
    .get(
      '/events',
      upgradeWebSocket(() => {
        let ping: NodeJS.Timeout | undefined;
        let onChange: ((status: Status) => void) | undefined;
        return {
          onOpen(_event, ws) {
            sockets.add(ws);
            const send = (message: EventMessage) => ws.send(JSON.stringify(message));
            onChange = (status) => send({ type: 'status', status });
            manager.on('change', onChange);
            ping = setInterval(() => send({ type: 'ping' }), pingMs);
            send({ type: 'status', status: manager.status() });
          },
          onClose(_event, ws) {
            sockets.delete(ws);
            clearInterval(ping);
            if (onChange) manager.off('change', onChange);
          },
        };
      }),
    );
}

function nextChange(manager: AccountManager, ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      manager.off('change', done);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    manager.on('change', done);
    signal.addEventListener('abort', done);
  });
}
