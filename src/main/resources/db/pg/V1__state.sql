-- mailsync's state in PostgreSQL (org.mailsync.msinfo.pg): what db/msinfo V1..V4 keep in a
-- channel's SQLite file, and what its index-cache file beside it keeps, in one database that
-- many channels (and many nodes) share. So every row names its channel, the index cache's
-- too (a SQLite cache file belongs to one channel; here the channel is part of the key).

-- One row per (channel, boxname) pair that has been synced at least once.
CREATE TABLE folder_pair (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    channel    text NOT NULL,
    boxname    text NOT NULL,
    synced_at  timestamptz NOT NULL,
    -- changes with every write of the pair (SyncState#msinfoVersion): a clock can repeat itself
    -- between two writes of one millisecond, a sequence cannot
    generation bigint NOT NULL,
    UNIQUE (channel, boxname)
);
CREATE SEQUENCE folder_pair_generation;

-- The identities present on both sides of a pair at the end of its last sync, with each
-- side's remembered flags (sync.FlagState#encode; NULL = unknown, as in SQLite's V2).
CREATE TABLE pair_identity (
    pair_id  bigint NOT NULL REFERENCES folder_pair (id) ON DELETE CASCADE,
    identity text NOT NULL,
    flags_a  text,
    flags_b  text,
    PRIMARY KEY (pair_id, identity)
);
-- move detection (SyncState#rememberedElsewhere), as SQLite's V4
CREATE INDEX pair_identity_by_identity ON pair_identity (identity);

-- Recoverable deletions (SQLite's V3): one row per message a sync moved to a trash.
CREATE TABLE deletion_log (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    run_id        text NOT NULL,
    run_at        timestamptz NOT NULL,  -- kept to the millisecond, as SQLite's text is
    channel       text NOT NULL,
    boxname       text NOT NULL,
    side          text NOT NULL CHECK (side IN ('A', 'B')),
    store_folder  text NOT NULL,
    identity      text NOT NULL,
    trash_folder  text NOT NULL,
    trash_key     text,
    flags         text NOT NULL,
    internal_date text                   -- ISO-8601 as given (exact), NULL when unknown
);
CREATE INDEX deletion_log_channel_run ON deletion_log (channel, run_at);

-- The index cache (SQLite: <msinfo>.index-cache): each store folder's snapshot at the end of
-- the channel's last sync. A hint the stores re-validate, never the truth.
CREATE TABLE folder_snapshot (
    id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    channel  text NOT NULL,
    store    text NOT NULL,
    folder   text NOT NULL,
    validity text,
    saved_at timestamptz NOT NULL,
    UNIQUE (channel, store, folder)
);
-- its messages in the folder's order (seq ascending); flags by Flag name and keywords as
-- arrays, which need none of the escaping SQLite's space-separated text needs
CREATE TABLE snapshot_message (
    snapshot_id  bigint NOT NULL REFERENCES folder_snapshot (id) ON DELETE CASCADE,
    msg_key      text NOT NULL,
    seq          integer NOT NULL,
    stamp        text,
    size         bigint NOT NULL,
    flags        text[] NOT NULL,
    date_seconds bigint,
    date_nanos   integer,
    header       bytea NOT NULL,
    digest       text,
    keywords     text[] NOT NULL,
    PRIMARY KEY (snapshot_id, msg_key)
);

-- Folder pairs whose last plan was empty, with a digest of what that plan was made from.
CREATE TABLE settled_pair (
    channel text NOT NULL,
    boxname text NOT NULL,
    inputs  text NOT NULL,
    PRIMARY KEY (channel, boxname)
);
