/**
 * A Vite plugin that takes the two `innerHTML` sinks out of the libraries the
 * extension bundles, so that nothing in a build can turn a string into markup:
 *
 * - Preact's `dangerouslySetInnerHTML` (`dom.innerHTML = props.__html`). Postbode
 *   never uses it: mail HTML goes through DOMPurify into a sandboxed frame's
 *   `srcdoc`. Without the sink, a future use throws instead of rendering HTML.
 * - DOMPurify's fallback parser (`documentElement.innerHTML = dirty`), for browsers
 *   whose DOMParser fails. Both browsers Postbode runs in have DOMParser, so the
 *   fallback is dead code here; without it such a parse yields an empty document.
 *
 * AMO's linter (`web-ext lint`) warns about any non-literal `innerHTML` assignment
 * and can't tell these apart from a real hole; removing the cause keeps its report
 * empty, so a warning about our own code can't hide among known ones. Each rewrite
 * must match exactly once: a library update that moves the code fails the build here
 * rather than bringing the sink back unnoticed.
 */
import type { Plugin } from 'vite';

interface Rewrite {
  /** The module, by the end of its resolved path. */
  file: string;
  pattern: RegExp;
  replacement: string;
}

const REWRITES: Rewrite[] = [
  {
    file: '/node_modules/preact/dist/preact.module.js',
    pattern: /\(([\w$]+)\.innerHTML=([\w$]+)\.__html\)/g,
    replacement: '(()=>{throw new TypeError("Postbode renders no raw HTML: dangerouslySetInnerHTML is unsupported")})()',
  },
  {
    file: '/node_modules/dompurify/dist/purify.es.mjs',
    pattern: /doc\.documentElement\.innerHTML = IS_EMPTY_INPUT \? emptyHTML : dirtyPayload;/g,
    replacement: '/* no innerHTML fallback: DOMParser only (scripts/no-html-sinks.ts) */',
  },
];

export function noHtmlSinks(): Plugin {
  return {
    name: 'postbode:no-html-sinks',
    enforce: 'pre',
    transform(code, id) {
      const path = id.split('?')[0]!.replaceAll('\\', '/');
      const rewrite = REWRITES.find((r) => path.endsWith(r.file));
      if (!rewrite) return null;
      const found = code.match(rewrite.pattern)?.length ?? 0;
      if (found !== 1) this.error(`expected the innerHTML sink once in ${rewrite.file}, found it ${found} times: update scripts/no-html-sinks.ts`);
      return { code: code.replace(rewrite.pattern, rewrite.replacement), map: null };
    },
  };
}
