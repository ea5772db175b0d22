/**
 * `postbode setup` and `postbode setup --uninstall`: writes what {@link planSetup}
 * says, runs the OS's own tool where one is needed (reg.exe, systemctl), keeps a record
 * of every file, folder and registry key it made, and removes exactly those again.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, lstat, mkdir, readdir, readFile, readlink, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { NATIVE_HOST_NAME } from '../../shared/extension';
import { BROWSERS, type Browser, type Launch, registryKey } from '../native/manifests';
import { currentPlatform, dataDir, paths, type Platform } from '../native/platform';
import { autostartFile, SYSTEMD_UNIT, systemdUnitPath, systemdWantsLink } from './autostart';
import { type CliContext, commandName, configPathOf, extensionDir, inCheckout } from './context';
import { defaultPlanPaths, planSetup, recordPath, SetupError, type SetupPlan } from './setup-plan';

const run = promisify(execFile);

/** What setup made, so uninstall removes exactly that and nothing of the user's. */
interface SetupRecord {
  files: string[];
  /** Folders setup created (it removes them again when they are empty). */
  dirs: string[];
  registry: string[];
}

export interface SetupOptions {
  config?: string;
  browsers?: Browser[];
  userDataDir?: string;
  autostart: boolean;
}

export async function setupCommand(ctx: CliContext, options: SetupOptions): Promise<number> {
  const platform = currentPlatform(ctx.env);
  const launch = launchOf(ctx, options.config);
  const browsers = options.browsers ?? (options.userDataDir ? BROWSERS.filter((b) => b !== 'firefox') : [...BROWSERS]);
  const plan = planSetup(platform, { browsers, autostart: options.autostart, launch, ...(options.userDataDir && { userDataDir: options.userDataDir }) });

  const record = await readRecord(platform);
  for (const file of plan.files) {
    const created = await makeDirs(platform, paths(platform).dirname(file.path));
    await writeAtomically(file.path, file.content, file.mode);
    addTo(record.files, file.path);
    for (const dir of created) addTo(record.dirs, dir);
    ctx.out(`wrote ${file.path}  (${file.what})\n`);
  }
  for (const entry of plan.registry) {
    await run('reg', ['add', entry.key, '/ve', '/t', 'REG_SZ', '/d', entry.value, '/f'], { windowsHide: true });
    addTo(record.registry, entry.key);
    ctx.out(`registry ${entry.key} = ${entry.value}\n`);
  }
  await saveRecord(platform, record);
  ctx.out(`wrote ${recordPath(platform)}  (the list of what setup wrote, for --uninstall)\n`);

  if (options.autostart) await enableAutostart(ctx, platform, plan);
  const chrome = extensionDir(ctx, 'chrome-mv3');
  const firefox = extensionDir(ctx, 'firefox-mv3');
  const where = (dir: string, build: string) => (existsSync(dir) ? dir : `${dir} (not built yet: ${build})`);
  ctx.out(`
The extension now pairs itself with the bridge of ${launch.configPath}. Load it from
  ${where(chrome, 'npm run build')}  (Chrome, Chromium, Brave, Edge)
  ${where(firefox, 'npm run build:firefox')}  (Firefox)
Undo all of this with \`${commandName(ctx)} setup --uninstall\`.
`);
  return 0;
}

export async function uninstallCommand(ctx: CliContext, options: { config?: string }): Promise<number> {
  const platform = currentPlatform(ctx.env);
  const record = await readRecord(platform);
  const p = paths(platform);

  if (platform.os === 'linux') await disableSystemdUnit(ctx, platform, record);
  if (platform.os === 'darwin' && existsSync(autostartFile(platform, launchOf(ctx, options.config)).path)) {
    // Stops the running agent; without it the bridge would run until logout.
    await run('launchctl', ['bootout', `gui/${process.getuid?.() ?? ''}/${NATIVE_HOST_NAME}`]).catch(() => undefined);
  }
  // Recorded files, and files at the default places that are recognisably ours (from a
  // setup whose record is gone): a manifest of our host, our unit, our wrapper.
  const candidates = new Set([...record.files, ...defaultPlanPaths(platform, launchOf(ctx, options.config))]);
  const removedFiles: string[] = [];
  for (const file of candidates) {
    if (!record.files.includes(file) && !(await looksOurs(file))) continue;
    if (await removeFile(file)) {
      ctx.out(`removed ${file}\n`);
      removedFiles.push(file);
    }
  }
  let removed = removedFiles.length;
  // So the user's systemd forgets the unit now rather than at the next login.
  if (removedFiles.includes(systemdUnitPath(platform)) && (await systemctl(ctx, ['daemon-reload']))) ctx.out('reloaded the user systemd\n');
  if (platform.os === 'win32') {
    for (const key of new Set([...record.registry, ...BROWSERS.map(registryKey)])) {
      const deleted = await run('reg', ['delete', key, '/f'], { windowsHide: true }).then(() => true, () => false);
      if (deleted) ctx.out(`removed registry ${key}\n`);
    }
  }
  if (await removeFile(recordPath(platform))) removed++;
  // A setup interrupted between writing a temp file and renaming it leaves FILE.PID.tmp.
  for (const file of [...candidates, recordPath(platform)]) {
    const dir = p.dirname(file);
    const leftover = new RegExp(`^${escapeRegExp(p.basename(file))}\\.\\d+\\.tmp$`);
    for (const name of await readdir(dir).catch(() => [] as string[])) {
      if (leftover.test(name) && (await removeFile(p.join(dir, name)))) {
        ctx.out(`removed ${p.join(dir, name)}\n`);
        removed++;
      }
    }
  }
  // Deepest first, and only when empty: a browser may have put its own files there since.
  const dirs = [...new Set([...record.dirs, dataDir(platform)])].sort((a, b) => b.length - a.length);
  for (const dir of dirs) {
    if (await rmdir(dir).then(() => true, () => false)) ctx.out(`removed ${dir}${p.sep}\n`);
  }
  ctx.out(
    removed === 0
      ? 'Nothing to remove: setup has not been run for this user.\n'
      : `Kept your config ${launchOf(ctx, options.config).configPath} (it holds your accounts); delete it yourself if you want.\n`,
  );
  return 0;
}

/** The node binary and CLI file that wrappers, units and agents start. */
function launchOf(ctx: CliContext, config: string | undefined): Launch {
  if (ctx.entry.endsWith('.ts')) {
    throw new SetupError('setup registers the compiled bridge: run `npm run postbode -- setup` (it builds dist/bridge.mjs), not the TypeScript');
  }
  return { node: process.execPath, cli: ctx.entry, configPath: configPathOf(ctx, config) };
}

async function enableAutostart(ctx: CliContext, platform: Platform, plan: SetupPlan): Promise<void> {
  const file = plan.files.at(-1)!.path;
  const cli = commandName(ctx);
  switch (platform.os) {
    case 'linux': {
      if ((await systemctl(ctx, ['daemon-reload'])) && (await systemctl(ctx, ['enable', SYSTEMD_UNIT]))) {
        ctx.out(`enabled ${SYSTEMD_UNIT}: the bridge starts at your next login (now: systemctl --user start ${SYSTEMD_UNIT})\n`);
      } else {
        ctx.out(`Your user systemd can't be reached from here; to start the bridge at login, run:
  systemctl --user daemon-reload && systemctl --user enable --now ${SYSTEMD_UNIT}
`);
      }
      ctx.out(`To have it run before you log in (after a reboot, say): loginctl enable-linger $USER\n`);
      break;
    }
    case 'darwin':
      ctx.out(`The bridge starts at your next login; to start it now: launchctl bootstrap gui/$(id -u) "${file}"\n`);
      break;
    case 'win32':
      ctx.out(`The bridge starts at your next login; to start it now: ${cli} run\n`);
      break;
  }
  if (inCheckout(ctx)) ctx.out('(It runs this checkout\'s dist/bridge.mjs: keep the checkout where it is.)\n');
}

/** `systemctl --user ARGS`; false when there is no user systemd to talk to. */
async function systemctl(ctx: CliContext, args: string[]): Promise<boolean> {
  try {
    await run('systemctl', ['--user', ...args], { env: ctx.env, timeout: 15_000 });
    return true;
  } catch {
    return false;
  }
}

async function disableSystemdUnit(ctx: CliContext, platform: Platform, record: SetupRecord): Promise<void> {
  const unit = systemdUnitPath(platform);
  if (!record.files.includes(unit) && !(await looksOurs(unit))) return;
  if (await systemctl(ctx, ['disable', '--now', SYSTEMD_UNIT])) {
    ctx.out(`disabled ${SYSTEMD_UNIT}\n`);
    return;
  }
  // No systemd to ask: remove the link an earlier `enable` made, if it is ours.
  const link = systemdWantsLink(platform);
  const target = await readlink(link).catch(() => null);
  if (target !== null && paths(platform).basename(target) === SYSTEMD_UNIT && (await removeFile(link))) ctx.out(`removed ${link}\n`);
}

/** Files we write carry our host name or our command; anything else at those paths is left alone. */
async function looksOurs(file: string): Promise<boolean> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text.includes(NATIVE_HOST_NAME) || text.includes('postbode setup');
}

async function removeFile(file: string): Promise<boolean> {
  const exists = await lstat(file).then(() => true, () => false);
  if (exists) await rm(file, { force: true });
  return exists;
}

/** Creates `dir` and its missing parents; returns the folders it created. */
async function makeDirs(platform: Platform, dir: string): Promise<string[]> {
  const created: string[] = [];
  let current = dir;
  while (!existsSync(current)) {
    created.push(current);
    const parent = paths(platform).dirname(current);
    if (parent === current) break;
    current = parent;
  }
  await mkdir(dir, { recursive: true });
  return created;
}

async function writeAtomically(file: string, content: string, mode: number): Promise<void> {
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, content, { mode });
  // writeFile's mode is filtered by the umask; the wrapper must be executable whatever it is.
  await chmod(temp, mode);
  await rename(temp, file);
}

async function readRecord(platform: Platform): Promise<SetupRecord> {
  try {
    const parsed = JSON.parse(await readFile(recordPath(platform), 'utf8')) as Partial<SetupRecord>;
    return { files: parsed.files ?? [], dirs: parsed.dirs ?? [], registry: parsed.registry ?? [] };
  } catch {
    return { files: [], dirs: [], registry: [] };
  }
}

async function saveRecord(platform: Platform, record: SetupRecord): Promise<void> {
  await writeAtomically(recordPath(platform), JSON.stringify(record, null, 2) + '\n', 0o644);
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function addTo(list: string[], item: string): void {
  if (!list.includes(item)) list.push(item);
}
