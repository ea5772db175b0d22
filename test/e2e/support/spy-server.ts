// An HTTP server on 127.0.0.1 that records every request it gets: it plays the
// sender's "remote" image host (a tracking pixel would land here) and the canary
// a script in a message would call. Whatever it never records never happened.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { crc32, deflateSync } from 'node:zlib';

export interface SpiedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
}

export interface SpyServer {
  /** `http://127.0.0.1:PORT` */
  origin: string;
  requests: SpiedRequest[];
  /** Paths requested so far, in order. */
  paths(): string[];
  close(): Promise<void>;
}

/** A PNG of one colour, so a loaded image has a measurable size (and shows in screenshots). */
export function solidPng(width: number, height: number, [r, g, b]: [number, number, number]): Buffer {
  const row = Buffer.alloc(1 + width * 3);
  for (let x = 0; x < width; x++) row.set([r, g, b], 1 + x * 3);
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(Array.from({ length: height }, () => row)))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Answers paths ending in `.png` with `image` (default: 24×24 blue), anything else with a small text. */
export async function startSpyServer(image = solidPng(24, 24, [47, 111, 222])): Promise<SpyServer> {
  const requests: SpiedRequest[] = [];
  const server = http.createServer((req, res) => {
    requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers });
    if (req.url?.endsWith('.png')) {
      res.writeHead(200, { 'content-type': 'image/png', 'content-length': image.length, 'set-cookie': 'tracked=1' });
      res.end(image);
    } else {
      res.writeHead(200, { 'content-type': 'text/plain', 'access-control-allow-origin': '*' });
      res.end('seen');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    paths: () => requests.map((r) => r.path),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
