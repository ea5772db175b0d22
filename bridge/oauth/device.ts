import type { AccountManager } from '../accounts/manager';
import type { OAuth2SignIn } from '../config/schema';
import { ApiError } from '../errors';
import type { Logger } from '../log';
import { type OAuthClient, resolveClient } from './presets';
import { signInBlockOf, type SignInFlows } from './sign-in';
import { type Fetch, OAuthError, requestDeviceCode, requestTokens } from './token-endpoint';

/** RFC 8628 3.5: poll every 5 s unless told otherwise; `slow_down` adds 5 s for good. */
const DEFAULT_INTERVAL_S = 5;
const SLOW_DOWN_S = 5;

export interface DeviceDeps {
  manager: AccountManager;
  flows: SignInFlows;
  log: Logger;
  fetch?: Fetch;
  /** Aborted when the bridge stops: polling ends. */
  stopping: AbortSignal;
}

export interface DeviceStart {
  userCode: string;
  verificationUri: string;
  verificationUriComplete?: string;
  /** Seconds until the code expires. */
  expiresIn: number;
}

/** Where an account's device sign-in is: what `GET …/oauth/device` answers. */
export type DeviceStatus = { state: 'none' | 'pending' | 'done' } | { state: 'failed'; error: string };

interface Poll {
  timer: NodeJS.Timeout | undefined;
  status: DeviceStatus;
}

/**
 * Device-code sign-in (RFC 8628), which Microsoft offers: the user types a short code at
 * the provider on any device, and the bridge polls the token endpoint in the background
 * at the interval the provider asks for until the user is done, refused, or the code
 * expired. One per account: a new start replaces a running one.
 */
export class DeviceSignIns {
  private readonly polls = new Map<string, Poll>();

  constructor(private readonly deps: DeviceDeps) {
    deps.stopping.addEventListener('abort', () => {
      for (const poll of this.polls.values()) clearTimeout(poll.timer);
    });
  }

  async start(accountId: string): Promise<DeviceStart> {
    const block = signInBlockOf(accountId, this.deps.manager);
    const client = resolveClient(block);
    if (!client.deviceUrl) {
      throw new ApiError('bad_request', 'This provider has no device sign-in: use `oauth/start`, or set `deviceUrl` for a custom provider');
    }
    let authorization;
    try {
      authorization = await requestDeviceCode(client, this.deps.fetch);
    } catch (err) {
      if (err instanceof OAuthError) throw new ApiError('oauth_failed', err.message);
      throw err;
    }
    this.cancel(accountId);
    const poll: Poll = { timer: undefined, status: { state: 'pending' } };
    this.polls.set(accountId, poll);
    const deadline = Date.now() + authorization.expiresIn * 1000;
    const run = (intervalS: number) => {
      poll.timer = setTimeout(() => void this.poll(accountId, poll, block, client, authorization.deviceCode, deadline, intervalS), intervalS * 1000);
    };
    run(authorization.interval ?? DEFAULT_INTERVAL_S);
    this.deps.log.info('device sign-in started', { account: accountId, provider: client.provider });
    return {
      userCode: authorization.userCode,
      verificationUri: authorization.verificationUri,
      ...(authorization.verificationUriComplete && { verificationUriComplete: authorization.verificationUriComplete }),
      expiresIn: authorization.expiresIn,
    };
  }

  status(accountId: string): DeviceStatus {
    return this.polls.get(accountId)?.status ?? { state: 'none' };
  }

  private async poll(accountId: string, poll: Poll, block: OAuth2SignIn, client: OAuthClient, deviceCode: string, deadline: number, intervalS: number): Promise<void> {
    if (this.polls.get(accountId) !== poll || this.deps.stopping.aborted) return;
    const again = (seconds: number) => {
      if (Date.now() + seconds * 1000 > deadline) return this.fail(accountId, poll, 'The code expired before the sign-in was completed');
      poll.timer = setTimeout(() => void this.poll(accountId, poll, block, client, deviceCode, deadline, seconds), seconds * 1000);
    };
    let tokens;
    try {
      tokens = await requestTokens(client, { grant_type: 'urn:ietf:params:oauth:grant-type:device_code', device_code: deviceCode }, this.deps.fetch);
    } catch (err) {
      if (this.polls.get(accountId) !== poll) return;
      if (err instanceof OAuthError && err.code === 'slow_down') return again(intervalS + SLOW_DOWN_S);
      if (err instanceof OAuthError && err.permanent) return this.fail(accountId, poll, err.message);
      // authorization_pending, or the provider could not be reached this time.
      return again(intervalS);
    }
    if (this.polls.get(accountId) !== poll) return;
    const outcome = await this.deps.flows.finish(accountId, block, tokens);
    poll.status = outcome.ok ? { state: 'done' } : { state: 'failed', error: outcome.reason === 'no-refresh' ? 'The provider gave no refresh token' : (outcome.detail ?? outcome.reason) };
  }

  private fail(accountId: string, poll: Poll, error: string): void {
    poll.status = { state: 'failed', error };
    this.deps.log.warn('device sign-in ended without a sign-in', { account: accountId });
  }

  private cancel(accountId: string): void {
    clearTimeout(this.polls.get(accountId)?.timer);
    this.polls.delete(accountId);
  }
}
