-- A phone enrolled at a kecamatan hub sends its device's public key with the code (docs/hub.md).
-- On a hub: the key, kept with the redemption and forwarded with it, so the national server
-- registers it in the same transaction as the session; and what the national server answered
-- for the key ('registered', or the refusal's code: invalid_public_key, device_revoked, …).
ALTER TABLE hub_enrolments ADD COLUMN public_key text;
ALTER TABLE hub_enrolments ADD COLUMN upstream_key_code text;
