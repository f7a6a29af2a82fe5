import { randomUUID } from 'node:crypto';
import type { Account } from '../../shared/auth-protocol';
import type { Role } from '../../shared/roles';
import type { Queryable } from '../store/store';
import { hashPassword } from './password';

export interface NewUser {
  username: string;
  name: string;
  role: Role;
  password?: string | undefined;
  desaCode?: string | null | undefined;
  regionCode?: string | null | undefined;
}

/** The columns an `Account` is read from, and the row they give. */
const ACCOUNT_COLUMNS = `id::text AS id, username, name, role, desa_code`;
interface AccountRow {
  id: string;
  username: string;
  name: string;
  role: Role;
  desa_code: string | null;
}
const toAccount = (row: AccountRow): Account => ({
  id: row.id,
  username: row.username,
  name: row.name,
  role: row.role,
  desaCode: row.desa_code,
});

/** Inserts a user unless the username is taken; returns the new id, or null when the name is taken. */
export async function insertUser(db: Queryable, user: NewUser): Promise<string | null> {
  const passwordHash = user.password ? await hashPassword(user.password) : null;
  const inserted = await db.query<{ id: string }>(
    `INSERT INTO users (id, username, name, role, password_hash, desa_code, region_code)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (username) DO NOTHING RETURNING id::text AS id`,
    [randomUUID(), user.username, user.name, user.role, passwordHash, user.desaCode ?? null, user.regionCode ?? null],
  );
  return inserted.rows[0]?.id ?? null;
}

/**
 * Inserts a user unless the username is taken; returns the id and whether it was created. The name
 * is looked up first: every server start ensures the admin and the demo accounts, and hashing each
 * one's password (scrypt, ~0.1 s of CPU apiece) only to find the name taken cost every start ~0.6 s.
 */
export async function ensureUser(db: Queryable, user: NewUser): Promise<{ id: string; created: boolean }> {
  const existing = await userIdOf(db, user.username);
  if (existing !== null) return { id: existing, created: false };
  const id = await insertUser(db, user);
  // Taken between the lookup and the insert (two processes starting together): theirs is kept.
  return id !== null ? { id, created: true } : { id: (await userIdOf(db, user.username))!, created: false };
}

async function userIdOf(db: Queryable, username: string): Promise<string | null> {
  const { rows } = await db.query<{ id: string }>(`SELECT id::text AS id FROM users WHERE username = $1`, [username]);
  return rows[0]?.id ?? null;
}

/** The enabled account signing in as `username` with its password hash (null for enrol-only learners). */
export async function findSignInAccount(
  db: Queryable,
  username: string,
): Promise<{ account: Account; passwordHash: string | null } | null> {
  const { rows } = await db.query<AccountRow & { password_hash: string | null }>(
    `SELECT ${ACCOUNT_COLUMNS}, password_hash FROM users WHERE username = $1 AND disabled_at IS NULL`,
    [username],
  );
  const row = rows[0];
  return row ? { account: toAccount(row), passwordHash: row.password_hash } : null;
}

/** The account with this id, enabled or not; null when there is none. */
export async function findAccount(db: Queryable, id: string): Promise<Account | null> {
  const { rows } = await db.query<AccountRow>(`SELECT ${ACCOUNT_COLUMNS} FROM users WHERE id = $1`, [id]);
  return rows[0] ? toAccount(rows[0]) : null;
}

/** The enabled account with this id; null when there is none or it is disabled. */
export async function findEnabledAccount(db: Queryable, id: string): Promise<Account | null> {
  const { rows } = await db.query<AccountRow>(
    `SELECT ${ACCOUNT_COLUMNS} FROM users WHERE id = $1 AND disabled_at IS NULL`,
    [id],
  );
  return rows[0] ? toAccount(rows[0]) : null;
}
