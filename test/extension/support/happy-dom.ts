/**
 * happy-dom's `Node.prototype.nodeName` getter answers '' (only subclasses
 * override it), and DOMPurify reads nodeName through that very getter to resist
 * DOM clobbering, so under happy-dom it would drop every element. Component
 * tests need a working sanitiser, so teach the base getter the real names.
 * (The sanitiser's security is tested in Chromium: test/extension/popup/sanitize.test.ts.)
 */
export function fixHappyDomNodeName(): void {
  const proto = window.Node.prototype;
  Object.defineProperty(proto, 'nodeName', {
    configurable: true,
    get(this: Node & { tagName?: string; target?: string; name?: string }) {
      switch (this.nodeType) {
        case 1:
          return this.tagName ?? '';
        case 3:
          return '#text';
        case 4:
          return '#cdata-section';
        case 7:
          return this.target ?? '';
        case 8:
          return '#comment';
        case 9:
          return '#document';
        case 10:
          return this.name ?? '';
        case 11:
          return '#document-fragment';
        default:
          return '';
      }
    },
  });
}
