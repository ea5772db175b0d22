// "Has anything this build reads changed since it last ran?" A stamp file beside the
// output holds a hash of the inputs' paths and contents; a build runs only when the hash
// differs or the output is missing. Contents, not mtimes: switching git branches back and
// forth touches files without changing them.
import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Hash of every file under `inputs` (files or folders, relative to `root`); missing ones count as absent. */
export async function hashInputs(root: string, inputs: readonly string[]): Promise<string> {
  const files: string[] = [];
  for (const input of inputs) files.push(...(await listFiles(root, input)));
  const hash = createHash('sha256');
  for (const file of files.sort()) {
    hash.update(file).update('\0');
    hash.update(await readFile(path.join(root, file))).update('\0');
  }
  return hash.digest('hex');
}

async function listFiles(root: string, relative: string): Promise<string[]> {
  const entries = await readdir(path.join(root, relative), { withFileTypes: true }).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOTDIR') return 'file' as const;
    if (err.code === 'ENOENT') return [];
    throw err;
  });
  if (entries === 'file') return [relative];
  const nested = await Promise.all(entries.map((entry) => listFiles(root, path.join(relative, entry.name))));
  return nested.flat();
}

export async function readStamp(stampFile: string): Promise<string | null> {
  return readFile(stampFile, 'utf8').then(
    (text) => text.trim(),
    () => null,
  );
}

export async function writeStamp(stampFile: string, hash: string): Promise<void> {
  await writeFile(stampFile, hash + '\n');
}
