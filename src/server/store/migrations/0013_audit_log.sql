-- Audit log of staff actions: who enrolled, revoked, published, withdrew or imported what, and when.
-- Rows are only ever inserted. actor_id is not a foreign key so the log outlives nothing it names
-- being changed, and region_code is copied at the time of the action so a monitor's view of their
-- region does not shift when a learner later moves desa.
CREATE TABLE audit_log (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  actor_id uuid NOT NULL,
  action text NOT NULL,
  target_type text NOT NULL,
  target_id text NOT NULL,
  region_code text,
  detail jsonb NOT NULL DEFAULT '{}'::jsonb
);
-- Admin reads newest first; a monitor reads newest first within a region prefix.
CREATE INDEX audit_log_at_idx ON audit_log (at DESC, id DESC);
CREATE INDEX audit_log_region_idx ON audit_log (region_code text_pattern_ops, at DESC);
