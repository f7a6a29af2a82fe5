-- Monitoring and evaluation: the Kemendagri region hierarchy and learner details for enrolment.

-- One row per provinsi (level 1), kabupaten/kota (2), kecamatan (3) and desa/kelurahan (4), from idn-area-data.
-- A code's parent is its prefix (34.02.01.2001 → 34.02.01), so "inside a region" is a prefix match.
CREATE TABLE regions (
  code text PRIMARY KEY,
  parent_code text,
  level smallint NOT NULL CHECK (level BETWEEN 1 AND 4),
  name text NOT NULL
);
CREATE INDEX regions_parent_idx ON regions (parent_code, code);
-- text_pattern_ops lets `code LIKE '34.02.%'` use the index whatever the database collation.
CREATE INDEX regions_code_prefix_idx ON regions (code text_pattern_ops);
CREATE INDEX regions_lower_name_idx ON regions (lower(name) text_pattern_ops);

-- What bulk enrolment records about a learner besides name and desa.
ALTER TABLE users ADD COLUMN jabatan text;
ALTER TABLE users ADD COLUMN phone text;
ALTER TABLE users ADD COLUMN nip text;
-- Reports select learners by desa prefix.
CREATE INDEX users_desa_code_idx ON users (desa_code text_pattern_ops) WHERE role = 'learner';

-- Reports reach devices and test attempts through the learner; 0003 indexes neither that way.
CREATE INDEX devices_user_idx ON devices (user_id, last_sync_at);
CREATE INDEX attempts_learner_role_idx ON attempts (learner_id, role) WHERE score IS NOT NULL;
