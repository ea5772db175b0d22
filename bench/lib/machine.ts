// The machine and versions a result was measured with.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface MachineInfo {
  cpu: string;
  cores: number;
  memoryGB: number;
  os: string;
  kernel: string;
  node: string;
  chromium: string;
  /** Absent in results from before Firefox was measured. */
  firefox?: string;
  dovecot: string;
  packages: Record<string, string>;
  commit: string;
}

function tryRun(cmd: string, args: string[]): string {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}

function packageVersion(name: string): string {
  // Read the file itself: packages with an `exports` map don't export ./package.json.
  try {
    return (JSON.parse(readFileSync(path.resolve('node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'missing';
  }
}

let cached: MachineInfo | undefined;

export function machineInfo(): MachineInfo {
  if (cached) return cached;
  let osName = os.type();
  try {
    osName = /^PRETTY_NAME="?([^"\n]*)"?/m.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] ?? osName;
  } catch {
    // keep os.type()
  }
  const dirty = tryRun('git', ['status', '--porcelain', '--untracked-files=no']);
  cached = {
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
    cores: os.cpus().length,
    memoryGB: Math.round(os.totalmem() / 2 ** 30),
    os: osName,
    kernel: os.release(),
    node: process.version,
    chromium: tryRun('/usr/bin/chromium', ['--version']).replace(/ built on.*/, ''),
    firefox: tryRun('/usr/bin/firefox-esr', ['--version']).replace(/^Mozilla /, ''),
    dovecot: tryRun('dovecot', ['--version']).split(' ')[0] ?? 'unknown',
    packages: Object.fromEntries(
      ['imapflow', 'hono', '@hono/node-server', 'preact', 'wxt', 'vite', 'playwright-core', 'puppeteer-core', 'esbuild', 'autocannon'].map((name) => [name, packageVersion(name)]),
    ),
    commit: `${tryRun('git', ['rev-parse', '--short', 'HEAD'])}${dirty && dirty !== 'unknown' ? '+changes' : ''}`,
  };
  return cached;
}

/** 1-minute load average. */
export function load1(): number {
  return Math.round(os.loadavg()[0]! * 100) / 100;
}
