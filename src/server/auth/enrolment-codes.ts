import { randomInt } from 'node:crypto';
import { ENROLMENT_ALPHABET } from '../../shared/enrolment-protocol';
import type { Queryable } from '../store/store';
import { hashToken } from './token';

export const ENROLMENT_CODE_DAYS = 7;

/**
 * Issues a one-time enrolment code for `userId` (50 bits, 10 characters, valid 7 days), replacing
 * any unused earlier code. Only its hash is stored; the code itself is shown once to the operator.
 */
export async function issueEnrolmentCode(
  db: Queryable,
  userId: string,
  createdBy: string,
): Promise<{ code: string; expiresAt: Date }> {
  const raw = Array.from({ length: 10 }, () => ENROLMENT_ALPHABET[randomInt(ENROLMENT_ALPHABET.length)]).join('');
  const expiresAt = new Date(Date.now() + ENROLMENT_CODE_DAYS * 24 * 3600 * 1000);
  await db.query(`UPDATE enrolment_codes SET expires_at = now() WHERE user_id = $1 AND used_at IS NULL`, [userId]);
  await db.query(`INSERT INTO enrolment_codes (code_hash, user_id, created_by, expires_at) VALUES ($1, $2, $3, $4)`, [
    hashToken(raw),
    userId,
    createdBy,
    expiresAt.toISOString(),
  ]);
  return { code: `${raw.slice(0, 5)}-${raw.slice(5)}`, expiresAt };
}

export type Redeemed = { ok: true; userId: string } | { ok: false; reason: 'invalid' | 'used' | 'expired' };

/**
 * Uses a normalised code once: the single UPDATE … WHERE used_at IS NULL makes a replay (even two
 * phones at the same moment) fail for all but the first.
 */
export function redeemEnrolmentCode(db: Queryable, code: string, deviceId: string | undefined): Promise<Redeemed> {
  return redeemEnrolmentCodeHash(db, hashToken(code), deviceId);
}

/** `redeemEnrolmentCode` by the code's stored hash (a hub stores its own kind: `hubCodeHash`). */
export async function redeemEnrolmentCodeHash(
  db: Queryable,
  hash: string,
  deviceId: string | undefined,
): Promise<Redeemed> {
  const used = await db.query<{ user_id: string }>(
    `UPDATE enrolment_codes SET used_at = now(), used_by_device = $2
      WHERE code_hash = $1 AND used_at IS NULL AND expires_at > now()
        AND user_id IN (SELECT id FROM users WHERE disabled_at IS NULL)
      RETURNING user_id::text AS user_id`,
    [hash, deviceId ?? null],
  );
  if (used.rows[0]) return { ok: true, userId: used.rows[0].user_id };
  const { rows } = await db.query<{ used: boolean }>(
    `SELECT used_at IS NOT NULL AS used FROM enrolment_codes WHERE code_hash = $1`,
    [hash],
  );
  if (!rows[0]) return { ok: false, reason: 'invalid' };
  return { ok: false, reason: rows[0].used ? 'used' : 'expired' };
}
