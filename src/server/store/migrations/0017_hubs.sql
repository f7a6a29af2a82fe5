-- Kecamatan hubs (docs/hub.md). On the national server: one row per hub an admin issued, its
-- credential stored as a SHA-256 hash like a session token (a leaked table leaks no credential).
-- A hub acts only for learners whose desa lies in `kecamatan_code`.
CREATE TABLE hubs (
  id uuid PRIMARY KEY,
  kecamatan_code text NOT NULL,
  name text NOT NULL,
  credential_hash text NOT NULL UNIQUE,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  -- Any authenticated call of the hub; "silent" in the admin list when old.
  last_seen_at timestamptz,
  -- Bundles it delivered that verified and were stored (replays counted too: it did carry them).
  bundles_forwarded bigint NOT NULL DEFAULT 0,
  revoked_at timestamptz,
  revoked_by uuid
);
CREATE INDEX hubs_kecamatan_idx ON hubs (kecamatan_code text_pattern_ops);

-- Which hub carried an item to the national server (NULL: the phone itself, or a file upload).
-- Set only on the row the hub's delivery created: an item pushed directly first keeps NULL.
ALTER TABLE sync_items ADD COLUMN carried_by_hub uuid;

-- On a hub: every signed bundle a phone pushed at the office, exactly as received (text and
-- signature), kept until the national server has answered it. Written in one transaction with
-- `hub_held_items` before the phone hears `held`, so a killed hub loses nothing it answered.
CREATE TABLE hub_outbox (
  id bigserial PRIMARY KEY,
  -- SHA-256 of `body`: the same bundle pushed twice (a lost answer) is stored once.
  body_hash text NOT NULL UNIQUE,
  body text NOT NULL,
  signature text NOT NULL,
  learner_id uuid NOT NULL,
  device_id uuid NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  forwarded_at timestamptz,
  -- The upstream's answer for this bundle ({bundle, code?, items}), kept for the operator and pull.
  upstream_result jsonb,
  tries integer NOT NULL DEFAULT 0,
  last_error text
);
CREATE INDEX hub_outbox_waiting_idx ON hub_outbox (id) WHERE forwarded_at IS NULL;

-- On a hub: the item ids of the bundles it holds, for reconcile; `upstream_status` is the
-- national server's per-item answer once forwarded (accepted/duplicate/conflict/rejected).
CREATE TABLE hub_held_items (
  item_id uuid PRIMARY KEY,
  learner_id uuid NOT NULL,
  outbox_id bigint NOT NULL,
  -- 'refused' when the national server refused the whole bundle (`upstream_reason` is its code).
  upstream_status text,
  upstream_reason text
);
CREATE INDEX hub_held_items_learner_idx ON hub_held_items (learner_id);

-- On a hub: its learners' grades, progress and certificates as the national server's pull gave
-- them, one row per attempt / lesson / certificate (a newer change replaces the older), so the
-- hub's pull answers phones at the office. `seq` is the national checkpoint of the page the change
-- came in: a phone's national checkpoint means the same on the hub.
CREATE TABLE hub_pull_changes (
  learner_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('grade', 'progress', 'certificate')),
  key text NOT NULL,
  seq bigint NOT NULL,
  change jsonb NOT NULL,
  PRIMARY KEY (learner_id, kind, key)
);
CREATE INDEX hub_pull_changes_seq_idx ON hub_pull_changes (learner_id, seq);
-- On a hub: how far each learner's changes are mirrored (the national pull checkpoint).
CREATE TABLE hub_pull_cursors (
  learner_id uuid PRIMARY KEY,
  checkpoint bigint NOT NULL
);
