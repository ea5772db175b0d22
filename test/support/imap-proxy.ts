// A TCP proxy in front of a test server that makes it look like a server it isn't:
// capabilities withheld (and the response codes that come with them), folders renamed
// (Microsoft 365's "Deleted Items", Gmail's "[Gmail]/Trash"), no UIDNEXT in SELECT.
// The bridge talks plain IMAP to the proxy on loopback (`security: "none"`); the proxy
// talks TLS to the server. Rewriting is line by line: fine for the tests' own mail.
import net from 'node:net';
import tls from 'node:tls';
import type { TestImapServer } from './imap-servers';

export interface ProxyOptions {
  /** Capability names to hide, e.g. ['UIDPLUS', 'MOVE', 'SPECIAL-USE']. STARTTLS is always hidden. */
  withhold?: string[];
  /** Server mailbox name → the name clients see (both directions). */
  rename?: Record<string, string>;
  /** Drop `* OK [UIDNEXT n]` from SELECT/EXAMINE, as Courier does. */
  noUidNext?: boolean;
  /** Replace special-use attributes in LIST (`{ '\\Archive': '\\All' }`: Gmail's All Mail). */
  attributes?: Record<string, string>;
  /** A `*` in a UID SEARCH range is answered as if it were 1: a server whose `*` misbehaves. */
  badStar?: boolean;
}

export interface ImapProxy {
  port: number;
  /** Client connections open now, and the most that were open at once. */
  open(): number;
  maxOpen(): number;
  /** How many times clients sent the command `verb` (e.g. IDLE) so far. */
  sent(verb: string): number;
  /** Closes every connection, as a server does that drops idle ones. */
  dropAll(): void;
  close(): Promise<void>;
}

const SPECIAL_USE_ATTRIBUTES = /\s?\\(?:All|Archive|Drafts|Flagged|Junk|Sent|Trash)\b/g;

/** A mailbox name as it goes over the wire: modified UTF-7 (RFC 3501 5.1.3), quoted when it needs it. */
const quote = (name: string) => {
  const wire = name.replace(/&/g, '&-').replace(/[^\x20-\x7e]+/g, (run) => {
    const utf16 = Buffer.from(run, 'utf16le').swap16();
    return `&${utf16.toString('base64').replace(/=+$/, '').replace(/\//g, ',')}-`;
  });
  return /^[A-Za-z0-9._\/-]+$/.test(wire) ? wire : `"${wire.replace(/["\\]/g, '\\$&')}"`;
};

export async function startImapProxy(server: Pick<TestImapServer, 'tlsPort' | 'ca'>, options: ProxyOptions = {}): Promise<ImapProxy> {
  const withheld = new Set(['STARTTLS', ...(options.withhold ?? []).map((c) => c.toUpperCase())]);
  const renames = Object.entries(options.rename ?? {});
  const sockets = new Set<net.Socket>();
  const clients = new Set<net.Socket>();
  let maxOpen = 0;

  const capabilities = (list: string) =>
    list
      .split(' ')
      .filter((cap) => !withheld.has(cap.toUpperCase()) && !(withheld.has('ESEARCH') && cap.toUpperCase() === 'ESORT'))
      .join(' ');

  const fromServer = (line: string): string | null => {
    let out = line
      .replace(/^(\* CAPABILITY )(.*)$/i, (_, head: string, list: string) => head + capabilities(list))
      .replace(/\[CAPABILITY ([^\]]*)\]/i, (_, list: string) => `[CAPABILITY ${capabilities(list)}]`);
    if (withheld.has('UIDPLUS')) out = out.replace(/ ?\[(?:COPYUID|APPENDUID) [^\]]*\]/i, '');
    if (options.noUidNext && /^\* OK \[UIDNEXT \d+\]/i.test(out)) return null;
    if (/^\* (?:X?LIST|LSUB) /i.test(out)) {
      if (withheld.has('SPECIAL-USE')) out = out.replace(/^(\* \w+ \()([^)]*)\)/, (_, head: string, attrs: string) => `${head}${attrs.replace(SPECIAL_USE_ATTRIBUTES, '').trim()})`);
      for (const [from, to] of Object.entries(options.attributes ?? {})) out = out.replace(/^(\* \w+ \([^)]*)\)/, (head: string) => head.split(from).join(to));
      for (const [from, to] of renames) {
        out = out.replace(new RegExp(` (?:"${escape(from)}"|${escape(from)})$`), ` ${quote(to)}`);
      }
    }
    if (/^\* STATUS /i.test(out)) {
      for (const [from, to] of renames) out = out.replace(new RegExp(`^\\* STATUS (?:"${escape(from)}"|${escape(from)}) `), `* STATUS ${quote(to)} `);
    }
    return out;
  };

  const verbs = new Map<string, number>();
  const fromClient = (line: string): string => {
    const verb = /^\S+ (?:UID )?([A-Za-z]+)/.exec(line)?.[1]?.toUpperCase();
    if (verb) verbs.set(verb, (verbs.get(verb) ?? 0) + 1);
    let out = line;
    if (options.badStar && / UID SEARCH /i.test(out)) out = out.replace(/(\d+):\*/g, '$1:1');
    for (const [from, to] of renames) out = out.split(` ${quote(to)}`).join(` ${quote(from)}`);
    return out;
  };

  const proxy = net.createServer((client) => {
    sockets.add(client);
    clients.add(client);
    maxOpen = Math.max(maxOpen, clients.size);
    client.on('close', () => clients.delete(client));
    const upstream = tls.connect({ host: '127.0.0.1', port: server.tlsPort, ca: server.ca, servername: 'localhost' });
    sockets.add(upstream);
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', () => (sockets.delete(client), end()));
    upstream.on('close', () => (sockets.delete(upstream), end()));
    client.on('error', end);
    upstream.on('error', end);
    pipeLines(upstream, client, fromServer);
    pipeLines(client, upstream, fromClient);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return {
    port: (proxy.address() as net.AddressInfo).port,
    open: () => clients.size,
    maxOpen: () => maxOpen,
    sent: (verb) => verbs.get(verb.toUpperCase()) ?? 0,
    dropAll() {
      for (const socket of sockets) socket.destroy();
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => proxy.close(resolve));
    },
  };
}

/** Forwards `from` to `to` line by line (CRLF), each line through `rewrite` (null drops it). */
function pipeLines(from: net.Socket, to: net.Socket, rewrite: (line: string) => string | null): void {
  let pending = '';
  from.on('data', (chunk: Buffer) => {
    pending += chunk.toString('latin1');
    const lines = pending.split('\r\n');
    pending = lines.pop() ?? '';
    const out = lines.map(rewrite).filter((line): line is string => line !== null);
    if (out.length) to.write(Buffer.from(out.map((line) => line + '\r\n').join(''), 'latin1'));
  });
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
