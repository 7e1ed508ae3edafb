import { createHash, randomBytes } from 'node:crypto';

const PREFIX = 'fs_';

/** A new key: 32 random bytes, base64url, with a recognisable prefix. */
export function generateApiKey(): string {
  return PREFIX + randomBytes(32).toString('base64url');
}

export const hashApiKey = (key: string): Buffer => createHash('sha256').update(key, 'utf8').digest();

/** Enough of a key to recognise it in a listing, never enough to use it. */
export const apiKeyPrefix = (key: string): string => key.slice(0, PREFIX.length + 6);
