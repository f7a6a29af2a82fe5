-- Where the attempt limits start numbering a learner's attempts at a quiz (apply-attempt-limits.ts):
-- the earliest attempt not numbered yet. Only new rows, and rows stored before 0011 in groups no
-- push has touched since, are in it, so it stays small.
CREATE INDEX attempts_unnumbered_idx ON attempts (learner_id, course_id, quiz_id, started_at, id)
  WHERE attempt_number IS NULL;
