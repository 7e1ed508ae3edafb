import { randomBytes } from 'node:crypto';

/** Upper-case hex, so codes the API requires to be unique never collide between builds. */
export const unique = (length = 4): string => randomBytes(length).toString('hex').toUpperCase();
