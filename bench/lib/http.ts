// A small keep-alive HTTP client on node:http for timing requests: one agent, no
// fetch/undici machinery in the measured path.
import http from 'node:http';

export interface HttpAnswer {
  status: number;
  body: Buffer;
}

export class HttpClient {
  readonly agent: http.Agent;

  constructor(
    readonly base: string,
    private readonly headers: Record<string, string> = {},
    maxSockets = 1,
  ) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets });
  }

  request(path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<HttpAnswer> {
    return new Promise((resolve, reject) => {
      const req = http.request(
        this.base + path,
        {
          method: init.method ?? 'GET',
          agent: this.agent,
          headers: { ...this.headers, ...init.headers, ...(init.body !== undefined && { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(init.body)) }) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(init.body);
    });
  }

  /** GET, expecting 200 and JSON. */
  async json<T = any>(path: string): Promise<T> {
    const answer = await this.request(path);
    if (answer.status !== 200) throw new Error(`GET ${path}: ${answer.status} ${answer.body.toString().slice(0, 300)}`);
    return JSON.parse(answer.body.toString('utf8')) as T;
  }

  /** Milliseconds for one GET answered 200 (body read completely). */
  async time(path: string): Promise<number> {
    const start = performance.now();
    const answer = await this.request(path);
    const ms = performance.now() - start;
    if (answer.status !== 200) throw new Error(`GET ${path}: ${answer.status} ${answer.body.toString().slice(0, 300)}`);
    return ms;
  }

  close(): void {
    this.agent.destroy();
  }
}
