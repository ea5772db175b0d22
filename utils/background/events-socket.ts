/**
 * The push half of freshness: the bridge's `/v1/events` WebSocket, open for as
 * long as the worker lives. Each message the bridge sends (a status on every
 * change, a ping at least every 20 s) also resets Chrome's 30 s idle timer, so
 * a paired worker stays up and new mail reaches the badge within a second.
 *
 * The socket is a live resource, not state: when the worker is stopped it is
 * gone, and the refresh alarm (or the next event) opens a new one.
 */
import { openEventSocket, parseEvent } from '@/utils/bridge/events';
import { pairing } from '@/utils/storage/pairing';
import { connection, isAway } from '@/utils/storage/status';
import { pairThroughHost } from '@/utils/bridge/native-pairing';
import { keepAlive } from './keep-alive';
import { applyStatus, recheckMail, syncNow } from './sync';

let socket: WebSocket | null = null;
let reconnectTimer: ReturnType<typeof setTimeout> | undefined;
let watchdog: ReturnType<typeof setTimeout> | undefined;
let attempt = 0;
/** Bumped by a deliberate close, so a reconnect planned for an older socket is dropped. */
let generation = 0;

/**
 * With no message for this long the connection is dead even if TCP hasn't
 * noticed (a laptop that slept): the bridge pings at least every 20 s.
 */
const SILENCE_LIMIT_MS = 50_000;

/** 1 s, 2 s, 4 s … 30 s: quick after a bridge restart, gentle while it stays down. */
export function reconnectDelay(attempt: number): number {
  return Math.min(30_000, 1000 * 2 ** attempt);
}

/** Opens the socket unless one is open or opening. */
export async function ensureEventSocket(): Promise<void> {
  if (socket && (socket.readyState === WebSocket.OPEN || socket.readyState === WebSocket.CONNECTING)) return;
  clearTimeout(reconnectTimer);
  const saved = await pairing.getValue();
  // A refused token stays refused: wait for a new pairing instead of hammering.
  if (!saved || (await connection.getValue()).state === 'unauthorized') return;
  if (socket) return; // another call opened one while we read storage

  const ws = openEventSocket(saved);
  socket = ws;
  armWatchdog(ws);
  ws.onopen = () => {
    attempt = 0;
    // Queued before the first status this socket brings, which then looks everywhere.
    void recheckMail();
  };
  ws.onmessage = (event) => {
    if (socket !== ws) return; // a socket we already replaced
    armWatchdog(ws);
    keepAlive();
    const message = parseEvent(event.data);
    if (message?.type === 'status') void applyStatus(message.status);
  };
  // A failed handshake (bridge down, token refused) is followed by `close`,
  // which does the work; handling `error` keeps it from being reported as uncaught.
  ws.onerror = () => undefined;
  ws.onclose = () => lost(ws);
}

/**
 * The socket closed, or went silent: learn at once whether the bridge is gone
 * (badge "unreachable") or the token was refused, then try again later.
 */
function lost(ws: WebSocket): void {
  if (socket !== ws) return; // a socket we already replaced
  socket = null;
  clearTimeout(watchdog);
  ws.close(); // a silent one may never say `close` by itself
  const planned = generation;
  void syncNow()
    .then(async () => {
      // Gone for real: the native host can bring the bridge back (or tell a new
      // token). At once for the first loss after a working socket, then throttled.
      if (isAway((await connection.getValue()).state)) await pairThroughHost(attempt === 0 ? 'outage' : 'retry');
    })
    .then(() => {
      if (socket === null && planned === generation) {
        reconnectTimer = setTimeout(() => void ensureEventSocket(), reconnectDelay(attempt++));
      }
    });
}

/** Closes the socket for good (pairing changed or removed); no reconnect. */
export function closeEventSocket(): void {
  const ws = socket;
  socket = null;
  attempt = 0;
  generation++;
  clearTimeout(reconnectTimer);
  clearTimeout(watchdog);
  ws?.close();
}

/** Whether a socket is open now (for tests and diagnostics). */
export function isEventSocketOpen(): boolean {
  return socket?.readyState === WebSocket.OPEN;
}

function armWatchdog(ws: WebSocket): void {
  clearTimeout(watchdog);
  watchdog = setTimeout(() => lost(ws), SILENCE_LIMIT_MS);
}
