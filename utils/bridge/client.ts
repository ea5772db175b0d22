/**
 * Hono's typed client over the bridge's own route types, so a path, body or
 * response can't drift from the server. `import type` only: no bridge code
 * ends up in the extension bundle. Only `api.ts` makes requests with it;
 * everything else goes through the `BridgeApi` it builds.
 */
import { hc, type ClientResponse } from 'hono/client';
import type { AppType } from '@/bridge/app';
import type { Pairing } from '@/utils/storage/pairing';
import { BridgeError, errorFromResponse, unreachable } from './errors';
import { normalizeBridgeUrl } from './url';

export { normalizeBridgeUrl };

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
export function createBridgeClient({ url, token }: Pairing, options: BridgeClientOptions = {}): BridgeClient {
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

type SuccessStatus = 200 | 201 | 202 | 204;
/** The JSON body of the success responses of a typed client call. */
type OkBody<R> = R extends ClientResponse<infer T, infer S, infer _F> ? (S extends SuccessStatus ? T : never) : never;

/**
 * Awaits a typed client call and returns its success body, or throws a
 * {@link BridgeError} carrying the bridge's `{error:{code,message}}`.
 *
 * @example const status = await call(client.v1.status.$get({ query: {} }))
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any response format: JSON bodies and 204s
export async function call<R extends ClientResponse<unknown, number, any>>(request: Promise<R> | R): Promise<OkBody<R>> {
  const response = await answer(request);
  if (!response.ok) throw await errorFromResponse(response);
  const body: unknown = await response.json().catch(() => undefined);
  if (body === undefined && response.status !== 204) {
    throw new BridgeError('bad_response', `Expected JSON from the bridge (HTTP ${response.status})`, response.status);
  }
  return body as OkBody<R>;
}

/** Like {@link call}, for an answer that is bytes (an attachment, an image): the same errors. */
export async function callForBlob(request: Promise<Response> | Response): Promise<Blob> {
  const response = await answer(request);
  if (!response.ok) throw await errorFromResponse(response);
  return response.blob();
}

async function answer<R>(request: Promise<R> | R): Promise<R> {
  try {
    return await request;
  } catch (error) {
    throw unreachable(error);
  }
}
