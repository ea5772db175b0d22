// The extension's layout, checked: code is grouped by who uses it (the
// background worker, the popup, the options page), and no consumer reaches into
// another's code; what several share lives in utils/bridge, utils/storage,
// utils/*.ts, components/common and shared/.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const CONSUMERS = ['background', 'popup', 'options'] as const;
type Consumer = (typeof CONSUMERS)[number];

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.posix.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(file) : /\.tsx?$/.test(entry.name) ? [file] : [];
  });
}

const sources = ['utils', 'components', 'entrypoints'].flatMap(filesUnder);

/** Whose a file is: a consumer's, or `null` when it is shared. */
function ownerOf(file: string): Consumer | null {
  const [top, second] = file.split('/');
  const name = second?.replace(/\.tsx?$/, '');
  if (top === 'utils' && second === 'storage') {
    // utils/storage/popup.ts: the popup's own items, declared beside the shared ones.
    const item = file.split('/')[2]?.replace(/\.ts$/, '');
    return CONSUMERS.find((c) => c === item) ?? null;
  }
  return CONSUMERS.find((c) => c === name) ?? null;
}

interface Import {
  target: string;
  typeOnly: boolean;
}

/** The project files a source imports, resolved to paths from the root (no extension). */
function importsOf(file: string): Import[] {
  const text = readFileSync(file, 'utf8');
  const found = [
    ...[...text.matchAll(/^import (type )?[^'"]*?from '([^']+)';$/gm)].map((m) => ({ spec: m[2]!, typeOnly: !!m[1] })),
    ...[...text.matchAll(/(typeof )?import\('([^']+)'\)/g)].map((m) => ({ spec: m[2]!, typeOnly: !!m[1] })),
  ];
  return found.flatMap(({ spec, typeOnly }) => {
    if (spec.startsWith('@/')) return [{ target: spec.slice(2), typeOnly }];
    if (spec.startsWith('.')) return [{ target: path.posix.join(path.posix.dirname(file), spec), typeOnly }];
    return [];
  });
}

describe('extension layout', () => {
  it('finds the code of every consumer', () => {
    for (const consumer of CONSUMERS) expect(sources.filter((f) => ownerOf(f) === consumer).length, consumer).toBeGreaterThan(1);
  });

  it("has no consumer importing another consumer's code", () => {
    const foreign = sources.flatMap((file) => {
      const owner = ownerOf(file);
      return importsOf(file)
        .map(({ target }) => target)
        .filter((target) => /^(utils|components|entrypoints)\//.test(target))
        .filter((target) => ![null, owner].includes(ownerOf(target)))
        .map((target) => `${file} → ${target}`);
    });
    expect(foreign).toEqual([]);
  });

  it('imports bridge code for its types only (shared/ is for both sides)', () => {
    const runtime = sources.flatMap((file) =>
      importsOf(file)
        .filter(({ target, typeOnly }) => target.startsWith('bridge/') && !typeOnly)
        .map(({ target }) => `${file} → ${target}`),
    );
    expect(runtime).toEqual([]);
  });

  it('declares every storage item in utils/storage/, each key once', () => {
    const keys = sources.flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/defineItem<[^(]*>\(\s*'([^']+)'/g)].map((m) => ({ file, key: m[1]! })),
    );
    expect(keys.length).toBeGreaterThan(5);
    expect(keys.filter(({ file }) => !file.startsWith('utils/storage/'))).toEqual([]);
    const seen = keys.map(({ key }) => key);
    expect(seen.filter((key, i) => seen.indexOf(key) !== i)).toEqual([]);
  });
});
