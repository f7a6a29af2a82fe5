import type { Role } from '../shared/roles';

/** One official who uses this phone; several can share it. */
export interface Profile {
  /** The server's account id. */
  id: string;
  username: string;
  name: string;
  role: Role;
  desaCode: string | null;
  /** Bearer token for sync; the server keeps only its hash and can revoke it. */
  token: string;
  tokenExpiresAt: string;
  signedInAt: number;
  /** The local PIN that unlocks this profile on a shared phone (PBKDF2; see src/app/profiles/pin-hash.ts). */
  pin?: PinHash;
}

/** A PIN as kept on the phone: never the PIN itself. */
export interface PinHash {
  /** base64 */
  salt: string;
  /** base64 of the 256-bit PBKDF2-SHA-256 output */
  hash: string;
  iterations: number;
}
