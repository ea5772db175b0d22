// The native messaging host as a browser runs it: the compiled CLI in host mode,
// a framed hello on stdin, a framed answer read from stdout.
import { type ChildProcess, spawn } from 'node:child_process';
import { MessageDecoder, encodeMessage } from '../../bridge/native/framing';
import { bridgeCli } from './bridge-cli';

const running = new Set<ChildProcess>();

/** Kills every host still running (one that hangs would otherwise outlive its test). */
export function killHosts(): void {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
}

export interface HostRun {
  child: ChildProcess;
  /** The first framed message the host wrote. */
  answer: Promise<any>;
  /** Exit code once the host exits. */
  exited: Promise<number | null>;
  stdout(): Buffer;
  stderr(): string;
}

/**
 * Starts the host with `--config configPath` (and the origin argument Chrome adds) and
 * writes `request`. `detached` gives it a process group of its own, as browsers start
 * hosts, so a test can kill the whole group.
 */
export function startHost(configPath: string, { request = { type: 'hello', version: 1 } as unknown, env = process.env, detached = false, raw }: { request?: unknown; env?: NodeJS.ProcessEnv; detached?: boolean; raw?: Buffer } = {}): HostRun {
  const [node, args] = bridgeCli(['native-host', '--config', configPath, 'chrome-extension://illcpfjhhlbkfcaghcbpiholhnjdbmme/']);
  const child = spawn(node, args, { stdio: ['pipe', 'pipe', 'pipe'], env, detached });
  running.add(child);
  child.once('exit', () => running.delete(child));
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const decoder = new MessageDecoder();
  const stdout: Buffer[] = [];
  const answer = new Promise<any>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout.push(chunk);
      try {
        const [message] = decoder.push(chunk);
        if (message !== undefined) resolve(message);
      } catch (err) {
        reject(err);
      }
    });
    void exited.then((code) => reject(new Error(`host exited (${code}) without answering:\n${stderr}`)));
  });
  child.stdin!.on('error', () => {}); // the host may exit before reading everything we send
  child.stdin!.end(raw ?? encodeMessage(request));
  return { child, answer, exited, stdout: () => Buffer.concat(stdout), stderr: () => stderr };
}
