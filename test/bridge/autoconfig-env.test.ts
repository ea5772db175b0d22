// The e2e seam of autoconfig: a bridge process told by its environment to fetch
// autoconfig files from a loopback server, and from nowhere else.
import { describe, expect, it, vi } from 'vitest';
import { autoconfigDepsFromEnv } from '../../bridge/autoconfig/lookup';

describe('POSTBODE_TEST_AUTOCONFIG_BASE', () => {
  it('is off unless set', () => {
    expect(autoconfigDepsFromEnv({})).toBeUndefined();
  });

  it.each(['https://127.0.0.1:9', 'http://example.com:9', 'http://10.0.0.1'])('refuses %s: loopback http only', (base) => {
    expect(() => autoconfigDepsFromEnv({ POSTBODE_TEST_AUTOCONFIG_BASE: base })).toThrow(/must be an http URL on 127.0.0.1 or localhost/);
  });

  it('fetches https://HOST/PATH from BASE/HOST/PATH, and DNS finds nothing', async () => {
    const fetch = vi.spyOn(globalThis, 'fetch').mockResolvedValue(new Response('x'));
    const deps = autoconfigDepsFromEnv({ POSTBODE_TEST_AUTOCONFIG_BASE: 'http://127.0.0.1:4321/' })!;

    await deps.fetch!('https://autoconfig.example.test/mail/config-v1.1.xml?emailaddress=me%40example.test', {});

    expect(fetch).toHaveBeenCalledWith('http://127.0.0.1:4321/autoconfig.example.test/mail/config-v1.1.xml?emailaddress=me%40example.test', {});
    expect(await deps.dns!.resolveMx('example.test')).toEqual([]);
    expect(await deps.dns!.resolveSrv('_imaps._tcp.example.test')).toEqual([]);
    fetch.mockRestore();
  });
});
