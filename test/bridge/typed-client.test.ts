// The extension talks to the bridge through Hono's typed client; this proves the
// exported AppType describes the real routes (a wrong path or body fails `tsc`).
import { hc } from 'hono/client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AppType } from '../../bridge/app';
import { startTestBridge, type TestBridge } from '../support/bridge';

let bridge: TestBridge;

beforeAll(async () => {
  bridge = await startTestBridge();
});

afterAll(async () => {
  await bridge?.stopAll();
});

it('reads health and status through hc<AppType>', async () => {
  const client = hc<AppType>(bridge.url, { headers: { authorization: `Bearer ${bridge.token}` } });
  const health = await (await client.v1.health.$get()).json();
  expect(health.ok).toBe(true);
  const response = await client.v1.status.$get({ query: { wait: '0' } });
  expect(response.status).toBe(200);
  const status = await response.json();
  expect(status).toEqual({ revision: 1, total: 0, accounts: [] });
});

it('gets the error shape for a route that refuses', async () => {
  const client = hc<AppType>(bridge.url, { headers: { authorization: `Bearer ${bridge.token}` } });
  const response = await client.v1.accounts[':account'].$delete({ param: { account: 'missing' } });
  expect(response.status).toBe(404);
  expect(await response.json()).toEqual({ error: { code: 'not_found', message: 'No such account' } });
});
