// One interface over the three real IMAP servers the contract suite runs against:
// Dovecot (installed), Cyrus 3.6 and Courier 5.0 (unpacked from Debian's .debs by
// scripts/test-prerequisites.sh, since their packages conflict with dovecot-imapd).
//
// Cyrus and Courier read compiled-in paths (/etc/courier, /run/courier, /usr/lib/cyrus…).
// Instead of installing into those, each instance runs in its own mount + pid namespace
// (`unshare -m -p`, root only): the unpacked tree and the instance's config are overlaid
// on /usr and /etc there, its own dir is bind-mounted on /run. Nothing outside changes,
// and killing the namespace's first process ends every daemon of the instance at once.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, openSync, closeSync, readFileSync, rmSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ImapFlow } from 'imapflow';
import { createSelfSignedCert, freePorts, startDovecot, type DovecotOptions } from './dovecot';
import { waitFor } from './processes';
import { greets } from './greeting';

export type ServerKind = 'dovecot' | 'cyrus' | 'courier';
export type Folder = 'trash' | 'sent' | 'drafts' | 'junk' | 'archive';

export interface TestImapServer {
  kind: ServerKind;
  host: '127.0.0.1';
  /** Plain IMAP with STARTTLS. */
  port: number;
  /** Implicit TLS. */
  tlsPort: number;
  ca: string;
  caPath: string;
  users: Record<string, string>;
  /** Capabilities advertised after login (upper case), e.g. to say what a test exercises. */
  capabilities: Set<string>;
  /** Where this server keeps each special folder (`Trash`, or `INBOX.Trash` on Cyrus and Courier). */
  folders: Record<Folder, string>;
  /** Connected imapflow client over implicit TLS with the pinned CA. */
  client(user?: string): Promise<ImapFlow>;
  /** APPEND from a session of its own; the uid when the server says it (UIDPLUS). */
  append(user: string, mailbox: string, raw: string | Buffer, flags?: string[]): Promise<{ uid?: number; uidValidity?: bigint }>;
  /** Kill every process of the instance and remove its dir. */
  close(): Promise<void>;
}

/** The folder `scripts/test-prerequisites.sh` unpacks Cyrus and Courier into. */
export const TEST_SERVERS_DIR =
  process.env.POSTBODE_TEST_SERVERS ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'postbode', 'test-servers');
const ROOT = path.join(TEST_SERVERS_DIR, 'root');

/** Servers this machine can run: Dovecot always; Cyrus and Courier when unpacked and root (namespaces). */
export function availableServers(): ServerKind[] {
  const unpacked = existsSync(path.join(ROOT, 'usr/lib/cyrus/bin/master')) && existsSync(path.join(ROOT, 'usr/bin/imapd'));
  return process.getuid?.() === 0 && unpacked ? ['dovecot', 'cyrus', 'courier'] : ['dovecot'];
}

const DEFAULT_USERS = { alice: 'alice-secret', bob: 'bob-secret' };
const FOLDER_NAMES: Record<Folder, string> = { trash: 'Trash', sent: 'Sent', drafts: 'Drafts', junk: 'Junk', archive: 'Archive' };

export async function startImapServer(kind: ServerKind, opts: DovecotOptions = {}): Promise<TestImapServer> {
  if (kind === 'dovecot') {
    const dovecot = await startDovecot(opts);
    return finish({ kind, ...dovecot, folders: { ...FOLDER_NAMES }, close: () => dovecot.close() });
  }
  const users = opts.users ?? DEFAULT_USERS;
  const dir = await mkdtemp(path.join(os.tmpdir(), `postbode-${kind}-`));
  await chmod(dir, 0o755);
  const [{ cert: ca, certPath: caPath, keyPath }, [port = 0, tlsPort = 0]] = await Promise.all([createSelfSignedCert(dir), freePorts(2)]);
  const script = kind === 'cyrus' ? await cyrusSetup(dir, users, port, tlsPort, caPath, keyPath) : await courierSetup(dir, users, port, tlsPort, caPath, keyPath);
  const instance = await launch(kind, dir, script, tlsPort);
  const folders = Object.fromEntries(Object.entries(FOLDER_NAMES).map(([k, v]) => [k, `INBOX.${v}`])) as Record<Folder, string>;
  return finish({
    kind, host: '127.0.0.1', port, tlsPort, ca, caPath, users, folders,
    close: async () => {
      await instance.kill();
      await rm(dir, { recursive: true, force: true });
    },
  });
}

async function finish(base: Omit<TestImapServer, 'client' | 'append' | 'capabilities'>): Promise<TestImapServer> {
  const client = async (who = 'alice'): Promise<ImapFlow> => {
    const pass = base.users[who];
    if (pass === undefined) throw new Error(`unknown test user ${who}`);
    const c = new ImapFlow({
      host: '127.0.0.1', port: base.tlsPort, secure: true, tls: { ca: base.ca, servername: 'localhost' },
      auth: { user: who, pass }, logger: false,
    });
    await c.connect();
    return c;
  };
  const server: TestImapServer = {
    ...base,
    capabilities: new Set(),
    client,
    async append(who, mailbox, raw, flags) {
      const c = await client(who);
      try {
        const res = await c.append(mailbox, raw, flags);
        if (!res) throw new Error(`APPEND to ${mailbox} failed on ${base.kind}`);
        return { uid: res.uid, uidValidity: res.uidValidity };
      } finally {
        await c.logout();
      }
    },
  };
  try {
    // First login per user creates its folders (Dovecot auto, Cyrus autocreate).
    for (const who of Object.keys(base.users)) {
      const c = await client(who);
      if (who === 'alice') server.capabilities = new Set([...c.capabilities.keys()].map((k) => k.toUpperCase()));
      await c.logout();
    }
  } catch (err) {
    await base.close();
    throw err;
  }
  return server;
}

// ---- process handling -------------------------------------------------------------

const running = new Map<string, ChildProcess>();
process.on('exit', () => {
  for (const [dir, child] of running) {
    try {
      child.kill('SIGKILL'); // --kill-child takes the namespace down with it
    } catch {
      // gone
    }
    rmSync(dir, { recursive: true, force: true });
  }
});

async function launch(kind: ServerKind, dir: string, script: string, tlsPort: number): Promise<{ kill(): Promise<void> }> {
  const scriptPath = path.join(dir, 'launch.sh');
  await writeFile(scriptPath, script);
  const errFd = openSync(path.join(dir, 'launch.log'), 'a');
  // pdeathsig: the test process dies → unshare dies → --kill-child ends the pid namespace.
  const child = spawn('setpriv', ['--pdeathsig', 'KILL', '--', 'unshare', '-m', '-p', '--kill-child', '--', '/bin/sh', scriptPath], {
    stdio: ['ignore', errFd, errFd],
  });
  closeSync(errFd);
  running.set(dir, child);
  let exited = false;
  const gone = new Promise<void>((resolve) => child.once('exit', () => ((exited = true), resolve())));
  const kill = async () => {
    if (!exited) child.kill('SIGKILL');
    await gone;
    running.delete(dir);
  };
  try {
    await waitFor(`the ${kind} greeting`, async () => {
      if (exited) throw new Error(`${kind} exited`);
      return (await greets(tlsPort, true)) ? true : undefined;
    }, 20_000);
  } catch (err) {
    await kill();
    const log = (f: string) => (existsSync(path.join(dir, f)) ? readFileSync(path.join(dir, f), 'utf8').slice(-3000) : '');
    throw new Error(`${(err as Error).message}\n${log('launch.log')}`);
  }
  return { kill };
}

/** Shell lines that make the unpacked tree (and `etc`, the instance's own) look installed. */
function overlays(dir: string): string {
  return `set -e
mount --make-rprivate /
mkdir -p ${dir}/etc ${dir}/etc-up ${dir}/etc-work ${dir}/run
mount -t overlay overlay -o lowerdir=${dir}/etc:${ROOT}/etc:/etc,upperdir=${dir}/etc-up,workdir=${dir}/etc-work /etc
mount -t overlay overlay -o lowerdir=${ROOT}/usr:/usr /usr
mount --bind ${dir}/run /run
`;
}

// ---- Cyrus 3.6 ----------------------------------------------------------------------

async function cyrusSetup(dir: string, users: Record<string, string>, port: number, tlsPort: number, certPath: string, keyPath: string): Promise<string> {
  for (const sub of ['conf', 'spool', 'run/cyrus/socket', 'run/cyrus/proc', 'run/cyrus/lock']) await mkdir(path.join(dir, sub), { recursive: true });
  // Debian's imapd.conf, moved into the dir; what's added is marked.
  const conf = `configdirectory: ${dir}/conf
proc_path: /run/cyrus/proc
mboxname_lockpath: /run/cyrus/lock
defaultpartition: default
partition-default: ${dir}/spool
altnamespace: no
unixhierarchysep: no
allowplaintext: yes
sasl_pwcheck_method: auxprop
sasl_auto_transition: no
lmtpsocket: /run/cyrus/socket/lmtp
idlesocket: /run/cyrus/socket/idle
notifysocket: /run/cyrus/socket/notify
# added: users in a sasldb of the instance, root drops to nobody, TLS, the usual folders
sasl_auxprop_plugin: sasldb
sasl_sasldb_path: ${dir}/sasldb2
sasl_mech_list: PLAIN LOGIN
cyrus_user: nobody
tls_server_cert: ${certPath}
tls_server_key: ${keyPath}
autocreate_quota: 0
autocreate_inbox_folders: Drafts|Sent|Trash|Junk|Archive
autocreate_subscribe_folders: Drafts|Sent|Trash|Junk|Archive
xlist-drafts: Drafts
xlist-sent: Sent
xlist-trash: Trash
xlist-junk: Junk
xlist-archive: Archive
syslog_prefix: postbode-test-cyrus
`;
  await writeFile(path.join(dir, 'imapd.conf'), conf);
  const bin = '/usr/lib/cyrus/bin';
  await writeFile(
    path.join(dir, 'cyrus.conf'),
    `START {
  recover cmd="${bin}/ctl_cyrusdb -C ${dir}/imapd.conf -r"
}
SERVICES {
  imap cmd="${bin}/imapd -C ${dir}/imapd.conf" listen="127.0.0.1:${port}" prefork=0
  imaps cmd="${bin}/imapd -s -C ${dir}/imapd.conf" listen="127.0.0.1:${tlsPort}" prefork=0
}
EVENTS {
}
`,
  );
  await chown(keyPath, 65534, 65534);
  const addUsers = Object.entries(users)
    .map(([u, p]) => `printf '%s' '${p}' | /usr/sbin/saslpasswd2 -f ${dir}/sasldb2 -p -c '${u}'`)
    .join('\n');
  return `${overlays(dir)}${addUsers}
chown -R nobody:nogroup ${dir}/conf ${dir}/spool ${dir}/run ${dir}/sasldb2
# master drops to nobody, which clears its pdeathsig: the shell stays pid 1 of the namespace (its death ends them all)
${bin}/master -D -C ${dir}/imapd.conf -M ${dir}/cyrus.conf -p /run/cyrus/master.pid &
wait
`;
}

// ---- Courier 5.0 --------------------------------------------------------------------

async function courierSetup(dir: string, users: Record<string, string>, port: number, tlsPort: number, certPath: string, keyPath: string): Promise<string> {
  await mkdir(path.join(dir, 'etc/courier'), { recursive: true });
  await mkdir(path.join(dir, 'run/courier/authdaemon'), { recursive: true });
  // authdaemond reads /etc/courier/authdaemonrc (compiled in): the instance's copy is
  // overlaid there. Users come from a userdb, so no PAM and no system accounts.
  await writeFile(path.join(dir, 'etc/courier/authdaemonrc'), 'authmodulelist="authuserdb"\ndaemons=2\nauthdaemonvar=/run/courier/authdaemon\nDEBUG_LOGIN=0\nDEFAULTOPTIONS=""\nLOGGEROPTS=""\n');
  const pem = readFileSync(keyPath, 'utf8') + readFileSync(certPath, 'utf8');
  await writeFile(path.join(dir, 'etc/courier/imapd.pem'), pem, { mode: 0o600 });
  const lines: string[] = [];
  for (const [u, p] of Object.entries(users)) {
    const home = path.join(dir, 'mail', u);
    for (const f of ['', '.Drafts', '.Sent', '.Trash', '.Junk', '.Archive']) {
      for (const sub of ['cur', 'new', 'tmp']) await mkdir(path.join(home, 'Maildir', f, sub), { recursive: true });
    }
    lines.push(`${u}\tuid=65534|gid=65534|home=${home}|mail=${home}/Maildir|systempw=${await sha512crypt(p)}`);
  }
  await writeFile(path.join(dir, 'etc/courier/userdb'), lines.join('\n') + '\n', { mode: 0o600 });
  // Debian's /etc/courier/imapd and imapd-ssl settings, as the init script exports them.
  const env = `export IMAP_CAPABILITY="IMAP4rev1 UIDPLUS CHILDREN NAMESPACE THREAD=ORDEREDSUBJECT THREAD=REFERENCES SORT QUOTA IDLE"
export IMAP_CAPABILITY_TLS="$IMAP_CAPABILITY AUTH=PLAIN" IMAP_KEYWORDS=1 IMAP_ACL=1 IMAP_IDLE_TIMEOUT=60 \\
  IMAP_MAILBOX_SANITY_CHECK=1 IMAP_UMASK=022 IMAP_USELOCKS=1 IMAP_ENHANCEDIDLE=0 IMAP_TRASHFOLDERNAME=Trash \\
  IMAP_EMPTYTRASH=Trash:7 IMAP_MOVE_EXPUNGE_TO_TRASH=0 MAILDIRPATH=Maildir \\
  TLS_CERTFILE=/etc/courier/imapd.pem TLS_VERIFYPEER=NONE COURIERTLS=/usr/bin/couriertls IMAP_STARTTLS=YES IMAP_TLS_REQUIRED=0`;
  const tcpd = '/usr/sbin/couriertcpd -address=127.0.0.1 -maxprocs=100 -maxperip=100 -nodnslookup -noidentlookup';
  return `${overlays(dir)}chown -R 65534:65534 ${dir}/mail
/usr/sbin/makeuserdb
${env}
/usr/lib/courier/courier-authlib/authdaemond &
${tcpd} ${port} /usr/lib/courier/courier/imaplogin /usr/bin/imapd Maildir &
IMAP_TLS=1 ${tcpd} ${tlsPort} /usr/bin/couriertls -server -tcpd /usr/lib/courier/courier/imaplogin /usr/bin/imapd Maildir &
wait
`;
}

async function sha512crypt(password: string): Promise<string> {
  const { execFile } = await import('node:child_process');
  return new Promise((resolve, reject) =>
    execFile('openssl', ['passwd', '-6', '-stdin'], (err, stdout) => (err ? reject(err) : resolve(stdout.trim()))).stdin!.end(password),
  );
}
