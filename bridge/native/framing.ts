/**
 * Native messaging framing: each message is a 32-bit length in the machine's native
 * byte order, then that many bytes of UTF-8 JSON. Browsers write the request in
 * whatever pieces the pipe delivers (64 KB at a time on Linux), so a reader must
 * gather chunks until the whole message is there.
 */
import { endianness } from 'node:os';
import type { Readable, Writable } from 'node:stream';

const LITTLE_ENDIAN = endianness() === 'LE';

/** Chrome refuses to read a host's message over 1 MB; refusing here names the cause. */
export const MAX_OUTGOING_BYTES = 1024 * 1024;

/** Our only request is a small hello; anything far bigger is not from our extension. */
export const MAX_INCOMING_BYTES = 8 * 1024 * 1024;

export class FramingError extends Error {
  override readonly name = 'FramingError';
}

export function encodeMessage(message: unknown): Buffer {
  const body = Buffer.from(JSON.stringify(message), 'utf8');
  if (body.length > MAX_OUTGOING_BYTES) throw new FramingError(`message of ${body.length} bytes is over the browsers' 1 MB limit`);
  const header = Buffer.alloc(4);
  if (LITTLE_ENDIAN) header.writeUInt32LE(body.length);
  else header.writeUInt32BE(body.length);
  return Buffer.concat([header, body]);
}

/**
 * Collects chunks and hands out whole messages. Separate from any stream, so the
 * splitting can be fed every possible cut by the tests.
 */
export class MessageDecoder {
  private chunks: Buffer[] = [];
  private size = 0;
  /** Length of the message being received, once its header is in. */
  private expected: number | undefined;

  constructor(private readonly maxBytes = MAX_INCOMING_BYTES) {}

  /** Adds a chunk; returns every message now complete (parsed JSON). */
  push(chunk: Buffer): unknown[] {
    this.chunks.push(chunk);
    this.size += chunk.length;
    const messages: unknown[] = [];
    for (;;) {
      if (this.expected === undefined) {
        if (this.size < 4) return messages;
        const header = Buffer.concat(this.chunks, this.size).subarray(0, 4);
        this.expected = LITTLE_ENDIAN ? header.readUInt32LE(0) : header.readUInt32BE(0);
        if (this.expected > this.maxBytes) throw new FramingError(`message of ${this.expected} bytes is over the ${this.maxBytes}-byte limit`);
      }
      // Chunks are joined once the whole message is in, not on every chunk.
      if (this.size < 4 + this.expected) return messages;
      const all = Buffer.concat(this.chunks, this.size);
      const body = all.subarray(4, 4 + this.expected);
      const rest = all.subarray(4 + this.expected);
      this.chunks = rest.length ? [rest] : [];
      this.size = rest.length;
      this.expected = undefined;
      try {
        messages.push(JSON.parse(body.toString('utf8')));
      } catch {
        throw new FramingError('message is not valid JSON');
      }
    }
  }

  /** Bytes received that are not yet a whole message. */
  get pending(): number {
    return this.size;
  }
}

/**
 * Reads one message from `input`; null when the input ends before one began (the
 * browser closed the pipe). Stops reading once the message is complete.
 */
export async function readMessage(input: Readable, maxBytes = MAX_INCOMING_BYTES): Promise<unknown> {
  const decoder = new MessageDecoder(maxBytes);
  for await (const chunk of input) {
    const [message] = decoder.push(chunk as Buffer);
    if (message !== undefined) return message;
  }
  if (decoder.pending === 0) return null;
  throw new FramingError(`input ended inside a message (${decoder.pending} bytes of it received)`);
}

/** Writes one framed message; resolves once it is handed to the OS. */
export function writeMessage(output: Writable, message: unknown): Promise<void> {
  const frame = encodeMessage(message);
  return new Promise((resolve, reject) => {
    output.write(frame, (err) => (err ? reject(err) : resolve()));
  });
}
