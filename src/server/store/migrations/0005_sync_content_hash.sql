-- Push tells duplicate from conflict by comparing this hash (sha256 hex of the item's canonical JSON,
-- computed in Node) instead of fetching and re-serialising every stored item. Rows stored before this
-- migration keep NULL: SQL cannot reproduce JavaScript's number formatting exactly, so for those the
-- push falls back to comparing the stored item itself.
ALTER TABLE sync_items ADD COLUMN content_hash text;
