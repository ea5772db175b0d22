// The throughput baseline: a bare Hono app on @hono/node-server, started exactly like
// the bridge (compiled, plain `node`, 127.0.0.1, port 0), answering GET /v1/status
// with a fixed JSON body (the bridge's own status, so both send the same bytes).
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const { values } = parseArgs({ options: { payload: { type: 'string' }, config: { type: 'string' }, port: { type: 'string' } }, strict: false });
const payload: unknown = JSON.parse(readFileSync(String(values.payload), 'utf8'));
const app = new Hono().get('/v1/status', (c) => c.json(payload as object, 200));
const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: Number(values.port ?? 0) }, (info) => {
  console.log(`bare hono listening on http://127.0.0.1:${info.port}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
