// A real bridge (startBridge, real HTTP and WebSocket) on a free loopback port, with
// its config in a temp dir; optionally one account "alice" on a test Dovecot and an
// SMTP sink. Requests go through fetch, as the extension's do.
import { randomBytes } from 'node:crypto';
import { hc } from 'hono/client';
import type { Status, Summary } from '../../bridge/api-types';
import type { AppType } from '../../bridge/app';
import { startBridge, type BridgeOptions, type RunningBridge } from '../../bridge/server';
import { createLogger } from '../../bridge/log';
import type { Dovecot } from './dovecot';
import type { SmtpSink } from './smtp-sink';
import { writeTempConfig } from './temp-config';

/** The extension's typed client (`hc<AppType>`): paths, inputs and bodies checked by tsc. */
export type BridgeClient = ReturnType<typeof hc<AppType>>;

export interface TestBridge extends RunningBridge {
  configPath: string;
  /** The typed client with the token, for tests that want typed bodies. */
  client: BridgeClient;
  /** Every log line the bridge wrote (JSON strings), to assert on and to scan for secrets. */
  logs: string[];
  /** fetch against the bridge with the token (unless `token: null`) and JSON handling. */
  api(pathname: string, init?: ApiInit): Promise<ApiResponse>;
  /** Waits until `predicate(status)` holds, polling the long-poll route (no sleeps). */
  waitForStatus(predicate: (status: Status) => boolean, timeoutMs?: number): Promise<Status>;
  /** Waits until every account is connected (`ok`). */
  waitUntilConnected(timeoutMs?: number): Promise<Status>;
  /** The listed message with this subject (of the newest 100), or an error naming it. */
  find(subject: string, where?: { account?: string; mailbox?: string }): Promise<Summary>;
  stopAll(): Promise<void>;
}

export interface ApiInit extends Omit<RequestInit, 'body'> {
  body?: unknown;
  token?: string | null;
}

export interface ApiResponse {
  status: number;
  headers: Headers;
  body: any;
  raw: Buffer;
}

export function aliceAccount(dovecot: Dovecot, sink?: SmtpSink, extra: Record<string, unknown> = {}) {
  return {
    id: 'alice',
    name: 'Alice',
    email: 'alice@example.test',
    imap: { host: '127.0.0.1', port: dovecot.tlsPort, security: 'tls', user: 'alice', password: dovecot.users.alice, ca: dovecot.caPath },
    ...(sink && { smtp: { host: '127.0.0.1', port: sink.port, security: 'none', user: 'alice', password: sink.users.alice } }),
    ...extra,
  };
}

export async function startTestBridge(
  config: { accounts?: unknown[]; [key: string]: unknown } = {},
  options: Pick<BridgeOptions, 'pingMs' | 'autoconfig'> = {},
): Promise<TestBridge> {
  const { configPath, remove } = await writeTempConfig({ accounts: [], healthCheckSeconds: 60, ...config });
  const logs: string[] = [];
  const bridge = await startBridge({ configPath, port: 0, log: createLogger((line) => logs.push(line)), ...options });

  const api = async (pathname: string, init: ApiInit = {}): Promise<ApiResponse> => {
    const { body, token = bridge.token, headers, ...rest } = init;
    const response = await fetch(bridge.url + pathname, {
      ...rest,
      headers: {
        ...(token !== null && { authorization: `Bearer ${token}` }),
        ...(body !== undefined && { 'content-type': 'application/json' }),
        ...(headers as Record<string, string>),
      },
      ...(body !== undefined && { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const raw = Buffer.from(await response.arrayBuffer());
    let parsed: unknown = null;
    if ((response.headers.get('content-type') ?? '').includes('json') && raw.length) parsed = JSON.parse(raw.toString('utf8'));
    return { status: response.status, headers: response.headers, body: parsed, raw };
  };

  const waitForStatus = async (predicate: (status: Status) => boolean, timeoutMs = 15_000) => {
    const deadline = Date.now() + timeoutMs;
    let status: Status = (await api('/v1/status')).body;
    while (!predicate(status)) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`status never matched; last: ${JSON.stringify(status)}`);
      const wait = Math.max(1, Math.min(5, Math.ceil(left / 1000)));
      status = (await api(`/v1/status?since=${status.revision}&wait=${wait}`)).body;
    }
    return status;
  };

  const client = hc<AppType>(bridge.url, { headers: { authorization: `Bearer ${bridge.token}` } });

  const find = async (subject: string, { account = 'alice', mailbox = 'INBOX' } = {}) => {
    const response = await client.v1.accounts[':account'].messages.$get({ param: { account }, query: { mailbox, limit: '100' } });
    const page = await response.json();
    const found = response.status === 200 ? page.messages.find((summary) => summary.subject === subject) : undefined;
    if (!found) throw new Error(`${subject} not listed in ${account}/${mailbox}: ${response.status} ${JSON.stringify(page)}`);
    return found;
  };

  return {
    ...bridge,
    configPath,
    client,
    find,
    logs,
    api,
    waitForStatus,
    waitUntilConnected: (timeoutMs) => waitForStatus((status) => status.accounts.every((account) => account.state === 'ok'), timeoutMs),
    async stopAll() {
      await bridge.close();
      await remove();
    },
  };
}

/** A small RFC 5322 message. */
export function mail({
  subject = 'Hello',
  from = 'Bob <bob@example.test>',
  to = 'Alice <alice@example.test>',
  body = 'Hi Alice,\r\nthis is a test.\r\n',
  headers = '',
  messageId = `<${randomBytes(6).toString('hex')}@example.test>`,
}: { subject?: string; from?: string; to?: string; body?: string; headers?: string; messageId?: string } = {}): string {
  return `From: ${from}\r\nTo: ${to}\r\nSubject: ${subject}\r\nDate: ${new Date().toUTCString()}\r\nMessage-ID: ${messageId}\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n${headers}\r\n${body}`;
}
