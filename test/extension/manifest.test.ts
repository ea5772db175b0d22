// @vitest-environment node
// The real builds (`npm run build`, `npm run build:firefox`): what the manifests
// ask for, and `web-ext lint` on the Firefox build, the way AMO would judge it.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const BUILDS = { chrome: '.output/chrome-mv3', firefox: '.output/firefox-mv3' } as const;

type Manifest = Record<string, any>;
const manifests: Partial<Record<keyof typeof BUILDS, Manifest>> = {};

beforeAll(async () => {
  await run('npx', ['wxt', 'build']);
  await run('npx', ['wxt', 'build', '-b', 'firefox', '--mv3']);
  for (const [browser, dir] of Object.entries(BUILDS)) {
    manifests[browser as keyof typeof BUILDS] = JSON.parse(await readFile(`${dir}/manifest.json`, 'utf8'));
  }
}, 120_000);

describe.each(Object.keys(BUILDS) as Array<keyof typeof BUILDS>)('%s build', (browser) => {
  const manifest = () => manifests[browser]!;

  it('is MV3 and asks for storage, alarms, notifications and native messaging only, with host access to loopback only', () => {
    expect(manifest().manifest_version).toBe(3);
    expect(manifest().permissions.sort()).toEqual(['alarms', 'nativeMessaging', 'notifications', 'storage']);
    expect(manifest().host_permissions).toEqual(['http://127.0.0.1/*', 'http://localhost/*']);
    expect(manifest().content_scripts).toBeUndefined();
    // `offscreen` (Chrome's way to play the new-mail sound) only when the user turns sound on.
    expect(manifest().optional_permissions).toEqual(browser === 'firefox' ? undefined : ['offscreen']);
  });

  it('lets extension pages load images only from itself, data: and blob:, frame nothing, submit no form, and talk only to loopback', () => {
    const csp = Object.fromEntries(
      (manifest().content_security_policy.extension_pages as string).split(';').map((d) => {
        const [name, ...sources] = d.trim().split(/\s+/);
        return [name, sources];
      }),
    );
    expect(csp['img-src']).toEqual(["'self'", 'data:', 'blob:']);
    expect(csp['script-src']).toEqual(["'self'"]);
    expect(csp['object-src']).toEqual(["'none'"]);
    expect(csp['frame-src']).toEqual(["'none'"]);
    expect(csp['form-action']).toEqual(["'none'"]);
    expect(csp['base-uri']).toEqual(["'self'"]);
    expect(csp['connect-src']).toEqual(["'self'", 'http://127.0.0.1:*', 'http://localhost:*', 'ws://127.0.0.1:*', 'ws://localhost:*']);
    for (const sources of Object.values(csp) as string[][]) {
      expect(sources.filter((s) => /^https?:/.test(s) && !/^http:\/\/(127\.0\.0\.1|localhost):\*$/.test(s))).toEqual([]);
    }
  });

  // The policy is the manifest's alone: a CSP <meta> would turn Chromium's preload scanner
  // off, and the popup's scripts would wait for the parser to reach them.
  it('has no CSP <meta> in its pages', async () => {
    for (const page of ['popup.html', 'options.html', 'offscreen.html'].filter((p) => browser === 'chrome' || p !== 'offscreen.html')) {
      expect(await readFile(`${BUILDS[browser]}/${page}`, 'utf8')).not.toMatch(/http-equiv=["']?content-security-policy/i);
    }
  });

  it('is localised, with English as the default', () => {
    expect(manifest()).toMatchObject({ name: '__MSG_extName__', description: '__MSG_extDescription__', default_locale: 'en' });
  });

  it('has a background worker and an options page', () => {
    expect(manifest().options_ui?.page).toBe('options.html');
    expect(manifest().background).toBeDefined();
  });
});

describe('firefox build', () => {
  it('has a fixed add-on id', () => {
    expect(manifests.firefox!.browser_specific_settings.gecko.id).toMatch(/@/);
  });

  it('puts its button on the toolbar, not in the Extensions menu where the badge is never seen', () => {
    expect(manifests.firefox!.action.default_area).toBe('navbar');
    expect(manifests.chrome!.action.default_area).toBeUndefined();
  });

  // AMO's linter, as strict as AMO shows it to a reviewer: the build carries no
  // innerHTML sink at all (scripts/no-html-sinks.ts takes the libraries' two out).
  it('passes web-ext lint with no errors, no warnings and no notices', async () => {
    const { stdout } = await run('npx', ['web-ext', 'lint', '--source-dir', BUILDS.firefox, '--output', 'json', '--no-input']).catch(
      (error: { stdout: string }) => error, // exits non-zero on errors; the JSON says which
    );
    const report = JSON.parse(stdout) as Record<'errors' | 'warnings' | 'notices', LintMessage[]>;
    const described = (m: LintMessage) => `${m.code}: ${m.message} (${m.file}:${m.line}:${m.column})`;
    expect({ errors: report.errors.map(described), warnings: report.warnings.map(described), notices: report.notices.map(described) }).toEqual({
      errors: [],
      warnings: [],
      notices: [],
    });
  }, 60_000);
});

describe('both builds', () => {
  // The builds' Preact throws on raw HTML instead of rendering it (scripts/no-html-sinks.ts).
  it('render no raw HTML: no source uses dangerouslySetInnerHTML or assigns innerHTML', async () => {
    const { stdout } = await run('git', ['grep', '-n', '-E', 'dangerouslySetInnerHTML|innerHTML *=[^=]', '--', 'entrypoints', 'components', 'utils']).catch(
      (error: { stdout: string }) => error, // exits 1 when nothing matches
    );
    expect(stdout).toBe('');
  });
});

interface LintMessage {
  code: string;
  message: string;
  file?: string;
  line?: number;
  column?: number;
}
