// Issue 17: the popup's JS on its first paint stays ≤ 25 KB gzip; compose, search, the
// message view, the typed bridge client and webextension-polyfill load when needed.
// Reads the builds the global setup made: what popup.html loads before its first paint
// is its scripts, its modulepreloads and, transitively, their static imports.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, inject, it } from 'vitest';

const LIMIT = 25 * 1024;

async function firstPaintScripts(root: string): Promise<Map<string, number>> {
  const html = await readFile(path.join(root, 'popup.html'), 'utf8');
  const queue = [...html.matchAll(/<script[^>]*\bsrc="([^"]+)"/g), ...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)].map((m) =>
    path.posix.normalize(m[1]!.replace(/^\//, '')),
  );
  const sizes = new Map<string, number>();
  while (queue.length) {
    const file = queue.shift()!;
    if (sizes.has(file)) continue;
    const bytes = await readFile(path.join(root, file));
    sizes.set(file, gzipSync(bytes, { level: 9 }).length);
    // Minified static imports: `import{a as b}from"./x.js"`, `import"./y.js"` (not `import("./z.js")`).
    for (const m of bytes.toString('utf8').matchAll(/(?:^|[;}\s])import\s*(?:[\w$*{][^"'()]*?from\s*)?["']([^"']+)["']/g)) {
      queue.push(path.posix.normalize(path.posix.join(path.posix.dirname(file), m[1]!)));
    }
  }
  return sizes;
}

describe('popup first-paint JS', () => {
  for (const browser of ['chromium', 'firefox'] as const) {
    it(`is at most 25 KB gzip (${browser})`, async () => {
      const sizes = await firstPaintScripts(inject('extensionPaths')[browser]);
      const total = [...sizes.values()].reduce((a, b) => a + b, 0);
      const listing = [...sizes].map(([file, size]) => `${file} ${size} B`).join(', ');
      expect(total, `first paint loads ${listing}`).toBeLessThanOrEqual(LIMIT);
      // What must stay lazy, by name: the message view, compose, search, the bridge client, the polyfill.
      expect([...sizes.keys()].filter((f) => /MessageView|ComposeView|SearchResults|FolderPicker|browser-polyfill|\/api-/.test(f))).toEqual([]);
      // The popup's own entry chunk is found and counted.
      expect([...sizes.keys()].some((f) => /^chunks\/popup-/.test(f)), listing).toBe(true);
    });
  }
});
