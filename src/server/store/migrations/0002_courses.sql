-- Course packages: the catalog, each published version with its signed manifest, the full quiz
-- documents (answer keys stay here, never on the device) and the content-addressed files.
CREATE TABLE courses (
  id text PRIMARY KEY,
  title text NOT NULL,
  latest_version text,
  withdrawn_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE course_versions (
  course_id text NOT NULL REFERENCES courses (id),
  version text NOT NULL,
  manifest jsonb NOT NULL,
  -- The exact signed JSON text: jsonb reorders keys, and the signature covers these bytes.
  manifest_text text NOT NULL,
  signature text NOT NULL,
  -- The publisher's public key (SPKI, base64) the signature was checked against.
  public_key text NOT NULL,
  size_bytes bigint NOT NULL,
  published_by uuid REFERENCES users (id),
  published_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (course_id, version)
);

CREATE TABLE quiz_keys (
  course_id text NOT NULL,
  version text NOT NULL,
  quiz_id text NOT NULL,
  mode text NOT NULL CHECK (mode IN ('latihan', 'ujian')),
  role text NOT NULL CHECK (role IN ('practice', 'pretest', 'posttest')),
  pass_score numeric,
  question_count int NOT NULL,
  doc jsonb NOT NULL,
  PRIMARY KEY (course_id, version, quiz_id),
  FOREIGN KEY (course_id, version) REFERENCES course_versions (course_id, version)
);

-- Files by SHA-256, shared by every version that lists them (a delta update reuses them).
CREATE TABLE course_files (
  hash text PRIMARY KEY,
  size bigint NOT NULL,
  type text NOT NULL,
  data bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
