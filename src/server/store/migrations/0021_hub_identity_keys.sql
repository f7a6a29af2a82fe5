-- A hub's identity key (docs/hub.md, "Trust"), on the national server: the public half of the key
-- pair the hub made on its first start, registered over its credential. Phones of the kecamatan
-- receive its fingerprint in their pull and check the hub's signed status answer against it
-- before they send the hub a token or a code. One key per hub for its whole life: a hub that loses
-- its store is issued anew (a new hub, a new key), so a copied credential cannot swap the key.
-- A revoked hub's key goes with it: the pull then names that hub with no key.
ALTER TABLE hubs ADD COLUMN identity_key text;
ALTER TABLE hubs ADD COLUMN identity_fingerprint text;
ALTER TABLE hubs ADD COLUMN identity_registered_at timestamptz;
