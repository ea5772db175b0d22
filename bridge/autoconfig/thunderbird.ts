import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { z } from 'zod';
import type { Security } from '../config/schema';
import { isLoopbackHost } from '../config/schema';
import { type MailSettings, oauthProviderForHost, type ServerSettings } from './providers';

/** A config file that can't be used: the message says why, in words for the person setting up. */
export class AutoconfigFileError extends Error {
  override readonly name = 'AutoconfigFileError';
}

/**
 * Entities are never expanded (no billion laughs, no external entities), nesting is
 * capped, and values stay strings: the file comes from whoever runs the domain's web
 * server, and is checked field by field below.
 */
const parser = new XMLParser({
  processEntities: false,
  htmlEntities: false,
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  parseAttributeValue: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  maxNestedTags: 16,
  isArray: (name) => ['emailProvider', 'incomingServer', 'outgoingServer', 'authentication', 'documentation', 'loginPage'].includes(name),
});

const text = z.string().trim().min(1).max(500);
const server = z.object({
  '@type': text,
  hostname: text.regex(/^[a-z0-9.-]+$/i, 'not a host name'),
  port: z.string().regex(/^\d{1,5}$/).transform(Number).pipe(z.int().min(1).max(65535)),
  socketType: text,
  username: text.optional(),
  authentication: z.array(text).optional(),
});
const file = z.object({
  clientConfig: z.object({
    emailProvider: z
      .array(
        z.object({
          displayName: text.optional(),
          incomingServer: z.array(z.unknown()).optional(),
          outgoingServer: z.array(z.unknown()).optional(),
          documentation: z.array(z.object({ '@url': text })).optional(),
        }),
      )
      .min(1),
    webMail: z.object({ loginPage: z.array(z.object({ '@url': text })).optional() }).optional(),
  }),
});

const SECURITY: Record<string, Security> = { SSL: 'tls', STARTTLS: 'starttls', plain: 'none' };

/**
 * The settings in a Thunderbird autoconfig file (config-v1.1.xml): the first IMAP and
 * the first SMTP server the provider lists that the bridge can use safely (implicit TLS
 * or STARTTLS; plain text only to this machine), with %EMAILADDRESS% and friends filled in.
 */
export function parseAutoconfig(xml: string, email: string, source: 'autoconfig' | 'well-known'): MailSettings {
  if (XMLValidator.validate(xml) !== true) throw new AutoconfigFileError('not well-formed XML');
  let raw: unknown;
  try {
    raw = parser.parse(xml);
  } catch (err) {
    // Too deeply nested, or names that could pollute prototypes.
    throw new AutoconfigFileError(`refused XML (${(err as Error).message.replace(/^\[SECURITY\]\s*/, '').slice(0, 100)})`);
  }
  const parsed = file.safeParse(raw);
  if (!parsed.success) throw new AutoconfigFileError('not a Thunderbird autoconfig file (clientConfig/emailProvider)');
  const provider = parsed.data.clientConfig.emailProvider[0]!;

  const imap = firstUsable(provider.incomingServer, 'imap', email);
  if (!imap) throw new AutoconfigFileError('lists no IMAP server the bridge can use');
  const smtp = firstUsable(provider.outgoingServer, 'smtp', email);
  const oauthProvider = imap.offersOAuth ? oauthProviderForHost(imap.settings.host) : undefined;
  const webmailUrl = parsed.data.clientConfig.webMail?.loginPage?.map((page) => page['@url']).find(isHttps);
  const helpUrl = provider.documentation?.map((doc) => doc['@url']).find(isHttps);
  return {
    source,
    ...(provider.displayName && { displayName: decodeXmlText(provider.displayName) }),
    imap: imap.settings,
    ...(smtp && { smtp: smtp.settings }),
    auth: oauthProvider ? 'oauth2' : 'password',
    ...(oauthProvider && { oauthProvider }),
    ...(webmailUrl && { webmailUrl }),
    ...(helpUrl && { helpUrl }),
  };
}

function firstUsable(servers: unknown[] | undefined, type: 'imap' | 'smtp', email: string): { settings: ServerSettings; offersOAuth: boolean } | undefined {
  for (const candidate of servers ?? []) {
    const parsed = server.safeParse(candidate);
    if (!parsed.success || parsed.data['@type'] !== type) continue;
    const security = SECURITY[parsed.data.socketType];
    const host = parsed.data.hostname.toLowerCase();
    if (!security || (security === 'none' && !isLoopbackHost(host))) continue;
    return {
      settings: { host, port: parsed.data.port, security, user: fillUser(parsed.data.username, email) },
      offersOAuth: (parsed.data.authentication ?? []).includes('OAuth2'),
    };
  }
  return undefined;
}

/** Thunderbird's placeholders; anything else falls back to the whole address. */
function fillUser(template: string | undefined, email: string): string {
  const [local = '', domain = ''] = email.split('@');
  const filled = (template ?? '%EMAILADDRESS%').replace(/%EMAILADDRESS%/g, email).replace(/%EMAILLOCALPART%/g, local).replace(/%EMAILDOMAIN%/g, domain);
  return filled.includes('%') ? email : filled;
}

function isHttps(url: string): boolean {
  return URL.canParse(url) && new URL(url).protocol === 'https:';
}

/** The five predefined XML entities and character references (entities are otherwise left alone). */
function decodeXmlText(value: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
  return value.replace(/&(amp|lt|gt|quot|apos|#\d{1,7}|#x[0-9a-f]{1,6});/gi, (match, name: string) => {
    if (name.startsWith('#')) {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return code <= 0x10ffff ? String.fromCodePoint(code) : match;
    }
    return named[name.toLowerCase()] ?? match;
  });
}
