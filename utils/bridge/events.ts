/**
 * The client side of the bridge's `/v1/events` WebSocket: how to open it and
 * how to read what it sends. Its lifetime (reconnects, the silence watchdog)
 * belongs to the background worker that keeps it open.
 */
import type { EventMessage } from '@/bridge/api-types';
import { EVENTS_PROTOCOL } from '@/shared/events';
import type { Pairing } from '@/utils/storage/pairing';
import { normalizeBridgeUrl } from './client';

/**
 * Opens the `/v1/events` WebSocket. Browsers can't set headers on a WebSocket,
 * so the token travels as the second offered subprotocol, never in the URL.
 */
export function openEventSocket({ url, token }: Pairing, WebSocketImpl: typeof WebSocket = WebSocket): WebSocket {
  const wsUrl = `${normalizeBridgeUrl(url).replace(/^http/, 'ws')}/v1/events`;
  return new WebSocketImpl(wsUrl, [EVENTS_PROTOCOL, token]);
}

/** One message from the socket, or `undefined` for anything that isn't JSON text. */
export function parseEvent(data: unknown): EventMessage | undefined {
  if (typeof data !== 'string') return undefined;
  try {
    return JSON.parse(data) as EventMessage;
  } catch {
    return undefined;
  }
}
