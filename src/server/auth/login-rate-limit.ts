import type { Queryable } from '../store/store';

export const MAX_FAILURES = 5;
/** A kecamatan office puts fifty phones behind one address: the per-address limit is looser. */
export const MAX_FAILURES_PER_ADDRESS = 50;
export const WINDOW_SECONDS = 15 * 60;

/** Seconds until `key` may try again, or 0 when it may try now. */
export async function loginRetryAfter(db: Queryable, key: string, maxFailures = MAX_FAILURES): Promise<number> {
  const { rows } = await db.query<{ failures: number; remaining: number }>(
    `SELECT failures, GREATEST(0, CEIL(EXTRACT(EPOCH FROM (window_start + make_interval(secs => $2) - now()))))::int AS remaining
       FROM login_attempts WHERE key = $1`,
    [key, WINDOW_SECONDS],
  );
  const row = rows[0];
  if (!row || row.remaining <= 0 || row.failures < maxFailures) return 0;
  return row.remaining;
}

/** Counts one failed login for `key`; the window restarts once it has expired. */
export async function recordLoginFailure(db: Queryable, key: string): Promise<void> {
  await db.query(
    `INSERT INTO login_attempts (key, failures, window_start) VALUES ($1, 1, now())
     ON CONFLICT (key) DO UPDATE SET
       failures = CASE WHEN login_attempts.window_start + make_interval(secs => $2) < now() THEN 1 ELSE login_attempts.failures + 1 END,
       window_start = CASE WHEN login_attempts.window_start + make_interval(secs => $2) < now() THEN now() ELSE login_attempts.window_start END`,
    [key, WINDOW_SECONDS],
  );
}

/** Forgets failures for `key` after a successful login. */
export async function clearLoginFailures(db: Queryable, key: string): Promise<void> {
  await db.query(`DELETE FROM login_attempts WHERE key = $1`, [key]);
}
