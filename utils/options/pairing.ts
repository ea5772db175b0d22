/**
 * Pairing the extension with a bridge: checking what the user typed, and
 * testing it against the bridge before (or after) saving it.
 */
import { createBridgeApi } from '@/utils/bridge/api';
import { normalizeBridgeUrl } from '@/utils/bridge/client';
import { errorText } from '@/utils/bridge/error-text';
import { isAuthError, isUnreachable } from '@/utils/bridge/errors';
import type { Pairing } from '@/utils/storage/pairing';

/** A pairing from form input, or the reason it isn't one. */
export function parsePairing(url: string, token: string): { pairing: Pairing } | { problem: 'url' | 'token' } {
  let normalized: string;
  try {
    normalized = normalizeBridgeUrl(url);
  } catch {
    return { problem: 'url' };
  }
  const trimmed = token.trim();
  return trimmed ? { pairing: { url: normalized, token: trimmed } } : { problem: 'token' };
}

export type PairingTest =
  | { ok: true; accounts: number }
  | { ok: false; reason: 'unreachable' | 'unauthorized' | 'failed'; detail: string };

/**
 * Asks the bridge for its status with this URL and token: the one request
 * that proves both the bridge answers and the token is accepted.
 */
export async function testPairing(candidate: Pairing): Promise<PairingTest> {
  try {
    const status = await createBridgeApi(candidate).status();
    return { ok: true, accounts: status.accounts.length };
  } catch (error) {
    const detail = errorText(error);
    if (isAuthError(error)) return { ok: false, reason: 'unauthorized', detail };
    if (isUnreachable(error)) return { ok: false, reason: 'unreachable', detail };
    return { ok: false, reason: 'failed', detail };
  }
}
