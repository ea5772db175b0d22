// Pairing without typing, in Chromium: `postbode setup --user-data-dir` registers the
// native host in a fresh profile, no bridge runs, and the extension finds (and
// starts) the bridge of POSTBODE_CONFIG by itself. Killed, the bridge comes back.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CHROME_EXTENSION_ID } from '../../../shared/extension';
import { aliceAccount, mail } from '../../support/bridge';
import { bridgeCli } from '../../support/bridge-cli';
import { launchWithExtension, type LaunchedExtension } from '../../support/chromium';
import { freePorts, startDovecot, type Dovecot } from '../../support/dovecot';
import { bridgePids, stopPids, waitFor } from '../../support/processes';
import { writeTempConfig, type TempConfig } from '../../support/temp-config';

const run = promisify(execFile);

/** In the extension's worker, where `chrome` is the extension API. */
declare const chrome: typeof import('wxt/browser').browser;

let dovecot: Dovecot;
let config: TempConfig;
let home: string;
let profileDir: string;
let browser: LaunchedExtension | undefined;

const badge = () => browser!.worker().evaluate(() => chrome.action.getBadgeText({}));
const deliver = (subject: string) => dovecot.append('alice', 'INBOX', mail({ subject, from: 'Bob <bob@example.test>', body: 'Hi\r\n' }));

beforeAll(async () => {
  dovecot = await startDovecot();
  await deliver('One');
  await deliver('Two');
  const [port] = await freePorts(1);
  config = await writeTempConfig({ port, accounts: [aliceAccount(dovecot)], healthCheckSeconds: 60 });
  home = await mkdtemp(path.join(os.tmpdir(), 'postbode-home-'));
  profileDir = await mkdtemp(path.join(os.tmpdir(), 'postbode-profile-'));
  // As a user would, with the config the host is to pass on to the bridge it starts.
  const [node, args] = bridgeCli(['setup', '--browser', 'chromium', '--user-data-dir', path.join(profileDir, 'profile'), '--no-autostart']);
  await run(node, args, { env: { ...process.env, HOME: home, POSTBODE_CONFIG: config.configPath } });
  expect(bridgePids(config.configPath)).toEqual([]);
}, 60_000);

afterAll(async () => {
  await browser?.context.close();
  await stopPids(bridgePids(config.configPath));
  await dovecot?.close();
  await config?.remove();
  await Promise.all([home, profileDir].filter(Boolean).map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('pairing through the native host', { timeout: 90_000 }, () => {
  it('starts the bridge and shows the real unread count with nothing typed', async () => {
    browser = await launchWithExtension(inject('extensionPaths').chromium, profileDir);
    // The manifest key gives the id the host manifest names, on every machine.
    expect(browser.id).toBe(CHROME_EXTENSION_ID);

    await expect.poll(badge, { timeout: 60_000 }).toBe('2');
    expect(bridgePids(config.configPath)).toHaveLength(1);
    const saved = await browser.worker().evaluate(() => chrome.storage.local.get('pairing'));
    expect(saved.pairing).toEqual({ url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/), token: config.token, source: 'native' });
  });

  it('brings a killed bridge back by itself, and the badge follows mail again', async () => {
    const [killed] = bridgePids(config.configPath);
    process.kill(killed!, 'SIGKILL');

    const [revived] = await waitFor('a new bridge for the config', () => {
      const pids = bridgePids(config.configPath).filter((pid) => pid !== killed);
      return pids.length ? pids : undefined;
    }, 60_000);
    expect(revived).not.toBe(killed);
    await deliver('Three');
    await expect.poll(badge, { timeout: 60_000 }).toBe('3');
  });
});
