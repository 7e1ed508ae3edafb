import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { decryptSecret, encryptSecret, newWebhookSecret, secretKey, signature } from './secret-box.js';

describe('webhook secrets', () => {
  const key = randomBytes(32);

  it('round-trips through encryption, with a fresh IV each time', () => {
    const secret = newWebhookSecret();
    const once = encryptSecret(secret, key);
    expect(once).not.toContain(secret);
    expect(encryptSecret(secret, key)).not.toBe(once);
    expect(decryptSecret(once, key)).toBe(secret);
  });

  it('refuses a tampered secret or the wrong key', () => {
    const sealed = encryptSecret('whsec_x', key);
    const [iv, tag, body] = sealed.split('.');
    const flipped = Buffer.from(body!, 'base64url');
    flipped[0]! ^= 1;
    expect(() => decryptSecret([iv, tag, flipped.toString('base64url')].join('.'), key)).toThrow();
    expect(() => decryptSecret(sealed, randomBytes(32))).toThrow();
    expect(() => decryptSecret('nonsense', key)).toThrow();
  });

  it('signs the raw body as sha256=<hex HMAC>', () => {
    const body = '{"id":"e1","type":"breach.opened"}';
    expect(signature('whsec_k', body)).toBe(`sha256=${createHmac('sha256', 'whsec_k').update(body).digest('hex')}`);
    expect(secretKey(undefined)).toHaveLength(32);
    expect(secretKey('ab'.repeat(32))).toEqual(Buffer.alloc(32, 0xab));
  });
});
