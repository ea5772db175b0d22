import { execFile } from 'node:child_process';
import type { ServerConfig } from '../config/schema';

/**
 * The password for a server: `password` as written, or the trimmed stdout of
 * `passwordCommand` (run by /bin/sh with no terminal, so nothing can prompt),
 * as mbsync and aerc users expect. Errors never include the command's output.
 */
export function resolvePassword(server: ServerConfig): Promise<string> {
  if (server.password !== undefined) return Promise.resolve(server.password);
  const command = server.passwordCommand!;
  return new Promise((resolve, reject) => {
    const child = execFile('/bin/sh', ['-c', command], { timeout: 30_000, maxBuffer: 64 * 1024 }, (err, stdout) => {
      if (err) {
        const why = err.killed ? 'timed out after 30 s' : `exited with ${err.code ?? err.signal ?? 'an error'}`;
        reject(new Error(`passwordCommand ${why}`));
        return;
      }
      const password = stdout.trim();
      if (!password) reject(new Error('passwordCommand printed nothing'));
      else resolve(password);
    });
    child.stdin?.end();
  });
}
