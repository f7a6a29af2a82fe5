import { createHash, randomBytes } from 'node:crypto';

/** A new random bearer token (256 bits, url-safe). */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What the database stores instead of the token itself. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
