-- Course files of any size (docs/course-package.md, "Where course files live"). A file is stored
-- either inline in course_files.data (small files written in one request: seeds, browser
-- authoring, the hub mirror) or as a chunk set: fixed-size rows of course_file_chunks, written one
-- request at a time by the resumable upload and read back one chunk at a time, so no process
-- holds a whole large file. Both live in the database, so every server process sees them and a
-- backup (pg_dump, or the PGlite data directory) carries them.
ALTER TABLE course_files ALTER COLUMN data DROP NOT NULL;
ALTER TABLE course_files ADD COLUMN chunk_set uuid;
ALTER TABLE course_files ADD COLUMN chunk_bytes int;
ALTER TABLE course_files ADD CONSTRAINT course_files_one_storage CHECK (
  (data IS NOT NULL AND chunk_set IS NULL AND chunk_bytes IS NULL)
  OR (data IS NULL AND chunk_set IS NOT NULL AND chunk_bytes > 0)
);

-- Chunk `seq` holds bytes seq*chunk_bytes .. of its set. An upload in progress owns its set
-- (chunk_set = course_uploads.id); completing it hands the same rows to course_files, no copy.
CREATE TABLE course_file_chunks (
  chunk_set uuid NOT NULL,
  seq int NOT NULL CHECK (seq >= 0),
  data bytea NOT NULL,
  PRIMARY KEY (chunk_set, seq)
);

-- Resumable uploads: declared hash, size and type; `received` bytes arrived in order, each chunk
-- checked against its own SHA-256 before it was stored.
CREATE TABLE course_uploads (
  id uuid PRIMARY KEY,
  hash text NOT NULL,
  size bigint NOT NULL CHECK (size >= 0),
  type text NOT NULL,
  chunk_bytes int NOT NULL CHECK (chunk_bytes > 0),
  received bigint NOT NULL DEFAULT 0,
  created_by uuid NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (hash, created_by)
);
