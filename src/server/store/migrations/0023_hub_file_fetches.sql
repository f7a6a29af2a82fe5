-- A hub's course file on its way down the uplink (docs/hub.md, "Courses at the office"). Its bytes
-- arrive in order and are written as they come, one whole chunk_bytes slice at a time, into
-- course_file_chunks under chunk_set; `received` is where the next request's Range starts, so a
-- file cut short, or a hub killed halfway, goes on from its last whole slice. Only when all of it
-- is here and hashes to `hash` does the same chunk set become a course_files row; until then no
-- phone can be served a byte of it.
CREATE TABLE hub_file_fetches (
  hash text PRIMARY KEY,
  size bigint NOT NULL CHECK (size >= 0),
  type text NOT NULL,
  chunk_set uuid NOT NULL UNIQUE,
  chunk_bytes int NOT NULL CHECK (chunk_bytes > 0),
  received bigint NOT NULL DEFAULT 0 CHECK (received >= 0),
  updated_at timestamptz NOT NULL DEFAULT now()
);
