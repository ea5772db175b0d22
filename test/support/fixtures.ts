// The project's shared real-world mail corpus (shared/fixtures/mail), read in place,
// never copied into the repo. The shared folder sits beside the checkout; a local
// clone of such a checkout (`git clone . /tmp/x/p`) finds it beside its origin;
// POSTBODE_SHARED names it anywhere else.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function localOrigin(): string | undefined {
  try {
    const url = execFileSync('git', ['-C', REPO, 'remote', 'get-url', 'origin'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return path.isAbsolute(url) ? url : undefined;
  } catch {
    return undefined;
  }
}

function findMailFixtures(): string {
  const origin = localOrigin();
  const candidates = [
    process.env.POSTBODE_SHARED,
    path.join(REPO, '..', 'shared'),
    origin && path.join(origin, '..', 'shared'),
  ].flatMap((shared) => (shared ? [path.join(shared, 'fixtures', 'mail')] : []));
  const found = candidates.find((dir) => existsSync(dir));
  if (!found) {
    throw new Error(`The shared mail fixtures are not in any of: ${candidates.join(', ')}. Put the project's shared folder beside the checkout, or set POSTBODE_SHARED to it.`);
  }
  return found;
}

/** The corpus folder, holding rfc/ and thirdparty/. */
export const MAIL_FIXTURES = findMailFixtures();

/** Every message of the corpus as `folder/name.eml`, sorted. */
export function mailFixtureFiles(): string[] {
  return ['rfc', 'thirdparty'].flatMap((folder) =>
    readdirSync(path.join(MAIL_FIXTURES, folder))
      .filter((name) => name.endsWith('.eml'))
      .sort()
      .map((name) => `${folder}/${name}`),
  );
}
