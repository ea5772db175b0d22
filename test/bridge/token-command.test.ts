// Bring-your-own tokens: `oauth2.tokenCommand` (oama, mutt_oauth2.py, …) runs like
// passwordCommand on every login, and once more when the server refuses what it
// printed; a command that fails is auth-error, and is not run again until the account
// changes. Against Dovecot checking each token with a real authorization server.
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBridge, type TestBridge } from '../support/bridge';
import { startDovecot, type Dovecot } from '../support/dovecot';
import { INTROSPECTION_CLIENT, startOAuthServer, type OAuthServer } from '../support/oauth-server';
import { startRetryClock } from '../support/retry-clock';
import { accountIn, stateOf } from '../support/status';

let oauth: OAuthServer;
let dovecot: Dovecot;
let bridge: TestBridge;
let dir: string;

beforeAll(async () => {
  oauth = await startOAuthServer();
  dovecot = await startDovecot({ oauth2: { introspectionUrl: oauth.introspectionUrl, clientId: INTROSPECTION_CLIENT.id, clientSecret: INTROSPECTION_CLIENT.secret } });
  dir = await mkdtemp(path.join(os.tmpdir(), 'postbode-token-command-'));
  await chmod(dir, 0o700);
  bridge = await startTestBridge();
});

afterAll(async () => {
  await bridge?.stopAll();
  await dovecot?.close();
  await oauth?.close();
  await rm(dir, { recursive: true, force: true });
});

interface TokenCommand {
  command: string;
  runs(): Promise<number>;
  /** What it prints next time; with `then`, what it prints on the run after that. */
  prints(token: string, then?: string): Promise<void>;
  exitsWith(code: number): Promise<void>;
}

/** A token command backed by files in the test's folder, counting its runs. */
async function tokenCommand(name: string, token: string): Promise<TokenCommand> {
  const base = path.join(dir, name);
  const command =
    `echo run >> '${base}.runs'; cat '${base}.token'; ` +
    `if [ -f '${base}.next' ]; then mv '${base}.next' '${base}.token'; fi; ` +
    `exit "$(cat '${base}.exit' 2>/dev/null || echo 0)"`;
  const handle: TokenCommand = {
    command,
    runs: async () => (await readFile(`${base}.runs`, 'utf8').catch(() => '')).split('\n').filter(Boolean).length,
    async prints(first, then) {
      await writeFile(`${base}.token`, first);
      if (then !== undefined) await writeFile(`${base}.next`, then);
    },
    exitsWith: (code) => writeFile(`${base}.exit`, String(code)),
  };
  await handle.prints(token);
  return handle;
}

function account(id: string, command: string) {
  return { id, email: 'alice@example.test', imap: { host: '127.0.0.1', port: dovecot.tlsPort, security: 'tls', user: 'alice', ca: dovecot.caPath, oauth2: { tokenCommand: command } } };
}

describe('tokenCommand', () => {
  it('adds an account after a test login with the token it prints, and connects', async () => {
    const cmd = await tokenCommand('good', (await oauth.tokensFor('alice')).accessToken);

    const added = await bridge.api('/v1/accounts', { method: 'POST', body: account('good', cmd.command) });

    expect(added.status).toBe(201);
    expect(added.body.imap).toEqual(expect.objectContaining({ auth: 'tokenCommand', signedIn: true }));
    expect(JSON.stringify(added.body)).not.toContain(cmd.command);
    await bridge.waitForStatus((status) => stateOf(status, 'good') === 'ok');
    expect(accountIn((await bridge.api('/v1/status')).body, 'good')?.authKind).toBe('tokenCommand');
    // Once for the test login, once for the account's connect.
    expect(await cmd.runs()).toBe(2);
  });

  it('runs the command again when the server refuses what it printed, and connects with the new token', async () => {
    const { accessToken } = await oauth.tokensFor('alice');
    const cmd = await tokenCommand('refreshing', accessToken);
    await bridge.api('/v1/accounts', { method: 'POST', body: account('refreshing', cmd.command) });
    await bridge.waitForStatus((status) => stateOf(status, 'refreshing') === 'ok');
    const runs = await cmd.runs();
    await cmd.prints('stale-token-the-server-refuses', accessToken);

    await dovecot.kick('alice');

    const retried = () => bridge.logs.some((line) => line.includes('"login refused; once more with a fresh token"') && line.includes('"account":"refreshing"'));
    await bridge.waitForStatus(() => retried());
    await bridge.waitForStatus((status) => stateOf(status, 'refreshing') === 'ok');
    expect(await cmd.runs()).toBe(runs + 2);
  });

  it('refuses to add an account whose command fails, saying its exit code and not its output', async () => {
    const cmd = await tokenCommand('failing', 'printed-before-failing');
    await cmd.exitsWith(3);

    const refused = await bridge.api('/v1/accounts', { method: 'POST', body: account('failing', cmd.command) });

    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toBe('tokenCommand exited with 3');
    expect(refused.raw.toString()).not.toContain('printed-before-failing');
  });

  it('says auth-error when the command starts failing, and does not run it again until the account changes', async () => {
    const cmd = await tokenCommand('breaking', (await oauth.tokensFor('alice')).accessToken);
    await bridge.api('/v1/accounts', { method: 'POST', body: account('breaking', cmd.command) });
    await bridge.waitForStatus((status) => stateOf(status, 'breaking') === 'ok');
    const { refreshToken } = await oauth.tokensFor('alice');
    const oauth2 = { provider: 'custom', clientId: oauth.clientId, authorizeUrl: oauth.authorizeUrl, tokenUrl: oauth.tokenUrl, scopes: ['mail'], refreshToken };
    const clock = await startRetryClock(bridge, { id: 'clock', email: 'clock@example.test', imap: { host: '127.0.0.1', user: 'alice', oauth2 } });
    await cmd.exitsWith(5);

    await dovecot.kick('alice');

    const status = await bridge.waitForStatus((current) => stateOf(current, 'breaking') === 'auth-error');
    expect(accountIn(status, 'breaking')).toMatchObject({ authKind: 'tokenCommand', error: 'tokenCommand exited with 5' });
    const runs = await cmd.runs();
    await clock.wait(2);
    expect(await cmd.runs()).toBe(runs);
    expect(stateOf((await bridge.api('/v1/status')).body, 'breaking')).toBe('auth-error');

    // A change to the account is a new start: the command runs again, and works again.
    await cmd.exitsWith(0);
    expect((await bridge.api('/v1/accounts/breaking', { method: 'PATCH', body: { name: 'Breaking, fixed' } })).status).toBe(200);
    await bridge.waitForStatus((current) => stateOf(current, 'breaking') === 'ok');
    expect(await cmd.runs()).toBe(runs + 1);
    await clock.remove();
  });
});
