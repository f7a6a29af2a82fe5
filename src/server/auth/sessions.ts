import type { Account, LoginResponse } from '../../shared/auth-protocol';
import type { Role } from '../../shared/roles';
import type { Queryable } from '../store/store';
import { hashToken, newToken } from './token';

export const SESSION_DAYS = 90;

/** Creates a session for `userId` and returns its token; only the hash is stored. */
export async function createSession(
  db: Queryable,
  userId: string,
  deviceId: string | undefined,
): Promise<{ token: string; expiresAt: Date }> {
  const token = newToken();
  const expiresAt = new Date(Date.now() + SESSION_DAYS * 24 * 3600 * 1000);
  await db.query(`INSERT INTO sessions (token_hash, user_id, device_id, expires_at) VALUES ($1, $2, $3, $4)`, [
    hashToken(token),
    userId,
    deviceId ?? null,
    expiresAt.toISOString(),
  ]);
  return { token, expiresAt };
}

/** Opens a session for `account` on `deviceId`: the answer of both login and enrolDevice. */
export async function openSession(
  db: Queryable,
  account: Account,
  deviceId: string | undefined,
): Promise<LoginResponse> {
  const session = await createSession(db, account.id, deviceId);
  return { token: session.token, expiresAt: session.expiresAt.toISOString(), account };
}

/** Revokes the session of one bearer token (sign-out). */
export async function revokeSession(db: Queryable, token: string): Promise<void> {
  await db.query(`UPDATE sessions SET revoked_at = now() WHERE token_hash = $1`, [hashToken(token)]);
}

/** Revokes every open session of a user (a lost phone); returns how many were open. */
export async function revokeUserSessions(db: Queryable, userId: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `WITH r AS (UPDATE sessions SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL RETURNING 1)
     SELECT count(*)::int AS n FROM r`,
    [userId],
  );
  return rows[0]?.n ?? 0;
}

export type SessionLookup =
  { ok: true; account: Account; deviceId: string | null } | { ok: false; reason: 'unknown' | 'expired' | 'revoked' };

/** Finds who a bearer token belongs to, telling an expired token from a revoked one. */
export async function findSession(db: Queryable, token: string): Promise<SessionLookup> {
  const { rows } = await db.query<{
    id: string;
    username: string;
    name: string;
    role: Role;
    desa_code: string | null;
    device_id: string | null;
    expired: boolean;
    revoked: boolean;
  }>(
    `SELECT u.id, u.username, u.name, u.role, u.desa_code, s.device_id,
            s.expires_at < now() AS expired,
            (s.revoked_at IS NOT NULL OR u.disabled_at IS NOT NULL) AS revoked
       FROM sessions s JOIN users u ON u.id = s.user_id
      WHERE s.token_hash = $1`,
    [hashToken(token)],
  );
  const row = rows[0];
  if (!row) return { ok: false, reason: 'unknown' };
  if (row.revoked) return { ok: false, reason: 'revoked' };
  if (row.expired) return { ok: false, reason: 'expired' };
  return {
    ok: true,
    deviceId: row.device_id,
    account: { id: row.id, username: row.username, name: row.name, role: row.role, desaCode: row.desa_code },
  };
}
