-- Courses written in the browser (docs/authoring.md). The draft is what authors edit; publishing
-- builds a package from it with the same builder as the CLI and signs it with the course's key,
-- which the server holds so that any author of the instance can publish the next version.
CREATE TABLE authoring_courses (
  id text PRIMARY KEY,
  title text NOT NULL,
  description text NOT NULL DEFAULT '',
  language text NOT NULL DEFAULT 'id',
  created_by uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  -- ECDSA P-256 private key (JWK) and its public half (SPKI, base64) that every version carries.
  private_key jsonb NOT NULL,
  public_key text NOT NULL
);

CREATE TABLE authoring_lessons (
  course_id text NOT NULL REFERENCES authoring_courses (id) ON DELETE CASCADE,
  id text NOT NULL,
  position int NOT NULL,
  markdown text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (course_id, id)
);

-- The bytes are in course_files under their hash, like every package file.
CREATE TABLE authoring_media (
  course_id text NOT NULL REFERENCES authoring_courses (id) ON DELETE CASCADE,
  name text NOT NULL,
  hash text NOT NULL,
  type text NOT NULL,
  size bigint NOT NULL,
  PRIMARY KEY (course_id, name)
);

-- The imported GIFT or Aiken text itself: the package is built from it, as the CLI builds from a file.
CREATE TABLE authoring_quizzes (
  course_id text NOT NULL REFERENCES authoring_courses (id) ON DELETE CASCADE,
  id text NOT NULL,
  position int NOT NULL,
  title text NOT NULL,
  mode text NOT NULL CHECK (mode IN ('latihan', 'ujian')),
  role text NOT NULL CHECK (role IN ('practice', 'pretest', 'posttest')),
  format text NOT NULL CHECK (format IN ('gift', 'aiken')),
  file_name text NOT NULL,
  source text NOT NULL,
  question_count int NOT NULL,
  PRIMARY KEY (course_id, id)
);
