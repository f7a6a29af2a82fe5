-- Device keys: the public half of the ECDSA P-256 key a phone makes when a learner signs in on it,
-- per device AND learner (learners who share a phone each have their own key). Result bundles are
-- verified against it whoever carries them (direct push, a file, later a hub). A revoked key stays
-- listed, so a bundle it signed is answered `device_revoked` instead of `bad_bundle_signature`.
-- A revocation of a device that never registered a key is a row with no key: it still refuses the
-- device's unsigned pushes. See docs/result-files.md.
CREATE TABLE device_keys (
  id bigserial PRIMARY KEY,
  device_id uuid NOT NULL,
  learner_id uuid NOT NULL REFERENCES users (id),
  -- SPKI, standard base64; NULL only on a revocation row of a device that had no key.
  public_key text,
  app_version text,
  registered_at timestamptz NOT NULL DEFAULT now(),
  -- Superseded by a newer key after a new sign-in on the phone (its storage was wiped): bundles it
  -- signed still verify (a file may be on its way), new keys are not taken for it.
  replaced_at timestamptz,
  revoked_at timestamptz,
  revoke_reason text,
  revoked_by uuid
);
-- At most one live key per device and learner.
CREATE UNIQUE INDEX device_keys_live_idx ON device_keys (device_id, learner_id)
  WHERE revoked_at IS NULL AND replaced_at IS NULL;
CREATE INDEX device_keys_learner_idx ON device_keys (learner_id);
