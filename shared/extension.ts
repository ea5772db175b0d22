/**
 * Who the extension is, for the browser and for the native messaging host that pairs it.
 * The Chrome build carries `CHROME_EXTENSION_KEY` (the public half of the release
 * signing key) as its manifest `key`, so an unpacked build has the same id on every
 * machine and the host manifest's `allowed_origins` is right everywhere. The private
 * half never enters the repo (README, "Releasing").
 */

/** Native messaging host name, the same in every browser. */
export const NATIVE_HOST_NAME = 'app.postbode.bridge';

/** The manifest `key`: base64 DER SubjectPublicKeyInfo of the signing key. */
export const CHROME_EXTENSION_KEY =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA2POHj8oj4PoJGd6+Fqnwei36q5HHhldO2d/AoDMolYUCpbGKP1ISFfstYLVpTtTuGWwfbjSyGwrqDGsWub14Xd+MIkvplsjZ+5hJ7bruzYznKlfBF22K1n4YmXxX2nsj5GOseRd1iaiiZnVFxkRR+6/96WWn4tvvAlrC08XgS7DrQY5NyB4pJSskQtSOVXd756HRQqjPzJhyNmuw4fZUCjUJBVSP7uCsP1HRJxcSQb48dTthAlDIlCMfzzrpAqbM0uInqKIQE/4+59pjFQGCyReMEYBObOMWyEVD0DvikbNY3vZU3/jk3TQ3PiCJmNIuecy0zO1datmXPVWxQQGJtQIDAQAB';

/** The id Chromium derives from {@link CHROME_EXTENSION_KEY} (test/bridge checks the derivation). */
export const CHROME_EXTENSION_ID = 'illcpfjhhlbkfcaghcbpiholhnjdbmme';

/** Firefox identifies add-ons by the gecko id in the manifest. */
export const FIREFOX_EXTENSION_ID = 'postbode@postbode.app';

/**
 * The policy of every extension page (the manifest's `extension_pages`). They may only
 * load their own code and talk to the bridge on loopback. Mail HTML is hostile, and the
 * wall against remote content is this policy, not the sanitiser: no remote
 * img/font/media/frame source, ever (remote images, when the user asks, come through
 * the bridge as blob URLs). The popup's mail frame is a srcdoc frame: it inherits this
 * policy, under its own stricter one (`mailDocument`).
 *
 * It is the manifest's, not a `<meta>` in the pages: a CSP `<meta>` turns Chromium's
 * preload scanner off, and the popup's scripts and stylesheet would wait for the parser
 * to reach them (bench/FINDINGS.md).
 */
export const EXTENSION_PAGES_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "frame-src 'none'",
  "connect-src 'self' http://127.0.0.1:* http://localhost:* ws://127.0.0.1:* ws://localhost:*",
  "object-src 'none'",
  "form-action 'none'",
  "base-uri 'self'",
].join('; ');
