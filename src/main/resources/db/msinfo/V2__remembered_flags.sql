-- Flag sync: each side's flags of a synced message at the end of the last sync, the base of
-- the three-way flag merge (sync.FlagState#encode: "\Seen \Flagged $Junk"; '' for none).
-- NULL = unknown (rows written before flag sync, or imported from the original's msinfo):
-- such a side counts as unchanged, so the first run after an upgrade changes no flag.
ALTER TABLE pair_identity ADD COLUMN flags_a TEXT;
ALTER TABLE pair_identity ADD COLUMN flags_b TEXT;
