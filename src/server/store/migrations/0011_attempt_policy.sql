-- The quiz policy at grading (docs/quiz-policy.md). attempt_number: the attempt's place among the
-- learner's attempts at that quiz of that course, by (started_at, id) — the phone's start, so two
-- phones racing for the last attempt get the same answer whichever syncs first. over_limit: stored
-- but not scored (score and passed stay null). review_released_at: when the policy first allowed
-- the attempt's keys and explanations to go to the phone with its grade.
ALTER TABLE attempts ADD COLUMN attempt_number int;
ALTER TABLE attempts ADD COLUMN over_limit boolean NOT NULL DEFAULT false;
ALTER TABLE attempts ADD COLUMN review_released_at timestamptz;
-- Attempts stored before the policy existed still count towards the limit but keep their scores:
-- they were taken under no limit. Every later row gets true.
ALTER TABLE attempts ADD COLUMN limit_applies boolean NOT NULL DEFAULT false;
ALTER TABLE attempts ALTER COLUMN limit_applies SET DEFAULT true;
CREATE INDEX attempts_learner_quiz_idx ON attempts (learner_id, course_id, quiz_id, started_at, id);
