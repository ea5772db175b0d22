/**
 * The one way the extension talks to the bridge: Hono's typed client over the
 * bridge's own route types, so a path, body or response can't drift from the
 * server. `import type` only: no bridge code ends up in the extension bundle.
 */
import { hc, type ClientResponse } from 'hono/client';
import type { AppType } from '@/bridge/app';
import type { ErrorCode } from '@/bridge/errors';
import { pairing, type Pairing } from '@/utils/storage/pairing';

/** The typed client for every `/v1` route, e.g. `client.v1.status.$get()`. */
export type BridgeClient = ReturnType<typeof hc<AppType>>;

/**
 * Requests we make ourselves never wait forever: Chrome kills a service worker's
 * fetch that is still pending 30 s after the worker's last event, and a stuck
 * request would keep the badge on stale data until then.
 */
const DEFAULT_TIMEOUT_MS = 15_000;

export interface BridgeClientOptions {
  /** Override `fetch` (tests, or a caller that wants its own). */
  fetch?: typeof fetch;
}

/**
 * A typed client for the bridge at `pairing.url`, sending the token as a
 * bearer header on every request.
 */
export function createBridgeClient(
  { url, token }: Pairing,
  options: BridgeClientOptions = {},
): BridgeClient {
  const baseFetch = options.fetch ?? ((input, init) => fetch(input, init));
  return hc<AppType>(normalizeBridgeUrl(url), {
    headers: { Authorization: `Bearer ${token}` },
    fetch: ((input: RequestInfo | URL, init?: RequestInit) =>
      baseFetch(input, {
        ...init,
        signal: init?.signal ?? AbortSignal.timeout(DEFAULT_TIMEOUT_MS),
      })) as typeof fetch,
  });
}

/**
 * Why a bridge call failed: the bridge's own error code (`unauthorized`,
 * `not_found`, …) or one of ours:
 * - `unreachable`: no HTTP answer at all (bridge down, wrong URL, timeout);
 * - `bad_response`: an answer that isn't the bridge's JSON;
 * - `bad_url`: the configured URL isn't an http URL on loopback.
 */
export type BridgeErrorCode = ErrorCode | 'unreachable' | 'bad_response' | 'bad_url';

export class BridgeError extends Error {
  override readonly name = 'BridgeError';
  constructor(
    readonly code: BridgeErrorCode,
    message: string,
    /** HTTP status, 0 when there was no answer. */
    readonly status: number,
  ) {
    super(message);
  }
}

/**
 * Also true for a BridgeError that crossed a realm (popup ↔ background
 * messaging drops prototypes), so it checks the name, not only `instanceof`.
 */
export function isBridgeError(error: unknown): error is BridgeError {
  return (
    error instanceof BridgeError ||
    (typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'BridgeError')
  );
}

/** True when the bridge refused our token: the user must pair again. */
export function isAuthError(error: unknown): boolean {
  return isBridgeError(error) && (error.status === 401 || error.status === 403);
}

type SuccessStatus = 200 | 201 | 202 | 204;
/** The JSON body of the success responses of a typed client call. */
export type OkBody<R> = R extends ClientResponse<infer T, infer S, infer _F>
  ? S extends SuccessStatus
    ? T
    : never
  : never;

/**
 * Awaits a typed client call and returns its success body, or throws a
 * {@link BridgeError} carrying the bridge's `{error:{code,message}}`.
 *
 * @example const status = await call(client.v1.status.$get())
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any response format: JSON bodies and 204s
export async function call<R extends ClientResponse<unknown, number, any>>(
  request: Promise<R> | R,
): Promise<OkBody<R>> {
  let response: R;
  try {
    response = await request;
  } catch (error) {
    throw new BridgeError('unreachable', `The bridge did not answer: ${describe(error)}`, 0);
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (response.ok) {
    if (body === undefined && response.status !== 204) {
      throw new BridgeError('bad_response', `Expected JSON from the bridge (HTTP ${response.status})`, response.status);
    }
    return body as OkBody<R>;
  }
  const error = (body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  if (typeof error?.code === 'string') {
    throw new BridgeError(error.code as ErrorCode, String(error.message ?? error.code), response.status);
  }
  throw new BridgeError('bad_response', `Request failed with status ${response.status}`, response.status);
}

/**
 * `http://127.0.0.1:7143/` → `http://127.0.0.1:7143`. Throws for anything that
 * isn't an http(s) URL on a loopback host: the extension only has host access
 * to loopback, and the token must never be sent anywhere else.
 */
export function normalizeBridgeUrl(input: string): string {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw new BridgeError('bad_url', `Not a URL: ${input}`, 0);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new BridgeError('bad_url', `Expected an http:// URL, got ${url.protocol}`, 0);
  }
  // Exactly the hosts in the manifest's host_permissions and CSP.
  if (!['127.0.0.1', 'localhost'].includes(url.hostname)) {
    throw new BridgeError('bad_url', `Expected a loopback host (127.0.0.1 or localhost), got ${url.hostname}`, 0);
  }
  return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
}

/** A client for the saved pairing, or `null` while there is none. */
export async function pairedClient(): Promise<BridgeClient | null> {
  const saved = await pairing.getValue();
  return saved ? createBridgeClient(saved) : null;
}

/** The subprotocol the bridge selects on `/v1/events`. */
export const EVENTS_PROTOCOL = 'postbode.v1';

/**
 * Opens the `/v1/events` WebSocket. Browsers can't set headers on a WebSocket,
 * so the token travels as the second offered subprotocol, never in the URL.
 */
export function openEventSocket(
  { url, token }: Pairing,
  WebSocketImpl: typeof WebSocket = WebSocket,
): WebSocket {
  const wsUrl = `${normalizeBridgeUrl(url).replace(/^http/, 'ws')}/v1/events`;
  return new WebSocketImpl(wsUrl, [EVENTS_PROTOCOL, token]);
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    return error.name === 'TimeoutError' ? 'timed out' : error.message;
  }
  return String(error);
}
