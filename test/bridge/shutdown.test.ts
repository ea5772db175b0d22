// Stopping the bridge: pending long polls answer, kept-alive connections carry no new
// requests, and the port is closed when close() resolves.
import { Agent, request } from 'node:http';
import { expect, it } from 'vitest';
import { startTestBridge, type TestBridge } from '../support/bridge';

function get(bridge: TestBridge, path: string, agent: Agent): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const req = request(bridge.url + path, { agent, headers: { authorization: `Bearer ${bridge.token}` } }, (res) => {
      let text = '';
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end();
  });
}

it('answers a pending long poll, then closes kept-alive connections and the port', async () => {
  const bridge = await startTestBridge();
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const first = await get(bridge, '/v1/status', agent);
    const listening = bridge.manager.listenerCount('change');
    const poll = get(bridge, `/v1/status?since=${first.body.revision}&wait=25`, agent);
    // The bridge holds the poll once it listens for the next change.
    await expect.poll(() => bridge.manager.listenerCount('change')).toBe(listening + 1);

    await bridge.stopAll();

    const answered = await poll;
    expect(answered.status).toBe(200);
    expect(answered.body.revision).toBe(first.body.revision);
    await expect(get(bridge, '/v1/status', agent)).rejects.toThrow(/ECONNREFUSED|socket hang up|ECONNRESET/);
  } finally {
    agent.destroy();
  }
});
