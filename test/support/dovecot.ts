// A throwaway Dovecot per test file: own temp dir, own loopback ports, real IMAP.
// Facts behind the config: /work/shared/TESTING.md.
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { existsSync, openSync, closeSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ImapFlow } from 'imapflow';
import { greets } from './greeting';

const run = promisify(execFile);

export interface Dovecot {
  host: '127.0.0.1';
  /** Plain IMAP with STARTTLS. */
  port: number;
  /** Implicit TLS. */
  tlsPort: number;
  caPath: string;
  ca: string;
  dir: string;
  users: Record<string, string>;
  /** SIGTERM, wait for every process of the instance to exit. */
  stop(): Promise<void>;
  /** SIGKILL every process of the instance (connections drop abruptly), wait for exit. */
  kill(): Promise<void>;
  /** Start again with the same config, ports and mail; resolves on the greeting. */
  start(): Promise<void>;
  /** SIGSTOP / SIGCONT the master and all its children: connects succeed, nothing answers. */
  pause(): Promise<void>;
  resume(): Promise<void>;
  /** Login attempts (successful + failed, passwords and access tokens) seen in the log so far, for one user or all. */
  logins(user?: string): Promise<number>;
  /** Ends every session of `user` (doveadm kick): its clients must log in again. */
  kick(user: string): Promise<void>;
  /** Connected imapflow client over implicit TLS with the pinned CA. */
  client(user?: string): Promise<ImapFlow>;
  append(
    user: string,
    mailbox: string,
    raw: string | Buffer,
    flags?: string[],
  ): Promise<{ uid: number; uidValidity: bigint }>;
  /** stop() and remove the dir. */
  close(): Promise<void>;
}

export interface SelfSignedCert {
  key: string;
  cert: string;
  keyPath: string;
  certPath: string;
}

/** EC P-256 cert for CN=localhost, SAN DNS:localhost,IP:127.0.0.1, written into dir. */
export async function createSelfSignedCert(dir: string): Promise<SelfSignedCert> {
  const keyPath = path.join(dir, 'key.pem');
  const certPath = path.join(dir, 'cert.pem');
  await run('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-days', '2', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1',
    '-keyout', keyPath, '-out', certPath,
  ]);
  return { key: await readFile(keyPath, 'utf8'), cert: await readFile(certPath, 'utf8'), keyPath, certPath };
}

/** n distinct free loopback ports (all held open together so they can't repeat). */
export async function freePorts(n: number): Promise<number[]> {
  const servers = Array.from({ length: n }, () => net.createServer());
  await Promise.all(
    servers.map(
      (srv) =>
        new Promise<void>((resolve, reject) => {
          srv.once('error', reject);
          srv.listen(0, '127.0.0.1', resolve);
        }),
    ),
  );
  const ports = servers.map((srv) => (srv.address() as net.AddressInfo).port);
  await Promise.all(servers.map((srv) => new Promise((resolve) => srv.close(resolve))));
  return ports;
}

/** Retry `attempt` until it returns a value (not undefined) or the deadline passes. */
async function until<T>(what: string, timeoutMs: number, attempt: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await attempt();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

interface ProcStat {
  pid: number;
  ppid: number;
  pgrp: number;
  state: string;
}

function readStat(pid: number): ProcStat | undefined {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // comm is in parentheses and may itself contain spaces or ')'.
    const [state, ppid, pgrp] = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return { pid, ppid: Number(ppid), pgrp: Number(pgrp), state: state ?? '?' };
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  const st = readStat(pid);
  return st !== undefined && st.state !== 'Z';
}

/** The master and every descendant, plus anything still in its process group (orphans). */
function instancePids(master: number): number[] {
  const all = readdirSync('/proc')
    .filter((n) => /^\d+$/.test(n))
    .map((n) => readStat(Number(n)))
    .filter((s): s is ProcStat => s !== undefined && s.state !== 'Z');
  const found = new Set<number>([master]);
  for (const s of all) if (s.pgrp === master) found.add(s.pid);
  let grew = true;
  while (grew) {
    grew = false;
    for (const s of all) {
      if (found.has(s.ppid) && !found.has(s.pid)) {
        found.add(s.pid);
        grew = true;
      }
    }
  }
  return [...found];
}

function signal(pids: number[], sig: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, sig);
    } catch {
      // already gone
    }
  }
}

// Last resort if a test file exits without close(): setpriv's pdeathsig covers the
// master, this covers its children and the temp dirs. Keyed by dir → master pid.
const instances = new Map<string, () => number | undefined>();
process.on('exit', () => {
  for (const [dir, masterPid] of instances) {
    const pid = masterPid();
    if (pid) signal(instancePids(pid), 'SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});

const SPECIAL_USE = ['Drafts', 'Sent', 'Trash', 'Junk', 'Archive'] as const;

function config(o: {
  dir: string;
  port: number;
  tlsPort: number;
  root: boolean;
  uid: number;
  gid: number;
  user: string;
  group: string;
  oauth2: boolean;
}): string {
  const d = o.dir;
  const mailboxes = SPECIAL_USE.map(
    (m) => `  mailbox ${m} {\n    special_use = \\${m}\n    auto = subscribe\n  }`,
  ).join('\n');
  const chroot = o.root ? '' : '  chroot =\n';
  return `instance_name = postbode-test-${path.basename(d)}
base_dir = ${d}/run
state_dir = ${d}/state
log_path = ${d}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = yes
ssl_cert = <${d}/cert.pem
ssl_key = <${d}/key.pem
default_internal_user = ${o.user}
default_login_user = ${o.user}
default_internal_group = ${o.group}
auth_failure_delay = 0
auth_verbose = yes
mail_max_userip_connections = 100
mail_location = maildir:~/Maildir
${o.oauth2 ? 'auth_mechanisms = plain login xoauth2 oauthbearer\n' : ''}passdb {
  driver = passwd-file
${o.oauth2 ? '  mechanisms = plain login\n' : ''}  args = scheme=PLAIN username_format=%u ${d}/users
}
${o.oauth2 ? `passdb {\n  driver = oauth2\n  mechanisms = xoauth2 oauthbearer\n  args = ${d}/dovecot-oauth2.conf.ext\n}\n` : ''}userdb {
  driver = static
  args = uid=${o.uid} gid=${o.gid} home=${d}/mail/%u
}
namespace inbox {
  inbox = yes
  separator = /
${mailboxes}
}
service imap-login {
${chroot}  inet_listener imap {
    address = 127.0.0.1
    port = ${o.port}
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = ${o.tlsPort}
    ssl = yes
  }
}
service anvil {
${chroot}  # Unreachable penalty socket = no auth penalty, so failed logins answer at once.
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
`;
}

const DOVECOT = existsSync('/usr/sbin/dovecot') ? '/usr/sbin/dovecot' : 'dovecot';

export interface DovecotOptions {
  users?: Record<string, string>;
  /**
   * Also accept OAuth2 access tokens (XOAUTH2, OAUTHBEARER), checked by RFC 7662
   * introspection at this URL with these client credentials; the token's `sub` is the user.
   */
  oauth2?: { introspectionUrl: string; clientId: string; clientSecret: string };
}

export async function startDovecot(opts: DovecotOptions = {}): Promise<Dovecot> {
  const users = opts.users ?? { alice: 'alice-secret', bob: 'bob-secret' };
  const dir = await mkdtemp(path.join(os.tmpdir(), 'postbode-dovecot-'));
  await chmod(dir, 0o755); // mkdtemp's 0700 gives "Temporary authentication failure"
  const root = process.getuid?.() === 0;
  const uid = root ? 65534 : process.getuid!();
  const gid = root ? 65534 : process.getgid!();
  const user = root ? 'nobody' : os.userInfo().username;
  const group = root ? 'nogroup' : (await run('id', ['-gn'])).stdout.trim();

  const [{ cert: ca, certPath: caPath }, [port = 0, tlsPort = 0]] = await Promise.all([
    createSelfSignedCert(dir),
    freePorts(2),
  ]);
  await mkdir(path.join(dir, 'state'));
  await mkdir(path.join(dir, 'mail'));
  if (root) await chown(path.join(dir, 'mail'), uid, gid);
  const passwd = Object.entries(users).map(([u, p]) => `${u}:{PLAIN}${p}::::::\n`);
  await writeFile(path.join(dir, 'users'), passwd.join(''));
  const confPath = path.join(dir, 'dovecot.conf');
  await writeFile(confPath, config({ dir, port, tlsPort, root, uid, gid, user, group, oauth2: opts.oauth2 !== undefined }));
  if (opts.oauth2) {
    const url = new URL(opts.oauth2.introspectionUrl);
    url.username = encodeURIComponent(opts.oauth2.clientId);
    url.password = encodeURIComponent(opts.oauth2.clientSecret);
    const settings = [
      'introspection_mode = post',
      `introspection_url = ${url.href}`,
      'username_attribute = sub',
      'active_attribute = active',
      'active_value = true',
    ];
    await writeFile(path.join(dir, 'dovecot-oauth2.conf.ext'), settings.join('\n') + '\n');
  }
  const logPath = path.join(dir, 'dovecot.log');

  let proc: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  instances.set(dir, () => proc?.pid);

  const start = async (): Promise<void> => {
    if (proc) throw new Error('dovecot is already running');
    // Config errors go to stderr before log_path is opened.
    const errFd = openSync(path.join(dir, 'stderr.log'), 'a');
    const child = spawn('setpriv', ['--pdeathsig', 'KILL', '--', DOVECOT, '-F', '-c', confPath], {
      detached: true, // own process group, so kill() reaches every child
      stdio: ['ignore', 'ignore', errFd],
    });
    closeSync(errFd);
    child.unref();
    proc = child;
    let failure: Error | undefined;
    exited = new Promise((resolve) =>
      child.once('exit', () => {
        failure ??= new Error('dovecot exited');
        if (proc === child) proc = undefined;
        resolve();
      }),
    );
    child.once('error', (err) => {
      failure ??= err; // e.g. setpriv missing: no 'exit' follows
      if (proc === child && !child.pid) proc = undefined;
    });
    try {
      await until('the dovecot greeting', 10_000, async () => {
        if (failure) throw failure;
        return (await greets(port)) ? true : undefined;
      });
    } catch (err) {
      const tail = (f: string) => (existsSync(f) ? readFileSync(f, 'utf8').slice(-2000) : '');
      await halt('SIGKILL');
      throw new Error(
        `${(err as Error).message}\n${tail(path.join(dir, 'stderr.log'))}${tail(logPath)}`,
      );
    }
  };

  const halt = async (sig: 'SIGTERM' | 'SIGKILL'): Promise<void> => {
    const child = proc;
    if (!child?.pid) return;
    child.ref(); // unref'd while running; keep the event loop alive until it exits
    const pids = instancePids(child.pid);
    if (sig === 'SIGKILL') {
      signal([-child.pid], 'SIGKILL');
      signal(pids, 'SIGKILL');
    } else {
      signal(pids, 'SIGCONT'); // a paused instance can't act on SIGTERM
      signal([child.pid], 'SIGTERM');
    }
    try {
      await until('dovecot to exit', 5000, async () => (pids.some(alive) ? undefined : true));
    } catch {
      signal(pids, 'SIGKILL');
    }
    await exited;
  };

  const setPaused = async (paused: boolean): Promise<void> => {
    const master = proc?.pid;
    if (!master) throw new Error('dovecot is not running');
    if (paused) {
      // Master first, so it can't spawn a child we miss.
      signal([master], 'SIGSTOP');
      signal(instancePids(master), 'SIGSTOP');
    } else {
      signal(instancePids(master).reverse(), 'SIGCONT');
    }
  };

  const client = async (who = 'alice'): Promise<ImapFlow> => {
    const pass = users[who];
    if (pass === undefined) throw new Error(`unknown test user ${who}`);
    const c = new ImapFlow({
      host: '127.0.0.1',
      port: tlsPort,
      secure: true,
      tls: { ca, servername: 'localhost' },
      auth: { user: who, pass },
      logger: false,
    });
    await c.connect();
    return c;
  };

  const dovecot: Dovecot = {
    host: '127.0.0.1',
    port,
    tlsPort,
    caPath,
    ca,
    dir,
    users,
    start,
    stop: () => halt('SIGTERM'),
    kill: () => halt('SIGKILL'),
    pause: () => setPaused(true),
    resume: () => setPaused(false),
    client,
    async kick(who) {
      await run('doveadm', ['-c', confPath, 'kick', who]);
    },
    async logins(who?: string): Promise<number> {
      const log = existsSync(logPath) ? await readFile(logPath, 'utf8') : '';
      // Success: imap-login's "Login: user=<u>". Failure: auth_verbose's
      // "passwd-file(u,ip,<session>): Password mismatch" / "unknown user", one per attempt.
      const u = who === undefined ? '[^>,]*' : who.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      const ok = new RegExp(`imap-login: Info: Login: user=<${u}>`, 'g');
      const failed = new RegExp(`passwd-file\\(${u},[^)]*\\): (?:Password mismatch|unknown user)`, 'g');
      // A refused access token: the oauth2 passdb's "oauth2 failed: …", one per attempt.
      const refusedToken = new RegExp(`oauth2\\(${u},[^)]*\\): oauth2 failed`, 'g');
      return (log.match(ok)?.length ?? 0) + (log.match(failed)?.length ?? 0) + (log.match(refusedToken)?.length ?? 0);
    },
    async append(who, mailbox, raw, flags) {
      const c = await client(who);
      try {
        const res = await c.append(mailbox, raw, flags);
        if (!res || res.uid === undefined || res.uidValidity === undefined) {
          throw new Error(`APPEND to ${mailbox} returned no APPENDUID`);
        }
        return { uid: res.uid, uidValidity: res.uidValidity };
      } finally {
        await c.logout();
      }
    },
    async close() {
      await halt('SIGKILL');
      await rm(dir, { recursive: true, force: true });
      instances.delete(dir);
    },
  };

  try {
    await start();
  } catch (err) {
    await dovecot.close();
    throw err;
  }
  return dovecot;
}
