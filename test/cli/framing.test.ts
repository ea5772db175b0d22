// Native messaging framing: a native-endian 32-bit length, then UTF-8 JSON, gathered
// from whatever pieces the pipe delivers.
import { endianness } from 'node:os';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { encodeMessage, FramingError, MessageDecoder, readMessage, writeMessage } from '../../bridge/native/framing';
import { seededRandom } from '../support/prng';

describe('native messaging framing', () => {
  it('writes the length in native byte order, then the UTF-8 JSON', () => {
    const frame = encodeMessage({ type: 'hello', version: 1, name: 'Zoë' });

    const body = Buffer.from(JSON.stringify({ type: 'hello', version: 1, name: 'Zoë' }), 'utf8');
    expect(endianness() === 'LE' ? frame.readUInt32LE(0) : frame.readUInt32BE(0)).toBe(body.length);
    expect(frame.subarray(4)).toStrictEqual(body);
  });

  it('decodes a message of over 64 KB fed in pieces of every size, and two messages in one chunk', () => {
    const big = { type: 'hello', version: 1, padding: 'ü€'.repeat(60_000) };
    const frame = encodeMessage(big);
    expect(frame.length).toBeGreaterThan(300_000);
    const random = seededRandom(7);

    for (const pieceSize of [1, 3, 4, 5, 4096, 65_536, frame.length]) {
      const decoder = new MessageDecoder();
      const messages: unknown[] = [];
      for (let at = 0; at < frame.length; at += pieceSize) messages.push(...decoder.push(frame.subarray(at, at + pieceSize)));
      expect(messages).toStrictEqual([big]);
    }
    const decoder = new MessageDecoder();
    const messages: unknown[] = [];
    let at = 0;
    while (at < frame.length) {
      const size = 1 + Math.floor(random() * 70_000);
      messages.push(...decoder.push(frame.subarray(at, at + size)));
      at += size;
    }
    expect(messages).toStrictEqual([big]);
    expect(new MessageDecoder().push(Buffer.concat([encodeMessage(1), encodeMessage({ two: 2 })]))).toStrictEqual([1, { two: 2 }]);
  });

  it('round-trips a message of over 64 KB through a stream, read in the chunks the stream delivers', async () => {
    const pipe = new PassThrough({ highWaterMark: 16_384 });
    const message = { type: 'hello', version: 1, items: Array.from({ length: 20_000 }, (_, i) => `item ${i}`) };

    const [, received] = await Promise.all([writeMessage(pipe, message).then(() => pipe.end()), readMessage(pipe)]);

    expect(received).toStrictEqual(message);
  });

  it('reads null from input that ends before a message begins', async () => {
    const pipe = new PassThrough();
    pipe.end();

    expect(await readMessage(pipe)).toBeNull();
  });

  it.each<[string, Buffer, RegExp]>([
    ['a length over the limit', Buffer.from([0xff, 0xff, 0xff, 0x7f]), /over the \d+-byte limit/],
    ['a body that is not JSON', Buffer.concat([encodeMessage('abc').subarray(0, 4), Buffer.from('abcde')]), /not valid JSON/],
  ])('refuses %s', (_case, bytes, message) => {
    expect(() => new MessageDecoder().push(bytes)).toThrow(message);
  });

  it('refuses to write a message over the 1 MB browsers accept from a host', () => {
    expect(() => encodeMessage('x'.repeat(1024 * 1024))).toThrow(FramingError);
  });
});
