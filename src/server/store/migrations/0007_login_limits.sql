-- Sign-in limits with progressive delays (src/server/auth/login-rate-limit.ts, docs/operations.md):
-- each key remembers when it last failed and how long a quiet spell makes it forget its failures.
-- The old counters are dropped: at worst a guesser gets a few fresh tries once, at the upgrade.
DELETE FROM login_attempts;
ALTER TABLE login_attempts DROP COLUMN window_start;
ALTER TABLE login_attempts ADD COLUMN last_failure_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE login_attempts ADD COLUMN forget_seconds integer NOT NULL;
-- Expired keys are deleted by age, and the table is trimmed to its newest rows: both read this index.
CREATE INDEX login_attempts_last_failure_idx ON login_attempts (last_failure_at);
