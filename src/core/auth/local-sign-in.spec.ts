import { describe, expect, it } from '@jest/globals';
import { TOTP, Secret } from 'otpauth';
import {
  acceptedTotpStep,
  hashPassword,
  newTotpSecret,
  passwordMatches,
  passwordProblem,
  totpUri,
} from './local-sign-in.js';

const codeAt = (secret: string, at: number) =>
  new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' }).generate({ timestamp: at });

describe('local sign-in rules', () => {
  it('hashes a password with a salt and knows it again, and nothing else', async () => {
    const one = await hashPassword('correct horse battery staple');
    const two = await hashPassword('correct horse battery staple');
    expect(one).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(one).not.toBe(two);
    expect(await passwordMatches('correct horse battery staple', one)).toBe(true);
    expect(await passwordMatches('correct horse battery stapl', one)).toBe(false);
    expect(await passwordMatches('anything', 'not a hash')).toBe(false);
  });

  it('asks for a long password that is not the e-mail', () => {
    expect(passwordProblem('short', 'ann@example.nhs.uk')).toMatch(/at least 12/);
    expect(passwordProblem('ann-is-my-name-2026', 'ann@example.nhs.uk')).toMatch(/e-mail/);
    expect(passwordProblem('x'.repeat(201), 'ann@example.nhs.uk')).toMatch(/at most 200/);
    expect(passwordProblem('blue kettle on the bus', 'ann@example.nhs.uk')).toBeNull();
  });

  it('accepts a code for now or a step either side, once, and nothing older', () => {
    const secret = newTotpSecret();
    const now = Date.UTC(2026, 11, 4, 3, 0, 10);
    const step = Math.floor(now / 30_000);
    expect(acceptedTotpStep(secret, codeAt(secret, now), null, now)).toBe(step);
    // The phone's clock a little behind or ahead.
    expect(acceptedTotpStep(secret, codeAt(secret, now - 30_000), null, now)).toBe(step - 1);
    expect(acceptedTotpStep(secret, codeAt(secret, now + 30_000), null, now)).toBe(step + 1);
    // Two minutes out: refused.
    expect(acceptedTotpStep(secret, codeAt(secret, now - 120_000), null, now)).toBeNull();
    // The same code again, or one from before the last accepted: refused.
    expect(acceptedTotpStep(secret, codeAt(secret, now), step, now)).toBeNull();
    expect(acceptedTotpStep(secret, codeAt(secret, now - 30_000), step, now)).toBeNull();
    // Spaces as an app shows them are fine; anything but six digits is not.
    const code = codeAt(secret, now);
    expect(acceptedTotpStep(secret, `${code.slice(0, 3)} ${code.slice(3)}`, null, now)).toBe(step);
    expect(acceptedTotpStep(secret, '12345', null, now)).toBeNull();
    expect(acceptedTotpStep(secret, 'abcdef', null, now)).toBeNull();
  });

  it('gives the authenticator app its address', () => {
    const uri = totpUri('JBSWY3DPEHPK3PXP', 'ann@example.nhs.uk');
    expect(uri).toMatch(/^otpauth:\/\/totp\/Fairshift:ann%40example\.nhs\.uk\?/);
    expect(uri).toContain('secret=JBSWY3DPEHPK3PXP');
  });
});
