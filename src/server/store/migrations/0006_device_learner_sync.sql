-- Last sync is per learner AND device: learners who share one phone (same deviceId) each get a row,
-- so the second learner's sync is recorded instead of overwriting nothing. A row without a learner
-- says nothing about anyone's sync and cannot be part of the new key.
DELETE FROM devices WHERE user_id IS NULL;
ALTER TABLE devices ALTER COLUMN user_id SET NOT NULL;
ALTER TABLE devices DROP CONSTRAINT devices_pkey;
ALTER TABLE devices ADD PRIMARY KEY (id, user_id);

-- Before this migration a shared phone's second learner got no row at all; their last push that
-- stored something is the best record of it.
INSERT INTO devices (id, user_id, created_at, last_sync_at, last_seq)
SELECT s.device_id, s.learner_id, min(s.received_at), max(s.received_at), max(s.device_seq)
  FROM sync_items s
 WHERE s.device_id IS NOT NULL AND EXISTS (SELECT 1 FROM users u WHERE u.id = s.learner_id)
 GROUP BY s.device_id, s.learner_id
ON CONFLICT (id, user_id) DO NOTHING;
