import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';

/**
 * The rules of a local sign-in (docs/rules.md section 13): a password hashed with scrypt, a TOTP
 * second factor (RFC 6238: SHA-1, six digits, 30-second steps, one step either side for a clock a
 * little off, each step good once), and a lockout after repeated failures.
 */

export const PASSWORD_RULES = { minLength: 12, maxLength: 200 } as const;

/** Failed sign-ins in a row before the account waits, and for how long. */
export const LOCAL_LOCKOUT = { attempts: 5, minutes: 15 } as const;

/** How long a setup link works. */
export const SETUP_LINK_DAYS = 7;

const SCRYPT = { N: 16_384, r: 8, p: 1, keyLength: 32 } as const;

const derive = (password: string, salt: Buffer, N: number, r: number, p: number, keyLength: number) =>
  new Promise<Buffer>((done, fail) =>
    scrypt(password.normalize('NFKC'), salt, keyLength, { N, r, p, maxmem: 64 * 1024 * 1024 }, (error, key) =>
      error ? fail(error) : done(key),
    ),
  );

/** What is wrong with a chosen password, or null. */
export function passwordProblem(password: string, email: string): string | null {
  if (password.length < PASSWORD_RULES.minLength)
    return `Use at least ${PASSWORD_RULES.minLength} characters: three or four words you will remember`;
  if (password.length > PASSWORD_RULES.maxLength) return `Use at most ${PASSWORD_RULES.maxLength} characters`;
  if (password.toLowerCase().includes(email.split('@')[0]!.toLowerCase()))
    return 'Do not use your e-mail address in your password';
  return null;
}

/** `scrypt$N$r$p$salt$hash`, each part base64url. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, SCRYPT.N, SCRYPT.r, SCRYPT.p, SCRYPT.keyLength);
  return ['scrypt', SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** Whether `password` is the one hashed (in constant time for a hash of the right shape). */
export async function passwordMatches(password: string, hashed: string): Promise<boolean> {
  const [scheme, N, r, p, salt, key] = hashed.split('$');
  if (scheme !== 'scrypt' || !N || !r || !p || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64url');
  const actual = await derive(
    password,
    Buffer.from(salt, 'base64url'),
    Number(N),
    Number(r),
    Number(p),
    expected.length,
  );
  return timingSafeEqual(actual, expected);
}

/** A new TOTP secret, base32 (160 bits, as RFC 4226 recommends). */
export const newTotpSecret = (): string => new Secret({ size: 20 }).base32;

const totp = (secret: string, label: string) =>
  new TOTP({ issuer: 'Fairshift', label, algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret) });

/** The `otpauth://` address an authenticator app reads from the QR code. */
export const totpUri = (secret: string, label: string): string => totp(secret, label).toString();

/**
 * The 30-second step a code is good for at `now`, or null: six digits, within one step of now,
 * and later than `lastStep` (a code already used, or an older one, is refused).
 */
export function acceptedTotpStep(
  secret: string,
  code: string,
  lastStep: number | null,
  now = Date.now(),
): number | null {
  const digits = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(digits)) return null;
  const delta = totp(secret, '').validate({ token: digits, timestamp: now, window: 1 });
  if (delta === null) return null;
  const step = Math.floor(now / 30_000) + delta;
  return lastStep !== null && step <= lastStep ? null : step;
}

/** A one-time setup token (shown once, in the link) and the hash kept of it. */
export function newSetupToken(): { token: string; hash: Buffer } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: setupTokenHash(token) };
}

export const setupTokenHash = (token: string): Buffer => createHash('sha256').update(token, 'utf8').digest();
