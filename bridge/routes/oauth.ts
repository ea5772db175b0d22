import { Hono } from 'hono';
import type { AccountManager } from '../accounts/manager';
import type { DeviceSignIns } from '../oauth/device';
import { PAGE_HEADERS, pickLanguage, signInPage } from '../oauth/page';
import type { SignInFlows } from '../oauth/sign-in';
import { accountFrom, accountParam } from './params';
import { validate } from './validate';

/** Longest query value the callback reads; codes and states are far shorter. */
const MAX_CALLBACK_VALUE = 4096;

/** Starting a sign-in, under /v1/accounts (behind the token like every /v1 route). */
export function oauthRoutes(manager: AccountManager, flows: SignInFlows, devices: DeviceSignIns) {
  const withAccount = accountFrom(manager);
  return new Hono()
    .post('/:account/oauth/start', validate('param', accountParam), withAccount, (c) => c.json(flows.start(c.var.account.id), 200))
    .post('/:account/oauth/device', validate('param', accountParam), withAccount, async (c) => c.json(await devices.start(c.var.account.id), 200))
    .get('/:account/oauth/device', validate('param', accountParam), withAccount, (c) => c.json(devices.status(c.var.account.id), 200));
}

/**
 * Where the provider sends the browser back: `/oauth/callback`, outside /v1 and without
 * the token (a provider's redirect can't carry it); the single-use state is the wall,
 * and the Host check still applies. Always a small HTML page, never the JSON error shape:
 * a person reads it.
 */
export function callbackRoutes(flows: SignInFlows) {
  return new Hono().get('/callback', async (c) => {
    const query: Record<string, string | undefined> = {};
    for (const name of ['state', 'code', 'error'] as const) {
      const value = c.req.query(name);
      if (value !== undefined && value.length <= MAX_CALLBACK_VALUE) query[name] = value;
    }
    const outcome = await flows.complete(query);
    const { status, html } = signInPage(outcome, pickLanguage(c.req.header('accept-language')));
    return c.html(html, status, PAGE_HEADERS);
  });
}
