import { createHmac, randomBytes } from 'node:crypto';

export { decryptSecret, encryptSecret, secretKey } from '../../core/crypto/secret-box.js';

/** A new signing secret, shown once. */
export const newWebhookSecret = (): string => `whsec_${randomBytes(32).toString('base64url')}`;

/** `Fairshift-Signature`: `sha256=` and the hex HMAC-SHA256 of the raw body under the secret. */
export const signature = (secret: string, body: string): string =>
  `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
