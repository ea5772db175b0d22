// A local SMTP peer for send tests: authenticates, records what it receives,
// and can refuse or drop on demand.
import { EventEmitter } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import type { Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import { createSelfSignedCert } from './dovecot';

export interface SinkMessage {
  from: string;
  to: string[];
  raw: Buffer;
  /** The authenticated username. */
  user?: string;
}

export interface SinkLogin {
  user: string | undefined;
  method: string;
  ok: boolean;
}

export interface SmtpSink {
  host: '127.0.0.1';
  port: number;
  /** Implicit TLS (`secure: true`) when started with `tls: true`. */
  secure: boolean;
  /** PEM of the self-signed cert, only with `tls: true`. */
  ca?: string;
  users: Record<string, string>;
  messages: SinkMessage[];
  /** Every login attempt, in order. */
  logins: SinkLogin[];
  /** First message (already received or still to come) matching predicate. */
  waitForMessage(predicate?: (m: SinkMessage) => boolean, timeoutMs?: number): Promise<SinkMessage>;
  /** While on, DATA is answered with 554 and nothing is recorded. */
  setRefuse(refuse: boolean): void;
  /** The next DATA gets its connection destroyed instead of an answer. */
  dropNext(): void;
  close(): Promise<void>;
}

export interface SmtpSinkOptions {
  tls?: boolean;
  refuse?: boolean;
  auth?: Record<string, string>;
  /**
   * Accept OAuth2 (XOAUTH2) instead of passwords: `introspect` says whose token it is
   * (as a mail server asks its authorization server), undefined for a token it refuses.
   */
  oauth?: { introspect(token: string): Promise<string | undefined> };
}

export async function startSmtpSink(opts: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const users = opts.auth ?? { alice: 'alice-secret' };
  const tls = opts.tls ?? false;
  const certDir = tls ? await mkdtemp(path.join(os.tmpdir(), 'postbode-smtp-')) : undefined;
  const cert = certDir ? await createSelfSignedCert(certDir) : undefined;
  let refuse = opts.refuse ?? false;
  let drop = false;
  const messages: SinkMessage[] = [];
  const logins: SinkLogin[] = [];
  const received = new EventEmitter();
  received.setMaxListeners(0);
  // Raw sockets by client port: smtp-server hands onData the session, not the socket.
  const sockets = new Map<number, Socket>();

  const server = new SMTPServer({
    secure: tls,
    ...(cert ? { key: cert.key, cert: cert.cert } : {}),
    authMethods: opts.oauth ? ['XOAUTH2'] : ['PLAIN', 'LOGIN'],
    allowInsecureAuth: !tls,
    disabledCommands: tls ? [] : ['STARTTLS'],
    disableReverseLookup: true,
    logger: false,
    onAuth(auth, _session, cb) {
      if (opts.oauth && auth.method === 'XOAUTH2') {
        void opts.oauth.introspect(auth.accessToken ?? '').then((owner) => {
          const ok = owner !== undefined && owner === auth.username;
          logins.push({ user: auth.username, method: auth.method, ok });
          // A refused XOAUTH2 login answers with the RFC 7628-style JSON error, then 535.
          if (ok) cb(null, { user: owner });
          else cb(null, { data: { status: '401', schemes: 'bearer', scope: 'mail' } });
        }, cb);
        return;
      }
      const ok = auth.username !== undefined && users[auth.username] === auth.password;
      logins.push({ user: auth.username, method: auth.method, ok });
      if (ok) {
        cb(null, { user: auth.username });
      } else {
        cb(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
      }
    },
    onData(stream, session, cb) {
      if (drop) {
        drop = false;
        stream.on('error', () => undefined);
        stream.resume();
        sockets.get(session.remotePort)?.destroy();
        return;
      }
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('error', cb);
      stream.on('end', () => {
        if (refuse) {
          cb(Object.assign(new Error('Refused by the test sink'), { responseCode: 554 }));
          return;
        }
        const from = session.envelope.mailFrom;
        const msg: SinkMessage = {
          from: from ? from.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks),
          ...(typeof session.user === 'string' ? { user: session.user } : {}),
        };
        messages.push(msg);
        cb(null);
        received.emit('message', msg);
      });
    },
  });
  server.server.on('connection', (socket: Socket) => {
    const port = socket.remotePort;
    if (port === undefined) return;
    sockets.set(port, socket);
    socket.once('close', () => sockets.delete(port));
  });
  server.on('error', () => undefined); // client resets are expected in drop tests

  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as { port: number }).port;

  return {
    host: '127.0.0.1',
    port,
    secure: tls,
    ...(cert ? { ca: cert.cert } : {}),
    users,
    messages,
    logins,
    waitForMessage(predicate = () => true, timeoutMs = 5000) {
      const found = messages.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const onMessage = (m: SinkMessage) => {
          if (!predicate(m)) return;
          clearTimeout(timer);
          received.off('message', onMessage);
          resolve(m);
        };
        const timer = setTimeout(() => {
          received.off('message', onMessage);
          reject(new Error(`No matching message within ${timeoutMs} ms (${messages.length} received)`));
        }, timeoutMs);
        received.on('message', onMessage);
      });
    },
    setRefuse(value) {
      refuse = value;
    },
    dropNext() {
      drop = true;
    },
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const s of sockets.values()) s.destroy(); // don't wait out smtp-server's close grace
      await closed;
      if (certDir) await rm(certDir, { recursive: true, force: true });
    },
  };
}
