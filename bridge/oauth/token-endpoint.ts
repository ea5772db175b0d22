import { z } from 'zod';
import type { OAuthClient } from './presets';

/** How long one call to a provider's token or device endpoint may take. */
const REQUEST_TIMEOUT_MS = 15_000;
/** Token answers are small JSON; a bigger one is refused before it is read whole. */
const MAX_ANSWER_BYTES = 64 * 1024;

export type Fetch = (input: string, init: RequestInit) => Promise<Response>;

export interface TokenSet {
  accessToken: string;
  /** Seconds the access token lives, as the provider said (undefined if it didn't). */
  expiresIn: number | undefined;
  refreshToken?: string;
}

/**
 * A provider said no, or could not be asked. `permanent` is a refusal that asking again
 * with the same grant can't change (a revoked or expired refresh token, a wrong client):
 * only a new sign-in helps. The message carries the provider's error code and
 * description, never a value the bridge sent.
 */
export class OAuthError extends Error {
  override readonly name = 'OAuthError';
  constructor(
    message: string,
    readonly permanent: boolean,
    /** The RFC 6749 `error` code, when the provider gave one. */
    readonly code?: string,
  ) {
    super(message);
  }
}

const tokenAnswer = z.object({
  access_token: z.string().min(1).max(16_384),
  token_type: z.string().max(100).optional(),
  // Microsoft once sent it as a string; RFC 6749 says a number.
  expires_in: z.coerce.number().positive().max(10 * 365 * 24 * 3600).optional(),
  refresh_token: z.string().min(1).max(16_384).optional(),
});

const deviceAnswer = z.object({
  device_code: z.string().min(1).max(4096),
  user_code: z.string().min(1).max(200),
  // Microsoft's v2 endpoint says verification_uri; older ones verification_url.
  verification_uri: z.url().max(2000).optional(),
  verification_url: z.url().max(2000).optional(),
  verification_uri_complete: z.url().max(2000).optional(),
  expires_in: z.coerce.number().positive().max(24 * 3600),
  interval: z.coerce.number().positive().max(300).optional(),
});

const errorAnswer = z.object({ error: z.string().regex(/^[\x20-\x21\x23-\x5b\x5d-\x7e]{1,100}$/), error_description: z.string().optional() });

/** Form fields whose values must never appear in a message, should a provider echo one. */
const SECRET_FIELDS = ['client_secret', 'refresh_token', 'code', 'code_verifier', 'device_code'] as const;

/** Errors a client is told to wait out (RFC 8628 3.5, RFC 6749 5.2 with 503). */
const PENDING = new Set(['authorization_pending', 'slow_down', 'temporarily_unavailable']);

export interface DeviceAuthorization {
  deviceCode: string;
  userCode: string;
  verificationUri: string;
  verificationUriComplete?: string;
  expiresIn: number;
  interval: number | undefined;
}

/** A token request (RFC 6749 section 4.1.3, 6; RFC 8628 3.4) with the client's credentials. */
export async function requestTokens(client: OAuthClient, grant: Record<string, string>, fetcher: Fetch = fetch): Promise<TokenSet> {
  const body = await post(client, client.tokenUrl, grant, fetcher);
  const parsed = tokenAnswer.safeParse(body);
  if (!parsed.success) throw new OAuthError('The sign-in server answered without a usable access token', false);
  if (parsed.data.token_type !== undefined && parsed.data.token_type.toLowerCase() !== 'bearer') {
    throw new OAuthError(`The sign-in server gave a ${sanitize(parsed.data.token_type, [])} token; only bearer tokens work for mail`, true);
  }
  return {
    accessToken: parsed.data.access_token,
    expiresIn: parsed.data.expires_in,
    ...(parsed.data.refresh_token !== undefined && { refreshToken: parsed.data.refresh_token }),
  };
}

/** Starts a device authorization (RFC 8628 3.1): the code the user types at the provider. */
export async function requestDeviceCode(client: OAuthClient, fetcher: Fetch = fetch): Promise<DeviceAuthorization> {
  if (!client.deviceUrl) throw new OAuthError('This provider has no device sign-in (set `deviceUrl`)', true);
  const body = await post(client, client.deviceUrl, { scope: client.scopes.join(' ') }, fetcher);
  const parsed = deviceAnswer.safeParse(body);
  const verificationUri = parsed.data?.verification_uri ?? parsed.data?.verification_url;
  if (!parsed.success || !verificationUri) throw new OAuthError('The sign-in server answered the device request in a way the bridge does not understand', false);
  return {
    deviceCode: parsed.data.device_code,
    userCode: parsed.data.user_code,
    verificationUri,
    ...(parsed.data.verification_uri_complete && { verificationUriComplete: parsed.data.verification_uri_complete }),
    expiresIn: parsed.data.expires_in,
    interval: parsed.data.interval,
  };
}

async function post(client: OAuthClient, url: string, fields: Record<string, string>, fetcher: Fetch): Promise<unknown> {
  // client_secret_post: what Google's desktop clients and most providers accept; public clients send only the id.
  const form = { client_id: client.clientId, ...(client.clientSecret !== undefined && { client_secret: client.clientSecret }), ...fields };
  const secrets = SECRET_FIELDS.flatMap((field) => (form as Record<string, string | undefined>)[field] ?? []);
  let response: Response;
  try {
    response = await fetcher(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams(form).toString(),
      redirect: 'error',
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (err) {
    const why = (err as Error).name === 'TimeoutError' ? 'did not answer in time' : 'could not be reached';
    throw new OAuthError(`The sign-in server ${why} (${new URL(url).host})`, false);
  }
  const text = await readCapped(response);
  let body: unknown;
  try {
    body = text === undefined ? undefined : JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (response.ok) return body;

  const error = errorAnswer.safeParse(body);
  if (!error.success) {
    throw new OAuthError(`The sign-in server answered ${response.status}`, response.status >= 400 && response.status < 500 && response.status !== 429);
  }
  const { error: code, error_description: description } = error.data;
  const said = description ? `${code}: ${sanitize(description, secrets)}` : code;
  // Any other OAuth error from a 4xx is the provider refusing this grant or client for good.
  const permanent = !PENDING.has(code) && response.status >= 400 && response.status < 500 && response.status !== 429;
  throw new OAuthError(`The sign-in server refused (${said})`, permanent, code);
}

async function readCapped(response: Response): Promise<string | undefined> {
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > MAX_ANSWER_BYTES || !response.body) {
    await response.body?.cancel();
    return undefined;
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > MAX_ANSWER_BYTES) {
      await response.body.cancel().catch(() => {});
      return undefined;
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * A provider's error description for a log or a page: one short line of printable
 * text, with any value the bridge sent (a code, a refresh token, a secret) cut out,
 * in case a provider echoes it.
 */
function sanitize(text: string, secrets: readonly string[]): string {
  let clean = text.replace(/[^\x20-\x7e\u00a0-\uffff]+/g, ' ');
  for (const value of secrets) if (value) clean = clean.split(value).join('…');
  return clean.trim().slice(0, 300);
}
