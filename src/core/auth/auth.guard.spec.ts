import { describe, expect, it } from '@jest/globals';
import { presentedKey } from './auth.guard.js';

describe('presentedKey', () => {
  it('reads a bearer token whatever the scheme’s case', () => {
    expect(presentedKey('Bearer fs_abc')).toBe('fs_abc');
    expect(presentedKey('bearer fs_abc')).toBe('fs_abc');
  });

  it('reads the password of HTTP Basic, ignoring the user name, only where Basic is allowed', () => {
    const basic = `Basic ${Buffer.from('anyone:fs_abc').toString('base64')}`;
    expect(presentedKey(basic, true)).toBe('fs_abc');
    expect(presentedKey(basic)).toBeNull();
    expect(presentedKey(`Basic ${Buffer.from('pass:with:colons').toString('base64')}`, true)).toBe('with:colons');
  });

  it('finds no key in a missing, empty or unknown header', () => {
    expect(presentedKey(undefined)).toBeNull();
    expect(presentedKey('Bearer')).toBeNull();
    expect(presentedKey('Token fs_abc')).toBeNull();
    expect(presentedKey(`Basic ${Buffer.from('nopassword').toString('base64')}`, true)).toBeNull();
  });
});
