-- Move detection: a message new in one folder pair is looked up by its identity in the other
-- pairs of the channel (SyncState#rememberedElsewhere), once per pair for all its copies.
CREATE INDEX pair_identity_by_identity ON pair_identity (identity);
