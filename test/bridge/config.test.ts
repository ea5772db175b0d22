// The config file through the real CLI (`npm run bridge`): created on first start
// with a fresh token and mode 0600, refused with a clear message when it's wrong, and
// never a secret in what the bridge prints.
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { resolveConfigPath } from '../../bridge/config/store';
import { VERSION } from '../../bridge/server';
import { bridgeCli } from '../support/bridge-cli';
import { freePorts } from '../support/dovecot';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SECRET = 'hunter2-SECRET-in-config';
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The bridge CLI as a user runs it (`npm run bridge -- ARGS`), to completion. */
function runCli(args: string[], env: NodeJS.ProcessEnv = cleanEnv()): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(...bridgeCli(args), { cwd: repoRoot, env, timeout: 20_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : null) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** The test's environment without the variables that pick a config file. */
function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const { POSTBODE_CONFIG: _p, XDG_CONFIG_HOME: _x, ...rest } = process.env;
  return { ...rest, ...extra };
}

const fileMode = async (file: string) => (await stat(file)).mode & 0o777;

// Every CLI run costs ~0.5 s of CPU (module loading), so the tests run concurrently
// (each with its own files, using its context's `expect`) and get a longer timeout.
describe.concurrent('config file', { timeout: 60_000 }, () => {
  let dir: string;
  let n = 0;
  /** A config path in a new folder of the test's temp dir; the folder isn't created. */
  const newPath = () => path.join(dir, `${++n}`, 'config.json');
  /** Like newPath, with the folder created. */
  const pathInNewFolder = async () => {
    const file = newPath();
    await mkdir(path.dirname(file));
    return file;
  };

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'postbode-config-test-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  describe('first start', () => {
    it('creates a missing file with mode 0600, a new token and the default port, and --print-token prints that token', async ({ expect }) => {
      const file = newPath();

      const { code, stdout } = await runCli(['--config', file, '--print-token']);

      expect(code).toBe(0);
      const config = JSON.parse(await readFile(file, 'utf8'));
      expect(config).toMatchObject({ port: 7143, accounts: [] });
      expect(config.token).toMatch(TOKEN_SHAPE);
      expect(stdout.trim()).toBe(config.token);
      expect(await fileMode(file)).toBe(0o600);
      expect(await fileMode(path.dirname(file))).toBe(0o700);

      const again = await runCli(['--config', file, '--print-token']);

      expect(again.code).toBe(0);
      expect(again.stdout.trim()).toBe(config.token);
      expect(JSON.parse(await readFile(file, 'utf8')).token).toBe(config.token);
    });
  });

  describe('which file', () => {
    it.for<[string, string | undefined, NodeJS.ProcessEnv, string]>([
      ['--config wins over everything', '/flag/config.json', { POSTBODE_CONFIG: '/env/c.json', XDG_CONFIG_HOME: '/xdg' }, '/flag/config.json'],
      ['then $POSTBODE_CONFIG', undefined, { POSTBODE_CONFIG: '/env/c.json', XDG_CONFIG_HOME: '/xdg' }, '/env/c.json'],
      ['then $XDG_CONFIG_HOME/postbode/config.json', undefined, { XDG_CONFIG_HOME: '/xdg' }, '/xdg/postbode/config.json'],
      ['then ~/.config/postbode/config.json', undefined, {}, path.join(os.homedir(), '.config/postbode/config.json')],
      ['an empty $XDG_CONFIG_HOME counts as unset', undefined, { XDG_CONFIG_HOME: '' }, path.join(os.homedir(), '.config/postbode/config.json')],
    ])('resolveConfigPath: %s', ([_rule, flag, env, expected], { expect }) => {
      expect(resolveConfigPath(flag, env)).toBe(expected);
    });

    it.for<[string, (base: string) => { args: string[]; env: NodeJS.ProcessEnv; created: string; notCreated?: string }]>([
      [
        '$POSTBODE_CONFIG over $XDG_CONFIG_HOME',
        (base) => ({
          args: [],
          env: { POSTBODE_CONFIG: `${base}/env.json`, XDG_CONFIG_HOME: `${base}/xdg` },
          created: `${base}/env.json`,
          notCreated: `${base}/xdg/postbode/config.json`,
        }),
      ],
      [
        '$XDG_CONFIG_HOME over $HOME',
        (base) => ({
          args: [],
          env: { XDG_CONFIG_HOME: `${base}/xdg`, HOME: `${base}/home` },
          created: `${base}/xdg/postbode/config.json`,
          notCreated: `${base}/home/.config/postbode/config.json`,
        }),
      ],
    ])('the CLI creates the file from %s', async ([_rule, make], { expect }) => {
      const base = path.dirname(await pathInNewFolder());
      const { args, env, created, notCreated } = make(base);

      const result = await runCli([...args, '--print-token'], cleanEnv(env));

      expect(result.code).toBe(0);
      expect(JSON.parse(await readFile(created, 'utf8')).token).toBe(result.stdout.trim());
      if (notCreated) await expect(stat(notCreated)).rejects.toMatchObject({ code: 'ENOENT' });
    });
  });

  describe('refused files', () => {
    const token = randomBytes(32).toString('base64url');
    const account = (imap: Record<string, unknown> = {}) => ({
      id: 'work',
      name: 'Work',
      email: 'me@example.test',
      imap: { host: '127.0.0.1', port: 993, security: 'tls', user: 'me', password: SECRET, ...imap },
    });
    const json = (config: Record<string, unknown>) => JSON.stringify({ port: 0, token, accounts: [account()], ...config });
    const { host: _host, ...imapWithoutHost } = account().imap;

    // [case, file text, file mode, what stderr must say besides the file's path]
    it.for<[string, string, number, RegExp[]]>([
      ['invalid JSON', `{"port": 0, "token": "${token}", "accounts": [{"imap": {"password": "${SECRET}", }]`, 0o600, [/not valid JSON/]],
      ['a missing token', JSON.stringify({ port: 0, accounts: [account()] }), 0o600, [/\btoken\b/]],
      ['a port of the wrong type', json({ port: 'abc' }), 0o600, [/\bport\b/, /number/]],
      ['an unknown top-level field', json({ colour: 'blue' }), 0o600, [/colour/]],
      ['an account without imap.host', json({ accounts: [{ ...account(), imap: imapWithoutHost }] }), 0o600, [/accounts\.0\.imap\.host/]],
      [
        'both password and passwordCommand',
        json({ accounts: [account({ passwordCommand: `printf %s ${SECRET}` })] }),
        0o600,
        [/accounts\.0\.imap\.password/, /passwordCommand/],
      ],
      ['neither password nor passwordCommand', json({ accounts: [account({ password: undefined })] }), 0o600, [/accounts\.0\.imap\.password/]],
      [
        'security "none" to a remote host',
        json({ accounts: [account({ host: 'imap.example.com', security: 'none' })] }),
        0o600,
        [/accounts\.0\.imap\.security/, /loopback/],
      ],
      ['security "bogus"', json({ accounts: [account({ security: 'bogus' })] }), 0o600, [/accounts\.0\.imap\.security/]],
      ['duplicate account ids', json({ accounts: [account(), account()] }), 0o600, [/accounts/, /"work"/]],
      ['a world-readable file (0644)', json({}), 0o644, [/chmod 600/, /644/]],
    ])('refuses %s: exit 1, names the file and the field, never echoes a secret', async ([_case, text, mode, says], { expect }) => {
      const file = await pathInNewFolder();
      await writeFile(file, text);
      await chmod(file, mode);

      const { code, stdout, stderr } = await runCli(['--config', file, '--port', '0']);

      expect(code).toBe(1);
      expect(stderr).toContain(file);
      for (const pattern of says) expect(stderr).toMatch(pattern);
      expect(stdout + stderr).not.toContain(SECRET);
      expect(stdout + stderr).not.toContain(token);
      expect(stdout).not.toMatch(/listening/);
      expect(await fileMode(file)).toBe(mode);
      expect(await readFile(file, 'utf8')).toBe(text);
    });

    it('refuses a --port that is not a port number', async ({ expect }) => {
      const { code, stderr } = await runCli(['--config', newPath(), '--port', 'abc']);

      expect(code).toBe(1);
      expect(stderr).toMatch(/--port/);
    });
  });

  describe('a running bridge', () => {
    it('prints its URL but no secret, answers /v1/health and exits 0 on SIGTERM', async ({ expect }) => {
      const file = await pathInNewFolder();
      const token = randomBytes(32).toString('base64url');
      // An account whose server refuses connections: the bridge keeps running and retrying.
      const [closedPort] = await freePorts(1);
      const imap = { host: '127.0.0.1', port: closedPort, security: 'none', user: 'me', password: SECRET };
      await writeFile(file, JSON.stringify({ port: 0, token, accounts: [{ id: 'work', name: 'Work', email: 'me@example.test', imap }] }), { mode: 0o600 });

      const [node, args] = bridgeCli(['--config', file, '--port', '0']);
      const child = spawn(node, args, { cwd: repoRoot, env: cleanEnv() });
      let stdout = '';
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      try {
        const url = await new Promise<string>((resolve, reject) => {
          child.stdout.on('data', (chunk: Buffer) => {
            stdout += chunk.toString();
            const found = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)?.[1];
            if (found) resolve(found);
          });
          void exited.then((code) => reject(new Error(`bridge exited with ${code} before listening: ${stderr}`)));
        });

        const health = await fetch(`${url}/v1/health`);
        const status = await fetch(`${url}/v1/status`, { headers: { authorization: `Bearer ${token}` } });

        expect(health.status).toBe(200);
        expect(await health.json()).toStrictEqual({ ok: true, version: VERSION });
        expect(status.status).toBe(200);
        expect((await status.json()).accounts).toMatchObject([{ id: 'work' }]);
      } finally {
        child.kill('SIGTERM');
      }

      expect(await exited).toBe(0);
      expect(stdout).toContain('--print-token');
      expect(stdout + stderr).not.toContain(SECRET);
      expect(stdout + stderr).not.toContain(token);
    });
  });
});
