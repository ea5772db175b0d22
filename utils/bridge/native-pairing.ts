/**
 * Pairing without typing: the native messaging host `app.postbode.bridge` knows
 * the bridge of this machine's config (and starts it when it isn't running), so
 * the extension asks it on install, on browser start, and when its bridge went
 * away, and stores the answer as the pairing.
 */
import { browser } from 'wxt/browser';
import { NATIVE_HELLO, type NativeAnswer } from '@/shared/native-messaging';
import { NATIVE_HOST_NAME } from '@/shared/extension';
import { normalizeBridgeUrl } from './client';
import { nativeAttempt, pairing, type Pairing } from '@/utils/storage/pairing';

/** While it stays away, the host is asked again at most this often. */
export const NATIVE_RETRY_MS = 60_000;

/**
 * Starting a bridge means logging in to every account before it answers health:
 * the host gives up after its own limit, this is only the last resort.
 */
const NATIVE_TIMEOUT_MS = 45_000;

/**
 * Why the host is asked:
 * - `install`, `startup`: always;
 * - `outage`: the bridge just stopped answering (or refused the token): at once;
 * - `retry`: still unpaired or away: throttled to {@link NATIVE_RETRY_MS};
 * - `user`: the options page's "Try again".
 */
export type NativeTrigger = 'install' | 'startup' | 'outage' | 'retry' | 'user';

/**
 * Asks the host where the bridge is and saves the answer as the pairing. Answers
 * whether the extension is now paired with the host's bridge. A pairing typed by
 * hand is left alone.
 */
export async function pairThroughHost(trigger: NativeTrigger, now = Date.now()): Promise<boolean> {
  const current = await pairing.getValue();
  if (current && current.source !== 'native' && trigger !== 'user') return false;
  if (trigger === 'retry') {
    const last = await nativeAttempt.getValue();
    if (last && now - last.at < NATIVE_RETRY_MS) return false;
  }
  const answer = await askHost();
  await nativeAttempt.setValue({ at: now, ok: 'pairing' in answer, ...('detail' in answer && { detail: answer.detail }) });
  if (!('pairing' in answer)) return false;
  const next = answer.pairing;
  // The same answer again changes nothing: storage stays quiet and nothing restarts.
  if (current?.url !== next.url || current.token !== next.token || current.source !== 'native') {
    await pairing.setValue(next);
  }
  return true;
}

async function askHost(): Promise<{ pairing: Pairing } | { detail: string }> {
  let reply: unknown;
  try {
    reply = await withTimeout(browser.runtime.sendNativeMessage(NATIVE_HOST_NAME, NATIVE_HELLO), NATIVE_TIMEOUT_MS);
  } catch (error) {
    // "Specified native messaging host not found." / "No such native application": not set up.
    return { detail: error instanceof Error ? error.message : String(error) };
  }
  return readAnswer(reply);
}

/** The host's answer checked at the edge: a loopback URL and a token, or its error in words. */
export function readAnswer(reply: unknown): { pairing: Pairing } | { detail: string } {
  const answer = reply as Partial<NativeAnswer> | null;
  if (answer?.type === 'error') return { detail: String((answer as { message?: unknown }).message ?? 'the host failed') };
  if (answer?.type !== 'bridge' || typeof answer.url !== 'string' || typeof answer.token !== 'string' || !answer.token) {
    return { detail: 'the host gave an answer Postbode does not understand' };
  }
  try {
    return { pairing: { url: normalizeBridgeUrl(answer.url), token: answer.token, source: 'native' } };
  } catch (error) {
    return { detail: error instanceof Error ? error.message : String(error) };
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('the host did not answer in time')), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
