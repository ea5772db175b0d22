/**
 * Why a bridge call failed, decoded in one place: the bridge's own
 * `{error:{code,message}}` body for JSON and byte answers alike, or one of our
 * codes when there was no usable answer.
 */
import type { ErrorCode } from '@/bridge/api-types';

/**
 * The bridge's own error code (`unauthorized`, `not_found`, …) or one of ours:
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

/** True when nothing answered at all: the bridge isn't running, or not at that URL. */
export function isUnreachable(error: unknown): boolean {
  return isBridgeError(error) && error.code === 'unreachable';
}

/** What to tell the user about any failure: its message, never `[object Object]`. */
export function errorMessage(error: unknown): string {
  if (typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string') {
    return (error as { message: string }).message;
  }
  return String(error);
}

/** A failed answer as a {@link BridgeError}: the bridge's code and message when its body has them. */
export async function errorFromResponse(response: { status: number; json(): Promise<unknown> }): Promise<BridgeError> {
  const body: unknown = await response.json().catch(() => undefined);
  const error = (body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  if (typeof error?.code === 'string') {
    return new BridgeError(error.code as ErrorCode, String(error.message ?? error.code), response.status);
  }
  return new BridgeError('bad_response', `Request failed with status ${response.status}`, response.status);
}

/** No answer at all (refused, reset, timed out) as a {@link BridgeError}. */
export function unreachable(cause: unknown): BridgeError {
  const why = cause instanceof Error && cause.name === 'TimeoutError' ? 'timed out' : errorMessage(cause);
  return new BridgeError('unreachable', `The bridge did not answer: ${why}`, 0);
}
