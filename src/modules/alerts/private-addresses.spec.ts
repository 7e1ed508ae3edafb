import { describe, expect, it } from '@jest/globals';
import { isPrivateAddress, isPrivateHost } from './private-addresses.js';

describe('webhook hosts this service will not call in production', () => {
  it('knows private, loopback and link-local addresses, v4, v6 and mapped', () => {
    for (const address of [
      '127.0.0.1',
      '10.1.2.3',
      '172.20.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '::1',
      'fd00::1',
      '::ffff:10.0.0.1',
    ]) {
      expect(isPrivateAddress(address)).toBe(true);
    }
    for (const address of ['8.8.8.8', '172.32.0.1', '2a00:1450:4009::200e']) {
      expect(isPrivateAddress(address)).toBe(false);
    }
  });

  it('refuses localhost names and literal private hosts without asking DNS', async () => {
    await expect(isPrivateHost('localhost')).resolves.toBe(true);
    await expect(isPrivateHost('api.localhost')).resolves.toBe(true);
    await expect(isPrivateHost('[::1]')).resolves.toBe(true);
    await expect(isPrivateHost('203.0.113.9')).resolves.toBe(false);
  });
});
