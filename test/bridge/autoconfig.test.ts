// GET /v1/autoconfig?email=… through the bridge, with the network replaced: the
// domains' web servers are one local HTTP server (the bridge's fetch is pointed at it)
// and DNS is a table. Each source in its turn, the order between them, lookups that
// never answer, and hostile autoconfig files.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MxRecord, SrvRecord } from 'node:dns';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestBridge, type TestBridge } from '../support/bridge';

/** What the fake web answers per `host/path`: a body, a status, or never. */
type Page = { status?: number; body: string | Buffer; chunked?: boolean } | 'hang';
const pages = new Map<string, Page>();
const mx = new Map<string, MxRecord[] | 'hang'>();
const srv = new Map<string, SrvRecord[]>();
const asked: string[] = [];

let web: Server;
let webPort: number;
let bridge: TestBridge;

beforeAll(async () => {
  web = createServer((request, response) => {
    const page = pages.get(request.url!.slice(1).split('?')[0]!);
    if (page === 'hang') return; // never answers; the bridge gives up
    if (!page) {
      response.writeHead(404).end();
      return;
    }
    const headers: Record<string, string | number> = { 'content-type': 'application/xml' };
    if (!page.chunked) headers['content-length'] = Buffer.byteLength(page.body);
    response.writeHead(page.status ?? 200, headers);
    response.end(page.body);
  });
  await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
  webPort = (web.address() as AddressInfo).port;

  bridge = await startTestBridge(
    {},
    {
      autoconfig: {
        // https://HOST/PATH is served as http://127.0.0.1:PORT/HOST/PATH.
        fetch: (url, init) => {
          asked.push(url);
          const { host, pathname, search } = new URL(url);
          return fetch(`http://127.0.0.1:${webPort}/${host}${pathname}${search}`, init);
        },
        dns: {
          async resolveMx(domain) {
            asked.push(`MX ${domain}`);
            const records = mx.get(domain);
            if (records === 'hang') return new Promise<never>(() => {});
            if (!records) throw Object.assign(new Error(`queryMx ENODATA ${domain}`), { code: 'ENODATA' });
            return records;
          },
          async resolveSrv(name) {
            asked.push(`SRV ${name}`);
            const records = srv.get(name);
            if (!records) throw Object.assign(new Error(`querySrv ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
            return records;
          },
        },
        // Short, so the tests of lookups that never answer are quick; the real default is 3 s.
        timeoutMs: 1_000,
      },
    },
  );
});

afterAll(async () => {
  await bridge?.stopAll();
  web?.closeAllConnections();
  await new Promise((resolve) => web?.close(resolve));
});

beforeEach(() => {
  pages.clear();
  mx.clear();
  srv.clear();
  asked.length = 0;
});

const autoconfig = (email: string) => bridge.api(`/v1/autoconfig?email=${encodeURIComponent(email)}`);

/** A Thunderbird autoconfig file. */
function configXml({ imap = server('imap', 'imap.example.test', 993, 'SSL'), smtp = server('smtp', 'smtp.example.test', 587, 'STARTTLS'), extra = '' } = {}): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1">
  <emailProvider id="example.test">
    <domain>example.test</domain>
    <displayName>Example &amp; Co</displayName>
    ${imap}
    <incomingServer type="pop3"><hostname>pop.example.test</hostname><port>995</port><socketType>SSL</socketType></incomingServer>
    ${smtp}
    <documentation url="https://example.test/help/mail"><descr lang="en">Setting up mail</descr></documentation>
    ${extra}
  </emailProvider>
  <webMail><loginPage url="https://webmail.example.test/"/></webMail>
</clientConfig>`;
}

function server(type: 'imap' | 'smtp', host: string, port: number | string, socketType: string, username = '%EMAILADDRESS%', auth = 'password-cleartext'): string {
  const tag = type === 'imap' ? 'incomingServer' : 'outgoingServer';
  return `<${tag} type="${type}"><hostname>${host}</hostname><port>${port}</port><socketType>${socketType}</socketType><username>${username}</username><authentication>${auth}</authentication></${tag}>`;
}

describe('the built-in table', () => {
  it.each([
    ['me@gmail.com', { displayName: 'Gmail', imap: { host: 'imap.gmail.com', port: 993, security: 'tls', user: 'me@gmail.com' }, smtp: { host: 'smtp.gmail.com', port: 465, security: 'tls' }, auth: 'oauth2', oauthProvider: 'google' }],
    ['me@googlemail.com', { displayName: 'Gmail', auth: 'oauth2', oauthProvider: 'google' }],
    ['me@hotmail.com', { imap: { host: 'outlook.office365.com', port: 993 }, smtp: { host: 'smtp-mail.outlook.com', port: 587, security: 'starttls' }, auth: 'oauth2', oauthProvider: 'microsoft' }],
    ['me@outlook.com', { displayName: 'Outlook.com', oauthProvider: 'microsoft' }],
    ['me@live.com', { displayName: 'Outlook.com' }],
    ['me@icloud.com', { imap: { host: 'imap.mail.me.com', user: 'me' }, smtp: { host: 'smtp.mail.me.com', port: 587, security: 'starttls', user: 'me@icloud.com' }, auth: 'app-password', helpUrl: 'https://support.apple.com/en-us/102654' }],
    ['me@me.com', { displayName: 'iCloud Mail', auth: 'app-password' }],
    ['me@mac.com', { displayName: 'iCloud Mail' }],
    ['me@yahoo.com', { imap: { host: 'imap.mail.yahoo.com' }, auth: 'app-password', helpUrl: 'https://help.yahoo.com/kb/SLN15241.html' }],
    ['me@fastmail.com', { imap: { host: 'imap.fastmail.com' }, auth: 'app-password', oauthProvider: 'fastmail' }],
    ['me@fastmail.fm', { displayName: 'Fastmail' }],
    ['me@gmx.de', { imap: { host: 'imap.gmx.net' }, smtp: { host: 'mail.gmx.net' }, auth: 'password' }],
    ['me@web.de', { imap: { host: 'imap.web.de' }, smtp: { host: 'smtp.web.de', port: 587, security: 'starttls' } }],
    ['me@posteo.de', { imap: { host: 'posteo.de', port: 993 } }],
    ['me@mailbox.org', { imap: { host: 'imap.mailbox.org' } }],
    ['me@proton.me', { imap: { host: '127.0.0.1', port: 1143, security: 'starttls' }, smtp: { host: '127.0.0.1', port: 1025 }, helpUrl: 'https://proton.me/mail/bridge' }],
  ])('knows %s without asking the network', async (email, expected) => {
    const response = await autoconfig(email);

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ source: 'builtin', ...expected });
    expect(asked).toEqual([]);
  });

  it('treats the domain without regard to case', async () => {
    expect((await autoconfig('Me@GMail.com')).body).toMatchObject({ source: 'builtin', imap: { user: 'Me@GMail.com' } });
  });
});

describe("the domain's autoconfig file", () => {
  it('reads https://autoconfig.DOMAIN/mail/config-v1.1.xml with the address, and fills in the user name', async () => {
    pages.set('autoconfig.example.test/mail/config-v1.1.xml', { body: configXml({ smtp: server('smtp', 'smtp.example.test', 587, 'STARTTLS', '%EMAILLOCALPART%') }) });

    const response = await autoconfig('me@example.test');

    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      source: 'autoconfig',
      displayName: 'Example & Co',
      imap: { host: 'imap.example.test', port: 993, security: 'tls', user: 'me@example.test' },
      smtp: { host: 'smtp.example.test', port: 587, security: 'starttls', user: 'me' },
      auth: 'password',
      webmailUrl: 'https://webmail.example.test/',
      helpUrl: 'https://example.test/help/mail',
    });
    expect(asked).toContain('https://autoconfig.example.test/mail/config-v1.1.xml?emailaddress=me%40example.test');
  });

  it('falls back to https://DOMAIN/.well-known/autoconfig/mail/config-v1.1.xml', async () => {
    pages.set('example.test/.well-known/autoconfig/mail/config-v1.1.xml', { body: configXml() });

    expect((await autoconfig('me@example.test')).body).toMatchObject({ source: 'well-known', imap: { host: 'imap.example.test' } });
  });

  it('prefers autoconfig.DOMAIN when both exist', async () => {
    pages.set('autoconfig.example.test/mail/config-v1.1.xml', { body: configXml({ imap: server('imap', 'first.example.test', 993, 'SSL') }) });
    pages.set('example.test/.well-known/autoconfig/mail/config-v1.1.xml', { body: configXml({ imap: server('imap', 'second.example.test', 993, 'SSL') }) });

    expect((await autoconfig('me@example.test')).body).toMatchObject({ source: 'autoconfig', imap: { host: 'first.example.test' } });
  });

  it('skips servers it must not use (plain text to another machine) and takes the next one listed', async () => {
    const imap = server('imap', 'plain.example.test', 143, 'plain') + server('imap', 'imap.example.test', 143, 'STARTTLS');
    pages.set('autoconfig.example.test/mail/config-v1.1.xml', { body: configXml({ imap }) });

    expect((await autoconfig('me@example.test')).body).toMatchObject({ imap: { host: 'imap.example.test', port: 143, security: 'starttls' } });
  });

  it('says oauth2 when the file offers OAuth2 for a provider the bridge has a preset for', async () => {
    pages.set('autoconfig.contoso.test/mail/config-v1.1.xml', {
      body: configXml({ imap: server('imap', 'outlook.office365.com', 993, 'SSL', '%EMAILADDRESS%', 'OAuth2'), smtp: server('smtp', 'smtp.office365.com', 587, 'STARTTLS', '%EMAILADDRESS%', 'OAuth2') }),
    });

    expect((await autoconfig('me@contoso.test')).body).toMatchObject({ source: 'autoconfig', auth: 'oauth2', oauthProvider: 'microsoft' });
  });
});

describe('the MX host and SRV records', () => {
  it.each([
    ['aspmx.l.google.com.', 'Google Workspace', 'imap.gmail.com', 'google'],
    ['contoso-test.mail.protection.outlook.com', 'Microsoft 365', 'outlook.office365.com', 'microsoft'],
    ['in1-smtp.messagingengine.com', 'Fastmail', 'imap.fastmail.com', 'fastmail'],
  ])('knows the provider behind MX %s', async (exchange, displayName, host, oauthProvider) => {
    mx.set('corp.test', [
      { exchange: 'backup.elsewhere.test', priority: 50 },
      { exchange, priority: 10 },
    ]);

    const response = await autoconfig('me@corp.test');

    expect(response.body).toMatchObject({ source: 'mx', displayName, imap: { host, user: 'me@corp.test' }, oauthProvider });
  });

  it('reads RFC 6186 SRV records, preferring implicit TLS, the lowest priority, the highest weight', async () => {
    srv.set('_imaps._tcp.corp.test', [
      { name: 'backup.corp.test', port: 993, priority: 20, weight: 0 },
      { name: 'light.corp.test', port: 993, priority: 10, weight: 1 },
      { name: 'imap.corp.test.', port: 993, priority: 10, weight: 5 },
    ]);
    srv.set('_imap._tcp.corp.test', [{ name: 'starttls.corp.test', port: 143, priority: 0, weight: 0 }]);
    srv.set('_submission._tcp.corp.test', [{ name: 'smtp.corp.test', port: 587, priority: 0, weight: 0 }]);

    expect((await autoconfig('me@corp.test')).body).toEqual({
      source: 'srv',
      imap: { host: 'imap.corp.test', port: 993, security: 'tls', user: 'me@corp.test' },
      smtp: { host: 'smtp.corp.test', port: 587, security: 'starttls', user: 'me@corp.test' },
      auth: 'password',
    });
  });

  it('takes "." as a service that is not offered', async () => {
    srv.set('_imaps._tcp.corp.test', [{ name: '.', port: 0, priority: 0, weight: 0 }]);
    srv.set('_imap._tcp.corp.test', [{ name: 'imap.corp.test', port: 143, priority: 0, weight: 0 }]);

    expect((await autoconfig('me@corp.test')).body).toMatchObject({ imap: { host: 'imap.corp.test', security: 'starttls' } });
  });

  it('asks the MX before SRV records, and the files before both', async () => {
    pages.set('example.test/.well-known/autoconfig/mail/config-v1.1.xml', { body: configXml() });
    mx.set('example.test', [{ exchange: 'aspmx.l.google.com', priority: 1 }]);
    srv.set('_imaps._tcp.example.test', [{ name: 'imap.example.test', port: 993, priority: 0, weight: 0 }]);
    expect((await autoconfig('me@example.test')).body.source).toBe('well-known');

    pages.clear();
    expect((await autoconfig('me@example.test')).body.source).toBe('mx');
  });
});

describe('when nothing is found, or a lookup never answers', () => {
  it('answers 404 not_found', async () => {
    const response = await autoconfig('me@nowhere.test');

    expect(response.status).toBe(404);
    expect(response.body).toEqual({ error: { code: 'not_found', message: 'No mail settings found for nowhere.test; enter the servers by hand' } });
  });

  it('gives up on a web server and a DNS server that never answer, and uses what the others know', async () => {
    pages.set('autoconfig.slow.test/mail/config-v1.1.xml', 'hang');
    mx.set('slow.test', 'hang');
    srv.set('_imaps._tcp.slow.test', [{ name: 'imap.slow.test', port: 993, priority: 0, weight: 0 }]);

    expect((await autoconfig('me@slow.test')).body).toMatchObject({ source: 'srv', imap: { host: 'imap.slow.test' } });
  });

  it('says which lookups never answered when nothing else knew', async () => {
    pages.set('autoconfig.slow.test/mail/config-v1.1.xml', 'hang');
    mx.set('slow.test', 'hang');

    const response = await autoconfig('me@slow.test');

    expect(response.status).toBe(404);
    expect(response.body.error.message).toBe('No mail settings found for slow.test (autoconfig.slow.test: no answer within 1 s; MX of slow.test: no answer within 1 s); enter the servers by hand');
  });

  it('refuses what is not an address', async () => {
    for (const email of ['not-an-address', 'me@', 'me@[127.0.0.1]', 'me@localhost']) {
      const response = await autoconfig(email);
      expect(response.status, email).toBe(400);
      expect(response.body.error.code).toBe('bad_request');
    }
  });
});

describe('hostile autoconfig files', () => {
  const laughs =
    '<!DOCTYPE lolz [<!ENTITY lol "lol">' +
    Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('') +
    ']>';

  it('does not expand entities (billion laughs): the name stays as written', async () => {
    pages.set('autoconfig.example.test/mail/config-v1.1.xml', { body: configXml().replace('<clientConfig', `${laughs}<clientConfig`).replace('Example &amp; Co', '&lol9;') });

    const response = await autoconfig('me@example.test');

    expect(response.status).toBe(200);
    expect(response.body.displayName).toBe('&lol9;');
  });

  it.each([
    ['not XML at all', { body: '{"imap":"imap.example.test"}' }, 'not well-formed XML'],
    ['cut off', { body: configXml().slice(0, 300) }, 'not well-formed XML'],
    ['another kind of XML', { body: '<html><body>Parked domain</body></html>' }, 'not a Thunderbird autoconfig file (clientConfig/emailProvider)'],
    ['nested without end', { body: `<clientConfig>${'<x>'.repeat(2000)}${'</x>'.repeat(2000)}</clientConfig>` }, 'refused XML (Maximum nested tags exceeded)'],
    ['larger than 256 KB, as it says', { body: configXml({ extra: `<!--${'x'.repeat(300 * 1024)}-->` }) }, 'larger than 256 KB'],
    ['larger than 256 KB, without saying', { body: configXml({ extra: `<!--${'x'.repeat(300 * 1024)}-->` }), chunked: true }, 'larger than 256 KB'],
    ['a port that is no number', { body: configXml({ imap: server('imap', 'imap.example.test', 'nine-nine-three', 'SSL') }) }, 'lists no IMAP server the bridge can use'],
    ['a host name that is not one', { body: configXml({ imap: server('imap', 'imap.example.test/evil path', 993, 'SSL') }) }, 'lists no IMAP server the bridge can use'],
    ['a port out of range', { body: configXml({ imap: server('imap', 'imap.example.test', 99999, 'SSL') }) }, 'lists no IMAP server the bridge can use'],
    ['only plain text', { body: configXml({ imap: server('imap', 'imap.example.test', 143, 'plain') }) }, 'lists no IMAP server the bridge can use'],
    ['a prototype-polluting name', { body: configXml({ extra: '<__proto__><polluted>yes</polluted></__proto__>' }) }, 'refused XML'],
  ])('says why a file is %s, and changes nothing', async (_what, page, problem) => {
    pages.set('autoconfig.example.test/mail/config-v1.1.xml', page);

    const response = await autoconfig('me@example.test');

    expect(response.status).toBe(404);
    expect(response.body.error.message).toContain(`autoconfig.example.test: ${problem}`);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('uses a later source when the first file is broken', async () => {
    pages.set('autoconfig.example.test/mail/config-v1.1.xml', { body: '<clientConfig><emailProvider>' });
    pages.set('example.test/.well-known/autoconfig/mail/config-v1.1.xml', { body: configXml() });

    expect((await autoconfig('me@example.test')).body).toMatchObject({ source: 'well-known' });
  });
});
