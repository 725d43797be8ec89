-- Recoverable deletions: one row per message a sync moved to a trash instead of deleting it,
-- written right after the move (never before: the log never claims what is not there), read by
-- `mailsync undo` and by the retention purge, and dropped when the message is restored or purged.
CREATE TABLE deletion_log (
    id            INTEGER PRIMARY KEY,
    run_id        TEXT NOT NULL,  -- the run that deleted it (one id per sync run)
    run_at        TEXT NOT NULL,  -- when that run started, ISO-8601 UTC
    channel       TEXT NOT NULL,
    boxname       TEXT NOT NULL,
    side          TEXT NOT NULL,  -- 'A' or 'B': the channel's side it was deleted on
    store_folder  TEXT NOT NULL,  -- the native folder it was deleted from (and goes back to)
    identity      TEXT NOT NULL,
    trash_folder  TEXT NOT NULL,  -- the trash folder: an IMAP folder, or a folder of the local trash
    trash_key     TEXT,           -- its key there; NULL when the server did not say (no UIDPLUS)
    flags         TEXT NOT NULL,  -- sync.FlagState#encode of its flags and keywords
    internal_date TEXT            -- ISO-8601, NULL when unknown
);
CREATE INDEX deletion_log_channel_run ON deletion_log (channel, run_at);
