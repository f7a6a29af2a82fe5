-- Enrolment at a kecamatan hub while its uplink is down (docs/hub.md).
-- On a hub: each enrolment code a phone redeemed at the office, kept until the national server has
-- answered it. Written in one transaction with the hub's session and the code's `used_at`, before
-- the phone hears its token, so a killed hub forwards every redemption it answered.
CREATE TABLE hub_enrolments (
  id bigserial PRIMARY KEY,
  code_hash text NOT NULL UNIQUE,
  -- The normalised code itself, only until forwarded: the national server checks it against its own
  -- hash, so whoever holds only the mirrored hashes (a stolen disk) cannot forward a redemption.
  code text,
  user_id uuid NOT NULL,
  device_id uuid,
  -- The session the hub opened: its token's SHA-256, never the token. The national server opens
  -- the same session, so the phone's token works there too.
  token_hash text NOT NULL UNIQUE,
  session_expires_at timestamptz NOT NULL,
  redeemed_at timestamptz NOT NULL DEFAULT now(),
  forwarded_at timestamptz,
  -- The national server's answer: 'enrolled', or 'refused' with `upstream_code` (code_used, …).
  upstream_status text,
  upstream_code text,
  tries integer NOT NULL DEFAULT 0
);
CREATE INDEX hub_enrolments_waiting_idx ON hub_enrolments (id) WHERE forwarded_at IS NULL;

-- On the national server: the hub at which a code was redeemed (NULL: at /api/auth/enrol).
ALTER TABLE enrolment_codes ADD COLUMN redeemed_by_hub uuid;

-- On the national server: the slow per-hub hash of each code a hub's mirror has carried
-- (hub-code-hash.ts), computed once per code and hub rather than at every five-minute mirror.
CREATE TABLE hub_code_hashes (
  hub_id uuid NOT NULL,
  code_hash text NOT NULL,
  hub_hash text NOT NULL,
  PRIMARY KEY (hub_id, code_hash)
);
