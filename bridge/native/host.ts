/**
 * The native messaging host `app.postbode.bridge`, one shot: the browser starts it,
 * writes one hello, reads one answer, and the host exits. stdout carries only the framed
 * answer (anything else there would corrupt the browser's read); logs go to stderr,
 * which Chrome and Firefox pass to their own log.
 */
import type { Readable, Writable } from 'node:stream';
import type { NativeAnswer, NativeHello } from '../../shared/native-messaging';
import type { Logger } from '../log';
import { findOrStartBridge } from './find-bridge';
import { readMessage, writeMessage } from './framing';
import { markPaired } from './paired';

export interface HostOptions {
  configPath: string;
  /** The compiled CLI, to start the bridge with. */
  cli: string;
  input: Readable;
  output: Writable;
  log: Logger;
}

function isHello(message: unknown): message is NativeHello {
  const candidate = message as Partial<NativeHello> | null;
  return typeof candidate === 'object' && candidate !== null && candidate.type === 'hello' && candidate.version === 1;
}

/** Answers one request; the exit code is 0 when the answer is a bridge. */
export async function runNativeHost({ configPath, cli, input, output, log }: HostOptions): Promise<number> {
  let answer: NativeAnswer;
  try {
    const request = await readMessage(input);
    if (request === null) {
      log.info('native host: the browser closed the pipe before asking');
      return 0;
    }
    if (!isHello(request)) {
      answer = { type: 'error', message: 'Postbode host: expected {"type":"hello","version":1}; is the extension newer than the bridge? Update both.' };
    } else {
      const found = await findOrStartBridge({ configPath, cli });
      answer = { type: 'bridge', ...found };
      await markPaired(configPath, 'native-host').catch((err: unknown) => log.warn('native host: could not record the pairing', { err }));
      log.info('native host: answered', { url: found.url, started: found.started });
    }
  } catch (err) {
    log.error('native host: failed', { err });
    answer = { type: 'error', message: `Postbode host: ${err instanceof Error ? err.message : String(err)}` };
  }
  await writeMessage(output, answer);
  return answer.type === 'bridge' ? 0 : 1;
}
