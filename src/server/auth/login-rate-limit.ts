import type { Queryable } from '../store/store';

/**
 * One kind of sign-in limit: `free` failures cost nothing, each further one makes the key wait
 * `BASE_DELAY_SECONDS` doubled per failure after the last one (capped at `MAX_DELAY_SECONDS`), and a key
 * that has not failed for `forgetSeconds` starts again from zero. See docs/operations.md.
 */
export interface LimitPolicy {
  free: number;
  forgetSeconds: number;
}

export const BASE_DELAY_SECONDS = 30;
export const MAX_DELAY_SECONDS = 15 * 60;
/** The longest `forgetSeconds` of any policy: older rows are deleted. */
export const MAX_FORGET_SECONDS = 3600;
/** The table never holds more keys than this (an attacker spraying names cannot grow it without bound). */
export const MAX_KEYS = 100_000;

/** One username from one address: a mistyped password or two never waits; guessing soon does. */
export const PER_ADDRESS_AND_USER: LimitPolicy = { free: 5, forgetSeconds: 3600 };
/** One username from anywhere: a backstop against guessing one account from many addresses. */
export const PER_USER: LimitPolicy = { free: 50, forgetSeconds: 3600 };
/** Failures on usernames that do not exist, per address: spraying names stops, an office full of learners does not. */
export const PER_ADDRESS_UNKNOWN_USER: LimitPolicy = { free: 30, forgetSeconds: 900 };
/** Every failure per address, much looser: fifty phones of one kecamatan office share an address. */
export const PER_ADDRESS: LimitPolicy = { free: 300, forgetSeconds: 900 };
/** Wrong enrolment codes per address (a code has 50 bits; this only bounds the work). */
export const ENROL_PER_ADDRESS: LimitPolicy = { free: 100, forgetSeconds: 900 };

export interface LimitKey {
  key: string;
  policy: LimitPolicy;
}

/** The keys one sign-in attempt counts against; `unknownUser` only for usernames that do not exist. */
export function loginLimitKeys(address: string, username: string) {
  return {
    pair: { key: `pair:${address}|${username}`, policy: PER_ADDRESS_AND_USER },
    user: { key: `user:${username}`, policy: PER_USER },
    address: { key: `ip:${address}`, policy: PER_ADDRESS },
    unknownUser: { key: `ip-unknown:${address}`, policy: PER_ADDRESS_UNKNOWN_USER },
  } satisfies Record<string, LimitKey>;
}

const asJson = (keys: LimitKey[]) =>
  JSON.stringify(keys.map(({ key, policy }) => ({ key, free: policy.free, forget: policy.forgetSeconds })));

/**
 * Seconds until every one of `keys` may try again (the longest wait), or 0 when all may try now.
 * Computed on the database clock, so every server process sharing the store agrees.
 */
export async function loginRetryAfter(db: Queryable, keys: LimitKey[]): Promise<number> {
  const { rows } = await db.query<{ wait: number | null }>(
    `SELECT MAX(GREATEST(0, CEIL(EXTRACT(EPOCH FROM (
              a.last_failure_at
              + make_interval(secs => LEAST($2::float8 * power(2, LEAST(a.failures - p.free, 16)), $3::float8))
              - now())))))::int AS wait
       FROM login_attempts a
       JOIN json_to_recordset($1::text::json) AS p(key text, free int, forget int) ON p.key = a.key
      WHERE a.failures >= p.free AND a.last_failure_at + make_interval(secs => a.forget_seconds) > now()`,
    [asJson(keys), BASE_DELAY_SECONDS, MAX_DELAY_SECONDS],
  );
  return rows[0]?.wait ?? 0;
}

/**
 * Counts one failed attempt against each of `keys`, forgetting a key's old failures after its quiet
 * spell, and deletes keys too old to matter; now and then trims the table to `MAX_KEYS`.
 */
export async function recordLoginFailure(db: Queryable, keys: LimitKey[]): Promise<void> {
  await db.query(
    `INSERT INTO login_attempts (key, failures, last_failure_at, forget_seconds)
     SELECT key, 1, now(), forget FROM json_to_recordset($1::text::json) AS p(key text, free int, forget int)
     ON CONFLICT (key) DO UPDATE SET
       failures = CASE WHEN login_attempts.last_failure_at + make_interval(secs => login_attempts.forget_seconds) < now()
                       THEN 1 ELSE login_attempts.failures + 1 END,
       last_failure_at = now(),
       forget_seconds = EXCLUDED.forget_seconds`,
    [asJson(keys)],
  );
  await db.query(`DELETE FROM login_attempts WHERE last_failure_at < now() - make_interval(secs => $1)`, [
    MAX_FORGET_SECONDS,
  ]);
  // Counting the table on every failure would cost more than the failure: trim on about one in 32.
  if (Math.random() < 1 / 32) await trimLoginAttempts(db, MAX_KEYS);
}

/** Keeps only the `maxKeys` most recently failed keys. */
export async function trimLoginAttempts(db: Queryable, maxKeys: number): Promise<void> {
  await db.query(
    `DELETE FROM login_attempts WHERE key IN (
       SELECT key FROM login_attempts ORDER BY last_failure_at DESC OFFSET $1)`,
    [maxKeys],
  );
}

/** Forgets the failures of `keys` after a successful sign-in. */
export async function clearLoginFailures(db: Queryable, keys: LimitKey[]): Promise<void> {
  await db.query(
    `DELETE FROM login_attempts WHERE key IN (SELECT value FROM json_array_elements_text($1::text::json))`,
    [JSON.stringify(keys.map((k) => k.key))],
  );
}
