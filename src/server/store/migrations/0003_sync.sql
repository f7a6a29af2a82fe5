-- Sync: devices, every item a phone pushed (immutable, by its UUID), graded attempts, merged
-- lesson progress and one-time enrolment codes. See docs/sync-protocol.md.
CREATE TABLE devices (
  id uuid PRIMARY KEY,
  user_id uuid REFERENCES users (id),
  created_at timestamptz DEFAULT now(),
  last_sync_at timestamptz,
  last_seq bigint
);

-- One row per pushed item, stored exactly as sent; a replay with the same content is a duplicate,
-- different content is a conflict and the stored row stays untouched.
CREATE TABLE sync_items (
  id uuid PRIMARY KEY,
  learner_id uuid NOT NULL,
  device_id uuid,
  kind text NOT NULL,
  item jsonb NOT NULL,
  -- The phone's clock: shown, never trusted for ordering and never a reason to reject.
  client_time timestamptz,
  received_at timestamptz NOT NULL DEFAULT now(),
  server_seq bigserial,
  device_seq bigint,
  attempt_id uuid
);
CREATE INDEX sync_items_learner_idx ON sync_items (learner_id, server_seq);
CREATE INDEX sync_items_attempt_idx ON sync_items (attempt_id) WHERE attempt_id IS NOT NULL;

-- Pull hands out changes (grades, merged progress) in the order of this sequence.
CREATE SEQUENCE sync_change_seq;

CREATE TABLE attempts (
  id uuid PRIMARY KEY,
  learner_id uuid NOT NULL,
  course_id text NOT NULL,
  course_version text NOT NULL,
  quiz_id text NOT NULL,
  mode text NOT NULL,
  role text,
  started_at timestamptz,
  finished_at timestamptz,
  received_at timestamptz NOT NULL DEFAULT now(),
  score numeric,
  passed boolean,
  graded_at timestamptz,
  client_score numeric,
  score_mismatch boolean NOT NULL DEFAULT false,
  device_id uuid,
  answer_ids jsonb NOT NULL DEFAULT '[]',
  change_seq bigint NOT NULL DEFAULT nextval('sync_change_seq')
);
CREATE INDEX attempts_learner_change_idx ON attempts (learner_id, change_seq);
CREATE INDEX attempts_ungraded_idx ON attempts (learner_id) WHERE graded_at IS NULL;

CREATE TABLE lesson_progress (
  learner_id uuid,
  course_id text,
  lesson_id text,
  completed boolean NOT NULL,
  completed_at timestamptz,
  position real,
  -- HLC of the edit that set `position` (last writer wins); `hlc` is the newest edit seen at all.
  position_hlc text,
  hlc text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  change_seq bigint NOT NULL DEFAULT nextval('sync_change_seq'),
  PRIMARY KEY (learner_id, course_id, lesson_id)
);
CREATE INDEX lesson_progress_change_idx ON lesson_progress (learner_id, change_seq);

-- One-time enrolment codes, stored hashed like tokens; `used_at` makes a replay fail.
CREATE TABLE enrolment_codes (
  code_hash text PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id),
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  used_by_device uuid
);
CREATE INDEX enrolment_codes_user_idx ON enrolment_codes (user_id);
