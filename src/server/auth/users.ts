import { randomUUID } from 'node:crypto';
import type { Role } from '../../shared/roles';
import type { Queryable } from '../store/store';
import { hashPassword } from './password';

export interface NewUser {
  username: string;
  name: string;
  role: Role;
  password?: string;
  desaCode?: string | null;
  regionCode?: string | null;
}

/** Inserts a user unless the username is taken; returns the id and whether it was created. */
export async function ensureUser(db: Queryable, user: NewUser): Promise<{ id: string; created: boolean }> {
  const passwordHash = user.password ? await hashPassword(user.password) : null;
  const inserted = await db.query<{ id: string }>(
    `INSERT INTO users (id, username, name, role, password_hash, desa_code, region_code)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (username) DO NOTHING RETURNING id`,
    [randomUUID(), user.username, user.name, user.role, passwordHash, user.desaCode ?? null, user.regionCode ?? null],
  );
  if (inserted.rows[0]) return { id: inserted.rows[0].id, created: true };
  const existing = await db.query<{ id: string }>(`SELECT id FROM users WHERE username = $1`, [user.username]);
  return { id: existing.rows[0]!.id, created: false };
}
