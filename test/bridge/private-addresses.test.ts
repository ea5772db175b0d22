// "Load images" reaches public addresses only: never loopback, private, link-local or multicast.
import { describe, expect, it } from 'vitest';
import { isPublicAddress } from '../../bridge/remote/addresses';

describe('private addresses', () => {
  it.each(['127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '0.0.0.0', '::1', 'fe80::1', 'fd00::1', '::ffff:127.0.0.1', '100.64.0.1', '224.0.0.1'])(
    'treats %s as private',
    (address) => {
      expect(isPublicAddress(address)).toBe(false);
    },
  );

  it.each(['93.184.216.34', '2606:4700::1111', '8.8.8.8'])('treats %s as public', (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });
});
