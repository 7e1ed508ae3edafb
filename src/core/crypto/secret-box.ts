import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Secrets kept encrypted at rest (webhook signing secrets, bank workers' TOTP secrets) under
 * ALERTS_SECRET_KEY. Used outside production when it is not set: not a secret, never for live data.
 */
const DEVELOPMENT_KEY = Buffer.alloc(32, 'fairshift-development-only-key!!');

export const secretKey = (hex: string | undefined): Buffer => (hex ? Buffer.from(hex, 'hex') : DEVELOPMENT_KEY);

/** AES-256-GCM: `iv.tag.ciphertext`, each base64url. */
export function encryptSecret(plain: string, key: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return [iv, cipher.getAuthTag(), ciphertext].map((part) => part.toString('base64url')).join('.');
}

export function decryptSecret(sealed: string, key: Buffer): string {
  const [iv, tag, ciphertext] = sealed.split('.').map((part) => Buffer.from(part, 'base64url'));
  if (!iv || !tag || !ciphertext) throw new Error('not a sealed secret');
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
}
