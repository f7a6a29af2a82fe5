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
}
