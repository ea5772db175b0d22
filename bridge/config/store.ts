import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { type AccountConfig, type Config, configSchema, describeIssues } from './schema';

/** A config file that can't be used; the message names the file and the problem. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** `--config`, else `$POSTBODE_CONFIG`, else `$XDG_CONFIG_HOME/postbode/config.json`. */
export function resolveConfigPath(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (flag) return flag;
  if (env.POSTBODE_CONFIG) return env.POSTBODE_CONFIG;
  const base = env.XDG_CONFIG_HOME || join(homedir(), '.config');
  return join(base, 'postbode', 'config.json');
}

export function generateToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Owns the config file: reads and validates it once at start, creates it with a fresh
 * token when missing, and saves account changes atomically with mode 0600.
 */
export class ConfigStore {
  /** The last queued change; the next one starts after it. */
  private queue: Promise<void> = Promise.resolve();

  private constructor(
    readonly path: string,
    private current: Config,
  ) {}

  static async load(path: string): Promise<{ store: ConfigStore; created: boolean }> {
    let text: string;
    try {
      const info = await stat(path);
      if (!info.isFile()) throw new ConfigError(`${path} is not a file`);
      if ((info.mode & 0o077) !== 0) {
        const mode = (info.mode & 0o777).toString(8);
        throw new ConfigError(
          `${path} is readable by other users (mode ${mode}) and holds secrets; run \`chmod 600 ${path}\` and start again`,
        );
      }
      text = await readFile(path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
        if (err instanceof ConfigError) throw err;
        throw new ConfigError(`cannot read ${path}: ${(err as Error).message}`);
      }
      const store = new ConfigStore(path, configSchema.parse({ token: generateToken() }));
      await store.save();
      return { store, created: true };
    }
    return { store: new ConfigStore(path, parseConfig(text, path)), created: false };
  }

  get config(): Readonly<Config> {
    return this.current;
  }

  /**
   * Changes the account list and writes the file; the in-memory config changes only if
   * the write worked. Changes run one at a time, each on the list the one before left:
   * a refresh token the provider rotated (saved in the background) and an edit made
   * through the API at the same moment must both survive.
   */
  updateAccounts(change: (accounts: readonly AccountConfig[]) => AccountConfig[]): Promise<void> {
    const run = this.queue.then(async () => {
      const previous = this.current;
      this.current = { ...previous, accounts: change(previous.accounts) };
      try {
        await this.save();
      } catch (err) {
        this.current = previous;
        throw err;
      }
    });
    this.queue = run.catch(() => {});
    return run;
  }

  private async save(): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
    const temp = `${this.path}.${process.pid}.tmp`;
    const file = await open(temp, 'w', 0o600);
    try {
      await file.writeFile(JSON.stringify(this.current, null, 2) + '\n');
      await file.chmod(0o600);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temp, this.path);
  }
}

/** Parses and validates config text; errors name the file and each bad field. */
export function parseConfig(text: string, path: string): Config {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    // V8's message can quote the text around the error, which may be a password: keep only where.
    const where = /line \d+ column \d+|position \d+/.exec((err as Error).message)?.[0];
    throw new ConfigError(`${path} is not valid JSON${where ? ` (at ${where})` : ''}`);
  }
  const result = configSchema.safeParse(raw);
  if (!result.success) throw new ConfigError(`${path} is invalid: ${describeIssues(result.error)}`);
  const ids = result.data.accounts.map((account) => account.id);
  const duplicate = ids.find((id, index) => ids.indexOf(id) !== index);
  if (duplicate) throw new ConfigError(`${path} is invalid: accounts: the id "${duplicate}" is used twice`);
  return result.data;
}
