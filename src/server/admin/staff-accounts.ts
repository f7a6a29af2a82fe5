import { randomInt } from 'node:crypto';
import type { StaffAccount, StaffRole } from '../../shared/admin/staff-protocol';
import { hashPassword } from '../auth/password';
import type { Queryable } from '../store/store';

interface StaffRow {
  id: string;
  username: string;
  name: string;
  role: StaffRole;
  region_code: string | null;
  region_name: string | null;
  created_at: Date | string;
  disabled_at: Date | string | null;
}

const SELECT_STAFF = `SELECT u.id::text AS id, u.username, u.name, u.role, u.region_code, r.name AS region_name,
         u.created_at, u.disabled_at
    FROM users u LEFT JOIN regions r ON r.code = u.region_code`;

const toStaff = (r: StaffRow): StaffAccount => ({
  id: r.id,
  username: r.username,
  name: r.name,
  role: r.role,
  regionCode: r.region_code,
  regionName: r.region_name,
  createdAt: new Date(r.created_at).toISOString(),
  disabledAt: r.disabled_at === null ? null : new Date(r.disabled_at).toISOString(),
});

/** Every account that is not a learner, by role then username; `q` filters by username or name. */
export async function listStaff(db: Queryable, q?: string): Promise<StaffAccount[]> {
  const text = q?.trim().toLowerCase();
  const { rows } = await db.query<StaffRow>(
    `${SELECT_STAFF}
      WHERE u.role <> 'learner'
        AND ($1::text IS NULL OR lower(u.username) LIKE '%' || $1 || '%' OR lower(u.name) LIKE '%' || $1 || '%')
      ORDER BY u.role, u.username
      LIMIT 1000`,
    [text ? text.replace(/[\\%_]/g, (m) => `\\${m}`) : null],
  );
  return rows.map(toStaff);
}

/** The staff account `id` (enabled or not), or null when there is none or it is a learner. */
export async function findStaff(db: Queryable, id: string): Promise<StaffAccount | null> {
  const { rows } = await db.query<StaffRow>(`${SELECT_STAFF} WHERE u.id = $1 AND u.role <> 'learner'`, [id]);
  return rows[0] ? toStaff(rows[0]) : null;
}

/** Sets or clears `disabled_at` (keeping the first time when disabled twice); returns the account after. */
export async function setStaffDisabled(db: Queryable, id: string, disabled: boolean): Promise<void> {
  await db.query(
    disabled
      ? `UPDATE users SET disabled_at = COALESCE(disabled_at, now()) WHERE id = $1`
      : `UPDATE users SET disabled_at = NULL WHERE id = $1`,
    [id],
  );
}

/** Stores a new password hash for `id`. */
export async function setPassword(db: Queryable, id: string, password: string): Promise<void> {
  await db.query(`UPDATE users SET password_hash = $2 WHERE id = $1`, [id, await hashPassword(password)]);
}

/** No 0/O, 1/I/l: the admin reads the password out over the phone. */
const PASSWORD_ALPHABET = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789';

/**
 * A random first (or reset) password of 14 characters: about 80 bits, shown once to the admin.
 * @example generatePassword() // 'k7Qm-x3Rt-pW9a-Zc'
 */
export function generatePassword(): string {
  const chars = Array.from({ length: 14 }, () => PASSWORD_ALPHABET[randomInt(PASSWORD_ALPHABET.length)]!);
  return [chars.slice(0, 4), chars.slice(4, 8), chars.slice(8, 12), chars.slice(12)].map((g) => g.join('')).join('-');
}
