import type { MxRecord, SrvRecord } from 'node:dns';
import { Resolver } from 'node:dns/promises';
import { domainToASCII } from 'node:url';
import { ApiError } from '../errors';
import { builtinFor, type MailSettings, mxProviderFor, type ServerSettings } from './providers';
import { AutoconfigFileError, parseAutoconfig } from './thunderbird';

/** Each network lookup gets this long: a person is waiting at the options page. */
const DEFAULT_TIMEOUT_MS = 3_000;
/** An autoconfig file is a few KB; a bigger answer is refused, not read on. */
const MAX_FILE_BYTES = 256 * 1024;

export interface DnsLookups {
  resolveMx(domain: string): Promise<MxRecord[]>;
  resolveSrv(name: string): Promise<SrvRecord[]>;
}

/** Where autoconfig reaches the network: replaceable, so tests serve it locally. */
export interface AutoconfigDeps {
  fetch?: (url: string, init: RequestInit) => Promise<Response>;
  dns?: DnsLookups;
  timeoutMs?: number;
}

/**
 * Mail settings for an address, from (in this order) the built-in table of well-known
 * providers, `https://autoconfig.DOMAIN/mail/config-v1.1.xml`,
 * `https://DOMAIN/.well-known/autoconfig/mail/config-v1.1.xml`, the provider behind the
 * domain's MX host, and RFC 6186 SRV records. The network lookups run at once, each
 * with its own short timeout, and the first source in that order that knows wins. None:
 * 404, saying what went wrong where it is worth saying (a broken file, a timeout).
 */
export async function autoconfigure(email: string, deps: AutoconfigDeps = {}): Promise<MailSettings> {
  const domain = domainOf(email);
  const builtin = builtinFor(email, domain);
  if (builtin) return builtin;

  const timeoutMs = deps.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const fetcher = deps.fetch ?? fetch;
  const dns = deps.dns ?? defaultDns(timeoutMs);
  const problems: string[] = [];
  const attempt = async <T>(what: string, lookup: (signal: AbortSignal) => Promise<T | undefined>): Promise<T | undefined> => {
    try {
      return await withTimeout(lookup, timeoutMs);
    } catch (err) {
      if (err instanceof AutoconfigFileError || err instanceof LookupTimeout) problems.push(`${what}: ${err.message}`);
      return undefined;
    }
  };

  const sources: Array<Promise<MailSettings | undefined>> = [
    attempt(`autoconfig.${domain}`, (signal) =>
      fileAt(`https://autoconfig.${domain}/mail/config-v1.1.xml?emailaddress=${encodeURIComponent(email)}`, email, 'autoconfig', fetcher, signal),
    ),
    attempt(`${domain}/.well-known`, (signal) => fileAt(`https://${domain}/.well-known/autoconfig/mail/config-v1.1.xml`, email, 'well-known', fetcher, signal)),
    attempt(`MX of ${domain}`, async () => {
      const [best] = (await dns.resolveMx(domain)).sort((a, b) => a.priority - b.priority);
      return best && mxProviderFor(email, best.exchange.toLowerCase().replace(/\.$/, ''));
    }),
    attempt(`SRV of ${domain}`, () => fromSrv(email, domain, dns)),
  ];
  for (const source of sources) {
    const found = await source;
    if (found) return found;
  }
  const why = problems.length > 0 ? ` (${problems.join('; ')})` : '';
  throw new ApiError('not_found', `No mail settings found for ${domain}${why}; enter the servers by hand`);
}

/** The address's domain in ASCII (IDNA), checked to be a host name fit for a URL. */
function domainOf(email: string): string {
  const at = email.lastIndexOf('@');
  const domain = domainToASCII(email.slice(at + 1).toLowerCase());
  if (at < 1 || !/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$/.test(domain)) {
    throw new ApiError('bad_request', 'email: not an address with a domain name');
  }
  return domain;
}

async function fileAt(
  url: string,
  email: string,
  source: 'autoconfig' | 'well-known',
  fetcher: NonNullable<AutoconfigDeps['fetch']>,
  signal: AbortSignal,
): Promise<MailSettings | undefined> {
  let response: Response;
  try {
    // The signal also ends a body that trickles in after the lookup gave up on it.
    response = await fetcher(url, { headers: { accept: 'application/xml, text/xml' }, redirect: 'follow', signal });
  } catch {
    return undefined; // no such host, refused, TLS problem: this source doesn't know
  }
  if (!response.ok) {
    await response.body?.cancel();
    return undefined;
  }
  return parseAutoconfig(await readCapped(response), email, source);
}

async function readCapped(response: Response): Promise<string> {
  if (Number(response.headers.get('content-length') ?? 0) > MAX_FILE_BYTES) {
    await response.body?.cancel();
    throw new AutoconfigFileError(`larger than ${MAX_FILE_BYTES / 1024} KB`);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of (response.body ?? []) as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > MAX_FILE_BYTES) {
      await response.body?.cancel().catch(() => {});
      throw new AutoconfigFileError(`larger than ${MAX_FILE_BYTES / 1024} KB`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** RFC 6186 (and RFC 8314 for submissions): implicit TLS preferred over STARTTLS. */
async function fromSrv(email: string, domain: string, dns: DnsLookups): Promise<MailSettings | undefined> {
  const lookup = async (service: string, security: ServerSettings['security']): Promise<ServerSettings | undefined> => {
    const records = await dns.resolveSrv(`${service}._tcp.${domain}`).catch(() => [] as SrvRecord[]);
    const best = records
      // "." as the target: the service is decidedly not offered (RFC 2782).
      .filter((record) => record.name && record.name !== '.' && record.port > 0)
      .sort((a, b) => a.priority - b.priority || b.weight - a.weight)[0];
    return best && { host: best.name.toLowerCase().replace(/\.$/, ''), port: best.port, security, user: email };
  };
  const [imaps, imap, submissions, submission] = await Promise.all([
    lookup('_imaps', 'tls'),
    lookup('_imap', 'starttls'),
    lookup('_submissions', 'tls'),
    lookup('_submission', 'starttls'),
  ]);
  const incoming = imaps ?? imap;
  if (!incoming) return undefined;
  const outgoing = submissions ?? submission;
  return { source: 'srv', imap: incoming, ...(outgoing && { smtp: outgoing }), auth: 'password' };
}

class LookupTimeout extends Error {
  override readonly name = 'LookupTimeout';
}

/** Runs `lookup` for at most `ms`; then it fails with LookupTimeout, and its signal stops what it still does. */
function withTimeout<T>(lookup: (signal: AbortSignal) => Promise<T>, ms: number): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new LookupTimeout(`no answer within ${ms / 1000} s`));
      controller.abort();
    }, ms);
  });
  return Promise.race([lookup(controller.signal), timeout]).finally(() => clearTimeout(timer));
}

function defaultDns(timeoutMs: number): DnsLookups {
  const resolver = new Resolver({ timeout: timeoutMs, tries: 1 });
  return { resolveMx: (domain) => resolver.resolveMx(domain), resolveSrv: (name) => resolver.resolveSrv(name) };
}

/**
 * For a bridge run as its own process by the e2e suites, which can't hand it `deps`:
 * with `POSTBODE_TEST_AUTOCONFIG_BASE=http://127.0.0.1:PORT` the autoconfig files are
 * fetched from `BASE/HOST/PATH` instead of `https://HOST/PATH`, and DNS finds nothing.
 * Loopback only, so it can never send the address anywhere else; unset, the network.
 */
export function autoconfigDepsFromEnv(env: NodeJS.ProcessEnv): AutoconfigDeps | undefined {
  const base = env.POSTBODE_TEST_AUTOCONFIG_BASE;
  if (!base) return undefined;
  const origin = new URL(base);
  if (origin.protocol !== 'http:' || !['127.0.0.1', 'localhost'].includes(origin.hostname)) {
    throw new Error('POSTBODE_TEST_AUTOCONFIG_BASE must be an http URL on 127.0.0.1 or localhost');
  }
  const nothing = async () => [];
  return {
    fetch: (url, init) => {
      const target = new URL(url);
      return fetch(`${origin.origin}/${target.hostname}${target.pathname}${target.search}`, init);
    },
    dns: { resolveMx: nothing, resolveSrv: nothing },
  };
}
