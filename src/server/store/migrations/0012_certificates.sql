-- Certificates: one per learner and course version, issued when a post-test is server-graded as
-- passed. `code` is the signed compact text the QR holds (src/shared/certificates/certificate-code.ts);
-- it is stored as issued, so the phone, the PDF and the verify page all show the same signed content.
CREATE TABLE certificates (
  id text PRIMARY KEY,
  learner_id uuid NOT NULL REFERENCES users (id),
  course_id text NOT NULL,
  course_version text NOT NULL,
  attempt_id uuid NOT NULL,
  score numeric NOT NULL,
  issued_at timestamptz NOT NULL DEFAULT now(),
  kid text NOT NULL,
  code text NOT NULL,
  revoked_at timestamptz,
  revoked_reason text,
  revoked_by uuid,
  -- Issue and revocation reach the phone with the pull, in the same order as grades.
  change_seq bigint NOT NULL DEFAULT nextval('sync_change_seq'),
  -- Exactly one per learner and course version, whatever replays and re-grading do.
  UNIQUE (learner_id, course_id, course_version)
);
CREATE INDEX certificates_learner_change_idx ON certificates (learner_id, change_seq);

-- Every issuer public key that ever signed a certificate: a rotated key keeps verifying what it signed.
CREATE TABLE certificate_issuer_keys (
  kid text PRIMARY KEY,
  public_key text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
