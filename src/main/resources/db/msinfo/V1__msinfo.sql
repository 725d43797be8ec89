-- One row per (channel, boxname) pair that has been synced at least once.
CREATE TABLE folder_pair (
    id        INTEGER PRIMARY KEY,
    channel   TEXT NOT NULL,
    boxname   TEXT NOT NULL,
    synced_at TEXT NOT NULL,
    UNIQUE (channel, boxname)
);

-- The identities present on both sides of a pair at the end of its last sync.
CREATE TABLE pair_identity (
    pair_id  INTEGER NOT NULL REFERENCES folder_pair (id) ON DELETE CASCADE,
    identity TEXT NOT NULL,
    PRIMARY KEY (pair_id, identity)
) WITHOUT ROWID;
