// The extension talks to the bridge through Hono's typed client; this proves the
// exported AppType describes the real routes (a wrong path or body fails `tsc`).
import type { InferRequestType, InferResponseType } from 'hono/client';
import { afterAll, beforeAll, expect, expectTypeOf, it } from 'vitest';
import type { Address, MarkedRead, MessageDetail, SentMessage, Summary } from '../../bridge/api-types';
import { startTestBridge, type BridgeClient, type TestBridge } from '../support/bridge';

let bridge: TestBridge;

beforeAll(async () => {
  bridge = await startTestBridge();
});

afterAll(async () => {
  await bridge?.stopAll();
});

it('reads health and status through hc<AppType>', async () => {
  const health = await (await bridge.client.v1.health.$get()).json();
  expect(health.ok).toBe(true);
  const response = await bridge.client.v1.status.$get({ query: { wait: '0' } });
  expect(response.status).toBe(200);
  const status = await response.json();
  expect(status).toEqual({ revision: 1, total: 0, accounts: [] });
});

it('gets the error shape for a route that refuses', async () => {
  const response = await bridge.client.v1.accounts[':account'].$delete({ param: { account: 'missing' } });
  expect(response.status).toBe(404);
  expect(await response.json()).toEqual({ error: { code: 'not_found', message: 'No such account' } });
});

it('types message routes: the client sends the opaque id, and reads typed bodies', () => {
  type Message = BridgeClient['v1']['accounts'][':account']['messages'][':id'];
  // The bridge decodes the id in its validator; the client still only sees a string.
  expectTypeOf<InferRequestType<Message['$get']>['param']>().toEqualTypeOf<{ account: string; id: string }>();
  expectTypeOf<InferResponseType<Message['$get'], 200>>().toEqualTypeOf<MessageDetail>();
  expectTypeOf<InferResponseType<Message['move']['$post'], 200>>().toEqualTypeOf<{ id: string }>();
  type List = BridgeClient['v1']['accounts'][':account']['messages']['$get'];
  expectTypeOf<InferResponseType<List, 200>['messages'][number]>().toEqualTypeOf<Summary>();
});

it('types the issue 17 routes: sending, forwarding, search, mark all read and its undo, correspondents', () => {
  type Account = BridgeClient['v1']['accounts'][':account'];
  type Send = Account['messages']['$post'];
  expectTypeOf<InferResponseType<Send, 200>>().toEqualTypeOf<SentMessage>();
  expectTypeOf<InferRequestType<Send>['json']['to']>().toEqualTypeOf<Array<string | { address: string; name?: string | undefined }> | undefined>();
  expectTypeOf<InferRequestType<Send>['json']['attachments']>().toEqualTypeOf<Array<{ filename: string; contentBase64: string; contentType?: string | undefined }> | undefined>();
  expectTypeOf<InferResponseType<Account['messages'][':id']['forward']['$post'], 200>>().toEqualTypeOf<SentMessage>();
  expectTypeOf<InferRequestType<Account['messages']['$get']>['query']>().toMatchTypeOf<{ q?: string | string[]; watched?: string | string[]; mailbox?: string | string[] }>();
  type Read = Account['mailboxes']['read']['$post'];
  expectTypeOf<InferResponseType<Read, 200>>().toEqualTypeOf<{ count: number; undo: MarkedRead }>();
  // The undo takes the `undo` object exactly as it came.
  expectTypeOf<InferRequestType<Account['mailboxes']['unread']['$post']>['json']>().toEqualTypeOf<MarkedRead>();
  expectTypeOf<InferResponseType<Account['mailboxes']['unread']['$post'], 200>>().toEqualTypeOf<{ count: number }>();
  expectTypeOf<InferResponseType<Account['correspondents']['$get'], 200>>().toEqualTypeOf<{ correspondents: Address[] }>();
});
